"""Importing a sheet: every row becomes an activity file, all of them or none.

`prepare_import` reads the sheet, maps its header (`lofte.domain.import_mapping`) and
prepares each row exactly as `lofte log` prepares one activity (`prepare_log`: the same
validation, privacy guard included, the same file name and text). It writes nothing in the
ledger and returns the files to write, the number of rows already logged, and every problem
of every row. `ImportWriter` writes them with `lofte log`'s writer
(`lofte.storage.activity_writer.ActivityBatch`): each file is staged, hidden, as soon as its
row is found fine (by the worker process that checked it, on a sheet of many rows), while
the other rows are still being checked, and all get their names
once every row is checked and none has a problem (see `lofte.storage.staging` for why that
is as safe as one file at a time); when a write fails, the files already named are removed
again, so that the ledger is as it was.

A large sheet can be read in a child process while the caller reads and validates
commitments.yaml (`lofte.usecases.sheet_reading`); the rows, the errors and the files are
the same.
"""

from __future__ import annotations

import datetime as dt
import mmap
import multiprocessing
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from lofte.domain.import_mapping import (
    FIELDS,
    SYNONYMS,
    Cell,
    HeaderMap,
    ImportProblem,
    RowRequest,
    is_empty,
    map_header,
    read_row,
)
from lofte.domain.known_activity import known_activity
from lofte.domain.problems import InputError, Refused
from lofte.domain.promise import CommitmentsFile
from lofte.i18n import N_, _, current_language
from lofte.storage import parallel
from lofte.storage.activity_removal import missing_folders, remove_written
from lofte.storage.activity_writer import (
    ActivityBatch,
    ActivityFile,
    AlreadyLogged,
    LedgerFolders,
    NameTaken,
    YearFolder,
    prepare_known_file,
)
from lofte.storage.atomic import create_new_file
from lofte.storage.boundary import BoundaryError
from lofte.storage.loader import collector_paused
from lofte.storage.spreadsheet import HEADER_ROW, Row, Table, workbook_bytes
from lofte.usecases.log import KnownPromise, prepare_log, unless_logged
from lofte.usecases.sheet_reading import read_sheet

EMPTY_SHEET = N_("the sheet is empty: no header, no rows")
NO_HEADER_ROW = N_("--header-row {row}: the sheet has only {count} rows")
NAME_TAKEN = N_("{path} already exists with other content (the same six-digit hash); change "
                "the summary slightly")
SAME_NAME_IN_SHEET = N_("row {row} makes {path} too, with other content (the same six-digit "
                        "hash); change the summary slightly")
NAME_NOT_A_FILE = N_("{path} already exists and is not a regular file; remove it")
COMMITMENTS_TITLE = N_("Commitments")
ID_HEADER = N_("id")
TITLE_HEADER = N_("title")
YES = N_("yes")
NO = N_("no")
# The template: rows below the header that get the lists and the date format, and widths.
TEMPLATE_ROWS = 1000
TEMPLATE_WIDTHS = (12, 22, 60, 18, 24, 10, 8, 24, 24, 8, 10)
# How many rows below the header are looked at for a header, to suggest --header-row.
HEADER_SEARCH = 20

Progress = Callable[[int, int], None]  # rows (or files) done, of how many


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What the user asked for: the file, its sheet, and how to read its header."""

    path: Path
    sheet: str | None = None
    columns: Mapping[str, str | None] = field(default_factory=dict)  # see map_header
    header_row: int = HEADER_ROW


@dataclass(frozen=True, slots=True)
class PreparedImport:
    """What an import would do. Write only when `problems` is empty."""

    root: Path
    files: list[ActivityFile]  # new files, in the order of their rows
    already: int  # rows already logged, or repeating an earlier row of the sheet
    problems: list[ImportProblem]
    rows: int  # rows that hold anything, below the header


@dataclass(frozen=True, slots=True)
class ImportResult:
    files: list[ActivityFile]  # the files written
    already: int


class ImportFailed(Exception):
    """A write failed (at `path`, for `reason`). The files written before it were removed
    again, except those in `left`."""

    def __init__(self, path: Path, reason: str, removed: int, left: list[Path]) -> None:
        super().__init__(reason)
        self.path = path
        self.reason = reason
        self.removed = removed
        self.left = left


def prepare_import(root: Path, promise_file: CommitmentsFile, request: ImportRequest,
                   today: dt.date, progress: Progress | None = None, *,
                   known: KnownPromise | None = None,
                   writer: ImportWriter | None = None,
                   sheet: parallel.Aside[list[Row]] | None = None) -> PreparedImport:
    """Read and check the whole sheet; write nothing in the ledger. Raises SheetUnreadable,
    InputError (a --column or --header-row that does not fit the sheet), BoundaryError or
    OSError. `known` (`known_promise`, when commitments.yaml has nothing to report): rows
    that are plainly fine are prepared as `lofte log` prepares them, without pydantic
    (`prepare_known_log`); the files are the same. `writer` stages each new file as soon
    as it is found, while no row has had a problem (in the worker process that prepared
    it, when there are workers), so that writing overlaps checking. `sheet`: the sheet
    being read already (`lofte.usecases.sheet_reading.reading_aside`).

    The rows and files are many small objects without reference cycles, kept until lofte
    ends: the cycle collector is paused meanwhile, and a sheet as large as a large ledger
    is frozen out of its sight, as `load_ledger` does (`collector_paused`). Otherwise it
    would go through them all again and again, and once more as lofte ends."""
    with collector_paused() as kept:
        if sheet is not None:
            _ready_for_workers()
        rows = sheet.result() if sheet is not None \
            else read_sheet(request.path, request.sheet, request.header_row)
        prepared = _prepare_rows(root, promise_file, request, rows, today,
                                 progress=progress, known=known, writer=writer)
        kept.append(len(rows))
    return prepared


def _prepare_rows(root: Path, promise_file: CommitmentsFile, request: ImportRequest,
                  rows: list[Row], today: dt.date, *, progress: Progress | None,
                  known: KnownPromise | None, writer: ImportWriter | None) -> PreparedImport:
    """`prepare_import` of the sheet's rows."""
    if not rows:
        raise InputError(_(EMPTY_SHEET))
    if request.header_row > len(rows):
        raise InputError(_(NO_HEADER_ROW).format(row=request.header_row, count=len(rows)))
    header_number, header_cells = rows[request.header_row - 1]
    below = [row for row in rows[request.header_row:] if not is_empty(row[1])]
    header, problems = map_header(header_cells, header_number, request.columns,
                                  later_rows=rows[request.header_row:][:HEADER_SEARCH])
    files: list[ActivityFile] = []
    already = 0
    if header.complete:
        seen: dict[tuple[tuple[str, ...], str], tuple[int, str]] = {}  # location: row, text
        done = 0
        writing = writer if not problems else None
        for results in _prepared(_Rows(root, promise_file, header, today, known), below,
                                 writing):
            for number, prepared, row_problems, staged in results:
                problems.extend(row_problems)
                if row_problems:
                    continue
                if prepared is None:
                    already += 1
                    continue
                first = seen.setdefault(prepared.location, (number, prepared.text))
                if first[0] != number:  # the same name made by an earlier row
                    if first[1] == prepared.text:
                        already += 1
                    else:
                        problems.append(ImportProblem(number, "", "name-taken", _(
                            SAME_NAME_IN_SHEET).format(row=first[0], path=prepared.path)))
                    continue
                files.append(prepared)
                if writing is not None and not problems:
                    writing.stage(prepared, staged)
            done += len(results)
            if progress is not None:
                progress(done, len(below))
    return PreparedImport(root, files, already, problems, len(below))


class RowOutcome(NamedTuple):
    """A row prepared: its new file (None when there is none to write), its problems, and
    whether the file is in the staging folder already (a worker process wrote it, or found
    it written for another row of the same name)."""

    row: int
    file: ActivityFile | None
    problems: list[ImportProblem]
    staged: bool = False


RowResult = tuple[ActivityFile | None, list[ImportProblem]]
SheetRows = Sequence[tuple[int, Sequence[Cell]]]
# From this many rows on, they are prepared in worker processes, CHUNK rows at a time.
PARALLEL_FROM = 2_000
CHUNK = 250


@dataclass(frozen=True, slots=True)
class _Rows:
    """What preparing a row needs besides the row."""

    root: Path
    promise_file: CommitmentsFile
    header: HeaderMap
    today: dt.date
    known: KnownPromise | None

    def prepare(self, rows: SheetRows, folders: LedgerFolders) -> list[RowOutcome]:
        """Each row prepared, in order: step by step for all the rows (every row's cells
        read, then every plainly fine activity told and its text made, then each row's
        file looked for in the ledger, or prepared the careful way). The same as row by
        row, in about a quarter less time: each step's code and data stay in the
        processor's caches."""
        asked = [read_row(number, cells, self.header, self.promise_file, self.today)
                 for number, cells in rows]
        quick = self._quick_files(asked, folders)
        return [RowOutcome(request.row, *self.prepare_row(request, folders, file))
                for request, file in zip(asked, quick, strict=True)]

    def _quick_files(self, asked: Sequence[RowRequest], folders: LedgerFolders
                     ) -> list[ActivityFile | None]:
        """Each row's file made the quick way (`prepare_known_log`, before it looks in the
        ledger); None where only the careful way can tell."""
        known = self.known
        if known is None:
            return [None] * len(asked)
        values = [known_activity(request.request, known.data, self.today) for request in asked]
        return [None if found is None else prepare_known_file(self.root, found, folders)
                for found in values]

    def prepare_row(self, asked: RowRequest, folders: LedgerFolders,
                    quick: ActivityFile | None = None) -> RowResult:
        """The new file of one row (`quick`: made the quick way already); None and no
        problems when it is already logged."""
        number = asked.row
        problems = list(asked.problems)
        try:
            prepared = unless_logged(quick, folders)
            if prepared is None:
                prepared = prepare_log(self.root, self.promise_file, asked.request,
                                       self.today, folders)
        except Refused as refused:
            return None, problems + asked.located(self.header, refused.problems)
        except AlreadyLogged:
            return None, problems
        except NameTaken as exc:
            return None, [*problems, ImportProblem(number, "", "name-taken", _failure(exc))]
        return (None if problems or asked.stand_ins else prepared), problems


def _ready_for_workers() -> None:
    """Import what the worker processes need (`_prepared_in`) before they are forked, so
    that they share it. Called while a large sheet is read aside, when this process would
    only wait for it (about 0.03 s of imports, off the import's way)."""
    import multiprocessing.pool  # noqa: F401, PLC0415 - not for a small sheet

    import lofte.domain.privacy  # noqa: F401, PLC0415 - its patterns, once, before forking


def _prepared(rows: _Rows, below: SheetRows, writer: ImportWriter | None
              ) -> Iterator[list[RowOutcome]]:
    """The rows prepared, a chunk at a time, in order: from PARALLEL_FROM rows on, in
    forked worker processes (as `lofte check` reads files, `lofte.storage.parallel`), which
    change nothing but the time taken, and which stage the files they prepare when there
    is a `writer` (`ImportWriter.share`). A chunk that failed in a worker is prepared again
    here, where its exception (a way out of the ledger, an unreadable folder) is raised as
    it would be without workers. Each year folder is opened, and listed, once a process
    (`LedgerFolders`)."""
    with LedgerFolders(rows.root) as folders:
        yield from _prepared_in(rows, below, writer, folders)


def _prepared_in(rows: _Rows, below: SheetRows, writer: ImportWriter | None,
                 folders: LedgerFolders) -> Iterator[list[RowOutcome]]:
    chunks = [below[start:start + CHUNK] for start in range(0, len(below), CHUNK)]
    workers = min(parallel.cores(), parallel.MAX_WORKERS)
    pool = None
    if len(below) >= PARALLEL_FROM and workers >= 2 and parallel.can_fork():
        _ready_for_workers()
        stop = mmap.mmap(-1, 1)  # shared with the workers: 1 once a row has a problem
        work = _Work(rows, folders, chunks, writer.share() if writer is not None else None,
                     stop)
        with suppress(OSError):  # no process could be started: this one prepares them
            pool = multiprocessing.get_context("fork").Pool(workers, _set_work, (work,))
    if pool is None:
        yield from (rows.prepare(chunk, folders) for chunk in chunks)
        return
    with pool:
        years: dict[tuple[str, ...], YearFolder] = {}
        for chunk, shipped in zip(chunks, pool.imap(_in_worker, range(len(chunks))),
                                  strict=True):
            results = (rows.prepare(chunk, folders) if shipped is None
                       else [RowOutcome(number, _unshipped(file, rows.root, years),
                                        problems, staged)
                             for number, file, problems, staged in shipped])
            if any(result.problems for result in results):
                stop[0] = 1  # the workers stage no more: nothing will be written
            yield results


@dataclass(frozen=True, slots=True)
class _Work:
    """What a worker process is given when it is forked: the rows, in chunks (a task is a
    chunk's index), the ledger's folders (as open in the parent; each worker lists them
    for itself), how to stage a file, and the shared byte that says not to any more."""

    rows: _Rows
    folders: LedgerFolders
    chunks: list[SheetRows]
    stage: Callable[[ActivityFile], bool | None] | None
    stop: mmap.mmap


_work: _Work | None = None  # in a worker process


def _set_work(work: _Work) -> None:
    global _work  # noqa: PLW0603 - set once, as each worker process starts
    _work = work


# A row's result as a worker sends it: the new file as (folders below the root, name,
# text). Paths pickle slowly: 10,000 of them, to and fro, cost about 0.3 s of processor.
ShippedFile = tuple[tuple[str, ...], str, str]
Shipped = tuple[int, ShippedFile | None, list[ImportProblem], bool]


def _in_worker(index: int) -> list[Shipped] | None:
    """A chunk prepared, and its new files staged, in a worker process; None when
    preparing it failed (the parent prepares it again, and raises)."""
    work = _work
    assert work is not None
    try:
        results = work.rows.prepare(work.chunks[index], work.folders)
    except Exception:  # prepared again by the parent, which raises it
        return None
    stage = work.stage if not work.stop[0] else None
    shipped: list[Shipped] = []
    for number, file, problems, _staged in results:
        if file is None:
            shipped.append((number, None, problems, False))
        else:
            staged = stage is not None and _staged_here(stage, file)
            shipped.append((number, (*file.location, file.text), problems, staged))
    return shipped


def _staged_here(stage: Callable[[ActivityFile], bool | None], file: ActivityFile) -> bool:
    """`ImportWriter.share`'s stage, in a worker: whether the file is in the staging folder
    now (written here, or for another row of the same name). Whatever goes wrong, the
    parent stages the file itself, and meets the error there."""
    try:
        return stage(file) is not None
    except Exception:
        return False


def _unshipped(file: ShippedFile | None, root: Path,
               folders: dict[tuple[str, ...], YearFolder]) -> ActivityFile | None:
    """The ActivityFile a worker prepared; `folders`: each folder's path, made once."""
    if file is None:
        return None
    parts, name, text = file
    folder = folders.get(parts)
    if folder is None:  # (the modeline is in the text already)
        folder = folders[parts] = YearFolder(root.joinpath(*parts), parts, None)
    return ActivityFile.in_folder(folder, name, text, root)


class ImportWriter:
    """Writes an import's files while its rows are still being checked: each new file is
    staged (written, hidden, outside what the ledger reads) as soon as its row is found
    fine, and `finish` names them all once every row has been checked and none has a
    problem. The writer is `lofte log`'s (`lofte.storage.activity_writer.ActivityBatch`; see
    `lofte.storage.staging` for why that is as safe as one file at a time). A context
    manager: leaving it without `finish` leaves the ledger as it was."""

    def __init__(self, root: Path) -> None:
        self._root = root
        self._batch = ActivityBatch(root)
        self._failed: tuple[ActivityFile, NameTaken | BoundaryError | OSError] | None = None

    def stage(self, prepared: ActivityFile, staged: bool = False) -> None:
        """Write a file, hidden; after a failure, nothing more (`finish` reports it).
        `staged`: whether a worker process wrote it already (`share`), for this row or for
        another row of the sheet with the same name."""
        if self._failed is not None:
            return
        try:
            if not staged:
                try:
                    self._batch.stage(prepared)
                    return
                except FileExistsError:  # a worker staged it for a later row of the same name
                    pass
            self._batch.adopt(prepared)
        except (BoundaryError, OSError) as exc:
            self._failed = prepared, exc

    def share(self) -> Callable[[ActivityFile], bool | None] | None:
        """Before worker processes are forked: what stages a file in one of them (see
        `stage`); None when they cannot (this process then stages every file)."""
        if self._failed is not None:
            return None
        try:
            self._batch.share()
        except (BoundaryError, OSError):
            return None
        return self._batch.stage_shared

    def finish(self, prepared: PreparedImport, progress: Progress | None = None
               ) -> ImportResult:
        """Name every prepared file (each is staged first, when it is not yet). A file that
        someone logged meanwhile counts as already logged. Raises ImportFailed when a write
        fails (the files named before it are removed again); on an interruption, removes
        them and re-raises."""
        assert not prepared.problems, "an import with problems writes nothing"
        root = self._root
        for activity_file in prepared.files[self._batch.staged:]:
            self.stage(activity_file)
        if self._failed is not None:
            failed, exc = self._failed
            raise ImportFailed(failed.path, _failure(exc), self._batch.staged, [])
        folders = missing_folders(root, prepared.files)
        named: list[ActivityFile] = []
        already = prepared.already
        current: ActivityFile | None = None
        try:
            for done, (current, got_name) in enumerate(self._batch.publish(), start=1):
                if got_name:
                    named.append(current)
                else:
                    already += 1
                if progress is not None:
                    progress(done, len(prepared.files))
        except (NameTaken, BoundaryError, OSError) as exc:
            left = remove_written(root, named, folders)
            raise ImportFailed(_failed_path(exc, current, root), _failure(exc),
                               len(named) - len(left), left) from exc
        except BaseException:
            remove_written(root, named, folders)
            raise
        return ImportResult(named, already)

    def __enter__(self) -> ImportWriter:
        self._batch.__enter__()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._batch.__exit__(kind, error, trace)


def write_import(prepared: PreparedImport, progress: Progress | None = None) -> ImportResult:
    """Write every prepared file, all or none (`ImportWriter`, when nothing was staged
    while checking). Raises ImportFailed; on an interruption, removes what it wrote."""
    with ImportWriter(prepared.root) as writer:
        return writer.finish(prepared, progress)


def _failed_path(exc: NameTaken | BoundaryError | OSError, last: ActivityFile | None,
                 root: Path) -> Path:
    """The file (or folder) whose naming failed."""
    if isinstance(exc, NameTaken):
        return exc.path
    if isinstance(exc, OSError) and isinstance(exc.filename, str):
        return Path(exc.filename)
    return last.path if last is not None else root


def _failure(exc: NameTaken | BoundaryError | OSError) -> str:
    """Why a write failed, for the user."""
    if isinstance(exc, NameTaken):
        return _(NAME_TAKEN if exc.regular else NAME_NOT_A_FILE).format(path=exc.path)
    if isinstance(exc, OSError):
        return exc.strerror or str(exc)
    return str(exc)


# --- the template -------------------------------------------------------------------------

def template_header(language: str) -> list[str]:
    """The header of the template: Swedish (`Datum`, `Åtagande`, ...) or the field names."""
    if language == "sv":
        return [SYNONYMS[name][0].capitalize() for name in FIELDS]
    return list(FIELDS)


def template_bytes(promise_file: CommitmentsFile) -> bytes:
    """An empty sheet to fill in, with the header in the user's language, and a second
    sheet listing the commitments, whose ids the commitment column offers in a list."""
    ids = [c.id for c in promise_file.commitments]
    listed = _(COMMITMENTS_TITLE)
    choice = f"'{listed}'!$A$2:$A${len(ids) + 1}"
    yes_no = [_(YES), _(NO)]
    header = template_header(current_language())
    lists: dict[int, str | Sequence[str]] = {FIELDS.index("public"): yes_no,
                                             FIELDS.index("planned"): yes_no}
    if ids:
        lists[FIELDS.index("commitment")] = choice
    from lofte.usecases.export import SHEET_TITLE  # noqa: PLC0415 - only for a template

    activities = Table(_(SHEET_TITLE), header, (), TEMPLATE_WIDTHS, lists,
                       frozenset({FIELDS.index("date")}))
    commitments = Table(listed, [_(ID_HEADER), _(TITLE_HEADER)],
                        [[c.id, c.title] for c in promise_file.commitments], (22, 80),
                        filter=False)
    return workbook_bytes([activities, commitments], empty_rows=TEMPLATE_ROWS)


def save_template(root: Path, output: Path, promise_file: CommitmentsFile) -> None:
    """Write the template to `output`, a new file. Raises Refused (see `check_output`:
    also when `output` exists) or OSError."""
    from lofte.usecases.export import check_output  # noqa: PLC0415 - only for a template

    check_output(root, output, "--template", new=True)
    create_new_file(output, template_bytes(promise_file), temp_prefix=f".{output.name}.")
