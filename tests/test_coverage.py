"""The coverage arithmetic against hand-computed cases (the rules in the README, "lofte status")."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest

from lofte.domain.coverage import (
    CommitmentStatus,
    compute_detail,
    compute_status,
    heat_map,
    select_rows,
)
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.models import Activity
from lofte.domain.promise import Promise
from tests.promise_data import validated_promise

D = dt.date.fromisoformat


def make(commitments: list[dict[str, Any]], activities: Sequence[dict[str, Any]] = (),
         valid_from: str = "2023-01-01", valid_until: str = "2025-12-31",
         max_gap_days: int | None = None) -> Ledger:
    data: dict[str, Any] = {
        "promise": {"id": "test", "title": "Test", "valid_from": valid_from,
                    "valid_until": valid_until},
        "parties": {"polisen": {"name": "Polisen"}, "kommunen": {"name": "Kommunen"}},
        "commitments": [{"title": c["id"].title(), "owners": ["polisen"], **c}
                        for c in commitments],
    }
    if max_gap_days is not None:
        data["defaults"] = {"max_gap_days": max_gap_days}
    promise_file = validated_promise(data)
    entries = tuple(RecordedActivity(Activity.model_validate({"summary": "x", **a}), f"a{i}.yaml")
                    for i, a in enumerate(activities))
    return Ledger(promise_file, entries)


def one(ledger: Ledger, as_of: str) -> CommitmentStatus:
    (row,) = compute_status(ledger, D(as_of)).rows
    return row


def on(commitment: str, *days: str) -> list[dict[str, Any]]:
    return [{"date": day, "commitment": commitment} for day in days]


# --- the gap against max_gap_days ---------------------------------------------------------

@pytest.mark.parametrize(("last", "g", "state"), [
    ("2024-03-01", 14, "due"),  # g = max: not overdue, but 4*14 = 56 > 3*14 = 42: due
    ("2024-02-29", 15, "overdue"),  # max + 1 (2024 is a leap year)
    ("2024-03-05", 10, "ok"),  # 4*10 = 40 <= 42
    ("2024-03-04", 11, "due"),  # 4*11 = 44 > 42
    ("2024-03-15", 0, "ok"),  # an activity on the as-of day itself
])
def test_gap_against_max_14(last: str, g: int, state: str) -> None:
    ledger = make([{"id": "a", "max_gap_days": 14}], on("a", "2024-01-10", last))
    row = one(ledger, "2024-03-15")
    assert (row.gap, row.days_since, row.state) == (g, g, state)
    assert row.last_activity == D(last)
    assert row.activity_count == 2


@pytest.mark.parametrize(("g", "state"), [(15, "ok"), (16, "due"), (20, "due"), (21, "overdue")])
def test_three_quarter_threshold_exact(g: int, state: str) -> None:
    # max 20: 4g > 60 exactly from g = 16; g = 15 sits on the threshold and is still ok.
    as_of = D("2024-06-30")
    last = (as_of - dt.timedelta(days=g)).isoformat()
    ledger = make([{"id": "a", "max_gap_days": 20}], on("a", last))
    assert one(ledger, "2024-06-30").state == state


@pytest.mark.parametrize(("default", "g", "state"), [(None, 22, "ok"), (None, 23, "due"),
                                                     (None, 30, "due"), (None, 31, "overdue"),
                                                     (10, 8, "due"), (10, 11, "overdue")])
def test_default_max_gap(default: int | None, g: int, state: str) -> None:
    as_of = D("2024-06-30")
    ledger = make([{"id": "a"}], on("a", (as_of - dt.timedelta(days=g)).isoformat()),
                  max_gap_days=default)
    row = one(ledger, "2024-06-30")
    assert row.max_gap_days == (default or 30)
    assert row.state == state


def test_no_activity_logged_counts_the_gap_from_the_start() -> None:
    ledger = make([{"id": "a", "max_gap_days": 14}, {"id": "b"}])
    rows = {r.id: r for r in compute_status(ledger, D("2023-01-20")).rows}
    assert rows["a"].last_activity is None and rows["a"].days_since is None
    assert rows["a"].activity_count == 0
    assert (rows["a"].gap, rows["a"].state) == (19, "overdue")
    assert (rows["b"].gap, rows["b"].state) == (19, "ok")  # 76 <= 90


def test_activity_after_as_of_is_ignored() -> None:
    ledger = make([{"id": "a", "max_gap_days": 14}], on("a", "2024-01-01", "2024-03-20"))
    row = one(ledger, "2024-03-15")
    assert row.last_activity == D("2024-01-01")
    assert (row.activity_count, row.gap, row.state) == (1, 74, "overdue")


def test_active_from() -> None:
    ledger = make([{"id": "a", "active_from": "2024-01-01", "max_gap_days": 14}],
                  on("a", "2023-12-20"))  # before S: not counted
    before = one(ledger, "2023-12-31")
    assert before.state == "not-started"
    assert before.window_start == D("2024-01-01")
    assert before.activity_count == 0
    row = one(ledger, "2024-01-10")
    assert (row.gap, row.last_activity, row.activity_count, row.state) == (9, None, 0, "ok")
    assert one(ledger, "2024-01-12").state == "due"  # g = 11 from S: 44 > 42
    assert one(ledger, "2024-01-16").state == "overdue"  # g = 15


def test_retired_on() -> None:
    ledger = make([{"id": "a", "retired_on": "2024-06-30", "max_gap_days": 14}],
                  on("a", "2024-01-01"))
    assert one(ledger, "2024-06-29").state == "overdue"
    assert one(ledger, "2024-06-30").state == "retired"
    assert one(ledger, "2025-03-01").state == "retired"


def test_as_of_after_the_promise_is_clamped() -> None:
    ledger = make([{"id": "a"}], on("a", "2025-12-20"))
    report = compute_status(ledger, D("2026-11-26"))
    assert report.as_of == D("2025-12-31")
    assert report.requested_as_of == D("2026-11-26")
    assert report.clamped
    (row,) = report.rows
    assert (row.days_since, row.state) == (11, "ok")
    assert not compute_status(ledger, D("2025-12-31")).clamped


def test_sort_order() -> None:
    commitments = [{"id": "ok-low", "max_gap_days": 100}, {"id": "retired",
                                                           "retired_on": "2023-06-01"},
                   {"id": "later", "active_from": "2024-06-01"},
                   {"id": "due-a", "max_gap_days": 10}, {"id": "due-b", "max_gap_days": 10},
                   {"id": "over-small", "max_gap_days": 40}, {"id": "over-big", "max_gap_days": 5},
                   {"id": "ok-high", "max_gap_days": 10}]
    activities = (on("ok-low", "2024-01-30") + on("due-a", "2024-01-22")
                  + on("due-b", "2024-01-22") + on("ok-high", "2024-01-24")
                  + on("over-small", "2023-12-01") + on("over-big", "2024-01-01"))
    rows = compute_status(make(commitments, activities), D("2024-01-31")).rows
    assert [(r.id, r.state) for r in rows] == [
        ("over-big", "overdue"),  # 30/5 = 6
        ("over-small", "overdue"),  # 61/40
        ("due-a", "due"),  # 9/10, tie broken by id
        ("due-b", "due"),
        ("ok-high", "ok"),  # 7/10
        ("ok-low", "ok"),  # 1/100
        ("later", "not-started"),
        ("retired", "retired"),
    ]


def test_select_rows() -> None:
    ledger = make([{"id": "a"}, {"id": "b", "owners": ["kommunen"]},
                   {"id": "c", "owners": ["polisen", "kommunen"], "max_gap_days": 5}])
    report = compute_status(ledger, D("2023-01-20"))
    assert [r.id for r in select_rows(report, owners=["kommunen"]).rows] == ["c", "b"]
    assert [r.id for r in select_rows(report, states=["overdue"]).rows] == ["c"]
    assert [r.id for r in select_rows(report, ["polisen"], ["ok"]).rows] == ["a"]


# --- targets ------------------------------------------------------------------------------

def test_target_week_leaves_out_the_week_cut_by_the_start() -> None:
    # S = 2023-01-01 is the Sunday of 2022-W52; complete weeks to 2023-01-22 are W01-W03.
    ledger = make([{"id": "a", "target": {"per": "week", "at_least": 1}}],
                  on("a", "2023-01-01", "2023-01-03", "2023-01-10", "2023-01-11",
                     "2023-01-23", "2023-01-24"))
    target = one(ledger, "2023-01-22").target
    assert target is not None
    assert (target.periods_met, target.periods_total) == (2, 3)
    assert target.current is None  # 2023-01-22 is a Sunday: its week is complete
    later = one(ledger, "2023-01-24").target
    assert later is not None
    assert (later.periods_met, later.periods_total, later.current_count) == (2, 3, 2)
    assert later.current is not None and later.current.label == "v. 4"


def test_target_month() -> None:
    ledger = make([{"id": "a", "target": {"per": "month", "at_least": 2}}],
                  on("a", "2023-01-05", "2023-01-25", "2023-02-14", "2023-03-01", "2023-03-02",
                     "2023-03-31", "2023-04-10"))
    target = one(ledger, "2023-04-15").target
    assert target is not None
    assert (target.periods_met, target.periods_total, target.current_count) == (2, 3, 1)


def test_target_month_with_active_from_mid_month() -> None:
    ledger = make([{"id": "a", "active_from": "2023-03-15",
                    "target": {"per": "month", "at_least": 1}}],
                  on("a", "2023-03-20", "2023-05-02"))
    target = one(ledger, "2023-05-31").target
    assert target is not None
    assert (target.periods_met, target.periods_total) == (1, 2)  # April missed, May met


def test_target_quarter() -> None:
    ledger = make([{"id": "a", "target": {"per": "quarter", "at_least": 1}}],
                  on("a", "2023-02-01", "2023-05-01", "2023-11-30"))
    target = one(ledger, "2023-12-31").target
    assert target is not None
    assert (target.periods_met, target.periods_total, target.current) == (3, 4, None)


def test_target_tertial() -> None:
    ledger = make([{"id": "a", "target": {"per": "tertial", "at_least": 2}}],
                  on("a", "2023-01-10", "2023-04-30", "2023-05-01", "2023-09-01"))
    target = one(ledger, "2023-09-01").target
    assert target is not None
    assert (target.periods_met, target.periods_total) == (1, 2)  # T1 met, T2 not
    assert target.current is not None and target.current.label == "T3 2023"
    assert target.current_count == 1


def test_target_year() -> None:
    ledger = make([{"id": "a", "target": {"per": "year", "at_least": 1}}],
                  on("a", "2023-06-01", "2025-02-01"))
    target = one(ledger, "2025-06-30").target
    assert target is not None
    assert (target.periods_met, target.periods_total, target.current_count) == (1, 2, 1)


def test_target_stops_at_retirement_and_is_empty_before_start() -> None:
    ledger = make([{"id": "a", "retired_on": "2023-03-01",
                    "target": {"per": "month", "at_least": 1}},
                   {"id": "b", "active_from": "2024-01-01",
                    "target": {"per": "week", "at_least": 1}}],
                  on("a", "2023-01-05"))
    rows = {r.id: r for r in compute_status(ledger, D("2023-12-31")).rows}
    assert rows["a"].target is not None
    assert (rows["a"].target.periods_met, rows["a"].target.periods_total) == (1, 2)
    assert rows["b"].target is not None
    assert (rows["b"].target.periods_met, rows["b"].target.periods_total) == (0, 0)


def test_no_target() -> None:
    assert one(make([{"id": "a"}]), "2023-06-01").target is None


def test_recent_weeks() -> None:
    ledger = make([{"id": "a"}], on("a", "2024-12-30", "2025-01-05", "2025-01-06",
                                    "2024-10-20", "2024-10-21"))
    report = compute_status(ledger, D("2025-01-06"))
    assert [w.label for w in report.recent_weeks][-2:] == ["v. 1", "v. 2"]
    assert report.recent_weeks[0].label == "v. 43"  # 2024-10-21 .. 2024-10-27
    assert report.rows[0].recent == (1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 1)


# --- one commitment in detail -------------------------------------------------------------

def test_detail_totals_by_party() -> None:
    ledger = make([{"id": "a", "owners": ["polisen", "kommunen"]}, {"id": "b"}], [
        {"date": "2023-02-01", "commitment": "a", "people_reached": 10, "hours": 2},
        {"date": "2023-03-01", "commitment": ["b", "a"], "by": "kommunen", "hours": 1.5},
        {"date": "2023-04-01", "commitment": "a", "public": False},
        {"date": "2023-05-01", "commitment": "a"},  # after as-of
    ])
    commitment = ledger.commitment("a")
    assert commitment is not None
    detail = compute_detail(ledger, commitment, D("2023-04-15"))
    totals = detail.totals
    assert (totals.activities, totals.people_reached, totals.with_people) == (3, 10, 1)
    assert (totals.hours, totals.with_hours, totals.private) == (3.5, 2, 1)
    assert [(p.party, p.activities, p.people_reached, p.hours) for p in totals.by_party] == [
        ("polisen", 2, 10, 2.0), ("kommunen", 3, 10, 3.5)]
    assert [e.activity.date for e in detail.activities] == [
        D("2023-04-01"), D("2023-03-01"), D("2023-02-01")]
    assert detail.uncounted == 1


def test_heat_map_rows_are_iso_years() -> None:
    promise = Promise(id="p", title="P", valid_from=D("2023-01-01"), valid_until=D("2025-12-31"))
    rows = heat_map(promise, [D("2023-01-01"), D("2023-01-03"), D("2024-12-30"),
                              D("2025-12-31")], D("2023-01-01"), D("2025-12-31"))
    assert [r.year for r in rows] == [2023, 2024, 2025]
    assert [len(r.cells) for r in rows] == [52, 52, 52]
    assert rows[0].cells[0] == 2  # 2023-01-01 (2022-W52, not shown) is folded into W01
    assert rows[2].cells[0] == 1  # 2024-12-30 is 2025-W01
    assert rows[2].cells[51] == 1  # 2025-12-31 (2026-W01) is folded into 2025-W52

    year_2026 = Promise(id="p", title="P", valid_from=D("2026-01-01"),
                        valid_until=D("2026-12-31"))
    (row,) = heat_map(year_2026, [D("2026-12-31")], D("2026-01-01"), D("2026-12-31"))
    assert (row.year, len(row.cells), row.cells[52]) == (2026, 53, 1)
    (cut,) = heat_map(year_2026, [], D("2026-03-01"), D("2026-06-30"))
    assert cut.cells[:8] == (None,) * 8 + () and cut.cells[8] == 0  # W09 holds 2026-03-01
    assert cut.cells[27] is None  # W28 begins after the as-of date
