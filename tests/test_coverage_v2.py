"""Coverage version 2 through `compute_status`: targets drive the state, pauses stop the
clock, plans never count. Hand-computed cases."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from lofte.domain.coverage import compute_status
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.models import Activity
from lofte.storage.yamlsafe import parse_yaml
from tests.promise_data import validated_promise

D = dt.date

PROMISE = """\
promise:
  id: testlofte-2024
  title: Medborgarlöfte Testköping 2024
  valid_from: 2024-01-01
  valid_until: 2025-12-31
parties:
  polisen: {name: Polisen}
calendars:
  skollov:
    - {name: Sommarlov, from: 2024-06-13, until: 2024-08-18}
  vinter:
    - {name: Vinter, from: "12-20", until: "01-10"}
commitments:
  - id: kontor
    title: Poliskontor en gång per vecka
    owners: [polisen]
    max_gap_days: 14
    target: {per: week, at_least: 1}
  - id: skolbesok
    title: Skolbesök
    owners: [polisen]
    max_gap_days: 30
    pauses: [skollov]
  - id: radgivning
    title: Rådgivning
    owners: [polisen]
    max_gap_days: null
    target: {per: year, at_least: 2}
  - id: vinterpatrull
    title: Patrull utom vintern
    owners: [polisen]
    max_gap_days: 10
    pauses: [vinter]
"""


PROMISE_FILE = validated_promise(parse_yaml(PROMISE).value)


def ledger(deeds: dict[str, list[dt.date]], plans: dict[str, list[dt.date]] | None = None
           ) -> Ledger:
    promise_file = PROMISE_FILE

    def recorded(cid: str, day: dt.date, planned: bool) -> RecordedActivity:
        return RecordedActivity(Activity(date=day, commitment=[cid], summary="x",
                                         planned=planned), "x.yaml")

    return Ledger(promise_file,
                  tuple(recorded(c, d, False) for c, days in deeds.items() for d in days),
                  tuple(recorded(c, d, True) for c, days in (plans or {}).items()
                        for d in days))


def row(data: Ledger, cid: str, as_of: dt.date):  # type: ignore[no-untyped-def]
    return next(r for r in compute_status(data, as_of).rows if r.id == cid)


def test_a_missed_week_makes_the_weekly_office_overdue_though_the_gap_is_short() -> None:
    data = ledger({"kontor": [D(2025, 1, 3)]})  # Friday of week 1; nothing in week 2
    status = row(data, "kontor", D(2025, 1, 13))  # Monday of week 3: gap 10 of 14
    assert (status.gap_state, status.target_state, status.state) == ("ok", "overdue",
                                                                      "overdue")
    visited = row(ledger({"kontor": [D(2025, 1, 3), D(2025, 1, 13)]}), "kontor",
                  D(2025, 1, 13))
    assert visited.state == "ok"
    assert visited.current_period is not None and visited.current_period.count == 1


def test_school_visits_are_paused_in_summer_and_the_gap_skips_the_pause() -> None:
    data = ledger({"skolbesok": [D(2024, 6, 10)]})
    july = row(data, "skolbesok", D(2024, 7, 15))
    assert (july.state, july.paused) == ("paused", True)
    # 2024-06-10 to 2024-08-25: 76 days, 67 of them paused
    august = row(data, "skolbesok", D(2024, 8, 25))
    assert (august.gap, august.state) == (9, "ok")


def test_a_pause_that_wraps_the_new_year() -> None:
    data = ledger({"vinterpatrull": [D(2024, 12, 15)]})
    assert row(data, "vinterpatrull", D(2025, 1, 5)).state == "paused"
    # 16-19 December and 11-12 January count: 6 days of 10
    after = row(data, "vinterpatrull", D(2025, 1, 12))
    assert (after.gap, after.state) == (6, "ok")


def test_no_gap_rule_with_a_yearly_target() -> None:
    data = ledger({"radgivning": [D(2024, 3, 1), D(2024, 9, 1)]})
    status = row(data, "radgivning", D(2025, 2, 1))
    assert status.max_gap_days is None and status.gap_state is None
    assert status.target_state == "ok" and status.state == "ok"
    assert row(ledger({"radgivning": [D(2024, 3, 1)]}), "radgivning",
               D(2025, 2, 1)).state == "overdue"  # 2024 had one of two
    late = row(data, "radgivning", D(2025, 11, 1))  # 10 of 12 months gone, none yet
    assert late.state == "due"


def test_plans_never_count_and_the_next_one_is_shown() -> None:
    data = ledger({"skolbesok": [D(2024, 3, 1)]},
                  {"skolbesok": [D(2024, 4, 1), D(2024, 5, 20), D(2024, 9, 2)]})
    status = row(data, "skolbesok", D(2024, 4, 20))
    assert status.activity_count == 1 and status.last_activity == D(2024, 3, 1)
    assert status.next_planned == D(2024, 5, 20)
    assert status.state == "overdue"  # 50 days > 30: the plan of 2024-04-01 did not count


def test_paused_sorts_after_ok() -> None:
    data = ledger({"kontor": [D(2024, 7, 15)], "vinterpatrull": [D(2024, 7, 10)],
                   "radgivning": [D(2024, 3, 1), D(2024, 5, 1)]})
    states = [r.state for r in compute_status(data, D(2024, 7, 16)).rows]
    assert states == sorted(states, key=["overdue", "due", "ok", "paused", "not-started",
                                         "retired"].index)
    assert "paused" in states


RANK = {"overdue": 0, "due": 1, "ok": 2, "paused": 3, "not-started": 3, "retired": 3}
days = st.dates(min_value=D(2024, 1, 1), max_value=D(2025, 12, 31))


@given(st.lists(st.tuples(st.sampled_from(["kontor", "skolbesok", "radgivning",
                                           "vinterpatrull"]), days), max_size=15),
       st.sampled_from(["kontor", "skolbesok", "radgivning", "vinterpatrull"]), days, days)
def test_adding_a_deed_never_makes_a_state_worse(existing: list[tuple[str, dt.date]],
                                                 cid: str, extra: dt.date,
                                                 as_of: dt.date) -> None:
    deeds: dict[str, list[dt.date]] = {}
    for commitment, day in existing:
        deeds.setdefault(commitment, []).append(day)
    before = row(ledger(deeds), cid, as_of).state
    deeds.setdefault(cid, []).append(extra)
    after = row(ledger(deeds), cid, as_of).state
    assert RANK[after] >= RANK[before], (before, after)


def test_no_gap_rule_without_a_target_is_an_error_and_the_default_gap_judges(
        tmp_path: object) -> None:
    from lofte.domain.validation import validate_commitments

    text = PROMISE.replace("    max_gap_days: null\n    target: {per: year, at_least: 2}\n",
                           "    max_gap_days: null\n")
    promise_file, _written, issues = validate_commitments(parse_yaml(text).value)
    assert [(i.loc, i.code) for i in issues] == [
        (("commitments", 2, "max_gap_days"), "missing-field")]
    assert promise_file is not None
    data = Ledger(promise_file, ())
    status = next(r for r in compute_status(data, D(2024, 3, 1)).rows if r.id == "radgivning")
    assert status.max_gap_days == 30 and status.state == "overdue"  # 60 days > 30
