"""The ledger's boundary: nothing read or written outside the ledger root, nothing skipped
in silence, and nothing at a target name is ever opened to be compared."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lofte.storage.boundary import OpenFolders, OutsideLedger, is_ledger_file
from tests.conftest import Invoke, MakeLedger

OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull i centrum.\n"
LOG = ("log", "fotpatrullering", "Fotpatrull vid torget", "--date", "2024-03-20")
SECRET = "root:x:0:0:do-not-show-this-line\n"


def files_below(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def check_json(invoke: Invoke, root: Path) -> dict[str, object]:
    result = invoke("check", "--format", "json", cwd=root)
    assert result.exit_code in (0, 1), result.output
    data: dict[str, object] = json.loads(result.stdout)
    return data


def codes(data: dict[str, object]) -> list[tuple[str, str]]:
    findings = data["findings"]
    assert isinstance(findings, list)
    return [(Path(f["path"]).as_posix(), f["code"]) for f in findings]


# --- writes never leave the ledger --------------------------------------------------

def test_log_refuses_an_activities_link_that_leads_outside(
        make_ledger: MakeLedger, invoke: Invoke, tmp_path: Path) -> None:
    root = make_ledger()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "activities").rmdir()
    (root / "activities").symlink_to(elsewhere)
    result = invoke(*LOG, cwd=root)
    assert result.exit_code == 2, result.output
    assert "outside the ledger" in result.stderr
    assert files_below(elsewhere) == []
    data = check_json(invoke, root)
    assert codes(data) == [("activities", "outside-ledger")]


def test_log_refuses_a_year_folder_that_leads_outside(
        make_ledger: MakeLedger, invoke: Invoke, tmp_path: Path) -> None:
    root = make_ledger({"2023/a.yaml": OK.replace("2024", "2023")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (root / "activities" / "2024").symlink_to(elsewhere)
    result = invoke(*LOG, cwd=root)
    assert result.exit_code == 2, result.output
    assert "activities/2024" in result.stderr and "outside the ledger" in result.stderr
    assert files_below(elsewhere) == []
    data = check_json(invoke, root)
    assert codes(data) == [("activities/2024", "outside-ledger")]
    assert data["counts"] == {"commitments": 4, "activities": 1, "files": 2}


def test_a_link_to_a_file_outside_is_never_read_nor_quoted(
        make_ledger: MakeLedger, invoke: Invoke, tmp_path: Path) -> None:
    root = make_ledger()
    secret = tmp_path / "shadow"
    secret.write_text(SECRET, encoding="utf-8")
    (root / "activities" / "b.yaml").symlink_to(secret)
    for form in ("text", "github", "json"):
        result = invoke("check", "--format", form, cwd=root)
        assert result.exit_code == 1, result.output
        assert "outside-ledger" in result.stdout
        assert "do-not-show" not in result.output


def test_commitments_yaml_linked_outside_is_refused(make_ledger: MakeLedger, invoke: Invoke,
                                                    tmp_path: Path) -> None:
    root = make_ledger()
    real = tmp_path / "real-commitments.yaml"
    (root / "commitments.yaml").rename(real)
    (root / "commitments.yaml").symlink_to(real)
    result = invoke("check", cwd=root)
    assert result.exit_code == 1, result.output
    assert "commitments.yaml:1:1: error[outside-ledger]" in result.stdout


def test_links_that_stay_inside_are_followed_for_reading_and_writing(
        make_ledger: MakeLedger, invoke: Invoke) -> None:
    root = make_ledger({"../archive/2024/a.yaml": OK})
    (root / "activities" / "2024").symlink_to(root / "archive" / "2024")
    (root / "activities" / "b.yaml").symlink_to(root / "archive" / "2024" / "a.yaml")
    data = check_json(invoke, root)
    assert data["ok"] is True
    assert data["counts"] == {"commitments": 4, "activities": 2, "files": 3}
    result = invoke(*LOG, cwd=root)
    assert result.exit_code == 0, result.output
    assert len(list((root / "archive" / "2024").iterdir())) == 2


def test_a_link_back_up_is_not_walked_twice(make_ledger: MakeLedger, invoke: Invoke) -> None:
    root = make_ledger({"2024/a.yaml": OK})
    (root / "activities" / "2024" / "up").symlink_to("..")
    (root / "activities" / "root").symlink_to(root)
    data = check_json(invoke, root)
    assert data["ok"] is True
    assert data["counts"] == {"commitments": 4, "activities": 1, "files": 2}


# --- nothing skipped in silence -----------------------------------------------------

def test_activities_that_is_a_file_is_reported(make_ledger: MakeLedger, invoke: Invoke) -> None:
    root = make_ledger()
    (root / "activities").rmdir()
    (root / "activities").write_text(OK, encoding="utf-8")
    result = invoke("check", cwd=root)
    assert result.exit_code == 1, result.output
    assert result.stdout.startswith("activities:1:1: error[unreadable]: `activities` must be "
                                    "a folder")
    result = invoke(*LOG, cwd=root)
    assert result.exit_code == 2, result.output
    assert "must be a folder" in result.stderr
    assert (root / "activities").read_text(encoding="utf-8") == OK


def test_a_folder_that_cannot_be_listed_is_reported(make_ledger: MakeLedger, invoke: Invoke,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger({"2023/a.yaml": OK.replace("2024", "2023"), "2024/b.yaml": OK})
    real_listdir = os.listdir

    def refuse(path: str) -> list[str]:
        if str(path).endswith("2024"):
            raise PermissionError(13, "Permission denied")
        return real_listdir(path)

    monkeypatch.setattr(os, "listdir", refuse)
    result = invoke("check", cwd=root)
    assert result.exit_code == 1, result.output
    assert ("activities/2024:1:1: error[unreadable]: cannot read this folder "
            "(Permission denied)") in result.stdout


def test_a_thousand_nested_folders_are_walked(make_ledger: MakeLedger, invoke: Invoke) -> None:
    root = make_ledger()
    deep = root / "activities"
    for _level in range(1100):  # one at a time: mkdir(parents=True) itself recurses
        deep = deep / "d"
        deep.mkdir()
    (deep / "a.yaml").write_text(OK, encoding="utf-8")
    try:
        data = check_json(invoke, root)
    finally:  # from the bottom up: shutil.rmtree (pytest's clean-up) recurses too
        (deep / "a.yaml").unlink()
        while deep != root / "activities":
            deep.rmdir()
            deep = deep.parent
    assert data["ok"] is True
    assert data["counts"] == {"commitments": 4, "activities": 1, "files": 2}


# --- what sits at the target name is never opened -----------------------------------

def _target_name(invoke: Invoke, root: Path) -> Path:
    result = invoke(*LOG, "--dry-run", cwd=root)
    assert result.exit_code == 0, result.output
    return root / result.stdout.splitlines()[0]


def _log_in_a_process(root: Path) -> subprocess.CompletedProcess[str]:
    """A process of its own, with a timeout: a regression must fail, not hang the suite."""
    return subprocess.run([sys.executable, "-m", "lofte", *LOG], cwd=root, text=True,
                          capture_output=True, timeout=120, check=False,
                          env={**os.environ, "LOFTE_LANG": "en", "LOFTE_LEDGER": ""})


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_fifo_at_the_target_name_is_refused(make_ledger: MakeLedger, invoke: Invoke) -> None:
    root = make_ledger()
    target = _target_name(invoke, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.mkfifo(target)
    result = _log_in_a_process(root)
    assert result.returncode == 2, result.stderr
    assert "is not a regular file" in result.stderr


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_link_to_dev_zero_at_the_target_name_is_refused(make_ledger: MakeLedger,
                                                          invoke: Invoke) -> None:
    root = make_ledger()
    target = _target_name(invoke, root)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.symlink_to("/dev/zero")
    result = _log_in_a_process(root)
    assert result.returncode == 2, result.stderr
    assert "is not a regular file" in result.stderr
    assert target.is_symlink()


# --- a report never replaces the ledger ---------------------------------------------

@pytest.mark.parametrize("target", [
    "commitments.yaml", "activities/2024/a.yaml", "activities/new.md", "reviews/2024.yaml",
    "link-to-commitments.md",
])
def test_report_output_never_replaces_a_ledger_file(target: str, make_ledger: MakeLedger,
                                                    invoke: Invoke) -> None:
    root = make_ledger({"2024/a.yaml": OK})
    (root / "reviews").mkdir()
    (root / "reviews" / "2024.yaml").write_text("period: 2024\n", encoding="utf-8")
    (root / "link-to-commitments.md").symlink_to(root / "commitments.yaml")
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    result = invoke("report", "--period", "2024", "--output", str(root / target), cwd=root)
    assert result.exit_code == 2, result.output
    assert f"--output {root / target} is a file of the ledger" in result.stderr
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_report_output_never_creates_folders(make_ledger: MakeLedger, invoke: Invoke,
                                             tmp_path: Path) -> None:
    root = make_ledger({"2024/a.yaml": OK})
    target = tmp_path / "new" / "folder" / "report.md"
    result = invoke("report", "--period", "2024", "--output", str(target), cwd=root)
    assert result.exit_code == 2, result.output
    assert str(target) in result.stderr
    assert not (tmp_path / "new").exists()


def test_open_folders_find_a_missing_folder_without_an_error(tmp_path: Path) -> None:
    (tmp_path / "activities" / "2024").mkdir(parents=True)
    (tmp_path / "activities" / "ut").symlink_to(tmp_path.parent)
    with OpenFolders(tmp_path, create=False) as folders:
        assert folders.find(("activities", "2023")) is None
        assert folders.find(("activities", "2023")) is None  # known to be missing
        with pytest.raises(FileNotFoundError):
            folders.get(("activities", "2023"))
        found = folders.find(("activities", "2024"))
        assert found is not None and found == folders.get(("activities", "2024"))
        with pytest.raises(OutsideLedger):
            folders.find(("activities", "ut"))


def test_is_ledger_file(tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    assert is_ledger_file(tmp_path, tmp_path / "commitments.yaml")
    assert is_ledger_file(tmp_path, tmp_path / "activities" / "x" / "y.yaml")
    assert is_ledger_file(tmp_path, tmp_path / "reviews" / "2024.yaml")
    assert not is_ledger_file(tmp_path, tmp_path / "report.md")
    assert not is_ledger_file(tmp_path, tmp_path / "activities-report.md")


# --- what log prints of the new file ------------------------------------------------

def test_log_shows_control_characters_escaped_on_a_terminal(
        make_ledger: MakeLedger, invoke: Invoke, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    root = make_ledger()
    summary = "Fotpatrull \u202e vid torget \u2028 nu"
    monkeypatch.setattr(Console, "is_terminal", property(lambda self: True))
    result = invoke("log", "fotpatrullering", summary, "--date", "2024-03-20", "--dry-run",
                    cwd=root)
    assert result.exit_code == 0, result.output
    assert "\\u202e" in result.stdout.lower() and "\\u2028" in result.stdout
    assert "\u202e" not in result.output and "\u2028" not in result.output
