"""The tuples of the hot path: their shapes, and a name for each of their positions.

A ledger of 100,000 activities is loaded as plain tuples, not objects with attributes: a
tuple is made and read in C, and `marshal` (the parse cache, `lofte.storage.cache`) stores
plain tuples and nothing else, not even a NamedTuple. So the tuples stay plain, and this
module is the one place that knows which position holds what. Everywhere else reads a
position by its name, `fields[FIELD_DATE]`, never `fields[0]`. The names are `Final`
integers: mypy knows the type at each position, and at run time an index by name costs
what an index by number does.

When a shape changes, change its alias and its names here together; tests/test_layout.py
checks that the names match the aliases (and `FIELD_*` the fields of `Activity`, in
order), and the parse cache derives its checks of what it reads from the aliases.
"""

from __future__ import annotations

from typing import Final

from lofte.domain.findings import FindingCode, Severity

# --- an activity ------------------------------------------------------------------------

# An activity as a tuple of plain values, in the order of `models.ACTIVITY_FIELDS` (the
# fields of `Activity`), with the date as its proleptic Gregorian ordinal and lists as
# tuples: how the parse cache stores it, and how a loaded ledger holds it until a command
# asks for the whole activity (`models.activity_fields`, `models.activity_from_fields`).
ActivityFields = tuple[int, tuple[str, ...], str, tuple[str, ...] | None, str | None,
                       int | None, float | None, tuple[str, ...], tuple[str, ...], bool, bool]
FIELD_DATE: Final = 0  # the date's ordinal (`dt.date.toordinal`)
FIELD_COMMITMENT: Final = 1
FIELD_SUMMARY: Final = 2
FIELD_BY: Final = 3
FIELD_PLACE: Final = 4
FIELD_PEOPLE_REACHED: Final = 5
FIELD_HOURS: Final = 6
FIELD_TAGS: Final = 7
FIELD_LINKS: Final = 8
FIELD_PUBLIC: Final = 9
FIELD_PLANNED: Final = 10  # a plan, not a deed: never counted

# --- what identifies a file's content without reading it ----------------------------------

# (size, mtime_ns, inode, ctime_ns). The ctime catches an edit whose size and mtime were
# put back (`touch -r`, `os.utime`).
Stamp = tuple[int, int, int, int]
STAMP_SIZE: Final = 0
STAMP_MTIME_NS: Final = 1
STAMP_INODE: Final = 2
STAMP_CTIME_NS: Final = 3

# --- the parse cache's record of one activity file ----------------------------------------

# A finding in the file, before it has the file's path.
LocalFinding = tuple[int, int, Severity, FindingCode, str]
LOCAL_LINE: Final = 0
LOCAL_COLUMN: Final = 1
LOCAL_SEVERITY: Final = 2
LOCAL_CODE: Final = 3
LOCAL_MESSAGE: Final = 4

# A valid activity of the file.
CachedActivity = tuple[int | None, ActivityFields]
CACHED_INDEX: Final = 0  # its index in the file; None for a file holding one mapping
CACHED_FIELDS: Final = 1

# What an invalid activity still names, to check against commitments.yaml on every run.
SalvagedRefs = tuple[int | None, int | None, tuple[str, ...], tuple[str, ...]]
SALVAGED_INDEX: Final = 0
SALVAGED_DAY: Final = 1  # the date's ordinal; None when the date is invalid
SALVAGED_COMMITMENTS: Final = 2
SALVAGED_BY: Final = 3

# Everything one activity file gives on its own.
Record = tuple[Stamp, int, tuple[LocalFinding, ...], tuple[CachedActivity, ...],
               tuple[SalvagedRefs, ...]]
RECORD_STAMP: Final = 0
RECORD_WRITTEN: Final = 1  # how many activities the file holds, valid or not
RECORD_FINDINGS: Final = 2
RECORD_ACTIVITIES: Final = 3
RECORD_SALVAGED: Final = 4

# --- the parse cache's part of one folder -------------------------------------------------

# A folder whose every entry is a regular file or a plain folder, every activity file of it
# cacheable and without salvaged references: what a warm run needs of it, as columns, so
# that checking it and using it costs no Python object per file. The arrays are stored as
# their bytes (machine order, like the rest of the cache): `array('q')` for the stamps,
# `array('i')` for the activity columns, `array('b')` for `planned`.
FolderPart = tuple[str, bytes, int, int, bytes, bytes, bytes, bytes,
                   tuple[tuple[str, ...], ...], tuple[tuple[int, tuple[LocalFinding, ...]], ...]]
PART_NAMES: Final = 0  # the folder's names, hidden ones left out, sorted, joined by NUL
PART_STAMPS: Final = 1  # per name: `FOLDER_STAT_FIELDS`, from `lstat`
PART_FILES: Final = 2  # how many of the names are activity files
PART_WRITTEN: Final = 3  # how many activities its files hold, valid or not
PART_DAYS: Final = 4  # per valid activity, by PART_COMMITMENTS and then by date: its date's
# ordinal (`activities.DatedColumns`; the order of the files is in the records)
PART_COMMITMENTS: Final = 5  # ... its commitment ids, as an index into PART_TABLE
PART_BY: Final = 6  # ... its `by`, as an index into PART_TABLE; -1 when it has none
PART_PLANNED: Final = 7  # ... 1 for a plan, 0 for a deed
PART_TABLE: Final = 8  # the distinct tuples of ids the activities name
PART_FINDINGS: Final = 9  # (the index of a name, its findings), for files with any

# What a folder part keeps of each name's `lstat`, in this order.
FOLDER_STAT_FIELDS: Final = ("st_size", "st_mtime_ns", "st_ino", "st_ctime_ns", "st_mode")

# The names of the positions of each shape, in order, for the tests that hold the names
# and the aliases together.
POSITIONS: Final[dict[str, tuple[str, ...]]] = {
    "ActivityFields": ("FIELD_DATE", "FIELD_COMMITMENT", "FIELD_SUMMARY", "FIELD_BY",
                       "FIELD_PLACE", "FIELD_PEOPLE_REACHED", "FIELD_HOURS", "FIELD_TAGS",
                       "FIELD_LINKS", "FIELD_PUBLIC", "FIELD_PLANNED"),
    "Stamp": ("STAMP_SIZE", "STAMP_MTIME_NS", "STAMP_INODE", "STAMP_CTIME_NS"),
    "LocalFinding": ("LOCAL_LINE", "LOCAL_COLUMN", "LOCAL_SEVERITY", "LOCAL_CODE",
                     "LOCAL_MESSAGE"),
    "CachedActivity": ("CACHED_INDEX", "CACHED_FIELDS"),
    "SalvagedRefs": ("SALVAGED_INDEX", "SALVAGED_DAY", "SALVAGED_COMMITMENTS",
                     "SALVAGED_BY"),
    "Record": ("RECORD_STAMP", "RECORD_WRITTEN", "RECORD_FINDINGS", "RECORD_ACTIVITIES",
               "RECORD_SALVAGED"),
    "FolderPart": ("PART_NAMES", "PART_STAMPS", "PART_FILES", "PART_WRITTEN", "PART_DAYS",
                   "PART_COMMITMENTS", "PART_BY", "PART_PLANNED", "PART_TABLE",
                   "PART_FINDINGS"),
}
