"""Findings: what `lofte check` reports, and the catalog of stable codes."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final, Literal, get_args

from lofte.i18n import N_

Severity = Literal["error", "warning"]

# Stable codes. Scripts and CI annotations rely on them: never rename one. A code is typed
# `FindingCode` wherever a finding or an issue is made, so that mypy refuses a misspelt one;
# `CODES` gives each its title, and a test holds the two lists equal.
FindingCode = Literal[
    # reading the file
    "unreadable", "outside-ledger", "file-too-large", "not-utf8", "utf8-bom",
    "crlf-line-endings", "empty-file",
    # YAML
    "yaml-syntax", "yaml-anchor", "yaml-tag", "yaml-duplicate-key", "yaml-key-type",
    "yaml-too-deep", "yaml-multiple-documents",
    # shape of the data
    "wrong-shape", "missing-field", "unknown-field", "wrong-type", "invalid-value", "bad-slug",
    # meaning
    "period-reversed", "duplicate-id", "unknown-party", "unknown-commitment",
    "date-outside-promise", "date-in-future", "commitment-inactive", "personal-data",
    "control-character", "plan-passed", "unknown-calendar", "calendar-overlap",
    # reviews
    "review-file-name", "period-outside-promise",
]
FINDING_CODES: Final[frozenset[str]] = frozenset(get_args(FindingCode))

# The short title of each code, used as the annotation title in `--format github`
# (translated there; the code itself never is).
CODES: dict[FindingCode, str] = {
    # reading the file
    "unreadable": N_("Cannot be read"),
    "outside-ledger": N_("Outside the ledger"),
    "file-too-large": N_("File is too large"),
    "not-utf8": N_("File is not UTF-8"),
    "utf8-bom": N_("File starts with a byte order mark"),
    "crlf-line-endings": N_("Windows line endings"),
    "empty-file": N_("File is empty"),
    # YAML
    "yaml-syntax": N_("YAML does not parse"),
    "yaml-anchor": N_("YAML anchor or alias"),
    "yaml-tag": N_("Explicit YAML tag"),
    "yaml-duplicate-key": N_("Duplicate key"),
    "yaml-key-type": N_("Key is not text"),
    "yaml-too-deep": N_("Nesting too deep"),
    "yaml-multiple-documents": N_("More than one YAML document"),
    # shape of the data
    "wrong-shape": N_("Unexpected structure"),
    "missing-field": N_("Missing field"),
    "unknown-field": N_("Unknown field"),
    "wrong-type": N_("Wrong type"),
    "invalid-value": N_("Invalid value"),
    "bad-slug": N_("Invalid id"),
    # meaning
    "period-reversed": N_("Promise period ends before it starts"),
    "duplicate-id": N_("Duplicate commitment id"),
    "unknown-party": N_("Unknown party"),
    "unknown-commitment": N_("Unknown commitment"),
    "date-outside-promise": N_("Date outside the promise period"),
    "date-in-future": N_("Date in the future"),
    "commitment-inactive": N_("Commitment not active on that date"),
    "personal-data": N_("Personal data in published text"),
    "control-character": N_("Control character in text"),
    # plans and calendars
    "plan-passed": N_("Plan whose date has passed"),
    "unknown-calendar": N_("Unknown calendar"),
    "calendar-overlap": N_("Overlapping calendar ranges"),
    # reviews
    "review-file-name": N_("Review file not named after its period"),
    "period-outside-promise": N_("Review period outside the promise"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    """One located problem in a ledger file. Line and column are 1-based."""

    path: str
    line: int
    column: int
    severity: Severity
    code: FindingCode
    message: str

    def __post_init__(self) -> None:
        if self.code not in FINDING_CODES:  # a code from outside typed code (a cache, JSON)
            raise ValueError(f"unregistered finding code {self.code!r}")


@dataclass(frozen=True, slots=True)
class Issue:
    """A problem found in parsed data, before it has a line and column.

    `loc` is the path of keys and indexes inside the document; `at_key` points at
    the key of the last step rather than at its value.
    """

    loc: tuple[str | int, ...]
    code: FindingCode
    message: str
    severity: Severity = "error"
    at_key: bool = False
    # Another place the message names: its line fills `{line}` in the message.
    related: tuple[str | int, ...] | None = None


@dataclass(frozen=True, slots=True)
class TextProblem:
    """A problem at a line and column (1-based) of a file's text, found while reading or
    parsing it, before it is a `Finding` with the file's path."""

    line: int
    column: int
    code: FindingCode
    message: str


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line, f.column, f.code, f.message))


def escalate(findings: list[Finding]) -> list[Finding]:
    """`--strict`: every warning becomes an error."""
    return [replace(f, severity="error") for f in findings]
