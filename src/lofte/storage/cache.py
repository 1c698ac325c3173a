"""The parse cache: what reading each activity file gave, kept between runs.

Reading 100,000 small YAML files costs seconds; looking at their sizes and times costs a
fraction of one. So the loader keeps, for every activity file, what depends on the file's
own bytes and nothing else: its valid activities, the references of its invalid ones, and
its findings with their lines and columns (its *record*). What depends on commitments.yaml
or on today (unknown ids, dates outside the promise or in the future) is checked again on
every run.

Where: one file per ledger, `$XDG_CACHE_HOME/lofte/<hash>.cache` (else `~/.cache/lofte`),
the hash taken over the ledger folder's absolute path.

When a record is used: only when the file's size, mtime_ns, inode and ctime_ns are what
they were when it was read. An added, removed, edited or renamed file is therefore read
again, also one edited in place with its size and mtime put back (`touch -r`, `os.utime`):
that sets its ctime, which no one can set back. A file whose mtime is recent is read but not
cached ("racy"), as git does; the ctime is left out of that test so that a file aged with
`os.utime` can be cached at once.

Folder parts: a warm run must not pay a Python object per file. So beside the records, the
cache keeps one *part* per folder whose entries are all regular files or plain folders,
every activity file of it cached, none racy, and none with salvaged references
(`layout.FolderPart`): its sorted names joined into one string, the `lstat` of every name
(`FOLDER_STAT_FIELDS`: the stamp above and the mode) as one `array('q')`, and its valid
activities as columns: their dates as an `array('i')` of ordinals, their commitment ids
and `by` as indices into a small table of the distinct tuples, `planned` as an
`array('b')`, grouped by commitments; plus the findings of the files that have any. When
the names and the stamps of a folder (listed and stat'ed in C, `listing.ListedFolder`)
are those of its part, compared as two strings of bytes, and its activities pass the
checks of commitments.yaml and today as a whole (their least and greatest date, their
distinct tuples of ids: `ReferenceCheck.all_fine`), the folder is used from its part, and
its activities are made from its records only when a command asks for them
(`domain.activities`). Any other folder is gone through file by file with the records. A
folder holding a symbolic link is never given a part: a link's target can change without
the link's own `lstat` changing.

The file: the header (below), the BLAKE2 digest of what follows up to the records, the
digest of the records and the length of the folder parts (`_SECTIONS`), the folder parts,
then the records; both are `marshal` data. A run reads the parts; the records are read,
unmarshalled and checked only when a folder changed or a command asks for whole
activities. Their digest is checked on every run all the same, by a thread that reads and
hashes them while the ledger is listed, so that a torn or corrupt file is always found.

One cache file per ledger and language (the language of the messages is part of the name),
so that switching LOFTE_LANG between runs keeps both warm.

What is never trusted: a cache file that is missing, cannot be read, does not start with
this format's header (the format number, the Python version, the byte order, the lofte
version, a stamp of lofte's own source files and the language of the messages), is not
for this ledger, or whose digests do not match (torn or corrupt). Any of these is ignored
and the cache rebuilt. Parts and records are `marshal` data of plain tuples, dicts,
strings, bytes and numbers: unlike pickle, loading them cannot run code. A digest proves
only that the file is whole, not who wrote it, so both are also checked for what they
mean. A folder part: against the shape of `FolderPart`, its arrays whole items of one
length, dates that exist, indices within its table, columns grouped, findings at lines and
columns from 1: typed arrays need no look at each item, only their least and greatest,
which keeps this check to a few milliseconds. A record: against the shape of `Record` (the
types of every tuple, derived from the type aliases in `layout`, plus dates that exist,
integers of a sane size, finite numbers, text without lone surrogates, known finding codes
and severities). One part that fails makes the whole cache untrusted; one record that
fails makes all records untrusted: every file is then read again (a folder used from its
part then makes its activities from its files).

How it is written: to a hidden temporary file beside it, fsynced, then put in place with
`os.replace`, so that a reader sees the old cache or the new one, never a torn one. A cache
that cannot be written (a read-only home, a full disk) is silently left as it is: the cache
makes lofte faster, never makes it fail.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import marshal
import math
import os
import re
import secrets
import struct
import sys
import threading
import time
import types
import typing
from array import array
from collections.abc import Callable, Mapping
from contextlib import suppress
from pathlib import Path
from typing import Any, Final, NamedTuple

import lofte
from lofte.domain.layout import (
    CACHED_FIELDS,
    FIELD_DATE,
    FOLDER_STAT_FIELDS,
    LOCAL_COLUMN,
    LOCAL_LINE,
    PART_BY,
    PART_COMMITMENTS,
    PART_DAYS,
    PART_FILES,
    PART_FINDINGS,
    PART_NAMES,
    PART_PLANNED,
    PART_STAMPS,
    PART_TABLE,
    PART_WRITTEN,
    RECORD_ACTIVITIES,
    RECORD_FINDINGS,
    RECORD_SALVAGED,
    RECORD_WRITTEN,
    SALVAGED_DAY,
    STAMP_MTIME_NS,
    FolderPart,
    LocalFinding,
    Record,
    Stamp,
)
from lofte.i18n import current_language

FORMAT: Final = 3
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

# A record of one activity file, and its parts: their shapes and the names of their
# positions are in `lofte.domain.layout`.
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
    """The cache of this ledger in the current language: the cached findings are
    messages, so each language has its own file, and both stay warm."""
    key = f"{ledger_key(ledger)}\0{current_language()}"
    name = hashlib.sha256(os.fsencode(key)).hexdigest()[:32]
    return directory / f"{name}{SUFFIX}"


def ledger_key(ledger: Path) -> str:
    return str(ledger.resolve())


def is_racy(stamp: Stamp, now_ns: int) -> bool:
    return stamp[STAMP_MTIME_NS] > now_ns - RACY_NS


def now_ns() -> int:
    return time.time_ns()


def header(ledger: Path) -> bytes:
    """What must match for a cache file to be used at all."""
    identity = (f"{FORMAT} {sys.implementation.cache_tag} {sys.byteorder} "
                f"{lofte.__version__} {_code_stamp()} {current_language()}\n"
                f"{ledger_key(ledger)}\n")
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
    return start_reading(path, ledger, check_from=None).records()


# From a payload this large on (some 20,000 activity files), its records are checked in a
# second process while this one goes on.
CHECK_BESIDE_FROM: Final = 4_000_000


class PendingRecords:
    """The records of a cache file, loaded; perhaps still being checked in another
    process. `records()` waits for the verdict: nothing is used before it."""

    def __init__(self, records: Any, checker: int | None) -> None:
        self._records = records
        self._checker = checker

    def records(self) -> Records:
        if self._checker is not None:
            _pid, status = os.waitpid(self._checker, 0)
            self._checker = None
            if os.waitstatus_to_exitcode(status) != 0:
                self._records = {}
        elif not valid_records(self._records):
            self._records = {}
        records: Records = self._records
        return records


def _unmarshal(payload: bytes | memoryview) -> Any:
    try:
        return marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None


class FolderColumns(NamedTuple):
    """A folder part (`FolderPart`) found sound, its arrays made from their bytes."""

    names: str  # the folder's names, joined by NUL (`NAME_SEPARATOR`)
    stamps: bytes
    files: int
    written: int
    days: array[int]
    commitments: array[int]
    by: array[int]
    planned: array[int]
    table: tuple[tuple[str, ...], ...]
    findings: tuple[tuple[int, tuple[LocalFinding, ...]], ...]
    first_day: int  # the least of `days`; 0 when there are none
    last_day: int  # the greatest
    commitments_named: frozenset[int]  # the distinct values of `commitments`
    by_named: frozenset[int]  # ... and of `by`
    has_plans: bool  # whether `planned` holds a 1


class StoredCache:
    """A cache file found whole and for this ledger: its folder parts, checked at once
    (cheap: a few tests per folder), and its records, unmarshalled and checked only when
    `records()` is first asked.

    That the records are whole too (their digest) is made sure of at once all the same,
    by a thread of its own that reads and hashes them while the ledger is listed (both
    mostly outside the interpreter's lock): `whole()` waits for its verdict. A cache whose
    records are torn is not used at all, and so it is rebuilt."""

    def __init__(self, parts: dict[str, FolderPart], columns: dict[str, FolderColumns],
                 source: tuple[Path, int, bytes] | None, check_from: int | None) -> None:
        self.parts = parts
        self.columns = columns
        self._source = source  # the file, where its records start, and their digest
        self._check_from = check_from
        self._records: Records | None = None
        self._payload: bytes | None = None  # the records' bytes, when found whole
        self._reader: threading.Thread | None = None
        if source is not None:
            self._reader = threading.Thread(target=self._read_records, daemon=True)
            self._reader.start()

    def _read_records(self) -> None:
        if self._source is None:
            return
        path, offset, digest = self._source
        try:
            with path.open("rb") as handle:
                handle.seek(offset)
                payload = handle.read()
        except OSError:
            return
        if hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest() == digest:
            self._payload = payload

    def _wait(self) -> None:
        if self._reader is not None:
            self._reader.join()
            self._reader = None

    def whole(self) -> bool:
        """Whether the records are those the digest of the folder parts names."""
        self._wait()
        return self._source is None or self._payload is not None or self._records is not None

    def let_go(self) -> None:
        """Free the records' bytes when they are not needed now; `records()` reads them
        again if they ever are."""
        self._wait()
        self._payload = None

    def start_records(self) -> PendingRecords:
        """The records, being checked (see `read_cache`); none when the file has been
        replaced or spoilt since its parts were read."""
        self._wait()
        if self._payload is None:
            self._read_records()
        payload, self._payload = self._payload, None
        if payload is None:
            return PendingRecords({}, None)
        checker = None
        if self._check_from is not None and len(payload) >= self._check_from \
                and _can_check_beside():
            checker = _check_beside(payload)
        return PendingRecords(_unmarshal(payload), checker)

    def records(self) -> Records:
        """Every record of the cache; an empty dict when one of them is not sound."""
        if self._records is None:
            self._records = self.start_records().records()
        return self._records


def empty_cache() -> StoredCache:
    return StoredCache({}, {}, None, None)


# The sections of a cache file after its header and the digest of the folder parts: the
# digest of the records and the length of the folder parts, then the folder parts, then
# the records.
_SECTIONS: Final = struct.Struct(f"<{DIGEST_BYTES}sQ")
NAME_SEPARATOR: Final = "\0"


def read_cache(path: Path, ledger: Path, *,
               check_from: int | None = CHECK_BESIDE_FROM) -> StoredCache:
    """The cache file at `path`, when it is whole, for this ledger and its folder parts are
    sound; an empty cache for anything else. Only the folder parts are read now; the
    records when first asked, checked then (a large payload, `check_from` bytes of
    records, None: never, by a forked process of its own, on another core, while this one
    loads them too; the verdict is the same)."""
    expected = header(ledger)
    try:
        with path.open("rb") as handle:
            opening = handle.read(len(expected) + DIGEST_BYTES + _SECTIONS.size)
            if len(opening) < len(expected) + DIGEST_BYTES + _SECTIONS.size \
                    or not opening.startswith(expected):
                return empty_cache()
            sections = opening[len(expected) + DIGEST_BYTES:]
            records_digest, length = _SECTIONS.unpack(sections)
            folders = handle.read(length)
    except (OSError, OverflowError, MemoryError):
        return empty_cache()
    digest = opening[len(expected):len(expected) + DIGEST_BYTES]
    if len(folders) != length or hashlib.blake2b(
            sections + folders, digest_size=DIGEST_BYTES).digest() != digest:
        return empty_cache()
    parts = _unmarshal(folders)
    columns = _sound_parts(parts)
    if columns is None:
        return empty_cache()
    return StoredCache(parts, columns, (path, len(opening) + length, records_digest),
                       check_from)


def start_reading(path: Path, ledger: Path, *,
                  check_from: int | None = CHECK_BESIDE_FROM) -> PendingRecords:
    """The records of the cache file at `path`, being checked (see `read_cache`)."""
    return read_cache(path, ledger, check_from=check_from).start_records()


def encode(ledger: Path, parts: dict[str, FolderPart], records: Records) -> bytes:
    """The bytes of a cache file holding these folder parts and records."""
    folders = marshal.dumps(parts, MARSHAL_VERSION)
    payload = marshal.dumps(records, MARSHAL_VERSION)
    sections = _SECTIONS.pack(hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest(),
                              len(folders))
    return header(ledger) + hashlib.blake2b(sections + folders,
                                            digest_size=DIGEST_BYTES).digest() \
        + sections + folders + payload


def _can_check_beside() -> bool:
    from lofte.storage import parallel  # noqa: PLC0415 - only for a large cache

    return parallel.cores() >= 2 and parallel.can_fork()


def _check_beside(payload: bytes | memoryview) -> int | None:
    """A forked process that exits 0 when the records in `payload` are valid, else 1; its
    pid, or None when none could be started."""
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid == 0:  # the checker: nothing but the verdict, and out without any clean-up
        code = 1
        try:
            code = 0 if valid_records(_unmarshal(payload)) else 1
        finally:
            os._exit(code)
    return pid


# --- checking what was read -----------------------------------------------------------------

_Check = Callable[[Any], bool]
_BIGGEST: Final = 2**63  # an int64 (times in ns fit); far below what str() refuses
_FIRST_DAY: Final = dt.date.min.toordinal()
_LAST_DAY: Final = dt.date.max.toordinal()
_SURROGATE: Final = re.compile("[\ud800-\udfff]")


def _is_text(value: str) -> bool:
    return value.isascii() or _SURROGATE.search(value) is None


def _are_texts(values: tuple[Any, ...]) -> bool:
    """Whether every item is text: `str.join` tells in C, and then one search will do."""
    try:
        joined = "".join(values)
    except TypeError:
        return False
    return _is_text(joined)


# A type alias made of tuples, unions, int, float, str, bool and None becomes one Python
# expression testing a value against it, compiled once: as fast as a test written by hand
# (a warm 100,000-file ledger is checked in a small part of its load time), and built
# from the alias itself, so that it follows every change of the alias.
_LEAVES: Final[dict[object, str]] = {
    int: "(type({v}) is int and -_BIGGEST <= {v} <= _BIGGEST)",
    float: "(type({v}) is float and _isfinite({v}))",
    str: "(type({v}) is str and ({v}.isascii() or _surrogate({v}) is None))",
    bool: "type({v}) is bool",
    bytes: "type({v}) is bytes",
    type(None): "{v} is None",
}


def _expression(kind: Any, value: str, constants: dict[str, Any], depth: int = 0) -> str:
    """The test of `value` against `kind`; sets of literals it needs go in `constants`."""
    if kind in _LEAVES:
        return _LEAVES[kind].format(v=value)
    origin, args = typing.get_origin(kind), typing.get_args(kind)
    if origin is typing.Literal:  # a finding code, a severity: one of a set of texts
        if not all(type(arg) is str for arg in args):
            raise TypeError(f"no test for {kind!r}")
        name = f"_literals{len(constants)}"
        constants[name] = frozenset(args)
        return f"(type({value}) is str and {value} in {name})"
    if origin in (types.UnionType, typing.Union):
        ordered = sorted(args, key=lambda arg: arg is not type(None))  # None: the cheapest
        return "(" + " or ".join(_expression(arg, value, constants, depth)
                                 for arg in ordered) + ")"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis and args[0] is str:
        return f"(type({value}) is tuple and (not {value} or _are_texts({value})))"
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = f"_item{depth}"
        return (f"(type({value}) is tuple and (not {value} or all("
                f"{_expression(args[0], item, constants, depth + 1)} for {item} in {value})))")
    if origin is tuple:
        parts = [f"type({value}) is tuple", f"len({value}) == {len(args)}"]
        parts += [_expression(arg, f"{value}[{i}]", constants, depth)
                  for i, arg in enumerate(args)]
        return "(" + " and ".join(parts) + ")"
    raise TypeError(f"no test for {kind!r}")


def _checker(kind: Any) -> _Check:
    """A function telling whether a value has the shape of the type alias `kind`."""
    namespace: dict[str, Any] = {"_BIGGEST": _BIGGEST, "_isfinite": math.isfinite,
                                 "_surrogate": _SURROGATE.search, "_are_texts": _are_texts}
    constants: dict[str, Any] = {}
    test = _expression(kind, "value", constants)
    namespace.update(constants)
    exec(f"def check(value):\n    return {test}\n", namespace)
    check: _Check = namespace["check"]
    return check


_is_record: Final = _checker(Record)


def _is_day(ordinal: int | None) -> bool:
    return ordinal is None or _FIRST_DAY <= ordinal <= _LAST_DAY


def valid_record(record: Any) -> bool:
    """Whether `record` has the shape of a `Record` and means something lofte could have
    written: the loader then uses it without another look."""
    if not _is_record(record):
        return False
    findings = record[RECORD_FINDINGS]
    salvaged = record[RECORD_SALVAGED]
    return (record[RECORD_WRITTEN] >= 0
            and (not findings or all(f[LOCAL_LINE] >= 1 and f[LOCAL_COLUMN] >= 1
                                     for f in findings))
            and all(_FIRST_DAY <= a[CACHED_FIELDS][FIELD_DATE] <= _LAST_DAY
                    for a in record[RECORD_ACTIVITIES])
            and (not salvaged or all(_is_day(r[SALVAGED_DAY]) for r in salvaged)))


def valid_records(records: Any) -> bool:
    return type(records) is dict and all(
        type(key) is str and valid_record(record) for key, record in records.items())


_is_part: Final = _checker(FolderPart)
_STAMP_BYTES: Final = array("q").itemsize * len(FOLDER_STAT_FIELDS)


def _sound_parts(parts: Any) -> dict[str, FolderColumns] | None:
    """The columns of every folder part; None when one of them is not sound."""
    if type(parts) is not dict:
        return None
    columns: dict[str, FolderColumns] = {}
    for prefix, part in parts.items():
        made = _sound_part(part) if type(prefix) is str else None
        if made is None:
            return None
        columns[prefix] = made
    return columns


def _extremes(values: array[int]) -> tuple[int, int]:
    return (min(values), max(values)) if values else (0, 0)


def _sound_part(part: Any) -> FolderColumns | None:
    """A folder part's columns, when it has the shape of a `FolderPart` and means something
    lofte could have written: arrays of whole items, all of one length, dates that exist,
    indices into its table, columns grouped by commitments, findings at lines and columns
    from 1. Typed arrays need no look at each item, only their least and greatest, or their
    few distinct values."""
    if not _is_part(part):
        return None
    names: str = part[PART_NAMES]
    count = names.count(NAME_SEPARATOR) + 1 if names else 0
    table = part[PART_TABLE]
    try:
        days, commitments, by = array("i"), array("i"), array("i")
        planned = array("b", part[PART_PLANNED])
        days.frombytes(part[PART_DAYS])
        commitments.frombytes(part[PART_COMMITMENTS])
        by.frombytes(part[PART_BY])
    except ValueError:  # bytes that are not a whole number of items
        return None
    findings = part[PART_FINDINGS]
    first_day, last_day = _extremes(days)
    commitments_named, by_named = frozenset(commitments), frozenset(by)
    sound = (len(part[PART_STAMPS]) == _STAMP_BYTES * count
             and 0 <= part[PART_FILES] <= count and part[PART_WRITTEN] >= 0
             and len(commitments) == len(by) == len(planned) == len(days)
             and (not days or (first_day >= _FIRST_DAY and last_day <= _LAST_DAY))
             and all(0 <= index < len(table) for index in commitments_named)
             and all(-1 <= index < len(table) for index in by_named)
             and not part[PART_PLANNED].translate(None, b"\0\1")  # 0 or 1 each
             and commitments.tolist() == sorted(commitments)  # `DatedColumns`: grouped
             and all(0 <= index < count and all(
                 f[LOCAL_LINE] >= 1 and f[LOCAL_COLUMN] >= 1 for f in found)
                 for index, found in findings))
    if not sound:
        return None
    return FolderColumns(names, part[PART_STAMPS], part[PART_FILES], part[PART_WRITTEN],
                         days, commitments, by, planned, table, findings, first_day,
                         last_day, commitments_named, by_named,
                         b"\1" in part[PART_PLANNED])


def write_records(path: Path, ledger: Path, records: Records,
                  parts: dict[str, FolderPart] | None = None) -> bool:
    """Replace the cache file atomically. False (and nothing changed) when it cannot be."""
    return replace_cache_file(path, encode(ledger, parts or {}, records))


def replace_cache_file(path: Path, data: bytes) -> bool:
    """Put `data` at `path` (a file of the cache folder, made private) atomically: written
    to a hidden temporary file beside it, fsynced, then renamed over it. False (and
    nothing changed) when it cannot be."""
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
