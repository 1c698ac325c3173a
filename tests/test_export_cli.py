"""`lofte export`: the columns of the contract, formula-safe CSV, a real xlsx, JSON Lines,
private activities only when asked for, and the README's DuckDB query run on the export."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import Invoke, MakeLedger

HEADER = "date,commitments,summary,by,place,people_reached,hours,tags,links,public,path"
README = Path(__file__).resolve().parent.parent / "README.md"

ACTIVITIES = {
    "2024/2024-03-14-fotpatrullering-aaaaaa.yaml":
        "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: =HYPERLINK(\"x\")\n"
        "by: [polisen]\nplace: Torget\npeople_reached: 40\nhours: 2.125\n"
        "tags: [kväll, skola]\nlinks: [\"Dnr KS 2024/12\"]\npublic: true\n",
    "2024/2024-02-01-alkoholtillsyn-bbbbbb.yaml":
        "date: 2024-02-01\ncommitment: [alkoholtillsyn, vaktare]\nsummary: Tillsyn\n"
        "public: true\n",
    "2024/2024-05-01-vaktare-cccccc.yaml":
        "date: 2024-05-01\ncommitment: vaktare\nsummary: Privat runda\npublic: false\n",
    "2025/2025-11-01-vaktare-dddddd.yaml":
        "date: 2025-11-01\ncommitment: vaktare\nsummary: Planerad runda\nplanned: true\n",
    "import-2023.yaml":
        "- date: 2023-05-01\n  commitment: vaktare\n  summary: \"-3 grader, \\x1b[31m\"\n"
        "  hours: 1\n",
}


@pytest.fixture
def ledger(make_ledger: MakeLedger) -> Path:
    return make_ledger(ACTIVITIES)


def test_csv_has_the_contracts_columns_oldest_first_and_is_formula_safe(
        invoke: Invoke, ledger: Path) -> None:
    result = invoke("export", cwd=ledger)
    assert result.exit_code == 0, result.output
    assert result.stderr == ("lofte: left out 1 private activity (public: false); "
                             "--include-private exports it too\n")
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert ",".join(rows[0]) == HEADER
    assert [row[0] for row in rows[1:]] == ["2023-05-01", "2024-02-01", "2024-03-14"]
    assert rows[1][2] == "'-3 grader, \x1b[31m"
    assert rows[1][6] == "1" and rows[1][10] == "activities/import-2023.yaml"
    assert rows[2][1] == "alkoholtillsyn,vaktare" and rows[2][3] == ""
    assert rows[3] == ["2024-03-14", "fotpatrullering", "'=HYPERLINK(\"x\")", "polisen",
                       "Torget", "40", "2.125", "kväll, skola", "Dnr KS 2024/12", "true",
                       "activities/2024/2024-03-14-fotpatrullering-aaaaaa.yaml"]


def test_include_private_exports_the_private_ones_and_plans_never(invoke: Invoke,
                                                                  ledger: Path) -> None:
    result = invoke("export", "--include-private", cwd=ledger)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert "Privat runda" in result.stdout and "Planerad" not in result.stdout


def test_jsonl(invoke: Invoke, ledger: Path) -> None:
    result = invoke("export", "--format", "jsonl", cwd=ledger)
    assert result.exit_code == 0, result.output
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [list(record) for record in records] == [HEADER.split(",")] * 3
    assert records[2] == {
        "date": "2024-03-14", "commitments": "fotpatrullering", "summary": '=HYPERLINK("x")',
        "by": ["polisen"], "place": "Torget", "people_reached": 40, "hours": 2.125,
        "tags": ["kväll", "skola"], "links": ["Dnr KS 2024/12"], "public": True,
        "path": "activities/2024/2024-03-14-fotpatrullering-aaaaaa.yaml"}
    assert records[1]["by"] == [] and records[1]["place"] is None


def test_xlsx_has_real_dates_numbers_a_filter_and_frozen_panes(invoke: Invoke, ledger: Path,
                                                               tmp_path: Path) -> None:
    out = tmp_path / "aktiviteter.xlsx"
    result = invoke("export", "-o", str(out), "--include-private", cwd=ledger)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{out}\n"
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADER.split(",")
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.auto_filter.ref == "A1:K5"
    assert sheet.freeze_panes == "A2"
    fot = list(sheet[4])
    assert fot[0].value == dt.datetime(2024, 3, 14) and fot[0].number_format == "yyyy-mm-dd"
    assert fot[2].value == '=HYPERLINK("x")' and fot[2].data_type == "s"
    assert fot[5].value == 40 and fot[6].value == 2.125 and fot[9].value is True
    assert sheet["C2"].value == "-3 grader, \\x1b[31m"  # a cell cannot hold ESC


def test_xlsx_to_a_pipe_and_the_format_from_the_suffix(invoke: Invoke, ledger: Path,
                                                       tmp_path: Path) -> None:
    piped = invoke("export", "--format", "xlsx", cwd=ledger)
    assert piped.exit_code == 0
    assert piped.stdout.startswith("PK")
    out = tmp_path / "a.jsonl"
    assert invoke("export", "-o", str(out), cwd=ledger).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8").splitlines()[0])["date"] == "2023-05-01"
    csv_file = tmp_path / "a.csv"
    assert invoke("export", "-o", str(csv_file), cwd=ledger).exit_code == 0
    assert csv_file.read_bytes().startswith(HEADER.encode() + b"\r\n")


@pytest.mark.parametrize(("arguments", "message"), [
    (["-o", "x.csv", "--format", "xlsx"], "--output x.csv ends in .csv, but --format is xlsx"),
    (["-o", "activities/x.csv"], "--output activities/x.csv is a file of the ledger"),
    (["-o", "commitments.yaml"], "--output commitments.yaml is a file of the ledger"),
    (["-o", "saknas/x.csv"], "--output saknas/x.csv: "),
])
def test_refused_outputs(arguments: list[str], message: str, invoke: Invoke,
                         ledger: Path) -> None:
    before = (ledger / "commitments.yaml").read_bytes()
    result = invoke("export", *arguments, cwd=ledger)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"lofte: {message}")
    assert (ledger / "commitments.yaml").read_bytes() == before
    assert not (ledger / "activities" / "x.csv").exists()


def test_the_readme_duckdb_query_runs_on_the_export(invoke: Invoke, ledger: Path,
                                                    tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    duckdb = pytest.importorskip("duckdb")
    text = README.read_text(encoding="utf-8")
    export_line = re.search(r"^lofte export --format jsonl --output (\S+)$", text, re.M)
    query = re.search(r'^duckdb -c "(.+)"$', text, re.M)
    assert export_line is not None and query is not None
    out = tmp_path / export_line.group(1)
    assert invoke("export", "--format", "jsonl", "--output", str(out),
                  cwd=ledger).exit_code == 0
    monkeypatch.chdir(tmp_path)
    rows = duckdb.sql(query.group(1)).fetchall()
    assert rows == [("alkoholtillsyn,vaktare", 1, None, None),
                    ("fotpatrullering", 1, 40, 2.125), ("vaktare", 1, None, 1.0)]
