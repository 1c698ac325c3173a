"""Problems with what a user asked for, addressed so that any front end can show them.

A problem names its field (`date`, `commitment`, `by`… as the activity file names them) and,
for an import, its row, and carries a stable code: a finding code of `lofte check`
(`lofte.domain.findings`) or one of `REQUEST_CODES`. The CLI turns the field into an option
(`--date`), a form puts the message next to its input, an importer prefixes `FILE:ROW:COLUMN`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal, get_args

from lofte.domain.findings import FindingCode, Severity

# Codes of problems that only a request can have (there is no file to find them in).
RequestCode = Literal[
    "ambiguous-id",  # a prefix that more than one id starts with
    "not-a-choice",  # a number that is not on the list offered
    "not-text",  # bytes that are not UTF-8 text
    "not-a-date",  # a day that cannot be read
    "not-a-number",  # a count or a number of hours that cannot be read
    "no-commitments",  # commitments.yaml holds none
    "already-logged",  # the very same activity is in the ledger
    "name-taken",  # the file name is used by something else
    "output-refused",  # a report or export may not be written there
]
REQUEST_CODES: frozenset[str] = frozenset(get_args(RequestCode))
ProblemCode = FindingCode | RequestCode


@dataclass(frozen=True, slots=True)
class Problem:
    code: ProblemCode  # mypy refuses a code that is neither
    message: str
    field: str | None = None
    row: int | None = None
    severity: Severity = "error"

    def at_row(self, row: int) -> Problem:
        return replace(self, row=row)


class Refused(Exception):
    """What was asked cannot be done; `problems` says why, each one addressed."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("; ".join(p.message for p in problems))
        self.problems = list(problems)


class InputError(Exception):
    """A value typed by a user cannot be read (a date, a period, a number). The message is
    for the user. Deliberately not a ValueError, so that a bug raising one is never shown
    as a usage error."""
