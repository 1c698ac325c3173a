"""Finding codes: one typed list (`FindingCode`), a title for each, and nothing else
accepted where a finding is made or read back."""

from __future__ import annotations

from typing import get_args

import pytest

from lofte.domain.findings import CODES, FINDING_CODES, Finding, FindingCode


def test_every_code_has_a_title_and_every_title_a_code() -> None:
    assert tuple(CODES) == get_args(FindingCode)
    assert set(CODES) == FINDING_CODES
    assert all(title for title in CODES.values())


def test_codes_are_stable_slugs() -> None:
    for code in get_args(FindingCode):
        assert code == code.lower() and " " not in code and "_" not in code


def test_a_finding_with_an_unknown_code_is_refused() -> None:
    with pytest.raises(ValueError, match="no-such-code"):
        Finding("a.yaml", 1, 1, "error", "no-such-code", "x")  # type: ignore[arg-type]
    assert Finding("a.yaml", 1, 1, "error", "personal-data", "x").code == "personal-data"
