"""Logging an activity: build it, validate it, name its file, write it whole or not at all.

`prepare_log` does everything but the write, so that a front end can show the file and ask
before `write_log` creates it; `log_activity` does both. Problems with the request are
raised as `Refused` (each problem naming its field); a file already at the name as
`AlreadyLogged` or `NameTaken`; a way out of the ledger as a `BoundaryError`; a failed
write as `OSError`. Nothing is written in any of these cases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lofte.domain.findings import Finding
from lofte.domain.models import CommitmentsFile
from lofte.domain.new_activity import ActivityRequest, build_activity
from lofte.storage.activity_writer import (
    ActivityFile,
    AlreadyLogged,
    create_activity_file,
    find_existing,
    prepare_activity_file,
)
from lofte.storage.loader import LoadResult, load_commitments
from lofte.usecases.ledger import LedgerUnusable


@dataclass(frozen=True, slots=True)
class Promise:
    """commitments.yaml, as `log` needs it, and what `lofte check` finds wrong in it."""

    promise_file: CommitmentsFile
    findings: list[Finding]


def open_promise(root: Path) -> Promise:
    """commitments.yaml only: what logging needs, at a cost independent of the number of
    activities. Raises LedgerUnusable when it cannot be used."""
    promise_file, findings = load_commitments(root)
    if promise_file is None:
        raise LedgerUnusable(LoadResult(None, findings, 1, 0, 0))
    return Promise(promise_file, findings)


def prepare_log(root: Path, promise_file: CommitmentsFile, request: ActivityRequest,
                today: dt.date) -> ActivityFile:
    """The new file's path and text, proven to load back as the activity. Writes nothing.
    Raises Refused, or AlreadyLogged when the very same activity is in the ledger."""
    activity = build_activity(request, promise_file, today)
    prepared = prepare_activity_file(root, activity)
    existing = find_existing(prepared)
    if existing is not None:
        raise AlreadyLogged(existing)
    return prepared


def write_log(prepared: ActivityFile) -> Path:
    """Create the prepared file, whole or not at all; its path."""
    return create_activity_file(prepared)


def log_activity(root: Path, promise_file: CommitmentsFile, request: ActivityRequest,
                 today: dt.date) -> Path:
    """Log the activity: the path of the new file."""
    return write_log(prepare_log(root, promise_file, request, today))
