"""Spreadsheets: reading the rows of an .xlsx or .csv file, and writing .xlsx files.

Reading gives plain cells (`lofte.domain.import_mapping.Cell`), numbered as the spreadsheet
numbers its rows (the first row is 1), empty rows included, so that a problem can name the
row a coordinator sees in Excel.

- .xlsx: values rather than formulas (what Excel computed and saved), dates as dates,
  exactly as openpyxl gives them in read-only mode. The sheet's stated size is not trusted
  (some programs write a wrong one): every row and cell in the file is read. The common
  workbook is read straight from its XML (`lofte.storage.xlsx_cells`, several times
  faster); whatever that reader is unsure of, openpyxl reads, and reports when broken.
- .csv: UTF-8 with or without a byte order mark, `;` or `,` between fields (the one that
  occurs more often in the header row), any line ends. Every cell is text.

Writing: `workbook_bytes` makes an .xlsx file of tables, with a bold header row, an
autofilter, the header row frozen, real dates and numbers; text is always stored as text,
so that no cell is ever run as a formula.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final, TypeAlias, cast
from xml.etree.ElementTree import ParseError

from lofte.i18n import N_, _

if TYPE_CHECKING:  # not at run time: a sheet read aside imports only what reading needs
    from lofte.domain.import_mapping import Cell

XLSX: Final = ".xlsx"
CSV: Final = ".csv"
SUFFIXES: Final = (XLSX, CSV)
DATE_FORMAT: Final = "yyyy-mm-dd"
HEADER_ROW: Final = 1

CANNOT_READ = N_("cannot read it ({reason})")
NOT_A_SPREADSHEET = N_("lofte imports .xlsx and .csv files, not {suffix}; save it as an Excel "
                       "workbook (.xlsx) or as CSV UTF-8")
OLD_EXCEL = N_("an old Excel file (.xls); open it in Excel and save it as an Excel workbook "
               "(.xlsx)")
NOT_XLSX = N_("not an Excel workbook (.xlsx) that can be read; open it in Excel and save it "
              "again")
NO_SUCH_SHEET = N_("the workbook has no sheet `{sheet}`; its sheets are {sheets}")
NOT_UTF8 = N_("row {row} is not UTF-8 text; in Excel, save it as \"CSV UTF-8\" (or "
              "\"CSV UTF-8 (kommaavgränsad)\")")
CSV_BROKEN = N_("row {row} cannot be read as CSV ({reason})")

# Errors openpyxl raises for a file that is not a workbook, or a broken one.
_BROKEN_WORKBOOK: Final = (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError,
                           TypeError, IndexError, AttributeError, ParseError, EOFError)
# What openpyxl cannot store in a cell: C0 control characters other than tab and newlines.
_NOT_IN_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class SheetUnreadable(Exception):
    """The file cannot be read as a sheet; the message, for the user, says why."""


Row: TypeAlias = "tuple[int, tuple[Cell, ...]]"


def read_rows(path: Path, sheet: str | None = None, header_row: int = HEADER_ROW) -> list[Row]:
    """Every row of the file (of `sheet`, or the first sheet, of a workbook), numbered from 1.
    `header_row` tells a CSV file's separator. Raises SheetUnreadable."""
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise SheetUnreadable(_(OLD_EXCEL))
    if suffix not in SUFFIXES:
        raise SheetUnreadable(_(NOT_A_SPREADSHEET).format(suffix=path.suffix or path.name))
    try:
        if suffix == XLSX:
            return _xlsx_rows(path, sheet)
        return _csv_rows(path.read_bytes(), header_row)
    except OSError as exc:
        raise SheetUnreadable(_(CANNOT_READ).format(reason=exc.strerror or exc)) from None


def _xlsx_rows(path: Path, sheet: str | None) -> list[Row]:
    from lofte.storage import xlsx_cells  # noqa: PLC0415 - only `lofte import` needs it

    try:
        values = xlsx_cells.sheet_values(path, sheet)
    except xlsx_cells.Unsure:
        return _openpyxl_rows(path, sheet)
    return [(number, _cells(row)) for number, row in enumerate(values, start=1)]


def _openpyxl_rows(path: Path, sheet: str | None) -> list[Row]:
    import openpyxl  # noqa: PLC0415 - only `lofte import` and `lofte export` need it
    from openpyxl.utils.exceptions import InvalidFileException  # noqa: PLC0415

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, *_BROKEN_WORKBOOK):
        raise SheetUnreadable(_(NOT_XLSX)) from None
    try:
        names = book.sheetnames
        if not names:  # a workbook Excel would not save: nothing to read
            raise SheetUnreadable(_(NOT_XLSX))
        if sheet is None:  # the first sheet of cells (a chart sheet has none)
            chosen = book.worksheets[0].title if book.worksheets else names[0]
        else:
            matching = [name for name in names if name.casefold() == sheet.casefold()]
            if not matching:
                raise SheetUnreadable(_(NO_SUCH_SHEET).format(
                    sheet=sheet, sheets=", ".join(f"`{name}`" for name in names)))
            chosen = matching[0]
        worksheet = book[chosen]
        try:
            worksheet.reset_dimensions()
            return [(number, tuple(_xlsx_cell(value) for value in values))
                    for number, values in enumerate(
                        worksheet.iter_rows(values_only=True), start=1)]
        except (InvalidFileException, *_BROKEN_WORKBOOK):
            raise SheetUnreadable(_(NOT_XLSX)) from None
    finally:
        book.close()


# The types of cell that need no change (`_xlsx_cell`): told a row at a time.
_PLAIN_CELLS: Final = frozenset({type(None), str, bool, int, float, dt.date, dt.datetime})


def _cells(row: tuple[object, ...]) -> tuple[Cell, ...]:
    """A row's cells (`_xlsx_cell`): the row itself, when no cell needs a change."""
    if _PLAIN_CELLS.issuperset(map(type, row)):
        return cast("tuple[Cell, ...]", row)
    return tuple(_xlsx_cell(value) for value in row)


def _xlsx_cell(value: object) -> Cell:
    if value is None or isinstance(value, str | bool | int | float | dt.date):
        return value
    return str(value)  # a time of day, a duration


def _csv_rows(data: bytes, header_row: int) -> list[Row]:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[:exc.start].count(b"\n") + 1
        raise SheetUnreadable(_(NOT_UTF8).format(row=row)) from None
    delimiter = _delimiter(text, header_row)
    rows: list[Row] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    number = 0
    try:
        for number, values in enumerate(reader, start=1):
            rows.append((number, tuple(value or None for value in values)))
    except csv.Error as exc:
        raise SheetUnreadable(_(CSV_BROKEN).format(row=number + 1, reason=exc)) from None
    return rows


def _delimiter(text: str, header_row: int) -> str:
    """`;` (Excel with Swedish settings) or `,`: whichever the header row holds more of (or,
    when it holds neither, the first line that has either)."""
    lines = text.splitlines()
    for line in [*lines[header_row - 1:header_row], *lines]:
        semicolons, commas = line.count(";"), line.count(",")
        if semicolons or commas:
            return ";" if semicolons > commas else ","
    return ","


# --- writing ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Table:
    """One sheet of a workbook lofte writes."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[Cell]] = ()
    widths: Sequence[int] = ()  # characters, per column; the rest: the default
    # Columns whose cells must be one of a list: column index -> a range such as
    # "'Åtaganden'!$A$2:$A$19", or the values themselves.
    lists: dict[int, str | Sequence[str]] = field(default_factory=dict)
    dates: frozenset[int] = frozenset()  # columns formatted as dates (empty rows too)
    filter: bool = True


def workbook_bytes(tables: Sequence[Table], empty_rows: int = 0) -> bytes:
    """An .xlsx file holding `tables`, one sheet each, the first one active. `empty_rows`:
    how many rows below the header the lists and date formats reach on a table without
    rows (a template to fill in)."""
    import openpyxl  # noqa: PLC0415 - only `lofte import` and `lofte export` need it
    from openpyxl.styles import Font  # noqa: PLC0415
    from openpyxl.utils import get_column_letter  # noqa: PLC0415
    from openpyxl.worksheet.datavalidation import DataValidation  # noqa: PLC0415

    book = openpyxl.Workbook()
    bold = Font(bold=True)
    for number, table in enumerate(tables):
        sheet = book.active if number == 0 else book.create_sheet()
        assert sheet is not None
        sheet.title = table.title
        sheet.append([_xlsx_text(text) for text in table.header])
        for cell in sheet[1]:
            cell.font = bold
        for values in table.rows:
            sheet.append([_xlsx_value(value) for value in values])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, even when it starts with `=`
                elif isinstance(cell.value, dt.date):
                    cell.number_format = DATE_FORMAT
        last = max(len(table.rows), empty_rows) + 1
        columns = len(table.header)
        for index, width in enumerate(table.widths):
            sheet.column_dimensions[get_column_letter(index + 1)].width = width
        for index in table.dates:
            for (cell,) in sheet.iter_rows(min_row=2, max_row=last, min_col=index + 1,
                                           max_col=index + 1):
                cell.number_format = DATE_FORMAT
        for index, allowed in table.lists.items():
            formula = allowed if isinstance(allowed, str) else \
                '"' + ",".join(allowed) + '"'
            letter = get_column_letter(index + 1)
            validation = DataValidation(type="list", formula1=formula, allow_blank=True)
            validation.add(f"{letter}2:{letter}{last}")
            sheet.add_data_validation(validation)
        if table.filter and columns:
            sheet.auto_filter.ref = f"A1:{get_column_letter(columns)}{last}"
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsx_text(text: str) -> str:
    """Text as a cell can hold it: the control characters it cannot are written out."""
    return _NOT_IN_XLSX.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def _xlsx_value(value: Cell) -> Cell:
    return _xlsx_text(value) if isinstance(value, str) else value
