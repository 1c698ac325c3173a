"""The parse cache: same findings with and without it, picked-up changes, and a cache that
is never trusted when it is missing, torn, corrupt or foreign, and never makes lofte fail."""

from __future__ import annotations

import datetime as dt
import errno
import hashlib
import json
import marshal
import os
import shutil
import struct
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from lofte.domain.layout import (
    CACHED_FIELDS,
    CACHED_INDEX,
    FIELD_COMMITMENT,
    FIELD_DATE,
    FIELD_HOURS,
    FIELD_PEOPLE_REACHED,
    FIELD_PUBLIC,
    FIELD_SUMMARY,
    LOCAL_CODE,
    LOCAL_LINE,
    LOCAL_SEVERITY,
    RECORD_ACTIVITIES,
    RECORD_FINDINGS,
    RECORD_SALVAGED,
    RECORD_STAMP,
    RECORD_WRITTEN,
)
from lofte.storage import cache
from lofte.storage.loader import load_ledger
from tests.conftest import Invoke, MakeLedger

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import generate

TESTS = Path(__file__).parent
LEDGERS = sorted(p.parent for p in [*TESTS.glob("errors/*/commitments.yaml"),
                                    *TESTS.glob("examples/*/*/commitments.yaml")])

_TODAY = dt.date(2025, 6, 1)
OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"


def cache_files(home: Path) -> list[Path]:
    """The parse caches (not commitments.yaml's validated form, `*.promise`)."""
    folder = home / "lofte"
    return sorted(folder.glob(f"*{cache.SUFFIX}")) if folder.exists() else []


def check_json(invoke: Invoke, root: Path, *extra: str) -> dict[str, object]:
    result = invoke("check", "--format", "json", *extra, cwd=root)
    assert result.exit_code in (0, 1), result.output
    report: dict[str, object] = json.loads(result.stdout)
    return report


@pytest.mark.parametrize("root", LEDGERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_same_findings_with_and_without_the_cache(root: Path, invoke: Invoke,
                                                  cache_home: Path) -> None:
    without = check_json(invoke, root, "--no-cache")
    assert cache_files(cache_home) == []
    cold = check_json(invoke, root)  # reads every file, writes the cache
    warm = check_json(invoke, root)  # from the cache
    assert cold == without
    assert warm == without


def test_same_findings_on_a_generated_ledger(tmp_path: Path, invoke: Invoke,
                                             cache_home: Path) -> None:
    root = tmp_path / "generated"
    generate(300, root)
    # some trouble: an edit that breaks a file, one that refers to nothing, one with a warning
    files = sorted((root / "activities").rglob("*.yaml"))
    files[0].write_text("date: 2024-02-30\ncommitment: [nope]\nsummary: x\n", encoding="utf-8")
    files[1].write_text(OK.replace("Fotpatrull", "Ring 070-123 45 67"), encoding="utf-8")
    files[2].write_text("- " + OK.replace("\n", "\n  ") + "- {date: 2099-01-01}\n",
                        encoding="utf-8")
    _age(root)
    without = check_json(invoke, root, "--no-cache")
    assert check_json(invoke, root) == without
    assert len(cache_files(cache_home)) == 1
    assert check_json(invoke, root) == without
    assert without["ok"] is False


def _age(root: Path) -> None:
    """Make every file older than the cache's "racy" window, as if written long ago."""
    for path in root.rglob("*"):
        os.utime(path, ns=(1_600_000_000 * 10**9, 1_600_000_000 * 10**9),
                 follow_symlinks=False)


def test_changes_are_picked_up(make_ledger: MakeLedger, cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK, "b.yaml": OK.replace("14", "15")})
    _age(root)
    directory = cache_home / "lofte"
    first = load_ledger(root, _TODAY, directory)
    assert first.ok and first.activities == 2
    written = cache.read_records(cache.cache_file(directory, root), root)
    assert sorted(written) == ["a.yaml", "b.yaml"]

    # edited in place, same size, same mtime: the inode is the same too, so only a
    # changed size or time can tell; lofte writes a new size here
    (root / "activities" / "a.yaml").write_text(OK.replace("torget", "torget!"),
                                                encoding="utf-8")
    (root / "activities" / "b.yaml").rename(root / "activities" / "c.yaml")  # renamed
    (root / "activities" / "d.yaml").write_text("date: [\n", encoding="utf-8")  # added
    result = load_ledger(root, _TODAY, directory)
    assert result.ledger is not None
    summaries = sorted(e.activity.summary for e in result.ledger.entries)
    assert summaries == ["Fotpatrull vid torget!.", "Fotpatrull vid torget."]
    assert [(Path(f.path).name, f.code) for f in result.findings] == [("d.yaml", "yaml-syntax")]

    (root / "activities" / "d.yaml").unlink()  # removed
    result = load_ledger(root, _TODAY, directory)
    assert result.ok and result.files == 3


def test_a_file_replaced_by_one_of_the_same_size_and_time_is_read_again(
        make_ledger: MakeLedger, cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK})
    _age(root)
    directory = cache_home / "lofte"
    assert load_ledger(root, _TODAY, directory).ok
    target = root / "activities" / "a.yaml"
    replacement = root / "activities" / ".new"
    replacement.write_text(OK.replace("2024-03-14", "2019-03-14"), encoding="utf-8")
    stat = target.stat()
    os.utime(replacement, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    replacement.replace(target)  # same size and mtime, another inode
    assert [f.code for f in load_ledger(root, _TODAY, directory).findings] == \
        ["date-outside-promise"]


def test_a_recently_changed_file_is_not_cached(make_ledger: MakeLedger,
                                               cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK})  # just written: within the racy window
    directory = cache_home / "lofte"
    assert load_ledger(root, _TODAY, directory).ok
    assert cache.read_records(cache.cache_file(directory, root), root) == {}


def _cache_of(make_ledger: MakeLedger, cache_home: Path) -> tuple[Path, Path]:
    root = make_ledger({"a.yaml": OK, "b.yaml": "summary: [\n"})
    _age(root)
    directory = cache_home / "lofte"
    load_ledger(root, _TODAY, directory)
    path = cache.cache_file(directory, root)
    assert len(cache.read_records(path, root)) == 2
    return root, path


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _flip_last_byte(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[-1] ^= 0xFF
    path.write_bytes(bytes(data))


def _foreign_version(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(f"lofte parse cache\n{cache.FORMAT} ".encode(),
                                               b"lofte parse cache\n9 "))


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(5000))


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _pickle_payload(path: Path) -> None:
    # a valid header and digest over a payload that is not marshal data at all
    data = path.read_bytes()
    header_end = data.index(b"\n", len(cache.MAGIC)) + 1
    header_end = data.index(b"\n", header_end) + 1
    payload = b"\x80\x04\x95cos\nsystem\n(S'touch PWNED'\ntR."
    path.write_bytes(data[:header_end] + hashlib.blake2b(
        payload, digest_size=cache.DIGEST_BYTES).digest() + payload)


def _a_folder(path: Path) -> None:
    path.unlink()
    path.mkdir()


@pytest.mark.parametrize("spoil", [_truncate, _flip_last_byte, _foreign_version, _garbage,
                                   _empty, _pickle_payload, _a_folder])
def test_a_spoilt_cache_is_ignored_and_rebuilt(spoil: object, make_ledger: MakeLedger,
                                               cache_home: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root, path = _cache_of(make_ledger, cache_home)
    expected = load_ledger(root, _TODAY)
    assert callable(spoil)
    spoil(path)
    monkeypatch.chdir(tmp_path)
    result = load_ledger(root, _TODAY, cache_home / "lofte")
    assert result.findings == expected.findings
    assert not (tmp_path / "PWNED").exists()
    if path.is_file():
        assert len(cache.read_records(path, root)) == 2  # rebuilt


def test_the_cache_of_another_ledger_is_not_used(make_ledger: MakeLedger,
                                                 cache_home: Path) -> None:
    _, path = _cache_of(make_ledger, cache_home)
    other = make_ledger({"a.yaml": OK}, name="other")
    shutil.copy(path, cache.cache_file(cache_home / "lofte", other))
    assert cache.read_records(cache.cache_file(cache_home / "lofte", other), other) == {}


def test_no_cache_option_and_environment(make_ledger: MakeLedger, invoke: Invoke,
                                         cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK})
    _age(root)
    for args, env in ((("check", "--no-cache"), {}), (("--no-cache", "check"), {}),
                      (("status", "--no-cache"), {}), (("show", "fot", "--no-cache"), {}),
                      (("check",), {"LOFTE_NO_CACHE": "1"}),
                      (("status",), {"LOFTE_NO_CACHE": "true"})):
        result = invoke(*args, cwd=root, env=env)
        assert result.exit_code == 0, result.output
        assert cache_files(cache_home) == [], args
    assert invoke("status", cwd=root, env={"LOFTE_NO_CACHE": "0"}).exit_code == 0
    assert len(cache_files(cache_home)) == 1


def test_the_cache_lives_in_xdg_cache_home_else_home(tmp_path: Path) -> None:
    assert cache.default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "lofte"
    home = Path.home()
    assert cache.default_cache_dir({}) == home / ".cache" / "lofte"
    assert cache.default_cache_dir({"XDG_CACHE_HOME": "relative"}) == home / ".cache" / "lofte"
    name = cache.cache_file(tmp_path, tmp_path / "x").name
    assert name == cache.cache_file(tmp_path, tmp_path / "y" / ".." / "x").name
    assert len(name) == 32 + len(cache.SUFFIX)


def test_an_unwritable_cache_never_fails_a_command(make_ledger: MakeLedger, invoke: Invoke,
                                                   cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK})
    _age(root)
    (cache_home / "lofte").write_text("a file where the folder should be")
    result = invoke("check", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_a_full_disk_while_writing_the_cache_is_silent(make_ledger: MakeLedger,
                                                       cache_home: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger({"a.yaml": OK})
    _age(root)

    def full(*_: object) -> int:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(cache.os, "write", full)
    result = load_ledger(root, _TODAY, cache_home / "lofte")
    assert result.ok and result.activities == 1
    assert cache_files(cache_home) == []  # no temporary file left behind either


def test_stale_temporary_files_are_cleaned_up(make_ledger: MakeLedger,
                                              cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK})
    _age(root)
    directory = cache_home / "lofte"
    directory.mkdir()
    path = cache.cache_file(directory, root)
    stale = directory / f".{path.name}.dead.tmp"
    fresh = directory / f".{path.name}.busy.tmp"
    for leftover in (stale, fresh):
        leftover.write_bytes(b"torn")
    os.utime(stale, (1_600_000_000, 1_600_000_000))
    load_ledger(root, _TODAY, directory)
    assert sorted(p.name for p in directory.iterdir() if not p.name.endswith(".promise")) \
        == sorted([path.name, fresh.name])



# --- an edit that puts size and mtime back; a forged cache; one cache per language --------

def test_an_edit_in_place_with_size_and_mtime_put_back_is_read_again(
        make_ledger: MakeLedger, cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK})
    _age(root)
    directory = cache_home / "lofte"
    assert load_ledger(root, _TODAY, directory).ok
    assert len(cache.read_records(cache.cache_file(directory, root), root)) == 1
    target = root / "activities" / "a.yaml"
    before = target.stat()
    target.write_text(OK.replace("2024-03-14", "2019-03-14"), encoding="utf-8")  # same size
    os.utime(target, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = target.stat()
    assert (after.st_size, after.st_mtime_ns, after.st_ino) == \
        (before.st_size, before.st_mtime_ns, before.st_ino)
    assert [f.code for f in load_ledger(root, _TODAY, directory).findings] == \
        ["date-outside-promise"]


def _split(path: Path, root: Path) -> tuple[dict[str, Any], cache.Records]:
    """The folder parts and the records of a cache file."""
    data = path.read_bytes()
    head = cache.header(root)
    assert data.startswith(head)
    sections = struct.Struct(f"<{cache.DIGEST_BYTES}sQ")
    start = len(head) + cache.DIGEST_BYTES
    _digest, length = sections.unpack_from(data, start)
    start += sections.size
    return (marshal.loads(data[start:start + length]),
            marshal.loads(data[start + length:]))


def _rewrite(path: Path, root: Path, parts: Any, records: Any) -> None:
    """A cache file of these parts and records, with digests that match."""
    path.write_bytes(cache.encode(root, parts, records))


def _forge(path: Path, root: Path, change: Callable[[cache.Records], object]) -> None:
    """Rewrite the cache's records, with a digest that matches, and without the folder
    parts (which a warm run would use instead): only a check of the records themselves can
    tell."""
    _parts, records = _split(path, root)
    forged = change(records)
    _rewrite(path, root, {}, records if forged is None else forged)


def _activity(records: cache.Records) -> list[Any]:
    """The fields of a.yaml's activity, as a list to spoil."""
    record = records["a.yaml"]
    return list(record[RECORD_ACTIVITIES][0][CACHED_FIELDS])


def _with_activity(records: cache.Records, fields: list[Any]) -> None:
    record = list(records["a.yaml"])
    record[RECORD_ACTIVITIES] = ((record[RECORD_ACTIVITIES][0][CACHED_INDEX], tuple(fields)),)
    records["a.yaml"] = tuple(record)  # type: ignore[assignment]


def _set_field(position: int, value: object) -> Callable[[cache.Records], None]:
    def change(records: cache.Records) -> None:
        fields = _activity(records)
        fields[position] = value
        _with_activity(records, fields)
    return change


def _set_finding(position: int, value: object) -> Callable[[cache.Records], None]:
    def change(records: cache.Records) -> None:
        record = list(records["b.yaml"])
        finding = list(record[RECORD_FINDINGS][0])
        finding[position] = value
        record[RECORD_FINDINGS] = (tuple(finding),)
        records["b.yaml"] = tuple(record)  # type: ignore[assignment]
    return change


def _set_record(position: int, value: object) -> Callable[[cache.Records], None]:
    def change(records: cache.Records) -> None:
        record = list(records["a.yaml"])
        record[position] = value
        records["a.yaml"] = tuple(record)  # type: ignore[assignment]
    return change


FORGERIES: dict[str, Callable[[cache.Records], object]] = {
    "not a dict": lambda records: list(records.items()),
    "a key that is not text": lambda records: {1: records["a.yaml"]},
    "a record too short": _set_record(RECORD_SALVAGED, None),
    "a record of five ints": lambda records: {"a.yaml": (1, 2, 3, 4, 5)},
    "a stamp of strings": _set_record(RECORD_STAMP, ("1", "2", "3", "4")),
    "fields too few": lambda records: _with_activity(records, _activity(records)[:5]),
    "a date that is text": _set_field(FIELD_DATE, "2024-03-14"),
    "a date after 9999": _set_field(FIELD_DATE, dt.date.max.toordinal() + 1),
    "a date before year 1": _set_field(FIELD_DATE, 0),
    "a huge int": _set_field(FIELD_PEOPLE_REACHED, 10**5000),
    "hours that are not a number": _set_field(FIELD_HOURS, float("nan")),
    "hours that are infinite": _set_field(FIELD_HOURS, float("inf")),
    "a summary that is a number": _set_field(FIELD_SUMMARY, 12),
    "a lone surrogate": _set_field(FIELD_SUMMARY, "Fotpatrull \ud800"),
    "commitments as a list": _set_field(FIELD_COMMITMENT, ["fotpatrullering"]),
    "commitments holding a number": _set_field(FIELD_COMMITMENT, ("fotpatrullering", 7)),
    "public as an int": _set_field(FIELD_PUBLIC, 1),
    "a bogus code": _set_finding(LOCAL_CODE, "no-such-code"),
    "a code in another case": _set_finding(LOCAL_CODE, "Personal-Data"),
    "a bogus severity": _set_finding(LOCAL_SEVERITY, "fatal"),
    "line 0": _set_finding(LOCAL_LINE, 0),
    "a line beyond any int64": _set_finding(LOCAL_LINE, 2**70),
    "a negative count": _set_record(RECORD_WRITTEN, -1),
}


@pytest.mark.parametrize("forgery", FORGERIES.values(), ids=FORGERIES.keys())
def test_a_forged_cache_with_a_valid_digest_is_not_used(
        forgery: Callable[[cache.Records], object], make_ledger: MakeLedger,
        cache_home: Path, invoke: Invoke) -> None:
    root, path = _cache_of(make_ledger, cache_home)
    expected = load_ledger(root, _TODAY)
    _forge(path, root, forgery)
    assert cache.read_records(path, root) == {}
    result = load_ledger(root, _TODAY, cache_home / "lofte")
    assert result.findings == expected.findings
    assert len(cache.read_records(path, root)) == 2  # rebuilt from the files
    _forge(path, root, forgery)
    for command in (("check",), ("status", "--as-of", "2024-06-01"),
                    ("show", "fotpatrullering", "--as-of", "2024-06-01")):
        done = invoke(*command, cwd=root)
        assert done.exit_code in (0, 1), done.output  # never 3
        _forge(path, root, forgery)


def test_a_cache_lofte_wrote_passes_its_own_check(tmp_path: Path, cache_home: Path) -> None:
    root = tmp_path / "generated"
    generate(300, root)
    files = sorted((root / "activities").rglob("*.yaml"))
    files[0].write_text("- " + OK.rstrip().replace("\n", "\n  ")
                        + "\n- {date: 2024-03-01, commitment: [nope]}\n", encoding="utf-8")
    files[1].write_text(OK.replace("Fotpatrull", "Ring 070-123 45 67"), encoding="utf-8")
    _age(root)
    directory = cache_home / "lofte"
    load_ledger(root, _TODAY, directory)
    records = cache.read_records(cache.cache_file(directory, root), root)
    assert len(records) == 300
    assert any(record[RECORD_FINDINGS] for record in records.values())
    assert any(record[RECORD_SALVAGED] for record in records.values())


def test_each_language_keeps_its_own_cache(make_ledger: MakeLedger, invoke: Invoke,
                                           cache_home: Path) -> None:
    root = make_ledger({"a.yaml": OK, "b.yaml": "summary: [\n"})
    _age(root)
    outputs = {}
    for language in ("sv", "en"):
        result = invoke("check", cwd=root, env={"LOFTE_LANG": language})
        assert result.exit_code == 1
        outputs[language] = result.stdout
    files = cache_files(cache_home)
    assert len(files) == 2
    written = {path: path.stat().st_mtime_ns for path in files}
    for language in ("sv", "en", "sv"):  # both warm: neither is rewritten
        result = invoke("check", cwd=root, env={"LOFTE_LANG": language})
        assert result.stdout == outputs[language]
    assert {path: path.stat().st_mtime_ns for path in cache_files(cache_home)} == written
    assert outputs["sv"] != outputs["en"]
