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
"""

from __future__ import annotations

import functools
import marshal
import os
import sys
from collections.abc import Callable, Sequence
from typing import Final

from lofte.domain.layout import Record, Stamp
from lofte.storage.textfile import TextFile, read_text

PARALLEL_FROM: Final = 2_000  # below this, starting workers costs more than it saves
CHUNK: Final = 1_000  # files per task: small enough to share the work out evenly
MAX_WORKERS: Final = 8

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
