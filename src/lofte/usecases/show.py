"""One commitment in full."""

from __future__ import annotations

import datetime as dt

from lofte.domain.coverage import CommitmentDetail, compute_detail
from lofte.domain.ids import resolve_commitment
from lofte.domain.ledger import Ledger, RecordedActivity


def commitment_detail(ledger: Ledger, word: str, as_of: dt.date) -> CommitmentDetail:
    """The commitment `word` names (resolved as every command resolves it) as of `as_of`.
    Raises Refused when `word` names none, or more than one."""
    commitment = resolve_commitment(word, ledger.promise_file.commitments)
    return compute_detail(ledger, commitment, as_of)


def next_plan(ledger: Ledger, detail: CommitmentDetail) -> RecordedActivity | None:
    """The commitment's first plan dated on or after the detail's as-of (the earliest file
    on a day with several), or None."""
    commitment_id = detail.status.id
    upcoming = [plan for plan in ledger.plans
                if commitment_id in plan.commitment and plan.date >= detail.as_of]
    return min(upcoming, key=lambda plan: (plan.date, plan.path, plan.index or 0),
               default=None)
