"""What each page shows, as plain data for the templates: built from the use cases' results,
in the user's language, with nothing of HTML in it (the templates escape everything).

The web front end and `lofte site` both build their pages here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

from lofte.domain.coverage import STATES, CommitmentDetail, CommitmentStatus, State
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.new_activity import group_commitments
from lofte.domain.periods import iso_week
from lofte.domain.reviews import NOT_ASSESSED, VERDICT_WORDS, VerdictEntry
from lofte.i18n import N_, _, ngettext
from lofte.render.show import hours_label, number, people_label
from lofte.render.status import (
    NO_ACTIVITY,
    STATE_NAMES,
    STATE_SYMBOLS,
    bar_legend,
    days_ago,
    footer_line,
    header_line,
    next_planned_label,
    owners_label,
    progress_label,
    since_lines,
    week_name,
)
from lofte.usecases.review import ReviewRow
from lofte.usecases.status import StatusOverview

VERDICT_SIGNS = {"done": "✓", "ongoing": "↻", "partly": "◐", "not-done": "✗",
                 "not-assessed": "–"}
WEEK_TITLE = N_("{week} {year}: {count}")


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str
    selected: bool = False


@dataclass(frozen=True, slots=True)
class Bar:
    height: int  # percent of the tallest bar of the board
    count: int
    title: str


@dataclass(frozen=True, slots=True)
class BoardRow:
    id: str
    title: str
    state: State
    state_label: str
    symbol: str
    owners: str
    last: str
    next_planned: str
    count: int
    new: int | None
    target: str
    bars: tuple[Bar, ...]
    bars_label: str


@dataclass(frozen=True, slots=True)
class Board:
    heading: str
    as_of: str
    rows: tuple[BoardRow, ...]
    footer: str
    legend: str
    since: tuple[str, ...]
    owners: tuple[Choice, ...]
    states: tuple[Choice, ...]
    notice: str | None = None


def state_symbol(state: State) -> str:
    return STATE_SYMBOLS[state].strip() or "•"


def _last(row: CommitmentStatus) -> str:
    if row.last_activity is None or row.days_since is None:
        return _(NO_ACTIVITY)
    return f"{row.last_activity.isoformat()} ({days_ago(row.days_since)})"


def _bars(row: CommitmentStatus, weeks: Sequence[dt.date], peak: int) -> tuple[Bar, ...]:
    bars = []
    for start, count in zip(weeks, row.recent, strict=True):
        year = iso_week(start)[0]
        bars.append(Bar(round(100 * count / peak) if peak else 0, count,
                        _(WEEK_TITLE).format(week=week_name(start), year=year, count=count)))
    return tuple(bars)


def board(overview: StatusOverview, ledger: Ledger, owners: Sequence[str],
          states: Sequence[str], notice: str | None = None) -> Board:
    report = overview.report
    parties = tuple(ledger.promise_file.parties)
    weeks = [span.start for span in report.recent_weeks]
    peak = max((n for row in report.rows for n in row.recent), default=0)
    rows = tuple(BoardRow(
        id=row.id, title=row.commitment.title, state=row.state,
        state_label=_(STATE_NAMES[row.state]), symbol=state_symbol(row.state),
        owners=owners_label(row.commitment.owners, parties), last=_last(row),
        next_planned=next_planned_label(row, report.as_of, compact=False),
        count=row.activity_count, new=overview.new_since(row),
        target=progress_label(row.target), bars=_bars(row, weeks, peak),
        bars_label=", ".join(str(n) for n in row.recent)) for row in report.rows)
    return Board(
        heading=header_line(report), as_of=report.as_of.isoformat(), rows=rows,
        footer=footer_line(report.rows), legend=bar_legend(report),
        since=tuple(since_lines(report, overview.since)) if overview.since else (),
        owners=tuple(Choice(pid, party.name, pid in owners)
                     for pid, party in ledger.promise_file.parties.items()),
        states=tuple(Choice(state, _(STATE_NAMES[state]), state in states)
                     for state in STATES),
        notice=notice)


# --- one commitment -----------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class HeatCell:
    level: int  # 0..4; -1 outside the commitment's window
    title: str


@dataclass(frozen=True, slots=True)
class ActivityLine:
    date: str
    summary: str
    place: str
    by: str
    public: bool
    path: str


@dataclass(frozen=True, slots=True)
class VerdictLine:
    period: str
    kind: str
    sign: str
    word: str
    comment: str
    decided_on: str


@dataclass(frozen=True, slots=True)
class CommitmentPage:
    id: str
    title: str
    text: str
    owners: str
    state: State
    state_label: str
    symbol: str
    last: str
    facts: tuple[tuple[str, str], ...]
    heat: tuple[tuple[int, tuple[HeatCell, ...]], ...]
    plans: tuple[ActivityLine, ...]
    activities: tuple[ActivityLine, ...]
    more: int
    verdicts: tuple[VerdictLine, ...]


def verdict_line(period: str, entry: VerdictEntry | None, decided_on: str = "") -> VerdictLine:
    kind = entry.verdict if entry is not None else "not-assessed"
    word = _(VERDICT_WORDS[entry.verdict]) if entry is not None else _(NOT_ASSESSED)
    return VerdictLine(period, kind, VERDICT_SIGNS[kind], word,
                       (entry.comment or "") if entry else "", decided_on)


def _line(entry: RecordedActivity, owners: Sequence[str]) -> ActivityLine:
    activity = entry.activity
    return ActivityLine(entry.date.isoformat(), activity.summary, activity.place or "",
                        ", ".join(activity.by or owners), activity.public, entry.path)


ACTIVITIES_SHOWN = 50
NOT_PUBLIC = N_("not public")
FACT_ACTIVITIES = N_("Activities")
FACT_PEOPLE = N_("People reached")
FACT_HOURS = N_("Staff hours")
FACT_TARGET = N_("Target")
FACT_GAP = N_("Max gap")
GAP_DAYS = N_("{n} days")


def commitment_page(detail: CommitmentDetail, ledger: Ledger) -> CommitmentPage:
    status = detail.status
    commitment = status.commitment
    parties = tuple(ledger.promise_file.parties)
    facts = [(_(FACT_ACTIVITIES), number(detail.totals.activities))]
    if detail.totals.with_people:
        facts.append((_(FACT_PEOPLE), people_label(detail.totals.people_reached)))
    if detail.totals.with_hours:
        facts.append((_(FACT_HOURS), hours_label(detail.totals.hours)))
    if status.target is not None:
        facts.append((_(FACT_TARGET), progress_label(status.target)))
    if status.max_gap_days is not None:
        facts.append((_(FACT_GAP), _(GAP_DAYS).format(n=status.max_gap_days)))
    heat = tuple((row.year, tuple(
        HeatCell(-1 if count is None else min(count, 4),
                 "" if count is None else _(WEEK_TITLE).format(
                     week=_("wk {week}").format(week=number_ + 1), year=row.year,
                     count=count))
        for number_, count in enumerate(row.cells))) for row in detail.heat)
    plans = tuple(_line(plan, commitment.owners)
                  for plan in sorted(ledger.plans, key=lambda p: (p.date, p.path))
                  if commitment.id in plan.commitment and plan.date >= detail.as_of)
    shown = detail.activities[:ACTIVITIES_SHOWN]
    activities = tuple(_line(entry, commitment.owners) for entry in shown)
    verdicts = tuple(verdict_line(review.period, review.verdict(commitment.id),
                                  review.decided_on.isoformat())
                     for review in sorted(ledger.reviews, key=lambda r: r.start)
                     if review.verdict(commitment.id) is not None)
    return CommitmentPage(
        id=commitment.id, title=commitment.title, text=" ".join((commitment.text or "").split()),
        owners=owners_label(commitment.owners, parties), state=status.state,
        state_label=_(STATE_NAMES[status.state]), symbol=state_symbol(status.state),
        last=_last(status), facts=tuple(facts), heat=heat, plans=plans,
        activities=activities, more=len(detail.activities) - len(shown), verdicts=verdicts)


# --- the forms ----------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Group:
    title: str
    choices: tuple[Choice, ...]


def commitment_groups(ledger: Ledger, selected: str = "",
                      today: dt.date | None = None) -> tuple[Group, ...]:
    """The commitments as the promise groups them, for a select; retired ones left out."""
    groups = []
    for group in group_commitments(ledger.promise_file):
        choices = tuple(Choice(c.id, f"{c.title} ({c.id})", c.id == selected)
                        for c in group.commitments
                        if today is None or c.retired_on is None or c.retired_on >= today)
        if choices:
            groups.append(Group(group.title, choices))
    return tuple(groups)


def party_choices(ledger: Ledger, selected: Sequence[str]) -> tuple[Choice, ...]:
    return tuple(Choice(pid, party.name, pid in selected)
                 for pid, party in ledger.promise_file.parties.items())


@dataclass(slots=True)
class FormState:
    """The values a form shows, and the errors next to each field (`""`: the whole form)."""

    values: dict[str, str] = field(default_factory=dict)
    lists: dict[str, list[str]] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def add(self, name: str | None, message: str) -> None:
        self.errors.setdefault(name or "", []).append(message)


@dataclass(frozen=True, slots=True)
class ReviewLine:
    id: str
    title: str
    figures: str
    current: VerdictLine
    comment: str


FIGURES = N_("{activities}, {people} reached; at {as_of}: {state}")


def review_lines(rows: Sequence[ReviewRow], period: str) -> tuple[ReviewLine, ...]:
    lines = []
    for row in rows:
        activities = ngettext("{n} activity", "{n} activities", row.activities).format(
            n=row.activities)
        figures = _(FIGURES).format(activities=activities, people=row.people_reached,
                                    as_of=row.as_of.isoformat(),
                                    state=_(STATE_NAMES[row.state]))
        lines.append(ReviewLine(row.commitment.id, row.commitment.title, figures,
                                verdict_line(period, row.current),
                                (row.current.comment or "") if row.current else ""))
    return tuple(lines)


def verdict_choices() -> tuple[Choice, ...]:
    return tuple(Choice(verdict, _(word)) for verdict, word in VERDICT_WORDS.items())
