"""Ledger text made safe for where lofte writes it: a terminal, a CSV sheet, a Markdown page.

The ledger is written by many hands and read by tools that act on what they see: a terminal
runs escape sequences, a spreadsheet runs formulas, a Markdown renderer makes links and
images. Every renderer passes ledger text through one of these functions, so that it comes
out as the text it is and never as structure. Pure functions; nothing here prints.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from urllib.parse import urlsplit

# --- terminal -------------------------------------------------------------------------------

# Characters a terminal may act on instead of showing: C0 controls (ESC starts CSI, OSC,
# DCS sequences; BEL ends OSC), DEL, C1 controls (0x9b is a one-byte CSI), the bidi
# embeddings, overrides, isolates and marks that reorder what is shown, the Unicode line and
# paragraph separators, and lone surrogates (which no encoding can write).
_FORBIDDEN_RANGES = (
    r"\x00-\x1f\x7f-\x9f"
    r"\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff"
)
_FORBIDDEN = re.compile(f"[{_FORBIDDEN_RANGES}]")
_FORBIDDEN_EXCEPT_NEWLINE_TAB = re.compile(r"(?![\n\t])" + f"[{_FORBIDDEN_RANGES}]")


def is_forbidden(char: str) -> bool:
    """Whether a terminal could act on this character instead of showing it."""
    return _FORBIDDEN.fullmatch(char) is not None


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code == 0x0A:
        return "\\n"
    if code == 0x09:
        return "\\t"
    if code == 0x0D:
        return "\\r"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def terminal_text(text: str, *, multiline: bool = False) -> str:
    """Ledger text to show on a terminal: every control, bidi and separator character
    written out visibly (`\\x1b`, `\\u202e`, `\\n`). With `multiline`, newlines and tabs stay
    as they are, for a layout that has room for several lines."""
    pattern = _FORBIDDEN_EXCEPT_NEWLINE_TAB if multiline else _FORBIDDEN
    return pattern.sub(_visible, text)


_FORBIDDEN_IN_DOCUMENT = re.compile(r"(?![\n\t])(?!\r\n)" + f"[{_FORBIDDEN_RANGES}]")


def terminal_document(document: str) -> str:
    """A whole document lofte wrote for a file (CSV, HTML), when it goes to a terminal
    instead: its line ends and tabs stay, every other control character is written out."""
    return _FORBIDDEN_IN_DOCUMENT.sub(_visible, document)


def json_text(document: str) -> str:
    """JSON as `json.dumps` wrote it, with the characters a terminal acts on written as
    `\\uXXXX` escapes: the same JSON value, safe to print. (They can only occur inside
    strings, where such an escape means the character itself; the newlines between
    values are the document's own.)"""
    return _FORBIDDEN_EXCEPT_NEWLINE_TAB.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


# --- CSV ------------------------------------------------------------------------------------

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text_cell(value: str) -> str:
    """A text cell that no spreadsheet runs as a formula: one starting with =, +, -, @, tab
    or CR gets an apostrophe in front. Only for text: numbers lofte writes stay numbers."""
    return "'" + value if value.startswith(FORMULA_START) else value


class Number(str):
    """A number lofte formatted itself (for example with a decimal comma): a CSV cell that
    is written as it is, never prefixed, so that it stays a number in the sheet."""

    __slots__ = ()


CsvCell = str | int | float


def csv_document(header: Sequence[str], rows: Iterable[Sequence[CsvCell]], *,
                 delimiter: str = ",", lineterminator: str = "\r\n") -> str:
    """CSV with every text cell made formula-safe. `int`, `float` and `Number` cells are
    numbers lofte wrote, and are written as they are: a negative number stays a number."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator=lineterminator,
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow([csv_text_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([csv_text_cell(cell)
                         if isinstance(cell, str) and not isinstance(cell, Number) else cell
                         for cell in row])
    return out.getvalue()


# --- Markdown -------------------------------------------------------------------------------

# Backslash escapes for the characters that can start markup anywhere in a line (HTML,
# autolinks, links, images, emphasis, code, strikethrough, table cells, entities, heading
# ends), and for the ones that start a block at the beginning of a line (headings, quotes,
# lists, thematic breaks, setext underlines).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~&])")
_MD_BLOCK_START = re.compile(r"^([-=+])")
_MD_NUMBERED = re.compile(r"^(\d+)([.)])(?=\s|$)")


def markdown_plain(text: str) -> str:
    """What a reader of `markdown_text(text)` sees: one line, runs of white space as one
    space, controls written out visibly."""
    return terminal_text(" ".join(text.split()))


def markdown_text(text: str) -> str:
    """Ledger text as one line of literal Markdown: safe in a paragraph, a list item, a
    heading or a table cell. No HTML, link, image, emphasis, code or cell comes from it."""
    line = _MD_SPECIAL.sub(r"\\\1", markdown_plain(text))
    line = _MD_BLOCK_START.sub(r"\\\1", line)
    return _MD_NUMBERED.sub(r"\1\\\2", line)


# Not in an autolink: what ends one or is not allowed in it (space, <, >, controls), what a
# table would split on (|), what a reader could be fooled by (bidi), and quotes and
# backslashes that some renderers treat specially.
_NOT_IN_AUTOLINK = re.compile(f"[\\s\"'<>\\\\`|{_FORBIDDEN_RANGES}]")


def http_url(link: str) -> str | None:
    """The link, when it is a plain http(s) URL with a host; otherwise None."""
    candidate = link.strip()
    if not candidate or _NOT_IN_AUTOLINK.search(candidate):
        return None
    try:
        parts = urlsplit(candidate)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return candidate


def markdown_link(link: str) -> str:
    """A link from `links:`: an http(s) URL as an autolink `<https://...>`, in which nothing
    is markup; anything else as escaped text."""
    url = http_url(link)
    return f"<{url}>" if url else markdown_text(link)


_SAFE_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def markdown_code(text: str) -> str:
    """An id as inline code when it is a plain slug; anything else as escaped text."""
    return f"`{text}`" if _SAFE_CODE.fullmatch(text) else markdown_text(text)
