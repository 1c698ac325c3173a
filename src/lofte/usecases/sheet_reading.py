"""Reading the sheet of an import, in a child process while lofte goes on (`reading_aside`).

`lofte import` starts reading a large sheet before it imports the rest of itself and reads
and validates commitments.yaml, which together take about as long as reading 10,000 rows
of an xlsx. So this module imports next to nothing when it is imported; reading the sheet
imports the reader, in the child.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from lofte.render.safe_text import FORMULA_START
from lofte.storage import parallel

if TYPE_CHECKING:
    from lofte.domain.import_mapping import Cell
    from lofte.storage.spreadsheet import Row

# From this size on (in bytes; about 1,000 rows), a sheet is read aside (`reading_aside`).
READ_ASIDE_FROM = 200_000


def read_sheet(path: Path, sheet: str | None, header_row: int) -> list[Row]:
    """The rows of the sheet (a CSV's as they were before a formula-safe CSV quoted them).
    Raises SheetUnreadable or OSError."""
    from lofte.storage.spreadsheet import CSV, read_rows  # noqa: PLC0415 - see the docstring

    rows = read_rows(path, sheet, header_row)
    if path.suffix.lower() == CSV:
        rows = _unquoted_rows(rows)
    return rows


@contextmanager
def reading_aside(path: Path, sheet: str | None, header_row: int
                  ) -> Iterator[parallel.Aside[list[Row]] | None]:
    """`read_sheet`, started now in a child process (`parallel.aside`), for
    `prepare_import`. None for a sheet smaller than READ_ASIDE_FROM bytes (or anything but
    a file), and where no child can be started: then `prepare_import` reads it. Leaving
    the context stops the child, if it runs."""
    try:
        worth_it = path.is_file() and path.stat().st_size >= READ_ASIDE_FROM
    except OSError:
        worth_it = False
    reading = (parallel.aside(functools.partial(read_sheet, path, sheet, header_row))
               if worth_it else None)
    if reading is None:
        yield None
        return
    with reading:
        yield reading


def _unquoted_rows(rows: list[Row]) -> list[Row]:
    """The rows of a CSV, each cell `_unquoted` (when any cell starts with `'` at all)."""
    if not any(type(cell) is str and cell.startswith("'") for _row, cells in rows
               for cell in cells):
        return rows
    return [(number, tuple(_unquoted(cell) for cell in cells)) for number, cells in rows]


def _unquoted(cell: Cell) -> Cell:
    """A CSV cell as it was before a formula-safe CSV (lofte's own) put `'` in front."""
    if isinstance(cell, str) and cell.startswith("'") and cell[1:].startswith(FORMULA_START):
        return cell[1:]
    return cell
