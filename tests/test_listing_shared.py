"""Large folders' `lstat` calls shared with a helper process (`lofte.storage.shared_stat`)
give the very listing that one process gives: the same names, stamps and special entries,
also when the helper cannot be started, dies, or answers what is not an answer."""

from __future__ import annotations

import marshal
import os
import struct
import sys
from pathlib import Path

import pytest

from lofte.storage import listing, parallel, shared_stat

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="shares by forking on Linux")

Walked = list[tuple[object, ...]]


def _ledger(root: Path) -> Path:
    year = root / "activities" / "2024"
    year.mkdir(parents=True)
    for n in range(301):
        (year / f"2024-01-{n:04d}.yaml").write_text(f"n: {n}\n", encoding="utf-8")
    (year / "notes.txt").write_text("not an activity", encoding="utf-8")
    (year / ".hidden.yaml").write_text("skipped", encoding="utf-8")
    (year / "mapp.yaml").mkdir()
    (year / "länk.yaml").symlink_to(year / "2024-01-0007.yaml")
    (year / "trasig.yaml").symlink_to(year / "finns-inte.yaml")
    (year / "under").mkdir()
    for n in range(5):
        (year / "under" / f"å{n}.yaml").write_text("x: 1\n", encoding="utf-8")
    return root


def _walk(root: Path) -> Walked:
    problems: list[listing.ListingProblem] = []
    folders = [(f.prefix, f.path, f.names, list(f.stamps), f.special, f.files())
               for f in listing.walk_ledger_folders(root, "activities", problems)]
    return [*folders, tuple(problems)]


@pytest.fixture
def alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Walked:
    """The listing made by this process alone; then sharing is made possible from 2 names."""
    root = _ledger(tmp_path)
    walked = _walk(root)
    monkeypatch.setattr(shared_stat, "SHARE_FROM", 2)
    monkeypatch.setattr(parallel, "can_fork_helper", lambda: True)
    return walked


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The pids of the helpers started."""
    started: list[int] = []
    real = os.fork

    def counting() -> int:
        pid = real()
        if pid:
            started.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counting)
    return started


def _gone(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # reaped
    return False


def test_a_shared_listing_is_the_listing(tmp_path: Path, alone: Walked,
                                         forks: list[int]) -> None:
    with shared_stat.sharing():
        with shared_stat.sharing():  # nested, as a group loads its ledgers
            assert _walk(tmp_path) == alone
        assert _walk(tmp_path) == alone
    assert len(forks) == 1  # one helper, for both folders and both walks
    assert _gone(forks[0])


def test_outside_sharing_this_process_lists_alone(tmp_path: Path, alone: Walked,
                                                  forks: list[int]) -> None:
    assert _walk(tmp_path) == alone
    assert forks == []


def test_a_helper_that_dies_leaves_its_names_to_this_process(
        tmp_path: Path, alone: Walked, forks: list[int],
        monkeypatch: pytest.MonkeyPatch) -> None:
    parent = os.getpid()
    real = listing._lstat_names

    def dying_in_the_helper(*args: object) -> object:
        if os.getpid() != parent:
            os._exit(5)
        return real(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(listing, "_lstat_names", dying_in_the_helper)
    with shared_stat.sharing():
        assert _walk(tmp_path) == alone
        assert _walk(tmp_path) == alone
    assert len(forks) == 1  # not started again after it died
    assert _gone(forks[0])


def test_without_a_fork_this_process_lists_alone(tmp_path: Path, alone: Walked,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    def no_fork() -> int:
        raise OSError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(os, "fork", no_fork)
    with shared_stat.sharing():
        assert _walk(tmp_path) == alone


@pytest.mark.parametrize("answer", [
    b"", b"\x05\x00\x00\x00\x00\x00\x00\x00abc",
    marshal.dumps((["a"], b"\x00" * 7)), marshal.dumps((["a", "b", "c", "d"], [0] * 20)),
    marshal.dumps((["a"], [0, 1, 2, 3, "x"])), marshal.dumps(("a", b"")), b"\x00garbage",
])
def test_an_answer_that_is_not_one_is_not_used(answer: bytes) -> None:
    reading, writing = os.pipe()
    framed = answer if answer[:1] in (b"", b"\x05") else \
        struct.pack("<Q", len(answer)) + answer
    os.write(writing, framed)
    os.close(writing)
    helper = shared_stat._Helper(-1, -1, reading)
    assert helper.answer(3) is None
    os.close(reading)


def test_sharing_needs_two_cores_and_no_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0})
    assert not parallel.can_fork_helper()
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: {0, 1})
    assert parallel.can_fork_helper() == (threading.active_count() == 1)
    monkeypatch.setattr(threading, "active_count", lambda: 2)
    assert not parallel.can_fork_helper()
