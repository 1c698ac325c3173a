"""The tuples of the hot path: the names of their positions match their shapes and the
fields of an activity, and a parse cache record means what its names say, also after
`marshal` (what the cache file holds) has taken it apart and put it together again."""

from __future__ import annotations

import datetime as dt
import marshal
from pathlib import Path
from typing import get_args

import pytest

from lofte.domain import layout
from lofte.domain.models import ACTIVITY_FIELDS, Activity, activity_fields, activity_from_fields
from lofte.storage import cache
from lofte.storage.activity_reader import read_activity_file

FULL = Activity(date=dt.date(2024, 3, 14), commitment=["fotpatrullering", "skolbesok"],
                summary="Fotpatrull vid torget.", by=["polisen"], place="Torget",
                people_reached=40, hours=2.5, tags=["kväll"], links=["https://x.se/1"],
                public=False)


def test_activity_positions_follow_the_fields_of_an_activity() -> None:
    names = layout.POSITIONS["ActivityFields"]
    assert names == tuple(f"FIELD_{field.upper()}" for field in ACTIVITY_FIELDS)


@pytest.mark.parametrize("shape", layout.POSITIONS)
def test_each_shape_names_every_position_once_in_order(shape: str) -> None:
    names = layout.POSITIONS[shape]
    assert [getattr(layout, name) for name in names] == list(range(len(names)))
    assert len(get_args(getattr(layout, shape))) == len(names)


def test_every_position_name_of_the_module_belongs_to_a_shape() -> None:
    prefixes = ("FIELD_", "STAMP_", "LOCAL_", "CACHED_", "SALVAGED_", "RECORD_", "PART_")
    defined = {name for name in vars(layout) if name.startswith(prefixes)}
    assert defined == {name for names in layout.POSITIONS.values() for name in names}


def test_an_activity_read_by_position_names_is_the_activity() -> None:
    fields = activity_fields(FULL)
    for name in ACTIVITY_FIELDS:
        value = fields[getattr(layout, f"FIELD_{name.upper()}")]
        expected = getattr(FULL, name)
        if name == "date":
            expected = expected.toordinal()
        elif isinstance(expected, list):
            expected = tuple(expected)
        assert value == expected, name
    assert activity_from_fields(fields) == FULL
    assert activity_from_fields(marshal.loads(marshal.dumps(fields))) == FULL


def test_a_cache_record_read_by_position_names(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("- date: 2024-03-14\n  commitment: fotpatrullering\n"
                    "  summary: Ring 070-123 45 67.\n"
                    "- date: 2024-03-15\n  commitment: [skolbesok]\n  by: polisen\n"
                    "  summary: 12\n", encoding="utf-8")
    info = path.stat()
    stamp = (info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns)
    record, text = read_activity_file(str(path), stamp)
    assert text is not None
    again = marshal.loads(marshal.dumps(record))
    assert again == record
    assert cache.valid_record(again)

    assert again[layout.RECORD_STAMP] == stamp
    assert again[layout.RECORD_STAMP][layout.STAMP_MTIME_NS] == info.st_mtime_ns
    assert again[layout.RECORD_WRITTEN] == 2
    (kept,) = again[layout.RECORD_ACTIVITIES]
    assert kept[layout.CACHED_INDEX] == 0
    assert kept[layout.CACHED_FIELDS][layout.FIELD_SUMMARY] == "Ring 070-123 45 67."
    (salvaged,) = again[layout.RECORD_SALVAGED]
    assert salvaged[layout.SALVAGED_INDEX] == 1
    assert salvaged[layout.SALVAGED_DAY] == dt.date(2024, 3, 15).toordinal()
    assert salvaged[layout.SALVAGED_COMMITMENTS] == ("skolbesok",)
    assert salvaged[layout.SALVAGED_BY] == ("polisen",)
    codes = {(f[layout.LOCAL_CODE], f[layout.LOCAL_SEVERITY], f[layout.LOCAL_LINE])
             for f in again[layout.RECORD_FINDINGS]}
    assert codes == {("personal-data", "warning", 3), ("wrong-type", "error", 7)}
    assert all(f[layout.LOCAL_MESSAGE] and f[layout.LOCAL_COLUMN] >= 1
               for f in again[layout.RECORD_FINDINGS])
