"""Output of `lofte show`: one commitment in full. Never prints."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from lofte.domain.coverage import (
    CommitmentDetail,
    HeatRow,
    TargetProgress,
)
from lofte.domain.ledger import RecordedActivity
from lofte.domain.targets import due_from, overdue_from
from lofte.i18n import N_, _, current_language, ngettext
from lofte.render.check import display_path
from lofte.render.numbers import format_number, number_style
from lofte.render.safe_text import terminal_text
from lofte.render.status import (
    DIM,
    STATE_STYLES,
    days_ago,
    gap_long,
    owners_label,
    period_unit,
    state_label,
    week_name,
)

# --- user-facing text: English, marked with N_() and translated where it is used ------------
HEADER = "{id} · {title}"
SUBHEADER = N_("{promise} · as of {as_of} ({week})")
LABEL_STATE = N_("State")
LABEL_OWNERS = N_("Owners")
LABEL_MAX_GAP = N_("Max gap")
LABEL_TARGET = N_("Target")
LABEL_ACTIVE = N_("Active")
STATE_LAST = N_("{state}: last activity {date}, {ago}")
STATE_NONE = N_("{state}: no activity logged since {start}")
STATE_NOT_STARTED = N_("{state}: becomes active on {start}")
STATE_RETIRED = N_("{state}: retired on {retired}")
GAP_RULE = N_("{gap}: due from {due} days without activity, overdue from {over}")
NO_TARGET = N_("none")
TARGET_TEXT = N_("at least {at_least} per {per}: {met}/{total} {unit} met")
TARGET_CURRENT = N_("; {count} so far in {period}")
ACTIVE_FROM = N_("from {start}")
ACTIVE_UNTIL = N_("from {start} until {retired} (retired)")
HEAT_TITLE = N_("Activities per ISO week")
HEAT_LEGEND = N_("· none  ░ 1  ▒ 2  ▓ 3  █ 4 or more  (blank: outside {start} – {as_of})")
TOTALS_TITLE = N_("Totals, {start} – {as_of}")
LABEL_ACTIVITIES = N_("Activities")
LABEL_PEOPLE = N_("People reached")
LABEL_HOURS = N_("Staff hours")
LABEL_BY_PARTY = N_("By party")
ACTIVITIES_TOTAL = "{n}"
REPORTED_IN = N_(" (reported in {n} of {total})")
NOT_REPORTED = N_("not reported")
PARTY_LINE = "{party}: {figures}"
JOINT_NOTE = N_("a joint activity counts in full for each party in its `by` (without `by`: "
                "each owner), so these rows can add up to more than the total")
LIST_TITLE = N_("Activities, newest first")
NONE_LOGGED = N_("no activity logged; this says nothing was recorded, not that nothing was "
                 "done")
NOT_PUBLIC = N_("not public")
DETAIL_SEPARATOR = " · "
LABEL_PLANNED = N_("Next planned")
NONE_PLANNED = N_("none planned")
PLANNED_TEXT = "{date} · {summary}"
LABEL_PAUSES = N_("Paused")
PAUSES_TEXT = N_("{calendars}: the clock stops on these days")
PAUSES_EXEMPT = N_("; a target period more than half paused is not counted")
UNCOUNTED = N_("not counted here: {n} naming this commitment dated outside {start} – {as_of}")


def more_label(n: int) -> str:
    return ngettext("{n} older activity not shown; --all lists every one",
                    "{n} older activities not shown; --all lists every one", n).format(n=n)


def activities_label(n: int) -> str:
    return ngettext("{n} activity", "{n} activities", n).format(n=n)


def not_public_count(n: int) -> str:
    return ngettext(" ({n} not public)", " ({n} not public)", n).format(n=n)


def people_label(n: float) -> str:
    return ngettext("{n} person", "{n} people", _count(n)).format(n=number(n))


def hours_label(n: float) -> str:
    return ngettext("{n} hour", "{n} hours", _count(n)).format(n=number(n))


def _count(n: float) -> int:
    """The number that chooses the plural form: a fraction reads as a plural (1.5 hours)."""
    return int(n) if float(n).is_integer() else 2


# ------------------------------------------------------------------------------------------

HEAT_CELLS = "·░▒▓█"  # 0, 1, 2, 3, 4 or more
HEAT_OUTSIDE = " "
HEAT_STYLE = "green"
RULER_MARKS = (1, 10, 20, 30, 40, 50)
SECTION_STYLE = "bold"


def heat_cell(count: int | None) -> str:
    if count is None:
        return HEAT_OUTSIDE
    return HEAT_CELLS[min(count, len(HEAT_CELLS) - 1)]


def heat_lines(rows: Sequence[HeatRow]) -> list[str]:
    """A ruler of week numbers, then one line per ISO year."""
    label = len(str(rows[-1].year)) + 1 if rows else 5
    width = max((len(row.cells) for row in rows), default=53)
    ruler = [" "] * width
    for mark in RULER_MARKS:
        text = str(mark)
        if mark - 1 + len(text) <= width:
            ruler[mark - 1:mark - 1 + len(text)] = text
    lines = [" " * label + "".join(ruler).rstrip()]
    for row in rows:
        lines.append(f"{row.year:>{label - 1}} "
                     + "".join(heat_cell(c) for c in row.cells).rstrip())
    return lines


def number(value: float) -> str:
    """`value` as the language of the messages writes numbers (`lofte.render.numbers`)."""
    return format_number(value, number_style(current_language()))


def _target_text(target: TargetProgress) -> str:
    text = _(TARGET_TEXT).format(at_least=target.at_least, per=period_unit(target.per, 1),
                                 met=target.periods_met, total=target.periods_total,
                                 unit=period_unit(target.per, target.periods_total))
    if target.current is not None:
        text += _(TARGET_CURRENT).format(count=target.current_count,
                                      period=target.current.label)
    return text


def _state_text(detail: CommitmentDetail) -> Text:
    status = detail.status
    word = state_label(status.state)
    if status.state == "not-started":
        body = _(STATE_NOT_STARTED).format(state=word, start=status.window_start.isoformat())
    elif status.state == "retired" and status.commitment.retired_on is not None:
        body = _(STATE_RETIRED).format(state=word,
                                    retired=status.commitment.retired_on.isoformat())
    elif status.last_activity is None or status.days_since is None:
        body = _(STATE_NONE).format(state=word, start=status.window_start.isoformat())
    else:
        body = _(STATE_LAST).format(state=word, date=status.last_activity.isoformat(),
                                 ago=days_ago(status.days_since))
    return Text(body, style=STATE_STYLES[status.state])


def _plain(text: str, style: str = "") -> Text:
    """Ledger text (or text made from it) for the terminal: controls written out, never
    read as rich markup."""
    return Text(terminal_text(text), style=style)


def _grid() -> Table:
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style=SECTION_STYLE, no_wrap=True)
    grid.add_column()
    return grid


NO_GAP_RULE = N_("none: the target alone decides the state")


def _facts(detail: CommitmentDetail, parties: Mapping[str, str],
           planned: RecordedActivity | None = None) -> Table:
    status = detail.status
    commitment = status.commitment
    grid = _grid()
    grid.add_row(_plain(_(LABEL_STATE)), _state_text(detail))
    owners = ", ".join(f"{p} ({parties[p]})" if p in parties else p for p in commitment.owners)
    grid.add_row(_plain(_(LABEL_OWNERS)), _plain(owners))
    max_gap = status.max_gap_days
    grid.add_row(_plain(_(LABEL_MAX_GAP)),
                 _plain(_(GAP_RULE).format(gap=gap_long(max_gap), due=due_from(max_gap),
                                           over=overdue_from(max_gap))
                        if max_gap is not None else _(NO_GAP_RULE)))
    grid.add_row(_plain(_(LABEL_TARGET)),
                 _plain(_target_text(status.target) if status.target else _(NO_TARGET)))
    if commitment.pauses:
        pauses = _(PAUSES_TEXT).format(calendars=", ".join(commitment.pauses))
        if commitment.target is not None:
            pauses += _(PAUSES_EXEMPT)
        grid.add_row(_plain(_(LABEL_PAUSES)), _plain(pauses))
    if planned is not None:
        grid.add_row(_plain(_(LABEL_PLANNED)), _plain(PLANNED_TEXT.format(
            date=planned.date.isoformat(), summary=" ".join(planned.activity.summary.split()))))
    else:
        grid.add_row(_plain(_(LABEL_PLANNED)), _plain(_(NONE_PLANNED), style=DIM))
    start = status.window_start.isoformat()
    if commitment.retired_on is not None:
        active = _(ACTIVE_UNTIL).format(start=start, retired=commitment.retired_on.isoformat())
    else:
        active = _(ACTIVE_FROM).format(start=start)
    grid.add_row(_plain(_(LABEL_ACTIVE)), _plain(active))
    return grid


def _totals(detail: CommitmentDetail) -> Table:
    totals = detail.totals
    grid = _grid()
    count = ACTIVITIES_TOTAL.format(n=totals.activities)
    if totals.private:
        count += not_public_count(totals.private)
    grid.add_row(_plain(_(LABEL_ACTIVITIES)), _plain(count))
    for label, value, reported in ((_(LABEL_PEOPLE), totals.people_reached,
                                    totals.with_people),
                                   (_(LABEL_HOURS), totals.hours, totals.with_hours)):
        if not reported:
            grid.add_row(_plain(label), _plain(_(NOT_REPORTED)))
        elif reported < totals.activities:
            grid.add_row(_plain(label), _plain(number(value) + _(REPORTED_IN).format(
                n=reported, total=totals.activities)))
        else:
            grid.add_row(_plain(label), _plain(number(value)))
    lines = []
    for p in totals.by_party:
        parts = [activities_label(p.activities)]
        if totals.with_people:
            parts.append(people_label(p.people_reached))
        if totals.with_hours:
            parts.append(hours_label(p.hours))
        lines.append(PARTY_LINE.format(party=p.party, figures=", ".join(parts)))
    if sum(p.activities for p in totals.by_party) > totals.activities:
        lines.append(f"({_(JOINT_NOTE)})")
    grid.add_row(_plain(_(LABEL_BY_PARTY)),
                 Text("\n".join(terminal_text(line) for line in lines)))
    return grid


def _activities(detail: CommitmentDetail, parties: Sequence[str], cwd: str,
                limit: int | None = None) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_header=False, show_edge=False, padding=(0, 0),
                  pad_edge=False)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(overflow="fold")
    owners = detail.status.commitment.owners
    for entry in detail.activities[:limit]:
        activity = entry.activity
        by = _plain(owners_label(activity.by, parties)) if activity.by \
            else _plain(owners_label(owners, parties), style=DIM)
        # A summary may run over several lines: its newlines and tabs stay.
        details = Text(terminal_text(activity.summary.strip(), multiline=True))
        where = [terminal_text(activity.place)] if activity.place else []
        if not activity.public:
            where.append(_(NOT_PUBLIC))
        if where:
            details.append("\n" + DETAIL_SEPARATOR.join(where), style=DIM)
        location = terminal_text(display_path(entry.path, cwd))
        if entry.index is not None:
            location += f" #{entry.index + 1}"
        details.append("\n" + location, style=DIM)
        table.add_row(_plain(activity.date.isoformat()), by, details)
    return table


def render_show(detail: CommitmentDetail, parties: Mapping[str, str], cwd: str, *,
                limit: int | None = None, planned: RecordedActivity | None = None
                ) -> RenderableType:
    """Wording, facts (the next plan, `planned`, among them), a weekly heat map over the
    whole promise, totals and the activities: the latest `limit` of them (None: all), and a
    line counting the others."""
    status = detail.status
    commitment = status.commitment
    as_of = detail.as_of.isoformat()
    start = status.window_start.isoformat()
    parts: list[RenderableType] = [
        _plain(HEADER.format(id=commitment.id, title=commitment.title), style="bold"),
        _plain(_(SUBHEADER).format(promise=detail.promise.title, as_of=as_of,
                                   week=week_name(detail.as_of)), style=DIM),
        Text(),
        _plain(" ".join(commitment.wording.split())),
        Text(),
        _facts(detail, parties, planned),
        Text(),
        Text(_(HEAT_TITLE), style=SECTION_STYLE),
    ]
    lines = heat_lines(detail.heat)
    parts.append(Text(lines[0], style=DIM))
    for line in lines[1:]:
        year, _space, cells = line.partition(" ")
        parts.append(Text.assemble((year + " ", SECTION_STYLE), (cells, HEAT_STYLE)))
    parts += [
        Text(_(HEAT_LEGEND).format(start=start, as_of=as_of), style=DIM),
        Text(),
        Text(_(TOTALS_TITLE).format(start=start, as_of=as_of), style=SECTION_STYLE),
        _totals(detail),
        Text(),
        Text(_(LIST_TITLE), style=SECTION_STYLE),
    ]
    if detail.activities:
        parts.append(_activities(detail, list(parties), cwd, limit))
        hidden = len(detail.activities) - limit if limit is not None else 0
        if hidden > 0:
            parts.append(Text(more_label(hidden), style=DIM))
    else:
        parts.append(Text(_(NONE_LOGGED), style=DIM))
    if detail.uncounted:
        parts.append(Text(_(UNCOUNTED).format(
            n=activities_label(detail.uncounted), start=start, as_of=as_of),
            style=DIM))
    return Group(*parts)
