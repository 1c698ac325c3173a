"""The "due" and "overdue" thresholds: what `lofte show` says the rule is, is what
`lofte status` applies, for any max_gap_days."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from rich.console import Console

from lofte.domain.coverage import compute_detail, compute_status
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.models import Activity
from lofte.render.show import render_show
from tests.promise_data import validated_promise

AS_OF = dt.date(2025, 6, 30)
RULE = re.compile(r"due from (\d+) days without activity, overdue from (\d+)")


def ledger(max_gap_days: int, gap: int) -> Ledger:
    data: dict[str, Any] = {
        "promise": {"id": "test", "title": "Test", "valid_from": "2020-01-01",
                    "valid_until": "2025-12-31"},
        "parties": {"polisen": {"name": "Polisen"}},
        "commitments": [{"id": "a", "title": "A", "owners": ["polisen"],
                         "max_gap_days": max_gap_days}],
    }
    last = Activity(date=AS_OF - dt.timedelta(days=gap), commitment=["a"], summary="x")
    return Ledger(validated_promise(data), (RecordedActivity(last, "a.yaml"),))


def stated_rule(max_gap_days: int) -> tuple[int, int]:
    """The thresholds `lofte show` prints for a commitment."""
    book = ledger(max_gap_days, 0)
    detail = compute_detail(book, book.promise_file.commitments[0], AS_OF)
    console = Console(width=200, record=True, color_system=None)
    console.print(render_show(detail, {"polisen": "Polisen"}, "."))
    found = RULE.search(console.export_text())
    assert found is not None
    return int(found[1]), int(found[2])


def state(max_gap_days: int, gap: int) -> str:
    (row,) = compute_status(ledger(max_gap_days, gap), AS_OF).rows
    assert row.gap == gap
    return row.state


@pytest.mark.parametrize("max_gap_days", [1, 2, 3, 4, 5, 7, 14, 20, 30, 45, 90, 120, 180,
                                          365, 1001])
def test_show_states_the_thresholds_status_applies(max_gap_days: int) -> None:
    due, overdue = stated_rule(max_gap_days)
    assert state(max_gap_days, due - 1) == "ok"
    assert state(max_gap_days, due) == ("due" if due < overdue else "overdue")
    assert state(max_gap_days, overdue - 1) in ("due", "ok")
    assert state(max_gap_days, overdue) == "overdue"
