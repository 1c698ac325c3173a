"""The `lstat` calls of large folders, shared with a helper process.

A warm `lofte status` of 100,000 activities spends half its time in `lstat`: a few
microseconds in the kernel for each file, which the listing must make (the parse cache
trusts a file only while its stamp is unchanged). Two processes make them in little more
than half the time on a machine with two cores. So, while ledgers are loaded (`sharing`),
the listing hands the second half of each folder of at least `SHARE_FROM` names to a
helper process and stats the first half itself.

The helper is forked once, at the first such folder, and serves one folder at a time over
a pair of pipes: a request is the folder's path and the names, an answer the names still
there and their stamps (`marshal`, each with its length in front). It stats by path, as the
listing does where a folder cannot be opened. It ends when its pipe closes: at the end of
`sharing`, or when lofte ends in any way. Anything wrong with it (it cannot be started, it
dies, an answer is not whole) makes the listing stat those names itself, and the helper is
not asked again: the listing is the same either way, and every name is stat'ed once.

Only on Linux, with at least two cores and no other thread in the process
(`parallel.can_fork_helper`); elsewhere, and outside `sharing`, nothing changes.
"""

from __future__ import annotations

import marshal
import os
import struct
from array import array
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Final, TypeAlias

from lofte.domain.layout import FOLDER_STAT_FIELDS
from lofte.storage import parallel

# From this many names in a folder on, the helper stats half of them: below it, the
# round trip costs about what it saves.
SHARE_FROM: Final = 1_000

Stamps: TypeAlias = "array[int] | list[int]"  # as `lofte.storage.listing.ListedFolder.stamps`
# `lofte.storage.listing`'s stat of names in this process: the kept names and their stamps
StatNames = Callable[[str, list[str], int | None], tuple[list[str], Stamps]]

_LENGTH: Final = struct.Struct("<Q")
_FIELDS: Final = len(FOLDER_STAT_FIELDS)  # whole numbers per name in an answer
_MARSHAL_VERSION: Final = 4


class _Helper:
    """The parent's side of a helper process: its pid and the two ends of its pipes."""

    def __init__(self, pid: int, requests: int, answers: int) -> None:
        self.pid = pid
        self.requests = requests
        self.answers = answers

    def ask(self, folder: str, names: list[str]) -> bool:
        data = marshal.dumps((folder, names), _MARSHAL_VERSION)
        try:
            _write_all(self.requests, _LENGTH.pack(len(data)) + data)
        except OSError:
            return False
        return True

    def answer(self, asked: int) -> tuple[list[str], Stamps] | None:
        """The helper's answer to the last request, when it is a whole one: at most
        `asked` names, with `_FIELDS` whole numbers each."""
        try:
            head = _read_exactly(self.answers, _LENGTH.size)
            data = _read_exactly(self.answers, _LENGTH.unpack(head)[0]) if head else b""
            kept, raw = marshal.loads(data)
        except (OSError, EOFError, ValueError, TypeError, struct.error):
            return None
        if type(kept) is not list or len(kept) > asked:
            return None
        stamps: Stamps
        if type(raw) is bytes and len(raw) == len(kept) * _FIELDS * 8:
            stamps = array("q")
            stamps.frombytes(raw)
        elif type(raw) is list and len(raw) == len(kept) * _FIELDS \
                and all(type(n) is int for n in raw):
            stamps = raw
        else:
            return None
        return kept, stamps

    def stop(self) -> None:
        for descriptor in (self.requests, self.answers):
            with suppress(OSError):
                os.close(descriptor)
        with suppress(OSError):
            os.waitpid(self.pid, 0)


class _Sharing:
    """The process's state: how many `sharing` blocks are open, the helper, and whether
    one could not be started or stopped answering (then it is not tried again)."""

    depth = 0
    helper: _Helper | None = None
    failed = False


_state = _Sharing()


@contextmanager
def sharing() -> Iterator[None]:
    """Within it, large folders' `lstat` calls are shared with a helper process (started
    when first needed). Blocks may nest: the outermost one stops the helper."""
    _state.depth += 1
    try:
        yield
    finally:
        _state.depth -= 1
        if _state.depth == 0:
            if _state.helper is not None:
                _state.helper.stop()
            _state.helper, _state.failed = None, False


def stat_shared(folder: str, names: list[str], descriptor: int | None,
                stat_names: StatNames) -> tuple[list[str], Stamps] | None:
    """`stat_names(folder, names, descriptor)`, the second half of the names stat'ed by the
    helper; None when the names are not shared (too few, outside `sharing`, no helper)."""
    if len(names) < SHARE_FROM or _state.depth == 0 or _state.failed:
        return None
    if _state.helper is None:
        _state.helper = _start(stat_names) if parallel.can_fork_helper() else None
        if _state.helper is None:
            _state.failed = True
            return None
    helper = _state.helper
    half = len(names) // 2
    asked = names[half:]
    sent = helper.ask(folder, asked)
    first_names, first = stat_names(folder, names[:half], descriptor)
    second = helper.answer(len(asked)) if sent else None
    if second is None:  # the helper is of no use any more: these names are stat'ed here
        helper.stop()
        _state.helper, _state.failed = None, True
        second = stat_names(folder, asked, None)
    second_names, stamps = second
    if isinstance(first, array) and isinstance(stamps, array):
        first.extend(stamps)
        return first_names + second_names, first
    return first_names + second_names, [*first, *stamps]


def _start(stat_names: StatNames) -> _Helper | None:
    try:
        requests_in, requests_out = os.pipe()
        answers_in, answers_out = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        for descriptor in (requests_in, requests_out, answers_in, answers_out):
            os.close(descriptor)
        return None
    if pid == 0:  # the helper: serves until its pipe closes, never returns
        code = 1
        try:
            os.close(requests_out)
            os.close(answers_in)
            _serve(requests_in, answers_out, stat_names)
            code = 0
        finally:
            os._exit(code)
    os.close(requests_in)
    os.close(answers_out)
    return _Helper(pid, requests_out, answers_in)


def _serve(requests: int, answers: int, stat_names: StatNames) -> None:
    """The helper's loop: one folder's names in, their names and stamps out."""
    while True:
        head = _read_exactly(requests, _LENGTH.size)
        if not head:
            return  # the parent is done
        folder, names = marshal.loads(_read_exactly(requests, _LENGTH.unpack(head)[0]))
        kept, stamps = stat_names(folder, names, None)
        data = marshal.dumps((kept, stamps.tobytes() if isinstance(stamps, array) else stamps),
                             _MARSHAL_VERSION)
        _write_all(answers, _LENGTH.pack(len(data)) + data)


def _read_exactly(descriptor: int, size: int) -> bytes:
    """`size` bytes, or b"" at the end of the pipe before the first; EOFError when it ends
    in the middle."""
    parts: list[bytes] = []
    left = size
    while left:
        part = os.read(descriptor, min(left, 1 << 20))
        if not part:
            if left == size:
                return b""
            raise EOFError("the pipe ended in the middle of a message")
        parts.append(part)
        left -= len(part)
    return b"".join(parts)


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view):]
