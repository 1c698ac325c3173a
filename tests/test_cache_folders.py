"""The parse cache's folder parts: a warm run that takes an unchanged folder from its
columns gives exactly what the careful way gives (the same findings in the same order, the
same activities, the same status), after every kind of change to the ledger, on the run
that notices the change and on the one after; the records of the files are not touched
when nothing changed; and a folder part that is not sound makes the cache unused."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from array import array
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lofte.domain.activities import Activities, DatedColumns
from lofte.domain.coverage import compute_status, index_dates
from lofte.domain.layout import (
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
)
from lofte.domain.ledger import RecordedActivity
from lofte.storage import cache
from lofte.storage.loader import LoadResult, load_ledger
from tests.conftest import Invoke
from tests.test_cache import _age, _rewrite, _split, cache_files, generate

PHONE = ("date: 2024-05-02\ncommitment: fotpatrullering\n"
         "summary: Ring 070-123 45 67 om du ser något.\n")
PLAN = "date: 2025-12-30\ncommitment: skolbesok\nsummary: Skolbesök.\nplanned: true\n"
UNKNOWN = "date: 2024-05-03\ncommitment: nope\nsummary: Något.\n"
SOME = "date: 2024-05-04\ncommitment: [vaktare, skolbesok]\nby: polisen\nsummary: Några.\n"


def _ledger(tmp_path: Path) -> Path:
    root = tmp_path / "ledger"
    generate(120, root)
    (root / "activities" / "2024" / "phone.yaml").write_text(PHONE, encoding="utf-8")
    _age(root)
    return root


def _files(root: Path) -> list[Path]:
    return sorted(p for p in (root / "activities").rglob("*.yaml") if p.is_file())


def _write_aged(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9))


def _edit(root: Path) -> None:
    path = _files(root)[3]
    path.write_text(path.read_text(encoding="utf-8").replace("summary:", "summary: Ändrad,"),
                    encoding="utf-8")


def _edit_same_size_and_time(root: Path) -> None:
    path = _files(root)[5]
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("date: 2023", "date: 2019", 1)
                    .replace("date: 2024", "date: 2019", 1)
                    .replace("date: 2025", "date: 2019", 1), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))


def _add(root: Path) -> None:
    _write_aged(root / "activities" / "2024" / "added.yaml", SOME)


def _remove(root: Path) -> None:
    _files(root)[7].unlink()


def _rename(root: Path) -> None:
    path = _files(root)[9]
    path.rename(path.with_name("renamed.yaml"))


def _new_folder(root: Path) -> None:
    _write_aged(root / "activities" / "extra" / "deeper" / "x.yaml", SOME)


def _link_inside(root: Path) -> None:
    (root / "activities" / "2024" / "link.yaml").symlink_to(_files(root)[0])


def _link_outside(root: Path) -> None:
    outside = root.parent / "outside.yaml"
    outside.write_text(SOME, encoding="utf-8")
    (root / "activities" / "2023" / "out.yaml").symlink_to(outside)


def _link_retargeted(root: Path) -> None:
    """A link inside the ledger whose target changes: the link's own lstat does not."""
    first, second = _files(root)[:2]
    link = root / "activities" / "2025" / "via.yaml"
    link.symlink_to(first)
    _age(root)
    load_ledger(root, dt.date(2026, 1, 15), root.parent / "cache-home" / "lofte")
    shutil.copyfile(second, first)


def _racy(root: Path) -> None:
    (root / "activities" / "2023" / "now.yaml").write_text(SOME, encoding="utf-8")


def _yaml_folder(root: Path) -> None:
    (root / "activities" / "2024" / "odd.yaml").mkdir()


def _plan(root: Path) -> None:
    _write_aged(root / "activities" / "2025" / "plan.yaml", PLAN)


def _unknown(root: Path) -> None:
    _write_aged(root / "activities" / "2023" / "unknown.yaml", UNKNOWN)


def _hidden_and_other(root: Path) -> None:
    _write_aged(root / "activities" / "2024" / ".hidden.yaml", UNKNOWN)
    _write_aged(root / "activities" / "2024" / "README.txt", "notes")


def _commitments_changed(root: Path) -> None:
    path = root / "commitments.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("id: vaktare", "id: vakt"),
                    encoding="utf-8")


CHANGES: dict[str, Callable[[Path], None]] = {
    "nothing": lambda root: None,
    "an edit": _edit,
    "an edit with size and time put back": _edit_same_size_and_time,
    "a file added": _add,
    "a file removed": _remove,
    "a file renamed": _rename,
    "a folder added": _new_folder,
    "a link inside": _link_inside,
    "a link outside": _link_outside,
    "a link whose target changes": _link_retargeted,
    "a racy file": _racy,
    "a folder with a yaml name": _yaml_folder,
    "a plan": _plan,
    "an unknown commitment": _unknown,
    "a hidden file and another": _hidden_and_other,
    "commitments.yaml changed": _commitments_changed,
}


def _same(got: LoadResult, expected: LoadResult, as_of: dt.date) -> None:
    assert got.findings == expected.findings
    assert (got.files, got.commitments, got.activities) == \
        (expected.files, expected.commitments, expected.activities)
    if expected.ledger is None:
        assert got.ledger is None
        return
    assert got.ledger is not None
    # the status first: from the columns, before the activities are made
    assert compute_status(got.ledger, as_of) == compute_status(expected.ledger, as_of)
    assert index_dates(got.ledger.entries) == index_dates(tuple(expected.ledger.entries))
    assert len(got.ledger.entries) == len(expected.ledger.entries)
    assert got.ledger.entries == expected.ledger.entries
    assert got.ledger.plans == expected.ledger.plans
    assert [e.activity for e in got.ledger.entries] == \
        [e.activity for e in expected.ledger.entries]


@pytest.mark.parametrize("today", [dt.date(2026, 1, 15), dt.date(2025, 6, 1)])
@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_the_warm_way_gives_what_the_careful_way_gives(
        change: Callable[[Path], None], today: dt.date, tmp_path: Path) -> None:
    root = _ledger(tmp_path)
    directory = tmp_path / "cache-home" / "lofte"
    load_ledger(root, today, directory)  # cold: writes the cache
    change(root)
    expected = load_ledger(root, today)
    as_of = min(today, dt.date(2025, 12, 31))
    _same(load_ledger(root, today, directory), expected, as_of)  # notices the change
    _same(load_ledger(root, today, directory), expected, as_of)  # from the cache it wrote


def test_an_unchanged_ledger_is_loaded_without_its_records(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _ledger(tmp_path)
    directory = tmp_path / "cache-home" / "lofte"
    today = dt.date(2026, 1, 15)
    expected = load_ledger(root, today, directory)
    path = cache.cache_file(directory, root)
    written = path.stat().st_mtime_ns
    asked: list[bool] = []
    records = cache.StoredCache.records

    def spy(self: cache.StoredCache) -> cache.Records:
        asked.append(True)
        return records(self)

    monkeypatch.setattr(cache.StoredCache, "records", spy)
    got = load_ledger(root, today, directory)
    assert asked == []
    assert path.stat().st_mtime_ns == written  # not written again
    assert got.ledger is not None and expected.ledger is not None
    assert compute_status(got.ledger, today) == compute_status(expected.ledger, today)
    assert asked == []
    assert got.ledger.entries == expected.ledger.entries  # the activities made now
    assert asked  # once per folder, read once


def test_a_folder_with_a_finding_keeps_it_in_its_part(tmp_path: Path) -> None:
    root = _ledger(tmp_path)
    directory = tmp_path / "cache-home" / "lofte"
    cold = load_ledger(root, dt.date(2026, 1, 15), directory)
    parts, _records = _split(cache.cache_file(directory, root), root)
    assert set(parts) == {"", "2023/", "2024/", "2025/"}
    assert parts["2024/"][PART_FINDINGS]
    assert [f.code for f in cold.findings] == ["personal-data"]


def test_forged_records_under_sound_parts_are_never_used(tmp_path: Path,
                                                         invoke: Invoke,
                                                         cache_home: Path) -> None:
    """Records that fail their check, with folder parts that pass theirs: the status comes
    from the parts, and the activities, when asked for, from the files themselves."""
    root = _ledger(tmp_path)
    before = {command: invoke(*command, cwd=root) for command in
              (("status", "--as-of", "2025-06-01"), ("show", "vaktare", "--as-of", "2025-06-01"))}
    (path,) = cache_files(cache_home)
    parts, records = _split(path, root)
    key = next(iter(records))
    records[key] = (1, 2, 3, 4, 5)  # type: ignore[assignment]
    _rewrite(path, root, parts, records)
    assert cache.read_records(path, root) == {}
    for command, done in before.items():
        again = invoke(*command, cwd=root)
        assert (again.exit_code, again.stdout) == (done.exit_code, done.stdout)


def _set(position: int, value: object) -> Callable[[dict[str, Any]], None]:
    def change(parts: dict[str, Any]) -> None:
        part = list(parts["2024/"])
        part[position] = value
        parts["2024/"] = tuple(part)
    return change


def _array(kind: str, values: list[int]) -> bytes:
    return array(kind, values).tobytes()


PART_FORGERIES: dict[str, Callable[[dict[str, Any]], object]] = {
    "not a dict": lambda parts: list(parts.items()),
    "a key that is not text": lambda parts: {1: parts["2024/"]},
    "a part too short": lambda parts: {"2024/": parts["2024/"][:-1]},
    "names that are not text": _set(PART_NAMES, ("a.yaml",)),
    "stamps of another length": _set(PART_STAMPS, b"\0" * 8),
    "more files than names": _set(PART_FILES, 10**6),
    "a negative count": _set(PART_WRITTEN, -1),
    "days that are not whole ints": _set(PART_DAYS, b"\0\0\0"),
    "a day after 9999": _set(PART_DAYS, _array("i", [dt.date.max.toordinal() + 1] * 2)),
    "columns of different lengths": _set(PART_COMMITMENTS, b""),
    "an index beyond the table": _set(PART_COMMITMENTS, _array("i", [10**6] * 2)),
    "a negative index": _set(PART_COMMITMENTS, _array("i", [-1] * 2)),
    "commitments not grouped": _set(PART_COMMITMENTS, _array("i", [1, 0])),
    "a by beyond the table": _set(PART_BY, _array("i", [10**6] * 2)),
    "planned that is not 0 or 1": _set(PART_PLANNED, _array("b", [2] * 2)),
    "a table of numbers": _set(PART_TABLE, ((1,),)),
    "a finding of another name": _set(PART_FINDINGS, ((10**6, ()),)),
    "a finding at line 0": _set(PART_FINDINGS, ((0, ((0, 1, "warning", "personal-data",
                                                      "x"),)),)),
    "a bogus finding code": _set(PART_FINDINGS, ((0, ((1, 1, "warning", "no-such", "x"),)),)),
}


@pytest.mark.parametrize("forgery", PART_FORGERIES.values(), ids=PART_FORGERIES.keys())
def test_a_forged_folder_part_makes_the_cache_unused(
        forgery: Callable[[dict[str, Any]], object], tmp_path: Path,
        cache_home: Path) -> None:
    root = tmp_path / "small"
    (root / "activities" / "2024").mkdir(parents=True)
    shutil.copyfile(_ledger(tmp_path) / "commitments.yaml", root / "commitments.yaml")
    (root / "activities" / "2024" / "a.yaml").write_text(PHONE, encoding="utf-8")
    (root / "activities" / "2024" / "b.yaml").write_text(SOME, encoding="utf-8")
    _age(root)
    directory = cache_home / "lofte"
    today = dt.date(2026, 1, 15)
    expected = load_ledger(root, today)
    load_ledger(root, today, directory)
    path = cache.cache_file(directory, root)
    parts, records = _split(path, root)
    forged = forgery(parts)
    _rewrite(path, root, parts if forged is None else forged, records)
    assert cache.read_cache(path, root).columns == {}
    _same(load_ledger(root, today, directory), expected, today)
    assert set(_split(path, root)[0]) == {"", "2024/"}  # rebuilt


def test_activities_are_made_once_and_equal_their_tuple() -> None:
    made: list[int] = []
    first = RecordedActivity.__new__(RecordedActivity)
    first.date, first.commitment = dt.date(2024, 1, 2), ("a", "b", "a")
    first.path, first.index = "x.yaml", None
    second = RecordedActivity.__new__(RecordedActivity)
    second.date, second.commitment = dt.date(2024, 1, 1), ("b",)
    second.path, second.index = "y.yaml", None

    def make() -> list[RecordedActivity]:
        made.append(1)
        return [second]

    activities = Activities()
    activities.add([first])
    activities.defer(DatedColumns(array("i", [second.date.toordinal()]), array("i", [0]),
                                  (("b",),)), make)
    assert len(activities) == 2 and made == []
    assert activities.dates_by_commitment() == index_dates((first, second))
    assert made == []
    assert activities == (first, second) and activities[1] is second and made == [1]
    assert list(activities) == [first, second] and made == [1]
