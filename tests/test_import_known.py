"""`lofte import` prepares a plainly fine row without pydantic (`prepare_known_log`): the
files, the rows already logged and the problems must be exactly those of the careful way
(`prepare_log` for every row), whatever the rows hold."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lofte.usecases.import_sheet import ImportRequest, PreparedImport, prepare_import
from lofte.usecases.log import known_promise, open_promise
from tests.conftest import MINI_COMMITMENTS, MakeLedger, examples
from tests.test_import_cli import write_csv

TODAY = dt.date(2025, 6, 30)
HEADER = ["Datum", "Åtagande", "Vad", "Av", "Plats", "Personer", "Timmar", "Taggar",
          "Länkar", "Publik", "Planerad"]

# Rows that reach every turn of the quick way and of the careful way: fine ones, ones the
# quick way hands over, and refused ones.
ROWS: list[list[object]] = [
    ["2024-03-01", "vaktare", "Runda i Deje, inga händelser."],
    ["2024-03-02", "fot", "Fotpatrull vid busstationen: lugnt."],  # a prefix
    ["2024-03-03", "Fotpatrullering", "Stor bokstav i id:t"],
    ["2024-03-04", "alkoholtillsyn, vaktare", "Två åtaganden – 'citat' och \"citat\"",
     "kommunen", "Forshaga torg", "12", "1,5", "krog; helg", "https://example.org/a", "ja"],
    ["2024-03-05", "trafikkontroller", "- börjar med ett streck", "polisen", "", "0", "2"],
    ["2024-03-06", "trafikkontroller", "# börjar som en kommentar"],
    ["2024-03-07", "trafikkontroller", "ja"],
    ["2024-03-08", "trafikkontroller", "123"],
    ["2024-03-09", "trafikkontroller", "2024-03-09"],
    ["2024-03-10", "trafikkontroller", "null"],
    ["2024-03-11", "trafikkontroller", "Ring 070-123 45 67 för mer information"],  # refused
    ["2024-03-12", "trafikkontroller", "Ring 070-123 45 67", "", "", "", "", "", "", "nej"],
    ["2024-03-13", "okänt", "Ett okänt åtagande"],  # refused
    ["2024-03-14", "vaktare", "Okänd part", "grannarna"],  # refused
    ["2030-01-01", "vaktare", "I framtiden"],  # refused
    ["2030-01-01", "vaktare", "Planerad runda", "", "", "", "", "", "", "", "ja"],
    ["2022-12-31", "vaktare", "Före löftet"],  # refused
    ["2024-03-15", "vaktare", "   "],  # refused: blank
    ["2024-03-16", "vaktare", "Negativt antal", "", "", "-3"],  # refused
    ["2024-03-17", "vaktare", "Många timmar", "", "", "", "100001"],  # refused
    ["2024-03-18", "vaktare", "Runda i Deje, inga händelser."],  # same text, another day
    ["2024-03-01", "vaktare", "Runda i Deje, inga händelser."],  # a row repeated
    ["2024-03-19", "vaktare", "Lång text " + "å" * 6000],  # refused: too long
    ["2024-03-20", "vaktare", "Tecken\u0007i texten"],  # refused: a control character
    ["2024-03-21", "vaktare", "e-post: anna.andersson@example.se"],  # refused
    ["2024-03-22", "vaktare", "Öppen föreläsning: \"Cannabis – vad vet vi i dag?\"",
     "kommunen, polisen", "Forshaga bibliotek", "45", "2", "föreläsning", "", "ja"],
]


def _prepared(root: Path, sheet: Path, *, quick: bool) -> PreparedImport:
    promise = open_promise(root)
    known = known_promise(promise) if quick else None
    if quick:
        assert known is not None, "the test promise has nothing to report"
    return prepare_import(root, promise.promise_file, ImportRequest(sheet), TODAY, known=known)


def _same(root: Path, sheet: Path) -> PreparedImport:
    careful = _prepared(root, sheet, quick=False)
    quick = _prepared(root, sheet, quick=True)
    assert [(f.path, f.text) for f in quick.files] == [(f.path, f.text) for f in careful.files]
    assert quick.already == careful.already
    assert quick.problems == careful.problems
    return quick


def test_the_quick_way_prepares_what_the_careful_way_prepares(
        make_ledger: MakeLedger, tmp_path: Path) -> None:
    root = make_ledger()
    prepared = _same(root, write_csv(tmp_path / "a.csv", [HEADER, *ROWS]))
    assert prepared.files and prepared.problems  # both kinds of row were there


def test_rows_already_in_the_ledger_count_alike(make_ledger: MakeLedger,
                                                tmp_path: Path) -> None:
    root = make_ledger()
    first = _prepared(root, write_csv(tmp_path / "a.csv", [HEADER, *ROWS[:5]]), quick=False)
    for activity_file in first.files:
        activity_file.path.parent.mkdir(parents=True, exist_ok=True)
        activity_file.path.write_text(activity_file.text, encoding="utf-8")
    prepared = _same(root, write_csv(tmp_path / "b.csv", [HEADER, *ROWS]))
    assert first.files and prepared.already >= len(first.files)


def test_a_promise_with_something_to_report_takes_the_careful_way(
        make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=MINI_WITH_WARNING)
    promise = open_promise(root)
    assert promise.findings
    assert known_promise(promise) is None


# The shared promise with a commitment id used twice: a finding, not an unusable promise.
MINI_WITH_WARNING = MINI_COMMITMENTS + """\
  - id: vaktare
    title: Samma id en gång till
    owners: [kommunen]
"""

_TEXT = st.text(st.sampled_from("aåäöÅ Ö-:#'\"!?&*|>%@,;0123456789\t\\ſ·"), max_size=12)
_CELL = st.one_of(st.none(), _TEXT, st.sampled_from(
    ["ja", "nej", "vaktare", "fot", "polisen", "kommunen", "1,5", "12", "2024-05-05",
     "070-1234567", "a@b.se"]))


@settings(max_examples=examples(200), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(
    st.sampled_from(["2024-05-05", "2025-06-30", "2025-07-01", "2023-01-01", "igår"]),
    st.sampled_from(["vaktare", "fot", "alkoholtillsyn, vaktare", "t", ""]),
    _TEXT, _CELL, _CELL, _CELL, _CELL, _CELL, _CELL, _CELL, _CELL), min_size=1, max_size=8))
def test_generated_rows_are_prepared_alike(make_ledger: MakeLedger, tmp_path: Path,
                                           rows: Sequence[Sequence[object]]) -> None:
    root = make_ledger()
    sheet = tmp_path / "generated.csv"
    with sheet.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    _same(root, sheet)
