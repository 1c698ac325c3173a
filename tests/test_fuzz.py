"""Fuzzing: random bytes and random YAML-shaped text, as an activity file and as
commitments.yaml, through the loader and `lofte check`. Nothing may escape but lofte's own
findings: no exception, no traceback, and every finding located and registered.

2,000 examples of activity files and 500 of commitments files with the `ci` Hypothesis
profile (derandomized: a failure in CI fails the same way anywhere), a tenth of that in the
quick everyday run (tests/conftest.py); LOFTE_FUZZ_EXAMPLES=20000 sets the count for the
activity files in either.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
import zlib
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from lofte.cli import app
from lofte.domain.findings import CODES, sort_findings
from lofte.domain.models import ACTIVITY_FIELDS
from lofte.render.check import Counts, render_github, render_json, render_text
from lofte.storage.loader import load_ledger
from tests.conftest import MINI_COMMITMENTS, examples

EXAMPLES = int(os.environ.get("LOFTE_FUZZ_EXAMPLES", str(examples(2000))))
# Everything else (deadline, derandomize, print_blob) from the loaded profile.
FUZZ = settings(max_examples=EXAMPLES,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
TODAY = dt.date(2025, 6, 1)

# --- YAML-shaped text -----------------------------------------------------------------

FIELD_NAMES = [*ACTIVITY_FIELDS, "promise", "parties", "commitments", "defaults", "id",
               "title", "owners", "max_gap_days", "target", "per", "at_least", "valid_from",
               "valid_until", "name", "datum", "<<", "? x", "- a", "", "nul\0", "ö"]
SCALARS = [
    "2024-03-14", "2024-02-30", "0000-01-01", "10000-01-01", "2024-3-4", "2024-03-14T10:00",
    "fotpatrullering", "trafikkontroller", "polisen", "kommunen", "Fotpatrullering",
    "0", "-1", "9" * 400, "0x" + "F" * 300, "0o777", "1e400", "-.inf", ".nan", "3.5",
    "~", "null", "true", "false", "yes", "no", "on", "", "''", '""', '"a\\x00b"',
    '"\\uD800"', "'it''s'", "|\n  block\n", ">-\n  folded\n", "a: b", "- x", "#",
    "070-123 45 67", "19121212-1212", "a@b.se", "ABC 123", "å ä ö", "\u2028", "\ufeff",
]
INDENTS = [" ", "  ", "    ", "\t", " \t"]


def scalar_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(SCALARS), st.text(max_size=20),
                     st.integers().map(str), st.floats().map(repr))


def decorated(value: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    """A value, sometimes with an anchor, alias, tag or comment."""
    prefix = st.sampled_from(["", "", "", "&a ", "*a", "!!str ", "!!python/name:os.system ",
                              "!x ", "!<tag:yaml.org,2002:int> ", "&b !!map "])
    suffix = st.sampled_from(["", "", "", " # note", " #", "  "])
    return st.tuples(prefix, value, suffix).map("".join)


def flow(depth: int) -> st.SearchStrategy[str]:
    item = decorated(scalar_text()) if depth <= 0 else st.one_of(
        decorated(scalar_text()), flow(depth - 1))
    lists = st.lists(item, max_size=4).map(lambda items: "[" + ", ".join(items) + "]")
    pairs = st.lists(st.tuples(st.sampled_from(FIELD_NAMES), item), max_size=4).map(
        lambda kv: "{" + ", ".join(f"{k}: {v}" for k, v in kv) + "}")
    return st.one_of(lists, pairs)


@st.composite
def block(draw: st.DrawFn, depth: int = 2) -> str:
    """A block mapping or list of YAML-like lines, with odd indentation now and then."""
    indent = draw(st.sampled_from(INDENTS)) if draw(st.integers(0, 9)) == 0 else "  "
    lines: list[str] = []
    as_list = draw(st.integers(0, 4)) == 0
    for _ in range(draw(st.integers(0, 8))):
        head = "- " if as_list else f"{draw(st.sampled_from(FIELD_NAMES))}:"
        choice = draw(st.integers(0, 9))
        if choice < 6 or depth <= 0:
            lines.append(f"{head} {draw(decorated(scalar_text()))}")
        elif choice < 8:
            lines.append(f"{head} {draw(flow(1))}")
        else:
            lines.append(head)
            child = draw(block(depth - 1))
            lines.extend(indent + line for line in child.splitlines())
    extra = draw(st.sampled_from(["", "", "---\n", "...\n", "%YAML 1.2\n---\n", "--- |\n",
                                  "\ufeff", "\r\n"]))
    return extra + "\n".join(lines) + draw(st.sampled_from(["\n", "", "\n\n", "\r\n"]))


@st.composite
def activity_like(draw: st.DrawFn) -> str:
    """Mostly a real activity with one thing changed, so that validation is reached."""
    base = {"date": "2024-03-14", "commitment": "fotpatrullering", "summary": "Fotpatrull."}
    for _ in range(draw(st.integers(0, 3))):
        base[draw(st.sampled_from(FIELD_NAMES))] = draw(st.one_of(
            decorated(scalar_text()), flow(1)))
    text = "".join(f"{k}: {v}\n" for k, v in base.items())
    return text if draw(st.booleans()) else "- " + text.replace("\n", "\n  ")


DOCUMENTS = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(str.encode),
    block().map(lambda text: text.encode("utf-8", "surrogatepass")),
    activity_like().map(lambda text: text.encode("utf-8", "surrogatepass")),
)

# --- the properties -------------------------------------------------------------------


def _ledger(commitments: bytes, activity: bytes) -> Path:
    root = Path(tempfile.mkdtemp(prefix="lofte-fuzz-"))
    (root / "activities").mkdir()
    (root / "commitments.yaml").write_bytes(commitments)
    (root / "activities" / "x.yaml").write_bytes(activity)
    return root


def _assert_sound(root: Path, data: bytes) -> None:
    """The loader and the three formats of `lofte check` for every example; the whole
    command, through Typer, for one example in eight (it costs as much as the rest)."""
    result = load_ledger(root, TODAY)
    for finding in result.findings:
        assert finding.code in CODES
        assert finding.line >= 1 and finding.column >= 1
        assert finding.message
    counts = Counts(result.commitments, result.activities, result.files)
    findings = sort_findings(result.findings)
    assert len(list(render_text(findings, counts, str(root)))) == len(findings) + 1
    list(render_github(findings, counts, str(root), None))
    assert json.loads(render_json(findings, counts, str(root), result.ok))["ok"] == result.ok
    if zlib.crc32(data) % 8 == 0:
        done = CliRunner().invoke(app, ["check", "--ledger", str(root), "--no-cache"],
                                  env={"COLUMNS": "100", "NO_COLOR": "1"},
                                  catch_exceptions=False)
        assert done.exit_code == (0 if result.ok else 1), done.output


@FUZZ
@given(activity=DOCUMENTS)
def test_any_activity_file(activity: bytes) -> None:
    root = _ledger(MINI_COMMITMENTS.encode(), activity)
    try:
        _assert_sound(root, activity)
    finally:
        _remove(root)


COMMITMENTS_LIKE = st.one_of(
    st.binary(max_size=300),
    block(depth=3).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.tuples(st.integers(0, len(MINI_COMMITMENTS)), decorated(scalar_text())).map(
        lambda cut: (MINI_COMMITMENTS[:cut[0]] + cut[1] + MINI_COMMITMENTS[cut[0]:]).encode(
            "utf-8", "surrogatepass")),
)


@settings(FUZZ, max_examples=max(EXAMPLES // 4, examples(200)))
@given(commitments=COMMITMENTS_LIKE)
def test_any_commitments_file(commitments: bytes) -> None:
    activity = b"date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull.\n"
    root = _ledger(commitments, activity)
    try:
        _assert_sound(root, commitments)
    finally:
        _remove(root)


def _remove(root: Path) -> None:
    shutil.rmtree(root)
