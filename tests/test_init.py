"""`lofte init`: a new ledger that passes `check` at once, and never an overwrite."""

from __future__ import annotations

import datetime as dt
import errno
import os
from pathlib import Path

import pytest

from lofte.cli import init as init_cli
from lofte.domain.scaffold import LedgerSettings, default_period, ledger_files
from lofte.storage import atomic
from tests.conftest import Invoke

NAMES = ("--municipality", "Karlstads kommun", "--police-area", "Lokalpolisområde Karlstad")


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_init_into_an_empty_folder_then_check_passes(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", "ny", *NAMES, "--from", "2026-01-01", "--until", "2028-12-31",
                    cwd=tmp_path)
    assert result.exit_code == 0, result.output
    root = tmp_path / "ny"
    assert sorted(snapshot(root)) == [
        ".gitattributes", ".github/workflows/lofte.yml", ".gitignore",
        ".pre-commit-config.yaml", "README.md", "activities/README.md", "commitments.yaml",
        "schemas/activity.schema.json", "schemas/commitments.schema.json",
        "schemas/review.schema.json"]
    check = invoke("check", cwd=root)
    assert check.exit_code == 0, check.output
    assert check.stdout == "ok: 3 commitments, 0 activities in 1 file, no problems found\n"
    text = (root / "commitments.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=schemas/commitments.schema.json\n")
    assert "id: karlstads-2026-2028" in text
    assert 'title: "Medborgarlöfte Karlstads kommun 2026–2028"' in text
    for group in ("Lokalpolisområde Karlstad kommer att genomföra",
                  "Polisen och kommunen kommer tillsammans att",
                  "Karlstads kommun kommer att"):
        assert f"# {group}" in text
    assert "id: lofte-check" in (root / ".pre-commit-config.yaml").read_text(encoding="utf-8")


def test_the_workflow_is_the_documented_one() -> None:
    settings = LedgerSettings("A kommun", "B", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    documented = Path(__file__).resolve().parent.parent / "docs" / "ci" / "github-actions.yml"
    assert ledger_files(settings)[".github/workflows/lofte.yml"] == documented.read_text(
        encoding="utf-8")


def test_init_over_an_existing_ledger_changes_nothing(invoke: Invoke, tmp_path: Path) -> None:
    assert invoke("init", "ny", *NAMES, cwd=tmp_path).exit_code == 0
    root = tmp_path / "ny"
    (root / "README.md").write_text("our own readme\n", encoding="utf-8")
    before = snapshot(root)
    result = invoke("init", "ny", "--municipality", "X kommun", "--police-area", "Y",
                    cwd=tmp_path)
    assert result.exit_code == 2
    assert "there is a ledger in" in result.stderr
    assert snapshot(root) == before


def test_init_keeps_files_that_are_there(invoke: Invoke, tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    (root / "README.md").write_text("# Vårt förråd\n", encoding="utf-8")
    result = invoke("init", str(root), *NAMES, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert (root / "README.md").read_text(encoding="utf-8") == "# Vårt förråd\n"
    assert f"kept {root / 'README.md'} (already there)" in result.stdout
    assert invoke("check", cwd=root).exit_code == 0


def test_a_data_ledger_counts_as_existing(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "commitments.yaml").write_text("promise: {}\n", encoding="utf-8")
    assert invoke("init", ".", *NAMES, cwd=tmp_path).exit_code == 2
    assert not (tmp_path / "commitments.yaml").exists()


def test_a_failed_write_leaves_nothing(invoke: Invoke, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    real = os.write
    calls = []

    def fail_on_the_fourth(descriptor: int, data: bytes) -> int:
        calls.append(descriptor)
        if len(calls) == 4:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(descriptor, data)

    monkeypatch.setattr(atomic.os, "write", fail_on_the_fourth)
    result = invoke("init", "ny", *NAMES, cwd=tmp_path)
    assert result.exit_code == 2
    assert "No space left on device" in result.stderr
    assert snapshot(tmp_path) == {}


def test_missing_names_without_a_terminal_exit_2(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", "ny", "--municipality", "Karlstads kommun", cwd=tmp_path)
    assert result.exit_code == 2
    assert "missing --police-area" in result.stderr
    assert not (tmp_path / "ny").exists()


def test_period_must_not_be_reversed(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("init", "ny", *NAMES, "--from", "2027-01-01", "--until", "2026-12-31",
                    cwd=tmp_path)
    assert result.exit_code == 2
    assert "is before --from" in result.stderr


def test_prompts_in_a_terminal(invoke: Invoke, tmp_path: Path,
                               monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(init_cli, "stdin_is_terminal", lambda: True)
    answers = "Hammarö kommun\nLokalpolisområde Karlstad\n2026-01-01\n2027-12-31\n"
    result = invoke("init", "ny", cwd=tmp_path, input=answers)
    assert result.exit_code == 0, result.output
    text = (tmp_path / "ny" / "commitments.yaml").read_text(encoding="utf-8")
    assert "id: hammaro-2026-2027" in text
    assert "valid_until: 2027-12-31" in text


@pytest.mark.parametrize("name", ['Kommun "med" citat: och # tecken', "Å", "x" * 200])
def test_any_names_make_a_valid_ledger(invoke: Invoke, tmp_path: Path, name: str) -> None:
    result = invoke("init", "ny", "--municipality", name, "--police-area", name, cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert invoke("check", cwd=tmp_path / "ny").exit_code == 0


def test_default_period_is_three_calendar_years() -> None:
    assert default_period(dt.date(2026, 11, 26)) == (dt.date(2026, 1, 1),
                                                      dt.date(2028, 12, 31))
