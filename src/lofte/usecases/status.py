"""The status of every commitment, as the weekly meeting reads it.

With `since` (the day of the last meeting), also what happened since then: per commitment
the number of activities dated after `since` and up to as-of (`since` itself not counted:
the meeting's own day belongs to the previous meeting), and the commitments whose state as
of `since` differs from their state as of as-of.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from lofte.domain.coverage import (
    CommitmentStatus,
    State,
    StatusReport,
    compute_status,
    index_dates,
    select_rows,
)
from lofte.domain.ids import resolve_parties
from lofte.domain.ledger import Ledger
from lofte.domain.targets import count_in

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class StateChange:
    """A commitment whose state as of `since` differs from its state as of as-of."""

    id: str
    before: State
    after: State


@dataclass(frozen=True, slots=True)
class Since:
    """What happened after `since`, up to the report's as-of."""

    day: dt.date
    new: Mapping[str, int]  # commitment id: activities dated in (day, as-of]
    changes: tuple[StateChange, ...]  # in the order of the report's rows


@dataclass(frozen=True, slots=True)
class StatusOverview:
    """The status report, and with `--since` what changed since that day."""

    report: StatusReport
    since: Since | None = None

    def new_since(self, row: CommitmentStatus) -> int | None:
        """The activities of `row` dated after `since`; None without `since`."""
        if self.since is None:
            return None
        return self.since.new.get(row.id, 0)


def ledger_status(ledger: Ledger, as_of: dt.date, owners: Sequence[str] = (),
                  states: Sequence[State] = (), since: dt.date | None = None
                  ) -> StatusOverview:
    """The status as of `as_of` (the promise's last day at the latest), only the rows of
    `owners` (party ids, resolved as every command resolves them) and `states` when given;
    with `since`, the activities after that day and the changes of state since then (for
    the rows shown). Raises Refused naming each unknown owner."""
    parties = resolve_parties(owners, ledger.promise_file.parties, field="owner")
    report = select_rows(compute_status(ledger, as_of), parties, states)
    if since is None:
        return StatusOverview(report)
    return StatusOverview(report, changes_since(ledger, report, since))


def changes_since(ledger: Ledger, report: StatusReport, since: dt.date) -> Since:
    """The activities dated after `since` and up to the report's as-of, per row, and the
    rows whose state as of `since` differs from their state now. A `since` on or after
    as-of counts nothing and changes nothing."""
    dates = index_dates(ledger.entries)
    first = since + ONE_DAY if since < dt.date.max else since
    new = {row.id: count_in(dates.get(row.id, []), first, report.as_of)
           if since < report.as_of else 0 for row in report.rows}
    if since >= report.as_of:
        return Since(since, new, ())
    before = {row.id: row.state for row in compute_status(ledger, since).rows}
    changes = tuple(StateChange(row.id, before[row.id], row.state) for row in report.rows
                    if row.id in before and before[row.id] != row.state)
    return Since(since, new, changes)
