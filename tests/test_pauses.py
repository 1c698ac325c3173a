"""Paused days: ranges once or every year, wrapping the new year, counted without walking."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lofte.domain.pauses import MonthDay, Pauses, RangeSpec, pauses_between

D = dt.date


def test_a_dated_range_counts_its_days_inclusive() -> None:
    pauses = pauses_between([RangeSpec(D(2024, 6, 13), D(2024, 8, 18))], D(2024, 1, 1),
                            D(2024, 12, 31))
    assert pauses.count(D(2024, 6, 1), D(2024, 6, 30)) == 18
    assert D(2024, 6, 13) in pauses and D(2024, 8, 18) in pauses
    assert D(2024, 6, 12) not in pauses and D(2024, 8, 19) not in pauses
    assert pauses.next_unpaused(D(2024, 7, 1)) == D(2024, 8, 19)
    assert pauses.next_unpaused(D(2024, 5, 1)) == D(2024, 5, 1)


def test_a_yearly_range_wraps_the_new_year() -> None:
    winter = RangeSpec(MonthDay(12, 1), MonthDay(2, 28))
    pauses = pauses_between([winter], D(2023, 1, 1), D(2025, 12, 31))
    assert D(2024, 1, 15) in pauses  # the winter that began in December 2023
    assert D(2023, 1, 15) in pauses  # and the one that began in December 2022
    assert D(2024, 2, 29) not in pauses  # 28 February is the last day
    assert D(2024, 3, 1) not in pauses and D(2024, 11, 30) not in pauses
    # December 2024 to February 2025: 31 + 31 + 28 days
    assert pauses.count(D(2024, 12, 1), D(2025, 2, 28)) == 90


def test_29_february_in_a_year_without_it_is_the_28th() -> None:
    pauses = pauses_between([RangeSpec(MonthDay(2, 29), MonthDay(3, 1))], D(2023, 1, 1),
                            D(2024, 12, 31))
    assert D(2023, 2, 28) in pauses and D(2024, 2, 29) in pauses and D(2024, 2, 28) not in pauses


def test_overlapping_ranges_are_counted_once() -> None:
    pauses = Pauses.of([(D(2024, 1, 1), D(2024, 1, 10)), (D(2024, 1, 5), D(2024, 1, 20)),
                        (D(2024, 1, 21), D(2024, 1, 21))])
    assert len(pauses.firsts) == 1
    assert pauses.count(D(2023, 12, 1), D(2024, 2, 1)) == 21


def test_the_ends_of_the_calendar() -> None:
    pauses = pauses_between([RangeSpec(MonthDay(12, 20), MonthDay(1, 10))], dt.date.min,
                            dt.date.max)
    assert dt.date.max in pauses and dt.date.min in pauses
    assert pauses.count(dt.date.min, dt.date.max) > 0


days = st.dates(min_value=D(2020, 1, 1), max_value=D(2026, 12, 31))


@given(st.lists(st.tuples(days, days), max_size=6), days, days)
def test_count_agrees_with_walking_every_day(ranges: list[tuple[dt.date, dt.date]],
                                             first: dt.date, last: dt.date) -> None:
    pauses = Pauses.of(ranges)
    walked = {D.fromordinal(o) for a, b in ranges for o in range(a.toordinal(),
                                                                 b.toordinal() + 1)}
    expected = sum(1 for d in walked if first <= d <= last)
    assert pauses.count(first, last) == expected
    assert (first in pauses) == (first in walked)
