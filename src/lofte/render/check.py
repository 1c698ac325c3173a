"""Output of `lofte check` in its three formats."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from lofte.findings import CODES, Finding


@dataclass(frozen=True, slots=True)
class Counts:
    commitments: int
    activities: int
    files: int


def display_path(path: str, cwd: str) -> str:
    """Paths relative to the working directory, with forward slashes."""
    try:
        shown = os.path.relpath(path, cwd)
    except ValueError:  # another drive on Windows
        shown = path
    return shown.replace(os.sep, "/")


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def summary_line(findings: Sequence[Finding], counts: Counts) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    scope = (f"{_plural(counts.commitments, 'commitment', 'commitments')}, "
             f"{_plural(counts.activities, 'activity', 'activities')} in "
             f"{_plural(counts.files, 'file', 'files')}")
    if not findings:
        return f"ok: {scope}, no problems found"
    parts = [_plural(errors, "error", "errors")] if errors else []
    if warnings:
        parts.append(_plural(warnings, "warning", "warnings"))
    return f"{' and '.join(parts)} in {scope}"


def render_text(findings: Sequence[Finding], counts: Counts, cwd: str) -> list[Text]:
    lines = []
    for f in findings:
        line = Text(f"{display_path(f.path, cwd)}:{f.line}:{f.column}: ")
        line.append(f"{f.severity}[{f.code}]", style="bold red" if f.severity == "error"
                    else "bold yellow")
        line.append(f": {f.message}")
        lines.append(line)
    has_errors = any(f.severity == "error" for f in findings)
    lines.append(Text(summary_line(findings, counts),
                      style="red" if has_errors else ("yellow" if findings else "green")))
    return lines


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render_github(findings: Sequence[Finding], counts: Counts, cwd: str,
                  workspace: str | None = None) -> list[str]:
    """GitHub Actions workflow commands: one annotation per finding.

    Annotations attach to files by their path from the repository root, so paths are
    relative to `workspace` (GITHUB_WORKSPACE) when it is known.
    """
    lines = []
    for f in findings:
        props = ",".join([
            f"file={_escape_property(display_path(f.path, workspace or cwd))}",
            f"line={f.line}",
            f"col={f.column}",
            f"title={_escape_property(f'{f.code}: {CODES[f.code]}')}",
        ])
        lines.append(f"::{f.severity} {props}::{_escape_data(f.message)}")
    lines.append(summary_line(findings, counts))
    return lines


def render_json(findings: Sequence[Finding], counts: Counts, cwd: str, ok: bool) -> str:
    document = {
        "ok": ok,
        "findings": [
            {"path": display_path(f.path, cwd), "line": f.line, "column": f.column,
             "severity": f.severity, "code": f.code, "message": f.message}
            for f in findings
        ],
        "counts": {"commitments": counts.commitments, "activities": counts.activities,
                   "files": counts.files},
    }
    return json.dumps(document, ensure_ascii=False, indent=2)
