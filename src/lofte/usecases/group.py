"""Many promises at once: checking a group of ledgers, and their status as one table.

A group is a folder whose immediate subfolders are ledgers, or several `--ledger` options
(`lofte.storage.discovery.find_ledgers`). The CLI and the web ask these functions; each
ledger is loaded and judged exactly as on its own, and only the merging happens here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import NamedTuple

from lofte.domain.coverage import CommitmentStatus, State, effective_as_of, sort_key
from lofte.domain.findings import Finding
from lofte.domain.problems import Refused
from lofte.storage.loader import collector_paused
from lofte.storage.shared_stat import sharing
from lofte.usecases.check import CheckResult, check_ledger
from lofte.usecases.ledger import OpenLedger, open_ledger
from lofte.usecases.status import StatusOverview, ledger_status

TodayOf = Callable[[Path], dt.date]  # today in the time zone of the ledger at a root


@dataclass(frozen=True, slots=True)
class GroupCheck:
    """Every ledger's check. `findings` go ledger by ledger, in the group's order, each
    ledger's sorted as `lofte check` sorts them; their paths include the ledger's folder."""

    ledgers: tuple[CheckResult, ...]

    @property
    def findings(self) -> list[Finding]:
        return [finding for result in self.ledgers for finding in result.findings]

    @property
    def ok(self) -> bool:
        return all(result.ok for result in self.ledgers)

    @property
    def commitments(self) -> int:
        return sum(result.commitments for result in self.ledgers)

    @property
    def activities(self) -> int:
        return sum(result.activities for result in self.ledgers)

    @property
    def files(self) -> int:
        return sum(result.files for result in self.ledgers)


def check_group(roots: Sequence[Path], today_of: TodayOf, cache_dir: Path | None = None, *,
                strict: bool = False) -> GroupCheck:
    """Check every ledger of the group, each against its own today."""
    with collector_paused(), sharing():  # the ledgers loaded as one (see `load_ledger`)
        return GroupCheck(tuple(check_ledger(root, today_of(root), cache_dir, strict=strict)
                                for root in roots))


def open_group(roots: Sequence[Path], today_of: TodayOf,
               cache_dir: Path | None = None) -> list[OpenLedger]:
    """Every ledger of the group, for a view. Raises LedgerUnusable for the first one whose
    commitments.yaml cannot be used."""
    with collector_paused(), sharing():  # the ledgers loaded as one (see `load_ledger`)
        return [open_ledger(root, today_of(root), cache_dir) for root in roots]


class GroupRow(NamedTuple):
    """One commitment of one promise, in the group's table."""

    promise: str  # the promise's id
    member: int  # the index of its ledger in `GroupStatus.members`
    row: CommitmentStatus


@dataclass(frozen=True, slots=True)
class GroupStatus:
    """The status of every ledger of a group, and all their rows sorted together by the
    usual rule (state, then g / max gap, then id; then the promise's id)."""

    requested: dt.date
    members: tuple[StatusOverview, ...]
    rows: tuple[GroupRow, ...]


def group_status(opened: Sequence[OpenLedger], as_of: dt.date, owners: Sequence[str] = (),
                 states: Sequence[State] = (),
                 since: Callable[[dt.date], dt.date | None] | None = None) -> GroupStatus:
    """The status of each ledger as of `as_of` (each clamped to its own promise's last
    day), with `since(day)` giving the day of the last meeting for a status as of `day`.

    `owners` are resolved in each ledger; a ledger that has none of them shows no rows,
    and only an owner unknown to every ledger is refused (Refused, from the first)."""
    members: list[StatusOverview] = []
    refusals: list[Refused] = []
    for member in opened:
        promise = member.ledger.promise_file.promise
        since_day = since(effective_as_of(promise, as_of)) if since is not None else None
        try:
            overview = ledger_status(member.ledger, as_of, owners, states, since=since_day)
        except Refused as refused:
            refusals.append(refused)
            overview = ledger_status(member.ledger, as_of, (), states, since=since_day)
            overview = StatusOverview(replace(overview.report, rows=()), overview.since)
        members.append(overview)
    if opened and len(refusals) == len(opened):
        raise refusals[0]
    rows = [GroupRow(overview.report.promise.id, index, row)
            for index, overview in enumerate(members) for row in overview.report.rows]
    rows.sort(key=lambda r: (*sort_key(r.row), r.promise))
    return GroupStatus(as_of, tuple(members), tuple(rows))

