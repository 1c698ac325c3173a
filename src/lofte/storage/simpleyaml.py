"""A fast reader for the common activity file, with the careful reader for everything else.

Nearly every activity file is what `lofte log`, `lofte import` or a script writes: one
`key: value` per line at the top level, each value a plain word or number, a double-quoted
text, or a flow list of those:

    date: 2024-03-14
    commitment: trafikkontroller
    summary: "Hastighetskontroll vid Forshagaakademien, två trimmade mopeder."
    tags: [mopeder, "skolstart"]

`parse_simple` reads exactly that form with a few regular expressions, some ten times
faster than building Python objects from libyaml's events (`lofte.storage.yamlsafe`), and
gives the same data; whole-line comments (`# yaml-language-server: ...`) are passed over.
It has doubts about everything else and then returns None, so that the careful reader
reads the file: any `&`, `*` or `!` (anchors, aliases, tags), a comment after a value,
a block scalar or nested block, an escape other than `\\"` and `\\\\`, a duplicate key, a
key that is not a lower-case name, a character libyaml would refuse, a document marker,
unusual spacing. Plain scalars are resolved by the careful reader's own rule
(`yamlsafe.resolve_plain`), so `40`, `3.5`, `false`, `null` and dates mean the same in both.

What it accepts is held to the careful reader's result by tests/test_fast_paths.py, on the
error catalog, the hostile corpus, generated ledgers and random texts.
"""

from __future__ import annotations

import functools
import re
from typing import Any, Final, NamedTuple

from lofte.storage.yamlsafe import resolve_plain

# One top-level line: a lower-case key, `: `, and the rest of the line, not empty.
_KEY: Final = r"[a-z_]{1,64}"  # libyaml: keys of at most 1024
# Keys that match `_KEY`, known without the pattern: those of an activity.
COMMON_KEYS: Final = frozenset({"date", "commitment", "summary", "by", "place",
                                "people_reached", "hours", "tags", "links", "public",
                                "planned"})
# A plain scalar: starts with a letter, digit or one of `.+-~` (not `- `, a sequence
# entry), holds letters, digits, spaces and a few safe marks. No `:`, `#`, `,`, brackets,
# quotes or indicators anywhere. (Trailing spaces are told apart by the caller.)
_PLAIN: Final = r"(?!- )[\w.+~-][\w .+~/()-]*"
# A double-quoted scalar whose only escapes are `\"` and `\\`.
_QUOTED: Final = r'"[^"\\]*(?:\\["\\][^"\\]*)*"'
_ITEM: Final = rf" *(?:({_QUOTED})|({_PLAIN})) *(,|$)"
# What libyaml reads as text: tab, newline, printable ASCII and the printable planes (not
# NEL, which YAML 1.1 reads as a line break, nor the byte order mark).
_DOUBTFUL_CHARACTER: Final = \
    "[^\t\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
_UNESCAPE: Final = r"\\([\"\\])"


class _Patterns(NamedTuple):
    key: re.Pattern[str]
    plain: re.Pattern[str]
    quoted: re.Pattern[str]
    item: re.Pattern[str]
    doubtful: re.Pattern[str]
    unescape: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    """Compiled on first use: a warm run reads no file and never needs them."""
    return _Patterns(re.compile(_KEY), re.compile(_PLAIN), re.compile(_QUOTED),
                     re.compile(_ITEM), re.compile(_DOUBTFUL_CHARACTER),
                     re.compile(_UNESCAPE))


_DOUBT: Final = object()  # not one of the simple forms


def _quoted(text: str) -> str:
    inner = text[1:-1]
    return _patterns().unescape.sub(r"\1", inner) if "\\" in inner else inner


def _plain(text: str) -> Any:
    if text[-1] == " " or text == "-":
        return _DOUBT
    return resolve_plain(text)


def _flow(text: str) -> Any:
    """The items of `[a, "b c"]`, or _DOUBT."""
    if text[-1] != "]":
        return _DOUBT
    inner = text[1:-1]
    if not inner.strip(" "):
        return []
    if '"' not in inner:  # plain items only: no comma inside any, no pattern for one word
        return _plain_items(inner)
    items: list[Any] = []
    position, end = 0, len(inner)
    while position < end:
        found = _patterns().item.match(inner, position)
        if found is None:
            return _DOUBT
        quoted, plain, comma = found.groups()
        if quoted is not None:
            items.append(_quoted(quoted))
        else:
            plain = plain.rstrip(" ")
            if plain == "-":
                return _DOUBT
            items.append(resolve_plain(plain))
        position = found.end()
        if comma and position >= end:
            return _DOUBT  # a trailing comma
    return items


def _plain_items(inner: str) -> Any:
    """The items of a flow list without quotes, `inner` its text between the brackets:
    what `_ITEM` reads, one item between each two commas."""
    plain = _patterns().plain
    items: list[Any] = []
    for piece in inner.split(","):
        item = piece.strip(" ")
        if not item.isalnum() and (item == "-" or plain.fullmatch(item) is None):
            return _DOUBT  # also an empty item: a trailing comma, or two in a row
        items.append(resolve_plain(item))
    return items


def _value(text: str) -> Any:
    """The value of one of the simple forms; _DOUBT if `text` is not one."""
    first = text[0]
    if first == '"':
        inner = text[1:-1]
        if len(text) > 1 and text[-1] == '"' and '"' not in inner and "\\" not in inner:
            return inner  # no escape: what `_QUOTED` reads, without the pattern
        return _quoted(text) if _patterns().quoted.fullmatch(text) else _DOUBT
    if first == "[":
        return _flow(text)
    if text.isalnum():  # one word or number: `_PLAIN` without the pattern
        return resolve_plain(text)
    return _plain(text) if _patterns().plain.fullmatch(text) else _DOUBT


def parse_simple(text: str) -> dict[str, Any] | None:
    """The mapping in `text` when it has the simple form above; None when in any doubt."""
    patterns = _patterns()
    if "&" in text or "*" in text or "!" in text \
            or patterns.doubtful.search(text) is not None:
        return None
    key_pattern = patterns.key
    data: dict[str, Any] = {}
    for line in text.split("\n"):
        if not line or line[0] == "#":  # a whole-line comment (lofte log writes one)
            continue
        # the key is all before the first `: `, which no key holds
        key, _separator, raw = line.partition(": ")
        if not raw or (key not in COMMON_KEYS and key_pattern.fullmatch(key) is None):
            return None
        if key in data:
            return None  # the careful reader names the duplicate key
        value = _value(raw)
        if value is _DOUBT:
            return None
        data[key] = value
    return data or None
