"""The status tables drawn line by line (`lofte.render.table_layout`) give the bytes rich's
Table gives: for one ledger and for a group, at every width from 40 to 200 columns, in
Swedish and English, in colour and without, with titles whose characters take two cells or
none; and where the lines could differ (an id that folds, a table that must shrink), the
table is rich's Table itself.

The reference is rich's Table built here, as the status tables were built before they were
drawn line by line, so that the comparison cannot follow a change to the code it checks.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich import box
from rich.console import Console, Group, RenderableType
from rich.measure import Measurement
from rich.table import Table
from rich.text import Text

from lofte import i18n
from lofte.domain.coverage import StatusReport
from lofte.render.group_status import render_group_table
from lofte.render.status import render_table
from lofte.render.table_layout import Column, StatusTable
from lofte.usecases.group import GroupStatus, group_status, open_group
from lofte.usecases.ledger import open_ledger
from lofte.usecases.status import Since, ledger_status
from tests.conftest import examples
from tests.test_group import make_group

REPO = Path(__file__).resolve().parent.parent
AS_OF = dt.date(2025, 6, 30)
WIDTHS = (*range(40, 201, 20), 59, 61, 73, 99, 101, 131, 200)
LANGUAGES = ("en", "sv")

LONG_ID = "overenskommelse-med-idrottsforeningar-om-trygga-arenor-och-resor"  # 64, the most

# A promise whose titles take two cells a character (CJK, emoji), none (a joiner, a
# variation selector, a combining accent) and one (å ä ö); one id as long as an id can be.
WIDE = f"""\
promise:
  id: vasteras-2024-2026
  title: Medborgarlöfte Västerås 2024–2026 東京 🚓
  valid_from: 2024-01-01
  valid_until: 2026-12-31
parties:
  polisen: {{name: Polisen i Västerås}}
  kommunen: {{name: Västerås stad}}
commitments:
  - id: trygghetsvandring
    title: Trygghetsvandringar i Råby och Bäckby, 東京都の安全 🚓👮‍♀️
    owners: [polisen, kommunen]
    max_gap_days: 30
    target: {{per: month, at_least: 2}}
  - id: {LONG_ID}
    title: Överenskommelse med föreningar om ÅÄÖ
    owners: [kommunen]
  - id: familjecafe
    title: "Familjecafé 👩‍👩‍👧 och ❤️ på fritidsgården, e\u0301 med accent"
    owners: [kommunen]
    max_gap_days: 14
  - id: kontor
    title: Polisens kontor öppet i Skultuna
    owners: [polisen]
    target: {{per: week, at_least: 1}}
"""
WIDE_ACTIVITIES = {
    "a1.yaml": "date: 2025-06-12\ncommitment: trygghetsvandring\nsummary: Vandring.\n",
    "a2.yaml": "date: 2025-05-02\ncommitment: familjecafe\nsummary: Café.\n",
    "a3.yaml": f"date: 2025-06-20\ncommitment: {LONG_ID}\nsummary: Möte.\n",
    "a4.yaml": "date: 2025-07-03\ncommitment: kontor\nsummary: Öppet.\nplanned: true\n",
    "a5.yaml": "date: 2025-06-27\ncommitment: kontor\nsummary: Öppet.\n",
}


# --- the reference: rich's Table, as the status tables were built before ----------------------


def reference_table(columns: Sequence[Column], rows: Sequence[Sequence[Text]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, padding=(0, 0), pad_edge=False,
                  header_style="bold", collapse_padding=True)
    for column in columns:
        table.add_column(column.header, justify=column.justify, no_wrap=column.no_wrap,
                         overflow=column.overflow, max_width=column.max_width)
    for row in rows:
        table.add_row(*row)
    return table


def with_reference(renderable: RenderableType) -> RenderableType:
    """The same output, its StatusTable replaced by the reference's rich Table."""
    if isinstance(renderable, StatusTable):
        return reference_table(renderable.columns, renderable.rows)
    if isinstance(renderable, Group):
        return Group(*(with_reference(part) for part in renderable.renderables))
    return renderable


def status_tables(renderable: RenderableType) -> list[StatusTable]:
    if isinstance(renderable, StatusTable):
        return [renderable]
    if isinstance(renderable, Group):
        return [table for part in renderable.renderables for table in status_tables(part)]
    return []


# The consoles: the CLI's own (soft wrap, no emoji codes, no highlighting) in colour and in a
# pipe, and rich's defaults in colour and without.
CONSOLES: dict[str, Callable[[int], Console]] = {
    "cli-colour": lambda width: Console(
        file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor",
        soft_wrap=True, highlight=False, emoji=False, _environ={}),
    "cli-pipe": lambda width: Console(
        file=io.StringIO(), width=width, color_system=None, soft_wrap=True,
        highlight=False, emoji=False, _environ={}),
    "rich-colour": lambda width: Console(
        file=io.StringIO(), width=width, force_terminal=True, color_system="truecolor",
        _environ={}),
    "rich-plain": lambda width: Console(file=io.StringIO(), width=width, _environ={}),
}


def printed(console_of: Callable[[int], Console], width: int,
            renderable: RenderableType) -> str:
    console = console_of(width)
    console.print(renderable)
    file = console.file
    assert isinstance(file, io.StringIO)
    return file.getvalue()


def fast(console_of: Callable[[int], Console], width: int, renderable: RenderableType
         ) -> bool:
    """Whether the table is drawn line by line (not handed to rich's Table)."""
    console = console_of(width)
    tables = status_tables(renderable)
    assert len(tables) == 1
    return tables[0].lines(console, console.options) is not None


def assert_same(make: Callable[[int], RenderableType]) -> tuple[int, int]:
    """`make(width)` printed as it is and with the reference table, at every width on every
    console, byte for byte; how many were drawn line by line and how many by rich."""
    drawn = {True: 0, False: 0}
    for width in WIDTHS:
        renderable = make(width)
        reference = with_reference(renderable)
        for name, console_of in CONSOLES.items():
            ours = printed(console_of, width, renderable)
            assert ours == printed(console_of, width, reference), (name, width)
            drawn[fast(console_of, width, renderable)] += 1
    return drawn[True], drawn[False]


# --- the ledgers ------------------------------------------------------------------------------


def write_ledger(root: Path, commitments: str, activities: dict[str, str]) -> Path:
    (root / "activities").mkdir(parents=True)
    (root / "commitments.yaml").write_text(commitments, encoding="utf-8")
    for name, text in activities.items():
        (root / "activities" / name).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def wide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_ledger(tmp_path_factory.mktemp("wide") / "ledger", WIDE, WIDE_ACTIVITIES)


@pytest.fixture(scope="module")
def group(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = make_group(tmp_path_factory.mktemp("group") / "group")
    write_ledger(folder / "d-vasteras", WIDE, WIDE_ACTIVITIES)
    return sorted(path for path in folder.iterdir() if (path / "commitments.yaml").exists())


def single(root: Path, since: dt.date | None) -> tuple[StatusReport, Since | None]:
    overview = ledger_status(open_ledger(root, AS_OF).ledger, AS_OF, since=since)
    return overview.report, overview.since


def of_group(roots: list[Path], since: bool) -> GroupStatus:
    opened = open_group(roots, lambda _root: AS_OF)
    return group_status(opened, AS_OF,
                        since=(lambda day: day - dt.timedelta(days=30)) if since else None)


# --- the whole status, header, footer and since-lines included --------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(("ledger", "since"), [
    ("examples/demo", None), ("examples/demo", dt.date(2025, 6, 1)),
    ("data", dt.date(2025, 5, 1)), ("wide", None), ("wide", dt.date(2025, 6, 1)),
])
def test_one_ledger_is_drawn_as_rich_draws_it(ledger: str, since: dt.date | None,
                                              language: str, wide: Path) -> None:
    report, changes = single(wide if ledger == "wide" else REPO / ledger, since)
    i18n.set_language(language)
    drawn, handed = assert_same(lambda width: render_table(report, width, changes))
    assert drawn > 0
    if ledger == "wide":  # the longest id folds below 66 + 2 columns of state
        assert handed > 0


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("since", [False, True])
def test_a_group_is_drawn_as_rich_draws_it(group: list[Path], since: bool,
                                           language: str) -> None:
    status = of_group(group, since)
    i18n.set_language(language)
    drawn, handed = assert_same(lambda width: render_group_table(status, width))
    assert drawn > 0
    assert handed > 0  # the promise, the state and the longest id do not fit in 40 columns


# --- when rich's Table takes over -------------------------------------------------------------


def plain_console(width: int) -> Console:
    return CONSOLES["cli-pipe"](width)


def test_a_folding_id_hands_the_table_to_rich(wide: Path) -> None:
    report, _since = single(wide, None)
    narrow = render_table(report, 50)
    (table,) = status_tables(narrow)
    console = plain_console(50)
    assert table.lines(console, console.options) is None
    assert table.widths(console, console.options) is None
    assert printed(CONSOLES["cli-pipe"], 50, narrow).count("\n") > len(report.rows) + 5
    wide_enough = render_table(report, 120)
    (table,) = status_tables(wide_enough)
    console = plain_console(120)
    assert table.lines(console, console.options) is not None


def test_a_table_wider_than_the_console_hands_it_to_rich() -> None:
    columns = [Column("A"), Column("B", justify="right")]
    table = StatusTable(columns, [[Text("x" * 30), Text("7")]])
    console = plain_console(60)
    assert table.widths(console, console.options) == [30, 1]
    narrow = plain_console(30)  # 30 + a separator + 1 do not fit: rich would shrink a column
    assert table.widths(narrow, narrow.options) is None
    reference = reference_table(columns, table.rows)
    assert printed(plain_console, 30, table) == printed(plain_console, 30, reference)
    for console in (narrow, plain_console(60)):  # measured as rich's Table measures itself
        assert Measurement.get(console, console.options, table) == Measurement.get(
            console, console.options, reference)


@pytest.mark.parametrize("cell", [
    Text("two\nlines"), Text("a\ttab"), Text("x", justify="right"), Text("x", no_wrap=False),
    Text.assemble(("bold", "bold"), " plain"), Text("link", style="link https://example.org"),
])
def test_cells_rich_lays_out_on_its_own_terms_hand_the_table_to_rich(cell: Text) -> None:
    columns = [Column("Cell"), Column("Next")]
    table = StatusTable(columns, [[cell, Text("z")]])
    console = CONSOLES["cli-colour"](80)
    assert table.lines(console, console.options) is None
    if "link" not in cell.plain:  # a link's id is new at every rendering
        for console_of in CONSOLES.values():
            assert printed(console_of, 80, table) == printed(
                console_of, 80, reference_table(columns, table.rows))


@pytest.mark.parametrize("header", ["[bold]Markup[/bold]", ":police_car: Emoji", "Tab\there"])
def test_a_header_rich_reads_as_more_than_text_hands_the_table_to_rich(header: str) -> None:
    columns = [Column(header), Column("Next")]
    table = StatusTable(columns, [[Text("a"), Text("b")]])
    console = CONSOLES["rich-colour"](80)
    assert table.lines(console, console.options) is None
    for console_of in CONSOLES.values():
        assert printed(console_of, 80, table) == printed(
            console_of, 80, reference_table(columns, table.rows))


# --- any columns, any cells -------------------------------------------------------------------

# Characters rich lays out as they are, taking one cell, two or none; and ones it does not
# (a tab, a line break, an escape), drawn into some of the tables only.
CHARACTERS = [*"ab xyzÅäö-1:[]", "東", "京", "🚓", "\u200d", "\ufe0f", "\u0301", "\u00a0"]
RISKY = [*CHARACTERS, "\t", "\n", "\x1b", "\u2028"]
STYLES = ["", "bold", "dim", "bold red", "cyan", "none"]


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[Column], list[list[Text]]]:
    alphabet = st.sampled_from(RISKY if draw(st.integers(0, 3)) == 0 else CHARACTERS)
    header = st.text(alphabet=alphabet.filter(lambda c: c not in "[]:"), min_size=1,
                     max_size=10)
    columns = draw(st.lists(st.builds(
        Column, header=header, justify=st.sampled_from(["left", "right"]),
        no_wrap=st.booleans(), overflow=st.sampled_from(["fold", "ellipsis", "crop"]),
        max_width=st.one_of(st.none(), st.none(), st.integers(1, 20))),
        min_size=1, max_size=6))
    cell = st.builds(Text, st.text(alphabet=alphabet, max_size=14),
                     style=st.sampled_from(STYLES))
    rows = draw(st.lists(st.lists(cell, min_size=len(columns), max_size=len(columns)),
                         max_size=6))
    return columns, rows


@settings(max_examples=examples(500))
@given(tables(), st.integers(1, 120))
def test_any_table_is_drawn_as_rich_draws_it(
        table: tuple[list[Column], list[list[Text]]], width: int) -> None:
    columns, rows = table
    ours = StatusTable(columns, rows)
    reference = reference_table(columns, ours.rows)
    for console_of in CONSOLES.values():
        assert printed(console_of, width, ours) == printed(console_of, width, reference)
