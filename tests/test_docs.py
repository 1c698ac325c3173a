"""Every command has help text and is documented in the README (as sqlite-utils does)."""

from __future__ import annotations

from pathlib import Path

import pytest

from lofte.cli import app
from tests.conftest import Invoke

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(info.name or (info.callback.__name__ if info.callback else "")
                  for info in app.registered_commands)


def test_there_are_commands() -> None:
    assert "check" in COMMANDS


@pytest.mark.parametrize("name", COMMANDS)
def test_command_has_help_text(name: str, invoke: Invoke) -> None:
    result = invoke(name, "--help")
    assert result.exit_code == 0, result.output
    info = next(c for c in app.registered_commands
                if (c.name or (c.callback.__name__ if c.callback else "")) == name)
    assert info.callback is not None
    assert (info.help or info.callback.__doc__ or "").strip(), f"`lofte {name}` has no help"


@pytest.mark.parametrize("name", COMMANDS)
def test_command_is_in_readme(name: str) -> None:
    assert f"lofte {name}" in README, f"README.md does not document `lofte {name}`"


def test_version(invoke: Invoke) -> None:
    from lofte import __version__

    result = invoke("--version")
    assert result.exit_code == 0
    assert result.stdout == f"lofte {__version__}\n"
