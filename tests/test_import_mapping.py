"""The pure part of `lofte import`: headers to fields, cells to values, a row to a request,
and the round trip of an exported row through the import's reading."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.domain.import_mapping import (
    FIELDS,
    SYNONYMS,
    column_letter,
    map_header,
    read_column_option,
    read_day,
    read_hours_cell,
    read_people,
    read_row,
    read_yes_no,
)
from lofte.domain.problems import InputError
from lofte.render.export import COLUMNS, ExportRow, table_rows
from lofte.storage import activity_removal, staging
from lofte.storage.activity_writer import ActivityFile
from lofte.storage.yamlsafe import parse_yaml
from lofte.usecases.import_sheet import PreparedImport, write_import
from tests.conftest import MINI_COMMITMENTS, examples
from tests.promise_data import validated_promise

PROMISE = validated_promise(parse_yaml(MINI_COMMITMENTS).value)
TODAY = dt.date(2025, 6, 1)


@pytest.mark.parametrize(("field", "synonym"), [
    (field, synonym) for field, words in SYNONYMS.items() for synonym in words])
def test_every_synonym_names_its_field(field: str, synonym: str) -> None:
    header, problems = map_header([f"  {synonym.upper()} "], 1, {})
    assert header.fields == {field: 0}
    assert [p.code for p in problems] == ["missing-column"] * (3 - (field in (
        "date", "commitment", "summary")))


def test_unknown_header_suggests_the_closest_field() -> None:
    _header, problems = map_header(["Datum", "Åtagnde", "Vad"], 1, {})
    [problem] = [p for p in problems if p.code != "missing-column"]
    assert (problem.code, problem.column) == ("unknown-header", "Åtagnde")
    assert problem.message.endswith("; did you mean `åtagande`?")


def test_column_options() -> None:
    assert read_column_option("Vad gjordes?=vad") == ("vad gjordes?", "summary")
    assert read_column_option("E_mail = - ") == ("e mail", None)
    assert read_column_option("a=b=date") == ("a=b", "date")
    for bad in ("Email", "=date", "Email=", "Email=epost"):
        with pytest.raises(InputError):
            read_column_option(bad)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 701, 702)] == ["A", "Z", "AA", "ZZ", "AAA"]


@pytest.mark.parametrize(("cell", "day"), [
    (dt.datetime(2024, 3, 14, 0, 0), dt.date(2024, 3, 14)),
    (dt.datetime(2024, 3, 14, 10, 22), dt.date(2024, 3, 14)),
    (dt.date(2024, 3, 14), dt.date(2024, 3, 14)),
    (" 2024-03-14 ", dt.date(2024, 3, 14)),
    ("2024-03-14 10:22:05", dt.date(2024, 3, 14)),
])
def test_days(cell: Any, day: dt.date) -> None:
    assert read_day(cell) == day


@pytest.mark.parametrize("cell", ["2024-02-30", "14/3/2024", "idag", 45365, 45365.0, True])
def test_not_days(cell: Any) -> None:
    with pytest.raises(InputError):
        read_day(cell)


def test_numbers_and_yes_no() -> None:
    assert [read_people(c) for c in (12, 12.0, "12", "1 200", "1\u00a0200")] == [
        12, 12, 12, 1200, 1200]
    assert [read_hours_cell(c) for c in (3, 3.5, "3,5", "3.5", " 0,25 ", ",5")] == [
        3.0, 3.5, 3.5, 3.5, 0.25, 0.5]
    # a count longer than Python turns into a number is no number either, not a crash
    for bad_count in (12.5, "12,5", "tolv", True, "١٢", "1" * 5000):
        with pytest.raises(InputError):
            read_people(bad_count)
    for bad_hours in ("nan", "inf", "1e3", "3,5 h", False):
        with pytest.raises(InputError):
            read_hours_cell(bad_hours)
    assert [read_yes_no(c) for c in ("JA", "nej", "Yes", "no", "TRUE", "falskt", True)] == [
        True, False, True, False, True, False, True]
    with pytest.raises(InputError):
        read_yes_no("kanske")


texts = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1,
                max_size=40).map(str.strip).filter(bool)
list_items = texts.filter(lambda t: "," not in t)


@settings(max_examples=examples(200))
@given(summary=texts, place=st.none() | texts,
       people=st.none() | st.integers(0, 10_000_000),
       hours=st.none() | st.floats(0, 100_000, allow_nan=False).map(lambda h: round(h, 3)),
       tags=st.lists(list_items, max_size=3), links=st.lists(list_items, max_size=3),
       public=st.booleans(), day=st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)))
def test_an_exported_row_reads_back_as_the_same_request(
        *, summary: str, place: str | None, people: int | None, hours: float | None,
        tags: list[str], links: list[str], public: bool, day: dt.date) -> None:
    row = ExportRow(day, ("vaktare", "alkoholtillsyn"), summary, ("kommunen",), place, people,
                    hours, tuple(tags), tuple(links), public, "activities/x.yaml")
    header, problems = map_header(list(COLUMNS), 1, {})
    assert problems == []
    [cells] = table_rows([row])
    asked = read_row(2, cells, header, PROMISE, TODAY)
    assert asked.problems == [] and asked.stand_ins == frozenset()
    request = asked.request
    assert (request.date, request.commitment, list(request.also), request.summary,
            list(request.by), request.place, request.people_reached, request.hours,
            request.tags, request.links, request.public, request.planned) == (
        day, "vaktare", ["alkoholtillsyn"], summary, ["kommunen"], place, people, hours,
        tags, links, public, False)


def test_fields_and_export_columns_agree() -> None:
    assert [c for c in COLUMNS if c not in ("commitments", "path")] == [
        f for f in FIELDS if f not in ("commitment", "planned")]


def test_an_interrupted_write_removes_what_it_wrote(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "ledger"
    root.mkdir()
    files = [ActivityFile(root / "activities" / "2024" / f"{n}.yaml", f"n: {n}\n", root)
             for n in range(3)]
    real = staging._name_file

    def interrupted(source: int, target: int, name: str, data: bytes) -> bool:
        if name == "2.yaml":
            raise KeyboardInterrupt
        return real(source, target, name, data)

    # No rename that keeps what it finds: the folders are made, the files named one by one.
    monkeypatch.setattr(staging, "_rename_noreplace", lambda *_args: False)
    monkeypatch.setattr(staging, "_name_file", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_import(PreparedImport(root, files, 0, [], 3))
    assert list(root.iterdir()) == []
    assert activity_removal.missing_folders(root, files) == [("activities",),
                                                             ("activities", "2024")]


def test_a_file_changed_after_it_was_written_is_left_alone(tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    (root / "activities").mkdir(parents=True)
    mine = ActivityFile(root / "activities" / "a.yaml", "n: 1\n", root)
    (root / "activities" / "a.yaml").write_text("n: 2\n", encoding="utf-8")
    assert activity_removal.remove_written(root, [mine], []) == [mine.path]
    assert (root / "activities" / "a.yaml").read_text(encoding="utf-8") == "n: 2\n"
