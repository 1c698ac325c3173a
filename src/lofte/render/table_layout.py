"""The status tables (one ledger's and a group's) drawn line by line, the way rich's Table
draws them, without laying out every cell through rich. Never prints.

rich's Table measures every cell, then renders each one on its own through the console; for
a group of twenty ledgers (360 rows) that was about a fifth of a second. The status tables
need little of it: no cell wraps, each column is as wide as its widest cell, and a line is
its cells padded to their widths and joined by the box's separator. `StatusTable` writes
those lines as the very segments rich's Table yields (one per cell, per separator, per
rule), so that the console turns them into the same bytes, in colour or not.

Where it cannot be sure of that, it hands the same columns and rows to rich's Table
(`rich_table`) instead: a cell wider than its column (a long id folds), a table wider than
the console (rich would shrink columns), text rich lays out on its own terms (control
characters, line breaks, spans, markup in a header, per-cell justify), a style with a link.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich import box
from rich.cells import cell_len
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult
    from rich.table import Table

BOX = box.SIMPLE_HEAD
HEADER_STYLE = "bold"

Justify = Literal["left", "right"]
Overflow = Literal["fold", "crop", "ellipsis"]

# What rich measures or renders differently from its plain text: control characters (a line
# break or a tab above all) and the separators `str.splitlines` breaks lines at.
_UNSURE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# rich's own test before it crops trailing whitespace from a wrapped line (Text.rstrip_end)
_TRAILING_SPACE = re.compile(r"\s+$")
# Joiners and variation selectors: with them a cell's cell_len plus its padding need not be
# the padded text's cell_len, which rich checks again
_JOINERS = ("\u200d", "\ufe0f")


@dataclass(frozen=True, slots=True)
class Column:
    """A column as `Table.add_column` takes it; `no_wrap=False` with overflow `fold` lets a
    cell that is too wide fold onto more lines, which only rich's Table can lay out."""

    header: str
    justify: Justify = "left"
    no_wrap: bool = True
    overflow: Overflow = "ellipsis"
    max_width: int | None = None


def rich_table(columns: Sequence[Column], rows: Sequence[Sequence[Text]]) -> Table:
    """The table as rich lays it out: the fallback of `StatusTable`."""
    from rich.table import Table  # noqa: PLC0415 - only the fallback needs rich's Table

    table = Table(box=BOX, show_edge=False, padding=(0, 0), pad_edge=False,
                  header_style=HEADER_STYLE, collapse_padding=True)
    for column in columns:
        table.add_column(column.header, justify=column.justify, no_wrap=column.no_wrap,
                         overflow=column.overflow, max_width=column.max_width)
    for row in rows:
        table.add_row(*row)
    return table


class StatusTable:
    """A renderable: the header (in bold, bottom-aligned), a rule of the box's head row, one
    line per row; or rich's Table when the lines could differ from the ones it draws."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Sequence[Text]]) -> None:
        self.columns = tuple(columns)
        self.rows = [tuple(row) for row in rows]

    def rich_table(self) -> Table:
        return rich_table(self.columns, self.rows)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        lines = self.lines(console, options)
        if lines is None:
            yield self.rich_table()
        else:
            for line in lines:
                yield from line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.rich_table())

    # --- the fast layout ----------------------------------------------------------------

    def widths(self, console: Console, options: ConsoleOptions) -> list[int] | None:
        """Each column's width as rich's Table gives it when every cell fits: the widest
        cell, header lines included, at most the column's max_width. None when the table
        is wider than `options` allow (rich would shrink columns), a cell wider than its
        column (rich would fold or cut it), or a header or cell rich lays out on its own
        terms."""
        headers = self._headers(console, options)
        plains = self._plains()
        if headers is None or plains is None:
            return None
        return self._widths(headers, plains, options.max_width)

    def lines(self, console: Console, options: ConsoleOptions
              ) -> list[list[Segment]] | None:
        """The table's lines as rich's Table yields them, each ending in a newline; None
        when only rich's Table can be sure to lay the table out right."""
        headers = self._headers(console, options)
        plains = self._plains()
        if headers is None or plains is None:
            return None
        widths = self._widths(headers, plains, options.max_width)
        if widths is None:
            return None
        joiners = any(joiner in "".join(row) for row in plains for joiner in _JOINERS)
        drawn = BOX.substitute(options, safe=console.safe_box)
        null = Style.null()
        lines = self._header_lines(headers, widths, console.get_style(HEADER_STYLE),
                                   Segment(drawn.head_vertical, null))
        if lines is None:
            return None
        lines.append([Segment(drawn.get_row(widths, "head", edge=False), null),
                      Segment.line()])
        styles: dict[str | Style, Style] = {}
        middle, foot = Segment(drawn.mid_vertical, null), Segment(drawn.foot_vertical, null)
        for number, (row, row_plains) in enumerate(zip(self.rows, plains, strict=True), 1):
            line = self._row_line(console, row, row_plains, widths=widths, styles=styles,
                                  joiners=joiners,
                                  separator=foot if number == len(self.rows) else middle)
            if line is None:
                return None
            lines.append(line)
        return lines

    def _plains(self) -> list[list[str]] | None:
        """Each cell's text; None unless every cell is text rich renders as it is: no
        spans, no justify, overflow or no_wrap of its own, no control characters."""
        for row in self.rows:
            for cell in row:
                if (cell.spans or cell.justify is not None or cell.overflow is not None
                        or cell.no_wrap is not None):
                    return None
        plains = [[cell.plain for cell in row] for row in self.rows]
        unsure = _UNSURE.search(" ".join(" ".join(row) for row in plains))
        return None if unsure else plains

    def _headers(self, console: Console, options: ConsoleOptions
                 ) -> list[list[str]] | None:
        """Each header's lines; None when rich would read a header as more than its text
        (markup, emoji codes) or find characters in it that it lays out on its own terms."""
        headers = []
        for column in self.columns:
            text = console.render_str(column.header, markup=options.markup, highlight=False)
            if text.plain != column.header or text.spans or text.style:
                return None
            lines = column.header.split("\n")
            if any(_UNSURE.search(line) for line in lines):
                return None
            headers.append(lines)
        return headers

    def _widths(self, headers: list[list[str]], plains: list[list[str]], max_width: int
                ) -> list[int] | None:
        room = max_width - (len(self.columns) - 1)  # one separator between columns
        if room < 1 or not self.columns:
            return None
        widths = []
        for index, column in enumerate(self.columns):
            widest = max([cell_len(line) for line in headers[index]]
                         + [cell_len(row[index]) for row in plains])
            width = min(widest, room, widest if column.max_width is None
                        else column.max_width) or 1
            if widest > width:
                return None
            widths.append(width)
        return widths if sum(widths) <= room else None

    def _header_lines(self, headers: list[list[str]], widths: list[int], head: Style,
                      separator: Segment) -> list[list[Segment]] | None:
        """The header row, each header bottom-aligned as rich aligns a header row; a
        shorter header's empty lines are spaces in the header's style too."""
        height = max(len(lines) for lines in headers)
        result = []
        for number in range(height):
            line: list[Segment] = []
            for index, (column, lines, width) in enumerate(
                    zip(self.columns, headers, widths, strict=True)):
                if index:
                    line.append(separator)
                above = height - len(lines)
                if number < above:
                    line.append(Segment(" " * width, head))
                    continue
                cell = _cell(column, lines[number - above], width, joiners=True)
                if cell is None:
                    return None
                line.append(Segment(cell, head))
            line.append(Segment.line())
            result.append(line)
        return result

    def _row_line(self, console: Console, row: Sequence[Text], plains: list[str], *,
                  widths: list[int], styles: dict[str | Style, Style], joiners: bool,
                  separator: Segment) -> list[Segment] | None:
        """One row: each cell padded in its own style (a cell without one has none), the
        separators unstyled."""
        line: list[Segment] = []
        for index, (column, text, plain, width) in enumerate(
                zip(self.columns, row, plains, widths, strict=True)):
            if index:
                line.append(separator)
            cell = _cell(column, plain, width, joiners)
            if cell is None:
                return None
            if not text.style:
                line.append(Segment(cell))
                continue
            style = styles.get(text.style)
            if style is None:
                style = console.get_style(text.style, default=Style.null())
                if style.link:  # rich gives each rendering of a link its own id
                    return None
                styles[text.style] = style
            line.append(Segment(cell, style))
        line.append(Segment.line())
        return line


def _cell(column: Column, plain: str, width: int, joiners: bool) -> str | None:
    """`plain` padded to `width` as rich justifies a line that fits: on the right of a
    left-justified cell; on the left of a right-justified one, its trailing whitespace
    stripped first. None when rich would lay the cell out otherwise. `joiners`: whether
    the text may hold a joiner or variation selector, after which the padding's cells
    need not add up."""
    if not column.no_wrap and len(plain) > width and _TRAILING_SPACE.search(plain):
        return None  # a wrapped line longer in characters than cells loses its end spaces
    if column.justify == "right":
        plain = plain.rstrip()
        cell = " " * (width - cell_len(plain)) + plain
    else:
        cell = plain + " " * (width - cell_len(plain))
    if joiners and cell_len(cell) != width:
        return None
    return cell
