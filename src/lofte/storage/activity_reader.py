"""Reading one activity file on its own: what it holds, as a record of the parse cache.

The careful way parses with the located YAML reader and validates with pydantic; the usual
file takes a faster way that gives the same record (`SIMPLE_READER`, `COMMON_CHECK`).
Imported by the loader only when a file must be read.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from lofte import messages as m
from lofte.domain.common_activity import common_activities
from lofte.domain.layout import CachedActivity, LocalFinding, Record, Stamp
from lofte.domain.models import activity_fields
from lofte.domain.references import item_prefix
from lofte.domain.validation import check_privacy, validate_activity_document
from lofte.i18n import _
from lofte.storage import simpleyaml
from lofte.storage.located import Positions, read_yaml
from lofte.storage.textfile import TextFile

_NO_STAMP: Stamp = (-1, -1, -1, -1)


# The reader for the common form of an activity file (None: only the careful reader). Both
# give the same data; tests/test_fast_paths.py holds them together. Its patterns are
# compiled on first use, never on a warm run.
SIMPLE_READER: Callable[[str], Any] | None = simpleyaml.parse_simple

# The check of the common activity in plain Python (None: only the careful path, pydantic's).
# Both give the same record; tests/test_common_activity.py holds them together.
COMMON_CHECK: Callable[[Any], tuple[CachedActivity, ...] | None] | None = common_activities


def read_activity_file(path: str, stamp: Stamp | None,
                       read: TextFile | None = None) -> tuple[Record, str | None]:
    """What one activity file gives on its own, as a cache record for `stamp`, and its
    text (None when it could not be read). `read`: what `read_text` gave for it, when it
    has been read already (`parallel.read_in_workers` reads a chunk's files first)."""
    found: list[LocalFinding] = []
    loaded = read_yaml(path, _(m.EMPTY_ACTIVITY_FILE), found, SIMPLE_READER,
                       listed_regular=stamp is not None, read=read)
    if loaded is None:
        return (stamp or _NO_STAMP, 0, tuple(found), (), ()), None
    text, data = loaded
    common = COMMON_CHECK(data) if COMMON_CHECK is not None else None
    if common is not None:  # valid, and nothing to say: what the careful path gives
        return (stamp or _NO_STAMP, len(common), tuple(found), common, ()), text
    doc = validate_activity_document(data)
    for activity, index in doc.valid:
        doc.issues.extend(check_privacy(activity, item_prefix(index)))
    if doc.issues:
        found.extend(Positions(path, text).locate(doc.issues))
    activities = tuple((index, activity_fields(activity)) for activity, index in doc.valid)
    salvaged = tuple((index, refs.date.toordinal() if refs.date else None, refs.commitments,
                      refs.by) for refs, index in doc.salvaged)
    return (stamp or _NO_STAMP, doc.written, tuple(found), activities, salvaged), text
