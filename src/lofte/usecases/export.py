"""Exporting the activities for analysis: CSV, xlsx or JSON Lines, one row per activity.

Every deed of the ledger (plans are not exported), oldest first. Private activities
(`public: false`) are left out unless the caller asks for them: an export is easily passed
on, and what was not to be published must not travel by accident.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from lofte.domain.ledger import RecordedActivity
from lofte.domain.problems import Problem, Refused
from lofte.i18n import N_, _
from lofte.render.export import (
    PROMISE_WIDTH,
    WIDTHS,
    ExportRow,
    columns,
    render_csv,
    render_jsonl,
    table_rows,
)
from lofte.storage.atomic import write_bytes_atomic
from lofte.storage.boundary import is_ledger_file
from lofte.storage.spreadsheet import Table, workbook_bytes
from lofte.usecases.ledger import OpenLedger

OUTPUT_IS_LEDGER = N_("{option} {path} is a file of the ledger (commitments.yaml, or under "
                      "activities/ or reviews/); lofte never writes over one: name another "
                      "file")
OUTPUT_FOLDER_MISSING = N_("{option} {path}: {folder} is not an existing folder; create the "
                           "folder first")
OUTPUT_IS_FOLDER = N_("{option} {path} is a folder; name a file in it")
OUTPUT_EXISTS = N_("{option} {path} exists already; name a new file (lofte never writes "
                   "over a sheet that may hold your work)")
SHEET_TITLE = N_("Activities")


class ExportFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"
    jsonl = "jsonl"


def export_rows(opened: OpenLedger, include_private: bool = False,
                days: tuple[dt.date, dt.date] | None = None) -> list[ExportRow]:
    """The activities to export (those dated in `days`, when given), oldest first (then by
    file)."""
    root = os.fspath(opened.root)
    first, last = days or (dt.date.min, dt.date.max)
    chosen = [entry for entry in opened.ledger.entries
              if (include_private or entry.activity.public) and first <= entry.date <= last]
    chosen.sort(key=lambda entry: (entry.date, entry.path, entry.index or 0))
    return [_row(entry, root) for entry in chosen]


def _row(entry: RecordedActivity, root: str) -> ExportRow:
    activity = entry.activity
    return ExportRow(
        activity.date, tuple(activity.commitment), activity.summary, tuple(activity.by or ()),
        activity.place, activity.people_reached, activity.hours, tuple(activity.tags),
        tuple(activity.links), activity.public,
        Path(os.path.relpath(entry.path, root)).as_posix())


@dataclass(frozen=True, slots=True)
class Export:
    content: bytes
    rows: int
    private_left_out: int  # private activities not exported (without include_private)


def export_activities(opened: OpenLedger, output_format: ExportFormat,
                      include_private: bool = False,
                      days: tuple[dt.date, dt.date] | None = None) -> Export:
    """The export, in `output_format`: every activity, or those dated in `days`."""
    rows = export_rows(opened, include_private, days)
    return Export(_content(rows, output_format), len(rows),
                  _private_left_out(opened, include_private))


def export_group(opened: Sequence[OpenLedger], output_format: ExportFormat,
                 include_private: bool = False,
                 days: tuple[dt.date, dt.date] | None = None) -> Export:
    """The export of a group of ledgers: every ledger's rows, with the promise's id in a
    first column `promise` (key, in JSON Lines), oldest first, then by promise and file."""
    rows = [(member.ledger.promise_file.promise.id, row) for member in opened
            for row in export_rows(member, include_private, days)]
    rows.sort(key=lambda pair: (pair[1].date, pair[0], pair[1].path))
    content = _content([row for _promise, row in rows], output_format,
                       [promise for promise, _row in rows])
    return Export(content, len(rows),
                  sum(_private_left_out(member, include_private) for member in opened))


def _private_left_out(opened: OpenLedger, include_private: bool) -> int:
    return 0 if include_private else sum(
        1 for entry in opened.ledger.entries if not entry.activity.public)


def _content(rows: list[ExportRow], output_format: ExportFormat,
             promises: Sequence[str] | None = None) -> bytes:
    if output_format is ExportFormat.xlsx:
        widths = WIDTHS if promises is None else (PROMISE_WIDTH, *WIDTHS)
        first_date = 0 if promises is None else 1
        return workbook_bytes([Table(_(SHEET_TITLE), columns(promises),
                                     table_rows(rows, promises), widths,
                                     dates=frozenset({first_date}))])
    if output_format is ExportFormat.jsonl:
        return render_jsonl(rows, promises).encode("utf-8")
    return render_csv(rows, promises).encode("utf-8")


def check_output(root: Path, output: Path, option: str = "--output", *,
                 new: bool = False) -> None:
    """Refused when `output` is a file of the ledger, in a folder that does not exist, a
    folder, or (with `new`) any existing file."""
    if is_ledger_file(root, output):
        message = OUTPUT_IS_LEDGER
    elif not output.absolute().parent.is_dir():
        message = OUTPUT_FOLDER_MISSING
    elif output.is_dir():
        message = OUTPUT_IS_FOLDER
    elif new and (output.exists() or output.is_symlink()):
        message = OUTPUT_EXISTS
    else:
        return
    raise Refused([Problem("output-refused", _(message).format(
        option=option, path=output, folder=output.absolute().parent), "output")])


def save_export(root: Path, output: Path, content: bytes) -> None:
    """Write the export to `output`, whole or not at all (replacing an earlier export).
    Raises Refused (see `check_output`) or OSError."""
    check_output(root, output)
    write_bytes_atomic(output, content, make_folders=False)
