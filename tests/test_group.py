"""Many promises at once: `check`, `status` and the group use case on a group of three
ledgers with different promises, periods and languages; `show` and `report` refuse a group.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from lofte.domain.coverage import sort_key
from lofte.storage.discovery import GroupNotAllowed, find_ledger, find_ledgers
from lofte.usecases.group import check_group, group_status, open_group
from tests.conftest import Invoke

AS_OF = "2025-06-01"

KARLSTAD = """\
promise:
  id: karlstad-2024-2026
  title: Medborgarlöfte Karlstads kommun 2024–2026
  valid_from: 2024-01-01
  valid_until: 2026-12-31
  language: sv
parties:
  polisen: {name: Lokalpolisområde Karlstad}
  kommunen: {name: Karlstads kommun}
commitments:
  - id: fotpatrullering
    title: Fotpatrullering i centrum
    owners: [polisen]
    max_gap_days: 14
  - id: skolbesok
    title: Besök på skolorna
    owners: [polisen, kommunen]
    max_gap_days: 60
    target: {per: month, at_least: 1}
"""

FORSHAGA = """\
promise:
  id: forshaga-2023-2025
  title: Medborgarlöfte Forshaga 2023–2025
  valid_from: 2023-01-01
  valid_until: 2025-12-31
parties:
  polisen: {name: Lokalpolisområde Karlstad}
  kommunen: {name: Forshaga kommun}
commitments:
  - id: vaktare
    title: Väktare i kommunen
    owners: [kommunen]
    max_gap_days: 7
  - id: trafikkontroller
    title: Trafikkontroller
    owners: [polisen]
"""

# Ended before AS_OF (its status is as of its last day), its text in English, other parties.
HAMMARO = """\
promise:
  id: hammaro-2022-2023
  title: Citizen promise Hammarö 2022–2023
  valid_from: 2022-01-01
  valid_until: 2023-12-31
  language: en
parties:
  police: {name: Local police area Karlstad}
  municipality: {name: Hammarö municipality}
commitments:
  - id: patrols
    title: Foot patrols in the centre
    owners: [police]
    max_gap_days: 30
"""

LEDGERS = {
    "a-karlstad": (KARLSTAD, {
        "x1.yaml": "date: 2025-05-20\ncommitment: fotpatrullering\nsummary: Fotpatrull.\n",
        "x2.yaml": "date: 2025-05-02\ncommitment: skolbesok\nsummary: Besök.\n"}),
    "b-forshaga": (FORSHAGA, {
        "y1.yaml": "date: 2025-05-28\ncommitment: vaktare\nsummary: Väktarrunda.\n"}),
    "c-hammaro": (HAMMARO, {
        "z1.yaml": "date: 2023-12-01\ncommitment: patrols\nsummary: Patrol.\n"}),
}
PROMISES = ["karlstad-2024-2026", "forshaga-2023-2025", "hammaro-2022-2023"]


def make_group(folder: Path) -> Path:
    """A folder of three ledgers (and a hidden folder and a plain folder that are not)."""
    for name, (commitments, activities) in LEDGERS.items():
        (folder / name / "activities").mkdir(parents=True)
        (folder / name / "commitments.yaml").write_text(commitments, encoding="utf-8")
        for file, text in activities.items():
            (folder / name / "activities" / file).write_text(text, encoding="utf-8")
    (folder / ".git").mkdir()
    (folder / "notes").mkdir()
    return folder


@pytest.fixture
def group(tmp_path: Path) -> Path:
    return make_group(tmp_path / "group")


# --- finding a group -----------------------------------------------------------------------


def test_a_folder_of_ledgers_is_a_group_in_name_order(group: Path) -> None:
    found = find_ledgers(["group"], group.parent)
    assert found.group
    assert [p.name for p in found.roots] == ["a-karlstad", "b-forshaga", "c-hammaro"]


def test_repeated_ledgers_keep_their_order_and_each_counts_once(group: Path) -> None:
    found = find_ledgers(["group/c-hammaro", "group/a-karlstad/commitments.yaml",
                          "group/c-hammaro"], group.parent)
    assert found.group
    assert [p.name for p in found.roots] == ["c-hammaro", "a-karlstad"]


def test_one_ledger_is_not_a_group(group: Path) -> None:
    found = find_ledgers(["group/a-karlstad"], group.parent)
    assert not found.group
    assert found.roots == [group / "a-karlstad"]


def test_a_command_on_one_ledger_refuses_a_group_naming_a_member(group: Path) -> None:
    with pytest.raises(GroupNotAllowed, match=r"group of 3 ledgers.*group/a-karlstad"):
        find_ledger("group", group.parent)


# --- status --------------------------------------------------------------------------------


def test_status_on_a_group_is_one_table_with_a_promise_column(group: Invoke,
                                                               invoke: Invoke) -> None:
    result = invoke("status", "--ledger", "group", "--as-of", AS_OF, cwd=group.parent)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "3 promises · status as of 2025-06-01 (wk 22)"
    header = next(line for line in lines if "State" in line)
    assert header.startswith("Promise ")
    rows = [line for line in lines if line.split(" ")[0] in PROMISES]
    # all rows sorted together: overdue, then due (by g / max, largest first), then ok
    assert [(row.split()[0], row.split()[3]) for row in rows] == [
        ("forshaga-2023-2025", "trafikkontroller"),
        ("hammaro-2022-2023", "patrols"),
        ("karlstad-2024-2026", "fotpatrullering"),
        ("forshaga-2023-2025", "vaktare"),
        ("karlstad-2024-2026", "skolbesok"),
    ]
    assert "1 overdue · 2 due · 2 ok" in lines
    assert "hammaro-2022-2023: the promise ended on 2023-12-31" in result.stderr


def test_status_json_of_a_group_holds_each_ledgers_own_object(group: Path,
                                                              invoke: Invoke) -> None:
    result = invoke("status", "--ledger", "group", "--as-of", AS_OF, "--format", "json",
                    cwd=group.parent)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["as_of", "ledgers"]
    assert document["as_of"] == AS_OF
    assert [ledger["promise"]["id"] for ledger in document["ledgers"]] == PROMISES
    for name, ledger in zip(LEDGERS, document["ledgers"], strict=True):
        alone = invoke("status", "--ledger", f"group/{name}", "--as-of", AS_OF,
                       "--format", "json", cwd=group.parent)
        assert json.loads(alone.stdout) == ledger
    assert document["ledgers"][2]["as_of"] == "2023-12-31"


def test_status_csv_and_markdown_of_a_group_lead_with_the_promise(group: Path,
                                                                  invoke: Invoke) -> None:
    result = invoke("status", "--ledger", "group", "--as-of", AS_OF, "--format", "csv",
                    cwd=group.parent)
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0])[:3] == ["promise", "id", "title"]
    assert [(r["promise"], r["id"], r["state"]) for r in table][:2] == [
        ("forshaga-2023-2025", "trafikkontroller", "overdue"),
        ("hammaro-2022-2023", "patrols", "due")]
    markdown = invoke("status", "--ledger", "group", "--as-of", AS_OF, "--format",
                      "markdown", cwd=group.parent).stdout
    assert "| Promise | State | Commitment |" in markdown
    assert "| `forshaga-2023-2025` | ✗ overdue | `trafikkontroller` Trafikkontroller |" \
        in markdown


def test_repeated_ledger_options_are_a_group(group: Path, invoke: Invoke) -> None:
    result = invoke("status", "--ledger", "group/c-hammaro", "--ledger", "group/b-forshaga",
                    "--as-of", AS_OF, "--format", "json", cwd=group.parent)
    assert result.exit_code == 0, result.output
    assert [ledger["promise"]["id"] for ledger in json.loads(result.stdout)["ledgers"]] \
        == ["hammaro-2022-2023", "forshaga-2023-2025"]


def test_owner_filter_in_a_group(group: Path, invoke: Invoke) -> None:
    result = invoke("status", "--ledger", "group", "--as-of", AS_OF, "--owner", "polisen",
                    "--format", "csv", cwd=group.parent)
    assert result.exit_code == 0, result.output
    ids = [(r["promise"], r["id"]) for r in csv.DictReader(io.StringIO(result.stdout))]
    assert ("hammaro-2022-2023", "patrols") not in ids  # its police are called `police`
    assert ("karlstad-2024-2026", "fotpatrullering") in ids
    unknown = invoke("status", "--ledger", "group", "--owner", "nobody", cwd=group.parent)
    assert unknown.exit_code == 2
    assert "`nobody` is not a party" in unknown.stderr


def test_fail_on_and_since_in_a_group(group: Path, invoke: Invoke) -> None:
    result = invoke("status", "--ledger", "group", "--as-of", AS_OF, "--fail-on", "overdue",
                    "--since", "2025-05-25", cwd=group.parent)
    assert result.exit_code == 1, result.output
    assert "karlstad-2024-2026: State changes since 2025-05-25: fotpatrullering: ok → due" \
        in result.stdout


def test_status_of_a_group_in_swedish(group: Path, invoke: Invoke) -> None:
    result = invoke("status", "--ledger", "group", "--as-of", AS_OF, cwd=group.parent,
                    env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "3 löften · läget per 2025-06-01 (v. 22)"
    assert result.stdout.splitlines()[2].startswith("Löfte ")


# --- check ---------------------------------------------------------------------------------


def test_check_on_a_group_reports_every_ledger_with_full_paths(group: Path,
                                                               invoke: Invoke) -> None:
    (group / "c-hammaro" / "activities" / "bad.yaml").write_text(
        "date: 2023-05-20\ncommitment: patrol\nsummary: x\n", encoding="utf-8")
    (group / "a-karlstad" / "activities" / "bad.yaml").write_text(
        "date: 2025-05-20\ncommitment: skolbesok\nsumary: x\n", encoding="utf-8")
    result = invoke("check", "--ledger", "group", cwd=group.parent)
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "group/a-karlstad/activities/bad.yaml:3:1: error[unknown-field]: unknown field "
        "`sumary`; did you mean `summary`?",
        "group/c-hammaro/activities/bad.yaml:2:13: error[unknown-commitment]: no commitment "
        "has the id `patrol`; did you mean `patrols`?",
        "2 errors in 5 commitments, 6 activities in 9 files",
    ]
    document = json.loads(invoke("check", "--ledger", "group", "--format", "json",
                                 cwd=group.parent).stdout)
    assert document["counts"] == {"commitments": 5, "activities": 6, "files": 9}
    assert [f["path"] for f in document["findings"]] == [
        "group/a-karlstad/activities/bad.yaml", "group/c-hammaro/activities/bad.yaml"]


def test_check_on_a_clean_group(group: Path, invoke: Invoke) -> None:
    result = invoke("check", "--ledger", "group", cwd=group.parent)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        "ok: 5 commitments, 4 activities in 7 files, no problems found"]


def test_a_folder_without_ledgers_is_neither(tmp_path: Path, invoke: Invoke) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    result = invoke("status", "--ledger", "empty", cwd=tmp_path)
    assert result.exit_code == 2
    assert "neither a ledger" in result.stderr


# --- show and report stay single-ledger ----------------------------------------------------


@pytest.mark.parametrize("command", [["show", "fot"], ["report"], ["log", "fot", "x"]])
def test_single_ledger_commands_refuse_a_group_folder(group: Path, invoke: Invoke,
                                                      command: list[str]) -> None:
    result = invoke(*command, "--ledger", "group", cwd=group.parent)
    assert result.exit_code == 2
    assert "group is a group of 3 ledgers; this command works on one ledger" in result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", [["show", "fot"], ["report"]])
def test_show_and_report_refuse_several_ledgers(group: Path, invoke: Invoke,
                                                command: list[str]) -> None:
    result = invoke(*command, "--ledger", "group/a-karlstad", "--ledger", "group/b-forshaga",
                    cwd=group.parent)
    assert result.exit_code == 2
    assert "2 ledgers were named with --ledger; this command works on one ledger" \
        in result.stderr


# --- the use case, as the web would call it ------------------------------------------------


def test_group_use_case_sorts_all_rows_together(group: Path) -> None:
    roots = find_ledgers(["group"], group.parent).roots
    today = dt.date(2025, 6, 1)
    opened = open_group(roots, lambda _root: today)
    status = group_status(opened, today)
    keys = [(*sort_key(r.row), r.promise) for r in status.rows]
    assert keys == sorted(keys)
    assert {r.promise for r in status.rows} == set(PROMISES)
    assert [m.report.as_of for m in status.members] == [today, today, dt.date(2023, 12, 31)]
    checked = check_group(roots, lambda _root: today)
    assert checked.ok
    assert (checked.commitments, checked.activities, checked.files) == (5, 4, 7)


# --- export --------------------------------------------------------------------------------


def test_export_of_a_group_has_a_promise_column(group: Path, invoke: Invoke) -> None:
    result = invoke("export", "--ledger", "group", cwd=group.parent)
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(table[0])[:2] == ["promise", "date"]
    assert [(r["promise"], r["date"], r["path"]) for r in table] == [
        ("hammaro-2022-2023", "2023-12-01", "activities/z1.yaml"),
        ("karlstad-2024-2026", "2025-05-02", "activities/x2.yaml"),
        ("karlstad-2024-2026", "2025-05-20", "activities/x1.yaml"),
        ("forshaga-2023-2025", "2025-05-28", "activities/y1.yaml"),
    ]
    lines = invoke("export", "--ledger", "group", "--format", "jsonl",
                   cwd=group.parent).stdout.splitlines()
    assert list(json.loads(lines[0]))[:2] == ["promise", "date"]
    alone = invoke("export", "--ledger", "group/a-karlstad", cwd=group.parent)
    assert alone.stdout.splitlines()[0].startswith("date,")


def test_export_of_a_group_to_xlsx_never_over_a_ledger_file(group: Path,
                                                            invoke: Invoke) -> None:
    from openpyxl import load_workbook

    result = invoke("export", "--ledger", "group", "--output", "all.xlsx", cwd=group.parent)
    assert result.exit_code == 0, result.output
    sheet = load_workbook(group.parent / "all.xlsx", read_only=True).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("promise", "date")
    assert rows[1][0] == "hammaro-2022-2023"
    assert rows[1][1].date() == dt.date(2023, 12, 1)
    refused = invoke("export", "--ledger", "group", "--output",
                     "group/c-hammaro/activities/new.csv", cwd=group.parent)
    assert refused.exit_code == 2
    assert "is a file of the ledger" in refused.stderr
