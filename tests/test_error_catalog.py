"""One reproducer ledger and one golden output per finding code (tests/errors/<code>/).

Each folder is run with `lofte check` as the working directory, so paths print as
`activities/x.yaml`. Two reproducers cannot be committed as they are (a file over 1 MiB,
an unreadable file): the test copies their folder to tmp_path and makes the file there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from lofte.domain.findings import CODES
from lofte.storage.textfile import MAX_FILE_BYTES
from tests.conftest import Invoke, ledger_today

ERRORS = Path(__file__).parent / "errors"
FOLDERS = sorted(p.name for p in ERRORS.iterdir() if p.is_dir())
WARNINGS = {"commitment-inactive", "personal-data", "control-character", "plan-passed",
            "calendar-overlap"}


def _too_large(root: Path) -> None:
    head = b"date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull.\n# "
    (root / "activities" / "x.yaml").write_bytes(
        head + b"x" * (MAX_FILE_BYTES + 1 - len(head) - 1) + b"\n")


def _unreadable(root: Path) -> None:
    # A dangling symlink cannot be read, also by root (which ignores chmod 000).
    (root / "activities" / "x.yaml").symlink_to("missing")


def _outside(root: Path) -> None:
    # /etc/passwd is on every system this runs on; lofte must neither read it nor quote it.
    (root / "activities" / "x.yaml").symlink_to("/etc/passwd")


PREPARE: dict[str, Callable[[Path], None]] = {
    "file-too-large": _too_large,
    "unreadable": _unreadable,
    "outside-ledger": _outside,
}


def _ledger(code: str, tmp_path: Path) -> Path:
    if code not in PREPARE:
        return ERRORS / code
    root = tmp_path / code
    shutil.copytree(ERRORS / code, root)
    (root / "activities").mkdir(exist_ok=True)
    PREPARE[code](root)
    return root


def _expected(code: str) -> str:
    text = (ERRORS / code / "expected.txt").read_text(encoding="utf-8")
    return text.replace("<today>", ledger_today().isoformat())


def test_every_code_has_a_reproducer() -> None:
    assert set(FOLDERS) == set(CODES)


@pytest.mark.parametrize("code", FOLDERS)
def test_reproducer(code: str, invoke: Invoke, tmp_path: Path) -> None:
    root = _ledger(code, tmp_path)
    result = invoke("check", cwd=root)
    assert result.exit_code == (0 if code in WARNINGS else 1), result.output
    assert result.stdout == _expected(code)
    first = result.stdout.splitlines()[0]
    assert f"[{code}]: " in first


@pytest.mark.parametrize("code", sorted(WARNINGS))
def test_strict_makes_warnings_errors(code: str, invoke: Invoke) -> None:
    result = invoke("check", "--strict", cwd=ERRORS / code)
    assert result.exit_code == 1, result.output
    assert f"error[{code}]" in result.stdout
    assert "warning" not in result.stdout


def test_bytes_are_kept_exactly() -> None:
    """The reproducers with odd bytes must stay odd (see tests/errors/.gitattributes)."""
    assert b"\r\n" in (ERRORS / "crlf-line-endings/activities/x.yaml").read_bytes()
    assert (ERRORS / "utf8-bom/activities/x.yaml").read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"t\xe5get" in (ERRORS / "not-utf8/activities/x.yaml").read_bytes()
    assert (ERRORS / "empty-file/activities/x.yaml").read_bytes() == b""


def test_permission_denied(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "ledger"
    shutil.copytree(ERRORS / "unreadable", root)
    target = root / "activities" / "x.yaml"
    target.parent.mkdir()
    target.write_text("date: 2024-03-14\ncommitment: fotpatrullering\nsummary: x\n")
    target.chmod(0)
    try:
        if os.access(target, os.R_OK):
            pytest.skip("running as a user who can read a file with mode 000")
        result = invoke("check", cwd=root)
    finally:
        target.chmod(0o644)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith(
        "activities/x.yaml:1:1: error[unreadable]: cannot read this file "
        "(Permission denied)")
