"""`lofte status` and `lofte show`: golden output, the JSON contract, options, exit codes.

Golden files live in tests/golden/status/; after a deliberate change to the output, rewrite
them with `LOFTE_UPDATE_GOLDEN=1 pytest tests/test_status_cli.py` and review the diff.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from rich.cells import cell_len

from tests.conftest import MINI_COMMITMENTS, WIDTH, Invoke, MakeLedger

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo"
GOLDEN = Path(__file__).parent / "golden" / "status"
AS_OF = "2025-06-30"
STATES = ("overdue", "due", "ok", "paused", "not-started", "retired")
FOOTER = re.compile(
    r"^\d+ (overdue|due|ok|paused|not-started|retired)( · |$)|^no commitments match$")


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LOFTE_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing {path}; run with LOFTE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def demo(invoke: Invoke, *args: str) -> tuple[int, str, str]:
    result = invoke(*args, "--ledger", "examples/demo", cwd=REPO)
    return result.exit_code, result.stdout, result.stderr


def table_lines(stdout: str) -> list[str]:
    """The lines of the table itself: after the header line, before the footer."""
    lines = stdout.splitlines()
    end = next(i for i, line in enumerate(lines) if FOOTER.match(line))
    return lines[1:end]


# --- golden output on the demonstration ledger --------------------------------------------

@pytest.mark.parametrize(("name", "fmt"), [("table.txt", "table"), ("markdown.md", "markdown"),
                                           ("csv.csv", "csv")])
def test_golden_status(invoke: Invoke, name: str, fmt: str) -> None:
    code, stdout, stderr = demo(invoke, "status", "--as-of", AS_OF, "--format", fmt)
    assert code == 0, stdout + stderr
    assert stderr == ""
    check_golden(name, stdout)


def test_golden_show(invoke: Invoke) -> None:
    code, stdout, stderr = demo(invoke, "show", "kompetensutveckling", "--as-of", AS_OF)
    assert code == 0, stdout + stderr
    assert stderr == ""
    check_golden("show.txt", stdout)


def test_table_fits_and_aligns_at_100_and_80(invoke: Invoke) -> None:
    for width in (WIDTH, 80):
        result = invoke("status", "--as-of", AS_OF, "--ledger", "examples/demo", cwd=REPO,
                        env={"COLUMNS": str(width)})
        assert result.exit_code == 0, result.output
        lines = table_lines(result.stdout)
        assert len(lines) == 18 + 3  # two header lines, the rule, one row per commitment
        assert {cell_len(line) for line in lines} == {cell_len(lines[0])}
        assert all(cell_len(line) <= width for line in result.stdout.splitlines()[1:])
        # forelasningar, never logged; at 80 columns in the compact form
        assert ("no activity logged" if width == WIDTH else "never") in result.stdout
        assert lines[1].split()[:3] == ["State", "Commitment", "Owners"]


def test_no_colour_in_a_pipe(invoke: Invoke) -> None:
    result = invoke("status", "--as-of", AS_OF, "--ledger", "examples/demo", cwd=REPO,
                    env={"NO_COLOR": "", "TERM": "xterm-256color"})
    assert result.exit_code == 0
    assert "\x1b[" not in result.stdout


# --- the JSON contract --------------------------------------------------------------------

def test_json_key_by_key(invoke: Invoke) -> None:
    code, stdout, _ = demo(invoke, "status", "--as-of", AS_OF, "--format", "json")
    assert code == 0
    document = json.loads(stdout)
    assert list(document) == ["as_of", "promise", "commitments"]
    assert document["as_of"] == AS_OF
    assert document["promise"] == {"id": "forshaga-2023-2025",
                                   "title": "Medborgarlöfte Forshaga kommun 2023–2025",
                                   "valid_from": "2023-01-01", "valid_until": "2025-12-31"}
    rows = document["commitments"]
    assert len(rows) == 18
    keys = ["id", "title", "owners", "state", "last_activity", "days_since", "max_gap_days",
            "activity_count", "target", "periods_met", "periods_total",
            "gap_state", "target_state", "paused", "current_period", "next_planned",
            "new_since"]
    for row in rows:
        assert list(row) == keys
        assert isinstance(row["id"], str) and isinstance(row["title"], str)
        assert isinstance(row["owners"], list) and row["owners"]
        assert row["state"] in STATES
        assert row["max_gap_days"] is None or isinstance(row["max_gap_days"], int)
        assert isinstance(row["activity_count"], int)
        if row["last_activity"] is None:
            assert row["days_since"] is None and row["activity_count"] == 0
        else:
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", row["last_activity"])
            assert isinstance(row["days_since"], int) and row["days_since"] >= 0
        if row["target"] is None:
            assert row["periods_met"] is None and row["periods_total"] is None
            assert row["target_state"] is None and row["current_period"] is None
        else:
            assert list(row["target"]) == ["per", "at_least"]
            assert 0 <= row["periods_met"] <= row["periods_total"]
            assert row["target_state"] in ("overdue", "due", "ok")
            assert list(row["current_period"]) == ["start", "end", "count"]
        # the gap rule applies exactly when there is a max gap
        assert (row["gap_state"] is None) is (row["max_gap_days"] is None)
        assert row["gap_state"] in (None, "overdue", "due", "ok")
        assert isinstance(row["paused"], bool)
        assert row["paused"] is (row["state"] == "paused")
        assert row["next_planned"] is None or row["next_planned"] >= AS_OF
        assert row["new_since"] is None  # only with --since
    order = [STATES.index(row["state"]) for row in rows]
    assert order == sorted(order)
    by_id = {row["id"]: row for row in rows}
    assert by_id["forelasningar"]["last_activity"] is None
    assert by_id["forelasningar"]["state"] == "overdue"
    assert by_id["poliskontor"]["target"] == {"per": "week", "at_least": 1}
    # S = 2023-01-01 (a Sunday) to 2025-06-30: complete ISO weeks 2023-W01 .. 2025-W26
    assert by_id["poliskontor"]["periods_total"] == 52 + 52 + 26
    # version 2: the weekly target alone judges it; week 26 was missed, week 27 just began
    police = by_id["poliskontor"]
    assert (police["max_gap_days"], police["gap_state"], police["target_state"]) == (
        None, None, "overdue")
    assert police["current_period"] == {"start": "2025-06-30", "end": "2025-07-06",
                                        "count": 0}
    school = by_id["skolbesok"]  # the summer holiday pauses the school visits
    assert (school["state"], school["paused"], school["gap_state"]) == ("paused", True, "ok")
    assert school["next_planned"] == "2025-08-19"
    assert by_id["trafikkontroller"]["next_planned"] == "2025-08-27"
    assert by_id["radgivning"]["current_period"] == {"start": "2025-01-01",
                                                     "end": "2025-12-31", "count": 2}


def test_csv_has_the_json_keys(invoke: Invoke) -> None:
    _, stdout, _ = demo(invoke, "status", "--as-of", AS_OF, "--format", "csv")
    _, as_json, _ = demo(invoke, "status", "--as-of", AS_OF, "--format", "json")
    rows = list(csv.DictReader(io.StringIO(stdout)))
    expected = json.loads(as_json)["commitments"]
    assert [r["id"] for r in rows] == [r["id"] for r in expected]
    joint = next(r for r in rows if r["id"] == "samverkansmoten")
    assert joint["owners"] == "polisen;kommunen"
    assert next(r for r in rows if r["id"] == "poliskontor")["target"] == "1/week"


# --- options and exit codes on small ledgers ----------------------------------------------

ACTIVITIES = {
    "2024/a.yaml": "date: 2024-03-01\ncommitment: fotpatrullering\nsummary: Fotpatrull.\n",
    "2024/b.yaml": "date: 2024-03-10\ncommitment: vaktare\nsummary: Väktarrond.\n",
    "2024/c.yaml": "date: 2024-02-01\ncommitment: [trafikkontroller, alkoholtillsyn]\n"
                   "summary: Kontroll.\n",
}


def run_json(invoke: Invoke, root: Path, *args: str) -> tuple[int, dict[str, object], str]:
    result = invoke("status", "--ledger", str(root), "--format", "json", *args)
    return result.exit_code, json.loads(result.stdout), result.stderr


def ids(document: dict[str, object]) -> list[str]:
    rows = document["commitments"]
    assert isinstance(rows, list)
    return [row["id"] for row in rows]


def test_states_owner_and_state_filters(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    # as of 2024-03-15: fotpatrullering g=14/14 due, vaktare g=5/7 ok (20 <= 21),
    # trafikkontroller g=43/30 overdue, alkoholtillsyn g=43/120 ok
    code, document, _ = run_json(invoke, root, "--as-of", "2024-03-15")
    assert code == 0
    rows = document["commitments"]
    assert isinstance(rows, list)
    assert [(r["id"], r["state"]) for r in rows] == [
        ("trafikkontroller", "overdue"), ("fotpatrullering", "due"), ("vaktare", "ok"),
        ("alkoholtillsyn", "ok")]
    _, kommunen, _ = run_json(invoke, root, "--as-of", "2024-03-15", "--owner", "kommunen")
    assert ids(kommunen) == ["vaktare", "alkoholtillsyn"]
    _, urgent, _ = run_json(invoke, root, "--as-of", "2024-03-15", "--state", "overdue",
                            "--state", "due")
    assert ids(urgent) == ["trafikkontroller", "fotpatrullering"]


def test_fail_on(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    base = ("status", "--ledger", str(root), "--as-of")
    assert invoke(*base, "2024-03-15", "--fail-on", "overdue").exit_code == 1
    assert invoke(*base, "2024-03-15", "--fail-on", "due").exit_code == 1
    assert invoke(*base, "2024-03-15").exit_code == 0
    # only the due one left after filtering: overdue passes, due fails
    only_police = (*base, "2024-03-15", "--owner", "polisen", "--state", "due")
    assert invoke(*only_police, "--fail-on", "overdue").exit_code == 0
    assert invoke(*only_police, "--fail-on", "due").exit_code == 1
    # 2024-03-05: fotpatrullering g=4, vaktare not logged since S: overdue
    assert invoke(*base, "2024-03-05", "--state", "ok", "--fail-on", "due").exit_code == 0


def test_clamp_notice_on_stderr(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    code, document, stderr = run_json(invoke, root, "--as-of", "2026-06-01")
    assert code == 0
    assert document["as_of"] == "2025-12-31"
    assert stderr == ("lofte: the promise ended on 2025-12-31; showing the status as of "
                      "2025-12-31 instead of 2026-06-01\n")
    _, _, stderr = run_json(invoke, root)  # today is long after 2025-12-31
    assert "the promise ended on 2025-12-31" in stderr
    _, _, stderr = run_json(invoke, root, "--as-of", "2025-12-31")
    assert stderr == ""


def test_as_of_words_and_bad_dates(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger()
    assert invoke("status", "--ledger", str(root), "--as-of", "idag").exit_code == 0
    for bad in ("2024-02-30", "tomorrow", "14/3"):
        result = invoke("status", "--ledger", str(root), "--as-of", bad)
        assert result.exit_code == 2, bad
        assert "is not a date" in result.stderr or "is not a real date" in result.stderr


def test_unknown_owner_exits_2(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("status", "--ledger", str(make_ledger()), "--owner", "polis")
    assert result.exit_code == 2
    assert "did you mean `polisen`" in result.stderr


def test_errors_leave_the_rest_and_say_so(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({**ACTIVITIES,
                        "bad.yaml": "date: 2024-03-12\ncommitment: fotpatrul\nsummary: x\n",
                        "broken.yaml": "date: [\n"})
    code, document, stderr = run_json(invoke, root, "--as-of", "2024-03-15")
    assert code == 0
    assert stderr == ("lofte: 2 errors in the ledger; activities with errors are left out of "
                      "this status. Run `lofte check` for details.\n")
    rows = document["commitments"]
    assert isinstance(rows, list)
    assert next(r for r in rows if r["id"] == "fotpatrullering")["activity_count"] == 1


def test_unusable_commitments_exit_1(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=MINI_COMMITMENTS.replace("commitments:\n", "commitments: [\n"))
    for args in (("status",), ("show", "fotpatrullering")):
        result = invoke(*args, "--ledger", str(root), cwd=root)
        assert result.exit_code == 1, result.output
        assert result.stdout == ""
        assert "commitments.yaml:" in result.stderr and "error[yaml-syntax]" in result.stderr


def test_empty_filter_result(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("status", "--ledger", str(make_ledger()), "--as-of", "2023-01-02",
                    "--state", "retired")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[1] == "no commitments match"


# --- alignment with å/ä/ö and wide characters ---------------------------------------------

WIDE = MINI_COMMITMENTS.replace(
    "title: Fotpatrullering kring otrygga platser",
    "title: Fotpatrullering kring Älvstranden, Åsgården och Önnestad").replace(
    "title: Trafikkontroller mot trimmade mopeder",
    "title: Trafikkontroller 交通 mot trimmade mopeder på Storgatan")


def test_alignment_with_swedish_and_wide_titles(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES, commitments=WIDE)
    for width in ("100", "80", "140"):
        result = invoke("status", "--ledger", str(root), "--as-of", "2024-03-15",
                        env={"COLUMNS": width})
        assert result.exit_code == 0, result.output
        lines = table_lines(result.stdout)
        assert len(lines) == 4 + 3
        assert {cell_len(line) for line in lines} == {cell_len(lines[0])}, result.stdout
        assert cell_len(lines[0]) <= int(width)
        if width == "140":
            assert "Älvstranden, Åsgården" in result.stdout
            assert "交通" in result.stdout


def test_markdown_is_a_pipe_table(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES, commitments=WIDE.replace("Önnestad", "Önne|stad"))
    result = invoke("status", "--ledger", str(root), "--as-of", "2024-03-15",
                    "--format", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0] == ("Medborgarlöfte Testköping 2023–2025 · status as of 2024-03-15 "
                        "(wk 11)")
    table = [line for line in lines if line.startswith("|")]
    assert len(table) == 2 + 4
    assert all(len(re.findall(r"(?<!\\)\|", line)) == 9 for line in table), table
    assert "Önne\\|stad" in result.stdout


# --- show ---------------------------------------------------------------------------------

def test_show_unknown_id_exits_2_with_the_closest(invoke: Invoke, make_ledger: MakeLedger
                                                  ) -> None:
    root = make_ledger()
    result = invoke("show", "fotpatrulering", "--ledger", str(root))
    assert result.exit_code == 2
    assert result.stderr == (
        "lofte: no commitment has the id `fotpatrulering`, and no id starts with it; closest:\n"
        "  fotpatrullering  Fotpatrullering kring otrygga platser\n")
    assert invoke("show", "xyzzy", "--ledger", str(root)).exit_code == 2


def test_show_accepts_a_unique_prefix(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    result = invoke("show", "vakt", "--ledger", str(root), "--as-of", "2024-03-15", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("vaktare · Väktare som åker runt i kommunen\n")
    assert "activities/2024/b.yaml" in result.stdout
    assert "Väktarrond." in result.stdout


def test_show_no_activity_logged(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("show", "vaktare", "--ledger", str(make_ledger()), "--as-of", "2024-03-15")
    assert result.exit_code == 0
    assert "no activity logged" in result.stdout


def test_show_clamps_as_of(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("show", "vaktare", "--ledger", str(make_ledger()), "--as-of", "2030-01-01")
    assert result.exit_code == 0
    assert "the promise ended on 2025-12-31" in result.stderr
    assert "as of 2025-12-31 (wk 1)" in result.stdout


# --- the demonstration ledger -------------------------------------------------------------

def _make_demo() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_demo", REPO / "examples" / "make_demo.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while it executes
    spec.loader.exec_module(module)
    return module


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_demo_is_reproducible(tmp_path: Path) -> None:
    written = _make_demo().write_demo(tmp_path / "demo")
    again = _files(tmp_path / "demo")
    assert again == _files(DEMO)
    reviews = sum(1 for name in again if name.startswith("reviews/"))
    assert reviews == 2  # one complete review, one partial
    assert written == len(again) - 2 - reviews  # README.md and commitments.yaml


def test_demo_is_marked_and_valid(invoke: Invoke) -> None:
    assert "INVENTED DEMONSTRATION DATA" in (DEMO / "README.md").read_text(encoding="utf-8")
    first = (DEMO / "commitments.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# INVENTED DEMONSTRATION DATA")
    result = invoke("check", "--ledger", str(DEMO))
    assert result.exit_code == 0, result.output
    names = [p.name for p in (DEMO / "activities").rglob("*.yaml")]
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}-[a-z0-9-]+-[0-9a-f]{6}\.yaml", n) for n in names)


def test_demo_has_a_mix_of_states(invoke: Invoke) -> None:
    _, stdout, _ = demo(invoke, "status", "--as-of", AS_OF, "--format", "json")
    states = {row["state"] for row in json.loads(stdout)["commitments"]}
    assert {"overdue", "due", "ok"} <= states
