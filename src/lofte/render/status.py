"""Output of `lofte status`: a rich table, JSON, CSV and Markdown. Never prints."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.console import Group, RenderableType
from rich.text import Text

from lofte.domain.coverage import STATES, CommitmentStatus, State, StatusReport, TargetProgress
from lofte.domain.periods import PeriodKind
from lofte.i18n import N_, _, ngettext
from lofte.render.safe_text import (
    CsvCell,
    csv_document,
    json_text,
    markdown_code,
    markdown_text,
    terminal_text,
)
from lofte.render.table_layout import Column, StatusTable
from lofte.usecases.status import Since, StateChange

# --- user-facing text: English, marked with N_() and translated where it is used ------------
HEADER = N_("{title} · status as of {as_of} ({week})")
NOTICE_CLAMPED = N_("the promise ended on {until}; showing the status as of {until} "
                    "instead of {requested}")
NOTICE_ERRORS = N_("{errors} in the ledger; activities with errors are left out of this "
                   "status. Run `lofte check` for details.")
COL_STATE = N_("State")
COL_COMMITMENT = N_("Commitment")
COL_OWNERS = N_("Owners")
COL_LAST = N_("Last activity")
COL_LAST_SHORT = N_("Last\nactivity")  # the compact table: two lines
COL_NEW = N_("New")
COL_NEW_SINCE = N_("New since {since}")
COL_PLANNED = N_("Next planned")
COL_PLANNED_SHORT = N_("Next\nplanned")
COL_GAP = N_("Max\ngap")
COL_COUNT = N_("Count")
COL_TARGET = N_("Target")
WEEK = N_("wk {week}")  # an ISO week; Swedish says "v. 22"
COL_WEEKS = N_("wk {first}–{last}")
NO_ACTIVITY = N_("no activity logged")
NEVER = N_("never")  # the compact table's "no activity logged"
NEW_LEGEND = N_("New: activities dated after {since}, up to {as_of}")
CHANGES = N_("State changes since {since}: {changes}")
NO_CHANGES = N_("No state changes since {since}")
CHANGE = "{id}: {before} → {after}"
TODAY = N_("today")
LAST_WITH_DATE = "{date}  {ago}"
LAST_MARKDOWN = "{date} ({ago})"
BOTH_PARTIES = N_("both")
GAP_SHORT = N_("{n} d")
NO_GAP_RULE = "–"  # `max_gap_days: null`: the target alone judges the commitment


def gap_short(max_gap_days: int | None) -> str:
    return NO_GAP_RULE if max_gap_days is None else _(GAP_SHORT).format(n=max_gap_days)
PROGRESS = "{met}/{total} {unit}"
# The states as people read them; the codes themselves (JSON, CSV, --state) stay English.
STATE_NAMES: dict[State, str] = {
    "overdue": N_("overdue"), "due": N_("due"), "ok": N_("ok"), "paused": N_("paused"),
    "not-started": N_("not-started"), "retired": N_("retired"),
}
FOOTER_SEPARATOR = " · "
NO_ROWS = N_("no commitments match")
BAR_LEGEND = N_("bars: activities per ISO week, {first}–{last}; █ = {peak}")
BAR_LEGEND_EMPTY = N_("bars: no activity logged in {first}–{last}")
NOTHING_LOGGED = N_("no activity is logged for these commitments yet: this says nothing was "
                    "recorded, not that nothing was done")


def errors_label(n: int) -> str:
    return ngettext("{n} error", "{n} errors", n).format(n=n)


def gap_long(n: int) -> str:
    return ngettext("{n} day", "{n} days", n).format(n=n)


def period_unit(kind: PeriodKind, n: int) -> str:
    """`week`/`weeks` and so on, in the user's language."""
    units = {
        "week": ngettext("week", "weeks", n),
        "month": ngettext("month", "months", n),
        "quarter": ngettext("quarter", "quarters", n),
        "tertial": ngettext("tertial", "tertials", n),
        "year": ngettext("year", "years", n),
    }
    return units[kind]


def state_count(state: State, n: int) -> str:
    """"3 overdue": how many commitments are in a state, for the footer."""
    counts = {
        "overdue": ngettext("{n} overdue", "{n} overdue", n),
        "due": ngettext("{n} due", "{n} due", n),
        "ok": ngettext("{n} ok", "{n} ok", n),
        "paused": ngettext("{n} paused", "{n} paused", n),
        "not-started": ngettext("{n} not-started", "{n} not-started", n),
        "retired": ngettext("{n} retired", "{n} retired", n),
    }
    return counts[state].format(n=n)


# ------------------------------------------------------------------------------------------

STATE_SYMBOLS: dict[State, str] = {
    "overdue": "✗", "due": "!", "ok": "✓", "paused": "‖", "not-started": "○", "retired": "–",
}
STATE_STYLES: dict[State, str] = {
    "overdue": "bold red", "due": "bold yellow", "ok": "green", "paused": "cyan",
    "not-started": "dim", "retired": "dim",
}
BLOCKS = "▁▂▃▄▅▆▇█"
BAR_ZERO = " "
MARKDOWN_BAR_ZERO = "·"  # a space would vanish in a rendered Markdown table
TITLE_MIN = 8  # a title squeezed into fewer cells than this is left out
ID_STYLE = "bold"
TITLE_STYLE = ""
DIM = "dim"


def days_ago(days: int) -> str:
    """"today", "1 day ago", "12 days ago"."""
    if days == 0:
        return _(TODAY)
    return ngettext("{n} day ago", "{n} days ago", days).format(n=days)


def state_label(state: State) -> str:
    return f"{STATE_SYMBOLS[state]} {_(STATE_NAMES[state])}"


def owners_label(owners: Sequence[str], parties: Sequence[str]) -> str:
    """polisen / kommunen / both: "both" when every party of the promise owns it."""
    if len(parties) > 1 and set(owners) >= set(parties):
        return _(BOTH_PARTIES)
    return "+".join(owners)


def short_unit(kind: PeriodKind) -> str:
    """`w`, `m` ...: the unit of a target in the compact table."""
    units = {"week": _("w"), "month": _("m"), "quarter": _("q"), "tertial": _("t"),
             "year": _("y")}
    return units[kind]


def progress_label(target: TargetProgress | None, compact: bool = False) -> str:
    if target is None:
        return ""
    unit = short_unit(target.per) if compact else period_unit(target.per,
                                                              target.periods_total)
    return PROGRESS.format(met=target.periods_met, total=target.periods_total, unit=unit)


def bar_peak(rows: Sequence[CommitmentStatus]) -> int:
    return max((n for row in rows for n in row.recent), default=0)


def bar(counts: Sequence[int], peak: int, zero: str = BAR_ZERO) -> str:
    """One block per week, scaled so that `peak` activities make a full block."""
    if peak <= 0:
        return zero * len(counts)
    return "".join(BLOCKS[math.ceil(n * len(BLOCKS) / peak) - 1] if n > 0 else zero
                   for n in counts)


def header_line(report: StatusReport) -> str:
    return _(HEADER).format(title=report.promise.title, as_of=report.as_of.isoformat(),
                         week=week_name(report.as_of))


def week_name(day: dt.date) -> str:
    """The ISO week `day` is in, as the user's language names it: "wk 22", "v. 22"."""
    return _(WEEK).format(week=day.isocalendar()[1])


def weeks_label(report: StatusReport) -> str:
    return _(COL_WEEKS).format(first=report.recent_weeks[0].start.isocalendar()[1],
                               last=report.recent_weeks[-1].start.isocalendar()[1])


def footer_line(rows: Sequence[CommitmentStatus]) -> str:
    if not rows:
        return _(NO_ROWS)
    counts = {state: sum(1 for row in rows if row.state == state) for state in STATES}
    return FOOTER_SEPARATOR.join(state_count(state, n) for state, n in counts.items() if n)


def bar_legend(report: StatusReport) -> str:
    """What the bars mean; or, when nothing at all is logged, what that means."""
    if report.rows and not any(row.activity_count for row in report.rows):
        return _(NOTHING_LOGGED)
    first = week_name(report.recent_weeks[0].start)
    last = week_name(report.recent_weeks[-1].start)
    peak = bar_peak(report.rows)
    if peak == 0:
        return _(BAR_LEGEND_EMPTY).format(first=first, last=last)
    return _(BAR_LEGEND).format(first=first, last=last, peak=peak)


# --- what changed since a day (`--since`) ---------------------------------------------------


def change_label(change: StateChange) -> str:
    """`poliskontor: ok → overdue`, the states in the user's language."""
    return CHANGE.format(id=change.id, before=_(STATE_NAMES[change.before]),
                         after=_(STATE_NAMES[change.after]))


def since_lines(report: StatusReport, since: Since) -> list[str]:
    """What the New column counts, and the commitments whose state changed."""
    day = since.day.isoformat()
    lines = [_(NEW_LEGEND).format(since=day, as_of=report.as_of.isoformat())]
    if since.changes:
        lines.append(_(CHANGES).format(since=day, changes=FOOTER_SEPARATOR.join(
            change_label(change) for change in since.changes)))
    else:
        lines.append(_(NO_CHANGES).format(since=day))
    return lines


def next_planned_label(row: CommitmentStatus, as_of: dt.date, compact: bool) -> str:
    """The date of the next plan: in the compact table MM-DD within as-of's year."""
    if row.next_planned is None:
        return ""
    if compact and row.next_planned.year == as_of.year:
        return row.next_planned.strftime("%m-%d")
    return row.next_planned.isoformat()


def has_plans(rows: Sequence[CommitmentStatus]) -> bool:
    return any(row.next_planned is not None for row in rows)


# --- the table ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which optional parts fit; the commitment column takes the width that is left."""

    dates: bool
    owners: bool
    bars: bool
    titles: bool
    commitment_width: int
    compact: bool = False  # two-line headers, `98 d` for the last activity, short units
    count: bool = True
    max_gap: bool = True


# What gives way when the table is too narrow for every id, in this order: the titles (they
# take only the room that is left), the date of the last activity (its "days ago" stays),
# the bars, the long forms (headers on two lines, `98 d`, short units), the count, the max
# gap; the owners last.
_CANDIDATES: tuple[dict[str, bool], ...] = (
    {},
    {"dates": False},
    {"bars": False, "dates": False},
    {"bars": False, "dates": False, "compact": True},
    {"bars": False, "dates": False, "compact": True, "count": False},
    {"bars": False, "dates": False, "compact": True, "count": False, "max_gap": False},
    {"bars": False, "dates": False, "compact": True, "count": False, "max_gap": False,
     "owners": False},
)


def last_label(row: CommitmentStatus, with_date: bool, compact: bool = False) -> str:
    if row.last_activity is None or row.days_since is None:
        return _(NEVER) if compact else _(NO_ACTIVITY)
    if compact:
        return _(TODAY) if row.days_since == 0 else _(GAP_SHORT).format(n=row.days_since)
    ago = days_ago(row.days_since)
    if with_date:
        return LAST_WITH_DATE.format(date=row.last_activity.isoformat(), ago=ago)
    return ago


def _width(header: str, values: Sequence[str]) -> int:
    lines = header.split("\n")
    return max([cell_len(line) for line in lines] + [cell_len(v) for v in values])


def _owners_cell(row: CommitmentStatus, report: StatusReport) -> str:
    return terminal_text(owners_label(row.commitment.owners, report.parties))


def plan_layout(report: StatusReport, width: int, since: Since | None = None) -> _Layout:
    """Fit the table into `width` cells, giving way in the order of `_CANDIDATES` until
    every id fits. Titles follow the ids when at least TITLE_MIN cells are left for them;
    an id is never cut (when nothing fits, it folds onto a second line)."""
    rows = report.rows
    has_target = any(row.target is not None for row in rows)
    plans = has_plans(rows)
    ids = max([cell_len(terminal_text(row.id)) for row in rows]
              + [cell_len(_(COL_COMMITMENT))])
    layout = None
    for change in _CANDIDATES:
        options = {"dates": True, "bars": True, "compact": False, "count": True,
                   "max_gap": True, "owners": True, **change}
        compact = options["compact"]
        used = [_width(_(COL_STATE), [state_label(row.state) for row in rows])]
        if options["owners"]:
            used.append(_width(_(COL_OWNERS), [_owners_cell(row, report) for row in rows]))
        used.append(_width(_(COL_LAST_SHORT if compact else COL_LAST),
                           [last_label(row, options["dates"], compact) for row in rows]))
        if options["max_gap"]:
            used.append(_width(_(COL_GAP), [gap_short(row.max_gap_days) for row in rows]))
        if options["count"]:
            used.append(_width(_(COL_COUNT), [str(row.activity_count) for row in rows]))
        if since is not None:
            used.append(_width(_(COL_NEW), [str(n) for n in since.new.values()]))
        if has_target:
            used.append(_width(_(COL_TARGET), [progress_label(row.target, compact)
                                               for row in rows]))
        if plans:
            used.append(_width(_(COL_PLANNED_SHORT if compact else COL_PLANNED),
                               [next_planned_label(row, report.as_of, compact)
                                for row in rows]))
        if options["bars"]:
            used.append(_width(weeks_label(report), ["x" * len(report.recent_weeks)]))
        left = width - sum(used) - len(used)  # one space between columns
        layout = _Layout(options["dates"], options["owners"], options["bars"],
                         left - ids - 1 >= TITLE_MIN, max(left, cell_len(_(COL_COMMITMENT))),
                         compact, options["count"], options["max_gap"])
        if left >= ids:
            break
    assert layout is not None
    return layout


def _commitment_cell(row: CommitmentStatus, width: int, titles: bool) -> Text:
    """The id, never cut (it folds onto a second line when the table is too narrow for
    it), and the title after it, cut to what is left."""
    text = Text(terminal_text(row.id), style=ID_STYLE)
    if titles:
        text.append(" ")
        text.append(terminal_text(row.commitment.title), style=TITLE_STYLE)
        text.truncate(max(width, len(text) - len(row.commitment.title)), overflow="ellipsis")
    return text


def render_table(report: StatusReport, width: int, since: Since | None = None
                 ) -> RenderableType:
    """The header line, one row per commitment, a footer that counts the states, and with
    `since` what changed since that day.

    Every cell is a rich Text, never a str that rich would read as markup, and ledger text
    in it has its control characters written out (`terminal_text`)."""
    rows = report.rows
    parts: list[RenderableType] = [Text(terminal_text(header_line(report)), style="bold")]
    if not rows:
        parts.append(Text(_(NO_ROWS)))
        return Group(*parts)
    layout = plan_layout(report, width, since)
    compact = layout.compact
    has_target = any(row.target is not None for row in rows)
    plans = has_plans(rows)
    peak = bar_peak(rows)
    columns = [Column(_(COL_STATE)),
               Column(_(COL_COMMITMENT), no_wrap=False, overflow="fold",
                      max_width=layout.commitment_width)]
    if layout.owners:
        columns.append(Column(_(COL_OWNERS)))
    columns.append(Column(_(COL_LAST_SHORT if compact else COL_LAST)))
    if layout.max_gap:
        columns.append(Column(_(COL_GAP), justify="right"))
    if layout.count:
        columns.append(Column(_(COL_COUNT), justify="right"))
    if since is not None:
        columns.append(Column(_(COL_NEW), justify="right"))
    if has_target:
        columns.append(Column(_(COL_TARGET)))
    if plans:
        columns.append(Column(_(COL_PLANNED_SHORT if compact else COL_PLANNED)))
    if layout.bars:
        columns.append(Column(weeks_label(report)))
    table: list[list[Text]] = []
    for row in rows:
        cells: list[Text] = [
            Text(state_label(row.state), style=STATE_STYLES[row.state]),
            _commitment_cell(row, layout.commitment_width, layout.titles),
        ]
        if layout.owners:
            cells.append(Text(_owners_cell(row, report)))
        last = last_label(row, layout.dates, compact)
        cells.append(Text(last, style=DIM if row.last_activity is None else ""))
        if layout.max_gap:
            cells.append(Text(gap_short(row.max_gap_days)))
        if layout.count:
            cells.append(Text(str(row.activity_count)))
        if since is not None:
            cells.append(Text(str(since.new.get(row.id, 0))))
        if has_target:
            cells.append(Text(progress_label(row.target, compact)))
        if plans:
            cells.append(Text(next_planned_label(row, report.as_of, compact)))
        if layout.bars:
            cells.append(Text(bar(row.recent, peak), style="cyan"))
        table.append(cells)
    parts.append(StatusTable(columns, table))
    parts.append(Text(footer_line(rows)))
    legend = bar_legend(report)
    if layout.bars or legend == _(NOTHING_LOGGED):
        parts.append(Text(legend, style=DIM))
    if since is not None:
        parts += [Text(terminal_text(line)) for line in since_lines(report, since)]
    return Group(*parts)


# --- machine-readable and pasteable formats -----------------------------------------------

JSON_KEYS = ("id", "title", "owners", "state", "last_activity", "days_since", "max_gap_days",
             "activity_count", "target", "periods_met", "periods_total",
             # version 2
             "gap_state", "target_state", "paused", "current_period", "next_planned",
             "new_since")
CSV_KEYS = (*JSON_KEYS[:JSON_KEYS.index("current_period")],
            "current_period_start", "current_period_end", "current_period_count",
            "next_planned", "new_since")


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


def row_document(row: CommitmentStatus, since: Since | None = None) -> dict[str, Any]:
    """One commitment as the contract's JSON object, keys in the contract's order.
    `new_since` is null without `since`."""
    target = row.commitment.target
    progress = row.target
    current = row.current_period
    return {
        "id": row.id,
        "title": row.commitment.title,
        "owners": list(row.commitment.owners),
        "state": row.state,
        "last_activity": _iso(row.last_activity),
        "days_since": row.days_since,
        "max_gap_days": row.max_gap_days,
        "activity_count": row.activity_count,
        "target": {"per": target.per, "at_least": target.at_least} if target else None,
        "periods_met": progress.periods_met if progress else None,
        "periods_total": progress.periods_total if progress else None,
        "gap_state": row.gap_state,
        "target_state": row.target_state,
        "paused": row.paused,
        "current_period": {"start": current.start.isoformat(),
                           "end": current.end.isoformat(),
                           "count": current.count} if current else None,
        "next_planned": _iso(row.next_planned),
        "new_since": since.new.get(row.id, 0) if since is not None else None,
    }


def render_json(report: StatusReport, since: Since | None = None) -> str:
    """The status as JSON. With `since`, a last key `since`: the day, and the changes of
    state as codes (`{"id", "from", "to"}`)."""
    return json_text(json.dumps(status_document(report, since), ensure_ascii=False,
                                indent=2))


def status_document(report: StatusReport, since: Since | None = None) -> dict[str, Any]:
    """The object `render_json` writes (also one ledger's part of a group's JSON)."""
    promise = report.promise
    document: dict[str, Any] = {
        "as_of": report.as_of.isoformat(),
        "promise": {"id": promise.id, "title": promise.title,
                    "valid_from": promise.valid_from.isoformat(),
                    "valid_until": promise.valid_until.isoformat()},
        "commitments": [row_document(row, since) for row in report.rows],
    }
    if since is not None:
        document["since"] = {
            "date": since.day.isoformat(),
            "changes": [{"id": c.id, "from": c.before, "to": c.after}
                        for c in since.changes],
        }
    return document


def _csv_value(key: str, value: Any) -> CsvCell:
    if value is None:
        return ""
    if key == "owners":
        return ";".join(value)
    if key == "target":
        return f"{value['at_least']}/{value['per']}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return value  # a number stays a number
    return str(value)


def csv_row(row: CommitmentStatus, since: Since | None) -> list[CsvCell]:
    document = row_document(row, since)
    current = document.pop("current_period") or {}
    for part in ("start", "end", "count"):
        document[f"current_period_{part}"] = current.get(part)
    return [_csv_value(key, document[key]) for key in CSV_KEYS]


def render_csv(report: StatusReport, since: Since | None = None) -> str:
    """One row per commitment with the JSON keys, `current_period` as three columns
    (current_period_start, _end, _count); owners joined with ';', target as AT_LEAST/PER
    (for example 1/week), paused as true/false, empty for null. Formula-safe: text that a
    spreadsheet would run starts with an apostrophe."""
    return csv_document(CSV_KEYS, (csv_row(row, since) for row in report.rows),
                        lineterminator="\n")


def render_markdown(report: StatusReport, since: Since | None = None) -> str:
    """A pipe table to paste into the minutes, with the header line above it."""
    rows = report.rows
    peak = bar_peak(rows)
    lines = [markdown_text(header_line(report)), ""]
    if not rows:
        return "\n".join([*lines, _(NO_ROWS)]) + "\n"
    plans = has_plans(rows)
    header = [_(COL_STATE), _(COL_COMMITMENT), _(COL_OWNERS), _(COL_LAST), _(COL_GAP),
              _(COL_COUNT)]
    align = ["---", "---", "---", "---", "---:", "---:"]
    if since is not None:
        header.append(_(COL_NEW_SINCE).format(since=since.day.isoformat()))
        align.append("---:")
    header.append(_(COL_TARGET))
    align.append("---")
    if plans:
        header.append(_(COL_PLANNED))
        align.append("---")
    header.append(weeks_label(report))
    align.append("---")
    lines.append("| " + " | ".join(h.replace("\n", " ") for h in header) + " |")
    lines.append("| " + " | ".join(align) + " |")
    for row in rows:
        if row.last_activity is None or row.days_since is None:
            last = _(NO_ACTIVITY)
        else:
            last = LAST_MARKDOWN.format(date=row.last_activity.isoformat(),
                                        ago=days_ago(row.days_since))
        cells = [
            state_label(row.state),
            f"{markdown_code(row.id)} {markdown_text(row.commitment.title)}",
            markdown_text(owners_label(row.commitment.owners, report.parties)),
            last,
            gap_long(row.max_gap_days) if row.max_gap_days is not None else NO_GAP_RULE,
            str(row.activity_count),
        ]
        if since is not None:
            cells.append(str(since.new.get(row.id, 0)))
        cells.append(progress_label(row.target))
        if plans:
            cells.append(next_planned_label(row, report.as_of, compact=False))
        cells.append(bar(row.recent, peak, zero=MARKDOWN_BAR_ZERO))
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", footer_line(rows), "", bar_legend(report)]
    if since is not None:
        lines += ["", *(markdown_text(line) for line in since_lines(report, since))]
    return "\n".join(lines) + "\n"
