"""Coverage: which commitments have gone too long without activity. Pure.

Implements the coverage rules (docs/ledger-format.md, "How a commitment is judged") as
functions of (ledger, as-of date); nothing here reads files, the clock or a console.

Choices the contract leaves open, made here:

- Target periods are judged only when they lie wholly inside the commitment's active window
  [S, as-of] (see `periods.complete_periods`); a period cut by S is neither met nor missed.
  For a retired commitment the window ends the day before `retired_on`.
- "By party" (`lofte show`): an activity counts for each party in its `by`; without `by`, for
  each owner of the commitment being shown. A joint activity therefore counts in full for
  every party that took part, and the rows by party can add up to more than the total.
- The heat map shows the ISO weeks whose Thursday (the day that gives an ISO week its year)
  lies inside the promise period. An activity on the few edge days of a week that is not
  shown (2023-01-01, a Sunday in 2022-W52, for example) is counted in the nearest shown week.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from typing import Literal

from lofte.domain.activities import Activities
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.pauses import NO_PAUSES, Pauses, pauses_between
from lofte.domain.periods import (
    ONE_DAY,
    PeriodKind,
    Span,
    complete_period_indexes,
    iso_week,
    iso_week_start,
    last_weeks,
    next_period,
    period_containing,
    period_index,
    periods_overlapping,
    weeks_in_iso_year,
)
from lofte.domain.promise import Commitment, CommitmentsFile, Promise
from lofte.domain.targets import (
    CurrentPeriod,
    Judgement,
    count_in,
    exempt_indexes,
    gap_days,
    gap_state,
    target_state,
    worse,
)

ONE_YEAR = dt.timedelta(days=366)

State = Literal["overdue", "due", "ok", "paused", "not-started", "retired"]
STATES: tuple[State, ...] = ("overdue", "due", "ok", "paused", "not-started", "retired")
RECENT_WEEKS = 12


@dataclass(frozen=True, slots=True)
class TargetProgress:
    per: PeriodKind
    at_least: int
    periods_met: int
    periods_total: int
    current: Span | None  # the period containing as-of, when it is not complete yet
    current_count: int  # activities so far in `current`


@dataclass(frozen=True, slots=True)
class CommitmentStatus:
    commitment: Commitment
    state: State
    window_start: dt.date  # S
    last_activity: dt.date | None
    days_since: int | None
    gap: int  # g, in days, paused days left out
    max_gap_days: int | None  # None: no gap rule (`max_gap_days: null`), the target judges
    activity_count: int
    target: TargetProgress | None
    recent: tuple[int, ...]  # activities per ISO week, the last RECENT_WEEKS weeks, oldest first
    gap_state: Judgement | None = None  # None when the rule does not apply
    target_state: Judgement | None = None
    paused: bool = False  # as-of is a paused day
    current_period: CurrentPeriod | None = None  # the target period containing as-of
    next_planned: dt.date | None = None  # the first plan dated as-of or later

    @property
    def id(self) -> str:
        return self.commitment.id

    @property
    def urgency(self) -> Fraction:
        """g / max_gap_days; 0 without a gap rule."""
        return Fraction(self.gap, self.max_gap_days) if self.max_gap_days else Fraction(0)


@dataclass(frozen=True, slots=True)
class StatusReport:
    promise: Promise
    parties: tuple[str, ...]
    as_of: dt.date  # the date used: the requested one, clamped to valid_until
    requested_as_of: dt.date
    rows: tuple[CommitmentStatus, ...]  # most urgent first
    recent_weeks: tuple[Span, ...]

    @property
    def clamped(self) -> bool:
        return self.as_of != self.requested_as_of


def effective_as_of(promise: Promise, as_of: dt.date) -> dt.date:
    """Status after the promise ended is status as of its last day."""
    return min(as_of, promise.valid_until)


def window_start(promise: Promise, commitment: Commitment) -> dt.date:
    """S: the later of the promise's valid_from and the commitment's active_from."""
    if commitment.active_from is not None and commitment.active_from > promise.valid_from:
        return commitment.active_from
    return promise.valid_from


def commitment_pauses(promise_file: CommitmentsFile, commitment: Commitment, start: dt.date,
                      as_of: dt.date) -> Pauses:
    """The commitment's paused days, as far as they matter as of `as_of`: from the target
    period before S to the end of the one containing as-of."""
    specs = promise_file.pause_specs(commitment)
    if not specs:
        return NO_PAUSES
    first, last = min(start, as_of), max(start, as_of)
    if commitment.target is not None:
        first = min(first, period_containing(commitment.target.per, first).start)
        last = max(last, period_containing(commitment.target.per, last).end)
    if first > dt.date.min + ONE_YEAR:
        first -= ONE_YEAR
    return pauses_between(specs, first, last)


def sort_key(row: CommitmentStatus) -> tuple[int, Fraction, str]:
    """By state, then by g / max_gap_days (largest first), then by id."""
    return STATES.index(row.state), -row.urgency, row.id


def index_dates(entries: Iterable[RecordedActivity]) -> dict[str, list[dt.date]]:
    """The sorted dates of the activities naming each commitment (from their columns, when
    the loader kept them as columns: `Activities`)."""
    if isinstance(entries, Activities):
        return entries.dates_by_commitment()
    dates: dict[str, list[dt.date]] = defaultdict(list)
    for entry in entries:
        for commitment_id in dict.fromkeys(entry.commitment):
            dates[commitment_id].append(entry.date)
    for values in dates.values():
        values.sort()
    return dates


def target_progress(commitment: Commitment, dates: Sequence[dt.date], start: dt.date,
                    as_of: dt.date, pauses: Pauses = NO_PAUSES) -> TargetProgress | None:
    target = commitment.target
    if target is None:
        return None
    end = as_of
    retired = commitment.retired_on
    if (retired is not None and retired <= end and retired <= start) or end < start:
        return TargetProgress(target.per, target.at_least, 0, 0, None, 0)
    if retired is not None and retired <= end:
        end = retired - ONE_DAY  # not before date.min: start < retired
    # Count by the activities rather than by the periods: a promise may span 9999 years.
    judged = complete_period_indexes(target.per, start, end)
    exempt = exempt_indexes(target.per, pauses, start, end) if pauses else set()
    counts: dict[int, int] = defaultdict(int)
    for day in dates[bisect_left(dates, start):bisect_right(dates, end)]:
        index = period_index(target.per, day)
        if index in judged and index not in exempt:
            counts[index] += 1
    met = sum(1 for n in counts.values() if n >= target.at_least)
    total = len(judged) - sum(1 for index in exempt if index in judged)
    current: Span | None = period_containing(target.per, end)
    if current is not None and current.end <= end and not current.truncated:
        current = None
    current_count = count_in(dates, max(current.start, start), end) if current else 0
    return TargetProgress(target.per, target.at_least, met, total, current, current_count)


def commitment_status(promise_file: CommitmentsFile, commitment: Commitment,
                      dates: Sequence[dt.date], as_of: dt.date, weeks: Sequence[Span], *,
                      plans: Sequence[dt.date] = ()) -> CommitmentStatus:
    """The status of one commitment; `dates` are all its activity dates, sorted, and
    `plans` the dates of its plans, sorted.

    retired and not-started as in version 1; else paused when as-of is a paused day; else
    the worse of the gap rule and the target rule (`lofte.domain.targets`)."""
    start = window_start(promise_file.promise, commitment)
    max_gap = promise_file.max_gap_days(commitment)
    if max_gap is None and commitment.target is None:  # refused by check; judged as before
        max_gap = promise_file.defaults.max_gap_days
    first = bisect_left(dates, start)
    stop = bisect_right(dates, as_of)
    count = max(0, stop - first)
    last = dates[stop - 1] if count else None
    days_since = (as_of - last).days if last is not None else None
    pauses = commitment_pauses(promise_file, commitment, start, as_of)
    gap = gap_days(last or start, as_of, pauses)
    by_gap = gap_state(gap, max_gap)
    by_target: Judgement | None = None
    current: CurrentPeriod | None = None
    if commitment.target is not None and as_of >= start:
        by_target, current = target_state(commitment.target, dates, start, as_of, pauses)
    paused = as_of in pauses
    state: State
    if commitment.retired_on is not None and commitment.retired_on <= as_of:
        state = "retired"
    elif as_of < start:
        state = "not-started"
    elif paused:
        state = "paused"
    else:
        state = worse(by_gap, by_target) or "ok"
    recent = tuple(count_in(dates, max(week.start, start), min(week.end, as_of))
                   for week in weeks)
    upcoming = bisect_left(plans, as_of)
    return CommitmentStatus(
        commitment, state, start, last, days_since, gap, max_gap, count,
        target_progress(commitment, dates, start, as_of, pauses), recent,
        by_gap, by_target, paused, current,
        plans[upcoming] if upcoming < len(plans) else None)


def compute_status(ledger: Ledger, as_of: dt.date) -> StatusReport:
    """The status of every commitment as of a date, most urgent first."""
    promise_file = ledger.promise_file
    effective = effective_as_of(promise_file.promise, as_of)
    dates = index_dates(ledger.entries)
    plans = index_dates(ledger.plans)
    weeks = tuple(last_weeks(effective, RECENT_WEEKS))
    rows = [commitment_status(promise_file, c, dates.get(c.id, []), effective, weeks,
                              plans=plans.get(c.id, ()))
            for c in promise_file.commitments]
    rows.sort(key=sort_key)
    return StatusReport(promise_file.promise, tuple(promise_file.parties), effective, as_of,
                        tuple(rows), weeks)


# --- one commitment in detail (`lofte show`) ---------------------------------------------


@dataclass(frozen=True, slots=True)
class PartyTotals:
    party: str
    activities: int
    people_reached: int
    hours: float


@dataclass(frozen=True, slots=True)
class Totals:
    activities: int
    people_reached: int
    with_people: int  # activities that report people_reached
    hours: float
    with_hours: int  # activities that report hours
    private: int  # activities with public: false
    by_party: tuple[PartyTotals, ...]


@dataclass(frozen=True, slots=True)
class HeatRow:
    """One ISO year of weekly counts; None marks a week outside [S, as-of] or the promise."""

    year: int
    cells: tuple[int | None, ...]


@dataclass(frozen=True, slots=True)
class CommitmentDetail:
    promise: Promise
    as_of: dt.date
    requested_as_of: dt.date
    status: CommitmentStatus
    heat: tuple[HeatRow, ...]
    totals: Totals
    activities: tuple[RecordedActivity, ...]  # the counted ones, newest first
    uncounted: int  # activities naming it, dated before S or after as-of

    @property
    def clamped(self) -> bool:
        return self.as_of != self.requested_as_of


def heat_weeks(promise: Promise) -> list[Span]:
    """The ISO weeks the heat map shows: those whose Thursday lies inside the promise."""
    first, last = _heat_range(promise)
    return list(periods_overlapping("week", first.start, last.start))


def _heat_range(promise: Promise) -> tuple[Span, Span]:
    """The first and the last week whose Thursday lies inside the promise; when there is
    none, the week that contains valid_from, twice. Every Thursday lies before date.max
    (a Friday), and stepping a week back from one past 0001-01-01 (a Monday) stays inside."""
    first = period_containing("week", promise.valid_from)
    if first.start + 3 * ONE_DAY < promise.valid_from:
        following = next_period(first)
        if following is not None:
            first = following
    last = period_containing("week", promise.valid_until)
    if last.start + 3 * ONE_DAY > promise.valid_until and last.start > dt.date.min:
        last = period_containing("week", last.start - ONE_DAY)
    if not promise.valid_from <= first.start + 3 * ONE_DAY <= promise.valid_until \
            or last.start < first.start:
        fallback = period_containing("week", promise.valid_from)
        return fallback, fallback
    return first, last


def heat_map(promise: Promise, dates: Sequence[dt.date], start: dt.date,
             as_of: dt.date) -> tuple[HeatRow, ...]:
    """Counted activities per ISO week over the whole promise, one row per ISO year."""
    first, last = _heat_range(promise)
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for day in dates:
        if start <= day <= as_of:
            shown = first.start if day < first.start else last.start if day > last.end else day
            counts[iso_week(shown)] += 1
    # A week is shown when it lies in [first, last] (ordinals of its Monday, never past
    # date.max) and shares a day with [start, as-of].
    low = max(first.start.toordinal(), start.toordinal() - 6)
    high = min(last.start.toordinal(), as_of.toordinal())
    rows = []
    for year in range(iso_week(first.start)[0], iso_week(last.start)[0] + 1):
        cells: list[int | None] = []
        monday = iso_week_start(year, 1).toordinal()
        for week in range(1, weeks_in_iso_year(year) + 1):
            outside = not low <= monday <= high
            cells.append(None if outside else counts.get((year, week), 0))
            monday += 7
        rows.append(HeatRow(year, tuple(cells)))
    return tuple(rows)


def totals(promise_file: CommitmentsFile, commitment: Commitment,
           entries: Sequence[RecordedActivity]) -> Totals:
    by_party: dict[str, list[float]] = {party: [0, 0, 0.0] for party in promise_file.parties
                                        if party in commitment.owners}
    people = hours = 0.0
    with_people = with_hours = private = 0
    for entry in entries:
        activity = entry.activity
        reached = activity.people_reached or 0
        spent = activity.hours or 0.0
        people += reached
        hours += spent
        with_people += activity.people_reached is not None
        with_hours += activity.hours is not None
        private += not activity.public
        for party in dict.fromkeys(activity.by or commitment.owners):
            figures = by_party.setdefault(party, [0, 0, 0.0])
            figures[0] += 1
            figures[1] += reached
            figures[2] += spent
    order = list(promise_file.parties)
    parties = sorted(by_party, key=lambda p: (order.index(p) if p in order else len(order), p))
    return Totals(len(entries), int(people), with_people, hours, with_hours, private,
                  tuple(PartyTotals(p, int(by_party[p][0]), int(by_party[p][1]),
                                    by_party[p][2]) for p in parties))


def compute_detail(ledger: Ledger, commitment: Commitment, as_of: dt.date) -> CommitmentDetail:
    """Everything `lofte show` tells about one commitment as of a date."""
    promise_file = ledger.promise_file
    promise = promise_file.promise
    effective = effective_as_of(promise, as_of)
    mine = [entry for entry in ledger.entries if commitment.id in entry.commitment]
    dates = sorted(entry.date for entry in mine)
    plans = sorted(plan.date for plan in ledger.plans if commitment.id in plan.commitment)
    weeks = last_weeks(effective, RECENT_WEEKS)
    status = commitment_status(promise_file, commitment, dates, effective, weeks, plans=plans)
    start = status.window_start
    counted = [entry for entry in mine if start <= entry.date <= effective]
    counted.sort(key=lambda e: (e.date, e.path, e.index or 0), reverse=True)
    return CommitmentDetail(promise, effective, as_of, status,
                            heat_map(promise, dates, start, effective),
                            totals(promise_file, commitment, counted), tuple(counted),
                            len(mine) - len(counted))


def select_rows(report: StatusReport, owners: Sequence[str] = (),
                states: Sequence[State] = ()) -> StatusReport:
    """Only the commitments owned by any of `owners` and in any of `states` (empty: all)."""
    rows = tuple(row for row in report.rows
                 if (not owners or any(o in row.commitment.owners for o in owners))
                 and (not states or row.state in states))
    return replace(report, rows=rows)
