"""Paused days: the days on which a commitment's clock stands still (school holidays, say).

A calendar is a list of ranges, each inclusive, given either as dates (`2024-06-13` to
`2024-08-18`, once) or as month and day (`12-01` to `02-28`, every year, wrapping the new
year when the end comes before the start). A commitment's paused days are the union of the
ranges of its calendars.

Pure and fast: the ranges are merged and sorted once, with the number of paused days before
each, so that "how many paused days between A and B" is two binary searches, never a walk
over the days.
"""

from __future__ import annotations

import calendar
import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple


class MonthDay(NamedTuple):
    """A day of every year, as `"MM-DD"` in a calendar."""

    month: int
    day: int

    def in_year(self, year: int) -> dt.date:
        """This day in `year`; 29 February is the 28th in a year without it."""
        last = calendar.monthrange(year, self.month)[1]
        return dt.date(year, self.month, min(self.day, last))


Bound = dt.date | MonthDay


class RangeSpec(NamedTuple):
    """One range of a calendar, as written: both bounds dates, or both month and day."""

    first: Bound
    last: Bound


@dataclass(frozen=True, slots=True)
class Pauses:
    """A set of days, as disjoint inclusive ranges of ordinals, sorted."""

    firsts: tuple[int, ...] = ()
    lasts: tuple[int, ...] = ()
    before: tuple[int, ...] = ()  # paused days in the ranges before range i

    @classmethod
    def of(cls, ranges: Iterable[tuple[dt.date, dt.date]]) -> Pauses:
        merged: list[list[int]] = []
        for first, last in sorted((a.toordinal(), b.toordinal()) for a, b in ranges if a <= b):
            if merged and first <= merged[-1][1] + 1:
                merged[-1][1] = max(merged[-1][1], last)
            else:
                merged.append([first, last])
        before: list[int] = []
        total = 0
        for first, last in merged:
            before.append(total)
            total += last - first + 1
        return cls(tuple(r[0] for r in merged), tuple(r[1] for r in merged), tuple(before))

    def __bool__(self) -> bool:
        return bool(self.firsts)

    def __contains__(self, day: dt.date) -> bool:
        ordinal = day.toordinal()
        index = bisect_right(self.firsts, ordinal) - 1
        return index >= 0 and ordinal <= self.lasts[index]

    def _up_to(self, ordinal: int) -> int:
        """Paused days d with d <= ordinal."""
        index = bisect_right(self.firsts, ordinal) - 1
        if index < 0:
            return 0
        return self.before[index] + min(ordinal, self.lasts[index]) - self.firsts[index] + 1

    def count(self, first: dt.date, last: dt.date) -> int:
        """How many days of [first, last] are paused."""
        if last < first or not self.firsts:
            return 0
        return self._up_to(last.toordinal()) - self._up_to(first.toordinal() - 1)

    def next_unpaused(self, day: dt.date) -> dt.date:
        """`day`, or the first day after it that is not paused (date.max at the latest)."""
        ordinal = day.toordinal()
        index = bisect_right(self.firsts, ordinal) - 1
        if index < 0 or ordinal > self.lasts[index]:
            return day
        return dt.date.fromordinal(min(self.lasts[index] + 1, dt.date.max.toordinal()))


NO_PAUSES = Pauses()


def expand(spec: RangeSpec, first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """The days of one calendar range that touch [first, last], as date ranges."""
    start, end = spec
    if isinstance(start, dt.date) and isinstance(end, dt.date):
        return [(start, end)] if start <= last and end >= first and start <= end else []
    if not (isinstance(start, MonthDay) and isinstance(end, MonthDay)):
        return []  # mixed bounds: refused by validation, never paused
    wraps = (end.month, end.day) < (start.month, start.day)
    found: list[tuple[dt.date, dt.date]] = []
    if wraps and first.year == dt.MINYEAR:  # the part of a range begun before year 1
        found.append((dt.date.min, end.in_year(dt.MINYEAR)))
    for year in range(max(dt.MINYEAR, first.year - 1), last.year + 1):
        begin = start.in_year(year)
        if wraps:
            finish = end.in_year(year + 1) if year < dt.MAXYEAR else dt.date.max
        else:
            finish = end.in_year(year)
        if begin <= last and finish >= first:
            found.append((begin, finish))
    return found


def pauses_between(specs: Iterable[RangeSpec], first: dt.date, last: dt.date) -> Pauses:
    """The paused days of these calendar ranges, as far as they touch [first, last]."""
    return Pauses.of(r for spec in specs for r in expand(spec, first, last))
