"""Refused writes: a read-only activities/, a full disk and a missing ledger each give exit 2
with a message naming the path, and change nothing."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from lofte.storage import activity_writer
from tests.conftest import Invoke, MakeLedger
from tests.test_corpus import unprivileged_prefix

OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"
LOG = ("log", "fot", "Fotpatrull vid skolan.", "--date", "2024-03-20")


def snapshot(root: Path) -> dict[str, bytes | None]:
    """Every file and folder below root (hidden ones too), with the bytes of each file."""
    return {str(p.relative_to(root)): (None if p.is_dir() else p.read_bytes())
            for p in sorted(root.rglob("*"))}


def _refuse(where: str, error: int) -> object:
    """os.<where> failing with `error` for writing (os is shared: reading must still work)."""
    real = getattr(os, where)

    def fail(*args: object, **kwargs: object) -> object:
        if where != "open" or (isinstance(args[1], int) and args[1] & os.O_WRONLY):
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)
    return fail


@pytest.mark.parametrize(("where", "error"), [
    ("open", errno.EACCES),  # a read-only activities/ (as a user sees it)
    ("open", errno.EROFS),  # a read-only file system
    ("write", errno.ENOSPC),  # a full disk
    ("fsync", errno.ENOSPC),  # a full disk noticed late
    ("fsync", errno.EIO),
])
def test_a_refused_write_changes_nothing(where: str, error: int, make_ledger: MakeLedger,
                                         invoke: Invoke,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger({"2024/a.yaml": OK})
    before = snapshot(root)
    monkeypatch.setattr(activity_writer.os, where, _refuse(where, error))
    result = invoke(*LOG, cwd=root)
    assert result.exit_code == 2, result.output
    assert "cannot write activities/2024/2024-03-20-fotpatrullering-" in result.stderr
    assert os.strerror(error) in result.stderr
    assert "nothing written" in result.stderr
    monkeypatch.undo()
    assert snapshot(root) == before


def test_a_full_disk_leaves_no_new_year_folder(make_ledger: MakeLedger, invoke: Invoke,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger()
    before = snapshot(root)
    monkeypatch.setattr(activity_writer.os, "write", _refuse("write", errno.ENOSPC))
    result = invoke(*LOG, cwd=root)
    assert result.exit_code == 2, result.output
    monkeypatch.undo()
    assert snapshot(root) == before  # activities/2024/ was made for the file, and removed


def test_a_read_only_activities_folder_for_real(tmp_path: Path) -> None:
    """As an unprivileged user, on a ledger that user may read but not write."""
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("no unprivileged user can run this Python here; the simulated cases "
                    "above cover the path")
    folder = Path(tempfile.mkdtemp(prefix="lofte-read-only-"))
    try:
        folder.chmod(0o755)
        root = folder / "ledger"
        (root / "activities" / "2024").mkdir(parents=True)
        (root / "commitments.yaml").write_text(
            (Path(__file__).parent / "errors" / "unknown-field" / "commitments.yaml")
            .read_text(encoding="utf-8"), encoding="utf-8")
        for path in (root, root / "activities", root / "activities" / "2024"):
            path.chmod(0o555)
        (root / "commitments.yaml").chmod(0o444)
        before = snapshot(root)
        env = {k: v for k, v in os.environ.items() if not k.startswith("LOFTE_")}
        env["LOFTE_LANG"] = "en"  # English messages, whatever the machine's LANG
        env.update({"PYTHONPATH": str(Path(__file__).parent.parent / "src"),
                    "XDG_CACHE_HOME": str(folder / "cache"), "NO_COLOR": "1"})
        done = subprocess.run([*prefix, sys.executable, "-m", "lofte", *LOG, "--ledger",
                               str(root)], env=env, capture_output=True, text=True,
                              timeout=60, check=False, cwd=folder)
        assert done.returncode == 2, done.stdout + done.stderr
        assert "cannot write" in done.stderr and "2024-03-20-fotpatrullering-" in done.stderr
        assert "Permission denied" in done.stderr
        assert snapshot(root) == before
    finally:
        for path in folder.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                path.chmod(0o755)
        shutil.rmtree(folder)


@pytest.mark.parametrize("command", [LOG, ("check",), ("status",), ("show", "fot")])
def test_a_missing_ledger(command: tuple[str, ...], tmp_path: Path, invoke: Invoke) -> None:
    missing = tmp_path / "nowhere"
    result = invoke(*command, "--ledger", str(missing), cwd=tmp_path)
    assert result.exit_code == 2, result.output
    assert f"no ledger at {missing}" in result.stderr
    assert list(tmp_path.iterdir()) == []  # nothing created
