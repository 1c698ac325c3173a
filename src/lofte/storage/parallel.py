"""Reading many activity files at once, in worker processes.

A cold `lofte check` of a large ledger spends nearly all its time reading and parsing files,
each on its own: work that splits across the machine's cores. The files are cut into
chunks in listing order, each chunk is read by `read_activity_file` in a worker process
(forked, so it starts at once with everything imported and the same language), and the
records come back in the same order, each chunk's as one `marshal` string (plain tuples, as
in the parse cache: less than half the cost of pickling them, and the ids and places that
were interned come back interned, each held once). The loader then goes through them
exactly as through records it read itself, so the findings, their order and their
positions are the same.

Only on a system that can fork (Linux), with more than one core, and for at least
PARALLEL_FROM files; otherwise, or when no worker can be started, the caller reads the
files itself.

`aside` is the same idea for one piece of work that does not need what the caller is busy
with: `lofte import` reads its sheet in a child process while it reads and validates
commitments.yaml.
"""

from __future__ import annotations

import functools
import marshal
import os
import pickle
import signal
import sys
from collections.abc import Callable, Sequence
from contextlib import suppress
from types import TracebackType
from typing import Final, Generic, TypeVar

from lofte.domain.layout import Record, Stamp
from lofte.storage.textfile import TextFile, read_text

PARALLEL_FROM: Final = 2_000  # below this, starting workers costs more than it saves
CHUNK: Final = 1_000  # files per task: small enough to share the work out evenly
MAX_WORKERS: Final = 8

T = TypeVar("T")

# `read_activity_file`: a file's record, from its path and stamp, and what `read_text`
# gave for it when it has been read already.
ReadFile = Callable[[str, Stamp | None, TextFile | None], tuple[Record, str | None]]


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    if sys.platform != "linux":
        return False
    import multiprocessing  # noqa: PLC0415 - not on a warm run, which starts no process

    return "fork" in multiprocessing.get_all_start_methods()


def can_fork_helper() -> bool:
    """Whether this process may fork a helper now: on Linux, with at least two cores, and
    no other thread (forking while a thread holds a lock could leave the child waiting on
    it forever). Imports nothing: a warm run asks it too."""
    if sys.platform != "linux" or not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    if threading is not None and threading.active_count() > 1:
        return False
    return cores() >= 2


def read_in_workers(files: Sequence[tuple[str, Stamp | None]], read: ReadFile,
                    minimum: int = PARALLEL_FROM) -> list[Record] | None:
    """The record of each file, in order, read by worker processes; None when it is not
    worth it or not possible (then the caller reads them)."""
    workers = min(cores(), MAX_WORKERS)
    if len(files) < minimum or workers < 2 or not can_fork():
        return None
    chunks = [files[start:start + CHUNK] for start in range(0, len(files), CHUNK)]
    import multiprocessing  # noqa: PLC0415 - see can_fork

    records: list[Record] = []
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # each chunk unmarshalled as it comes, in order, while the workers go on
            for part in pool.imap(functools.partial(_read_chunk, read), chunks):
                records.extend(marshal.loads(part))
    except OSError:  # no process could be started (a limit on processes, no memory)
        return None
    return records


def _read_chunk(read: ReadFile, files: Sequence[tuple[str, Stamp | None]]) -> bytes:
    """The chunk's records, marshalled. Its files are all read first, then all parsed: a
    run of system calls and then a run of Python take a fifth less time than taking turns
    file by file, which leaves the processor's caches cold for both."""
    texts = [read_text(path, listed_regular=stamp is not None) for path, stamp in files]
    return marshal.dumps([read(path, stamp, text)[0]
                          for (path, stamp), text in zip(files, texts, strict=True)])


class Aside(Generic[T]):
    """A function's result, worked out in a forked child process while this one goes on
    (`aside`). A context manager: leaving it before `result` stops the child."""

    def __init__(self, compute: Callable[[], T], pid: int, answers: int) -> None:
        self._compute = compute
        self._pid: int | None = pid
        self._answers = answers

    def result(self) -> T:
        """What the child worked out (pickled, over a pipe). When it failed in any way (an
        exception, killed, a broken answer), the function is called again here, so that
        its exception is raised as it would be without a child."""
        data = self._collect()
        if data is not None:
            with suppress(Exception):  # a broken answer: worked out again here
                result: T = pickle.loads(data)  # (the answer of our own child)
                return result
        return self._compute()

    def _collect(self) -> bytes | None:
        """The child's answer, once it has ended well; None otherwise."""
        parts: list[bytes] = []
        try:
            while part := os.read(self._answers, 1 << 20):
                parts.append(part)
        except OSError:  # no answer to be had
            self._end(stop=True)
            return None
        except BaseException:  # an interruption: the child is not waited for
            self._end(stop=True)
            raise
        return b"".join(parts) if self._end(stop=False) else None

    def _end(self, *, stop: bool) -> bool:
        """Close the pipe and wait for the child (stopped first, with `stop`); whether it
        ended well."""
        pid, self._pid = self._pid, None
        if pid is None:
            return False
        os.close(self._answers)
        if stop:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        return os.waitstatus_to_exitcode(status) == 0

    def __enter__(self) -> Aside[T]:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._end(stop=True)


def aside(compute: Callable[[], T]) -> Aside[T] | None:
    """`compute()`, started in a forked child process; None when no child can be (not on
    Linux, one core, another thread in this process, no process to be had): then the
    caller computes it. The child must only read: it writes nothing and ends with
    `os._exit`, so that nothing of this process (buffers, exit handlers) runs twice."""
    if not can_fork_helper():
        return None
    try:
        answers, answer = os.pipe()
    except OSError:
        return None
    try:
        pid = os.fork()
    except OSError:
        os.close(answers)
        os.close(answer)
        return None
    if pid == 0:  # the child: works it out, answers, and ends
        code = 1
        try:
            os.close(answers)
            data = pickle.dumps(compute(), pickle.HIGHEST_PROTOCOL)
            view = memoryview(data)
            while view:
                view = view[os.write(answer, view):]
            code = 0
        finally:
            os._exit(code)
    os.close(answer)
    return Aside(compute, pid, answers)
