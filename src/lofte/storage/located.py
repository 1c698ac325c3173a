"""Reading one ledger file as YAML, and placing what validation found at a line and column.

Bulk reading parses without positions (fast); only a file with something to report is
parsed a second time, with positions (`Positions`), to give each finding its line and column.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from lofte.domain.findings import Finding, Issue
from lofte.domain.layout import (
    LOCAL_CODE,
    LOCAL_COLUMN,
    LOCAL_LINE,
    LOCAL_MESSAGE,
    LOCAL_SEVERITY,
    LocalFinding,
)
from lofte.storage.textfile import TextFile, read_text

if TYPE_CHECKING:  # the YAML parser is imported where a text is parsed: never on a warm run
    from lofte.storage.yamlsafe import Loc, ParsedYaml


def locate(issues: list[Issue], parsed: ParsedYaml) -> list[LocalFinding]:
    """Line and column of each issue, in a text parsed with `locate=True`."""
    located: list[LocalFinding] = []
    for issue in issues:
        line, column = _position(issue, parsed.value_at, parsed.key_at)
        message = issue.message
        if issue.related is not None:
            related = Issue(issue.related, issue.code, "", at_key=True)
            message = message.format(line=_position(related, parsed.value_at,
                                                    parsed.key_at)[0])
        located.append((line, column, issue.severity, issue.code, message))
    return located


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


class Positions:
    """Where things are in one file, parsed with positions the first time it is asked.

    Without the text at hand (a file whose entry came from the cache), the file is read
    again; it is unchanged, or its entry would not have been used."""

    def __init__(self, path: str, text: str | None) -> None:
        self._path = path
        self._text = text
        self._parsed: ParsedYaml | None = None

    def locate(self, issues: list[Issue]) -> list[LocalFinding]:
        if self._parsed is None:
            from lofte.storage.yamlsafe import parse_yaml  # noqa: PLC0415

            text = self._text if self._text is not None else read_text(self._path).text
            self._parsed = parse_yaml(text or "", locate=True)
        return locate(issues, self._parsed)


def to_finding(path: str, local: LocalFinding) -> Finding:
    return Finding(path, local[LOCAL_LINE], local[LOCAL_COLUMN], local[LOCAL_SEVERITY],
                   local[LOCAL_CODE], local[LOCAL_MESSAGE])


def read_yaml(path: str, empty_message: str, found: list[LocalFinding],
              fast: Callable[[str], Any] | None = None, *, listed_regular: bool = False,
              read: TextFile | None = None) -> tuple[str, Any] | None:
    """Text and data of one file, or None when it cannot be used (findings in `found`).
    `fast` is a reader for the common case that gives the careful reader's data, or None
    when in doubt (`lofte.storage.simpleyaml`); then the careful reader reads the text.
    `listed_regular`: as for `read_text`. `read`: what `read_text` gave for the file, when
    the caller has read it already."""
    if read is None:
        read = read_text(path, listed_regular=listed_regular)
    found.extend((p.line, p.column, "error", p.code, p.message) for p in read.problems)
    if read.text is None:
        return None
    if fast is not None:
        data = fast(read.text)
        if data is not None:
            return read.text, data
    from lofte.storage.yamlsafe import parse_yaml  # noqa: PLC0415

    parsed = parse_yaml(read.text)
    found.extend((p.line, p.column, "error", p.code, p.message) for p in parsed.problems)
    if parsed.problems:
        return None
    if parsed.empty:
        found.append((1, 1, "error", "empty-file", empty_message))
        return None
    return read.text, parsed.value
