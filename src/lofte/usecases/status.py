"""The status of every commitment, as the weekly meeting reads it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from lofte.domain.coverage import State, StatusReport, compute_status, select_rows
from lofte.domain.ids import resolve_parties
from lofte.domain.models import Ledger


def ledger_status(ledger: Ledger, as_of: dt.date, owners: Sequence[str] = (),
                  states: Sequence[State] = ()) -> StatusReport:
    """The status as of `as_of` (the promise's last day at the latest), only the rows of
    `owners` (party ids, resolved as every command resolves them) and `states` when given.
    Raises Refused naming each unknown owner."""
    parties = resolve_parties(owners, ledger.promise_file.parties, field="owner")
    return select_rows(compute_status(ledger, as_of), parties, states)
