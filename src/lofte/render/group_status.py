"""Output of `lofte status` on a group of ledgers: one table with a leading Promise column,
JSON, CSV and Markdown. Never prints.

Each row is drawn as in one ledger's status (`lofte.render.status`), with the id of its
promise in front; the rows of all ledgers are sorted together (`usecases.group`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from lofte.i18n import N_, _, ngettext
from lofte.render.safe_text import (
    CsvCell,
    csv_document,
    json_text,
    markdown_code,
    markdown_text,
    terminal_text,
)
from lofte.render.status import (
    COL_COMMITMENT,
    COL_COUNT,
    COL_GAP,
    COL_LAST,
    COL_LAST_SHORT,
    COL_NEW,
    COL_OWNERS,
    COL_PLANNED,
    COL_STATE,
    COL_TARGET,
    CSV_KEYS,
    DIM,
    ID_STYLE,
    NO_ACTIVITY,
    NO_ROWS,
    NOTHING_LOGGED,
    STATE_STYLES,
    TITLE_MIN,
    csv_row,
    footer_line,
    gap_long,
    gap_short,
    last_label,
    next_planned_label,
    owners_label,
    progress_label,
    since_lines,
    state_label,
    status_document,
    week_name,
)
from lofte.render.table_layout import Column, Justify, StatusTable
from lofte.usecases.group import GroupRow, GroupStatus

WIDE = 100  # from this width on, the long forms (the date of the last activity)
GROUP_HEADER = N_("{promises} · status as of {as_of} ({week})")
COL_PROMISE = N_("Promise")
GROUP_CLAMPED = N_("{promise}: the promise ended on {until}; its status is as of {until}")


def promises_label(n: int) -> str:
    return ngettext("{n} promise", "{n} promises", n).format(n=n)


def group_header(status: GroupStatus) -> str:
    return _(GROUP_HEADER).format(promises=promises_label(len(status.members)),
                                  as_of=status.requested.isoformat(),
                                  week=week_name(status.requested))


def clamp_notices(status: GroupStatus) -> list[str]:
    """One line for each promise that ended before the day asked for."""
    return [_(GROUP_CLAMPED).format(promise=overview.report.promise.id,
                                    until=overview.report.as_of.isoformat())
            for overview in status.members if overview.report.clamped]


def _owners(status: GroupStatus, row: GroupRow) -> str:
    return owners_label(row.row.commitment.owners, status.members[row.member].report.parties)


def _new(status: GroupStatus, row: GroupRow) -> int | None:
    return status.members[row.member].new_since(row.row)


# What gives way, in this order, when the table is too narrow for every id: the long forms
# (the date of the last activity, long units), the count, the max gap, the owners.
_GIVE_WAY: tuple[frozenset[str], ...] = (
    frozenset(), frozenset({"compact"}), frozenset({"compact", "count"}),
    frozenset({"compact", "count", "gap"}), frozenset({"compact", "count", "gap", "owners"}),
)


# The columns whose text has a compact form
_COMPACT_FORMS = frozenset({"last", "target", "planned"})


def _texts(status: GroupStatus, column: str, compact: bool) -> list[str]:
    """A column's text in every row; one column at a time, for every layout tried."""
    cells: dict[str, Callable[[GroupRow], str]] = {
        "promise": lambda r: terminal_text(r.promise),
        "state": lambda r: state_label(r.row.state),
        "owners": lambda r: terminal_text(_owners(status, r)),
        "last": lambda r: last_label(r.row, not compact, compact),
        "gap": lambda r: gap_short(r.row.max_gap_days),
        "count": lambda r: str(r.row.activity_count),
        "new": lambda r: _optional(_new(status, r)),
        "target": lambda r: progress_label(r.row.target, compact),
        "planned": lambda r: next_planned_label(
            r.row, status.members[r.member].report.as_of, compact),
    }
    cell = cells[column]
    return [cell(group_row) for group_row in status.rows]


def _style(column: str, group_row: GroupRow) -> str:
    row = group_row.row
    if column == "state":
        return STATE_STYLES[row.state]
    if column == "last" and row.last_activity is None:
        return DIM
    return ""


def _optional(value: int | None) -> str:
    return "" if value is None else str(value)


def _headers(compact: bool) -> dict[str, tuple[str, Justify]]:
    return {"promise": (_(COL_PROMISE), "left"), "state": (_(COL_STATE), "left"),
            "owners": (_(COL_OWNERS), "left"),
            "last": (_(COL_LAST_SHORT if compact else COL_LAST), "left"),
            "gap": (_(COL_GAP), "right"), "count": (_(COL_COUNT), "right"),
            "new": (_(COL_NEW), "right"), "target": (_(COL_TARGET), "left"),
            "planned": (_(COL_PLANNED), "left")}


def render_group_table(status: GroupStatus, width: int) -> RenderableType:
    """The header line, one row per commitment of every promise, the footer that counts the
    states, and what changed since the last meeting, promise by promise.

    The commitment's id is never cut (it folds when nothing else can give way); its title
    takes the room the other columns leave, and is left out below TITLE_MIN cells."""
    parts: list[RenderableType] = [Text(terminal_text(group_header(status)), style="bold")]
    rows = status.rows
    if not rows:
        parts.append(Text(_(NO_ROWS)))
        return Group(*parts)
    present = {"new": any(overview.since is not None for overview in status.members),
               "target": any(r.row.target is not None for r in rows),
               "planned": any(r.row.next_planned is not None for r in rows)}
    ids = max([cell_len(terminal_text(r.row.id)) for r in rows] + [cell_len(_(COL_COMMITMENT))])
    texts: dict[tuple[str, bool], list[str]] = {}
    widths: dict[tuple[str, bool], int] = {}
    for dropped in _GIVE_WAY:
        compact = "compact" in dropped
        columns = [c for c in ("promise", "state", "owners", "last", "gap", "count", "new",
                               "target", "planned")
                   if c not in dropped and present.get(c, True)]
        headers = _headers(compact)
        for column in columns:
            key = (column, compact and column in _COMPACT_FORMS)
            if key not in texts:
                texts[key] = _texts(status, column, compact)
                widths[key] = max([cell_len(part) for part in headers[column][0].split("\n")]
                                  + [cell_len(text) for text in texts[key]])
        keys = [(column, compact and column in _COMPACT_FORMS) for column in columns]
        left = width - sum(widths[key] for key in keys) - len(keys)  # one space between
        if left >= ids:
            break
    titles = left - ids - 1 >= TITLE_MIN
    commitment_width = max(left, ids)
    table_columns = []
    for column in columns:
        header, justify = headers[column]
        table_columns.append(Column(header, justify=justify))
        if column == "state":
            table_columns.append(Column(_(COL_COMMITMENT), no_wrap=False, overflow="fold",
                                        max_width=commitment_width))
    table_rows = []
    for index, group_row in enumerate(rows):
        row = group_row.row
        cells = [Text(texts[key][index], style=_style(key[0], group_row)) for key in keys]
        commitment = Text(terminal_text(row.id), style=ID_STYLE)
        if titles:
            commitment.append(" " + terminal_text(row.commitment.title))
            commitment.truncate(max(commitment_width, cell_len(terminal_text(row.id))),
                                overflow="ellipsis")
        table_rows.append([*cells[:2], commitment, *cells[2:]])
    parts.append(StatusTable(table_columns, table_rows))
    parts.append(Text(footer_line([r.row for r in rows])))
    if not any(r.row.activity_count for r in rows):
        parts.append(Text(_(NOTHING_LOGGED), style=DIM))
    parts += [Text(terminal_text(line)) for line in _since_lines(status)]
    return Group(*parts)


def _since_lines(status: GroupStatus) -> list[str]:
    return [f"{overview.report.promise.id}: {line}"
            for overview in status.members if overview.since is not None
            for line in since_lines(overview.report, overview.since)]


def render_group_json(status: GroupStatus) -> str:
    """`{"as_of": ..., "ledgers": [the single-ledger object, ...]}`, the ledgers in the
    group's order, each with its own rows in its own order."""
    document: dict[str, Any] = {
        "as_of": status.requested.isoformat(),
        "ledgers": [status_document(overview.report, overview.since)
                    for overview in status.members],
    }
    return json_text(json.dumps(document, ensure_ascii=False, indent=2))


GROUP_CSV_KEYS = ("promise", *CSV_KEYS)


def render_group_csv(status: GroupStatus) -> str:
    """The single ledger's CSV with a leading `promise` column, all rows sorted together.
    Formula-safe, as every CSV lofte writes."""
    rows: list[list[CsvCell]] = [
        [r.promise, *csv_row(r.row, status.members[r.member].since)] for r in status.rows]
    return csv_document(GROUP_CSV_KEYS, rows, lineterminator="\n")


def render_group_markdown(status: GroupStatus) -> str:
    """A pipe table for the minutes, with a leading Promise column."""
    lines = [markdown_text(group_header(status)), ""]
    rows = status.rows
    if not rows:
        return "\n".join([*lines, _(NO_ROWS)]) + "\n"
    since = any(overview.since is not None for overview in status.members)
    plans = any(r.row.next_planned is not None for r in rows)
    header = [_(COL_PROMISE), _(COL_STATE), _(COL_COMMITMENT), _(COL_OWNERS), _(COL_LAST),
              _(COL_GAP).replace("\n", " "), _(COL_COUNT)]
    align = ["---", "---", "---", "---", "---", "---:", "---:"]
    if since:
        header.append(_(COL_NEW))
        align.append("---:")
    header.append(_(COL_TARGET))
    align.append("---")
    if plans:
        header.append(_(COL_PLANNED))
        align.append("---")
    lines.append("| " + " | ".join(header) + " |")
    lines.append("| " + " | ".join(align) + " |")
    for group_row in rows:
        row = group_row.row
        as_of = status.members[group_row.member].report.as_of
        cells = [
            markdown_code(group_row.promise),
            state_label(row.state),
            f"{markdown_code(row.id)} {markdown_text(row.commitment.title)}",
            markdown_text(_owners(status, group_row)),
            _(NO_ACTIVITY) if row.last_activity is None else last_label(row, True),
            gap_long(row.max_gap_days) if row.max_gap_days is not None
            else gap_short(None),
            str(row.activity_count),
        ]
        if since:
            cells.append(_optional(_new(status, group_row)))
        cells.append(progress_label(row.target))
        if plans:
            cells.append(next_planned_label(row, as_of, compact=False))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", footer_line([r.row for r in rows])]
    since_text = _since_lines(status)
    if since_text:
        lines += ["", *(markdown_text(line) for line in since_text)]
    return "\n".join(lines) + "\n"
