"""Hostile ledger text reaches no terminal, sheet or page as anything but text.

Regression tests with the examples that were found (terminal escape sequences in `status`
and `show`, links and images in Markdown, formulas in CSV, a workflow command in `check`),
and a property test for each escaper: whatever the text, the output parsed again (by the
csv module, by markdown-it-py, by a scan for control characters) shows it as data.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from markdown_it.token import Token

from lofte.domain.findings import Finding
from lofte.render.check import Counts, render_github, render_text
from lofte.render.safe_text import (
    csv_document,
    csv_text_cell,
    http_url,
    json_text,
    markdown_link,
    markdown_plain,
    markdown_text,
    terminal_document,
    terminal_text,
)
from tests.conftest import Invoke, MakeLedger, examples

# --- a hostile ledger ------------------------------------------------------------------------

CLEAR_SCREEN = "\x1b[2J"
OSC8_LINK = "\x1b]8;;http://x\x1b\\klicka\x1b]8;;\x1b\\"
OSC52_CLIPBOARD = "\x1b]52;c;cm0gLXJmIH4=\x07"
RLO = "\u202e"

# YAML cannot hold a raw ESC byte; a double-quoted "\e" or "\x1b" escape makes one.
HOSTILE_COMMITMENTS = """\
promise:
  id: testlofte-2023-2025
  title: "Löfte \\e[2J | ![x](http://evil)"
  valid_from: 2023-01-01
  valid_until: 2025-12-31
parties:
  polisen: {name: "[link=http://evil]Polisen[/link] \\e]8;;http://x\\e\\\\"}
  kommunen: {name: Kommunen}
commitments:
  - id: fotpatrullering
    title: "Fot|patrull ![bild](http://evil/i.png) \\e[2J [bold]fet[/bold]"
    owners: [polisen]
    max_gap_days: 14
  - id: vaktare
    title: "=HYPERLINK(\\"http://x\\")"
    owners: [kommunen]
    max_gap_days: 7
"""

HOSTILE_ACTIVITIES = {
    "2024/a.yaml": (
        "date: 2024-03-01\ncommitment: fotpatrullering\n"
        "summary: \"Rond \\e[2J \\e]8;;http://x\\e\\\\klicka\\e]8;;\\e\\\\ "
        "\\e]52;c;cm0gLXJmIH4=\\x07 \\u202egnalf | <img src=x> [bold]x[/bold]\"\n"
        "place: \"=HYPERLINK(\\\"http://x\\\")\"\n"
        "people_reached: 3\nhours: 1.5\n"
        "links: ['![x](http://evil)', 'a | b', 'https://ok.example/rapport?a=1', "
        "'javascript:alert(1)', 'https://x.example/>y', 'https://x.example/a|b']\n"),
    "2024/b.yaml": (
        "date: 2024-03-10\ncommitment: vaktare\nsummary: \"-2+3\"\n"
        "place: \"@SUM(A1:A2)\"\npeople_reached: 2\nhours: 2\n"),
}

AS_OF = "2024-06-30"


@pytest.fixture
def hostile(make_ledger: MakeLedger) -> Path:
    return make_ledger(HOSTILE_ACTIVITIES, commitments=HOSTILE_COMMITMENTS)


def forbidden(char: str) -> bool:
    """What a terminal may act on, defined here apart from lofte: every control character
    (C0, DEL, C1), the bidi embeddings, overrides, isolates and marks, the line and
    paragraph separators, and surrogates."""
    return unicodedata.category(char) in ("Cc", "Cs", "Zl", "Zp") or char in (
        "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def assert_terminal_safe(text: str, allow: str = "\n") -> None:
    bad = sorted({c for c in text if forbidden(c) and c not in allow})
    assert not bad, f"raw {bad!r} in {text!r}"


# --- terminal --------------------------------------------------------------------------------


def test_status_table_shows_escape_sequences_as_text(invoke: Invoke, hostile: Path) -> None:
    result = invoke("status", "--as-of", AS_OF, cwd=hostile,
                    env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.output)
    assert "\\x1b[2J" in result.stdout
    assert "[bold]fet[/bold]" in result.stdout  # rich markup stays text


def test_show_prints_no_control_character(invoke: Invoke, hostile: Path) -> None:
    result = invoke("show", "fotpatrullering", "--as-of", AS_OF, cwd=hostile,
                    env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.output)
    out = result.stdout
    for shown in ("\\x1b[2J", "\\x1b]8;;http://x\\x1b\\", "\\x1b]52;c;cm0gLXJmIH4=\\x07",
                  "\\u202egnalf", "[bold]x[/bold]", "[link=http://evil]Polisen[/link]"):
        assert shown in out, shown


def test_status_json_and_csv_on_a_terminal_carry_no_control_character(
        invoke: Invoke, hostile: Path) -> None:
    result = invoke("status", "--as-of", AS_OF, "--format", "json", cwd=hostile)
    assert_terminal_safe(result.stdout)
    assert json.loads(result.stdout)["promise"]["title"] == \
        "Löfte \x1b[2J | ![x](http://evil)"  # the same data, escaped as JSON escapes it
    assert terminal_document("a,\x1b[2J\r\nb\t\x9b\n") == "a,\\x1b[2J\r\nb\t\\x9b\n"


def test_terminal_text_examples() -> None:
    assert terminal_text(CLEAR_SCREEN) == "\\x1b[2J"
    assert terminal_text(OSC52_CLIPBOARD) == "\\x1b]52;c;cm0gLXJmIH4=\\x07"
    assert terminal_text(OSC8_LINK).count("\\x1b") == 4
    assert terminal_text(RLO + "abc\u2066\u200f\u061c") == "\\u202eabc\\u2066\\u200f\\u061c"
    assert terminal_text("a\nb\tc\rd\x7f\x85") == "a\\nb\\tc\\rd\\x7f\\x85"
    assert terminal_text("a\nb\tc\r", multiline=True) == "a\nb\tc\\r"
    assert terminal_text("Räksmörgås – ok ✓ 😀") == "Räksmörgås – ok ✓ 😀"
    assert json_text('{"a": "\u202e\x85"}\n') == '{"a": "\\u202e\\u0085"}\n'


# --- Markdown --------------------------------------------------------------------------------

MARKDOWN = MarkdownIt("commonmark").enable(["table", "strikethrough"])
MARKUP = {"link_open", "image", "html_inline", "html_block", "code_inline", "em_open",
          "strong_open", "s_open", "code_block", "fence", "hardbreak"}


def inline_tokens(document: str) -> list[Token]:
    tokens: list[Token] = []
    for token in MARKDOWN.parse(document):
        tokens.append(token)
        tokens += token.children or []
    return tokens


def assert_no_markup_from_ledger(document: str) -> None:
    """No image, raw HTML or link other than an http(s) autolink; no table has a row with
    more cells than its header (each table on its own: the summary and the lists differ)."""
    tokens = inline_tokens(document)
    assert not [t for t in tokens if t.type in ("image", "html_inline", "html_block")]
    for token in tokens:
        if token.type == "link_open":
            assert token.markup == "autolink", token
            assert str(token.attrs["href"]).startswith(("http://", "https://"))
    cells, widths = 0, [[]]
    for token in tokens:
        if token.type == "table_open":
            widths.append([])
        elif token.type == "tr_open":
            cells = 0
        elif token.type in ("th_open", "td_open"):
            cells += 1
        elif token.type == "tr_close":
            widths[-1].append(cells)
    assert all(len(set(table)) <= 1 for table in widths), widths


def test_report_markdown_escapes_links_and_titles(invoke: Invoke, hostile: Path) -> None:
    result = invoke("report", "--from", "2024-01-01", "--until", "2024-06-30",
                    "--allow-personal-data", cwd=hostile)
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert_no_markup_from_ledger(page)
    assert_terminal_safe(page)
    links = [t.attrs["href"] for t in inline_tokens(page) if t.type == "link_open"]
    assert links == ["https://ok.example/rapport?a=1"]
    assert "!\\[x\\](http://evil)" in page
    assert "<https://ok.example/rapport?a=1>" in page
    assert "<https://x.example/>y>" not in page
    assert "a \\| b" in page


def test_status_markdown_escapes_titles(invoke: Invoke, hostile: Path) -> None:
    result = invoke("status", "--as-of", AS_OF, "--format", "markdown", cwd=hostile)
    assert result.exit_code == 0, result.output
    page = result.stdout
    assert_no_markup_from_ledger(page)
    assert_terminal_safe(page)
    assert "Fot\\|patrull !\\[bild\\](http://evil/i.png) \\\\x1b\\[2J" in page
    rows = [line for line in page.splitlines() if line.startswith("| ")]
    assert len(rows) == 4  # header, rule and one row per commitment


def test_markdown_examples() -> None:
    assert markdown_text("# rubrik") == "\\# rubrik"
    assert markdown_text("> citat") == "\\> citat"
    assert markdown_text("+ a") == "\\+ a"
    assert markdown_text("12) a") == "12\\) a"
    assert markdown_text("a\nb | c") == "a b \\| c"
    assert markdown_text("\\|") == "\\\\\\|"
    assert markdown_link("https://ok.example/x") == "<https://ok.example/x>"
    assert markdown_link("https://x.example/ y") == "https://x.example/ y"
    assert markdown_link("https://x.example/\x1b") == "https://x.example/\\\\x1b"
    assert http_url("https://x.example/\u202e") is None


# --- CSV -------------------------------------------------------------------------------------


def read_csv(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""),
                           delimiter=delimiter))


@pytest.mark.parametrize("extra", [[], ["--excel"]])
def test_report_csv_is_formula_safe(invoke: Invoke, hostile: Path, extra: list[str]) -> None:
    result = invoke("report", "--format", "csv", *extra, "--from", "2024-01-01",
                    "--until", "2024-06-30", "--allow-personal-data", cwd=hostile)
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout, ";" if extra else ",")
    header, body = rows[0], rows[1:]
    for row in body:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    by_date = {row[header.index("date")]: row for row in body}
    assert by_date["2024-03-01"][header.index("place")] == "'=HYPERLINK(\"http://x\")"
    assert by_date["2024-03-10"][header.index("commitment_title")] == \
        "'=HYPERLINK(\"http://x\")"
    assert by_date["2024-03-10"][header.index("place")] == "'@SUM(A1:A2)"
    assert by_date["2024-03-10"][header.index("summary")] == "'-2+3"
    hours = by_date["2024-03-01"][header.index("hours")]
    assert hours == ("1,5" if extra else "1.5")  # a number, not text
    assert by_date["2024-03-01"][header.index("people_reached")] == "3"


def test_status_csv_is_formula_safe(invoke: Invoke, hostile: Path) -> None:
    result = invoke("status", "--as-of", AS_OF, "--format", "csv", cwd=hostile)
    assert result.exit_code == 0, result.output
    rows = read_csv(result.stdout)
    titles = {row[0]: row[1] for row in rows[1:]}
    assert titles["vaktare"] == "'=HYPERLINK(\"http://x\")"
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r"))
               for row in rows for cell in row)


def test_csv_numbers_stay_numbers() -> None:
    text = csv_document(["a", "b", "c"], [[-3, -1.5, "-3"]])
    assert read_csv(text)[1] == ["-3", "-1.5", "'-3"]
    assert csv_text_cell("\tx") == "'\tx"
    assert csv_text_cell("\rx") == "'\rx"
    assert csv_text_cell("x=1") == "x=1"


# --- check -----------------------------------------------------------------------------------

MASK_KEY = '"a\\n::add-mask::x\\r\\n::error::y\\e[2J": 1\n'


@pytest.mark.parametrize("output_format", ["text", "github"])
def test_check_never_starts_a_line_with_ledger_text(invoke: Invoke, make_ledger: MakeLedger,
                                                     output_format: str) -> None:
    root = make_ledger({"2024/a.yaml": "date: 2024-03-01\ncommitment: fotpatrullering\n"
                                       "summary: Rond\n" + MASK_KEY})
    result = invoke("check", "--format", output_format, cwd=root)
    assert result.exit_code in (0, 1), result.output
    assert "add-mask" in result.stdout  # the finding is there
    for line in result.output.splitlines():
        assert not line.startswith("::add-mask"), line
        assert not line.startswith("::error::y"), line
    assert_terminal_safe(result.output)


def test_check_renderers_write_messages_on_one_line() -> None:
    finding = Finding("/l/activities/a\n::add-mask::p.yaml", 1, 1, "warning", "unknown-field",
                      "unknown field `a\n::add-mask::x\r\n\x1b[2J`")
    text = [line.plain for line in render_text([finding], Counts(1, 1, 1), cwd="/l")]
    assert text[0] == ("activities/a\\n::add-mask::p.yaml:1:1: warning[unknown-field]: "
                       "unknown field `a\\n::add-mask::x\\r\\n\\x1b[2J`")
    github = render_github([finding], Counts(1, 1, 1), cwd="/l")
    assert "\n" not in github[0] and "\r" not in github[0]
    assert github[0].endswith("::unknown field `a%0A::add-mask::x%0D%0A\\x1b[2J`")
    assert "file=activities/a\\n%3A%3Aadd-mask%3A%3Ap.yaml," in github[0]


# --- properties ------------------------------------------------------------------------------

PROPERTY = settings(max_examples=examples(200), deadline=None)
# Any text, with the characters that make trouble drawn often.
TRICKY = st.sampled_from([*"\\`*_[]<>#|~&!()-+=@:.\n\r\t\x1b\x07\x85\u202e\u2028 \xa01aå",
                          "http://", "https://", "<https://", "](", "&amp;", "\\|", "<!--",
                          "    "])
TEXT = st.lists(st.one_of(TRICKY, st.text(max_size=5)), max_size=20).map("".join)


@PROPERTY
@given(TEXT)
def test_property_terminal_text_has_no_forbidden_character(text: str) -> None:
    assert_terminal_safe(terminal_text(text), allow="")
    assert_terminal_safe(terminal_text(text, multiline=True), allow="\n\t")
    assert_terminal_safe(terminal_document(text), allow="\n\t\r")
    if not any(forbidden(c) for c in text):
        assert terminal_text(text) == text


@PROPERTY
@given(st.lists(TEXT, min_size=1, max_size=3), st.sampled_from([",", ";"]))
def test_property_csv_cells_come_back_as_written(cells: list[str], delimiter: str) -> None:
    document = csv_document(["a"] * len(cells), [cells], delimiter=delimiter)
    rows = read_csv(document, delimiter)
    assert len(rows) == 2
    for original, cell in zip(cells, rows[1], strict=True):
        assert cell in (original, "'" + original)
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r"))


def _cell_text(document: str) -> list[str]:
    """The text of every table cell of the document, and that nothing else is in them."""
    found: list[str] = []
    inline = False
    for token in MARKDOWN.parse(document):
        if token.type in ("td_open", "th_open"):
            inline = True
        elif token.type == "inline" and inline:
            assert all(child.type == "text" for child in token.children or []), token
            found.append("".join(child.content for child in token.children or []))
            inline = False
    return found


@PROPERTY
@given(TEXT)
def test_property_markdown_text_is_text_in_a_table_cell(text: str) -> None:
    document = f"| a | b |\n| --- | --- |\n| {markdown_text(text)} | x |\n"
    assert _cell_text(document) == ["a", "b", markdown_plain(text), "x"]


@PROPERTY
@given(TEXT)
def test_property_markdown_text_is_text_in_a_paragraph(text: str) -> None:
    tokens = MARKDOWN.parse(f"{markdown_text(text)}\n")
    if not markdown_plain(text):
        assert tokens == []
        return
    assert [t.type for t in tokens] == ["paragraph_open", "inline", "paragraph_close"]
    children = tokens[1].children or []
    assert all(child.type == "text" for child in children), children
    assert "".join(child.content for child in children) == markdown_plain(text)


@PROPERTY
@given(st.one_of(TEXT, TEXT.map(lambda t: "https://x.example/" + t)))
def test_property_links_are_text_or_autolinks(link: str) -> None:
    document = f"| a |\n| --- |\n| {markdown_link(link)} |\n"
    tokens = inline_tokens(document)
    assert not [t for t in tokens if t.type in ("image", "html_inline", "code_inline",
                                                 "em_open", "strong_open", "s_open")]
    opened = [t for t in tokens if t.type == "link_open"]
    if http_url(link) is None:
        assert not opened
        assert _cell_text(document)[1:] == [markdown_plain(link)]
    else:
        assert [t.markup for t in opened] == ["autolink"]
        assert len([t for t in tokens if t.type == "td_open"]) == 1
