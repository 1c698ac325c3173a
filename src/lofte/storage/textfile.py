"""Reading a ledger file as text, with the checks that come before YAML."""

from __future__ import annotations

import errno
from dataclasses import dataclass, field
from pathlib import Path

from lofte import messages as m

MAX_FILE_BYTES = 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class TextProblem:
    line: int
    column: int
    code: str
    message: str


@dataclass(slots=True)
class TextFile:
    """The text of a file, or None when it cannot be read as text at all."""

    text: str | None
    problems: list[TextProblem] = field(default_factory=list)


def read_text(path: Path) -> TextFile:
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        hint = m.FILE_UNREADABLE_HINTS.get(errno.errorcode.get(exc.errno or 0, ""), "")
        return TextFile(None, [TextProblem(1, 1, "file-unreadable",
                                           m.FILE_UNREADABLE.format(reason=reason) + hint)])
    if len(data) > MAX_FILE_BYTES:
        size = path.stat().st_size
        return TextFile(None, [TextProblem(1, 1, "file-too-large", m.FILE_TOO_LARGE.format(
            size=size, limit=MAX_FILE_BYTES))])
    return decode(data)


def decode(data: bytes) -> TextFile:
    problems: list[TextProblem] = []
    if data.startswith(BOM):
        problems.append(TextProblem(1, 1, "utf8-bom", m.UTF8_BOM))
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        problems.append(TextProblem(line, column, "not-utf8",
                                    m.NOT_UTF8.format(byte=data[exc.start])))
        return TextFile(None, problems)
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problems.append(TextProblem(line, len(text.split("\n")[line - 1].rstrip("\r")) + 1,
                                    "crlf-line-endings", m.CRLF))
        text = text.replace("\r\n", "\n")
    return TextFile(text, problems)
