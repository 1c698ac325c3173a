"""Example ledgers: every one in valid/ passes `lofte check`, every one in invalid/ fails."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import Invoke

EXAMPLES = Path(__file__).parent / "examples"
FINDING = re.compile(r"^[^:]+:\d+:\d+: (error|warning)\[[a-z0-9-]+\]: .+$")


def _names(kind: str) -> list[str]:
    return sorted(p.name for p in (EXAMPLES / kind).iterdir() if p.is_dir())


def test_there_are_enough_examples() -> None:
    assert len(_names("valid")) >= 4
    assert len(_names("invalid")) >= 8


@pytest.mark.parametrize("name", _names("valid"))
def test_valid(name: str, invoke: Invoke) -> None:
    result = invoke("check", cwd=EXAMPLES / "valid" / name)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ok: ")
    assert result.stdout.count("\n") == 1


@pytest.mark.parametrize("name", _names("invalid"))
def test_invalid(name: str, invoke: Invoke) -> None:
    result = invoke("check", cwd=EXAMPLES / "invalid" / name)
    assert result.exit_code == 1, result.output
    *findings, summary = result.stdout.splitlines()
    assert len(findings) >= 2, result.stdout
    assert all(FINDING.match(line) for line in findings), result.stdout
    assert re.match(r"^\d+ errors? ", summary), summary
    assert "Traceback" not in result.output
