"""`lofte log` as real processes: many at once, and two clones that merge through git.
(Killed at random moments: tests/test_crash_safety.py.)"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from lofte.domain.models import Activity
from lofte.storage.loader import activity_files
from lofte.storage.yamlsafe import parse_yaml
from tests.conftest import Invoke, MakeLedger

DATE = "2024-03-14"


def lofte(*args: str, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOFTE_")}
    env["LOFTE_LANG"] = "en"  # English messages, whatever the machine's LANG
    return subprocess.Popen([sys.executable, "-m", "lofte", *args], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def assert_clean(root: Path, invoke: Invoke) -> list[Path]:
    """`lofte check` passes, every .yaml loads as an activity, and the only other files
    are hidden temporary ones, or in a hidden staging folder of `lofte import`, that the
    loader never reads."""
    check = invoke("check", "--ledger", str(root))
    assert check.exit_code == 0, check.output
    files = list(activity_files(root))
    for path in files:
        parsed = parse_yaml(path.read_text(encoding="utf-8"))
        assert not parsed.problems, path
        Activity.model_validate(parsed.value)
    for path in (root / "activities").rglob("*"):
        if path.is_file() and path not in files:
            assert any(part.startswith(".lofte-") and part.endswith(".tmp")
                       for part in path.relative_to(root).parts), path
    return files


# Thirty processes in the full run (slow); four in the quick one.
@pytest.mark.parametrize("count", [pytest.param(30, marks=pytest.mark.slow), 4])
def test_many_processes_at_once_give_as_many_files(count: int, make_ledger: MakeLedger,
                                                   invoke: Invoke) -> None:
    root = make_ledger()
    processes = [lofte("log", "trafik", f"Hastighetskontroll nummer {i}.", "--date", DATE,
                       "--ledger", str(root)) for i in range(count)]
    outputs = [p.communicate(timeout=60) for p in processes]
    assert [p.returncode for p in processes] == [0] * count, outputs
    printed = {out.decode().strip() for out, _ in outputs}
    files = assert_clean(root, invoke)
    assert len(files) == count
    assert {str(f) for f in files} == {str(Path(p).resolve()) for p in printed}
    assert all(f.name.startswith(f"{DATE}-trafikkontroller-") for f in files)
    assert not list((root / "activities").rglob(".*"))


# Eight processes in the full run (slow); three in the quick one.
@pytest.mark.parametrize("count", [pytest.param(8, marks=pytest.mark.slow), 3])
def test_the_same_activity_from_many_processes_is_written_once(count: int,
                                                                make_ledger: MakeLedger,
                                                                invoke: Invoke) -> None:
    root = make_ledger()
    processes = [lofte("log", "trafik", "Samma kontroll.", "--date", DATE,
                       "--ledger", str(root)) for _ in range(count)]
    results = [(p.wait(timeout=60), p.stderr.read().decode() if p.stderr else "")
               for p in processes]
    assert sorted(code for code, _ in results) == [0] + [2] * (count - 1), results
    assert all("already logged" in err for code, err in results if code == 2)
    assert len(assert_clean(root, invoke)) == 1


def git(*args: str, cwd: Path) -> str:
    result = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.invalid",
         "-c", "init.defaultBranch=main", "-c", "pull.rebase=false", *args],
        cwd=cwd, capture_output=True, text=True, check=False,
        env={**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"})
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_clones_log_the_same_day_and_merge_without_conflict(
        make_ledger: MakeLedger, invoke: Invoke, tmp_path: Path) -> None:
    bare = tmp_path / "ledger.git"
    git("init", "--bare", str(bare), cwd=tmp_path)
    seed = make_ledger({"2024/2024-03-01-trafikkontroller-aaaaaa.yaml":
                        "date: 2024-03-01\ncommitment: trafikkontroller\nsummary: Kontroll.\n"},
                       name="seed")
    git("init", cwd=seed)
    git("add", "-A", cwd=seed)
    git("commit", "-m", "promise", cwd=seed)
    git("push", str(bare), "main", cwd=seed)
    anna, bo = tmp_path / "anna", tmp_path / "bo"
    git("clone", str(bare), str(anna), cwd=tmp_path)
    git("clone", str(bare), str(bo), cwd=tmp_path)

    for clone, summary in ((anna, "Kontroll vid skolan."), (bo, "Kontroll vid torget.")):
        result = invoke("log", "trafik", summary, "--date", DATE, cwd=clone)
        assert result.exit_code == 0, result.output
        git("add", "-A", cwd=clone)
        git("commit", "-m", summary, cwd=clone)
    git("push", "origin", "main", cwd=anna)
    git("pull", "--no-edit", "origin", "main", cwd=bo)
    git("push", "origin", "main", cwd=bo)
    git("pull", "--no-edit", "origin", "main", cwd=anna)

    for clone in (anna, bo):
        assert git("status", "--porcelain", cwd=clone) == ""
        files = assert_clean(clone, invoke)
        assert len(files) == 3
        assert len([f for f in files if f.name.startswith(f"{DATE}-trafikkontroller-")]) == 2


def test_missing_arguments_with_stdin_not_a_terminal_exit_2_without_waiting(
        make_ledger: MakeLedger) -> None:
    root = make_ledger()
    process = lofte("log", "fot", "--ledger", str(root))  # stdin: /dev/null
    # A lofte that waited for an answer would never end: the timeout turns that into a
    # failure (it bounds a hang, it does not measure speed).
    _, err = process.communicate(timeout=120)
    assert process.returncode == 2
    assert err.decode().startswith("lofte: missing SUMMARY: stdin is not a terminal")
