"""The one load pipeline: list files, read them, parse YAML, validate, locate every finding.

Bulk reading parses without positions (fast); only a file with something to report is
parsed a second time, with positions, to give each finding its line and column
(`lofte.storage.located`).

With a cache folder, what each activity file gives on its own (its activities and its
findings) is kept in the parse cache (`lofte.storage.cache`) and used again while the file
is unchanged. What depends on commitments.yaml or on today is checked on every run.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lofte import messages as m
from lofte.domain.findings import Finding, Issue
from lofte.domain.layout import (
    CACHED_FIELDS,
    CACHED_INDEX,
    FIELD_BY,
    FIELD_COMMITMENT,
    FIELD_DATE,
    FIELD_PLANNED,
    LOCAL_CODE,
    RECORD_ACTIVITIES,
    RECORD_FINDINGS,
    RECORD_SALVAGED,
    RECORD_STAMP,
    RECORD_WRITTEN,
    SALVAGED_BY,
    SALVAGED_COMMITMENTS,
    SALVAGED_DAY,
    SALVAGED_INDEX,
    LocalFinding,
    Record,
    Stamp,
)
from lofte.domain.models import (
    DEFAULT_TIMEZONE,
    CommitmentsFile,
    Ledger,
    RecordedActivity,
    activity_fields,
)
from lofte.domain.validation import (
    ReferenceCheck,
    References,
    check_privacy,
    validate_activity_document,
    validate_commitments,
)
from lofte.domain.zones import zone_exists
from lofte.i18n import _
from lofte.storage import cache, parallel, promise_cache, simpleyaml
from lofte.storage.boundary import outside_target, real_root
from lofte.storage.discovery import COMMITMENTS_FILE
from lofte.storage.listing import YAML_SUFFIXES, list_activity_files
from lofte.storage.located import Positions, read_yaml, to_finding
from lofte.storage.textfile import read_text
from lofte.storage.yamlsafe import Loc, parse_yaml

__all__ = ["YAML_SUFFIXES", "LoadResult", "activity_files", "load_commitments", "load_ledger"]


@dataclass(frozen=True, slots=True)
class LoadResult:
    """Everything `load_ledger` learnt. `ledger` is None when commitments.yaml is unusable."""

    ledger: Ledger | None
    findings: list[Finding]
    files: int
    commitments: int
    activities: int

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def activity_files(root: Path) -> Iterator[Path]:
    """Every *.yaml/*.yml name below activities/, at any depth, in a stable order (see
    `lofte.storage.listing`)."""
    for listed in list_activity_files(root).files:
        yield Path(listed.path)


def _prefix(index: int | None) -> Loc:
    return () if index is None else (index,)


def _load_commitments(root: Path, cache_dir: Path | None = None) -> tuple[
        CommitmentsFile | None, int, list[Finding]]:
    """commitments.yaml validated, the number of commitments written, and the findings.
    With `cache_dir`, validated once while its bytes stay the same (`promise_cache`)."""
    path = str(root / COMMITMENTS_FILE)
    root_real = real_root(root)
    target = outside_target(path, root_real)
    if target is not None:
        return None, 0, [Finding(path, 1, 1, "error", "outside-ledger",
                                 _(m.OUTSIDE_LEDGER).format(target=target))]
    cached = promise_cache.lookup(root, cache_dir) if cache_dir is not None else None
    if cached is not None and cached.entry is not None:
        promise_file = promise_cache.commitments_file(cached.entry)
        if promise_file is not None or cached.entry.tree is None:
            return promise_file, cached.entry.written, cached.entry.located(path)
    found: list[LocalFinding] = []
    loaded = read_yaml(path, _(m.EMPTY_COMMITMENTS_FILE), found)
    promise_file, written = None, 0
    zone: str | None = None
    if loaded is not None:
        text, data = loaded
        promise_file, written, issues = validate_commitments(data)
        if issues:
            found.extend(Positions(path, text).locate(issues))
        zone = _written_zone(data)
    findings = [to_finding(path, local) for local in found]
    if cached is not None and loaded is not None and loaded[0] == cached.text \
            and (zone is None or zone_exists(zone)):
        promise_cache.write_entry(cached.path, cached.key, promise_file, findings,
                                  written=written, zone=zone)
    return promise_file, written, findings


def _written_zone(data: Any) -> str | None:
    """The time zone commitments.yaml names, as written (None: none, or not text)."""
    promise = data.get("promise") if isinstance(data, dict) else None
    zone = promise.get("timezone") if isinstance(promise, dict) else None
    return zone if isinstance(zone, str) else None


def promise_timezone(root: Path) -> str:
    """The promise's time zone, read cheaply (no validation) before the ledger is loaded,
    since "today" depends on it; the default when commitments.yaml does not name a zone
    that exists."""
    path = str(root / COMMITMENTS_FILE)
    if outside_target(path, real_root(root)) is not None:
        return DEFAULT_TIMEZONE
    read = read_text(path)
    parsed = parse_yaml(read.text) if read.text is not None else None
    data = parsed.value if parsed is not None and not parsed.problems else None
    promise = data.get("promise") if isinstance(data, dict) else None
    zone = promise.get("timezone") if isinstance(promise, dict) else None
    return zone if isinstance(zone, str) and zone_exists(zone) else DEFAULT_TIMEZONE


def load_commitments(root: Path, cache_dir: Path | None = None) -> tuple[
        CommitmentsFile | None, list[Finding]]:
    """Only commitments.yaml: what `lofte log` needs, at a cost independent of the
    number of activities. `cache_dir`: as for `_load_commitments`."""
    promise_file, _written, findings = _load_commitments(root, cache_dir)
    return promise_file, findings


_NO_STAMP: Stamp = (-1, -1, -1, -1)


# The reader for the common form of an activity file (None: only the careful reader). Both
# give the same data; tests/test_fast_paths.py holds them together. Its patterns are
# compiled on first use, never on a warm run.
SIMPLE_READER: Callable[[str], Any] | None = simpleyaml.parse_simple


def read_activity_file(path: str, stamp: Stamp | None) -> tuple[Record, str | None]:
    """What one activity file gives on its own, as a cache record for `stamp`, and its
    text (None when it could not be read)."""
    found: list[LocalFinding] = []
    loaded = read_yaml(path, _(m.EMPTY_ACTIVITY_FILE), found, SIMPLE_READER,
                       listed_regular=stamp is not None)
    if loaded is None:
        return (stamp or _NO_STAMP, 0, tuple(found), (), ()), None
    text, data = loaded
    doc = validate_activity_document(data)
    for activity, index in doc.valid:
        doc.issues.extend(check_privacy(activity, _prefix(index)))
    if doc.issues:
        found.extend(Positions(path, text).locate(doc.issues))
    activities = tuple((index, activity_fields(activity)) for activity, index in doc.valid)
    salvaged = tuple((index, refs.date.toordinal() if refs.date else None, refs.commitments,
                      refs.by) for refs, index in doc.salvaged)
    return (stamp or _NO_STAMP, doc.written, tuple(found), activities, salvaged), text


def _cacheable(record: Record, stamp: Stamp | None, now: int) -> bool:
    """Whether the record describes the file's bytes, unchanged since they were read."""
    return stamp is not None and not cache.is_racy(stamp, now) \
        and not any(local[LOCAL_CODE] == "unreadable" for local in record[RECORD_FINDINGS])


# From this many files to read on, they are read in worker processes (`storage.parallel`).
PARALLEL_FROM = parallel.PARALLEL_FROM

# From this many files on, what was loaded is frozen out of the cycle collector's sight.
FREEZE_FROM_FILES = 10_000


def load_ledger(root: Path, today: dt.date, cache_dir: Path | None = None) -> LoadResult:
    """Load and validate a whole ledger. Never raises for anything inside the files.

    With `cache_dir`, unchanged activity files are not read again (see
    `lofte.storage.cache`); the result is the same with or without it.

    Loading makes hundreds of thousands of small objects and no reference cycles. The cycle
    collector, run again and again as they pile up, would only cost time (a third of a warm
    `lofte status` on 100,000 activities), so it is paused meanwhile (`collector_paused`);
    and a large ledger is then moved out of its sight for good (`gc.freeze`), as it lives
    as long as the command.
    """
    with collector_paused() as loaded:
        result = _load_ledger(root, today, cache_dir)
        loaded.append(result.files)
        return result


_PAUSED: list[list[int]] = []  # the files loaded under each `collector_paused`, innermost last


@contextmanager
def collector_paused() -> Iterator[list[int]]:
    """The cycle collector paused while ledgers are loaded (one, or every ledger of a
    group: then for all of them together); when the outermost pause ends and it loaded at
    least FREEZE_FROM_FILES files, what was loaded is frozen out of the collector's sight.
    Yields the list to which each load adds its number of files."""
    was_enabled = gc.isenabled()
    gc.disable()
    loaded: list[int] = []
    _PAUSED.append(loaded)
    try:
        yield loaded
    finally:
        _PAUSED.pop()
        if _PAUSED:
            _PAUSED[-1].extend(loaded)
        elif sum(loaded) >= FREEZE_FROM_FILES:
            gc.freeze()
        if was_enabled:
            gc.enable()


def _load_ledger(root: Path, today: dt.date, cache_dir: Path | None) -> LoadResult:
    promise_file, commitments_written, findings = _load_commitments(root)
    cache_path = cache.cache_file(cache_dir, root) if cache_dir is not None else None
    # a large cache is checked on another core meanwhile the files are listed
    pending = cache.start_reading(cache_path, root) if cache_path is not None else None
    keep: cache.Records = {}  # the next cache
    added = 0
    now = cache.now_ns()
    refs_check = ReferenceCheck(promise_file, today) if promise_file is not None else None
    fine = refs_check.fine if refs_check is not None else None
    entries: list[RecordedActivity] = []
    plans: list[RecordedActivity] = []
    add_entry = entries.append
    from_fields = RecordedActivity.from_fields
    activities_written = 0

    listing, listing_problems = list_activity_files(root)
    cached = pending.records() if pending is not None else {}
    findings.extend(Finding(problem.path, 1, 1, "error", problem.code, problem.message)
                    for problem in listing_problems)
    unread = [(path, stamp) for key, path, stamp in listing
              if (hit := cached.get(key)) is None or hit[RECORD_STAMP] != stamp]
    read_before = iter(parallel.read_in_workers(unread, read_activity_file,
                                                PARALLEL_FROM) or ())
    for key, path, stamp in listing:
        record = cached.get(key)
        text: str | None = None
        if record is not None and record[RECORD_STAMP] == stamp:
            keep[key] = record
        else:
            record = next(read_before, None)
            if record is None:
                record, text = read_activity_file(path, stamp)
            if _cacheable(record, stamp, now):
                keep[key] = record
                added += 1
        activities_written += record[RECORD_WRITTEN]
        local_findings = record[RECORD_FINDINGS]
        if local_findings:
            findings.extend(to_finding(path, local) for local in local_findings)
        if fine is None or refs_check is None:
            continue  # no usable promise: nothing to check references against, no ledger
        issues: list[Issue] = []
        for cached_activity in record[RECORD_ACTIVITIES]:
            fields = cached_activity[CACHED_FIELDS]
            planned = fields[FIELD_PLANNED]
            if not planned and fine(fields[FIELD_DATE], fields[FIELD_COMMITMENT],
                                    fields[FIELD_BY]):
                add_entry(from_fields(fields, path, cached_activity[CACHED_INDEX]))
                continue
            index = cached_activity[CACHED_INDEX]
            refs = References(dt.date.fromordinal(fields[FIELD_DATE]), fields[FIELD_COMMITMENT],
                              fields[FIELD_BY] or ())
            problems = (refs_check.plan_issues if planned else refs_check.issues)(
                refs, _prefix(index))
            issues.extend(problems)
            if not any(p.severity == "error" for p in problems):
                (plans if planned else entries).append(from_fields(fields, path, index))
        for refs_of in record[RECORD_SALVAGED]:
            day = refs_of[SALVAGED_DAY]
            refs = References(dt.date.fromordinal(day) if day is not None else None,
                              refs_of[SALVAGED_COMMITMENTS], refs_of[SALVAGED_BY])
            issues.extend(refs_check.issues(refs, _prefix(refs_of[SALVAGED_INDEX])))
        if issues:
            findings.extend(to_finding(path, local)
                            for local in Positions(path, text).locate(issues))

    if cache_path is not None and (added or len(keep) - added != len(cached)):
        cache.write_records(cache_path, root, keep)
    from lofte.storage.reviews import load_reviews  # noqa: PLC0415 - not for `lofte log`

    reviews = load_reviews(root, promise_file, today)
    findings.extend(reviews.findings)
    ledger = Ledger(promise_file, tuple(entries), tuple(plans), reviews.reviews) \
        if promise_file is not None else None
    return LoadResult(ledger, findings, len(listing) + 1 + reviews.files, commitments_written,
                      activities_written)
