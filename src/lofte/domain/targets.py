"""The rules that judge a commitment as of a day: its gap and its target, paused days left
out. Pure, and computed from sorted dates and merged pause ranges: nothing walks the days.

- The gap g: the days d with A < d <= as-of that are not paused, where A is the last
  activity, or the window start S when there is none.
- The gap rule (only with a `max_gap_days`): overdue when g > max, due when 4g > 3max.
- The target rule (only with a target), with Pc the target period containing as-of and Pp
  the one before it; a period is exempt when more than half of its days are paused:
  - overdue when Pp lies wholly inside [S, as-of], is not exempt, had fewer than
    `at_least`, and Pc so far also has fewer;
  - else due when Pc is not exempt, has fewer than `at_least` so far, and at least three
    quarters of its days have come (4 · days so far >= 3 · days of Pc);
  - else ok.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lofte.domain.pauses import NO_PAUSES, Pauses
from lofte.domain.periods import (
    PeriodKind,
    Span,
    period_containing,
    period_index,
    periods_overlapping,
)
from lofte.domain.promise import Target

Judgement = Literal["overdue", "due", "ok"]
JUDGEMENTS: tuple[Judgement, ...] = ("overdue", "due", "ok")  # worst first


def worse(a: Judgement | None, b: Judgement | None) -> Judgement | None:
    """The worse of two judgements; None when neither rule applies."""
    if a is None or b is None:
        return a or b
    return a if JUDGEMENTS.index(a) <= JUDGEMENTS.index(b) else b


def gap_days(since: dt.date, as_of: dt.date, pauses: Pauses) -> int:
    """The days d with since < d <= as_of that are not paused."""
    if as_of <= since:
        return 0
    return (as_of - since).days - pauses.count(since + dt.timedelta(days=1), as_of)


def due_from(max_gap_days: int) -> int:
    """The least gap (in days) at which an active commitment is due: more than three
    quarters of its max_gap_days (4g > 3max)."""
    return 3 * max_gap_days // 4 + 1


def overdue_from(max_gap_days: int) -> int:
    """The least gap (in days) at which an active commitment is overdue: more than its
    max_gap_days."""
    return max_gap_days + 1


def gap_state(gap: int, max_gap_days: int | None) -> Judgement | None:
    """overdue if gap > max, due if 4·gap > 3·max, else ok; None without a max."""
    if max_gap_days is None:
        return None
    if gap >= overdue_from(max_gap_days):
        return "overdue"
    if gap >= due_from(max_gap_days):
        return "due"
    return "ok"


def days_of(span: Span) -> int:
    return (span.end - span.start).days + 1


def is_exempt(span: Span, pauses: Pauses) -> bool:
    """More than half of the period's days are paused."""
    return 2 * pauses.count(span.start, span.end) > days_of(span)


def count_in(dates: Sequence[dt.date], first: dt.date, last: dt.date) -> int:
    """How many of the sorted `dates` lie in [first, last]."""
    if last < first:
        return 0
    return bisect_right(dates, last) - bisect_left(dates, first)


@dataclass(frozen=True, slots=True)
class CurrentPeriod:
    """The target period containing as-of, and the activities in it so far."""

    start: dt.date
    end: dt.date
    count: int


def previous_period(per: PeriodKind, span: Span) -> Span | None:
    if span.start == dt.date.min:
        return None
    return period_containing(per, span.start - dt.timedelta(days=1))


def target_state(target: Target, dates: Sequence[dt.date], start: dt.date, as_of: dt.date,
                 pauses: Pauses = NO_PAUSES) -> tuple[Judgement, CurrentPeriod]:
    """The target rule as of `as_of` for activities on the sorted `dates`, counted from the
    window start `start` on; and the current period with its count so far."""
    per, at_least = target.per, target.at_least
    current = period_containing(per, as_of)
    so_far = count_in(dates, max(current.start, start), as_of)
    before = previous_period(per, current)
    state: Judgement = "ok"
    if (before is not None and before.start >= start and not is_exempt(before, pauses)
            and count_in(dates, before.start, before.end) < at_least and so_far < at_least):
        state = "overdue"
    elif (not is_exempt(current, pauses) and so_far < at_least
          and 4 * ((as_of - current.start).days + 1) >= 3 * days_of(current)):
        state = "due"
    return state, CurrentPeriod(current.start, current.end, so_far)


def exempt_indexes(per: PeriodKind, pauses: Pauses, first: dt.date,
                   last: dt.date) -> set[int]:
    """The indexes (`periods.period_index`) of the exempt periods that touch [first, last].
    Only periods that hold paused days can be exempt, so only those are looked at."""
    found: set[int] = set()
    for low, high in zip(pauses.firsts, pauses.lasts, strict=True):
        a = max(dt.date.fromordinal(low), first)
        b = min(dt.date.fromordinal(high), last)
        if a > b:
            continue
        for span in periods_overlapping(per, a, b):
            if is_exempt(span, pauses):
                found.add(period_index(per, span.start))
    return found
