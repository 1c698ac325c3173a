"""The safe YAML reader: plain data out, unsafe constructs refused with a position."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lofte.storage.textfile import decode
from lofte.storage.yamlsafe import MAX_DEPTH, parse_yaml
from tests.conftest import examples


def test_scalars_resolve_as_yaml_1_2_and_dates_stay_text() -> None:
    parsed = parse_yaml("a: 'q'\nb: 2024-03-14\nc: 3.5\nd: true\ne: ~\nf: 0x1f\ng: no\nh: 12\n")
    assert parsed.problems == []
    assert parsed.value == {"a": "q", "b": "2024-03-14", "c": 3.5, "d": True, "e": None,
                            "f": 31, "g": "no", "h": 12}


def test_positions_are_one_based_and_count_characters_not_bytes() -> None:
    parsed = parse_yaml("åäö: [x, y]\nb: ö\n", locate=True)
    assert parsed.key_at[("åäö",)] == (1, 1)
    assert parsed.value_at[("åäö", 1)] == (1, 10)
    assert parsed.value_at[("b",)] == (2, 4)


@pytest.mark.parametrize(("text", "code", "line", "column"), [
    ("a: &x 1\nb: *x\n", "yaml-anchor", 1, 4),
    ("a: !!python/object/apply:os.system ['true']\n", "yaml-tag", 1, 4),
    ("a: !foo 1\n", "yaml-tag", 1, 4),
    ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3, 1),
    ("a:\n\tb: 1\n", "yaml-syntax", 2, 1),
    ("a: b: c\n", "yaml-syntax", 1, 5),
    ("a: \x00\n", "yaml-syntax", 1, 4),
    ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, 1),
    ("[" * (MAX_DEPTH + 5), "yaml-too-deep", 1, MAX_DEPTH + 1),
])
def test_refusals_are_located(text: str, code: str, line: int, column: int) -> None:
    parsed = parse_yaml(text)
    assert [(p.code, p.line, p.column) for p in parsed.problems] == [(code, line, column)]
    assert parsed.value is None


def test_a_complex_key_is_reported_and_the_rest_still_read() -> None:
    parsed = parse_yaml("? [a]\n: 1\nb: 2\n")
    assert [p.code for p in parsed.problems] == ["yaml-key-type"]
    assert parsed.value == {"b": 2}


def test_alias_bomb_is_refused_at_the_first_anchor() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
        f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n"
        for p, c in zip("abcdefgh", "bcdefghi", strict=True))
    parsed = parse_yaml(bomb)
    assert [p.code for p in parsed.problems] == ["yaml-anchor"]


def test_empty_and_comment_only_text_is_empty() -> None:
    assert parse_yaml("").empty
    assert parse_yaml("# nothing\n\n").empty
    assert not parse_yaml("null\n").empty


def test_an_integer_beyond_pythons_digit_limit_stays_text() -> None:
    assert parse_yaml("a: " + "9" * 5000 + "\n").value == {"a": "9" * 5000}


@pytest.mark.parametrize(("data", "code", "line", "column"), [
    (b"\xef\xbb\xbfa: 1\n", "utf8-bom", 1, 1),
    (b"a: 1\r\nb: 2\r\n", "crlf-line-endings", 1, 5),
    (b"a: 1\nb: \xe5\n", "not-utf8", 2, 4),
    (b"\xc3\xa5\xc3\xa4: \xe5\n", "not-utf8", 1, 5),
])
def test_text_problems_are_located(data: bytes, code: str, line: int, column: int) -> None:
    assert [(p.code, p.line, p.column) for p in decode(data).problems] == [(code, line, column)]


@settings(max_examples=examples(500))
@given(st.text(max_size=300))
def test_any_text_is_read_without_an_exception(text: str) -> None:
    parsed = parse_yaml(text, locate=True)
    assert parsed.value is None or isinstance(parsed.value, (dict, list, str, int, float, bool))
