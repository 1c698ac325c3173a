"""Writing one new activity file: its text, its name, and its creation, whole or not at all.

The text has the contract's keys in the contract's order, å/ä/ö written as they are, a
long summary folded over several lines (`>-`), and at the top a modeline for editors
(`# yaml-language-server: $schema=...`) when a `schemas/activity.schema.json` is found
above the ledger. Before anything is written the text is read back with the ledger's own
reader and must give the very same activity.

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
`.lofte-*.tmp` belongs in .gitignore.)

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
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, Final

from pydantic import ValidationError
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from lofte.domain.models import ACTIVITY_FIELDS, Activity
from lofte.storage.atomic import create_new_file_inside
from lofte.storage.boundary import open_folder, read_regular_at
from lofte.storage.discovery import ACTIVITIES_DIR
from lofte.storage.yamlsafe import parse_yaml

LINE_WIDTH: Final = 88
FOLD_INDENT: Final = "  "
SCHEMAS_DIR: Final = "schemas"
ACTIVITY_SCHEMA: Final = "activity.schema.json"
MODELINE: Final = "# yaml-language-server: $schema={reference}\n"
HASH_DIGITS: Final = 6
_LINE_BREAKS: Final = frozenset("\n\r\x85\u2028\u2029")
_ESCAPES: Final = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}
# Plain in a flow list only when clearly safe: a letter or digit first, and none of the
# characters that mean something in flow context or to an older YAML reader.
_PLAIN_IN_FLOW: Final = re.compile(r"[^\W_](?:[\w.()/+=~-]| (?! |$))*", re.UNICODE)
TEMP_PREFIX: Final = ".lofte-"
TEMP_SUFFIX: Final = ".tmp"


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
    lines = [MODELINE.format(reference=schema_reference)] if schema_reference else []
    for name in ACTIVITY_FIELDS:
        value = getattr(activity, name)
        if value is None or value == [] or (name == "planned" and not value):
            continue  # (`planned: true` only: a deed's file is as it was before plans)
        lines.append(_render_field(name, value))
    return "".join(lines)


def _render_field(name: str, value: Any) -> str:
    if isinstance(value, bool):
        return f"{name}: {'true' if value else 'false'}\n"
    if isinstance(value, int):
        return f"{name}: {value}\n"
    if isinstance(value, float):
        return f"{name}: {_number(value)}\n"
    if isinstance(value, dt.date):
        return f"{name}: {value.isoformat()}\n"
    if name == "commitment" and len(value) == 1:
        value = value[0]
    if isinstance(value, list):
        return f"{name}: [{', '.join(_flow_item(item) for item in value)}]\n"
    return _text_field(name, value)


def _text_field(name: str, text: str) -> str:
    """A text value in block context: as ruamel.yaml writes it (plain where it can be),
    folded when long, double-quoted when anything else would not read back the same."""
    if not any(ch in _LINE_BREAKS for ch in text):
        line = _dump(name, text)
        if len(line) > LINE_WIDTH + 1:
            folded = _folded(name, text)
            if folded is not None and _reads_back(folded, {name: text}):
                return folded
        if _reads_back(line, {name: text}):
            return line
    return f"{name}: {double_quoted(text)}\n"


def _flow_item(text: str) -> str:
    """An item of a `[a, b]` list: plain when plainly safe, else double-quoted."""
    if _PLAIN_IN_FLOW.fullmatch(text) and _reads_back(f"[{text}]", [text]):
        return text
    return double_quoted(text)


def _reads_back(yaml_text: str, expected: Any) -> bool:
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
    return format(Decimal(repr(value)), "f")


@functools.cache
def _emitter() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 1_000_000  # one line per value; long summaries are folded by _folded
    yaml.allow_unicode = True
    return yaml


def _dump(name: str, value: Any) -> str:
    """`name: value` as ruamel.yaml writes it: quoted exactly when YAML needs it."""
    mapping = CommentedMap()
    mapping[name] = value
    out = io.StringIO()
    _emitter().dump(mapping, out)
    return out.getvalue()


def _folded(name: str, text: str) -> str | None:
    """`name: >-` and the text wrapped at spaces, or None when folding would change it."""
    foldable = (text == text.strip() and "  " not in text and "\ufeff" not in text
                and all(ch.isprintable() for ch in text))
    if not foldable:
        return None
    room = LINE_WIDTH - len(FOLD_INDENT)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > room:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return f"{name}: >-\n" + "".join(f"{FOLD_INDENT}{line}\n" for line in lines)


def verify_round_trip(text: str, activity: Activity) -> None:
    """Read `text` as `lofte check` would; it must be exactly `activity`."""
    parsed = parse_yaml(text)
    if parsed.problems or not isinstance(parsed.value, dict):
        raise RoundTripError(f"the YAML written for this activity does not parse: "
                             f"{[p.message for p in parsed.problems]}")
    try:
        loaded = Activity.model_validate(parsed.value)
    except ValidationError as exc:
        raise RoundTripError(f"the YAML written for this activity does not validate: "
                             f"{exc}") from None
    if loaded != activity:
        raise RoundTripError("the YAML written for this activity reads back differently")


# --- the name and the modeline ------------------------------------------------------

def content_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_DIGITS]


def activity_file_name(activity: Activity, text: str) -> str:
    return f"{activity.date.isoformat()}-{activity.commitment[0]}-{content_hash(text)}.yaml"


def activity_folder(root: Path, activity: Activity) -> Path:
    return root / ACTIVITIES_DIR / f"{activity.date.year:04d}"


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


@dataclass(frozen=True, slots=True)
class ActivityFile:
    """A file about to be written: where, and what."""

    path: Path
    text: str
    root: Path  # the ledger; `path` lies below it

    @property
    def data(self) -> bytes:
        return self.text.encode("utf-8")


def prepare_activity_file(root: Path, activity: Activity) -> ActivityFile:
    """Text and path of the new file, proven to load back as `activity`. Writes nothing."""
    folder = activity_folder(root, activity)
    text = render_activity(activity, schema_reference(root, folder))
    verify_round_trip(text, activity)
    return ActivityFile(folder / activity_file_name(activity, text), text, root)


def find_existing(prepared: ActivityFile) -> Path | None:
    """The file already holding this very activity, if there is one. Raises NameTaken
    when the name is used by different content, or by anything that is not a regular file
    (a pipe or a link to a device is never opened to be read), and OutsideLedger or
    NotAFolder when the way to it leaves the ledger."""
    folder_parts, name = _location(prepared)
    data = prepared.data
    try:
        with open_folder(prepared.root, folder_parts, create=False) as (folder, _created):
            existing = read_regular_at(folder, name, len(data))
    except FileNotFoundError:
        return None
    if existing == data:
        return prepared.path
    raise NameTaken(prepared.path, regular=existing is not None)


def _location(prepared: ActivityFile) -> tuple[tuple[str, ...], str]:
    relative = prepared.path.relative_to(prepared.root)
    return relative.parent.parts, relative.name


# --- creating the file --------------------------------------------------------------

def create_activity_file(prepared: ActivityFile) -> Path:
    """Create the file whole, or not at all; never replace or open an existing file.

    Raises AlreadyLogged (same content already there), NameTaken (different content under
    the same name) or OSError.
    """
    folder_parts, name = _location(prepared)
    try:
        create_new_file_inside(prepared.root, folder_parts, name, prepared.data,
                               temp_prefix=TEMP_PREFIX, temp_suffix=TEMP_SUFFIX)
    except FileExistsError:
        if find_existing(prepared) is not None:
            raise AlreadyLogged(prepared.path) from None
        raise NameTaken(prepared.path) from None
    return prepared.path
