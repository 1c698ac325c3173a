"""Every date lofte accepts, 0001-01-01 to 9999-12-31, works in the period, coverage and
day-parsing arithmetic: no OverflowError near date.min or date.max (issue 10)."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise
from typing import Any, get_args

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from lofte.domain.coverage import RECENT_WEEKS, compute_detail, compute_status, heat_map
from lofte.domain.dateparse import RELATIVE_DAYS, WEEKDAYS, most_recent_weekday, parse_day
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.models import Activity
from lofte.domain.periods import (
    PeriodKind,
    complete_period_indexes,
    complete_periods,
    iso_week,
    iso_week_start,
    last_weeks,
    next_period,
    period_containing,
    period_index,
    period_label,
    periods_overlapping,
    weeks_in_iso_year,
)
from lofte.domain.problems import InputError
from lofte.domain.promise import Promise
from tests.conftest import Invoke, MakeLedger, examples
from tests.promise_data import validated_promise

KINDS: tuple[PeriodKind, ...] = get_args(PeriodKind)
MIN, MAX = dt.date.min, dt.date.max
ONE_DAY = dt.timedelta(days=1)

# Dates from the whole range, with the edges and the days next to them drawn often.
EDGES = [MIN, MIN + ONE_DAY, MIN + 6 * ONE_DAY, MIN + 7 * ONE_DAY, MIN + 83 * ONE_DAY,
         MAX, MAX - ONE_DAY, MAX - 4 * ONE_DAY, MAX - 5 * ONE_DAY, dt.date(9999, 12, 1),
         dt.date(9999, 9, 1)]
days = st.one_of(st.dates(), st.sampled_from(EDGES),
                 st.dates(min_value=MIN, max_value=dt.date(1, 3, 1)),
                 st.dates(min_value=dt.date(9999, 10, 1), max_value=MAX))
kinds = st.sampled_from(KINDS)


def _clamped(day: dt.date, days_after: int) -> dt.date:
    return dt.date.fromordinal(min(day.toordinal() + days_after, MAX.toordinal()))


@given(kinds, days)
def test_the_period_containing_a_day(kind: PeriodKind, day: dt.date) -> None:
    span = period_containing(kind, day)
    assert span.start <= day <= span.end
    assert day in span
    assert period_index(kind, span.start) == period_index(kind, day) \
        == period_index(kind, span.end)
    following = next_period(span)
    if following is None:
        assert span.end == MAX
    else:
        assert following.start == span.end + ONE_DAY
        assert period_index(kind, following.start) == period_index(kind, day) + 1
    assert period_label(span)


@given(days)
def test_a_period_is_cut_at_date_max_only_when_it_goes_on(day: dt.date) -> None:
    # 9999-12-31 is a Friday: its ISO week would end on 10000-01-02. The month, quarter,
    # tertial and year that hold it end on that very day.
    for kind in KINDS:
        span = period_containing(kind, day)
        assert span.truncated == (kind == "week" and span.start == dt.date(9999, 12, 27))


@given(kinds, days, st.integers(min_value=0, max_value=800))
def test_complete_periods_and_their_numbers_agree(kind: PeriodKind, first: dt.date,
                                                  length: int) -> None:
    last = _clamped(first, length)
    spans = complete_periods(kind, first, last)
    assert [period_index(kind, s.start) for s in spans] \
        == list(complete_period_indexes(kind, first, last))
    assert all(first <= s.start and s.end <= last and not s.truncated for s in spans)
    overlapping = list(periods_overlapping(kind, first, last))
    assert overlapping[0].start <= first and last <= overlapping[-1].end
    assert all(a.end + ONE_DAY == b.start for a, b in pairwise(overlapping))


def test_the_last_week_is_never_complete() -> None:
    assert complete_periods("week", dt.date(9999, 12, 27), MAX) == []
    assert list(complete_period_indexes("week", dt.date(9999, 12, 27), MAX)) == []
    assert [s.label for s in complete_periods("month", dt.date(9999, 11, 1), MAX)] \
        == ["9999-11", "9999-12"]
    assert period_label(period_containing("month", MIN)) == "0001-01"


@given(days, st.integers(min_value=1, max_value=20))
def test_last_weeks_stop_at_date_min(day: dt.date, count: int) -> None:
    weeks = last_weeks(day, count)
    assert day in weeks[-1]
    assert len(weeks) == min(count, (day.toordinal() - 1) // 7 + 1)
    assert all(a.end + ONE_DAY == b.start for a, b in pairwise(weeks))


@given(days, st.sampled_from(sorted(RELATIVE_DAYS) + sorted(WEEKDAYS)))
@example(MIN, "yesterday")
@example(MIN, "söndag")
@example(MAX, "today")
def test_relative_days_never_overflow(today: dt.date, word: str) -> None:
    try:
        day = parse_day(word, today)
    except InputError as exc:
        assert "before 0001-01-01" in str(exc)
        assert today.toordinal() <= 7
    else:
        assert today.toordinal() - 6 <= day.toordinal() <= today.toordinal()


@given(days, st.integers(min_value=0, max_value=6))
def test_most_recent_weekday_never_overflows(today: dt.date, weekday: int) -> None:
    try:
        day = most_recent_weekday(weekday, today)
    except InputError:
        assert today.toordinal() - (today.weekday() - weekday) % 7 < 1
    else:
        assert day.weekday() == weekday and day <= today


# --- coverage over the whole range --------------------------------------------------------


def _ledger(valid_from: dt.date, valid_until: dt.date, commitments: list[dict[str, Any]],
            activity_days: list[dt.date]) -> Ledger:
    promise_file = validated_promise({
        "promise": {"id": "evig", "title": "Evig", "valid_from": valid_from,
                    "valid_until": valid_until},
        "parties": {"polisen": {"name": "Polisen"}},
        "commitments": commitments,
    })
    ids = [c["id"] for c in commitments]
    entries = tuple(RecordedActivity(Activity.model_validate(
        {"date": day, "commitment": ids, "summary": "x"}), f"a{i}.yaml")
        for i, day in enumerate(activity_days))
    return Ledger(promise_file, entries)


@st.composite
def ledgers(draw: st.DrawFn) -> tuple[Ledger, dt.date]:
    a, b = draw(days), draw(days)
    valid_from, valid_until = min(a, b), max(a, b)
    commitments: list[dict[str, Any]] = []
    for number, kind in enumerate(draw(st.lists(kinds, min_size=1, max_size=3))):
        commitment: dict[str, Any] = {"id": f"c{number}", "title": "C", "owners": ["polisen"],
                                      "target": {"per": kind, "at_least": 1}}
        if draw(st.booleans()):
            commitment["active_from"] = draw(days)
        if draw(st.booleans()):
            commitment["retired_on"] = draw(days)
        commitments.append(commitment)
    activity_days = draw(st.lists(days, max_size=5))
    return _ledger(valid_from, valid_until, commitments, activity_days), draw(days)


@settings(max_examples=examples(60), deadline=None)
@given(ledgers())
def test_status_and_detail_work_for_any_dates(drawn: tuple[Ledger, dt.date]) -> None:
    ledger, as_of = drawn
    report = compute_status(ledger, as_of)
    assert report.as_of == min(as_of, ledger.promise_file.promise.valid_until)
    assert 1 <= len(report.recent_weeks) <= RECENT_WEEKS
    assert report.as_of in report.recent_weeks[-1]
    for row in report.rows:
        assert len(row.recent) == len(report.recent_weeks)
        if row.target is not None:
            assert 0 <= row.target.periods_met <= row.target.periods_total
    for commitment in ledger.promise_file.commitments:
        detail = compute_detail(ledger, commitment, as_of)
        years = [row.year for row in detail.heat]
        assert years == list(range(years[0], years[-1] + 1))
        assert sum(n or 0 for row in detail.heat for n in row.cells) == detail.totals.activities


def test_the_heat_map_of_a_promise_over_every_date() -> None:
    ledger = _ledger(MIN, MAX, [{"id": "a", "title": "A", "owners": ["polisen"],
                                 "target": {"per": "week", "at_least": 1}}],
                     [MIN, dt.date(2024, 1, 1), MAX])
    (commitment,) = ledger.promise_file.commitments
    detail = compute_detail(ledger, commitment, MAX)
    assert (detail.heat[0].year, detail.heat[-1].year) == (1, 9999)
    assert detail.heat[0].cells[0] == 1 and detail.heat[-1].cells[-1] == 1
    assert iso_week(MAX) == (9999, 52)
    target = detail.status.target
    assert target is not None and target.current is not None and target.current.truncated
    assert (target.periods_met, target.current_count) == (2, 1)
    assert target.periods_total == (dt.date(9999, 12, 27).toordinal() - 1) // 7


def _heat_map_as_it_was(promise: Promise, dates: list[dt.date], start: dt.date,
                        as_of: dt.date) -> list[tuple[int, tuple[int | None, ...]]]:
    """The heat map as it was computed before it had to reach date.max: by stepping through
    every week. Right wherever it did not overflow."""
    weeks = [span for span in periods_overlapping("week", promise.valid_from,
                                                  promise.valid_until)
             if promise.valid_from <= span.start + 3 * ONE_DAY <= promise.valid_until]
    weeks = weeks or [period_containing("week", promise.valid_from)]
    first, last = weeks[0], weeks[-1]
    counts: dict[tuple[int, int], int] = {}
    for day in dates:
        if start <= day <= as_of:
            shown = first.start if day < first.start else last.start if day > last.end else day
            counts[iso_week(shown)] = counts.get(iso_week(shown), 0) + 1
    shown_weeks = {iso_week(span.start) for span in weeks}
    rows = []
    for year in range(iso_week(first.start)[0], iso_week(last.start)[0] + 1):
        cells: list[int | None] = []
        for week in range(1, weeks_in_iso_year(year) + 1):
            monday = iso_week_start(year, week)
            outside = ((year, week) not in shown_weeks or monday + 6 * ONE_DAY < start
                       or monday > as_of)
            cells.append(None if outside else counts.get((year, week), 0))
        rows.append((year, tuple(cells)))
    return rows


near = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2026, 12, 31))


@given(near, near, near, near, st.lists(near, max_size=8))
@example(dt.date(2023, 1, 5), dt.date(2023, 1, 7), dt.date(2023, 1, 5), dt.date(2023, 1, 6),
         [dt.date(2023, 1, 6)])  # no Thursday inside the promise
def test_the_heat_map_is_what_it_was(a: dt.date, b: dt.date, start: dt.date, as_of: dt.date,
                                     dates: list[dt.date]) -> None:
    promise = Promise(id="p", title="P", valid_from=min(a, b), valid_until=max(a, b))
    dates.sort()
    new = [(row.year, row.cells) for row in heat_map(promise, dates, start, as_of)]
    assert new == _heat_map_as_it_was(promise, dates, start, as_of)


# --- the two examples of the issue, through the command line ------------------------------

EVERY_DATE = """\
promise:
  id: evig
  title: Evig
  valid_from: 0001-01-01
  valid_until: 9999-12-31
parties:
  polisen: {name: Polisen}
commitments:
  - id: vecka
    title: Varje vecka
    owners: [polisen]
    target: {per: week, at_least: 1}
  - id: tertial
    title: Varje tertial
    owners: [polisen]
    target: {per: tertial, at_least: 1}
"""

ACTIVITIES = {"a.yaml": "- {date: 0001-01-01, commitment: [vecka, tertial], summary: Först}\n"
                        "- {date: 2024-03-14, commitment: vecka, summary: Sedan}\n"}


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_status_as_of_the_first_day(invoke: Invoke, make_ledger: MakeLedger, fmt: str) -> None:
    root = make_ledger()
    result = invoke("status", "--ledger", str(root), "--as-of", "0001-01-01", "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "not-started" in result.stdout or "not started" in result.stdout


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_status_of_a_promise_over_every_date(invoke: Invoke, make_ledger: MakeLedger,
                                             as_of: str, fmt: str) -> None:
    root = make_ledger(ACTIVITIES, commitments=EVERY_DATE)
    result = invoke("status", "--ledger", str(root), "--as-of", as_of, "--format", fmt)
    assert result.exit_code == 0, result.output
    assert "vecka" in result.stdout


@pytest.mark.parametrize("as_of", ["0001-01-01", "9999-12-31"])
def test_show_of_a_promise_over_every_date(invoke: Invoke, make_ledger: MakeLedger,
                                           as_of: str) -> None:
    root = make_ledger(ACTIVITIES, commitments=EVERY_DATE)
    result = invoke("show", "vecka", "--ledger", str(root), "--as-of", as_of)
    assert result.exit_code == 0, result.output
    assert f"as of {as_of}" in result.stdout
    assert "9999 " in result.stdout  # the heat map reaches the last ISO year


def test_show_until_the_last_day(invoke: Invoke, make_ledger: MakeLedger) -> None:
    commitments = EVERY_DATE.replace("0001-01-01", "2023-01-01")
    root = make_ledger(ACTIVITIES, commitments=commitments)
    result = invoke("show", "tertial", "--ledger", str(root), "--as-of", "9999-12-31")
    assert result.exit_code == 0, result.output
    assert "0 so far in T3 9999" not in result.stdout  # T3 9999 ends on the last day: complete
