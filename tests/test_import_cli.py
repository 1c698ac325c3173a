"""`lofte import` on small ledgers, with sheets as coordinators really have them: made here
by openpyxl (Swedish headers, merged title rows, empty rows, dates typed as text), as Excel
with Swedish settings saves CSV (`;`, BOM, CRLF, decimal comma), and as Microsoft Forms
exports its answers (ID, Start time, Completion time, Email, Name, then the questions)."""

from __future__ import annotations

import datetime as dt
import gc
import os
import re
import shutil
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from lofte.domain.import_mapping import SYNONYMS
from lofte.storage import loader, parallel, staging
from lofte.storage.activity_writer import ActivityBatch
from lofte.usecases import import_sheet as import_usecase
from lofte.usecases import sheet_reading
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger
from tests.test_log_cli import OPEN_ENDED, TWO_TRAFFIC, new_files, snapshot

HEADER = ["Datum", "Åtagande", "Vad", "Av", "Plats", "Antal personer", "Timmar", "Publik"]


def write_xlsx(path: Path, rows: Sequence[Sequence[Any]], *, title_rows: int = 0,
               text_dates: bool = False) -> Path:
    """A workbook as a coordinator keeps one: `title_rows` merged title rows above the
    header, and with `text_dates` the date column formatted as text (`@`)."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Aktiviteter"
    for number in range(1, title_rows + 1):
        sheet.cell(row=number, column=1, value=f"Medborgarlöfte Testköping, rad {number}")
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=6)
    for values in rows:
        sheet.append(list(values))
    if text_dates:
        for (cell,) in sheet.iter_rows(min_row=title_rows + 2, min_col=1, max_col=1):
            if isinstance(cell.value, dt.date):
                cell.value = cell.value.isoformat()
            cell.number_format = "@"
    book.save(path)
    return path


def write_csv(path: Path, rows: Sequence[Sequence[object]], *, excel_sv: bool = False) -> Path:
    """CSV; `excel_sv`: as Excel with Swedish settings saves it (`;`, BOM, CRLF)."""
    separator = ";" if excel_sv else ","
    lines = [separator.join("" if v is None else str(v) for v in row) for row in rows]
    text = "\r\n".join(lines) + "\r\n" if excel_sv else "\n".join(lines) + "\n"
    path.write_bytes(("\ufeff" if excel_sv else "").encode() + text.encode("utf-8"))
    return path


def activity_texts(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8")
            for p in sorted((root / "activities").rglob("*.yaml"))}


@pytest.fixture
def ledger(make_ledger: MakeLedger) -> Path:
    return make_ledger()


# --- real-world sheets ----------------------------------------------------------------------

def test_xlsx_with_title_rows_empty_rows_and_dates_as_text(invoke: Invoke, ledger: Path,
                                                           tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "aktiviteter.xlsx", [
        HEADER,
        [dt.date(2024, 3, 14), "fotpatrullering", "Fotpatrull vid torget", "polisen",
         "Torget", 12, 3.5, "ja"],
        [],
        [None, None, None, None, None, None, None, None],
        [dt.date(2024, 3, 15), "trafik", "Hastighetskontroll vid skolan", None, None, None,
         2, "nej"],
    ], title_rows=2, text_dates=True)
    before = snapshot(ledger)
    result = invoke("import", str(sheet), "--header-row", "3", cwd=ledger)
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 2, already logged 0\n"
    added = [content.decode() for _name, content in sorted(new_files(before, ledger).items())]
    assert added[0] == (
        "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget\n"
        "by: [polisen]\nplace: Torget\npeople_reached: 12\nhours: 3.5\npublic: true\n")
    assert added[1] == (
        "date: 2024-03-15\ncommitment: trafikkontroller\nsummary: Hastighetskontroll vid "
        "skolan\nby: [polisen]\nhours: 2\npublic: false\n")
    assert invoke("check", "--strict", cwd=ledger).exit_code == 0


def test_without_header_row_the_title_is_named_and_the_header_row_suggested(
        invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    sheet = write_xlsx(tmp_path / "a.xlsx", [HEADER, [dt.date(2024, 3, 14), "fot", "Runda"]],
                       title_rows=2)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 1, result.output
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"{sheet}:1:Medborgarlöfte Testköping, rad 1: "
                            "error[unknown-header]: ")
    assert first.endswith("the headers seem to be on row 3: add --header-row 3")
    assert "error[missing-column]" in result.stdout
    assert activity_texts(ledger) == {}


def test_csv_as_excel_with_swedish_settings_saves_it(invoke: Invoke, ledger: Path,
                                                     tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "aktiviteter.csv", [
        ["Datum", "Åtagande", "Vad", "Plats", "Timmar", "Antal personer", "Taggar"],
        ["2024-03-14", "alkoholtillsyn", "Tillsyn på två krogar, inga anmärkningar",
         "Centrum", "2,5", "1 200", "krogar, tillsyn"],
        ["", "", "", "", "", "", ""],
        ["2024-04-02", "vaktare", "Väktarrunda i Deje", "", "0,75", "", ""],
    ], excel_sv=True)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 0, result.output
    texts = activity_texts(ledger)
    [(_name, alkohol)] = [(n, t) for n, t in texts.items() if "alkoholtillsyn" in n]
    assert alkohol == ("date: 2024-03-14\ncommitment: alkoholtillsyn\nsummary: Tillsyn på två "
                       "krogar, inga anmärkningar\nby: [polisen, kommunen]\nplace: Centrum\n"
                       "people_reached: 1200\nhours: 2.5\ntags: [krogar, tillsyn]\n"
                       "public: true\n")
    assert any("hours: 0.75\n" in text for text in texts.values())


FORMS_HEADER = ["ID", "Start time", "Completion time", "Email", "Name", "Datum", "Åtagande",
                "Vad gjordes?", "Antal personer"]


def forms_export(path: Path) -> Path:
    started = dt.datetime(2024, 5, 2, 9, 14, 3)
    return write_xlsx(path, [FORMS_HEADER, *[
        [number, started, started + dt.timedelta(minutes=3), f"anna{number}@forshaga.se",
         "Anna Andersson", dt.datetime(2024, 5, number), "vaktare",
         f"Väktarrunda {number} i Deje", 10 + number] for number in (1, 2, 3)]])


def test_forms_export_with_email_and_name_left_out(invoke: Invoke, ledger: Path,
                                                   tmp_path: Path) -> None:
    sheet = forms_export(tmp_path / "Aktivitetsrapport(1-3).xlsx")
    result = invoke("import", str(sheet), "--column", "Email=-", "--column", "Name=-",
                    "--column", "Vad gjordes?=summary", cwd=ledger)
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 3, already logged 0\n"
    written = "".join(activity_texts(ledger).values())
    assert "anna" not in written.lower() and "@" not in written
    assert "Andersson" not in written
    assert written.count("summary: Väktarrunda") == 3


def test_forms_export_without_leaving_out_email_and_name_is_refused(
        invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    sheet = forms_export(tmp_path / "forms.xlsx")
    result = invoke("import", str(sheet), "--column", "vad gjordes?=vad", cwd=ledger)
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{sheet}:1:Email", f"{sheet}:1:Name"]
    assert '--column "Email=-"' in lines[0]
    assert activity_texts(ledger) == {}


# --- all or nothing, and only once ----------------------------------------------------------

ROW = ["2024-03-14", "fotpatrullering", "Fotpatrull vid torget"]


def test_importing_again_writes_nothing_and_a_grown_sheet_only_its_new_rows(
        invoke: Invoke, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["Datum", "Åtagande", "Vad"],
            *[[f"2024-03-{day:02d}", "vaktare", f"Runda {day}"] for day in range(1, 6)]]
    sheet = write_csv(tmp_path / "a.csv", rows)
    assert invoke("import", str(sheet), cwd=ledger).stdout == "imported 5, already logged 0\n"
    before = snapshot(ledger)
    again = invoke("import", str(sheet), cwd=ledger)
    assert again.exit_code == 0, again.output
    assert again.stdout == "imported 0, already logged 5\n"
    assert snapshot(ledger) == before
    write_csv(sheet, [*rows, *[[f"2024-04-{day:02d}", "vaktare", f"Runda {day}"]
                               for day in range(1, 11)]])
    year = ledger / "activities" / "2024"
    there = {path.name: path.stat().st_ino for path in year.iterdir()}
    exchanged: list[str] = []
    real_exchange = staging._exchange

    def exchange(source: int, target: int, name: str) -> bool:
        exchanged.append(name)
        return real_exchange(source, target, name)

    monkeypatch.setattr(staging, "_exchange", exchange)
    grown = invoke("import", str(sheet), cwd=ledger)
    assert grown.stdout == "imported 10, already logged 5\n"
    assert len(new_files(before, ledger)) == 10
    # 2024 held half as many files as the import added: a folder with all 15 took its
    # place, and the 5 files there are the same files
    assert exchanged == ["2024"]
    assert {name: (year / name).stat().st_ino for name in there} == there
    assert sorted(path.name for path in (ledger / "activities").iterdir()) == ["2024"]
    assert invoke("check", cwd=ledger).exit_code == 0


def test_a_row_repeated_in_the_sheet_is_written_once(invoke: Invoke, ledger: Path,
                                                     tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], ROW, ROW])
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.stdout == "imported 1, already logged 1\n"
    assert len(activity_texts(ledger)) == 1


def test_dry_run_lists_the_files_and_writes_nothing(invoke: Invoke, ledger: Path,
                                                    tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], ROW])
    before = snapshot(ledger)
    result = invoke("import", str(sheet), "--dry-run", cwd=ledger)
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"activities/2024/2024-03-14-fotpatrullering-[0-9a-f]{6}\.yaml\n"
                        r"would import 1, already logged 0\n", result.stdout)
    assert result.stderr == "dry run: nothing written\n"
    assert snapshot(ledger) == before


def test_one_bad_row_among_a_thousand_writes_nothing(invoke: Invoke, ledger: Path,
                                                     tmp_path: Path) -> None:
    start = dt.date(2024, 1, 1)
    rows: list[list[object]] = [["date", "commitment", "summary", "hours"]]
    for number in range(1000):
        rows.append([(start + dt.timedelta(days=number % 500)).isoformat(), "vaktare",
                     f"Runda nummer {number}", "1"])
    rows[501][3] = "en halvtimme"
    sheet = write_csv(tmp_path / "tusen.csv", rows)
    before = snapshot(ledger)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 1, result.output
    assert result.stdout == (f"{sheet}:502:hours: error[not-a-number]: `en halvtimme` is not "
                             "a number of hours (for example 2 or 3,5)\n")
    assert result.stderr == "lofte: 1 problem in 1 row; nothing written\n"
    assert snapshot(ledger) == before


def test_every_problem_of_every_row_in_one_run(invoke: Invoke, ledger: Path,
                                               tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [
        ["Datum", "Åtagande", "Vad", "Av", "Timmar", "Publik"],
        ["2024-13-01", "fot", "Ring 070-123 45 67", "polis", "x", "ja"],
        ["", "okänt", "", "", "", "kanske"],
        ["2024-03-14", "fot", "Fotpatrull", "", "", ""],
    ])
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 1, result.output
    located = [line.split(": error[")[0] + " " + line.split("[")[1].split("]")[0]
               for line in result.stdout.splitlines() if ": error[" in line]
    assert located == [
        f"{sheet}:2:Datum not-a-date", f"{sheet}:2:Timmar not-a-number",
        f"{sheet}:2:Av unknown-party", f"{sheet}:2:Vad personal-data",
        f"{sheet}:3:Datum missing-field", f"{sheet}:3:Vad missing-field",
        f"{sheet}:3:Publik not-yes-or-no", f"{sheet}:3:Åtagande unknown-commitment"]
    assert result.stderr == "lofte: 8 problems in 2 rows; nothing written\n"
    assert activity_texts(ledger) == {}


# --- what `lofte log` refuses, located -------------------------------------------------------

def test_an_ambiguous_commitment_prefix(invoke: Invoke, make_ledger: MakeLedger,
                                        tmp_path: Path) -> None:
    root = make_ledger(commitments=TWO_TRAFFIC)
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"],
                                           ["2024-03-14", "trafik", "Kontroll"]])
    result = invoke("import", str(sheet), cwd=root)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(f"{sheet}:2:Åtagande: error[ambiguous-id]: `trafik` "
                                    "matches 2 commitments; type more of the id:\n"
                                    "  trafikkontroller  ")
    assert activity_texts(root) == {}


def test_a_commitment_by_its_exact_title_and_a_party_by_its_name(
        invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [
        ["Datum", "Åtagande", "Vad", "Utförare"],
        ["2024-03-14", "Gemensam tillsyn av krogar med alkoholtillstånd", "Tillsyn",
         "Testköpings kommun"]])
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 0, result.output
    [text] = activity_texts(ledger).values()
    assert "commitment: alkoholtillsyn\n" in text and "by: [kommunen]\n" in text


def test_a_public_row_with_a_phone_number_is_refused_and_located(
        invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    rows = [["Datum", "Åtagande", "Vad", "Publik"], [*ROW, "ja"],
            ["2024-03-15", "vaktare", "Ring väktaren på 070-123 45 67", "ja"]]
    sheet = write_csv(tmp_path / "a.csv", rows)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(f"{sheet}:3:Vad: error[personal-data]: `summary` seems "
                                    "to contain a phone number")
    assert "070-123" not in result.output
    assert activity_texts(ledger) == {}
    rows[2][3] = "nej"  # a private row may hold it: it is never published
    write_csv(sheet, rows)
    assert invoke("import", str(sheet), cwd=ledger).exit_code == 0


def test_a_future_row_is_refused_unless_it_is_planned(invoke: Invoke,
                                                      make_ledger: MakeLedger,
                                                      tmp_path: Path) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    ahead = (dt.date.today() + dt.timedelta(days=30)).isoformat()
    rows = [["Datum", "Åtagande", "Vad", "Planerad"],
            [ahead, "fotpatrullering", "Fotpatrull på marknaden", ""]]
    sheet = write_csv(tmp_path / "a.csv", rows)
    result = invoke("import", str(sheet), cwd=root)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(f"{sheet}:2:Datum: error[date-in-future]: ")
    rows[1][3] = "ja"
    write_csv(sheet, rows)
    planned = invoke("import", str(sheet), cwd=root)
    assert planned.exit_code == 0, planned.output
    [text] = activity_texts(root).values()
    assert text.endswith("public: true\nplanned: true\n")


# --- every new code, once ------------------------------------------------------------------

@pytest.mark.parametrize(("rows", "expected"), [
    ([["Datum", "Åtagande", "Vad", "Kommentar"], [*ROW, "x"]],
     ":1:Kommentar: error[unknown-header]: no field is called `Kommentar`"),
    ([["Datum", "Åtagande", "Vad", "Beskrivning"], [*ROW, "x"]],
     ":1:Beskrivning: error[duplicate-header]: column Vad is for `summary` too"),
    ([["Datum", "Åtagande"], ROW[:2]],
     ":1:summary: error[missing-column]: no column for `summary`, which every activity "
     "needs; call one `vad` or `summary`"),
    ([["Datum", "Åtagande", "Vad", "Publik"], [*ROW, "kanske"]],
     ":2:Publik: error[not-yes-or-no]: `kanske` is neither yes nor no"),
    ([["Datum", "Åtagande", "Vad"], ["14/3/2024", *ROW[1:]]],
     ":2:Datum: error[not-a-date]: `14/3/2024` is not a date; write YYYY-MM-DD"),
    ([["Datum", "Åtagande", "Vad", "Personer"], [*ROW, "många"]],
     ":2:Personer: error[not-a-number]: `många` is not a whole number of people"),
    ([["Datum", "Åtagande", "Vad"], ["2024-03-14", "fotpatrullering", ""]],
     ":2:Vad: error[missing-field]: `summary` is empty"),
    ([["Datum", "Åtagande", "Vad", ""], [*ROW, "kvarglömt"]],
     ":2:D: error[unknown-header]: column D has no header but holds `kvarglömt`"),
])
def test_each_import_code(rows: list[list[str]], expected: str, invoke: Invoke, ledger: Path,
                          tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", rows)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(str(sheet) + expected), result.stdout
    assert activity_texts(ledger) == {}


@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_header_synonym(language: str, invoke: Invoke, ledger: Path,
                              tmp_path: Path) -> None:
    """Each synonym of each field, in upper case, reads as that field."""
    values = {"date": "2024-03-14", "commitment": "vaktare", "summary": "Runda i Deje",
              "by": "kommunen", "place": "Deje", "people_reached": "3", "hours": "1,5",
              "tags": "natt", "links": "Dnr 12", "public": "ja" if language == "sv" else "yes",
              "planned": "nej" if language == "sv" else "no"}
    for position in range(3):  # every synonym of each field, across three sheets
        names = [words[min(position, len(words) - 1)] for words in SYNONYMS.values()]
        sheet = write_csv(tmp_path / f"{language}{position}.csv",
                          [[name.upper() for name in names], list(values.values())],
                          excel_sv=True)
        result = invoke("import", str(sheet), cwd=ledger)
        assert result.exit_code == 0, (names, result.output)
    [text] = set(activity_texts(ledger).values())
    assert text == ("date: 2024-03-14\ncommitment: vaktare\nsummary: Runda i Deje\n"
                    "by: [kommunen]\nplace: Deje\npeople_reached: 3\nhours: 1.5\n"
                    "tags: [natt]\nlinks: [Dnr 12]\npublic: true\n")


# --- options --------------------------------------------------------------------------------

@pytest.mark.parametrize(("option", "message"), [
    ("Email", "--column Email: write HEADER=FIELD, or HEADER=- to leave the column out"),
    ("Email=epost", "--column Email=epost: `epost` is not a field; the fields are date, "),
    ("Epost=-", "--column epost=-: the header row (row 1) has no column `epost`; its "
                "columns are `Datum`, `Åtagande`, `Vad`"),
])
def test_bad_column_options_are_usage_errors(option: str, message: str, invoke: Invoke,
                                             ledger: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], ROW])
    result = invoke("import", str(sheet), "--column", option, cwd=ledger)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"lofte: {message}")


def test_a_column_can_be_mapped_to_a_field_by_a_swedish_name(invoke: Invoke, ledger: Path,
                                                             tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["När", "Vilket åtagande?", "Vad"], ROW])
    result = invoke("import", str(sheet), "--column", "När=datum", "--column",
                    "vilket  ÅTAGANDE?=commitment", cwd=ledger)
    assert result.exit_code == 0, result.output


def test_sheet_option_chooses_the_sheet(invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path / "a.xlsx", [["x"]])
    book = openpyxl.load_workbook(path)
    other = book.create_sheet("Våren 2024")
    other.append(["Datum", "Åtagande", "Vad"])
    other.append(ROW)
    book.save(path)
    result = invoke("import", str(path), "--sheet", "våren 2024", cwd=ledger)
    assert result.exit_code == 0, result.output
    missing = invoke("import", str(path), "--sheet", "Hösten", cwd=ledger)
    assert missing.exit_code == 2
    assert missing.stderr == (f"lofte: {path}: the workbook has no sheet `Hösten`; its sheets "
                              "are `Aktiviteter`, `Våren 2024`\n")
    csv_sheet = invoke("import", str(write_csv(tmp_path / "b.csv", [ROW])), "--sheet", "x",
                       cwd=ledger)
    assert csv_sheet.exit_code == 2
    assert csv_sheet.stderr == "lofte: --sheet applies only to an .xlsx file\n"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("a.xls", b"\xd0\xcf\x11\xe0", "an old Excel file (.xls)"),
    ("a.ods", b"PK", "lofte imports .xlsx and .csv files, not .ods"),
    ("a.xlsx", b"PK\x03\x04 not really", "not an Excel workbook (.xlsx) that can be read"),
    ("a.csv", "Datum;Vad\r\n2024-03-14;Tr\xe4ff\r\n".encode("latin-1"),
     "row 2 is not UTF-8 text"),
    ("a.csv", b'Datum,"' + b"x" * 200_000 + b'"\n', "row 1 cannot be read as CSV"),
    ("saknas.csv", None, "cannot read it (No such file or directory)"),
])
def test_files_that_cannot_be_read_are_usage_errors(name: str, content: bytes | None,
                                                    message: str, *, invoke: Invoke,
                                                    ledger: Path, tmp_path: Path) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = invoke("import", str(path), cwd=ledger)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(f"lofte: {path}: {message}"), result.stderr
    assert result.stdout == ""


@pytest.mark.skipif(not parallel.can_fork(), reason="the sheet is read in a forked child")
@pytest.mark.parametrize(("name", "content"), [
    ("a.xlsx", b"PK\x03\x04 not really"),
    ("a.csv", "Datum;Vad\r\n2024-03-14;Tr\xe4ff\r\n".encode("latin-1")),
    ("a.csv", b'Datum,"' + b"x" * 200_000 + b'"\n'),
    ("saknas.csv", None),
])
def test_a_sheet_read_aside_that_cannot_be_read_is_told_as_one_read_here(
        name: str, content: bytes | None, *, invoke: Invoke, ledger: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    here = invoke("import", str(path), cwd=ledger)
    asides: list[object] = []
    real_aside = parallel.aside

    def aside(compute: Callable[[], object]) -> object:
        asides.append(real_aside(compute))
        return asides[-1]

    monkeypatch.setattr(sheet_reading, "READ_ASIDE_FROM", 0)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "aside", aside)
    read_aside = invoke("import", str(path), cwd=ledger)
    assert (read_aside.exit_code, read_aside.stdout, read_aside.stderr) == (
        here.exit_code, here.stdout, here.stderr)
    assert here.exit_code == 2
    assert len(asides) == (0 if content is None else 1)  # a file is read aside


def test_a_workbook_without_sheets_is_a_usage_error(invoke: Invoke, ledger: Path,
                                                    tmp_path: Path) -> None:
    path = tmp_path / "tom.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "Blad1"
    book.save(path)
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    workbook = parts["xl/workbook.xml"].decode()
    start = workbook.index("<sheets>") + len("<sheets>")
    parts["xl/workbook.xml"] = (workbook[:start] + workbook[workbook.index("</sheets>"):]).encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = invoke("import", str(path), cwd=ledger)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        f"lofte: {path}: not an Excel workbook (.xlsx) that can be read"), result.stderr


def test_header_row_past_the_end(invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], ROW])
    result = invoke("import", str(sheet), "--header-row", "5", cwd=ledger)
    assert result.exit_code == 2
    assert result.stderr == "lofte: --header-row 5: the sheet has only 2 rows\n"


def test_an_empty_file(invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    sheet = tmp_path / "tom.csv"
    sheet.write_bytes(b"\xef\xbb\xbf")
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 2
    assert result.stderr == "lofte: the sheet is empty: no header, no rows\n"


def test_file_or_template_is_needed(invoke: Invoke, ledger: Path) -> None:
    result = invoke("import", cwd=ledger)
    assert result.exit_code == 2
    assert result.stderr.startswith("lofte: missing FILE")


# --- a write that fails half-way ------------------------------------------------------------

FIVE_ROUNDS = [["Datum", "Åtagande", "Vad"],
               *[[f"2024-03-{day:02d}", "vaktare", f"Runda {day}"] for day in range(1, 6)]]


def test_a_failed_stage_writes_nothing(invoke: Invoke, ledger: Path, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # The 4th file fails while it is written, hidden, in the staging folder: the 3 before
    # it are there, not yet in the ledger.
    sheet = write_csv(tmp_path / "a.csv", FIVE_ROUNDS)
    before = snapshot(ledger)
    real = ActivityBatch.stage
    calls: list[Path] = []

    def failing(batch: ActivityBatch, prepared: Any) -> None:
        calls.append(prepared.path)
        if len(calls) == 4:
            raise OSError(28, "No space left on device")
        real(batch, prepared)

    monkeypatch.setattr(ActivityBatch, "stage", failing)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"lofte: cannot write activities/2024/{calls[3].name}: No space left on device. "
        "The 3 files written before it were removed again: nothing is imported\n")
    assert snapshot(ledger) == before
    assert list((ledger / "activities").iterdir()) == []  # no staging folder either


def test_a_failed_name_removes_what_the_import_named(invoke: Invoke, ledger: Path,
                                                     tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # activities/2024 exists with too many files to be swapped whole, so each file gets its
    # name on its own; the 4th fails.
    year = ledger / "activities" / "2024"
    year.mkdir()
    for name in ("a", "b", "c"):
        (year / f".{name}").write_text("", encoding="utf-8")  # hidden: never read
    sheet = write_csv(tmp_path / "a.csv", FIVE_ROUNDS)
    before = snapshot(ledger)
    real = staging._name_file
    calls: list[str] = []

    def failing(source: int, target: int, name: str, data: bytes) -> bool:
        calls.append(name)
        if len(calls) == 4:
            raise OSError(5, "Input/output error")
        return real(source, target, name, data)

    monkeypatch.setattr(staging, "_name_file", failing)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"lofte: cannot write activities/2024/{calls[3]}: Input/output error. "
        "The 3 files written before it were removed again: nothing is imported\n")
    assert snapshot(ledger) == before
    assert sorted(path.name for path in year.iterdir()) == [".a", ".b", ".c"]


def test_a_swap_that_cannot_finish_keeps_what_it_found_and_imports_nothing(
        invoke: Invoke, ledger: Path, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # activities/2024 exists, empty: the import's folder takes its place in one step; the
    # folder swapped out cannot be emptied, as someone made a folder in it meanwhile.
    year = ledger / "activities" / "2024"
    year.mkdir()
    sheet = write_csv(tmp_path / "a.csv", FIVE_ROUNDS)
    real = staging._exchange
    taken: list[str] = []

    def exchange(source: int, target: int, name: str) -> bool:
        with os.scandir(os.open(name, os.O_RDONLY, dir_fd=source)) as staged:
            taken.append(min(entry.name for entry in staged))  # a name about to be given
        (year / "bilder").mkdir()
        (year / "bilder" / "karta.png").write_bytes(b"png")
        (year / taken[0]).mkdir()  # a folder: it cannot be moved over the import's file
        return real(source, target, name)

    monkeypatch.setattr(staging, "_exchange", exchange)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 2, result.output
    [kept] = [path for path in (ledger / "activities").iterdir() if path != year]
    assert kept.name.endswith(".kept")
    assert result.stderr == (
        f"lofte: cannot write activities/{kept.name}/2024: Directory not empty. "
        "The 5 files written before it were removed again: nothing is imported\n")
    assert [path.name for path in year.iterdir()] == ["bilder"]
    assert (year / "bilder" / "karta.png").read_bytes() == b"png"
    assert [path.name for path in (kept / "2024").iterdir()] == taken


def test_a_failed_folder_name_writes_nothing(invoke: Invoke, ledger: Path, tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    # activities/2024 is missing: it is staged whole and gets its name in one step.
    sheet = write_csv(tmp_path / "a.csv", FIVE_ROUNDS)
    before = snapshot(ledger)

    def failing(source: int, name: str, target: int, new_name: str) -> bool:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(staging, "_rename_noreplace", failing)
    result = invoke("import", str(sheet), cwd=ledger)
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "lofte: cannot write activities/2024: Input/output error. "
        "The 0 files written before it were removed again: nothing is imported\n")
    assert snapshot(ledger) == before
    assert list((ledger / "activities").iterdir()) == []  # no staging folder either


# --- the template ---------------------------------------------------------------------------

def test_template_has_the_headers_and_a_list_of_the_commitments(invoke: Invoke, ledger: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "mall.xlsx"
    result = invoke("import", "--template", str(out), cwd=ledger,
                    env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header == ["Datum", "Åtagande", "Vad", "Av", "Plats", "Personer", "Timmar",
                      "Taggar", "Länkar", "Publik", "Planerad"]
    assert sheet.freeze_panes == "A2"
    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}
    assert lists["B2:B1001"] == "'Åtaganden'!$A$2:$A$5"
    assert lists["J2:J1001"] == '"ja,nej"'
    assert [row[0] for row in book["Åtaganden"].iter_rows(min_row=2, values_only=True)] == [
        "fotpatrullering", "trafikkontroller", "alkoholtillsyn", "vaktare"]
    # Filled in and imported as it is.
    sheet.append([dt.date(2024, 3, 14), "vaktare", "Runda", None, None, None, None, None,
                  None, "ja", "nej"])
    book.save(out)
    assert invoke("import", str(out), cwd=ledger).stdout == "imported 1, already logged 0\n"
    again = invoke("import", "--template", str(out), cwd=ledger)
    assert again.exit_code == 2
    assert "exists already" in again.stderr


def test_template_is_never_written_into_the_ledger(invoke: Invoke, ledger: Path) -> None:
    result = invoke("import", "--template", "activities/mall.xlsx", cwd=ledger)
    assert result.exit_code == 2
    assert "is a file of the ledger" in result.stderr
    assert not (ledger / "activities" / "mall.xlsx").exists()


# --- the round trip -------------------------------------------------------------------------

def log_activities(invoke: Invoke, root: Path) -> None:
    """Activities as `lofte log` writes them, every field used somewhere."""
    logged = [
        ("fot", "Fotpatrull vid torget och skolan", "--date", "2024-03-14", "--people", "40",
         "--hours", "3,5", "--tag", "skola", "--tag", "kväll", "--place", "Torget"),
        ("trafik", "=Hastighetskontroll, 2 trimmade mopeder", "--date", "2024-03-14",
         "--also", "alkohol", "--by", "polisen,kommunen", "--link", "Dnr KS 2024/12",
         "--link", "https://example.se/a?b=1"),
        ("vaktare", "Väktarrunda i Deje under natten, inga händelser. " * 3, "--date",
         "2025-01-02", "--hours", "2.125", "--private"),
        ("alkohol", "Tillsyn", "--date", "2023-06-30", "--people", "0"),
    ]
    for arguments in logged:
        result = invoke("log", *arguments, cwd=root)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_then_import_into_an_empty_copy_gives_the_same_files(
        suffix: str, invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path) -> None:
    root = make_ledger(name="original")
    log_activities(invoke, root)
    out = tmp_path / f"export.{suffix}"
    exported = invoke("export", "--output", str(out), "--include-private", cwd=root)
    assert exported.exit_code == 0, exported.output
    copy = make_ledger(name="copy")
    result = invoke("import", str(out), cwd=copy)
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 4, already logged 0\n"
    original = {name: p.read_bytes() for name, p in _files(root).items()}
    assert {name: p.read_bytes() for name, p in _files(copy).items()} == original


def _files(root: Path) -> dict[str, Path]:
    return {str(p.relative_to(root)): p for p in sorted((root / "activities").rglob("*"))
            if p.is_file()}


def test_import_into_a_ledger_without_an_activities_folder(invoke: Invoke,
                                                           make_ledger: MakeLedger,
                                                           tmp_path: Path) -> None:
    root = make_ledger()
    shutil.rmtree(root / "activities")
    (root / "commitments.yaml").write_text(MINI_COMMITMENTS, encoding="utf-8")
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], ROW])
    result = invoke("import", str(sheet), cwd=root)
    assert result.exit_code == 0, result.output
    assert len(activity_texts(root)) == 1


def test_a_large_sheet_is_frozen_out_of_the_collectors_sight_as_a_large_ledger(
        invoke: Invoke, ledger: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], *[
        [f"2024-03-{day:02d}", "vaktare", f"Runda {day}"] for day in range(1, 6)]])
    collecting: list[bool] = []
    real_read = import_usecase.read_sheet

    def read_sheet(path: Path, sheet: str | None, header_row: int) -> object:
        collecting.append(gc.isenabled())
        return real_read(path, sheet, header_row)

    monkeypatch.setattr(import_usecase, "read_sheet", read_sheet)
    monkeypatch.setattr(loader, "FREEZE_FROM_FILES", 7)
    frozen = gc.get_freeze_count()
    try:
        assert invoke("import", str(sheet), "--dry-run", cwd=ledger).exit_code == 0
        assert gc.get_freeze_count() == frozen  # 6 rows: not frozen
        assert invoke("import", str(sheet), cwd=ledger).exit_code == 0
        assert invoke("import", str(write_csv(tmp_path / "b.csv", [
            ["Datum", "Åtagande", "Vad"], *[[f"2024-04-{day:02d}", "vaktare", f"Runda {day}"]
                                             for day in range(1, 8)]])), cwd=ledger).exit_code == 0
        assert gc.get_freeze_count() > frozen  # 8 rows: frozen
    finally:
        gc.unfreeze()
    assert collecting == [False, False, False]  # paused while the rows were read and checked
    assert gc.isenabled()


# --- many rows, prepared in worker processes ------------------------------------------------

def run_both_ways(monkeypatch: pytest.MonkeyPatch, make_ledger: MakeLedger,
                  run: Callable[[Path], object]) -> dict[str, object]:
    """What `run` gives on a new ledger with rows prepared in this process, and in worker
    processes (from 5 rows on, 3 rows a chunk, as on a machine of two cores) after the
    sheet was read in a child process (`reading_aside`, whatever its size)."""
    outcomes: dict[str, object] = {}
    started: list[int] = []
    real_context = import_usecase.multiprocessing.get_context
    for way in ("here", "workers"):
        with monkeypatch.context() as patch:
            if way == "workers":
                patch.setattr(import_usecase, "PARALLEL_FROM", 5)
                patch.setattr(import_usecase, "CHUNK", 3)
                patch.setattr(sheet_reading, "READ_ASIDE_FROM", 0)
                patch.setattr(parallel, "cores", lambda: 2)
                patch.setattr(import_usecase.multiprocessing, "get_context",
                              lambda method: started.append(1) or real_context(method))
            outcomes[way] = run(make_ledger(name=way))
    assert started, "no worker was started"
    return outcomes


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_rows_prepared_in_workers_give_what_one_process_gives(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[list[object]] = [["Datum", "Åtagande", "Vad", "Plats"], *[
        [f"2024-03-{day:02d}", "vaktare", f"Runda {day}", "Deje"] for day in range(1, 21)]]
    bad = [list(row) for row in rows]
    bad[8][2] = ""
    bad[13][2] = "Ring väktaren på 070-123 45 67"
    bad_sheet = write_csv(tmp_path / "bad.csv", bad)
    sheet = write_csv(tmp_path / "good.csv", [*rows, rows[4]])  # a row twice: written once

    def run(root: Path) -> object:
        refused = invoke("import", str(bad_sheet), "--ledger", str(root))
        done = invoke("import", str(sheet), "--ledger", str(root))
        return (refused.exit_code, refused.output, done.exit_code, done.output,
                activity_texts(root))

    outcomes = run_both_ways(monkeypatch, make_ledger, run)
    assert outcomes["here"] == outcomes["workers"]
    refused_code, refused_output, code, output, _texts = outcomes["here"]  # type: ignore[misc]
    assert (refused_code, code) == (1, 0)
    assert ":9:Vad: error[missing-field]" in refused_output
    assert "imported 20, already logged 1" in output


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_workers_write_the_files_they_prepare(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    rows: list[list[object]] = [["Datum", "Åtagande", "Vad"], *[
        [f"2024-03-{day:02d}", "vaktare", f"Runda {day}"] for day in range(1, 13)]]
    sheet = write_csv(tmp_path / "a.csv", [*rows, rows[2]])  # a row twice: written once
    adopted: list[str] = []
    real_adopt = ActivityBatch.adopt

    def adopt(batch: ActivityBatch, prepared: Any) -> None:
        adopted.append(prepared.path.name)
        real_adopt(batch, prepared)

    monkeypatch.setattr(ActivityBatch, "adopt", adopt)

    def run(root: Path) -> object:
        result = invoke("import", str(sheet), "--ledger", str(root))
        return result.exit_code, result.output, activity_texts(root)

    outcomes = run_both_ways(monkeypatch, make_ledger, run)
    assert outcomes["here"] == outcomes["workers"]
    assert outcomes["here"][1] == "imported 12, already logged 1\n"  # type: ignore[index]
    # here, this process wrote every file; with workers, they did
    assert sorted(adopted) == sorted(Path(name).name for name in outcomes["here"][2])  # type: ignore[index]


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_a_file_a_worker_cannot_write_fails_the_import_as_without_workers(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], *[
        [f"2024-03-{day:02d}", "vaktare", f"Runda {day}"] for day in range(1, 11)]])
    real = staging.create_exclusive_at

    def full_disk(folder: int, name: str, data: bytes, *, durable: bool = True) -> None:
        if name.startswith("2024-03-04-"):  # in a worker, and again in the parent
            raise OSError(28, "No space left on device")
        real(folder, name, data, durable=durable)

    monkeypatch.setattr(staging, "create_exclusive_at", full_disk)

    def run(root: Path) -> object:
        result = invoke("import", str(sheet), "--ledger", str(root))
        return (result.exit_code, result.stderr.replace(os.path.relpath(root), "ROOT"),
                activity_texts(root), sorted(p.name for p in (root / "activities").iterdir()))

    outcomes = run_both_ways(monkeypatch, make_ledger, run)
    assert outcomes["here"] == outcomes["workers"]
    code, stderr, texts, left = outcomes["here"]  # type: ignore[misc]
    assert (code, texts, left) == (2, {}, [])  # nothing written, no staging folder left
    assert re.match(r"lofte: cannot write ROOT/activities/2024/2024-03-04-vaktare-\w{6}\.yaml: "
                    r"No space left on device\. The 3 files written before it", stderr), stderr


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_two_rows_whose_files_would_have_one_name_are_located(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    # Six hex digits of a hash, the same for two different activities: made certain here.
    monkeypatch.setattr("lofte.storage.activity_writer.content_hash", lambda _text: "c0ffee")
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], *[
        ["2024-03-14", "vaktare", "Runda vid torget"],
        *[[f"2024-03-{day:02d}", "vaktare", f"Runda {day}"] for day in range(1, 8)],
        ["2024-03-14", "vaktare", "Runda vid stationen"],
        ["2024-03-14", "vaktare", "Runda vid torget"]]])

    def run(root: Path) -> object:
        result = invoke("import", str(sheet), "--ledger", str(root))
        return result.exit_code, result.output.replace(str(root), "ROOT"), activity_texts(root)

    outcomes = run_both_ways(monkeypatch, make_ledger, run)
    assert outcomes["here"] == outcomes["workers"]
    code, output, texts = outcomes["here"]  # type: ignore[misc]
    assert (code, texts) == (1, {})
    # row 11 repeats row 2 (already logged); row 10 would be another activity of that name
    assert re.search(r"a\.csv:10:: error\[name-taken\]: row 2 makes ROOT/activities/2024/"
                     r"2024-03-14-vaktare-c0ffee\.yaml too, with other content", output), output
    assert output.count("error[") == 1


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked")
def test_a_failure_in_a_worker_is_told_as_without_workers(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = write_csv(tmp_path / "a.csv", [["Datum", "Åtagande", "Vad"], *[
        [f"2024-03-{day:02d}", "vaktare", f"Runda {day}"] for day in range(1, 11)]])

    def run(root: Path) -> object:
        (root / "activities" / "2024").write_text("not a folder\n", encoding="utf-8")
        result = invoke("import", str(sheet), "--ledger", str(root))
        # the folder is named as typed, or relative to the working folder when shorter
        return result.exit_code, result.output.replace(str(root), "ROOT").replace(
            os.path.relpath(root), "ROOT")

    outcomes = run_both_ways(monkeypatch, make_ledger, run)
    assert outcomes["here"] == outcomes["workers"]
    assert outcomes["here"][0] == 2  # type: ignore[index]
