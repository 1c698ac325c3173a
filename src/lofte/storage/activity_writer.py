"""Writing new activity files: their text, their names, and their creation, whole or not at
all; one for `lofte log`, many for `lofte import`, with the same code.

The text has the contract's keys in the contract's order, å/ä/ö written as they are, a
long summary folded over several lines (`>-`), and at the top a modeline for editors
(`# yaml-language-server: $schema=...`) when a `schemas/activity.schema.json` is found
above the ledger. Text values are written as ruamel.yaml writes them; for everyday text
`quick_line` gives the very same bytes without ruamel.yaml, and anything it is not sure of
goes through ruamel.yaml (tests/test_activity_writer.py holds the two ways to the same
bytes). Before anything is written, what the text reads as must be the very same activity:
the text is read back with the ledger's own reader, unless every line of it is in a form
whose reading is known (`rendered_activity`: the reader's own rule for plain scalars, and
quoting that takes text as it is).

The name is `activities/YYYY/YYYY-MM-DD-<first commitment id>-<sha256[:6]>.yaml`, the hash
taken over the file's bytes: different activities get different names, the same activity
the same name.

Creation: the bytes go to a hidden temporary file in the destination folder (a name the
loader never reads: it starts with a dot and does not end in .yaml), are flushed and
fsynced, and the file is then given its final name with `link()`, which never replaces an
existing name; where the file system has no hard links, with an exclusive create
(`O_CREAT | O_EXCL`). The temporary name is removed in every outcome, and the folder is
fsynced. An existing file is never opened for writing. (A SIGKILL or power cut in the
few milliseconds between creating and removing the temporary file can leave it behind: it
is never read, as its name is hidden and does not end in .yaml, and it is not cleaned up
automatically, because finding it would mean listing a folder that grows with the ledger;
`.lofte-*.tmp` belongs in .gitignore.) Many files (`ActivityBatch`, `lofte import`) are
written into hidden staging folders and named together once every one of them is on the
disk: see `lofte.storage.staging` for why a crash still leaves every file whole or absent.

Why no lock file is needed: a lock protects shared state that is read, changed and written
back, and `lofte log` has none. It never changes a file; it only adds a new one, under a
name derived from its content, and putting a name in place with `link()` (or `O_EXCL`) is
atomic and fails instead of overwriting. So any number of `lofte log` running at once cannot
disturb each other: different activities have different names, and two runs logging the
very same activity race for one name, where one wins and the other is told that the
activity is already logged. Readers never see a partial file, because the final name
appears only when its content is complete. A lock file would add a failure of its own (a
stale lock left by a crash) and would do nothing across clones, where the content-derived
names are what keeps pushes free of conflicts.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import os
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any, Final, NamedTuple

from lofte.storage.atomic import NewFilesInside, Staged
from lofte.storage.boundary import OpenFolders, names_at, open_folder, read_regular_at
from lofte.storage.discovery import ACTIVITIES_DIR
from lofte.storage.staging import Outcome, StagedFiles

if TYPE_CHECKING:
    from ruamel.yaml import YAML

    from lofte.domain.models import Activity

# The models (and pydantic) are imported only to validate, and ruamel.yaml only to write or
# read what the quick way is not sure of: `prepare_known_file` writes everyday text of an
# activity known to be valid without either (`lofte log`'s quick way).

# The contract's keys in the contract's order: the fields of `Activity` (a test holds the
# two equal).
ACTIVITY_FIELDS: Final = ("date", "commitment", "summary", "by", "place", "people_reached",
                          "hours", "tags", "links", "public", "planned")

LINE_WIDTH: Final = 88
FOLD_INDENT: Final = "  "
SCHEMAS_DIR: Final = "schemas"
ACTIVITY_SCHEMA: Final = "activity.schema.json"
MODELINE: Final = "# yaml-language-server: $schema={reference}\n"
HASH_DIGITS: Final = 6
_LINE_BREAK: Final = re.compile("[\n\r\x85\u2028\u2029]")
_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
# Plain in a flow list only when clearly safe: a letter or digit first, and none of the
# characters that mean something in flow context or to an older YAML reader.
_PLAIN_IN_FLOW: Final = re.compile(r"[^\W_](?:[\w.()/+=~-]| (?! |$))*", re.UNICODE)
# Text that ruamel.yaml writes as it is or in single quotes, without escapes: characters it
# never escapes with allow_unicode (printable ASCII, and the Basic Multilingual Plane less
# C1 controls, line and paragraph separators, the byte order mark and surrogates), up to a
# length far below its line width, so that it never wraps. (A set, not a regular
# expression: compiling one of these ranges costs `lofte log` 5 ms.)
_ESCAPED_BELOW_FFFE: Final = frozenset(
    [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0), *range(0xD800, 0xE000))]
    + ["\u2028", "\u2029", "\ufeff"])
_MOST_UNESCAPED: Final = 10_000
# First characters that make ruamel.yaml quote a scalar, and those that make it think twice
# (`-`, `?` and `:` are indicators when a space follows, `.` may start `...`).
_LEADING_INDICATORS: Final = frozenset("#,[]{}&*!|>'\"%@`")
_DOUBTFUL_FIRST: Final = frozenset("-?:.")
_TEXT_TAG: Final = "tag:yaml.org,2002:str"
TEMP_PREFIX: Final = ".lofte-"
TEMP_SUFFIX: Final = ".tmp"


def _unescaped(text: str) -> bool:
    """Whether `text` is one to ten thousand characters that ruamel.yaml never escapes.

    Everyday text is printable, which none of `_ESCAPED_BELOW_FFFE` is, nor U+FFFE and
    U+FFFF (a test holds this): then only a character beyond the Basic Multilingual Plane
    can be escaped, and printable ASCII has none. (`max` and the set take each character
    as an object of its own, several times slower than these methods.)"""
    if not 0 < len(text) <= _MOST_UNESCAPED:
        return False
    if text.isprintable():  # (UTF-16 has two code units for a character beyond U+FFFF)
        return text.isascii() or len(text.encode("utf-16-le")) == 2 * len(text)
    return max(text) <= "\ufffd" and _ESCAPED_BELOW_FFFE.isdisjoint(text)


class RoundTripError(Exception):
    """The rendered text would not load back as the same activity (a bug in lofte)."""


class AlreadyLogged(Exception):
    """The very same activity is already in the ledger, in `path`."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


class NameTaken(Exception):
    """Something else already has the name: a file with other content (a hash collision in
    six hex digits), or, when not `regular`, something that is not a file (a pipe, a link
    to a device or to nothing), which is never opened."""

    def __init__(self, path: Path, *, regular: bool = True) -> None:
        super().__init__(str(path))
        self.path = path
        self.regular = regular


# --- the text -----------------------------------------------------------------------

def render_activity(activity: Activity, schema_reference: str | None = None) -> str:
    """The YAML text of one activity file.

    Keys follow the contract's order; a field that is empty (None, or an empty list) is
    left out; `public` is always written, so that whether an activity may be published is
    stated in the file itself; `planned` only when it is true.
    """
    return rendered_activity(activity, schema_reference)[0]


# What the ledger's reader makes of a line (or item) is not known without reading it.
_UNKNOWN: Final = object()
Rendered = tuple[str, Any]  # a line or a list item, and what the ledger's reader reads


def rendered_activity(activity: Activity, schema_reference: str | None = None) -> tuple[
        str, dict[str, Any] | None]:
    """`render_activity`'s text, and the data the ledger's reader reads from it when every
    line was written in a form whose reading is known (None when only reading it tells).

    Known: plain scalars that the reader takes verbatim (numbers, dates, `true`; text that
    `quick_line` and `_flow_item` prove), resolved as the reader resolves them
    (`yamlsafe.resolve_plain`: numbers and booleans as such, dates as text); single-quoted
    text without `'`; folded text (`_text_field`); double-quoted text with no escapes but
    `\\"`, `\\\\`, `\\n`, `\\t` and `\\r`; a modeline of characters YAML reads without
    complaint. Each line is one top-level `key: value` (a folded one goes on over lines
    indented by two spaces), so the document reads as the lines do.
    tests/test_activity_writer.py holds this data to `parse_yaml`'s on generated
    activities.
    """
    return rendered_fields({name: getattr(activity, name) for name in ACTIVITY_FIELDS},
                           schema_reference)


def rendered_fields(values: dict[str, Any], schema_reference: str | None = None) -> tuple[
        str, dict[str, Any] | None]:
    """`rendered_activity` of an activity's fields (`ACTIVITY_FIELDS`)."""
    lines = [MODELINE.format(reference=schema_reference)] if schema_reference else []
    read: dict[str, Any] | None = {}
    if schema_reference and not _unescaped(schema_reference):
        read = None
    for name in ACTIVITY_FIELDS:
        value = values[name]
        if value is None or value == [] or (name == "planned" and not value):
            continue  # (`planned: true` only: a deed's file is as it was before plans)
        line, value_read = _field_line(name, value)
        lines.append(line)
        if read is not None:
            if value_read is _UNKNOWN:
                read = None
            else:
                read[name] = value_read
    return "".join(lines), read


# The lines of field values that recur from row to row of an import (the same day,
# commitment, parties, place or hours), each made once: by field, exact type and value (a
# list by its items). Not the summary, new in every row. Emptied when full.
_MADE: Final[dict[tuple[str, type, Any], Rendered]] = {}
_MOST_MADE: Final = 4096


def _field_line(name: str, value: Any) -> Rendered:
    """The line of one field, by the value's exact type (`_RENDERERS`), as made before for
    the same value when it was (`_MADE`)."""
    kind = type(value)
    render = _RENDERERS.get(kind)
    if render is None or name == "summary":
        return (render or _render_other)(name, value)
    key = (name, kind, tuple(value) if kind is list else value)
    made = _MADE.get(key)
    if made is None:
        if len(_MADE) >= _MOST_MADE:
            _MADE.clear()
        made = _MADE[key] = render(name, value)
    line, value_read = made
    if type(value_read) is list:  # each caller its own, to do with as it likes
        return line, list(value_read)
    return made


def _render_other(name: str, value: Any) -> Rendered:
    """The line of a field whose value is not exactly of a type in `_RENDERERS`: a
    datetime, a subclass."""
    if isinstance(value, bool):
        return _boolean(name, value)
    if isinstance(value, int):
        return _whole_number(name, value)
    if isinstance(value, float):
        return _decimal(name, value)
    if isinstance(value, dt.date):
        return _day(name, value)
    return _list_or_text(name, value)


# A number, a date or a boolean is a plain scalar of digits, letters, `.` and `-`, which the
# reader takes verbatim and resolves (`yamlsafe.resolve_plain`) as what these give as read:
# a whole number as an int, a decimal as a float, `true` and `false`, a date as its text.
# tests/test_activity_writer.py holds the two equal.

def _boolean(name: str, value: bool) -> Rendered:
    return f"{name}: {'true' if value else 'false'}\n", value


def _whole_number(name: str, value: int) -> Rendered:
    return f"{name}: {value!s}\n", value


def _decimal(name: str, value: float) -> Rendered:
    token = _number(value)
    return f"{name}: {token}\n", int(token) if value.is_integer() else float(token)


def _day(name: str, value: dt.date) -> Rendered:
    day = value.isoformat()
    return f"{name}: {day}\n", day


def _list_or_text(name: str, value: Any) -> Rendered:
    """A list as a flow list (`[a, b]`), one commitment as its id alone; text as text."""
    if name == "commitment" and len(value) == 1:
        value = value[0]
    if isinstance(value, list):
        return _flow_list(name, value)
    return _text_field(name, value)


def _flow_list(name: str, texts: list[str]) -> Rendered:
    items = [_flow_item(text) for text in texts]
    reads = [item_read for _item, item_read in items]
    return (f"{name}: [{', '.join(item for item, _read in items)}]\n",
            _UNKNOWN if _UNKNOWN in reads else reads)


def _text_field(name: str, text: str) -> Rendered:
    """A text value in block context: as ruamel.yaml writes it (plain where it can be),
    folded when long, double-quoted when anything else would not read back the same.

    Most text takes the quick way (`quick_line`), which gives the very line ruamel.yaml
    would and needs no reading back: its line reads back by construction, and so does its
    folded form (`_folded` folds only text without line breaks, tabs, doubled or edge
    spaces or unprintable characters, at single spaces, each line indented alike, which
    YAML joins again with one space each). Anything else goes the careful way: ruamel.yaml
    writes it, and `lofte check`'s reader reads it back. Text with a line break, or that
    would not read back, is double-quoted (`double_quoted`)."""
    line = quick_line(name, text)  # (None for text with a line break: it is escaped)
    if line is not None:
        if len(line) > LINE_WIDTH + 1:
            folded = _folded(name, text)
            if folded is not None:
                return folded, text
        return line, text
    if not _LINE_BREAK.search(text):
        line = _dump(name, text)
        if len(line) > LINE_WIDTH + 1:
            folded = _folded(name, text)
            if folded is not None and _reads_back(folded, {name: text}):
                return folded, _UNKNOWN
        if _reads_back(line, {name: text}):
            return line, _UNKNOWN
    return f"{name}: {double_quoted(text)}\n", _quoted_read(text)


# The renderer of a value of exactly one of these types (`_field_line`). Text goes
# straight to `_text_field`: only a list of one commitment is written as its id alone.
_RENDERERS: Final[dict[type, Callable[[str, Any], Rendered]]] = {
    str: _text_field, list: _list_or_text, dt.date: _day, bool: _boolean,
    int: _whole_number, float: _decimal}


def quick_line(name: str, text: str) -> str | None:
    """`name: value` exactly as `_dump` (ruamel.yaml) writes it, without ruamel.yaml, for
    text that needs no thought, and that provably reads back as `text`; None for anything
    else, which then goes the careful way.

    Mirrors ruamel.yaml's choice (`Emitter.analyze_scalar`, `choose_scalar_style`) for
    text of characters it never escapes (`_unescaped`): plain when nothing in it is an
    indicator and YAML 1.2 reads it as text; in single quotes when it surely cannot be
    plain (`12`, `true`, `null`, a date, an indicator first, `: `, ` #`, a space at
    either end) and holds no `'`. A plain scalar like that reads back as it is and
    resolves as text; a single-quoted one without `'` and line breaks reads back as it is.
    Whatever is in between (`:0`, `-x`, `?x`, `.x`) is left to ruamel.yaml. tests/
    test_activity_writer.py holds this to `_dump` and `_reads_back` on generated text.
    """
    if not _unescaped(text):
        return None
    first, last = text[0], text[-1]
    indicator = (first in _LEADING_INDICATORS or first == " " or last in {" ", ":"}
                 or ": " in text or " #" in text)
    if first in _DOUBTFUL_FIRST:
        if not (indicator or text.startswith(("---", "...", "- ", "? "))
                or text in ("-", "?")):
            return None  # ruamel.yaml may write it plain, or not
    elif not indicator and _resolves_as_text(text):
        return f"{name}: {text}\n"
    if "'" in text:
        return None  # ruamel.yaml double-quotes it, with escapes of its own
    return f"{name}: '{text}'\n"


@functools.cache
def _resolver() -> Any:
    """ruamel.yaml's YAML 1.2 resolver, as the emitter's and the reader's."""
    from ruamel.yaml.resolver import VersionedResolver  # noqa: PLC0415 - see the imports

    return VersionedResolver(version=(1, 2))


# The first characters YAML 1.2 has a rule for (numbers, dates, null, booleans, `<<`, `=`
# and `!&*`; none for any other), and what the rules for letters match: `true`, `false`
# and `null` as written in the three ways. A test holds these to ruamel.yaml's rules.
RULED_FIRST: Final = frozenset("-+.0123456789<=~!&*nNtTfF")
RULED_LETTERS: Final = frozenset("nNtTfF")
NOT_TEXT_WORDS: Final = frozenset({"true", "True", "TRUE", "false", "False", "FALSE",
                                   "null", "Null", "NULL"})


def _resolves_as_text(text: str) -> bool:
    """Whether a plain scalar `text` (not empty) is text in YAML 1.2: the emitter's rule
    for quoting, and the reader's for reading (`lofte.storage.yamlsafe` uses the same
    resolver). Text that starts with a letter is told without ruamel.yaml; otherwise
    `VersionedResolver.resolve`, without its per-call overhead: the first rule that
    matches gives the tag, and none gives text."""
    first = text[0]
    if first not in RULED_FIRST:
        return True
    if first in RULED_LETTERS:
        return text not in NOT_TEXT_WORDS
    rules = _resolver().versioned_resolver
    for tag, regexp in (*rules.get(first, ()), *rules.get(None, ())):
        if regexp.match(text):
            return str(tag) == _TEXT_TAG
    return True


def _flow_item(text: str) -> Rendered:
    """An item of a `[a, b]` list: plain when plainly safe, else double-quoted. Text that
    `_PLAIN_IN_FLOW` matches is read back as it is, so resolving as text proves it. (It
    matches every word of letters and digits, which `isalnum` tells sooner.)"""
    if text.isalnum() or _PLAIN_IN_FLOW.fullmatch(text):
        if _resolves_as_text(text):
            return text, text
        if _reads_back(f"[{text}]", [text]):
            return text, _UNKNOWN
    return double_quoted(text), _quoted_read(text)


def _quoted_read(text: str) -> Any:
    """What the reader reads from `double_quoted(text)`: `text`, when its only escapes are
    the reader's own `\\"`, `\\\\`, `\\n`, `\\t` and `\\r` (every other character printable, and
    so taken as it is); else unknown."""
    if all(ch in _ESCAPES or (ch.isprintable() and ch != "\ufeff") for ch in text):
        return text
    return _UNKNOWN


def _reads_back(yaml_text: str, expected: Any) -> bool:
    from lofte.storage.yamlsafe import parse_yaml  # noqa: PLC0415 - see the imports

    parsed = parse_yaml(yaml_text)
    return not parsed.problems and parsed.value == expected


def double_quoted(text: str) -> str:
    """A YAML double-quoted scalar: only what must be escaped is escaped."""
    out = ['"']
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ch.isprintable() and ch != "\ufeff":
            out.append(ch)
        else:
            code = ord(ch)
            out.append(f"\\x{code:02X}" if code < 0x100 else
                       f"\\u{code:04X}" if code < 0x10000 else f"\\U{code:08X}")
    out.append('"')
    return "".join(out)


def _number(value: float) -> str:
    """Shortest exact decimal, never an exponent: 3.5, 0.25, 12 (for 12.0)."""
    if value.is_integer():
        return str(int(value))
    shortest = repr(value)
    if "e" not in shortest and "n" not in shortest:  # not `1e-05`, `inf` or `nan`
        return shortest
    return format(Decimal(shortest), "f")


@functools.cache
def _emitter() -> YAML:
    from ruamel.yaml import YAML  # noqa: PLC0415 - see the imports

    yaml = YAML(typ="rt")
    yaml.width = 1_000_000  # one line per value; long summaries are folded by _folded
    yaml.allow_unicode = True
    return yaml


def _dump(name: str, value: Any) -> str:
    """`name: value` as ruamel.yaml writes it: quoted exactly when YAML needs it."""
    from ruamel.yaml.comments import CommentedMap  # noqa: PLC0415 - see the imports

    mapping = CommentedMap()
    mapping[name] = value
    out = io.StringIO()
    _emitter().dump(mapping, out)
    return out.getvalue()


def _folded(name: str, text: str) -> str | None:
    """`name: >-` and the text wrapped at spaces, or None when folding would change it."""
    foldable = (text == text.strip() and "  " not in text and "\ufeff" not in text
                and text.isprintable())
    if not foldable:
        return None
    return f"{name}: >-\n" + "".join(f"{FOLD_INDENT}{line}\n" for line in _wrapped(text))


def _wrapped(text: str) -> list[str]:
    """`text`, of words between single spaces, in lines of as many words as fit in the
    room a folded line has; a word longer than that on a line of its own."""
    room = LINE_WIDTH - len(FOLD_INDENT)
    lines: list[str] = []
    start = 0
    while len(text) - start > room:
        end = text.rfind(" ", start, start + room + 1)  # the last space that fits
        if end == -1:  # the first word is longer than a line
            end = text.find(" ", start)
            if end == -1:
                break
        lines.append(text[start:end])
        start = end + 1
    lines.append(text[start:])
    return lines


def verify_round_trip(text: str, activity: Activity) -> None:
    """Read `text` as `lofte check` would; it must be exactly `activity`."""
    from lofte.storage.yamlsafe import parse_yaml  # noqa: PLC0415 - see the imports

    parsed = parse_yaml(text)
    if parsed.problems or not isinstance(parsed.value, dict):
        raise RoundTripError(f"the YAML written for this activity does not parse: "
                             f"{[p.message for p in parsed.problems]}")
    verify_read(parsed.value, activity)


def verify_read(data: dict[str, Any], activity: Activity) -> None:
    """`data`, read from an activity's text, must be exactly `activity`."""
    from pydantic import ValidationError  # noqa: PLC0415 - see the imports

    from lofte.domain.models import Activity  # noqa: PLC0415

    try:
        loaded = Activity.model_validate(data)
    except ValidationError as exc:
        raise RoundTripError(f"the YAML written for this activity does not validate: "
                             f"{exc}") from None
    if loaded != activity:
        raise RoundTripError("the YAML written for this activity reads back differently")


# --- the name and the modeline ------------------------------------------------------

def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def activity_file_name(activity: Activity, text: str) -> str:
    return file_name(activity.date, activity.commitment[0], text)


def file_name(day: dt.date, commitment: str, text: str) -> str:
    return f"{day.isoformat()}-{commitment}-{content_hash(text)}.yaml"


def year_folder(root: Path, day: dt.date) -> Path:
    return root.joinpath(*year_parts(day))


def year_parts(day: dt.date) -> tuple[str, ...]:
    """The folders of `year_folder` below the ledger's root."""
    return ACTIVITIES_DIR, f"{day.year:04d}"


class YearFolder(NamedTuple):
    """The folder of one year's activities, and the modeline's path to the schema."""

    path: Path
    parts: tuple[str, ...]  # below the ledger's root (`year_parts`)
    schema_reference: str | None


def year_folder_of(root: Path, day: dt.date) -> YearFolder:
    folder = year_folder(root, day)
    return YearFolder(folder, year_parts(day), schema_reference(root, folder))


def find_schema(root: Path, name: str = ACTIVITY_SCHEMA) -> Path | None:
    """The nearest schemas/<name> in the ledger folder or above it.

    The walk stops at the top of the git repository holding the ledger (the folder with
    `.git`), so that the modeline never points outside the repository.
    """
    start = root.resolve()
    for folder in (start, *start.parents):
        candidate = folder / SCHEMAS_DIR / name
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists():
            return None
    return None


def schema_reference(root: Path, folder: Path, name: str = ACTIVITY_SCHEMA) -> str | None:
    """The modeline's path to the schema, relative to the folder of the file written."""
    schema = find_schema(root, name)
    if schema is None:
        return None
    return Path(os.path.relpath(schema, folder.resolve())).as_posix()


Location = tuple[tuple[str, ...], str]  # the folders below the ledger's root, and the name


class ActivityFile:
    """A file about to be written: where, and what. Immutable; equal when the path, the
    text and the root are.

    Made `in_folder`, it knows its folder and name, and makes its `path` only when asked:
    an import makes 10,000 of them, and most are staged and named by folder and name
    alone (a Path costs about as much as checking a row's cells)."""

    __slots__ = ("_folder", "_location", "_path", "root", "text")
    text: str
    root: Path  # the ledger; `path` lies below it
    _path: Path | None  # made when first asked for, from the folder and the name
    _folder: Path | None
    _location: Location | None

    def __init__(self, path: Path, text: str, root: Path) -> None:
        self._set(path, text, root, None, None)

    @classmethod
    def in_folder(cls, folder: YearFolder, name: str, text: str, root: Path) -> ActivityFile:
        """The file `name` in `folder`, its location known from the start."""
        made = cls.__new__(cls)
        made._set(None, text, root, folder.path, (folder.parts, name))
        return made

    def _set(self, path: Path | None, text: str, root: Path, folder: Path | None,
             location: Location | None) -> None:
        setting = object.__setattr__
        setting(self, "_path", path)
        setting(self, "text", text)
        setting(self, "root", root)
        setting(self, "_folder", folder)
        setting(self, "_location", location)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"an ActivityFile is immutable: cannot set {name}")

    @property
    def path(self) -> Path:
        path = self._path
        if path is None:
            assert self._folder is not None and self._location is not None
            path = self._folder / self._location[1]
            object.__setattr__(self, "_path", path)
        return path

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")

    @property
    def location(self) -> Location:
        """The folders below the root, and the name (`path.relative_to(root)`, cheaper),
        worked out once (finding, staging and naming the file each ask for it)."""
        location = self._location
        if location is None:
            parts, root = self.path.parts, self.root.parts
            if parts[:len(root)] != root or len(parts) <= len(root):
                raise ValueError(f"{self.path} is not below {self.root}")
            location = parts[len(root):-1], parts[-1]
            object.__setattr__(self, "_location", location)
        return location

    def __reduce__(self) -> tuple[type[ActivityFile], tuple[Path, str, Path]]:
        return ActivityFile, (self.path, self.text, self.root)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ActivityFile):
            return NotImplemented
        return (self.text, self.path, self.root) == (other.text, other.path, other.root)

    def __hash__(self) -> int:
        return hash((self.path, self.text, self.root))

    def __repr__(self) -> str:
        return f"ActivityFile(path={self.path!r}, text={self.text!r}, root={self.root!r})"


class LedgerFolders:
    """What preparing many activity files of one ledger shares (`lofte import`): each
    folder opened once from the root, and listed once, to look for a file already there
    (`find_existing`), and the modeline of each folder found once. A context manager;
    closing closes the folders.

    A name is looked for in the folder's listing, not opened: 10,000 new files into a
    year folder that exists would otherwise be 10,000 failed opens. A file that arrives
    after the listing is found when the new files are named, which never replaces one
    (`ActivityBatch.publish`)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.opened = OpenFolders(root, create=False)
        self._years: dict[int, YearFolder] = {}
        # Per folder: the open folder (None: there is none) and the names in it.
        self._listed: dict[tuple[str, ...], tuple[int | None, frozenset[str]]] = {}

    def holding(self, parts: tuple[str, ...], name: str) -> int | None:
        """The open folder root/parts... when its listing has `name`; None when it has
        not, or there is no such folder. Raises OutsideLedger or NotAFolder when the way
        to it leaves the ledger, or OSError."""
        listed = self._listed.get(parts)
        if listed is None:
            folder = self.opened.find(parts)
            listed = self._listed[parts] = (
                folder, frozenset() if folder is None else names_at(folder))
        folder, names = listed
        return folder if name in names else None

    def year_of(self, day: dt.date) -> YearFolder:
        """The folder of an activity on `day`, and the modeline's path to the schema."""
        folder = self._years.get(day.year)
        if folder is None:
            folder = self._years[day.year] = year_folder_of(self.root, day)
        return folder

    def __enter__(self) -> LedgerFolders:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.opened.close()


def prepare_activity_file(root: Path, activity: Activity,
                          folders: LedgerFolders | None = None) -> ActivityFile:
    """Text and path of the new file, proven to load back as `activity`. Writes nothing."""
    folder = _folder_of(root, activity.date, folders)
    text, read = rendered_activity(activity, folder.schema_reference)
    if read is None:
        verify_round_trip(text, activity)  # read it as `lofte check` would
    else:
        verify_read(read, activity)  # what it reads as is known (`rendered_activity`)
    return ActivityFile.in_folder(folder, activity_file_name(activity, text), text, root)


def _folder_of(root: Path, day: dt.date, folders: LedgerFolders | None) -> YearFolder:
    """The folder of an activity on `day`, and the modeline's path to the schema."""
    return folders.year_of(day) if folders is not None else year_folder_of(root, day)


def prepare_known_file(root: Path, values: dict[str, Any],
                       folders: LedgerFolders | None = None) -> ActivityFile | None:
    """`prepare_activity_file` for the fields of an activity known to be valid
    (`lofte.domain.known_activity`), without the models: the same text and path, when
    every line of it is in a form whose reading is known and reads as `values`; None
    when only reading it back can tell (then the careful way writes it)."""
    day: dt.date = values["date"]
    folder = _folder_of(root, day, folders)
    text = _known_text(values, folder.schema_reference)
    if text is None:
        return None
    return ActivityFile.in_folder(folder, file_name(day, values["commitment"][0], text), text,
                                  root)


def _known_text(values: dict[str, Any], schema_reference: str | None) -> str | None:
    """`rendered_fields`' text, when what it reads as is known and gives `values` as
    `Activity` takes them: each line's reading its field's value (`_gives`), and each
    field left out its default; None otherwise. Told line by line, as each is made,
    without the dict of what is read and a second walk through the fields."""
    if schema_reference and not _unescaped(schema_reference):
        return None
    lines = [MODELINE.format(reference=schema_reference)] if schema_reference else []
    for name in ACTIVITY_FIELDS:
        value = values[name]
        if value is None or value == []:
            continue
        if name == "planned" and not value:
            if value is False:
                continue
            return None  # left out (as rendered_fields does), but read as `false`
        line = _known_line(name, value)
        if line is None:
            return None
        lines.append(line)
    if len(values) > len(ACTIVITY_FIELDS) and not _others_left_out(values):
        return None
    return "".join(lines)


# `_known_line` of the values that recur from row to row of an import, as `_MADE` keeps
# their lines; "" for a value whose line does not read as known to give it.
_KNOWN: Final[dict[tuple[str, type, Any], str]] = {}


def _known_line(name: str, value: Any) -> str | None:
    """The line of one field (`_field_line`) when it reads as known and gives `value`
    (`_gives`); None otherwise. Told once for each recurring value (`_KNOWN`)."""
    kind = type(value)
    if name == "summary" or kind not in _RENDERERS:
        return _line_giving(name, value)
    key = (name, kind, tuple(value) if kind is list else value)
    line = _KNOWN.get(key)
    if line is None:
        if len(_KNOWN) >= _MOST_MADE:
            _KNOWN.clear()
        line = _KNOWN[key] = _line_giving(name, value) or ""
    return line or None


def _line_giving(name: str, value: Any) -> str | None:
    line, value_read = _field_line(name, value)
    if value_read is _UNKNOWN or not _gives(name, value_read, value):
        return None
    return line


def _gives(name: str, read: object, value: object) -> bool:
    """Whether `read`, what a field's line reads as, gives `value` as `Activity` takes
    it: the date as YYYY-MM-DD, one commitment as its id, a whole number of hours as an
    integer."""
    if name == "date":  # (a date: its folder was found by its year)
        return isinstance(value, dt.date) and read == value.isoformat()
    if name == "commitment" and type(read) is str:
        return [read] == value
    if type(value) is float and type(read) is int:  # 12.0 is written `12`
        return read == value
    return type(read) is type(value) and read == value


def _others_left_out(values: dict[str, Any]) -> bool:
    """Whether every value besides the contract's fields is empty (None or [])."""
    return all(values[name] is None or values[name] == []
               for name in values.keys() - set(ACTIVITY_FIELDS))


def find_existing(prepared: ActivityFile, folders: LedgerFolders | None = None) -> Path | None:
    """The file already holding this very activity, if there is one. Raises NameTaken
    when the name is used by different content, or by anything that is not a regular file
    (a pipe or a link to a device is never opened to be read), and OutsideLedger or
    NotAFolder when the way to it leaves the ledger."""
    folder_parts, name = prepared.location
    try:
        if folders is not None:
            folder = folders.holding(folder_parts, name)
            return None if folder is None else _existing_at(folder, name, prepared)
        with open_folder(prepared.root, folder_parts, create=False) as (folder, _created):
            return _existing_at(folder, name, prepared)
    except FileNotFoundError:
        return None


def _existing_at(folder: int, name: str, prepared: ActivityFile) -> Path | None:
    data = prepared.data
    existing = read_regular_at(folder, name, len(data))
    if existing == data:
        return prepared.path
    raise NameTaken(prepared.path, regular=existing is not None)


# --- creating the file --------------------------------------------------------------

def create_activity_file(prepared: ActivityFile) -> Path:
    """Create the file whole, or not at all; never replace or open an existing file.

    Raises AlreadyLogged (same content already there), NameTaken (different content under
    the same name) or OSError.
    """
    with NewActivityFiles(prepared.root) as files:
        files.stage(prepared)
        return files.create(prepared)


class NewActivityFiles:
    """The writer of an activity file (`create_activity_file`, `lofte log`): `stage`
    writes a prepared file under a temporary name, `create` gives it its name. See
    `lofte.storage.atomic.NewFilesInside` for how, and why a name is only given to data
    already on the disk. A context manager: closing removes what was staged and not
    created."""

    def __init__(self, root: Path) -> None:
        self._files = NewFilesInside(root, temp_prefix=TEMP_PREFIX, temp_suffix=TEMP_SUFFIX)
        self._staged: dict[Path, Staged] = {}

    def stage(self, prepared: ActivityFile) -> None:
        """Write the file under a temporary name in its folder (made when missing). Raises
        OutsideLedger, NotAFolder or OSError."""
        folder_parts, name = prepared.location
        self._staged[prepared.path] = self._files.stage(folder_parts, name, prepared.data)

    def create(self, prepared: ActivityFile) -> Path:
        """Give a staged file its name, whole, or not at all; never replace or open an
        existing file. Raises AlreadyLogged (same content already there), NameTaken
        (different content under the same name) or OSError."""
        staged = self._staged.pop(prepared.path)
        try:
            self._files.publish(staged)
        except FileExistsError:
            try:  # the same content (AlreadyLogged), or NameTaken
                _existing_at(self._files.folder(staged.parts), staged.name, prepared)
            except FileNotFoundError:  # gone again since
                raise NameTaken(prepared.path) from None
            raise AlreadyLogged(prepared.path) from None
        return prepared.path

    def __enter__(self) -> NewActivityFiles:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._files.close()


class ActivityBatch:
    """The writer of many activity files (`lofte import`): `stage` writes a prepared file
    hidden in a staging folder, outside the ledger's reading; `publish` gives every staged
    file its name once all of them are on the disk (`lofte.storage.staging`). A context
    manager: closing removes whatever was staged and not named."""

    def __init__(self, root: Path) -> None:
        self._files = StagedFiles(root)
        self._staged: dict[tuple[tuple[str, ...], str], ActivityFile] = {}

    @property
    def staged(self) -> int:
        return len(self._staged)

    def stage(self, prepared: ActivityFile) -> None:
        """Write the file, hidden. Raises OutsideLedger, NotAFolder or OSError."""
        location = prepared.location
        self._files.stage(*location, prepared.data)
        self._staged[location] = prepared

    def share(self) -> None:
        """Before forking worker processes: let them stage files (`stage_shared`)."""
        self._files.share((ACTIVITIES_DIR,))

    def stage_shared(self, prepared: ActivityFile) -> bool | None:
        """In a worker process forked after `share`: write the file, hidden, for this
        batch to `adopt`. False when it is staged already (the same name, by another row);
        None when it is not staged (then `stage` it)."""
        return self._files.stage_shared(*prepared.location, prepared.data)

    def adopt(self, prepared: ActivityFile) -> None:
        """Count as staged a file a worker process staged (`stage_shared`)."""
        location = prepared.location
        self._files.adopt(*location, prepared.data)
        self._staged[location] = prepared

    def publish(self) -> Iterator[tuple[ActivityFile, bool]]:
        """Name every staged file; yields each with whether it got its name (False: the
        very same activity was logged meanwhile). Raises NameTaken (different content under
        the same name), OutsideLedger, NotAFolder or OSError."""
        for parts, name, outcome in self._files.publish():
            prepared = self._staged[parts, name]
            if outcome == Outcome.NAMED:
                yield prepared, True
            elif find_existing(prepared) is None:  # gone again since
                raise NameTaken(prepared.path)
            else:
                yield prepared, False

    def __enter__(self) -> ActivityBatch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._files.close()
