"""Reading a ledger file as text, with the checks that come before YAML."""

from __future__ import annotations

import errno
import os
import stat
from dataclasses import dataclass, field

from lofte import messages as m
from lofte.domain.findings import TextProblem
from lofte.i18n import _
from lofte.storage.boundary import describe, read_at_most
from lofte.storage.discovery import ACTIVITIES_DIR, COMMITMENTS_FILE

MAX_FILE_BYTES = 1024 * 1024
BOM = b"\xef\xbb\xbf"


@dataclass(slots=True)
class TextFile:
    """The text of a file, or None when it cannot be read as text at all."""

    text: str | None
    problems: list[TextProblem] = field(default_factory=list)


_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) \
    | getattr(os, "O_BINARY", 0) | getattr(os, "O_NOCTTY", 0)


def read_text(path: str | os.PathLike[str], *, listed_regular: bool = False) -> TextFile:
    """The file's text, or the problems that keep it from being read as text.

    Only a regular file is read: a folder, a FIFO, a socket or a device gives a finding
    that says what it is. It is looked at before it is opened (a socket cannot be opened
    at all), and opened without blocking, so that a FIFO put there meanwhile cannot make
    lofte wait forever; what was opened is looked at again.

    `listed_regular`: the listing has just stat'ed it as a regular file, so it is not
    looked at again before it is opened (one stat a file; what was opened is still looked
    at, and opening it never blocks).
    """
    try:
        if not listed_regular:
            info = os.stat(path)  # noqa: PTH116 - str paths, on purpose
            if not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
                return _not_regular(info)
        descriptor = os.open(path, _OPEN_FLAGS)
        try:
            info = os.fstat(descriptor)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR))
            if not stat.S_ISREG(info.st_mode):
                return _not_regular(info)
            size = info.st_size
            # as many bytes as fstat says (one read, as a rule), or enough to tell too many
            data = read_at_most(descriptor, size if size <= MAX_FILE_BYTES
                                 else MAX_FILE_BYTES + 1)
        finally:
            os.close(descriptor)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        hint = m.FILE_UNREADABLE_HINTS.get(errno.errorcode.get(exc.errno or 0, ""))
        return TextFile(None, [TextProblem(1, 1, "unreadable",
                                           _(m.FILE_UNREADABLE).format(reason=reason)
                                           + (_(hint) if hint else ""))])
    if len(data) > MAX_FILE_BYTES:
        too_large = m.COMMITMENTS_TOO_LARGE if _is_commitments(path) else m.FILE_TOO_LARGE
        return TextFile(None, [TextProblem(1, 1, "file-too-large", _(too_large).format(
            size=max(size, len(data)), limit=MAX_FILE_BYTES))])
    return decode(data)


def _not_regular(info: os.stat_result) -> TextFile:
    return TextFile(None, [TextProblem(1, 1, "unreadable", _(m.FILE_NOT_REGULAR).format(
        found=describe(info.st_mode)))])


def _is_commitments(path: str | os.PathLike[str]) -> bool:
    """Whether `path` is a ledger's commitments.yaml, not an activity file that happens to
    have that name: the one file that splitting cannot make smaller."""
    folder, name = os.path.split(os.fspath(path))
    return name == COMMITMENTS_FILE and ACTIVITIES_DIR not in folder.split(os.sep)  # noqa: PTH206


def decode(data: bytes) -> TextFile:
    problems: list[TextProblem] = []
    if data.startswith(BOM):
        problems.append(TextProblem(1, 1, "utf8-bom", _(m.UTF8_BOM)))
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        line = data.count(b"\n", 0, exc.start) + 1
        column = len(data[line_start:exc.start].decode("utf-8", errors="replace")) + 1
        problems.append(TextProblem(line, column, "not-utf8",
                                    _(m.NOT_UTF8).format(byte=data[exc.start])))
        return TextFile(None, problems)
    if "\r" in text:
        line = text.count("\n", 0, text.index("\r")) + 1
        problems.append(TextProblem(line, len(text.split("\n")[line - 1].rstrip("\r")) + 1,
                                    "crlf-line-endings", _(m.CRLF)))
        text = text.replace("\r\n", "\n")
    return TextFile(text, problems)
