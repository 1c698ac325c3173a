"""The parse cache: what reading each activity file gave, kept between runs.

Reading 100,000 small YAML files costs seconds; looking at their sizes and times costs a
fraction of one. So the loader keeps, for every activity file, what depends on the file's
own bytes and nothing else: its valid activities, the references of its invalid ones, and
its findings with their lines and columns. What depends on commitments.yaml or on today
(unknown ids, dates outside the promise or in the future) is checked again on every run.

Where: one file per ledger, `$XDG_CACHE_HOME/lofte/<hash>.cache` (else `~/.cache/lofte`),
the hash taken over the ledger folder's absolute path.

When an entry is used: only when the file's size, mtime_ns and inode are what they were
when it was read. An added, removed, edited or renamed file is therefore read again.

What is never trusted: a cache file that is missing, cannot be read, does not start with
this format's header (the format number, the Python and lofte versions, a stamp of lofte's
own source files and the language of the messages), is not for this ledger, or whose
BLAKE2 digest does not match its payload (torn or corrupt). Any of these is ignored and the
cache rebuilt. The payload is `marshal` data of plain tuples, dicts, strings and numbers:
unlike pickle, loading it cannot run code.

How it is written: to a hidden temporary file beside it, fsynced, then put in place with
`os.replace`, so that a reader sees the old cache or the new one, never a torn one. A cache
that cannot be written (a read-only home, a full disk) is silently left as it is: the cache
makes lofte faster, never makes it fail.
"""

from __future__ import annotations

import functools
import hashlib
import marshal
import os
import secrets
import sys
import time
from collections.abc import Mapping
from contextlib import suppress
from pathlib import Path
from typing import Final

import lofte
from lofte.i18n import current_language
from lofte.models import ActivityFields
from lofte.storage.listing import Stamp

FORMAT: Final = 1
MAGIC: Final = b"lofte parse cache\n"
DIGEST_BYTES: Final = 32
MARSHAL_VERSION: Final = 4
SUFFIX: Final = ".cache"
TEMP_SUFFIX: Final = ".tmp"
# A temporary file this old is left over from a killed run, not one being written now.
STALE_TEMPORARY_SECONDS: Final = 3600
# A file changed this recently might change again within the same mtime tick, unseen:
# it is read, but not cached until it is older ("racy git").
RACY_NS: Final = 2_000_000_000

# line, column, severity, code, message
LocalFinding = tuple[int, int, str, str, str]
# index in the file (None for a file holding one mapping), the activity
CachedActivity = tuple[int | None, ActivityFields]
# index, date ordinal (None when invalid), commitment ids, party ids
SalvagedRefs = tuple[int | None, int | None, tuple[str, ...], tuple[str, ...]]
# stamp, activities written, local findings, valid activities, invalid activities' refs
Record = tuple[Stamp, int, tuple[LocalFinding, ...], tuple[CachedActivity, ...],
               tuple[SalvagedRefs, ...]]
Records = dict[str, Record]


def default_cache_dir(environ: Mapping[str, str]) -> Path | None:
    """`$XDG_CACHE_HOME/lofte`, else `~/.cache/lofte`; None when there is no home."""
    xdg = environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # the XDG spec: a relative path is to be ignored
        return Path(xdg) / "lofte"
    try:
        return Path.home() / ".cache" / "lofte"
    except (RuntimeError, KeyError):
        return None


def cache_file(directory: Path, ledger: Path) -> Path:
    name = hashlib.sha256(os.fsencode(ledger_key(ledger))).hexdigest()[:32]
    return directory / f"{name}{SUFFIX}"


def ledger_key(ledger: Path) -> str:
    return str(ledger.resolve())


def is_racy(stamp: Stamp, now_ns: int) -> bool:
    return stamp[1] > now_ns - RACY_NS


def now_ns() -> int:
    return time.time_ns()


def header(ledger: Path) -> bytes:
    """What must match for a cache file to be used at all."""
    identity = (f"{FORMAT} {sys.implementation.cache_tag} {lofte.__version__} "
                f"{_code_stamp()} {current_language()}\n{ledger_key(ledger)}\n")
    return MAGIC + identity.encode("utf-8", "surrogateescape")


@functools.cache
def _code_stamp() -> str:
    """Changes whenever lofte's own code or message catalogs change (also in a checkout,
    where the version number stays the same), since cached findings are its output."""
    package = Path(lofte.__file__).parent
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted([*package.rglob("*.py"), *package.rglob("*.mo")]):
        with suppress(OSError):
            info = path.stat()
            digest.update(f"{path}\0{info.st_size}\0{info.st_mtime_ns}\0".encode(
                "utf-8", "surrogateescape"))
    return digest.hexdigest()


def read_records(path: Path, ledger: Path) -> Records:
    """The records of a usable cache file; an empty dict for anything else."""
    try:
        with path.open("rb") as handle:
            data = handle.read()
    except OSError:
        return {}
    expected = header(ledger)
    if not data.startswith(expected):
        return {}
    start = len(expected) + DIGEST_BYTES
    digest, payload = data[len(expected):start], data[start:]
    if hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest() != digest:
        return {}
    try:
        records = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return {}
    return records if isinstance(records, dict) else {}


def write_records(path: Path, ledger: Path, records: Records) -> bool:
    """Replace the cache file atomically. False (and nothing changed) when it cannot be."""
    payload = marshal.dumps(records, MARSHAL_VERSION)
    data = header(ledger) + hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest() \
        + payload
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}{TEMP_SUFFIX}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _remove_stale_temporaries(path)
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0),
                             0o600)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        temporary.replace(path)
    except OSError:
        with suppress(OSError):
            temporary.unlink()
        return False
    _fsync_folder(path.parent)
    return True


def _remove_stale_temporaries(path: Path) -> None:
    """Temporary files of this cache left behind by killed runs."""
    prefix = f".{path.name}."
    cutoff = time.time() - STALE_TEMPORARY_SECONDS
    with os.scandir(path.parent) as entries:
        for entry in entries:
            if entry.name.startswith(prefix) and entry.name.endswith(TEMP_SUFFIX):
                with suppress(OSError):
                    if entry.stat(follow_symlinks=False).st_mtime < cutoff:
                        Path(entry.path).unlink()


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    with suppress(OSError):
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
