"""Hostile and broken input: located findings, exit 1, never a traceback, nothing executed."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): error\[(?P<code>[a-z0-9-]+)\]: ")

Finding = tuple[str, int, int, str]


def check(invoke: Invoke, root: Path) -> list[Finding]:
    """Run `lofte check` in `root`; it must fail cleanly. Returns (path, line, col, code)."""
    result = invoke("check", cwd=root)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    assert result.stderr == ""
    found = []
    for line in result.stdout.splitlines()[:-1]:
        match = LINE.match(line)
        assert match, line
        found.append((match["path"], int(match["line"]), int(match["col"]), match["code"]))
    return found


def billion_laughs() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 9) + "]")
    return "\n".join(lines) + "\n"


ACTIVITY_CASES = [
    pytest.param("date: [2024-03-14\ncommitment: fotpatrullering\n", "yaml-syntax", (2, 11),
                 id="malformed-yaml"),
    pytest.param(OK.replace("torget", "tåget").encode("latin-1"), "not-utf8", (3, 26),
                 id="latin-1"),
    pytest.param(b"\xef\xbb\xbf" + OK.encode(), "utf8-bom", (1, 1), id="bom"),
    pytest.param(OK.replace("\n", "\r\n"), "crlf-line-endings", (1, 17), id="crlf"),
    pytest.param("date: 2024-03-14\ncommitment:\n\t- fotpatrullering\nsummary: x\n",
                 "yaml-syntax", (3, 1), id="tab-indentation"),
    pytest.param("", "empty-file", (1, 1), id="empty-activity"),
    pytest.param(billion_laughs(), "yaml-anchor", (1, 4), id="billion-laughs"),
    pytest.param(OK + 'place: !!python/object/apply:os.system ["touch PWNED"]\n',
                 "yaml-tag", (4, 8), id="python-tag"),
    pytest.param(OK + "place: !foo Torget\n", "yaml-tag", (4, 8), id="other-tag"),
    pytest.param(OK + "summary: Igen.\n", "yaml-duplicate-key", (4, 1), id="duplicate-key"),
    pytest.param(OK + "peple_reached: 3\n", "unknown-field", (4, 1), id="unknown-field"),
    pytest.param(OK + "hours: mycket\n", "wrong-type", (4, 8), id="wrong-type"),
    pytest.param(OK + "by: [brandkaren]\n", "unknown-party", (4, 6), id="by-no-party"),
    pytest.param(OK.replace("2024-03-14", "2022-12-31"), "date-outside-promise", (1, 7),
                 id="before-promise"),
    pytest.param(OK.replace("2024-03-14", "2026-01-01"),
                 "date-outside-promise", (1, 7), id="after-promise"),
    pytest.param(OK + "tags: " + "[" * 1000 + "\n", "yaml-too-deep", (4, 38),
                 id="deep-nesting-unclosed"),
    pytest.param(OK + "tags: " + "[" * 1000 + "]" * 1000 + "\n", "yaml-too-deep", (4, 38),
                 id="deep-nesting"),
    pytest.param(OK.replace("vid torget", "vid\0torget"), "yaml-syntax", (3, 24), id="nul-byte"),
    pytest.param(OK + "people_reached: " + "9" * 5000 + "\n", "invalid-value", (4, 17),
                 id="5000-digits"),
    pytest.param(OK.replace("2024-03-14", "2024-02-30"), "invalid-value", (1, 7),
                 id="february-30"),
]


@pytest.mark.parametrize(("content", "code", "where"), ACTIVITY_CASES)
def test_bad_activity_file(content: str | bytes, code: str, where: tuple[int, int],
                           invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": content})
    found = check(invoke, root)
    assert found == [("activities/x.yaml", *where, code)]
    assert not (root / "PWNED").exists()


def test_file_of_2_mib(invoke: Invoke, make_ledger: MakeLedger) -> None:
    size = 2 * 1024 * 1024
    root = make_ledger({"x.yaml": OK + "# " + "x" * (size - len(OK) - 3) + "\n"})
    assert check(invoke, root) == [("activities/x.yaml", 1, 1, "file-too-large")]


def test_date_after_today(invoke: Invoke, make_ledger: MakeLedger) -> None:
    later = (dt.date.today() + dt.timedelta(days=2)).isoformat()
    root = make_ledger({"x.yaml": OK.replace("2024-03-14", later)},
                       commitments=MINI_COMMITMENTS.replace("2025-12-31", "2099-12-31"))
    assert check(invoke, root) == [("activities/x.yaml", 1, 7, "date-in-future")]


def test_unknown_field_says_did_you_mean(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("check", cwd=make_ledger({"x.yaml": OK + "peple_reached: 3\n"}))
    assert "unknown field `peple_reached`; did you mean `people_reached`?" in result.stdout


@pytest.mark.parametrize(("commitments", "code", "where"), [
    pytest.param("", "empty-file", (1, 1), id="empty"),
    pytest.param("- id: fotpatrullering\n  title: Fotpatrull\n", "wrong-shape", (1, 1),
                 id="a-list"),
    pytest.param(MINI_COMMITMENTS + "promise: igen\n", "yaml-duplicate-key", (25, 1),
                 id="duplicate-key"),
])
def test_bad_commitments_file(commitments: str, code: str, where: tuple[int, int],
                              invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": OK}, commitments=commitments)
    assert check(invoke, root) == [("commitments.yaml", *where, code)]
