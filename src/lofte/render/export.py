"""`lofte export`: the activities as rows for a spreadsheet or an analysis tool. Never prints.

One row per activity, the columns (keys) of the contract, in its order:
`date, commitments, summary, by, place, people_reached, hours, tags, links, public, path`.
The names are English and stable, for scripts; `lofte import` reads them back.

- CSV: RFC 4180, `,` between fields, CRLF, no BOM, numbers with a decimal point, and
  formula-safe (`lofte.render.safe_text.csv_document`): text starting with =, +, -, @, tab
  or CR gets an apostrophe in front, which `lofte import` removes again. Lists are joined:
  ids with `,`, tags and links with `, `.
- JSON Lines: one object per line, dates as YYYY-MM-DD text, numbers as numbers, `public`
  as true/false, `by`, `tags` and `links` as lists, and null for what is not given;
  `commitments` is the ids joined with `,`, as in the CSV.
- xlsx: the cells of `table_rows`, written by `lofte.storage.spreadsheet`: real dates and
  numbers, true/false, lists joined as in the CSV.

The exact value of a number is kept (hours 2.125 stays 2.125): an export is data, not a view.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Final, NamedTuple

from lofte.domain.import_mapping import Cell
from lofte.render.safe_text import CsvCell, Number, csv_document

COLUMNS: Final = ("date", "commitments", "summary", "by", "place", "people_reached", "hours",
                  "tags", "links", "public", "path")
# Column widths in the xlsx, in characters.
WIDTHS: Final = (12, 22, 60, 18, 24, 10, 8, 24, 24, 8, 50)
PROMISE_COLUMN: Final = "promise"  # first, in the export of a group of ledgers
PROMISE_WIDTH: Final = 24
IDS_JOIN: Final = ","
TEXT_JOIN: Final = ", "


class ExportRow(NamedTuple):
    """One activity, as exported."""

    date: dt.date
    commitments: tuple[str, ...]
    summary: str
    by: tuple[str, ...]
    place: str | None
    people_reached: int | None
    hours: float | None
    tags: tuple[str, ...]
    links: tuple[str, ...]
    public: bool
    path: str  # the file, below the ledger's folder, with `/` between parts


def exact_number(value: float) -> str:
    """The shortest exact decimal, never an exponent: 3.5, 0.25, 12 (for 12.0)."""
    if value.is_integer():
        return str(int(value))
    return format(Decimal(repr(value)), "f")


def columns(promises: Sequence[str] | None = None) -> tuple[str, ...]:
    """The columns: with `promises` (a group's export), `promise` first."""
    return COLUMNS if promises is None else (PROMISE_COLUMN, *COLUMNS)


def table_rows(rows: Iterable[ExportRow],
               promises: Sequence[str] | None = None) -> list[list[Cell]]:
    """The cells of each row, typed: dates, numbers, true/false, text (None when empty).
    With `promises` (the promise id of each row), that id first."""
    cells = _table_rows(rows)
    if promises is None:
        return cells
    return [[promise, *row] for promise, row in zip(promises, cells, strict=True)]


def _table_rows(rows: Iterable[ExportRow]) -> list[list[Cell]]:
    return [[row.date, IDS_JOIN.join(row.commitments), row.summary,
             IDS_JOIN.join(row.by) or None, row.place, row.people_reached, row.hours,
             TEXT_JOIN.join(row.tags) or None, TEXT_JOIN.join(row.links) or None,
             row.public, row.path] for row in rows]


def render_csv(rows: Sequence[ExportRow], promises: Sequence[str] | None = None) -> str:
    def cell(value: Cell) -> CsvCell:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "true" if value else "false"
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, int):
            return value
        if isinstance(value, float):
            return Number(exact_number(value))
        return value

    return csv_document(columns(promises), ([cell(value) for value in cells]
                                            for cells in table_rows(rows, promises)))


def render_jsonl(rows: Sequence[ExportRow], promises: Sequence[str] | None = None) -> str:
    lines = []
    for number, row in enumerate(rows):
        record: dict[str, object] = {} if promises is None \
            else {PROMISE_COLUMN: promises[number]}
        record |= {
            "date": row.date.isoformat(), "commitments": IDS_JOIN.join(row.commitments),
            "summary": row.summary, "by": list(row.by), "place": row.place,
            "people_reached": row.people_reached, "hours": row.hours,
            "tags": list(row.tags), "links": list(row.links), "public": row.public,
            "path": row.path,
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return "".join(lines)
