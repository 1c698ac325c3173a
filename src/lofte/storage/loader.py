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
import functools
import gc
import os
import stat
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lofte import messages as m
from lofte.domain.activities import Activities, DatedColumns
from lofte.domain.findings import Finding, Issue
from lofte.domain.layout import (
    CACHED_FIELDS,
    CACHED_INDEX,
    FIELD_BY,
    FIELD_COMMITMENT,
    FIELD_DATE,
    FIELD_PLANNED,
    FOLDER_STAT_FIELDS,
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
    FolderPart,
    LocalFinding,
    Record,
    Stamp,
)
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.promise import CommitmentsFile
from lofte.domain.references import ReferenceCheck, References, item_prefix
from lofte.domain.zones import DEFAULT_TIMEZONE, zone_exists
from lofte.i18n import _
from lofte.storage import cache, parallel, promise_cache, shared_stat
from lofte.storage.boundary import outside_target, real_root
from lofte.storage.discovery import ACTIVITIES_DIR, COMMITMENTS_FILE
from lofte.storage.listing import (
    YAML_SUFFIXES,
    ListedFile,
    ListedFolder,
    ListingProblem,
    list_activity_files,
    walk_ledger_folders,
)
from lofte.storage.located import to_finding
from lofte.storage.textfile import read_text

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
    # Validating needs the YAML parser and pydantic: not imported when the cache has it.
    from lofte.domain.validation import validate_commitments  # noqa: PLC0415
    from lofte.storage.located import Positions, read_yaml  # noqa: PLC0415

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


def promise_timezone(root: Path, cache_dir: Path | None = None) -> str:
    """The promise's time zone, read cheaply (no validation) before the ledger is loaded,
    since "today" depends on it; the default when commitments.yaml does not name a zone
    that exists. With `cache_dir`, from commitments.yaml's entry in the cache when it has
    one (the zone written in the file, kept only while it exists)."""
    path = str(root / COMMITMENTS_FILE)
    if outside_target(path, real_root(root)) is not None:
        return DEFAULT_TIMEZONE
    cached = promise_cache.lookup(root, cache_dir) if cache_dir is not None else None
    if cached is not None and cached.entry is not None:
        return cached.entry.zone or DEFAULT_TIMEZONE
    from lofte.storage.yamlsafe import parse_yaml  # noqa: PLC0415

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


def _file_reader() -> Callable[..., tuple[Record, str | None]]:
    """`read_activity_file`, imported only when a file must be read: the parser, the
    validation and pydantic are not needed when every file is in the cache."""
    from lofte.storage.activity_reader import read_activity_file  # noqa: PLC0415

    return read_activity_file


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
    as long as the command. The `lstat` calls of large folders are shared with a helper
    process meanwhile (`shared_stat.sharing`).
    """
    with collector_paused() as loaded, shared_stat.sharing():
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
    promise_file, commitments_written, findings = _load_commitments(root, cache_dir)
    cache_path = cache.cache_file(cache_dir, root) if cache_dir is not None else None
    stored = cache.read_cache(cache_path, root) if cache_path is not None \
        else cache.empty_cache()
    now = cache.now_ns()
    refs_check = ReferenceCheck(promise_file, today) if promise_file is not None else None
    problems: list[ListingProblem] = []
    folders = list(walk_ledger_folders(root, ACTIVITIES_DIR, problems))
    if not stored.whole():  # its records are torn: not used at all, and rebuilt
        stored = cache.empty_cache()
    findings.extend(Finding(problem.path, 1, 1, "error", problem.code, problem.message)
                    for problem in problems)
    # An unchanged folder whose activities all pass the checks of today is used from its
    # columns; every other is gone through file by file, with the records of the cache.
    unchanged = [_unchanged(folder, stored, refs_check) for folder in folders]
    needs_records = None in unchanged or len(unchanged) != len(stored.parts)
    cached: cache.Records = {}
    if needs_records:
        cached = stored.records()
    else:
        stored.let_go()
    if needs_records and not cached and any(
            columns is not None and columns.files for columns in unchanged):
        unchanged = [None] * len(folders)  # records not to be trusted: read every file
    careful = [folder.files() if columns is None else [] for folder, columns
               in zip(folders, unchanged, strict=True)]
    unread = [(path, stamp) for files in careful for key, path, stamp in files
              if (hit := cached.get(key)) is None or hit[RECORD_STAMP] != stamp]
    read_file = _file_reader() if unread else None
    read_before = iter(parallel.read_in_workers(unread, read_file, PARALLEL_FROM) or ()) \
        if read_file is not None else iter(())

    keep: cache.Records = {}  # the next cache
    parts: dict[str, FolderPart] = {}
    added = 0
    files = 0
    activities_written = 0
    entries, plans = Activities(), Activities()
    for folder, columns, listed in zip(folders, unchanged, careful, strict=True):
        if columns is not None:
            parts[folder.prefix] = stored.parts[folder.prefix]
            files += columns.files
            activities_written += columns.written
            for index, found in columns.findings:
                path = folder.path + os.sep + folder.names[index]
                findings.extend(to_finding(path, local) for local in found)
            if needs_records:  # the cache is written again: with this folder's records
                for name in folder.names:
                    if (record := cached.get(folder.prefix + name)) is not None:
                        keep[folder.prefix + name] = record
            if promise_file is not None:
                _defer(entries, plans, folder, columns, stored)
            continue
        files += len(listed)
        read: list[Record] = []
        made: list[RecordedActivity] = []
        planned: list[RecordedActivity] = []
        for key, path, stamp in listed:
            record = cached.get(key)
            text: str | None = None
            if record is not None and record[RECORD_STAMP] == stamp:
                keep[key] = record
            else:
                record = next(read_before, None)
                if record is None:
                    assert read_file is not None  # a file not in the cache is in `unread`
                    record, text = read_file(path, stamp)
                if _cacheable(record, stamp, now):
                    keep[key] = record
                    added += 1
            read.append(record)
            activities_written += record[RECORD_WRITTEN]
            local_findings = record[RECORD_FINDINGS]
            if local_findings:
                findings.extend(to_finding(path, local) for local in local_findings)
            if refs_check is not None:
                findings.extend(_check_references(record, path, text, refs_check,
                                                  entries=made, plans=planned))
        entries.add(made)
        plans.add(planned)
        part = _folder_part(folder, listed, read, keep)
        if part is not None:
            parts[folder.prefix] = part

    if cache_path is not None and needs_records and (
            added or len(keep) - added != len(cached) or parts != stored.parts):
        cache.write_records(cache_path, root, keep, parts)
    from lofte.storage.reviews import load_reviews  # noqa: PLC0415 - not for `lofte log`

    reviews = load_reviews(root, promise_file, today)
    findings.extend(reviews.findings)
    ledger = Ledger(promise_file, entries, plans, reviews.reviews) \
        if promise_file is not None else None
    return LoadResult(ledger, findings, files + 1 + reviews.files, commitments_written,
                      activities_written)


def _check_references(record: Record, path: str, text: str | None,
                      refs_check: ReferenceCheck, *, entries: list[RecordedActivity],
                      plans: list[RecordedActivity]) -> list[Finding]:
    """What the activities of one file say against commitments.yaml and today; the valid
    ones that pass go to `entries` or `plans`."""
    fine = refs_check.fine
    from_fields = RecordedActivity.from_fields
    issues: list[Issue] = []
    for cached_activity in record[RECORD_ACTIVITIES]:
        fields = cached_activity[CACHED_FIELDS]
        planned = fields[FIELD_PLANNED]
        if not planned and fine(fields[FIELD_DATE], fields[FIELD_COMMITMENT],
                                fields[FIELD_BY]):
            entries.append(from_fields(fields, path, cached_activity[CACHED_INDEX]))
            continue
        index = cached_activity[CACHED_INDEX]
        refs = References(dt.date.fromordinal(fields[FIELD_DATE]), fields[FIELD_COMMITMENT],
                          fields[FIELD_BY] or ())
        problems = (refs_check.plan_issues if planned else refs_check.issues)(
            refs, item_prefix(index))
        issues.extend(problems)
        if not any(p.severity == "error" for p in problems):
            (plans if planned else entries).append(from_fields(fields, path, index))
    for refs_of in record[RECORD_SALVAGED]:
        day = refs_of[SALVAGED_DAY]
        refs = References(dt.date.fromordinal(day) if day is not None else None,
                          refs_of[SALVAGED_COMMITMENTS], refs_of[SALVAGED_BY])
        issues.extend(refs_check.issues(refs, item_prefix(refs_of[SALVAGED_INDEX])))
    if not issues:
        return []
    from lofte.storage.located import Positions  # noqa: PLC0415 - parses the text

    return [to_finding(path, local) for local in Positions(path, text).locate(issues)]


# --- folders used from their columns ---------------------------------------------------------


def _unchanged(folder: ListedFolder, stored: cache.StoredCache,
               refs_check: ReferenceCheck | None) -> cache.FolderColumns | None:
    """The columns of a folder whose names and stamps are those of its part in the cache,
    when every activity of it passes the checks of today; else None."""
    columns = stored.columns.get(folder.prefix)
    if columns is None or not isinstance(folder.stamps, array) \
            or folder.stamps.tobytes() != columns.stamps \
            or cache.NAME_SEPARATOR.join(folder.names) != columns.names:
        return None
    if refs_check is None or not columns.days:
        return columns
    table = columns.table
    by = [table[index] if index >= 0 else None for index in columns.by_named]
    if not columns.has_plans:
        fine = refs_check.all_fine(columns.first_day, columns.last_day,
                                   [table[index] for index in columns.commitments_named], by)
        return columns if fine else None
    for planned in (False, True):
        chosen = [i for i, flag in enumerate(columns.planned) if bool(flag) == planned]
        if chosen and not refs_check.all_fine(
                min(columns.days[i] for i in chosen), max(columns.days[i] for i in chosen),
                [table[columns.commitments[i]] for i in chosen], by, planned=planned):
            return None
    return columns


def _defer(entries: Activities, plans: Activities, folder: ListedFolder,
           columns: cache.FolderColumns, stored: cache.StoredCache) -> None:
    """The activities of an unchanged folder, as columns; made when first asked for."""
    made: list[tuple[list[RecordedActivity], list[RecordedActivity]]] = []

    def make(planned: bool) -> list[RecordedActivity]:
        if not made:
            made.append(_activities_of(folder, stored))
        return made[0][planned]

    days, commitments, table = columns.days, columns.commitments, columns.table
    if not columns.has_plans:
        entries.defer(DatedColumns(days, commitments, table), lambda: make(False))
        return
    for planned, into in ((False, entries), (True, plans)):
        chosen = [i for i, flag in enumerate(columns.planned) if bool(flag) == planned]
        into.defer(DatedColumns(array("i", [days[i] for i in chosen]),
                                array("i", [commitments[i] for i in chosen]), table),
                   functools.partial(make, planned))


def _activities_of(folder: ListedFolder, stored: cache.StoredCache
                   ) -> tuple[list[RecordedActivity], list[RecordedActivity]]:
    """The deeds and the plans of an unchanged folder, from the records of the cache, or
    from its files when these records cannot be had."""
    with collector_paused():
        records = stored.records()
        entries: list[RecordedActivity] = []
        plans: list[RecordedActivity] = []
        from_fields = RecordedActivity.from_fields
        read_file = None
        for key, path, stamp in folder.files():
            record = records.get(key)
            if record is None or record[RECORD_STAMP] != stamp:
                read_file = read_file or _file_reader()
                record, _text = read_file(path, stamp)
            for cached_activity in record[RECORD_ACTIVITIES]:
                fields = cached_activity[CACHED_FIELDS]
                (plans if fields[FIELD_PLANNED] else entries).append(
                    from_fields(fields, path, cached_activity[CACHED_INDEX]))
        return entries, plans


def _folder_part(folder: ListedFolder, listed: list[ListedFile], read: list[Record],
                 keep: cache.Records) -> FolderPart | None:
    """The part of the cache for a folder just gone through, when it can have one: all its
    entries regular files or plain folders, every activity file of it cached and without
    salvaged references (those are checked file by file on every run)."""
    if not isinstance(folder.stamps, array) or any(
            listing is not None or not stat.S_ISDIR(_mode(folder, index))
            for index, listing in folder.special.items()):
        return None
    table: dict[tuple[str, ...], int] = {}
    rows: list[tuple[int, int, int, int]] = []  # commitments, day, by, planned
    findings: list[tuple[int, tuple[LocalFinding, ...]]] = []
    written = 0
    names = {name: index for index, name in enumerate(folder.names)}
    for (key, _path, _stamp), record in zip(listed, read, strict=True):
        if keep.get(key) is not record or record[RECORD_SALVAGED]:
            return None
        written += record[RECORD_WRITTEN]
        if record[RECORD_FINDINGS]:
            findings.append((names[key[len(folder.prefix):]], record[RECORD_FINDINGS]))
        for cached_activity in record[RECORD_ACTIVITIES]:
            fields = cached_activity[CACHED_FIELDS]
            named_by = fields[FIELD_BY]
            rows.append((table.setdefault(fields[FIELD_COMMITMENT], len(table)),
                         fields[FIELD_DATE],
                         -1 if named_by is None else table.setdefault(named_by, len(table)),
                         1 if fields[FIELD_PLANNED] else 0))
    rows.sort()  # by commitments, then by date (`DatedColumns`)
    commitments, days, by, planned = zip(*rows, strict=True) if rows else ((), (), (), ())
    return (cache.NAME_SEPARATOR.join(folder.names), folder.stamps.tobytes(), len(listed),
            written, array("i", days).tobytes(), array("i", commitments).tobytes(),
            array("i", by).tobytes(), array("b", planned).tobytes(), tuple(table),
            tuple(findings))


def _mode(folder: ListedFolder, index: int) -> int:
    return folder.stamps[index * len(FOLDER_STAT_FIELDS) + FOLDER_STAT_FIELDS.index("st_mode")]
