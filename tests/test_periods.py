"""Calendar periods: ISO weeks, months, quarters, tertials, years."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.domain.periods import (
    Span,
    complete_periods,
    iso_week,
    iso_week_start,
    last_weeks,
    period_containing,
    period_label,
    periods_overlapping,
    week_label,
    weeks_in_iso_year,
)

D = dt.date.fromisoformat


def test_iso_week_edges() -> None:
    assert iso_week(D("2024-12-30")) == (2025, 1)
    assert iso_week(D("2026-12-31")) == (2026, 53)
    assert iso_week(D("2023-01-01")) == (2022, 52)  # a Sunday: the week began in 2022
    assert iso_week(D("2021-01-03")) == (2020, 53)
    assert week_label(D("2024-12-30")) == "v. 1"
    assert week_label(D("2026-12-31")) == "v. 53"
    assert week_label(D("2025-03-20")) == "v. 12"


def test_weeks_in_iso_year() -> None:
    assert [weeks_in_iso_year(y) for y in (2020, 2023, 2024, 2025, 2026)] == [53, 52, 52, 52, 53]
    assert iso_week_start(2025, 1) == D("2024-12-30")
    assert iso_week_start(2026, 53) == D("2026-12-28")


@pytest.mark.parametrize(("kind", "day", "start", "end", "label"), [
    ("week", "2024-12-30", "2024-12-30", "2025-01-05", "v. 1"),
    ("week", "2026-12-31", "2026-12-28", "2027-01-03", "v. 53"),
    ("week", "2023-01-01", "2022-12-26", "2023-01-01", "v. 52"),
    ("month", "2024-02-10", "2024-02-01", "2024-02-29", "2024-02"),
    ("month", "2023-12-31", "2023-12-01", "2023-12-31", "2023-12"),
    ("quarter", "2024-05-15", "2024-04-01", "2024-06-30", "Q2 2024"),
    ("quarter", "2024-12-31", "2024-10-01", "2024-12-31", "Q4 2024"),
    ("tertial", "2024-04-30", "2024-01-01", "2024-04-30", "T1 2024"),
    ("tertial", "2024-05-01", "2024-05-01", "2024-08-31", "T2 2024"),
    ("tertial", "2024-12-31", "2024-09-01", "2024-12-31", "T3 2024"),
    ("year", "2024-07-01", "2024-01-01", "2024-12-31", "2024"),
])
def test_period_containing(kind: str, day: str, start: str, end: str, label: str) -> None:
    span = period_containing(kind, D(day))  # type: ignore[arg-type]
    assert (span.start, span.end) == (D(start), D(end))
    assert period_label(span) == label == span.label
    assert D(day) in span


def test_complete_periods_leave_out_cut_ones() -> None:
    # 2023-01-01 is a Sunday: 2022-W52 is cut by the start, W04 is not over on 2023-01-24.
    weeks = complete_periods("week", D("2023-01-01"), D("2023-01-24"))
    assert [w.label for w in weeks] == ["v. 1", "v. 2", "v. 3"]
    months = complete_periods("month", D("2023-03-15"), D("2023-05-31"))
    assert [m.label for m in months] == ["2023-04", "2023-05"]
    assert complete_periods("year", D("2023-01-01"), D("2023-12-30")) == []
    assert len(complete_periods("week", D("2023-01-02"), D("2025-12-28"))) == 156
    assert len(complete_periods("tertial", D("2023-01-01"), D("2025-12-31"))) == 9


def test_periods_overlapping_includes_cut_ones() -> None:
    spans = list(periods_overlapping("quarter", D("2023-02-15"), D("2023-07-01")))
    assert [s.label for s in spans] == ["Q1 2023", "Q2 2023", "Q3 2023"]
    assert list(periods_overlapping("month", D("2023-02-15"), D("2023-01-01"))) == []


def test_last_weeks() -> None:
    weeks = last_weeks(D("2025-01-01"), 3)
    assert weeks == [Span(D("2024-12-16"), D("2024-12-22"), "week"),
                     Span(D("2024-12-23"), D("2024-12-29"), "week"),
                     Span(D("2024-12-30"), D("2025-01-05"), "week")]
