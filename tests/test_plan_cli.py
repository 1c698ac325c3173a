"""`lofte plan`, `lofte log --from-plan` and `lofte show` (the latest 20, `--all`, the next
plan), on small ledgers with a fixed "today"."""

from __future__ import annotations

import datetime as dt
import importlib
import os
from pathlib import Path

import pytest

from lofte.storage.plan_file import NotAPlan, read_plan, remove_plan
from lofte.usecases import log as log_usecase
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

app_module = importlib.import_module("lofte.cli.app")  # `lofte.cli.app` is also the app

# 2025-06-10 at noon in Stockholm: inside the small promise (2023-01-01 – 2025-12-31).
NOON = dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC)
PLAN = ("date: 2025-06-20\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"
        "by: [polisen]\nplace: Torget\ntags: [sommar]\npublic: true\nplanned: true\n")
DEED = "date: 2025-06-01\ncommitment: vaktare\nsummary: Väktarrond.\n"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "utc_now", lambda: NOON)


def files(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted((root / "activities").rglob("*.yaml"))}


# --- lofte plan ---------------------------------------------------------------------------

def test_plan_writes_a_plan_file_like_log(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger()
    result = invoke("plan", "fot", "Fotpatrull vid torget.", "--date", "2025-07-01",
                    "--place", "Torget", "--tag", "sommar", cwd=root)
    assert result.exit_code == 0, result.output
    [(name, text)] = files(root).items()
    assert result.stdout == name + "\n"
    assert name.startswith("activities/2025/2025-07-01-fotpatrullering-")
    assert text == ("date: 2025-07-01\ncommitment: fotpatrullering\n"
                    "summary: Fotpatrull vid torget.\nby: [polisen]\nplace: Torget\n"
                    "tags: [sommar]\npublic: true\nplanned: true\n")
    check = invoke("check", "--strict", cwd=root)
    assert check.exit_code == 0, check.output
    # the same plan again: already there, nothing written
    again = invoke("plan", "fot", "Fotpatrull vid torget.", "--date", "2025-07-01",
                   "--place", "Torget", "--tag", "sommar", cwd=root)
    assert again.exit_code == 2 and "already logged" in again.stderr


def test_plan_today_is_fine_a_past_day_is_refused(invoke: Invoke,
                                                  make_ledger: MakeLedger) -> None:
    root = make_ledger()
    assert invoke("plan", "vakt", "Rond.", "--date", "today", cwd=root).exit_code == 0
    past = invoke("plan", "vakt", "Rond i Deje.", "--date", "2025-06-09", cwd=root)
    assert past.exit_code == 2
    assert "has passed" in past.stderr and "(--date)" in past.stderr
    assert len(files(root)) == 1


def test_plan_outside_the_promise_is_refused(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger()
    result = invoke("plan", "vakt", "Rond.", "--date", "2026-01-05", cwd=root)
    assert result.exit_code == 2
    assert "after the promise ends (2025-12-31)" in result.stderr
    assert "nothing written" in result.stderr
    assert files(root) == {}


def test_plan_needs_a_date_and_dry_run_writes_nothing(invoke: Invoke,
                                                      make_ledger: MakeLedger) -> None:
    root = make_ledger()
    assert invoke("plan", "vakt", "Rond.", cwd=root).exit_code == 2
    dry = invoke("plan", "vakt", "Rond.", "--date", "2025-08-01", "--dry-run", cwd=root)
    assert dry.exit_code == 0, dry.output
    assert "planned: true" in dry.stdout and "dry run: nothing written" in dry.stderr
    assert files(root) == {}


# --- lofte log --from-plan ----------------------------------------------------------------

def test_from_plan_logs_the_deed_and_removes_the_plan(invoke: Invoke,
                                                      make_ledger: MakeLedger) -> None:
    root = make_ledger({"2025/plan.yaml": PLAN})
    result = invoke("log", "--from-plan", "activities/2025/plan.yaml", "--people", "12",
                    cwd=root)
    assert result.exit_code == 0, result.output
    assert "removed the plan activities/2025/plan.yaml" in result.stderr
    [(name, text)] = files(root).items()
    assert result.stdout == name + "\n"
    assert name.startswith("activities/2025/2025-06-10-fotpatrullering-")  # today
    assert text == ("date: 2025-06-10\ncommitment: fotpatrullering\n"
                    "summary: Fotpatrull vid torget.\nby: [polisen]\nplace: Torget\n"
                    "people_reached: 12\ntags: [sommar]\npublic: true\n")
    check = invoke("check", "--strict", cwd=root)
    assert check.exit_code == 0, check.output


def test_from_plan_options_override_the_plan(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"2025/plan.yaml": PLAN})
    result = invoke("log", "--from-plan", str(root / "activities/2025/plan.yaml"),
                    "--date", "2025-06-09", "--place", "Stationen", "--private",
                    "--ledger", str(root))
    assert result.exit_code == 0, result.output
    [text] = files(root).values()
    assert "date: 2025-06-09\n" in text and "place: Stationen\n" in text
    assert "public: false\n" in text and "planned" not in text


@pytest.mark.parametrize(("content", "reason"), [
    (DEED, "is not a plan"),
    ("- " + PLAN.replace("\n", "\n  ").rstrip() + "\n", "does not hold one valid activity"),
    ("not: [valid", "does not hold one valid activity"),
])
def test_from_plan_refuses_what_is_not_one_plan(invoke: Invoke, make_ledger: MakeLedger,
                                                content: str, reason: str) -> None:
    root = make_ledger({"2025/x.yaml": content})
    before = files(root)
    result = invoke("log", "--from-plan", "activities/2025/x.yaml", cwd=root)
    assert result.exit_code == 2
    assert reason in result.stderr and "nothing written" in result.stderr
    assert files(root) == before


def test_from_plan_refuses_a_path_outside_the_ledger(invoke: Invoke, make_ledger: MakeLedger,
                                                     tmp_path: Path) -> None:
    root = make_ledger()
    outside = tmp_path / "plan.yaml"
    outside.write_text(PLAN, encoding="utf-8")
    (root / "activities" / "plan.yaml").symlink_to(outside)
    (root / "loose.yaml").write_text(PLAN, encoding="utf-8")
    for path in (str(outside), "activities/plan.yaml", "loose.yaml", "commitments.yaml",
                 "activities/2025/missing.yaml"):
        result = invoke("log", "--from-plan", path, cwd=root)
        assert result.exit_code == 2, path
        assert "nothing written" in result.stderr, path
    assert outside.read_text(encoding="utf-8") == PLAN
    assert (root / "loose.yaml").read_text(encoding="utf-8") == PLAN
    assert (root / "activities" / "plan.yaml").is_symlink()
    assert [p.name for p in (root / "activities").rglob("*") if p.is_file()] == ["plan.yaml"]


def test_from_plan_says_so_when_the_plan_cannot_be_removed(
        invoke: Invoke, make_ledger: MakeLedger, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger({"2025/plan.yaml": PLAN})

    def refuse_removal(plan: object) -> None:
        raise OSError(13, os.strerror(13))

    monkeypatch.setattr(log_usecase, "remove_plan", refuse_removal)
    result = invoke("log", "--from-plan", "activities/2025/plan.yaml", cwd=root)
    assert result.exit_code == 2
    assert "the deed is logged, in activities/2025/2025-06-10-fotpatrullering-" \
        in result.stderr
    assert "but the plan activities/2025/plan.yaml could not be removed" in result.stderr
    assert "remove it by hand" in result.stderr
    assert len(files(root)) == 2  # the deed, and the plan still there


def test_a_plan_that_changed_is_left_alone(invoke: Invoke, make_ledger: MakeLedger,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger({"2025/plan.yaml": PLAN})
    plan = root / "activities" / "2025" / "plan.yaml"
    real_write = log_usecase.write_log

    def write_then_edit(prepared: log_usecase.ActivityFile) -> Path:
        written = real_write(prepared)
        plan.write_text(PLAN.replace("Torget", "Stationen"), encoding="utf-8")
        return written

    monkeypatch.setattr(log_usecase, "write_log", write_then_edit)
    result = invoke("log", "--from-plan", "activities/2025/plan.yaml", cwd=root)
    assert result.exit_code == 2
    assert "changed after it was read, so it was left alone" in result.stderr
    assert "Stationen" in plan.read_text(encoding="utf-8")


def test_remove_plan_refuses_a_changed_file(make_ledger: MakeLedger) -> None:
    root = make_ledger({"2025/plan.yaml": PLAN})
    path = root / "activities" / "2025" / "plan.yaml"
    plan = read_plan(root, path)
    path.write_text(PLAN + "hours: 2\n", encoding="utf-8")
    with pytest.raises(NotAPlan) as info:
        remove_plan(plan)
    assert info.value.reason == "changed"
    assert path.exists()


# --- lofte show: the latest 20, --all, the next plan ----------------------------------------

def many(n: int) -> dict[str, str]:
    start = dt.date(2025, 1, 1)
    return {f"2025/v{i:02d}.yaml": f"date: {start + dt.timedelta(days=i)}\n"
                                   f"commitment: vaktare\nsummary: Rond nummer {i}.\n"
            for i in range(n)}


def test_show_lists_the_latest_20_and_all_with_all(invoke: Invoke,
                                                    make_ledger: MakeLedger) -> None:
    root = make_ledger(many(25))
    base = ("show", "vaktare", "--as-of", "2025-06-10", "--ledger", str(root))
    shown = invoke(*base).stdout
    assert shown.count("Rond nummer") == 20
    assert "Rond nummer 24." in shown and "Rond nummer 5." in shown
    assert "Rond nummer 4." not in shown
    assert "5 older activities not shown; --all lists every one" in shown
    every = invoke(*base, "--all").stdout
    assert every.count("Rond nummer") == 25
    assert "older activit" not in every
    swedish = invoke(*base, env={"LOFTE_LANG": "sv"}).stdout
    assert "5 äldre aktiviteter visas inte; --all listar alla" in swedish


def test_show_names_the_next_plan(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"2025/plan.yaml": PLAN, "2025/deed.yaml": DEED})
    base = ("show", "fotpatrullering", "--as-of", "2025-06-10", "--ledger", str(root))
    assert "Next planned  2025-06-20 · Fotpatrull vid torget." in invoke(*base).stdout
    later = invoke("show", "fotpatrullering", "--as-of", "2025-06-21", "--ledger", str(root))
    assert "none planned" in later.stdout
    vakt = invoke("show", "vaktare", "--as-of", "2025-06-10", "--ledger", str(root)).stdout
    assert "none planned" in vakt and "Fotpatrull" not in vakt


PAUSED = MINI_COMMITMENTS.replace("commitments:\n", """\
calendars:
  sommar:
    - {name: Sommar, from: "06-01", until: "08-15"}
commitments:
""").replace("    max_gap_days: 14\n", "    max_gap_days: 14\n    pauses: [sommar]\n", 1)


def test_show_a_paused_commitment(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=PAUSED)
    shown = invoke("show", "fotpatrullering", "--as-of", "2025-06-10", "--ledger",
                   str(root)).stdout
    assert "‖ paused" in shown
    assert "Paused        sommar: the clock stops on these days" in shown
