"""Findings: what `lofte check` reports, and the catalog of stable codes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Literal

Severity = Literal["error", "warning"]

# Stable codes. Scripts and CI annotations rely on them: never rename one.
# The value is a short title, used as the annotation title in `--format github`.
CODES: dict[str, str] = {
    # reading the file
    "file-unreadable": "File cannot be read",
    "file-too-large": "File is too large",
    "not-utf8": "File is not UTF-8",
    "utf8-bom": "File starts with a byte order mark",
    "crlf-line-endings": "Windows line endings",
    "empty-file": "File is empty",
    # YAML
    "yaml-syntax": "YAML does not parse",
    "yaml-anchor": "YAML anchor or alias",
    "yaml-tag": "Explicit YAML tag",
    "yaml-duplicate-key": "Duplicate key",
    "yaml-key-type": "Key is not text",
    "yaml-too-deep": "Nesting too deep",
    "yaml-multiple-documents": "More than one YAML document",
    # shape of the data
    "wrong-shape": "Unexpected structure",
    "missing-field": "Missing field",
    "unknown-field": "Unknown field",
    "wrong-type": "Wrong type",
    "invalid-value": "Invalid value",
    "bad-slug": "Invalid id",
    # meaning
    "period-reversed": "Promise period ends before it starts",
    "duplicate-id": "Duplicate commitment id",
    "unknown-party": "Unknown party",
    "unknown-commitment": "Unknown commitment",
    "date-outside-promise": "Date outside the promise period",
    "date-in-future": "Date in the future",
    "commitment-inactive": "Commitment not active on that date",
    "personal-data": "Personal data in published text",
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One located problem in a ledger file. Line and column are 1-based."""

    path: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"unregistered finding code {self.code!r}")


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found in parsed data, before it has a line and column.

    `loc` is the path of keys and indexes inside the document; `at_key` points at
    the key of the last step rather than at its value.
    """

    loc: tuple[str | int, ...]
    code: str
    message: str
    severity: Severity = "error"
    at_key: bool = False
    # Another place the message names: its line fills `{line}` in the message.
    related: tuple[str | int, ...] | None = None


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code, f.message))


def escalate(findings: list[Finding]) -> list[Finding]:
    """`--strict`: every warning becomes an error."""
    return [replace(f, severity="error") for f in findings]
