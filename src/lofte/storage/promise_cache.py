"""commitments.yaml validated once: its validated form and its findings, kept between runs.

Every command reads commitments.yaml, and validating it is the larger part of what
`lofte log` does. While the file's bytes are the same, what validation gives is the same,
so it is kept in a small file beside the parse cache (`$XDG_CACHE_HOME/lofte`, one per
ledger and language) and used again: the plain data of `lofte.domain.promise` is made again
from it without validating and without pydantic, and `lofte log` reads the few fields it
needs from dicts (`plain`).

The entry is used only when its key matches: a digest of the file's bytes, lofte's version
and code stamp (`cache._code_stamp`: any change of lofte's code or catalogs), the Python
and the language of the messages. The one thing validation reads besides the file, the
zone database, is asked again: the entry is used only while the zone it names exists.
Only a file read without any problem is kept (no byte order mark, no CRLF, UTF-8, not too
large), and only when the careful path read the very same text.

What is never trusted: a file that is missing, torn (BLAKE2 digest), of another format or
key, or whose content is not the shape written here (records of known classes with their
fields, dates that exist, plain values). Anything in doubt is ignored and rebuilt. The
payload is `marshal` data, which cannot run code when loaded. A cache that cannot be
written is left as it is: it makes lofte faster, never makes it fail.

Imports nothing heavy, and never pydantic.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import marshal
import math
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

import lofte
from lofte.domain import promise
from lofte.domain.findings import FINDING_CODES, Finding
from lofte.i18n import current_language
from lofte.storage import cache
from lofte.storage.discovery import COMMITMENTS_FILE
from lofte.storage.textfile import read_text

if TYPE_CHECKING:
    from lofte.domain.promise import CommitmentsFile

MAGIC: Final = b"lofte promise cache 2\n"
DIGEST_BYTES: Final = 32
MARSHAL_VERSION: Final = 4
SUFFIX: Final = ".promise"

# The stored form of the validated file: a record of `lofte.domain.promise` is ("record",
# class name, {field: value}); a date is ("date", ordinal); lists, dicts and plain values
# are themselves. A finding is (line, column, severity, code, message). The unusable ids
# of `CommitmentsFile` are stored beside the tree.
RECORD: Final = "record"
DATE: Final = "date"
# The classes commitments.yaml is made of (lofte.domain.promise), by name.
RECORD_CLASSES: Final[dict[str, type[Any]]] = {cls.__name__: cls for cls in (
    promise.CommitmentsFile, promise.Promise, promise.Signatory, promise.Party,
    promise.Defaults, promise.CalendarRange, promise.Commitment, promise.Target)}
_BESIDE: Final = "unusable_ids"
_FIELDS: Final = {name: frozenset(f.name for f in dataclasses.fields(cls)) - {_BESIDE}
                  for name, cls in RECORD_CLASSES.items()}
_PLAIN: Final = (str, int, float, bool, type(None))


class Entry:
    """What the cache holds for one commitments.yaml: the validated file in its stored
    form (None: unusable), the ids of commitments left out as unusable, the findings
    without their path, the number of commitments written, and the time zone written in
    the file (None: none, or not text)."""

    __slots__ = ("findings", "tree", "unusable", "written", "zone")

    def __init__(self, tree: Any, unusable: tuple[str, ...],
                 findings: tuple[tuple[int, int, str, str, str], ...], written: int,
                 zone: str | None = None) -> None:
        self.tree = tree
        self.unusable = unusable
        self.findings = findings
        self.written = written
        self.zone = zone

    def located(self, path: str) -> list[Finding]:
        return [Finding(path, line, column, severity, code, message)  # type: ignore[arg-type]
                for line, column, severity, code, message in self.findings]


class Lookup:
    """commitments.yaml's text as read for the cache, its key and cache file, and the
    entry stored for it (None: none usable)."""

    __slots__ = ("entry", "key", "path", "text")

    def __init__(self, text: str, key: bytes, path: Path, entry: Entry | None) -> None:
        self.text = text
        self.key = key
        self.path = path
        self.entry = entry


def lookup(root: Path, cache_dir: Path) -> Lookup | None:
    """What the cache holds for commitments.yaml as it is now; None when the file is not
    one to cache (it cannot be read, or reading it finds a problem)."""
    read = read_text(str(root / COMMITMENTS_FILE))
    if read.text is None or read.problems:
        return None
    key = entry_key(read.text)
    path = cache_path(cache_dir, root)
    return Lookup(read.text, key, path, read_entry(path, key))


def cache_path(directory: Path, root: Path) -> Path:
    key = f"{root.resolve()}\0{current_language()}"
    return directory / f"{hashlib.sha256(os.fsencode(key)).hexdigest()[:32]}{SUFFIX}"


def entry_key(text: str) -> bytes:
    """What must match for an entry to be used: the file's text and everything else the
    validation's outcome depends on."""
    identity = (f"{sys.implementation.cache_tag} {lofte.__version__} {cache._code_stamp()} "
                f"{current_language()}\n").encode()
    digest = hashlib.blake2b(identity, digest_size=DIGEST_BYTES)
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.digest()


# --- reading ------------------------------------------------------------------------------

def read_entry(path: Path, key: bytes) -> Entry | None:
    """The entry stored at `path` for `key`, or None for anything in doubt."""
    try:
        with path.open("rb") as handle:
            data = handle.read()
    except OSError:
        return None
    start = len(MAGIC) + DIGEST_BYTES
    if not data.startswith(MAGIC + key) or len(data) < start + DIGEST_BYTES:
        return None
    digest, payload = data[start:start + DIGEST_BYTES], data[start + DIGEST_BYTES:]
    if hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest() != digest:
        return None
    try:
        stored = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return _entry(stored)


def _entry(stored: Any) -> Entry | None:
    if type(stored) is not tuple or len(stored) != 5:
        return None
    tree, unusable, findings, written, zone = stored
    if not (_valid_tree(tree) and (tree is None or _record_name(tree) == "CommitmentsFile")
            and type(unusable) is tuple and all(type(i) is str for i in unusable)
            and type(findings) is tuple and all(_valid_finding(f) for f in findings)
            and type(written) is int and written >= 0
            and (zone is None or (type(zone) is str and _zone_exists(zone)))):
        return None
    return Entry(tree, unusable, findings, written, zone)


def _zone_exists(zone: str) -> bool:
    from lofte.domain.zones import zone_exists  # noqa: PLC0415

    return zone_exists(zone)


def _valid_finding(finding: Any) -> bool:
    return (type(finding) is tuple and len(finding) == 5
            and type(finding[0]) is int and type(finding[1]) is int
            and finding[0] >= 1 and finding[1] >= 1
            and finding[2] in ("error", "warning") and finding[3] in FINDING_CODES
            and type(finding[4]) is str)


def _record_name(node: Any) -> str | None:
    return node[1] if type(node) is tuple and len(node) == 3 and node[0] == RECORD else None


def _valid_tree(node: Any, depth: int = 0) -> bool:
    """Whether `node` is the stored form written here: records of known classes with
    exactly their fields."""
    if depth > 16:
        return False
    kind = type(node)
    if kind in _PLAIN:
        return kind is not float or math.isfinite(node)
    if kind is list:
        return all(_valid_tree(item, depth + 1) for item in node)
    if kind is dict:
        return all(type(k) is str and _valid_tree(v, depth + 1) for k, v in node.items())
    if kind is tuple and len(node) == 2 and node[0] == DATE:
        return type(node[1]) is int and \
            dt.date.min.toordinal() <= node[1] <= dt.date.max.toordinal()
    name = _record_name(node)
    if name in _FIELDS:
        fields = node[2]
        return (type(fields) is dict and fields.keys() == _FIELDS[name]
                and _valid_tree(fields, depth + 1))
    return False


# --- the two ways out: dicts (for `lofte log`) and the records -----------------------------

def plain(node: Any) -> Any:
    """The stored form as dicts: a record as the dict of its fields, a date as a date. For
    `lofte log`, which reads a few fields."""
    return _rebuilt(node, lambda _name, fields: fields)


def commitments_file(entry: Entry) -> CommitmentsFile | None:
    """The validated file again, without validating: the tree came from a validated file
    and was checked to have the shape written here. None when there is none."""
    if entry.tree is None:
        return None
    made = _rebuilt(entry.tree, lambda name, fields: RECORD_CLASSES[name](**fields))
    if not isinstance(made, promise.CommitmentsFile):
        return None
    return dataclasses.replace(made, unusable_ids=frozenset(entry.unusable))


def _rebuilt(node: Any, record: Callable[[str, dict[str, Any]], Any]) -> Any:
    """The stored form with dates as dates and each record made by `record(class name,
    its fields)`, from the innermost out."""
    if type(node) is list:
        return [_rebuilt(item, record) for item in node]
    if type(node) is dict:
        return {key: _rebuilt(value, record) for key, value in node.items()}
    if type(node) is tuple:
        if node[0] == DATE:
            return dt.date.fromordinal(node[1])
        return record(node[1], _rebuilt(node[2], record))
    return node


# --- writing ------------------------------------------------------------------------------

def stored(record: Any) -> Any:
    """The stored form of the validated file (and of what it holds)."""
    kind = type(record)
    if kind in RECORD_CLASSES.values():
        name = kind.__name__
        return (RECORD, name, {field: stored(getattr(record, field))
                               for field in sorted(_FIELDS[name])})
    if isinstance(record, dt.date) and not isinstance(record, dt.datetime):
        return (DATE, record.toordinal())
    if isinstance(record, list):
        return [stored(item) for item in record]
    if isinstance(record, dict):
        return {key: stored(value) for key, value in record.items()}
    if kind in _PLAIN:
        return record
    raise TypeError(f"cannot store {kind.__name__}")


def write_entry(path: Path, key: bytes, promise_file: CommitmentsFile | None,
                findings: list[Finding], *, written: int, zone: str | None) -> bool:
    """Store what validating the text with `key` gave; `zone`: the time zone the file
    names, which must still exist for the entry to be used. False (nothing changed) when
    it cannot be written."""
    try:
        tree = stored(promise_file) if promise_file is not None else None
        unusable = tuple(sorted(promise_file.unusable_ids)) if promise_file else ()
        rows = tuple((f.line, f.column, f.severity, f.code, f.message) for f in findings)
        payload = marshal.dumps((tree, unusable, rows, written, zone), MARSHAL_VERSION)
    except (TypeError, ValueError):
        return False
    data = MAGIC + key + hashlib.blake2b(payload, digest_size=DIGEST_BYTES).digest() \
        + payload
    return cache.replace_cache_file(path, data)
