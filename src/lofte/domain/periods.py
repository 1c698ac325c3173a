"""Calendar periods: ISO weeks, months, quarters, tertials and years. Pure.

Every period is a closed range of days [start, end]. ISO weeks start on Monday and belong to
the year of their Thursday, so 2024-12-30 is in 2025-W01 and 2026-12-31 is in 2026-W53.
Tertials are January–April, May–August and September–December.

Every date lofte accepts lies in [date.min, date.max] (0001-01-01 to 9999-12-31), and so does
every day these functions return. 0001-01-01 is a Monday, so no period begins before it. A
month, quarter, tertial or year that contains 9999-12-31 ends on it; the ISO week that does
(9999-12-27 – 10000-01-02) goes on past the last day a date can hold: its `end` is
9999-12-31 and `truncated` says so, and it is never complete. Nothing follows 9999-12-31.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from lofte.domain.problems import InputError
from lofte.i18n import N_, _

PeriodKind = Literal["week", "month", "quarter", "tertial", "year"]

# How many months each kind spans (weeks are counted in days instead).
_MONTHS: dict[PeriodKind, int] = {"month": 1, "quarter": 3, "tertial": 4, "year": 12}

ONE_DAY = dt.timedelta(days=1)
ONE_WEEK = dt.timedelta(days=7)


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """One calendar period: its first and last day (both included)."""

    start: dt.date
    end: dt.date
    kind: PeriodKind
    truncated: bool = False  # the period goes on past date.max, which `end` then is

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end

    @property
    def label(self) -> str:
        return period_label(self)


def iso_week(day: dt.date) -> tuple[int, int]:
    """(ISO year, ISO week number) of a day."""
    year, week, _ = day.isocalendar()
    return year, week


def week_label(day: dt.date) -> str:
    """The Swedish way of naming the week a day is in: "v. 12"."""
    return f"v. {day.isocalendar()[1]}"


def weeks_in_iso_year(year: int) -> int:
    """52 or 53: 28 December always lies in the last ISO week of its year."""
    return dt.date(year, 12, 28).isocalendar()[1]


def iso_week_start(year: int, week: int) -> dt.date:
    """The Monday of ISO week `week` of ISO year `year`."""
    return dt.date.fromisocalendar(year, week, 1)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


_LAST_ORDINAL = dt.date.max.toordinal()


def _span(start: dt.date, end_ordinal: int, kind: PeriodKind) -> Span:
    """The period from `start` to the day numbered `end_ordinal`, cut at date.max."""
    if end_ordinal > _LAST_ORDINAL:
        return Span(start, dt.date.max, kind, truncated=True)
    return Span(start, dt.date.fromordinal(end_ordinal), kind)


def period_containing(kind: PeriodKind, day: dt.date) -> Span:
    """The period of the given kind that contains `day`."""
    if kind == "week":
        # never before date.min: 0001-01-01 is a Monday
        start = dt.date.fromordinal(day.toordinal() - day.weekday())
        return _span(start, start.toordinal() + 6, kind)
    months = _MONTHS[kind]
    first = _month_index(day) - (day.month - 1) % months
    after = first + months
    if after // 12 > dt.MAXYEAR:  # it ends on 9999-12-31: no later first day to step back from
        return Span(_month_start(first), dt.date.max, kind)
    return Span(_month_start(first), _month_start(after) - ONE_DAY, kind)


def next_period(span: Span) -> Span | None:
    """The period after `span`; None when `span` reaches date.max, the last day there is."""
    if span.end >= dt.date.max:
        return None
    return period_containing(span.kind, span.end + ONE_DAY)


def periods_overlapping(kind: PeriodKind, first: dt.date, last: dt.date) -> Iterator[Span]:
    """Every period that shares at least one day with [first, last], in order."""
    if last < first:
        return
    span: Span | None = period_containing(kind, first)
    while span is not None and span.start <= last:
        yield span
        span = next_period(span)


def complete_periods(kind: PeriodKind, first: dt.date, last: dt.date) -> list[Span]:
    """The periods lying wholly inside [first, last]: the ones that can be judged.

    A period cut by `first` (it began before) or by `last` (it is not over yet) is left out,
    and so is a period cut by date.max (it can never be over).
    """
    return [span for span in periods_overlapping(kind, first, last)
            if span.start >= first and span.end <= last and not span.truncated]


def period_index(kind: PeriodKind, day: dt.date) -> int:
    """The number of the period of the given kind that contains `day`: consecutive periods
    have consecutive numbers (weeks count from the one that begins on 0001-01-01)."""
    if kind == "week":
        return (day.toordinal() - 1) // 7
    return _month_index(day) // _MONTHS[kind]


def complete_period_indexes(kind: PeriodKind, first: dt.date, last: dt.date) -> range:
    """The numbers (`period_index`) of `complete_periods(kind, first, last)`, without
    walking through them: as fast for ten thousand years as for one."""
    if last < first:
        return range(0)
    head, tail = period_containing(kind, first), period_containing(kind, last)
    low = period_index(kind, first) + (head.start < first)
    high = period_index(kind, last) - (tail.end > last or tail.truncated)
    return range(low, max(low, high + 1))


def period_label(span: Span) -> str:
    """A short name: "v. 12", "2024-03", "Q1 2024", "T1 2024", "2024"."""
    if span.kind == "week":
        return week_label(span.start)
    if span.kind == "month":
        return f"{span.start.year:04d}-{span.start.month:02d}"  # %Y drops zeros before 1000
    if span.kind == "quarter":
        return f"Q{(span.start.month - 1) // 3 + 1} {span.start.year}"
    if span.kind == "tertial":
        return f"T{(span.start.month - 1) // 4 + 1} {span.start.year}"
    return str(span.start.year)


def last_weeks(day: dt.date, count: int) -> list[Span]:
    """The `count` ISO weeks ending with the week that contains `day`, oldest first.

    Fewer near date.min: no week begins before 0001-01-01. Never empty when `count` >= 1.
    """
    monday = period_containing("week", day).start.toordinal()
    return [period_containing("week", dt.date.fromordinal(monday - 7 * back))
            for back in range(count - 1, -1, -1) if monday - 7 * back >= 1]


# --- a period the user names (`lofte report --period`) -----------------------------------

PERIOD_FORMS = N_("use YYYY (a year), YYYY-H1 or YYYY-H2 (a half year), YYYY-T1 to YYYY-T3 "
                "(a tertial), YYYY-Q1 to YYYY-Q4 (a quarter) or YYYY-MM (a month)")
NOT_A_PERIOD = N_("`{value}` is not a period: {forms}")

# Letter -> (months per part, number of parts in a year).
_PARTS: dict[str, tuple[int, int]] = {"H": (6, 2), "T": (4, 3), "Q": (3, 4)}
_PERIOD = re.compile(r"(\d{4})(?:-(?:([HTQ])(\d)|(\d{2})))?", re.ASCII)


def parse_period(value: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a named period: `2024`, `2024-H1`, `2024-T2` (tertial),
    `2024-Q3`, `2024-05`. Letters may be lower-case. Anything else raises `InputError`
    with a message meant for the user."""
    text = value.strip()
    match = _PERIOD.fullmatch(text.upper())
    if match is None:
        raise InputError(_(NOT_A_PERIOD).format(value=text, forms=_(PERIOD_FORMS)))
    year_text, letter, part_text, month_text = match.groups()
    year = int(year_text)
    if year < 1:
        raise InputError(_(NOT_A_PERIOD).format(value=text, forms=_(PERIOD_FORMS)))
    if letter is not None:
        months, parts = _PARTS[letter]
        part = int(part_text)
        if not 1 <= part <= parts:
            raise InputError(_(NOT_A_PERIOD).format(value=text, forms=_(PERIOD_FORMS)))
        first = year * 12 + (part - 1) * months
    elif month_text is not None:
        month = int(month_text)
        if not 1 <= month <= 12:
            raise InputError(_(NOT_A_PERIOD).format(value=text, forms=_(PERIOD_FORMS)))
        first, months = year * 12 + month - 1, 1
    else:
        first, months = year * 12, 12
    after = first + months
    end = dt.date.max if after // 12 > dt.MAXYEAR else _month_start(after) - ONE_DAY
    return _month_start(first), end
