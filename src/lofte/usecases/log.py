"""Logging an activity: build it, validate it, name its file, write it whole or not at all.

`prepare_log` does everything but the write, so that a front end can show the file and ask
before `write_log` creates it; `log_activity` does both. Problems with the request are
raised as `Refused` (each problem naming its field); a file already at the name as
`AlreadyLogged` or `NameTaken`; a way out of the ledger as a `BoundaryError`; a failed
write as `OSError`. Nothing is written in any of these cases.

A plan (`lofte plan`) is written the same way, with `planned: true` (`prepare_plan`). A plan
becomes a deed with `prepare_from_plan` and `write_from_plan`: the deed's file is created
first, and only then is the plan's file removed, so that a failure in between leaves the
deed logged and the plan in place (`PlanNotRemoved`), never neither.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lofte.domain.known_activity import known_activity
from lofte.domain.new_activity import ActivityRequest
from lofte.storage import promise_cache
from lofte.storage.activity_writer import (
    ActivityFile,
    AlreadyLogged,
    LedgerFolders,
    create_activity_file,
    find_existing,
    prepare_activity_file,
    prepare_known_file,
)
from lofte.storage.boundary import BoundaryError, outside_target, real_root
from lofte.storage.discovery import COMMITMENTS_FILE

if TYPE_CHECKING:
    from lofte.domain.findings import Finding
    from lofte.domain.promise import CommitmentsFile
    from lofte.storage.plan_file import PlanFile

# The models, pydantic, the loader and the validation are imported where they are used:
# `open_known_promise` and `prepare_known_log`, lofte log's quick way, need none of them.


@dataclass(frozen=True, slots=True)
class Promise:
    """commitments.yaml, as `log` needs it, and what `lofte check` finds wrong in it."""

    promise_file: CommitmentsFile
    findings: list[Finding]


def open_promise(root: Path, cache_dir: Path | None = None) -> Promise:
    """commitments.yaml only: what logging needs, at a cost independent of the number of
    activities. Raises LedgerUnusable when it cannot be used. `cache_dir`: where
    commitments.yaml's validated form is kept (`lofte.storage.promise_cache`)."""
    from lofte.storage.loader import LoadResult, load_commitments  # noqa: PLC0415
    from lofte.usecases.ledger import LedgerUnusable  # noqa: PLC0415

    promise_file, findings = load_commitments(root, cache_dir)
    if promise_file is None:
        raise LedgerUnusable(LoadResult(None, findings, 1, 0, 0))
    return Promise(promise_file, findings)


def prepare_log(root: Path, promise_file: CommitmentsFile, request: ActivityRequest,
                today: dt.date, folders: LedgerFolders | None = None) -> ActivityFile:
    """The new file's path and text, proven to load back as the activity. Writes nothing.
    Raises Refused, or AlreadyLogged when the very same activity is in the ledger.
    `folders`: shared by the many files of one import."""
    from lofte.domain.new_activity import build_activity  # noqa: PLC0415 - see the imports

    activity = build_activity(request, promise_file, today)
    prepared = prepare_activity_file(root, activity, folders)
    existing = find_existing(prepared, folders)
    if existing is not None:
        raise AlreadyLogged(existing)
    return prepared


@dataclass(frozen=True, slots=True)
class KnownPromise:
    """commitments.yaml as validated before (`lofte.storage.promise_cache`), as plain data,
    with nothing to report: all that `prepare_known_log` needs."""

    data: dict[str, Any]

    @property
    def timezone(self) -> str:
        zone: str = self.data["promise"]["timezone"]
        return zone


def open_known_promise(root: Path, cache_dir: Path | None) -> KnownPromise | None:
    """commitments.yaml's validated form from the cache, without validating it again,
    when it is there and has no findings at all; None otherwise (then `open_promise`)."""
    if cache_dir is None:
        return None
    if outside_target(str(root / COMMITMENTS_FILE), real_root(root)) is not None:
        return None
    found = promise_cache.lookup(root, cache_dir)
    entry = found.entry if found is not None else None
    if entry is None or entry.tree is None or entry.findings:
        return None
    return KnownPromise(promise_cache.plain(entry.tree))


def known_promise(promise: Promise) -> KnownPromise | None:
    """The plain data `prepare_known_log` needs, of a promise already validated, when
    commitments.yaml has nothing to report; None otherwise."""
    if promise.findings:
        return None
    return KnownPromise(promise_cache.plain(promise_cache.stored(promise.promise_file)))


def prepare_known_log(root: Path, promise: KnownPromise, request: ActivityRequest,
                      today: dt.date, folders: LedgerFolders | None = None
                      ) -> ActivityFile | None:
    """`prepare_log`, when the activity is plainly fine (`known_activity`) and its text
    reads back as known: the very same file, without pydantic. None when only
    `prepare_log` can tell. Raises what `find_existing` raises. `folders`: as for
    `prepare_log`."""
    values = known_activity(request, promise.data, today)
    return unless_logged(prepare_known_file(root, values, folders) if values is not None
                         else None, folders)


def unless_logged(prepared: ActivityFile | None, folders: LedgerFolders | None = None
                  ) -> ActivityFile | None:
    """`prepared` (None stays None), when no file holds that very activity yet. Raises
    AlreadyLogged when one does, and what `find_existing` raises."""
    if prepared is None:
        return None
    existing = find_existing(prepared, folders)
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


# --- plans ----------------------------------------------------------------------------


def prepare_plan(root: Path, promise_file: CommitmentsFile, request: ActivityRequest,
                 today: dt.date) -> ActivityFile:
    """`prepare_log` for a plan: `planned: true`, dated today or later inside the promise
    (one dated before today is refused as `plan-passed`)."""
    return prepare_log(root, promise_file, replace(request, planned=True), today)


def plan_activity(root: Path, promise_file: CommitmentsFile, request: ActivityRequest,
                  today: dt.date) -> Path:
    """Write the plan: the path of the new file."""
    return write_log(prepare_plan(root, promise_file, request, today))


@dataclass(frozen=True, slots=True)
class PlanOverrides:
    """What the user gave on the command line for the deed; None (or empty) keeps the
    plan's value. `date` has no such default: a deed is dated when it was done."""

    date: dt.date
    commitment: str | None = None
    summary: str | None = None
    also: Sequence[str] = ()
    by: Sequence[str] = ()
    place: str | None = None
    people_reached: int | None = None
    hours: float | None = None
    tags: Sequence[str] = ()
    links: Sequence[str] = ()
    private: bool = False


@dataclass(frozen=True, slots=True)
class FromPlan:
    """The deed about to be written, and the plan it replaces."""

    deed: ActivityFile
    plan: PlanFile


class PlanNotRemoved(Exception):
    """The deed was logged, in `written`, but the plan's file could not be removed."""

    def __init__(self, written: Path, plan: Path, reason: str) -> None:
        super().__init__(reason)
        self.written = written
        self.plan = plan
        self.reason = reason


def deed_request(plan: PlanFile, overrides: PlanOverrides) -> ActivityRequest:
    """The plan's fields, `planned` dropped, with what the user gave instead."""
    activity = plan.activity
    commitment = overrides.commitment or activity.commitment[0]
    also = overrides.also or ([] if overrides.commitment else activity.commitment[1:])
    return ActivityRequest(
        commitment=commitment,
        summary=overrides.summary if overrides.summary is not None else activity.summary,
        date=overrides.date, also=also, by=overrides.by or activity.by or (),
        place=overrides.place if overrides.place is not None else activity.place,
        people_reached=(overrides.people_reached if overrides.people_reached is not None
                        else activity.people_reached),
        hours=overrides.hours if overrides.hours is not None else activity.hours,
        tags=overrides.tags or activity.tags, links=overrides.links or activity.links,
        public=activity.public and not overrides.private, planned=False)


def remove_plan(plan: PlanFile) -> None:
    """`lofte.storage.plan_file.remove_plan`, imported when a plan is removed."""
    from lofte.storage.plan_file import remove_plan as remove  # noqa: PLC0415

    remove(plan)


def prepare_from_plan(root: Path, promise_file: CommitmentsFile, plan_path: Path,
                      overrides: PlanOverrides, today: dt.date) -> FromPlan:
    """Read the plan at `plan_path` and prepare its deed. Writes nothing. Raises NotAPlan
    when the path is not a plan's file inside the ledger, and what `prepare_log` raises."""
    from lofte.storage.plan_file import read_plan  # noqa: PLC0415 - see the imports

    plan = read_plan(root, plan_path)
    return FromPlan(prepare_log(root, promise_file, deed_request(plan, overrides), today),
                    plan)


def write_from_plan(prepared: FromPlan) -> Path:
    """Create the deed's file, then remove the plan's; the deed's path. Raises what
    `write_log` raises (then nothing is written and the plan stays), or PlanNotRemoved
    when the deed is written but the plan could not be removed."""
    from lofte.storage.plan_file import NotAPlan  # noqa: PLC0415 - see the imports

    written = write_log(prepared.deed)
    try:
        remove_plan(prepared.plan)
    except NotAPlan as exc:
        raise PlanNotRemoved(written, prepared.plan.path, exc.reason) from exc
    except BoundaryError as exc:
        raise PlanNotRemoved(written, prepared.plan.path, str(exc)) from exc
    except OSError as exc:
        raise PlanNotRemoved(written, prepared.plan.path, exc.strerror or str(exc)) from exc
    return written
