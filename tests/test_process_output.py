"""Standard output as a real process meets it: closed, full, in Latin-1, zero columns wide.

These run `python -m lofte` in a process of its own, because the guard on standard output
is set up by the entry point, which an in-process runner does not call.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import MakeLedger

OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"
UNICODE = ('date: 2024-03-14\ncommitment: fotpatrullering\n'
           'summary: "Fotpatrull \\u00e5\\u00e4\\u00f6 \\u2713 \\u2014 \\U0001F600"\n')


def run(root: Path, *args: str, env: dict[str, str] | None = None,
        **options: object) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LOFTE_LANG": "en", "LOFTE_LEDGER": "", "NO_COLOR": "1",
                   **(env or {})}
    return subprocess.run([sys.executable, "-m", "lofte", *args], cwd=root, text=True,
                          capture_output=True, timeout=120, check=False,
                          env=environment, **options)  # type: ignore[call-overload]


def assert_one_clean_line(stderr: str) -> None:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("lofte: ")
    assert "Traceback" not in stderr


@pytest.mark.skipif(not Path("/bin/sh").exists(), reason="no POSIX shell here")
def test_a_closed_stdout_exits_2(make_ledger: MakeLedger) -> None:
    root = make_ledger({"a.yaml": OK})
    result = subprocess.run(
        ["/bin/sh", "-c", f'exec "{sys.executable}" -m lofte status --as-of 2024-03-20 >&-'],
        cwd=root, text=True, stderr=subprocess.PIPE, timeout=120, check=False,
        env={**os.environ, "LOFTE_LANG": "en", "LOFTE_LEDGER": ""})
    assert result.returncode == 2, result.stderr
    assert_one_clean_line(result.stderr)
    assert "standard output is closed" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
def test_a_full_stdout_exits_2_with_one_line(make_ledger: MakeLedger) -> None:
    root = make_ledger({"a.yaml": OK})
    with Path("/dev/full").open("w", encoding="utf-8") as full:
        result = subprocess.run([sys.executable, "-m", "lofte", "status", "--as-of",
                                 "2024-03-20"], cwd=root, text=True, stdout=full,
                                stderr=subprocess.PIPE, timeout=120, check=False,
                                env={**os.environ, "LOFTE_LANG": "en", "LOFTE_LEDGER": ""})
    assert result.returncode == 2, result.stderr
    assert_one_clean_line(result.stderr)
    assert "cannot write to standard output: No space left on device" in result.stderr


@pytest.mark.parametrize("args", [
    ("status", "--as-of", "2024-03-20"),
    ("show", "fotpatrullering", "--as-of", "2024-03-20"),
    ("check",),
    ("report", "--period", "2024"),
])
def test_an_output_encoding_without_unicode_never_crashes(args: tuple[str, ...],
                                                          make_ledger: MakeLedger) -> None:
    root = make_ledger({"a.yaml": UNICODE})
    result = run(root, *args, env={"PYTHONIOENCODING": "latin-1"}, encoding="latin-1")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr


# Two processes for each width; the quick run tries two of the widths.
@pytest.mark.parametrize("columns", ["0", pytest.param("1", marks=pytest.mark.slow), "abc",
                                     pytest.param("-5", marks=pytest.mark.slow)])
def test_any_width_prints_everything(columns: str, make_ledger: MakeLedger) -> None:
    root = make_ledger({"a.yaml": OK, "b.yaml": OK.replace("2024", "2030")})
    check = run(root, "check", env={"COLUMNS": columns})
    assert check.returncode == 1, check.stderr
    assert "b.yaml:1:7: error[date-outside-promise]" in check.stdout
    assert "2 errors in 4 commitments, 2 activities in 3 files" in check.stdout
    status = run(root, "status", "--as-of", "2024-03-20", env={"COLUMNS": columns})
    for commitment in ("fotpatrullering", "trafikkontroller", "alkoholtillsyn", "vaktare"):
        assert commitment in status.stdout
