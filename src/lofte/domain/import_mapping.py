"""`lofte import`: which column of a sheet holds which field, and what a cell means.

Pure: no files, no clock, no console. A sheet arrives as rows of plain cells (text, whole
and decimal numbers, true/false, dates and date-times, or nothing), read by
`lofte.storage.spreadsheet`. This module maps the header to the fields of an activity
(README, "Från Excel till liggaren"; the contract's synonyms, Swedish and English, any
case), reads each row into the `ActivityRequest` that `lofte log` would build, and says
what is wrong with a row as `ImportProblem`s, each at its row and column.

What a row asks for is then checked, named and written by `lofte.usecases.log`, exactly as
one `lofte log` would: this module never builds an activity itself.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import operator
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Final, Literal, NamedTuple, TypeVar

from lofte.domain.new_activity import ActivityRequest
from lofte.domain.problems import InputError, Problem, ProblemCode
from lofte.domain.promise import CommitmentsFile
from lofte.i18n import N_, _

T = TypeVar("T")

# A cell as a sheet holds it. (Time-of-day and duration cells arrive as text.)
Cell = str | int | float | bool | dt.date | dt.datetime | None

# Codes only an import can have; the rest are those of `lofte log` (ProblemCode).
ImportCode = Literal[
    "unknown-header",  # a column whose header names no field, and no --column for it
    "duplicate-header",  # two columns for the same field
    "missing-column",  # no column for a field every activity needs
    "not-yes-or-no",  # publik/planerad that is neither ja nor nej
]

# The fields a column can fill, and the headers that name each (compared after `normalise`).
SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "date": ("datum", "date"),
    "commitment": ("åtagande", "åtaganden", "commitment", "commitments"),
    "summary": ("vad", "sammanfattning", "beskrivning", "summary"),
    "by": ("av", "utförare", "by"),
    "place": ("plats", "place"),
    "people_reached": ("personer", "antal personer", "people reached", "people"),
    "hours": ("timmar", "hours"),
    "tags": ("taggar", "tags"),
    "links": ("länkar", "länk", "links"),
    "public": ("publik", "public"),
    "planned": ("planerad", "planned"),
}
FIELDS: Final = tuple(SYNONYMS)
REQUIRED: Final = ("date", "commitment", "summary")
# Columns that are left out without being named with --column: the file path of
# `lofte export` (a file's name follows from its content), the promise of a group export,
# and the bookkeeping columns of a Microsoft Forms export. Never personal data: a form's
# Email and Name columns must be left out by name (`--column Email=-`).
SKIPPED: Final = frozenset({"path", "sökväg", "promise", "löfte", "id", "start time",
                            "completion time", "last modified time", "starttid", "sluttid"})
IGNORE: Final = "-"

_FIELD_OF: Final = {synonym: name for name, words in SYNONYMS.items() for synonym in words}
_SPACES = re.compile(r"[\s_]+")
_ISO_DAY = re.compile(r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}"
                      r"(?:\.[0-9]+)?)?)?")
_DIGIT_GROUPS = re.compile(r"[\s\u00a0\u202f]")
_HOURS = re.compile(r"-?[0-9]+(\.[0-9]*)?|-?\.[0-9]+")
_YES: Final = frozenset({"ja", "yes", "true", "sant", "j", "y"})
_NO: Final = frozenset({"nej", "no", "false", "falskt", "n"})
_LIST_SEPARATORS = re.compile(r"[,\n]")

# What the user reads. Kept together so that it can be reviewed and translated.
UNKNOWN_HEADER = N_("no field is called `{header}`; rename the column, map it with "
                    "--column \"{header}=FIELD\" or leave it out with --column \"{header}=-\"")
UNKNOWN_HEADER_CLOSE = N_("; did you mean `{suggestion}`?")
HEADER_ELSEWHERE = N_("; the headers seem to be on row {row}: add --header-row {row}")
UNNAMED_COLUMN = N_("column {column} has no header but holds `{value}`; give it a header, "
                    "or empty it")
DUPLICATE_HEADER = N_("column {column} is for `{field}` too; leave one of them out with "
                      "--column \"HEADER=-\"")
MISSING_COLUMN = N_("no column for `{field}`, which every activity needs; call one `{word}` "
                    "or `{field}`, or map one with --column \"HEADER={field}\"")
MISSING_VALUE = N_("`{field}` is empty; every activity needs one")
NOT_A_DATE = N_("`{value}` is not a date; write YYYY-MM-DD (for example 2025-05-14), or "
                "format the column as a date")
NOT_A_COUNT = N_("`{value}` is not a whole number of people")
NOT_HOURS = N_("`{value}` is not a number of hours (for example 2 or 3,5)")
NOT_YES_OR_NO = N_("`{value}` is neither yes nor no; write ja or nej (yes or no)")
COLUMN_SYNTAX = N_("--column {value}: write HEADER=FIELD, or HEADER=- to leave the column out")
COLUMN_FIELD = N_("--column {value}: `{field}` is not a field; the fields are {fields}, or - "
                  "to leave the column out")
COLUMN_NOT_IN_SHEET = N_("--column {value}: the header row (row {row}) has no column "
                         "`{header}`; its columns are {columns}")


@dataclass(frozen=True, slots=True)
class ImportProblem:
    """One problem of a sheet: its row as the spreadsheet numbers it, its column as the
    header names it (the column's letter when it has no header, the field's name when no
    column holds the field)."""

    row: int
    column: str
    code: ImportCode | ProblemCode
    message: str


@functools.lru_cache(maxsize=4096)  # titles, names and ids, compared on every row
def normalise(header: str) -> str:
    """Headers compare without case, with runs of spaces and `_` as one space."""
    return _SPACES.sub(" ", header).strip().casefold()


def column_letter(index: int) -> str:
    """A, B, ..., Z, AA, ...: the name of the column at 0-based `index`."""
    letters = ""
    number = index + 1
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def field_named(word: str) -> str | None:
    """The field a header or a --column target names; None when it names none."""
    return _FIELD_OF.get(normalise(word))


def read_column_option(value: str) -> tuple[str, str | None]:
    """`HEADER=FIELD` or `HEADER=-`: the normalised header and the field (None: left out).
    Raises InputError when it is neither."""
    header, separator, target = value.rpartition("=")
    if not separator or not header.strip() or not target.strip():
        raise InputError(_(COLUMN_SYNTAX).format(value=value))
    if target.strip() == IGNORE:
        return normalise(header), None
    named = field_named(target)
    if named is None:
        raise InputError(_(COLUMN_FIELD).format(value=value, field=target.strip(),
                                                fields=", ".join(FIELDS)))
    return normalise(header), named


# --- the header ---------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class HeaderMap:
    """Which column holds which field. `names` is each column as a problem names it."""

    row: int
    names: tuple[str, ...]
    fields: Mapping[str, int]
    unnamed: frozenset[int] = field(default_factory=frozenset)
    # Worked out once for every row (see `cells_of`): the empty cells a row is padded
    # with, what picks each field's cell out of the padded row, and the columns without a
    # header, in order.
    padding: tuple[None, ...] = field(init=False, repr=False, compare=False)
    pick: Callable[[Sequence[Cell]], tuple[Cell, ...]] = field(init=False, repr=False,
                                                                 compare=False)
    unnamed_in_order: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # As many empty cells as a row needs to reach every field's column, and one more,
        # the last of the padded row: the cell of a field without a column.
        width = max([*self.fields.values(), -1]) + 1
        object.__setattr__(self, "padding", (None,) * (width + 1))
        object.__setattr__(self, "pick", operator.itemgetter(
            *(self.fields.get(name, -1) for name in FIELDS)))
        object.__setattr__(self, "unnamed_in_order", tuple(sorted(self.unnamed)))

    def cells_of(self, cells: Sequence[Cell]) -> RowCells:
        """The row's cell for each field; None where the row has none."""
        return RowCells._make(self.pick(tuple(cells) + self.padding))

    def column_of(self, name: str | None) -> str:
        """The column a problem with this field is shown in."""
        if name == "also":
            name = "commitment"
        if name is None:
            return ""
        index = self.fields.get(name)
        return self.names[index] if index is not None else name

    @property
    def complete(self) -> bool:
        """Whether every field an activity needs has a column."""
        return all(name in self.fields for name in REQUIRED)


class RowCells(NamedTuple):
    """A row's cell for each field (FIELDS, in order)."""

    date: Cell
    commitment: Cell
    summary: Cell
    by: Cell
    place: Cell
    people_reached: Cell
    hours: Cell
    tags: Cell
    links: Cell
    public: Cell
    planned: Cell


def header_text(cell: Cell) -> str:
    return cell_text(cell) or ""


def map_header(cells: Sequence[Cell], row: int, columns: Mapping[str, str | None],
               *, later_rows: Iterable[tuple[int, Sequence[Cell]]] = ()) -> tuple[
                   HeaderMap, list[ImportProblem]]:
    """Map the header row `cells` (row number `row`) to fields, `columns` (from --column:
    normalised header -> field, or None to leave it out) first. The problems of the header:
    unknown and duplicate headers, and missing columns. `later_rows`, the rows below,
    are looked at only to suggest --header-row when nothing here is a header.

    Raises InputError when a --column names a header that is not in the row."""
    texts = [header_text(cell) for cell in cells]
    present = {normalise(text) for text in texts if text}
    for wanted in columns:
        if wanted not in present:
            shown = ", ".join(f"`{text}`" for text in texts if text)
            raise InputError(_(COLUMN_NOT_IN_SHEET).format(
                value=_option_text(wanted, columns[wanted]), row=row, header=wanted,
                columns=shown))
    names: list[str] = []
    fields: dict[str, int] = {}
    unnamed: set[int] = set()
    problems: list[ImportProblem] = []
    unknown: list[tuple[int, str]] = []
    for index, text in enumerate(texts):
        key = normalise(text)
        names.append(text or column_letter(index))
        if not key:
            unnamed.add(index)
            continue
        target = columns[key] if key in columns else _FIELD_OF.get(key)
        if (key in columns and target is None) or (key not in columns and key in SKIPPED):
            continue
        if target is None:
            unknown.append((index, text))
            continue
        if target in fields:
            problems.append(ImportProblem(row, text, "duplicate-header", _(DUPLICATE_HEADER)
                                          .format(column=names[fields[target]], field=target)))
            continue
        fields[target] = index
    hint = _header_elsewhere(later_rows) if not fields else ""
    for _index, text in unknown:
        problems.append(ImportProblem(row, text, "unknown-header",
                                      _(UNKNOWN_HEADER).format(header=text)
                                      + _closest(text) + hint))
    for name in REQUIRED:
        if name not in fields:
            problems.append(ImportProblem(row, name, "missing-column", _(MISSING_COLUMN).format(
                field=name, word=SYNONYMS[name][0]) + hint))
    return HeaderMap(row, tuple(names), fields, frozenset(unnamed)), problems


def _option_text(header: str, target: str | None) -> str:
    return f"{header}={target or IGNORE}"


def _closest(text: str) -> str:
    found = difflib.get_close_matches(normalise(text), list(_FIELD_OF), n=1, cutoff=0.75)
    return _(UNKNOWN_HEADER_CLOSE).format(suggestion=found[0]) if found else ""


def _header_elsewhere(rows: Iterable[tuple[int, Sequence[Cell]]]) -> str:
    """A row below that looks like the header: most of its cells name fields."""
    for number, cells in rows:
        texts = [normalise(header_text(cell)) for cell in cells]
        known = sum(1 for text in texts if text in _FIELD_OF)
        if known >= 2:
            return _(HEADER_ELSEWHERE).format(row=number)
    return ""


# --- the cells ----------------------------------------------------------------------------

def cell_text(cell: Cell) -> str | None:
    """A cell as text, spaces around removed; None when it is empty."""
    if type(cell) is str:  # nearly every cell: first, and without the checks below
        return cell.strip() or None
    if cell is None:
        return None
    if isinstance(cell, bool):
        return "true" if cell else "false"
    if isinstance(cell, dt.datetime):
        text = cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat(" ")
    elif isinstance(cell, dt.date):
        text = cell.isoformat()
    elif isinstance(cell, float) and cell.is_integer():
        text = str(int(cell))
    else:
        text = str(cell)
    return text.strip() or None


def is_empty(cells: Sequence[Cell]) -> bool:
    return all(cell_text(cell) is None for cell in cells)


def read_day(cell: Cell) -> dt.date:
    """A date cell, or text YYYY-MM-DD (a time after it is left out)."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    text = cell_text(cell) or ""
    day = _iso_day(text) if isinstance(cell, str) else None
    if day is None:
        raise InputError(_(NOT_A_DATE).format(value=text))
    return day


@functools.lru_cache(maxsize=4096)  # the days of a sheet's rows: many rows, few days
def _iso_day(text: str) -> dt.date | None:
    """The day of text YYYY-MM-DD (a time after it is left out); None when it is none."""
    match = _ISO_DAY.fullmatch(text)
    if match is not None:
        try:
            return dt.date.fromisoformat(match.group(1))
        except ValueError:
            pass
    return None


def read_people(cell: Cell) -> int:
    """A whole number: 12, 12.0, or text such as `1 200`."""
    if isinstance(cell, int) and not isinstance(cell, bool):
        return cell
    if isinstance(cell, float) and cell.is_integer():
        return int(cell)
    text = cell_text(cell) or ""
    count = _count_in_text(text) if isinstance(cell, str) else None
    if count is None:
        raise InputError(_(NOT_A_COUNT).format(value=text))
    return count


@functools.lru_cache(maxsize=4096)  # the same few counts on many rows
def _count_in_text(text: str) -> int | None:
    """The whole number text such as `1 200` writes; None when it writes none."""
    digits = _DIGIT_GROUPS.sub("", text)
    if digits.lstrip("-").isdigit() and digits.isascii():
        with suppress(ValueError):  # more digits than Python turns into a number
            return int(digits)
    return None


def read_hours_cell(cell: Cell) -> float:
    """A number of hours: 3.5, or text with a decimal comma or point (`3,5`)."""
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return float(cell)
    text = cell_text(cell) or ""
    hours = _hours_in_text(text) if isinstance(cell, str) else None
    if hours is None:
        raise InputError(_(NOT_HOURS).format(value=text))
    return hours


@functools.lru_cache(maxsize=4096)  # the same few numbers of hours on many rows
def _hours_in_text(text: str) -> float | None:
    """The number of hours text such as `3,5` writes; None when it writes none."""
    number = _DIGIT_GROUPS.sub("", text).replace(",", ".")
    return float(number) if _HOURS.fullmatch(number) else None


def read_yes_no(cell: Cell) -> bool:
    """ja/nej, yes/no, true/false (and Excel's SANT/FALSKT, or a true/false cell)."""
    if isinstance(cell, bool):
        return cell
    text = cell_text(cell) or ""
    word = text.casefold()
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise InputError(_(NOT_YES_OR_NO).format(value=text))


def split_list(cell: Cell) -> list[str]:
    """Several values in one cell, separated by `,` or line breaks."""
    return _listed(cell_text(cell))


def _listed(text: str | None) -> list[str]:
    """`split_list` of a cell's text (`cell_text`)."""
    if text is None:
        return []
    if "," not in text and "\n" not in text:  # most cells: one value, spaces around removed
        return [text]
    return [part.strip() for part in _LIST_SEPARATORS.split(text) if part.strip()]


# --- a row --------------------------------------------------------------------------------

class RowRequest(NamedTuple):
    """What a row asks for, and what is wrong with its cells already. (A named tuple: one
    is made for every row of a sheet, several times quicker than a frozen dataclass.)

    When a field every activity needs cannot be read, `request` holds a stand-in for it
    (listed in `stand_ins`), so that the rest of the row can still be checked in the same
    run; problems that `lofte log` then finds with a stand-in must be left out."""

    row: int
    request: ActivityRequest
    problems: list[ImportProblem]
    stand_ins: frozenset[str] = frozenset()

    def located(self, header: HeaderMap, problems: Iterable[Problem]) -> list[ImportProblem]:
        """`lofte log`'s problems with this row, at their columns, stand-ins left out."""
        return [ImportProblem(self.row, header.column_of(problem.field), problem.code,
                              problem.message)
                for problem in problems
                if (problem.field or "") not in self.stand_ins]


def read_row(row: int, cells: Sequence[Cell], header: HeaderMap,
             promise_file: CommitmentsFile, today: dt.date) -> RowRequest:
    """The request of one data row, with its problems that need no ledger to be found."""
    fields = header.cells_of(cells)
    (date, commitment, summary, by, place, people_reached, hours, tags, links, public,
     planned) = [cell.strip() or None if type(cell) is str else cell_text(cell)
                 for cell in fields]  # `cell_text` of each; a text cell without a call
    problems = _unnamed_cells(row, cells, header)
    stand_ins: set[str] = set()

    def problem(name: str, code: ImportCode | ProblemCode, message: str) -> None:
        problems.append(ImportProblem(row, header.column_of(name), code, message))

    def required(name: str, text: str | None) -> str | None:
        if text is None:
            problem(name, "missing-field", _(MISSING_VALUE).format(field=name))
            stand_ins.add(name)
        return text

    def optional(name: str, text: str | None, cell: Cell, read: Callable[[Cell], T],
                 code: ImportCode | ProblemCode) -> T | None:
        if text is None:
            return None
        try:
            return read(cell)
        except InputError as exc:
            problem(name, code, str(exc))
            return None

    day = today
    if required("date", date) is not None:
        try:
            day = read_day(fields.date)
        except InputError as exc:
            problem("date", "not-a-date", str(exc))
            stand_ins.add("date")
    names = _names(promise_file)
    commitment = required("commitment", commitment)
    commitments = [] if commitment is None else names.commitments(commitment)
    if commitment is not None and not commitments:
        problem("commitment", "missing-field", _(MISSING_VALUE).format(field="commitment"))
    if not commitments:
        stand_ins.add("commitment")
        commitments = [c.id for c in promise_file.commitments[:1]] or ["-"]
    summary = required("summary", summary) or "-"
    people = optional("people_reached", people_reached, fields.people_reached, read_people,
                      "not-a-number")
    hours_spent = optional("hours", hours, fields.hours, read_hours_cell, "not-a-number")
    shown = optional("public", public, fields.public, read_yes_no, "not-yes-or-no")
    plan = optional("planned", planned, fields.planned, read_yes_no, "not-yes-or-no")
    request = ActivityRequest(
        commitment=commitments[0], also=commitments[1:], summary=summary, date=day,
        by=names.parties_named(by), place=place, people_reached=people, hours=hours_spent,
        tags=_listed(tags), links=_listed(links), public=True if shown is None else shown,
        planned=bool(plan))
    return RowRequest(row, request, problems, frozenset(stand_ins))


def _unnamed_cells(row: int, cells: Sequence[Cell], header: HeaderMap) -> list[ImportProblem]:
    """A problem for each cell of the row that is filled in a column without a header."""
    problems: list[ImportProblem] = []
    for index in header.unnamed_in_order:
        value = cell_text(cells[index]) if index < len(cells) else None
        if value is not None:
            problems.append(ImportProblem(row, column_letter(index), "unknown-header",
                                          _(UNNAMED_COLUMN).format(column=column_letter(index),
                                                                   value=value)))
    return problems


@dataclass(frozen=True, slots=True)
class _Names:
    """The names a row may use for a promise's commitments and parties, normalised, and
    the id each stands for (the first, for a name used twice)."""

    titles: dict[str, str]
    parties: dict[str, str]

    def commitments(self, text: str) -> list[str]:
        """The commitments a cell's text names: one exact title, or ids (or their starts)
        separated by `,` (as `lofte export` writes them). An exact title becomes its id;
        anything else is resolved as `lofte log` resolves what is typed."""
        title_id = self.titles.get(normalise(text))
        if title_id is not None:
            return [title_id or text]
        if "," not in text and "\n" not in text:  # one id (or the start of one)
            return [text]
        return [self.titles.get(normalise(word)) or word for word in _listed(text)]

    def parties_named(self, text: str | None) -> list[str]:
        """The parties a cell's text names: a party's name (any case) becomes its id;
        anything else is left to `lofte log`."""
        return [self.parties.get(normalise(word), word) for word in _listed(text)]


def _names(promise_file: CommitmentsFile) -> _Names:
    """The names of the promise of the rows being read: made once, as every row asks."""
    last = _LAST_NAMES[0]
    if last is not None and last[0] is promise_file:
        return last[1]
    titles: dict[str, str] = {}
    for commitment in promise_file.commitments:
        titles.setdefault(normalise(commitment.title), commitment.id)
    parties: dict[str, str] = {}
    for party_id, party in promise_file.parties.items():
        parties.setdefault(normalise(party.name), party_id)
    names = _Names(titles, parties)
    _LAST_NAMES[0] = (promise_file, names)
    return names


# The names of the last promise asked about: one slot, replaced whole.
_LAST_NAMES: list[tuple[CommitmentsFile, _Names] | None] = [None]
