"""`lofte status` in version 2: `--since` (the activities and the changes of state since the
last meeting), `--state paused`, the new CSV columns, and the table at 80 columns on the
real ledger, in both languages (goldens in tests/golden/status/; rewrite them with
`LOFTE_UPDATE_GOLDEN=1 pytest tests/test_status_since.py` and review the diff)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
from pathlib import Path

import pytest
from rich.cells import cell_len

from lofte.domain.dateparse import parse_since
from lofte.domain.problems import InputError
from lofte.usecases.ledger import open_ledger
from lofte.usecases.status import StateChange, ledger_status
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "status"
D = dt.date.fromisoformat

ACTIVITIES = {
    "2024/a.yaml": "date: 2024-03-01\ncommitment: fotpatrullering\nsummary: Fotpatrull.\n",
    "2024/b.yaml": "date: 2024-03-10\ncommitment: vaktare\nsummary: Väktarrond.\n",
    "2024/c.yaml": "date: 2024-02-01\ncommitment: [trafikkontroller, alkoholtillsyn]\n"
                   "summary: Kontroll.\n",
    "2024/d.yaml": "date: 2024-03-08\ncommitment: alkoholtillsyn\nsummary: Tillsyn.\n",
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LOFTE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing {path}; run with LOFTE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


# --- the use case, without the command line -------------------------------------------------

def test_since_counts_after_the_day_and_lists_the_changes(make_ledger: MakeLedger) -> None:
    ledger = open_ledger(make_ledger(ACTIVITIES), D("2024-06-01")).ledger
    overview = ledger_status(ledger, D("2024-03-15"), since=D("2024-03-08"))
    assert overview.since is not None
    # fotpatrullering: g = 7 of 14 on 03-08 (ok), 14 of 14 on 03-15 (due);
    # vaktare: nothing since S on 03-08 (overdue), 5 of 7 days on 03-15 (ok)
    assert overview.since.changes == (StateChange("fotpatrullering", "ok", "due"),
                                      StateChange("vaktare", "overdue", "ok"))
    # the day itself is not counted: alkoholtillsyn's 03-08 belongs to the last meeting
    assert dict(overview.since.new) == {"trafikkontroller": 0, "fotpatrullering": 0,
                                        "vaktare": 1, "alkoholtillsyn": 0}
    earlier = ledger_status(ledger, D("2024-03-15"), since=D("2024-03-07")).since
    assert earlier is not None and earlier.new["alkoholtillsyn"] == 1
    assert ledger_status(ledger, D("2024-03-15")).since is None


def test_since_on_or_after_as_of_changes_nothing(make_ledger: MakeLedger) -> None:
    ledger = open_ledger(make_ledger(ACTIVITIES), D("2024-06-01")).ledger
    since = ledger_status(ledger, D("2024-03-15"), since=D("2024-03-15")).since
    assert since is not None
    assert since.changes == () and set(since.new.values()) == {0}


def test_last_week_is_seven_days_before_as_of() -> None:
    today, as_of = D("2026-12-01"), D("2025-06-30")
    for word in ("last-week", "förra-veckan", "Förra veckan", " forra-veckan "):
        assert parse_since(word, today, as_of) == D("2025-06-23")
    assert parse_since("2025-06-01", today, as_of) == D("2025-06-01")
    assert parse_since("igår", today, as_of) == D("2026-11-30")  # as for --as-of: today
    with pytest.raises(InputError, match="last-week/förra-veckan"):
        parse_since("last-month", today, as_of)


# --- the command line -------------------------------------------------------------------------

def test_since_in_json_csv_table_and_markdown(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    base = ("status", "--ledger", str(root), "--as-of", "2024-03-15", "--since", "2024-03-08")
    result = invoke(*base, "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["as_of", "promise", "commitments", "since"]
    assert document["since"] == {"date": "2024-03-08", "changes": [
        {"id": "fotpatrullering", "from": "ok", "to": "due"},
        {"id": "vaktare", "from": "overdue", "to": "ok"}]}
    assert {row["id"]: row["new_since"] for row in document["commitments"]} == {
        "trafikkontroller": 0, "fotpatrullering": 0, "vaktare": 1, "alkoholtillsyn": 0}

    rows = list(csv.DictReader(io.StringIO(invoke(*base, "--format", "csv").stdout)))
    vaktare = next(row for row in rows if row["id"] == "vaktare")
    assert vaktare["new_since"] == "1" and vaktare["paused"] == "false"
    assert vaktare["gap_state"] == "ok" and vaktare["target_state"] == ""
    assert vaktare["current_period_start"] == "" and vaktare["next_planned"] == ""

    table = invoke(*base).stdout
    assert "New: activities dated after 2024-03-08, up to 2024-03-15" in table
    assert ("State changes since 2024-03-08: fotpatrullering: ok → due · "
            "vaktare: overdue → ok") in table
    swedish = invoke(*base, env={"LOFTE_LANG": "sv"}).stdout
    assert ("Ändrat läge sedan 2024-03-08: fotpatrullering: i fas → snart dags · "
            "vaktare: försenat → i fas") in swedish
    markdown = invoke(*base, "--format", "markdown").stdout
    assert "| New since 2024-03-08 |" in markdown
    assert "vaktare: overdue → ok" in markdown


def test_without_since_new_since_is_null_and_no_line(invoke: Invoke,
                                                     make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    base = ("status", "--ledger", str(root), "--as-of", "2024-03-15")
    document = json.loads(invoke(*base, "--format", "json").stdout)
    assert list(document) == ["as_of", "promise", "commitments"]
    assert {row["new_since"] for row in document["commitments"]} == {None}
    assert "State changes" not in invoke(*base).stdout


def test_since_words_and_refusals(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    base = ("status", "--ledger", str(root), "--as-of", "2024-03-15", "--format", "json")
    for word in ("last-week", "förra-veckan"):
        result = invoke(*base, "--since", word)
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["since"]["date"] == "2024-03-08"
    none_changed = invoke("status", "--ledger", str(root), "--as-of", "2024-03-15",
                          "--since", "2024-03-14")
    assert "No state changes since 2024-03-14" in none_changed.stdout
    bad = invoke(*base, "--since", "förra-månaden")
    assert bad.exit_code == 2
    assert "--since: `förra-månaden` is not a date" in bad.stderr
    after = invoke(*base, "--since", "2024-03-16")
    assert after.exit_code == 2
    assert "--since 2024-03-16 is after the day of the status, 2024-03-15" in after.stderr


PAUSED = MINI_COMMITMENTS.replace("commitments:\n", """\
calendars:
  sommar:
    - {name: Sommar, from: "06-15", until: "08-15"}
commitments:
""").replace("    max_gap_days: 14\n", "    max_gap_days: 14\n    pauses: [sommar]\n", 1)


def test_state_paused_filter(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES, commitments=PAUSED)
    result = invoke("status", "--ledger", str(root), "--as-of", "2024-07-01", "--state",
                    "paused", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["commitments"]
    assert (row["id"], row["state"], row["paused"]) == ("fotpatrullering", "paused", True)
    table = invoke("status", "--ledger", str(root), "--as-of", "2024-07-01").stdout
    assert "‖ paused" in table and "1 paused" in table


def test_next_planned_column_only_when_a_row_has_one(invoke: Invoke,
                                                     make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    base = ("status", "--ledger", str(root), "--as-of", "2024-03-15")
    assert "Next planned" not in invoke(*base).stdout
    assert "Next planned" not in invoke(*base, "--format", "markdown").stdout
    plan = "date: 2024-04-02\ncommitment: vaktare\nsummary: Rond.\nplanned: true\n"
    root = make_ledger({**ACTIVITIES, "2024/p.yaml": plan}, name="planned")
    result = invoke("status", "--ledger", str(root), "--as-of", "2024-03-15")
    assert "Next planned" in result.stdout and "2024-04-02" in result.stdout
    document = json.loads(invoke("status", "--ledger", str(root), "--as-of", "2024-03-15",
                                 "--format", "json").stdout)
    by_id = {row["id"]: row for row in document["commitments"]}
    assert by_id["vaktare"]["next_planned"] == "2024-04-02"
    assert by_id["vaktare"]["activity_count"] == 1  # the plan is not counted


# --- 80 columns: the owners stay, ids are never cut --------------------------------------------

@pytest.mark.parametrize(("ledger", "language", "name"), [
    ("data", "en", "data-80.txt"), ("data", "sv", "data-80.sv.txt"),
    ("examples/demo", "en", "demo-80.txt"), ("examples/demo", "sv", "demo-80.sv.txt"),
])
def test_owners_survive_at_80_columns(invoke: Invoke, ledger: str, language: str,
                                      name: str) -> None:
    result = invoke("status", "--ledger", ledger, "--as-of", "2025-06-30", cwd=REPO,
                    env={"COLUMNS": "80", "LOFTE_LANG": language})
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    header = lines[2].split()
    assert header[2] == {"en": "Owners", "sv": "Ansvariga"}[language]
    rows = lines[4:22]
    assert len(rows) == 18
    assert {cell_len(line) for line in lines[1:22]} == {cell_len(lines[1])}
    assert all(cell_len(line) <= 80 for line in lines[1:22])
    document = json.loads(invoke("status", "--ledger", ledger, "--as-of", "2025-06-30",
                                 "--format", "json", cwd=REPO).stdout)
    ids = [row["id"] for row in document["commitments"]]
    for row, commitment_id in zip(rows, ids, strict=True):  # the whole id, and its owners
        words = row.split()
        assert commitment_id in words, row
        assert {"polisen", "kommunen", "both", "båda"} & set(words), row
    check_golden(name, result.stdout)
