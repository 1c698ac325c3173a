"""commitments.yaml validated once (`lofte.storage.promise_cache`): the cached way gives the
models and findings of the careful way, and any change of the file, of lofte's code or of
the language, and anything in doubt, sends it back to the careful way."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from lofte import i18n
from lofte.domain import validation
from lofte.domain.promise import CommitmentsFile
from lofte.storage import cache, loader, promise_cache
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

REPOSITORY = Path(__file__).parent.parent

WITH_EVERYTHING = MINI_COMMITMENTS.replace("""  valid_until: 2025-12-31
""", """  valid_until: 2025-12-31
  focus: Trygghet i centrum
  problem_areas: [Otrygghet, Trafik]
  signatories:
    - {name: Anna Andersson, role: kommunchef}
    - {name: Per Persson}
  contact: info@testkoping.se
  language: en
  timezone: Europe/Stockholm
defaults:
  max_gap_days: 21
calendars:
  lov:
    - {name: Sommarlov, from: 06-15, until: 08-15}
    - {from: 2024-12-20, until: 2025-01-06}
""") + """\
  - id: skolbesok
    title: Skolbesök
    owners: polisen
    max_gap_days: null
    target: {per: tertial, at_least: 2}
    pauses: [lov]
    problem_area: 1
    active_from: 2024-01-01
    retired_on: 2025-06-30
    text: Polisen besöker skolorna.
"""
# Findings of every kind: an unknown field, a duplicate id, an unknown party, a commitment
# whose owners are invalid (its id then unusable), overlapping calendar ranges.
WITH_FINDINGS = WITH_EVERYTHING.replace("  focus:", "  fokus: x\n  focus:") + """\
  - id: vaktare
    title: Dubbel
    owners: [kommunen]
  - id: okand
    title: Okänd part
    owners: [brandkaren]
  - id: trasig
    title: Trasig
    owners: 12
"""
UNUSABLE = "promise: {id: Not A Slug}\nparties: {}\ncommitments: []\n"

CASES = {"mini": MINI_COMMITMENTS, "everything": WITH_EVERYTHING, "findings": WITH_FINDINGS,
         "unusable": UNUSABLE, "not yaml": "promise: [\n", "empty": "",
         "repository": (REPOSITORY / "data" / "commitments.yaml").read_text(encoding="utf-8")}


def deep_fields(record: Any) -> Any:
    """A record's fields with the type of every value, all the way down: what equality
    does not look at (1 == 1.0 == True)."""
    if dataclasses.is_dataclass(record):
        return (type(record).__name__,
                {f.name: deep_fields(getattr(record, f.name)) for f in dataclasses.fields(record)})
    if isinstance(record, frozenset):
        return ("frozenset", sorted(record))
    if isinstance(record, list):
        return [deep_fields(item) for item in record]
    if isinstance(record, dict):
        return {key: deep_fields(value) for key, value in record.items()}
    return (type(record).__name__, record)


def careful_and_cached(root: Path, cache_dir: Path) -> tuple[Any, Any, Any]:
    careful = loader._load_commitments(root)
    writing = loader._load_commitments(root, cache_dir)
    cached = loader._load_commitments(root, cache_dir)
    return careful, writing, cached


@pytest.mark.parametrize("name", sorted(CASES))
def test_the_cached_way_gives_the_careful_ways_models_and_findings(
        name: str, make_ledger: MakeLedger, tmp_path: Path) -> None:
    root = make_ledger(commitments=CASES[name])
    careful, writing, cached = careful_and_cached(root, tmp_path / "c")
    assert careful == writing == cached
    assert deep_fields(careful[0]) == deep_fields(cached[0])
    if careful[0] is not None:
        assert isinstance(cached[0], CommitmentsFile)
        for commitment in careful[0].commitments:
            assert careful[0].max_gap_days(commitment) == cached[0].max_gap_days(commitment)
            assert careful[0].pause_specs(commitment) == cached[0].pause_specs(commitment)
        assert careful[0].unusable_ids == cached[0].unusable_ids
    files = list((tmp_path / "c").glob(f"*{promise_cache.SUFFIX}"))
    stored = name not in ("not yaml", "empty")  # nothing cached for a file that is not read
    assert len(files) == (1 if stored else 0)


def test_the_cached_way_is_taken(make_ledger: MakeLedger, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger(commitments=WITH_FINDINGS)
    first = loader._load_commitments(root, tmp_path)

    def no_validation(data: Any) -> Any:
        raise AssertionError("validated again")

    monkeypatch.setattr(validation, "validate_commitments", no_validation)
    assert loader._load_commitments(root, tmp_path) == first
    assert loader.load_commitments(root, tmp_path) == (first[0], first[2])


def _validations(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    counted: list[int] = []
    real = validation.validate_commitments

    def counting(data: Any) -> Any:
        counted.append(1)
        return real(data)

    monkeypatch.setattr(validation, "validate_commitments", counting)
    return counted


def test_a_changed_file_is_validated_again(make_ledger: MakeLedger, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger(commitments=MINI_COMMITMENTS)
    counted = _validations(monkeypatch)
    loader._load_commitments(root, tmp_path)
    changed = MINI_COMMITMENTS.replace("max_gap_days: 14", "max_gap_days: 15")
    (root / "commitments.yaml").write_text(changed, encoding="utf-8")
    promise_file, _written, _findings = loader._load_commitments(root, tmp_path)
    assert promise_file is not None and promise_file.commitments[0].max_gap_days == 15
    (root / "commitments.yaml").write_text(WITH_FINDINGS, encoding="utf-8")
    assert loader._load_commitments(root, tmp_path) == loader._load_commitments(root)
    assert len(counted) == 4  # three changes, and the careful run just above


def test_a_change_of_lofte_or_the_language_is_validated_again(
        make_ledger: MakeLedger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger(commitments=WITH_FINDINGS)
    loader._load_commitments(root, tmp_path)
    counted = _validations(monkeypatch)
    loader._load_commitments(root, tmp_path)
    assert counted == []
    monkeypatch.setattr(cache, "_code_stamp", lambda: "another lofte")
    loader._load_commitments(root, tmp_path)
    assert counted == [1]
    english = loader._load_commitments(root, tmp_path)
    i18n.set_language("sv")
    try:
        swedish = loader._load_commitments(root, tmp_path)
        assert swedish == loader._load_commitments(root)
    finally:
        i18n.set_language("en")
    assert counted == [1, 1, 1]  # Swedish once cached, once careful
    assert english[2] != swedish[2]  # the messages, in each language
    assert loader._load_commitments(root, tmp_path) == english
    assert counted == [1, 1, 1]  # one file per language: both stay


def test_a_time_zone_gone_from_the_machine_is_validated_again(
        make_ledger: MakeLedger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger(commitments=WITH_EVERYTHING)
    loader._load_commitments(root, tmp_path)
    counted = _validations(monkeypatch)
    monkeypatch.setattr(promise_cache, "_zone_exists", lambda zone: False)
    loader._load_commitments(root, tmp_path)
    assert counted == [1]


def _entry_file(tmp_path: Path) -> Path:
    (path,) = tmp_path.glob(f"*{promise_cache.SUFFIX}")
    return path


@pytest.mark.parametrize("damage", ["truncated", "flipped", "garbage", "empty", "folder"])
def test_a_damaged_cache_is_ignored_and_rebuilt(damage: str, make_ledger: MakeLedger,
                                                tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger(commitments=WITH_FINDINGS)
    careful = loader._load_commitments(root)
    loader._load_commitments(root, tmp_path)
    path = _entry_file(tmp_path)
    data = path.read_bytes()
    if damage == "truncated":
        path.write_bytes(data[:-7])
    elif damage == "flipped":
        path.write_bytes(data[:-5] + bytes([data[-5] ^ 1]) + data[-4:])
    elif damage == "garbage":
        path.write_bytes(data[:len(promise_cache.MAGIC) + 64] + b"\x00" * 40)
    elif damage == "empty":
        path.write_bytes(b"")
    else:
        path.unlink()
        path.mkdir()
    counted = _validations(monkeypatch)
    assert loader._load_commitments(root, tmp_path) == careful
    assert counted == [1]


def test_stored_data_of_another_shape_is_not_trusted() -> None:
    good = ("record", "Party", {"name": "Polisen"})
    assert promise_cache._valid_tree(good)
    for bad in [("record", "Exec", {}), ("record", "Party", {"name": {1: 2}}),
                ("date", 10**9), ("date", "2024-01-01"), float("nan"), {1: "x"},
                ("record", "Party", {}), ("record", "Party", {"name": "x", "extra": 1}),
                ("record", "Party", [("name", "x")]), b"bytes", ("record", "Party"),
                ("model", "Party", ("name",), {"name": "Polisen"})]:
        assert not promise_cache._valid_tree(bad), bad
    assert promise_cache._entry((good, (), (), 1, None)) is None  # not a CommitmentsFile
    assert promise_cache._entry((None, (), ((1, 1, "error", "no-such-code", "x"),), 0,
                                 None)) is None


def test_fields_the_records_do_not_have_are_not_trusted(make_ledger: MakeLedger,
                                                        tmp_path: Path) -> None:
    root = make_ledger(commitments=MINI_COMMITMENTS)
    promise_file, _written, _findings = loader._load_commitments(root)
    tree = promise_cache.stored(promise_file)
    assert promise_cache._entry((tree, (), (), 4, None)) is not None
    tree[2]["promise"][2]["surprise"] = "x"
    assert promise_cache._entry((tree, (), (), 4, None)) is None
    del tree[2]["promise"][2]["surprise"]
    del tree[2]["promise"][2]["title"]
    assert promise_cache._entry((tree, (), (), 4, None)) is None


def test_an_unwritable_cache_never_fails(make_ledger: MakeLedger, tmp_path: Path) -> None:
    root = make_ledger(commitments=MINI_COMMITMENTS)
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    assert loader._load_commitments(root, blocked) == loader._load_commitments(root)


def test_lofte_log_keeps_the_promise_in_the_cache_folder_unless_told_not_to(
        make_ledger: MakeLedger, invoke: Invoke, cache_home: Path) -> None:
    root = make_ledger(commitments=MINI_COMMITMENTS.replace("2025-12-31", "2099-12-31"))
    args = ("log", "vaktare", "Runda.", "--date", "2024-05-02", "--dry-run")
    assert invoke(*args, cwd=root, env={"LOFTE_NO_CACHE": "1"}).exit_code == 0
    assert invoke("--no-cache", *args, cwd=root).exit_code == 0
    assert list(cache_home.rglob("*")) == []
    assert invoke(*args, cwd=root).exit_code == 0
    assert [p.suffix for p in cache_home.rglob("*.*")] == [promise_cache.SUFFIX]
