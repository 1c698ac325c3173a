"""The check of the common activity in plain Python does what the careful path does.

`common_activities` (lofte.domain.common_activity) either has doubts (None) or gives what
the careful path gives, pydantic's validation and the privacy check: the same fields, of
the same types, and nothing to report. Every activity the careful path has anything to say
about (an error, a warning) is handed over to it. Held on generated activities, valid and
invalid, on the limits of every field, on every YAML file of the repository, and on a whole
`lofte check` in tests/test_fast_paths.py.
"""

from __future__ import annotations

import datetime as dt
import math
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.domain import privacy
from lofte.domain.common_activity import KEYS, common_activities, common_fields
from lofte.domain.layout import CachedActivity
from lofte.domain.models import ACTIVITY_FIELDS, activity_fields
from lofte.domain.validation import check_privacy, validate_activity_document
from lofte.storage import activity_reader
from tests.conftest import examples
from tests.test_fast_paths import ROOT, _yaml_files


def careful(data: Any) -> tuple[CachedActivity, ...] | None:
    """What the careful path gives when it has nothing to say; None when it has."""
    doc = validate_activity_document(data)
    for activity, index in doc.valid:
        doc.issues.extend(check_privacy(activity, () if index is None else (index,)))
    if doc.issues or doc.salvaged or not doc.valid:
        return None
    return tuple((index, activity_fields(activity)) for activity, index in doc.valid)


def agrees(data: Any) -> bool:
    """The fast check has doubts, or gives exactly the careful path's result: `repr` tells
    4 from 4.0, 0 from False and -0.0 from 0.0."""
    fast = common_activities(data)
    return fast is None or repr(fast) == repr(careful(data))


# --- generated activities ----------------------------------------------------------------

_SLUGS = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}\Z")
_BAD_SLUGS = st.sampled_from(["A", "a--b", "-a", "a-", "a_b", "å", "a\n", "a b", "", "a" * 65,
                              "١٢", "x" * 64, "polisen", "0"])
_IDS = st.one_of(_SLUGS, _BAD_SLUGS, st.lists(st.one_of(_SLUGS, _BAD_SLUGS), max_size=3),
                 st.lists(_SLUGS, min_size=1, max_size=3), st.none(), st.integers(),
                 st.just(["a", 1]), st.just([["a"]]))
_DATES = st.one_of(
    st.dates().map(dt.date.isoformat),
    st.sampled_from(["2024-02-29", "2023-02-29", "2024-13-01", "2024-00-10", "2024-3-1",
                     " 2024-03-14", "2024-03-14\n", "2024-03-14T10:00", "٢٠٢٤-03-14",
                     "0000-01-01", "9999-12-31", "20240314", ""]),
    st.dates(), st.integers(), st.none(), st.just(["2024-03-14"]),
    st.just(dt.datetime(2024, 3, 14, 10, 0)))
# Text: ordinary Swedish, personal data, the characters that are not printable, white space.
_PIECES = st.sampled_from([
    "Fotpatrull", " vid ", "torget", "å", "Ö", ", ", ": ", '"', "12", "3", "07", "070-123 45 67",
    "811218-9876", "ABC 123", "abc 123 bil", "anna@example.se", "anna at example dot se",
    "(a)", "snabel-a", "at", " ", "\t", "\n", "\x00", "\x1b", "\x85", "\xa0", "\u200b",
    "\u202e", "\ufeff", "\ud800", "\U0001f600", "\u2028", "\u3000", "x" * 40,
])
_TEXT = st.one_of(st.lists(_PIECES, max_size=6).map("".join), st.text(max_size=20))
_TEXTS = st.one_of(st.lists(_TEXT, max_size=3), st.lists(_PIECES, max_size=3), _TEXT,
                   st.none(), st.just([1]), st.just([["x"]]))
_NUMBERS = st.one_of(
    st.integers(min_value=-3, max_value=12), st.integers(), st.floats(allow_nan=True),
    st.sampled_from([0, -0.0, 12.0, 12.5, 10_000_000, 10_000_001, 1e7, 1e7 + 1, 100_000,
                     100_000.0, 100_000.5, math.inf, -math.inf, math.nan, 2**70, True,
                     False, "3", "3.5", None]))
_FLAGS = st.one_of(st.booleans(), st.sampled_from([0, 1, "true", "yes", None, 1.0]))
_VALUES: dict[str, st.SearchStrategy[Any]] = {
    "date": _DATES, "commitment": _IDS, "summary": _TEXT, "by": _IDS, "place": _TEXT,
    "people_reached": _NUMBERS, "hours": _NUMBERS, "tags": _TEXTS, "links": _TEXTS,
    "public": _FLAGS, "planned": _FLAGS,
}
_UNKNOWN = st.dictionaries(st.sampled_from(["Date", "summry", "extra", "tag", 1, None]),
                           st.just("x"), max_size=1)


@st.composite
def activities(draw: st.DrawFn) -> dict[Any, Any]:
    """Mostly a valid activity with a few fields changed, missing or added."""
    item: dict[Any, Any] = {"date": "2024-03-14", "commitment": "fotpatrullering",
                            "summary": "Fotpatrull vid torget."}
    for key in draw(st.lists(st.sampled_from(ACTIVITY_FIELDS), max_size=5, unique=True)):
        if draw(st.integers(0, 5)) == 0:
            item.pop(key, None)
        else:
            item[key] = draw(_VALUES[key])
    item.update(draw(_UNKNOWN) if draw(st.integers(0, 9)) == 0 else {})
    return item


@settings(max_examples=examples(2000))
@given(activities())
def test_a_generated_activity_is_the_careful_paths_or_handed_over(item: dict[Any, Any]) -> None:
    assert agrees(item)


@settings(max_examples=examples(500))
@given(st.lists(activities(), max_size=4))
def test_a_generated_list_of_activities_is_the_careful_paths_or_handed_over(
        items: list[Any]) -> None:
    assert agrees(items)


# Printable text: what the fast check takes as it stands.
_PRINTABLE = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"],
                                   exclude_characters="\xa0\u1680\u2000\u2001\u2002\u2003"
                                   "\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f"
                                   "\u3000"), min_size=1, max_size=30)


@st.composite
def common_activity(draw: st.DrawFn) -> dict[str, Any]:
    item: dict[str, Any] = {"date": draw(st.dates()).isoformat(),
                            "commitment": draw(st.one_of(_SLUGS, st.lists(_SLUGS, min_size=1,
                                                                          max_size=3))),
                            "summary": draw(_PRINTABLE)}
    optional = {
        "by": st.one_of(st.none(), _SLUGS, st.lists(_SLUGS, min_size=1, max_size=3)),
        "place": st.one_of(st.none(), st.just(""), _PRINTABLE),
        "people_reached": st.one_of(st.none(), st.integers(0, 10_000_000),
                                    st.integers(0, 10_000).map(float)),
        "hours": st.one_of(st.none(), st.integers(0, 100_000),
                           st.floats(0, 100_000, allow_nan=False)),
        "tags": st.lists(_PRINTABLE, max_size=3), "links": st.lists(_PRINTABLE, max_size=2),
        "public": st.booleans(), "planned": st.booleans(),
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True)):
        item[key] = draw(optional[key])
    return item


@settings(max_examples=examples(1000))
@given(common_activity())
def test_a_common_activity_is_taken_as_the_careful_path_takes_it(item: dict[str, Any]) -> None:
    """Valid with printable text: the fast check decides, and only personal data (which
    the careful path warns about) sends it over."""
    fast, slow = common_activities(item), careful(item)
    assert (fast is None) == (slow is None)
    assert repr(fast) == repr(slow)


# --- the limits of the model ---------------------------------------------------------------

_BASE = {"date": "2024-03-14", "commitment": "a", "summary": "Fotpatrull."}


@pytest.mark.parametrize(("key", "value"), [
    ("date", "2024-02-29"), ("date", "2023-02-29"), ("date", "0001-01-01"),
    ("date", "9999-12-31"), ("date", "2024-12-31"), ("date", "2024-04-31"),
    ("commitment", "a" * 64), ("commitment", "a" * 65), ("commitment", []),
    ("commitment", ["a", "b-c"]), ("by", None), ("by", []), ("by", "x" * 65),
    ("summary", "x" * 5000), ("summary", "x" * 5001), ("summary", " "), ("summary", ""),
    ("summary", " x "), ("summary", "\u3000"), ("place", ""), ("place", None),
    ("people_reached", 10_000_000), ("people_reached", 10_000_001), ("people_reached", 0),
    ("people_reached", -1), ("people_reached", 1e7), ("people_reached", -0.0),
    ("hours", 100_000), ("hours", 100_001), ("hours", 100_000.0), ("hours", 100_000.001),
    ("hours", 0), ("hours", -0.0), ("hours", -0.001), ("hours", 4),
    ("tags", []), ("tags", [""]), ("tags", ["x" * 5001]), ("links", ["https://x.se/a"]),
    ("public", False), ("planned", True), ("public", 1), ("planned", None),
])
def test_the_limits_are_the_models(key: str, value: Any) -> None:
    item = {**_BASE, key: value}
    slow = careful(item)
    assert repr(common_activities(item)) == repr(slow)


def test_the_keys_are_the_models() -> None:
    assert frozenset(ACTIVITY_FIELDS) == KEYS


@pytest.mark.parametrize("data", [None, [], "x", 1, [1], [_BASE, 1], {**_BASE, "x": 1},
                                  {"date": "2024-03-14"}, [_BASE, [_BASE]]])
def test_anything_else_is_handed_over(data: Any) -> None:
    assert common_activities(data) is None
    assert common_fields(data) is None


def test_personal_data_in_a_public_activity_is_handed_over() -> None:
    item = {**_BASE, "place": "Ring 070-123 45 67"}
    assert common_activities(item) is None
    assert careful(item) is None
    assert common_activities({**item, "public": False}) is not None


# --- the privacy check's first look ---------------------------------------------------------

@settings(max_examples=examples(1000))
@given(st.lists(_TEXT, max_size=4))
def test_texts_looked_at_together_hold_personal_data_as_one_by_one(texts: list[str]) -> None:
    assert privacy.holds_personal_data(texts) == any(
        privacy.find_personal_data(text) for text in texts)


_OLD_AT_WORD = privacy.re.compile(r"at(?!\w)(?<!\wat)|snabel|[\[({]a[\])}]")


def _old_email_hint(text: str) -> bool:
    if "@" in text:
        return True
    low = text.lower()
    return ("at" in low or "a)" in low or "a]" in low or "a}" in low or "snabel" in low) and (
        _OLD_AT_WORD.search(low) is not None)


@settings(max_examples=examples(1000))
@given(st.one_of(_TEXT, st.lists(st.sampled_from(["at", "a", "t", "(", ")", "[", "]", "{",
                                                  "}", "snabel", "x", " ", "İ", "@", "Å"]))
                 .map("".join)))
def test_the_hint_of_an_e_mail_address_is_what_it_was(text: str) -> None:
    assert privacy._email_hint(text) == _old_email_hint(text)


# --- files ------------------------------------------------------------------------------------

ALL_YAML = _yaml_files("tests/errors", "tests/corpus", "examples", "data")


def test_every_yaml_file_of_the_repository_gives_the_same_record(
        monkeypatch: pytest.MonkeyPatch) -> None:
    fast = [activity_reader.read_activity_file(str(path), None)[0] for path in ALL_YAML]
    monkeypatch.setattr(activity_reader, "COMMON_CHECK", None)
    slow = [activity_reader.read_activity_file(str(path), None)[0] for path in ALL_YAML]
    assert repr(fast) == repr(slow)
    examples_read = [path for path in _yaml_files("examples")
                     if common_activities(activity_reader.SIMPLE_READER(path.read_text("utf-8"))
                                          if activity_reader.SIMPLE_READER else None) is not None]
    assert len(examples_read) > 100  # the examples are common activities


def test_a_valid_ledger_is_checked_without_building_pydantics_validator(
        tmp_path: Path) -> None:
    """A check of common activities never builds the validator of `Activity` (a cost of
    each process that reads files)."""
    script = textwrap.dedent(f"""
        import datetime as dt, shutil, sys
        from pathlib import Path
        from lofte.domain.models import Activity
        from lofte.storage import loader
        loader.PARALLEL_FROM = 10**9
        result = loader.load_ledger(Path({str(ROOT / "examples" / "demo")!r}),
                                    dt.date(2025, 12, 31))
        assert result.activities > 100, result
        sys.exit(0 if not Activity.__pydantic_complete__ else 3)
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         check=False, cwd=ROOT)
    assert run.returncode == 0, run.stderr
