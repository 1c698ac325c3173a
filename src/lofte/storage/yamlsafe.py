"""A safe, fast YAML reader built on libyaml's event stream.

It builds plain Python data (dict, list, str, int, float, bool, None) and refuses
everything lofte never needs: anchors and aliases (no "billion laughs"), explicit tags
(no `!!python/...`), duplicate keys, non-text keys and deep nesting. Nothing is ever
constructed from a tag, and the builder is iterative, so no input can recurse or expand.

With `locate=True` it also records where every key and value starts, which is how
findings get their line and column. The bulk path runs without it.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from typing import Any, Final

from _ruamel_yaml import (
    AliasEvent,
    CParser,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from lofte import messages as m
from lofte.domain.findings import TextProblem
from lofte.i18n import _

MAX_DEPTH: Final = 32

Loc = tuple[str | int, ...]

_TAG = "tag:yaml.org,2002:"
_RESOLVER = VersionedResolver(version=(1, 2))
_SPECIAL_FLOATS: Final = {
    ".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": math.nan,
}


@dataclass(slots=True)
class ParsedYaml:
    """The result of reading one YAML text.

    `value` is None both for an empty stream (`empty` is True) and when a problem made
    the document unusable (`problems` is non-empty).
    """

    value: Any = None
    empty: bool = False
    problems: list[TextProblem] = field(default_factory=list)
    value_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_at: dict[Loc, tuple[int, int]] = field(default_factory=dict)


class _Rejected(Exception):
    def __init__(self, problem: TextProblem) -> None:
        self.problem = problem


# Only a plain scalar starting with one of these can resolve to anything but text.
_NON_TEXT_START: Final = frozenset("-+.0123456789~nNtTfF")


def _resolve_plain(text: str) -> Any:
    """Plain scalars per YAML 1.2 (as ruamel.yaml writes them); dates stay text."""
    if text and text[0] not in _NON_TEXT_START:
        return text
    if len(text) > 64:  # keep the cache small whatever the input
        return _resolve_by_tag.__wrapped__(text)
    return _resolve_by_tag(text)


resolve_plain: Final = _resolve_plain  # also the rule of `lofte.storage.simpleyaml`


@functools.lru_cache(maxsize=8192)
def _resolve_by_tag(text: str) -> Any:
    tag = str(_RESOLVER.resolve(ScalarNode, text, (True, False)))
    kind = tag.removeprefix(_TAG)
    if kind == "null":
        return None
    if kind == "bool":
        return text.lower() == "true"
    if kind == "int":
        digits = text.replace("_", "")
        try:
            return int(digits, 0) if digits.lstrip("+-")[:2].lower() in {"0x", "0o", "0b"} \
                else int(digits, 10)
        except ValueError:  # over Python's digit limit, or an odd YAML 1.1 form
            return text
    if kind == "float":
        special = _SPECIAL_FLOATS.get(text.lower())
        if special is not None:
            return special
        try:
            return float(text.replace("_", ""))
        except ValueError:
            return text
    return text


def _mark(event: Any) -> tuple[int, int]:
    mark = event.start_mark
    return mark.line + 1, mark.column + 1


def _reject_unsafe(event: Any) -> None:
    if isinstance(event, AliasEvent):
        raise _Rejected(TextProblem(*_mark(event), "yaml-anchor",
                                    _(m.ALIAS).format(alias=event.anchor)))
    anchor = event.anchor
    if anchor is not None:
        raise _Rejected(TextProblem(*_mark(event), "yaml-anchor",
                                    _(m.ANCHOR).format(anchor=anchor)))
    tag = event.tag
    if tag is not None:
        shown = "!!" + tag[len(_TAG):] if tag.startswith(_TAG) else tag
        raise _Rejected(TextProblem(*_mark(event), "yaml-tag", _(m.TAG).format(tag=shown)))


class _BadKey:
    """Stands for a key that is not a scalar; its value is dropped."""


def parse_yaml(text: str, *, locate: bool = False) -> ParsedYaml:
    """Read one YAML document from `text`. Never raises for any input text."""
    result = ParsedYaml()
    try:
        _build(CParser(text), result, locate)
    except _Rejected as rejected:
        result.value = None
        result.problems.append(rejected.problem)
    except MarkedYAMLError as exc:
        result.value = None
        result.problems.append(_syntax_problem(exc, text))
    except ReaderError as exc:
        result.value = None
        line, column = _position(text, exc.position)
        char = exc.character
        code = char if isinstance(char, int) else ord(str(char)[:1] or "\0")
        result.problems.append(TextProblem(line, column, "yaml-syntax",
                                           _(m.CONTROL_CHARACTER).format(code=code)))
    except YAMLError as exc:  # any other libyaml complaint
        result.value = None
        result.problems.append(TextProblem(1, 1, "yaml-syntax", str(exc).replace("\n", " ")))
    return result


def _position(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _syntax_problem(exc: MarkedYAMLError, text: str) -> TextProblem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    escape = _escape_problem(exc, text)
    if escape is not None:
        start, message = escape
        line, column = _position(text, start)  # at the backslash
        return TextProblem(line, column, "yaml-syntax", message)
    problem = exc.problem or _(m.INVALID_YAML)
    message = problem
    context_mark = exc.context_mark
    if exc.context and context_mark is not None and (context_mark.line, context_mark.column) != (
            mark.line if mark else -1, mark.column if mark else -1):
        message += _(m.SYNTAX_CONTEXT).format(context=exc.context, line=context_mark.line + 1,
                                           column=context_mark.column + 1)
    lines = text.split("\n")
    offending = lines[line - 1] if 0 < line <= len(lines) else ""
    if "\t" in offending[: len(offending) - len(offending.lstrip(" \t"))]:
        message += _(m.TABS)
    elif "mapping values are not allowed" in problem:
        message += _(m.QUOTE_COLON)
    else:
        message += next((_(hint) for context, hint in m.SYNTAX_HINTS.items()
                         if context in (exc.context or "")), "")
    return TextProblem(line, column, "yaml-syntax", message)


# What libyaml says about a backslash escape in a double-quoted string, which a hint to
# close the quotes would only mislead.
_ESCAPE_PROBLEMS: Final = ("invalid Unicode character escape code", "unknown escape character",
                           "expected hexdecimal number")
_ESCAPE: Final = re.compile(
    r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[uU][0-9A-Fa-f]*|x[0-9A-Fa-f]?|.?)", re.DOTALL)
_SURROGATES: Final = range(0xD800, 0xE000)
_LOW_SURROGATES: Final = range(0xDC00, 0xE000)


def _escape_problem(exc: MarkedYAMLError, text: str) -> tuple[int, str] | None:
    """Where the escape libyaml refused begins, and a message naming it and what to write
    instead; None when the problem is not about an escape."""
    problem, mark = exc.problem or "", exc.problem_mark
    if mark is None or not any(known in problem for known in _ESCAPE_PROBLEMS):
        return None
    # libyaml marks the escape's backslash, or the first hex digit after `\u`/`\U`/`\x`
    start = text.rfind("\\", 0, mark.index + 1)
    found = _ESCAPE.match(text, start) if start >= 0 else None
    if found is None:
        return mark.index, _(m.BAD_ESCAPE).format(escape="\\")
    return start, _escape_message(found.group(), _ESCAPE.match(text, found.end()))


def _code(escape: str) -> int | None:
    """The number a complete `\\uXXXX` or `\\UXXXXXXXX` escape names."""
    if (escape[1:2] == "u" and len(escape) == 6) or (escape[1:2] == "U" and len(escape) == 10):
        return int(escape[2:], 16)
    return None


def _escape_message(escape: str, following: re.Match[str] | None) -> str:
    code = _code(escape)
    if code is None:
        return _(m.BAD_ESCAPE).format(escape=escape)
    if code in _SURROGATES:
        low = _code(following.group()) if following is not None else None
        if code not in _LOW_SURROGATES and following is not None and low is not None \
                and low in _LOW_SURROGATES:
            single = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
            return _(m.SURROGATE_PAIR).format(escape=escape + following.group(),
                                              single=f"\\U{single:08X}")
        return _(m.LONE_SURROGATE).format(escape=escape)
    return _(m.NOT_A_CODE_POINT).format(escape=escape)


_END_EVENTS: Final = (MappingEndEvent, SequenceEndEvent)


def _build(parser: Any, result: ParsedYaml, locate: bool) -> None:
    """Plain data from the event stream. The hot loop of reading a ledger: events are told
    apart by their class, and the rare ones are handled last."""
    get_event = parser.get_event
    get_event()  # StreamStart
    event = get_event()
    if type(event) is StreamEndEvent:
        result.empty = True
        return
    documents = 0
    # A frame: [container, path, pending key or None, is_mapping]
    stack: list[list[Any]] = []
    root: list[Any] = []
    while True:
        kind = type(event)
        if kind is MappingEndEvent or kind is SequenceEndEvent:
            stack.pop()
        elif kind is ScalarEvent or kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.anchor is not None or event.tag is not None:
                _reject_unsafe(event)
            is_scalar = kind is ScalarEvent
            top = stack[-1] if stack else None
            if top is not None and top[3] and top[2] is None:
                # a mapping key
                if not is_scalar:
                    result.problems.append(TextProblem(*_mark(event), "yaml-key-type",
                                                       _(m.KEY_NOT_TEXT)))
                    top[2] = _BadKey()
                    # build the key and drop it
                    is_mapping = kind is MappingStartEvent
                    if len(stack) >= MAX_DEPTH:
                        raise _too_deep(event)
                    stack.append([{} if is_mapping else [], top[1], None, is_mapping])
                    event = get_event()
                    continue
                key = event.value
                if key in top[0]:
                    line, column = _mark(event)
                    raise _Rejected(TextProblem(line, column, "yaml-duplicate-key",
                                                _(m.DUPLICATE_KEY).format(key=key)))
                top[2] = key
                if locate:
                    result.key_at[(*top[1], key)] = _mark(event)
            else:
                if is_scalar:
                    value: Any = _resolve_plain(event.value) if event.style in ("", None) \
                        else event.value
                else:
                    value = {} if kind is MappingStartEvent else []
                if top is None:
                    path: Loc = ()
                    root.append(value)
                elif top[3]:
                    key = top[2]
                    top[2] = None
                    if isinstance(key, _BadKey):
                        path = (*top[1], "?")
                    else:
                        path = (*top[1], key) if locate else ()
                        top[0][key] = value
                else:
                    path = (*top[1], len(top[0])) if locate else ()
                    top[0].append(value)
                if locate:
                    result.value_at[path] = _mark(event)
                if not is_scalar:
                    if len(stack) >= MAX_DEPTH:
                        raise _too_deep(event)
                    stack.append([value, path, None, kind is MappingStartEvent])
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Rejected(TextProblem(*_mark(event), "yaml-multiple-documents",
                                            _(m.MULTIPLE_DOCUMENTS)))
        elif kind is StreamEndEvent:
            break
        elif kind is AliasEvent:
            _reject_unsafe(event)
        elif kind is not DocumentEndEvent:
            raise _Rejected(TextProblem(*_mark(event), "yaml-syntax",
                                        _(m.UNEXPECTED_EVENT).format(event=kind.__name__)))
        event = get_event()
    result.value = root[0] if root else None
    result.empty = not root


def _too_deep(event: Any) -> _Rejected:
    return _Rejected(TextProblem(*_mark(event), "yaml-too-deep",
                                 _(m.TOO_DEEP).format(depth=MAX_DEPTH)))
