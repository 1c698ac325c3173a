"""Files are written whole or not at all, also where the file system has no hard links and
when a write fails half-way: `lofte init` and `lofte report --output` as a user runs them."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from lofte.storage import atomic
from tests.conftest import Invoke, MakeLedger

NAMES = ("--municipality", "Karlstads kommun", "--police-area", "Lokalpolisområde Karlstad")
OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def no_hard_links(monkeypatch: pytest.MonkeyPatch) -> None:
    """link() fails as it does on FAT or some network mounts."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EPERM, os.strerror(errno.EPERM))

    monkeypatch.setattr(atomic.os, "link", refuse)


def test_init_without_hard_links_makes_the_same_ledger(invoke: Invoke, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    assert invoke("init", "reference", *NAMES, cwd=tmp_path).exit_code == 0
    no_hard_links(monkeypatch)
    result = invoke("init", "ny", *NAMES, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert files(tmp_path / "ny") == files(tmp_path / "reference")
    assert invoke("check", cwd=tmp_path / "ny").exit_code == 0


def test_init_without_hard_links_leaves_nothing_when_a_write_fails(
        invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_hard_links(monkeypatch)
    real = os.write
    calls: list[int] = []

    def fail_on_the_third(descriptor: int, data: bytes) -> int:
        calls.append(descriptor)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(descriptor, data)

    monkeypatch.setattr(atomic.os, "write", fail_on_the_third)
    result = invoke("init", "ny", *NAMES, cwd=tmp_path)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert files(tmp_path) == {}  # no file, whole or partial (as in tests/test_init.py)


def test_a_report_that_cannot_be_written_leaves_the_old_file(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger({"2024/a.yaml": OK})
    target = tmp_path / "rapport.md"
    target.write_text("the old report\n", encoding="utf-8")

    def fail(descriptor: int) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(atomic.os, "fsync", fail)
    result = invoke("report", "--period", "2024", "--output", str(target), cwd=root)
    assert result.exit_code == 2, result.output
    assert os.strerror(errno.EIO) in result.stderr
    assert target.read_text(encoding="utf-8") == "the old report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ledger", "rapport.md"]
