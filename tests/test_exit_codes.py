"""Exit codes through the real entry point (`lofte.cli.app.run`), as a shell sees them:
0 success, 1 findings, 2 usage, 3 a bug (one line, no traceback), 130 interrupted."""

from __future__ import annotations

import importlib
import io
import os
from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeLedger

app_module = importlib.import_module("lofte.cli.app")  # `lofte.cli.app` is also the Typer app
OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"


def run(*args: str) -> int:
    code: int = app_module.run(list(args))
    return code


@pytest.fixture(autouse=True)
def plain_output(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.delenv("LOFTE_DEBUG", raising=False)
    monkeypatch.setenv("LOFTE_LEDGER", "")


def test_success_findings_and_usage(make_ledger: MakeLedger,
                                    capsys: pytest.CaptureFixture[str]) -> None:
    root = make_ledger({"a.yaml": OK})
    assert run("check", "--ledger", str(root)) == 0
    (root / "activities" / "b.yaml").write_text(OK.replace("fotpatrullering", "x"),
                                                encoding="utf-8")
    assert run("check", "--ledger", str(root)) == 1
    assert run("status", "--no-such-option", "--ledger", str(root)) == 2
    assert "No such option" in capsys.readouterr().err
    assert run("--version") == 0


def test_an_internal_error_is_exit_3_in_one_line(make_ledger: MakeLedger,
                                                 monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug")

    check_module = importlib.import_module("lofte.cli.check")
    monkeypatch.setattr(check_module, "check_group", broken)
    assert run("check", "--ledger", str(make_ledger())) == 3
    err = capsys.readouterr().err
    assert err == ("lofte: internal error: RuntimeError: a bug\n"
                   "Please report it; run again with LOFTE_DEBUG=1 for details.\n")
    monkeypatch.setenv("LOFTE_DEBUG", "1")
    with pytest.raises(RuntimeError, match="a bug"):
        run("check", "--ledger", str(make_ledger()))


def test_a_file_that_would_not_load_back_is_a_bug_not_a_usage_error(
        make_ledger: MakeLedger, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    writer = importlib.import_module("lofte.storage.activity_writer")

    def differs(text: str, activity: object) -> None:
        raise writer.RoundTripError("the YAML written for this activity reads back differently")

    monkeypatch.setattr(writer, "verify_round_trip", differs)
    monkeypatch.setattr(writer, "verify_read", differs)  # (what a text reads as, when known)
    root = make_ledger()
    assert run("log", "fot", "Fotpatrull.", "--date", "2024-03-14", "--ledger", str(root)) == 3
    assert "internal error: RoundTripError" in capsys.readouterr().err
    assert list((root / "activities").iterdir()) == []


def test_end_of_input_at_a_question_is_exit_130(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    init_module = importlib.import_module("lofte.cli.init")
    monkeypatch.setattr(init_module, "stdin_is_terminal", lambda: True)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert run("init", str(tmp_path / "ny")) == 130
    assert "interrupted" in capsys.readouterr().err
    assert not (tmp_path / "ny" / "commitments.yaml").exists()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_ledger_option_that_is_a_loop_of_links_is_exit_2(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, invoke: Invoke) -> None:
    (tmp_path / "a").symlink_to(tmp_path / "b")
    (tmp_path / "b").symlink_to(tmp_path / "a")
    for ledger in ("a", str(tmp_path / "a")):  # relative and absolute alike
        result = invoke("status", "--ledger", ledger, cwd=tmp_path)
        assert result.exit_code == 2, result.output
        assert result.stderr.startswith(f"lofte: no ledger at {ledger}")


def test_an_unusable_ledger_is_exit_1_in_every_command(make_ledger: MakeLedger,
                                                       invoke: Invoke) -> None:
    root = make_ledger(commitments="promise: [\n")
    for args in (("check",), ("status",), ("show", "fot"), ("report",),
                 ("log", "fot", "x", "--date", "2024-03-14")):
        result = invoke(*args, "--ledger", str(root))
        assert result.exit_code == 1, (args, result.output)
        assert "error[yaml-syntax]" in result.output
