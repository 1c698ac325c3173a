"""Output of `lofte check` in its three formats."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from lofte.domain.findings import CODES, Finding
from lofte.i18n import N_, _, ngettext
from lofte.render.safe_text import json_text, terminal_text


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


SCOPE = N_("{commitments}, {activities} in {files}")
NO_PROBLEMS = N_("ok: {scope}, no problems found")
PROBLEMS = N_("{problems} in {scope}")
ERRORS_AND_WARNINGS = N_("{errors} and {warnings}")


def summary_line(findings: Sequence[Finding], counts: Counts) -> str:
    errors = sum(1 for f in findings if f.severity == "error")
    warnings = len(findings) - errors
    scope = _(SCOPE).format(
        commitments=ngettext("{n} commitment", "{n} commitments",
                             counts.commitments).format(n=counts.commitments),
        activities=ngettext("{n} activity", "{n} activities",
                            counts.activities).format(n=counts.activities),
        files=ngettext("{n} file", "{n} files", counts.files).format(n=counts.files))
    if not findings:
        return _(NO_PROBLEMS).format(scope=scope)
    error_text = ngettext("{n} error", "{n} errors", errors).format(n=errors)
    warning_text = ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings)
    if errors and warnings:
        problems = _(ERRORS_AND_WARNINGS).format(errors=error_text, warnings=warning_text)
    else:
        problems = error_text if errors else warning_text
    return _(PROBLEMS).format(problems=problems, scope=scope)


def one_line(text: str) -> str:
    """A path or a message as one line for a terminal or a CI log: newlines, CRs and other
    controls written out (`\\n`), so that nothing from the ledger starts a line of its own
    (a GitHub workflow command such as `::add-mask::`) or moves the cursor."""
    return terminal_text(text)


def render_text(findings: Sequence[Finding], counts: Counts, cwd: str) -> list[Text]:
    lines = []
    for f in findings:
        line = Text(f"{one_line(display_path(f.path, cwd))}:{f.line}:{f.column}: ")
        line.append(f"{f.severity}[{f.code}]", style="bold red" if f.severity == "error"
                    else "bold yellow")
        line.append(f": {one_line(f.message)}")
        lines.append(line)
    has_errors = any(f.severity == "error" for f in findings)
    lines.append(Text(summary_line(findings, counts),
                      style="red" if has_errors else ("yellow" if findings else "green")))
    return lines


def _escape_data(value: str) -> str:
    """A workflow command's message: its CRs and newlines as %0D and %0A (GitHub shows them
    as line breaks inside the annotation; the log line stays one line), every other
    control character written out as for a terminal."""
    value = "\r".join(terminal_text(part, multiline=True) for part in value.split("\r"))
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(one_line(value)).replace(":", "%3A").replace(",", "%2C")


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
            f"title={_escape_property(f'{f.code}: {_(CODES[f.code])}')}",
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
    return json_text(json.dumps(document, ensure_ascii=False, indent=2))
