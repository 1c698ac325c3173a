"""The gap and target rules of version 2, on hand-computed cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lofte.domain.pauses import NO_PAUSES, Pauses
from lofte.domain.periods import period_containing, period_index
from lofte.domain.promise import Target
from lofte.domain.targets import (
    exempt_indexes,
    gap_days,
    gap_state,
    is_exempt,
    target_state,
    worse,
)

D = dt.date
S = D(2024, 1, 1)
MONTHLY = Target(per="month", at_least=1)
MONTHLY_TWICE = Target(per="month", at_least=2)


def weekly(dates: list[dt.date], as_of: dt.date, start: dt.date = S,
           pauses: Pauses = NO_PAUSES) -> str:
    return target_state(Target(per="week", at_least=1), sorted(dates), start, as_of, pauses)[0]


# 2025-01-06 is the Monday of ISO week 2; 2025-01-13 the Monday of week 3.

def test_a_missed_previous_week_with_nothing_yet_this_week_is_overdue() -> None:
    assert weekly([D(2025, 1, 3)], D(2025, 1, 13)) == "overdue"


def test_a_missed_previous_week_with_a_visit_this_week_is_ok() -> None:
    assert weekly([D(2025, 1, 3), D(2025, 1, 13)], D(2025, 1, 13)) == "ok"


def test_saturday_of_a_week_without_activity_is_due_and_friday_is_not() -> None:
    last_week = [D(2025, 1, 8)]
    assert weekly(last_week, D(2025, 1, 18)) == "due"  # 6 of 7 days: 24 >= 21
    assert weekly(last_week, D(2025, 1, 17)) == "ok"  # 5 of 7 days: 20 < 21


def test_a_previous_week_cut_by_the_window_start_is_not_judged() -> None:
    assert weekly([], D(2025, 1, 13), start=D(2025, 1, 8)) == "ok"


def test_the_current_period_and_its_count() -> None:
    state, current = target_state(MONTHLY_TWICE, [D(2024, 3, 1), D(2024, 3, 9)], S,
                                  D(2024, 3, 10), NO_PAUSES)
    assert (state, current.start, current.end, current.count) == (
        "ok", D(2024, 3, 1), D(2024, 3, 31), 2)


def april_paused(days: int) -> Pauses:
    return Pauses.of([(D(2024, 4, 1), D(2024, 4, days))])


def test_a_period_exactly_half_paused_is_not_exempt_and_more_than_half_is() -> None:
    april = period_containing("month", D(2024, 4, 1))  # 30 days
    assert not is_exempt(april, april_paused(15))
    assert is_exempt(april, april_paused(16))
    # judged in May: an empty April, exactly half paused, still makes May overdue
    assert target_state(MONTHLY, [], S, D(2024, 5, 2), april_paused(15))[0] == "overdue"
    assert target_state(MONTHLY, [], S, D(2024, 5, 2), april_paused(16))[0] == "ok"


def test_an_exempt_current_period_is_never_due() -> None:
    assert target_state(MONTHLY, [D(2024, 3, 5)], S, D(2024, 4, 29),
                        april_paused(16))[0] == "ok"
    assert target_state(MONTHLY, [D(2024, 3, 5)], S, D(2024, 4, 29),
                        april_paused(15))[0] == "due"


def test_exempt_indexes_are_found_from_the_pauses() -> None:
    pauses = Pauses.of([(D(2024, 6, 13), D(2024, 8, 18))])
    found = exempt_indexes("month", pauses, S, D(2024, 12, 31))
    # June: 18 of 30 days paused; July: all; August: 18 of 31
    assert found == {period_index("month", D(2024, m, 1)) for m in (6, 7, 8)}
    assert exempt_indexes("week", pauses, S, D(2024, 6, 16)) == {
        period_index("week", D(2024, 6, 13))}  # Thursday to Sunday: 4 of 7 days


def test_a_gap_straddling_a_pause_counts_only_the_days_outside_it() -> None:
    summer = Pauses.of([(D(2024, 6, 13), D(2024, 8, 18))])  # 67 days
    assert gap_days(D(2024, 6, 10), D(2024, 8, 25), summer) == (76 - 67)
    assert gap_days(D(2024, 6, 10), D(2024, 8, 25), NO_PAUSES) == 76
    assert gap_days(D(2024, 6, 10), D(2024, 6, 10), summer) == 0


@pytest.mark.parametrize(("gap", "max_gap", "state"), [
    (14, 14, "due"), (15, 14, "overdue"), (10, 14, "ok"), (11, 14, "due"), (0, 1, "ok"),
    (400, None, None),
])
def test_gap_state(gap: int, max_gap: int | None, state: str | None) -> None:
    assert gap_state(gap, max_gap) == state


def test_worse() -> None:
    assert worse("ok", "due") == "due" and worse("overdue", "due") == "overdue"
    assert worse(None, "ok") == "ok" and worse("due", None) == "due" and worse(None, None) is None


days = st.dates(min_value=D(2024, 1, 1), max_value=D(2024, 12, 31))


@given(st.lists(days, max_size=20), days, days,
       st.sampled_from(["week", "month", "quarter", "tertial", "year"]),
       st.integers(min_value=1, max_value=3))
def test_one_more_activity_never_makes_the_target_worse(dates: list[dt.date], extra: dt.date,
                                                        as_of: dt.date, per: str,
                                                        at_least: int) -> None:
    target = Target(per=per, at_least=at_least)  # type: ignore[arg-type]
    before = target_state(target, sorted(dates), S, as_of)[0]
    after = target_state(target, sorted([*dates, extra]), S, as_of)[0]
    assert worse(before, after) == before
