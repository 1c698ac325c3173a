"""The one load pipeline: read files, parse YAML, validate, locate every finding.

Bulk reading parses without positions (fast); only a file with something to report is
parsed a second time, with positions, to give each finding its line and column.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lofte import messages as m
from lofte.findings import Finding, Issue
from lofte.models import CommitmentsFile, Ledger, RecordedActivity
from lofte.storage.discovery import ACTIVITIES_DIR, COMMITMENTS_FILE
from lofte.storage.textfile import read_text
from lofte.storage.yamlsafe import Loc, parse_yaml
from lofte.validation import (
    References,
    check_privacy,
    check_references,
    validate_activity_document,
    validate_commitments,
)

YAML_SUFFIXES = (".yaml", ".yml")


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
    """Every *.yaml/*.yml file below activities/, at any depth, in a stable order.

    Hidden names (temporary files, .git) are skipped; symlinked folders are not followed,
    so a link loop cannot trap the walk.
    """
    top = root / ACTIVITIES_DIR
    for folder, dirs, files in os.walk(top, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if name.endswith(YAML_SUFFIXES) and not name.startswith("."):
                yield Path(folder) / name


class _Collector:
    """Collects issues per file and locates them at the end."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self._pending: dict[Path, list[Issue]] = defaultdict(list)
        self._texts: dict[Path, str] = {}

    def add_located(self, path: Path, line: int, column: int, code: str, message: str) -> None:
        self.findings.append(Finding(str(path), line, column, "error", code, message))

    def add_issues(self, path: Path, text: str, issues: list[Issue]) -> None:
        if issues:
            self._pending[path].extend(issues)
            self._texts[path] = text

    def locate_all(self) -> list[Finding]:
        for path, issues in self._pending.items():
            parsed = parse_yaml(self._texts[path], locate=True)
            for issue in issues:
                line, column = _position(issue, parsed.value_at, parsed.key_at)
                message = issue.message
                if issue.related is not None:
                    related = Issue(issue.related, issue.code, "", at_key=True)
                    message = message.format(line=_position(related, parsed.value_at,
                                                            parsed.key_at)[0])
                self.findings.append(Finding(str(path), line, column, issue.severity,
                                             issue.code, message))
        self._pending.clear()
        return self.findings


def _position(issue: Issue, value_at: dict[Loc, tuple[int, int]],
              key_at: dict[Loc, tuple[int, int]]) -> tuple[int, int]:
    loc = issue.loc
    if issue.at_key and loc in key_at:
        return key_at[loc]
    while loc:
        if loc in value_at:
            return value_at[loc]
        if loc in key_at:
            return key_at[loc]
        loc = loc[:-1]
    return value_at.get((), (1, 1))


def _read_yaml(path: Path, collect: _Collector) -> tuple[str, Any] | None:
    """Text and data of one file, or None when it cannot be used (findings recorded)."""
    read = read_text(path)
    for problem in read.problems:
        collect.add_located(path, problem.line, problem.column, problem.code, problem.message)
    if read.text is None:
        return None
    parsed = parse_yaml(read.text)
    for yaml_problem in parsed.problems:
        collect.add_located(path, yaml_problem.line, yaml_problem.column, yaml_problem.code,
                            yaml_problem.message)
    if parsed.problems:
        return None
    if parsed.empty:
        message = m.EMPTY_COMMITMENTS_FILE if path.name == COMMITMENTS_FILE \
            else m.EMPTY_ACTIVITY_FILE
        collect.add_located(path, 1, 1, "empty-file", message)
        return None
    return read.text, parsed.value


def _prefix(index: int | None) -> Loc:
    return () if index is None else (index,)


def _load_commitments(root: Path, collect: _Collector) -> tuple[CommitmentsFile | None, int]:
    path = root / COMMITMENTS_FILE
    loaded = _read_yaml(path, collect)
    if loaded is None:
        return None, 0
    text, data = loaded
    promise_file, written, issues = validate_commitments(data)
    collect.add_issues(path, text, issues)
    return promise_file, written


def load_commitments(root: Path) -> tuple[CommitmentsFile | None, list[Finding]]:
    """Only commitments.yaml: what `lofte log` needs, at a cost independent of the
    number of activities."""
    collect = _Collector()
    promise_file, _ = _load_commitments(root, collect)
    return promise_file, collect.locate_all()


def load_ledger(root: Path, today: dt.date) -> LoadResult:
    """Load and validate a whole ledger. Never raises for anything inside the files."""
    collect = _Collector()
    promise_file, commitments_written = _load_commitments(root, collect)
    files = 1

    entries: list[RecordedActivity] = []
    activities_written = 0
    for path in activity_files(root):
        files += 1
        loaded = _read_yaml(path, collect)
        if loaded is None:
            continue
        text, data = loaded
        doc = validate_activity_document(data)
        activities_written += doc.written
        shown = str(path)
        for activity, index in doc.valid:
            doc.issues.extend(check_privacy(activity, _prefix(index)))
            if promise_file is not None:
                problems = check_references(References.of(activity), _prefix(index),
                                            promise_file, today)
                doc.issues.extend(problems)
                if any(p.severity == "error" for p in problems):
                    continue
            entries.append(RecordedActivity(activity, shown, index))
        if promise_file is not None:
            for refs, index in doc.salvaged:
                doc.issues.extend(check_references(refs, _prefix(index), promise_file, today))
        collect.add_issues(path, text, doc.issues)

    ledger = Ledger(promise_file, tuple(entries)) if promise_file is not None else None
    return LoadResult(ledger, collect.locate_all(), files, commitments_written,
                      activities_written)
