import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lofte.domain.dateparse import WEEKDAYS, most_recent_weekday, parse_day
from lofte.domain.problems import InputError

THURSDAY = dt.date(2024, 3, 14)


@pytest.mark.parametrize(("text", "expected"), [
    ("2024-03-01", dt.date(2024, 3, 1)),
    (" 2024-03-01 ", dt.date(2024, 3, 1)),
    ("today", THURSDAY),
    ("idag", THURSDAY),
    ("i dag", THURSDAY),
    ("IDAG", THURSDAY),
    ("yesterday", dt.date(2024, 3, 13)),
    ("igår", dt.date(2024, 3, 13)),
    ("i går", dt.date(2024, 3, 13)),
    ("Igar", dt.date(2024, 3, 13)),
])
def test_iso_and_relative_days(text: str, expected: dt.date) -> None:
    assert parse_day(text, THURSDAY) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("torsdag", THURSDAY),                 # today is that day: today
    ("thursday", THURSDAY),
    ("onsdag", dt.date(2024, 3, 13)),
    ("måndag", dt.date(2024, 3, 11)),
    ("Monday", dt.date(2024, 3, 11)),
    ("fredag", dt.date(2024, 3, 8)),      # never in the future: last week's Friday
    ("lördag", dt.date(2024, 3, 9)),
    ("lordag", dt.date(2024, 3, 9)),
    ("söndag", dt.date(2024, 3, 10)),
    ("sunday", dt.date(2024, 3, 10)),
])
def test_weekday_is_the_most_recent_on_or_before_today(text: str, expected: dt.date) -> None:
    assert parse_day(text, THURSDAY) == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "imorgon", "14/3", "2024-3-14", "20240314",
                                  "2024-03-14T10:00", "next monday"])
def test_anything_else_is_refused_with_what_is_accepted(text: str) -> None:
    with pytest.raises(InputError, match="is not a date: use YYYY-MM-DD, today/idag"):
        parse_day(text, THURSDAY)


def test_an_impossible_iso_date_says_why() -> None:
    with pytest.raises(InputError, match=r"`2024-02-30` is not a real date \(day is out"):
        parse_day("2024-02-30", THURSDAY)


@given(st.dates(min_value=dt.date(1900, 1, 8)), st.sampled_from(sorted(WEEKDAYS)))
def test_weekday_property(today: dt.date, name: str) -> None:
    day = parse_day(name, today)
    assert day.weekday() == WEEKDAYS[name]
    assert today - dt.timedelta(days=6) <= day <= today
    assert most_recent_weekday(today.weekday(), today) == today
