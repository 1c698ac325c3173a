"""The work of `lofte import`, imported by the command (`lofte.cli.import_sheet`) once a
large sheet is being read aside: checking every row, then writing all the files or none.

Each row is checked and written as one `lofte log` would check and write it. With any
problem in any row, every problem is printed (`FILE:ROW:COLUMN: error[CODE]: message`,
on stdout, as `lofte check` prints its findings) and nothing is written (exit 1). Rows
already in the ledger are skipped and counted, so importing the same sheet again writes
nothing, and a sheet that has grown writes only its new rows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import typer
from rich.console import Console

from lofte.cli.app import (
    EXIT_FINDINGS,
    cache_dir,
    exit_unusable,
    fail,
    ledger_root,
    make_console,
    refuse,
    today_for,
)
from lofte.cli.log import DRY_RUN
from lofte.cli.log import _shown as shown_path
from lofte.domain.import_mapping import ImportProblem, read_column_option
from lofte.domain.problems import InputError, Refused
from lofte.domain.promise import CommitmentsFile
from lofte.i18n import N_, _, ngettext
from lofte.render.safe_text import terminal_text
from lofte.storage.boundary import BoundaryError
from lofte.storage.spreadsheet import CSV, SheetUnreadable
from lofte.usecases.import_sheet import (
    ImportFailed,
    ImportRequest,
    ImportWriter,
    PreparedImport,
    prepare_import,
    save_template,
)
from lofte.usecases.ledger import LedgerUnusable
from lofte.usecases.log import Promise, known_promise, open_promise

if TYPE_CHECKING:
    from rich.progress import TaskID

    from lofte.storage.parallel import Aside
    from lofte.storage.spreadsheet import Row

IMPORTED = N_("imported {imported}, already logged {already}")
WOULD_IMPORT = N_("would import {imported}, already logged {already}")
SHEET_NEEDS_XLSX = N_("--sheet applies only to an .xlsx file")
CHECKING = N_("checking rows")
WRITING = N_("writing files")
IMPORT_FAILED = N_("cannot write {path}: {reason}. The {removed} files written before it "
                   "were removed again: nothing is imported")
NOT_REMOVED = N_("these files of this import could not be removed; remove them by hand:")
CANNOT_READ_LEDGER = N_("cannot read {path}: {reason}; nothing written")
T = TypeVar("T")
# A progress bar from this many rows on, when stderr is a terminal.
PROGRESS_FROM = 500


PROBLEMS_IN_ROWS = N_("{problems} in {rows}; nothing written")


def errors_line(problems: int, rows: int) -> str:
    return _(PROBLEMS_IN_ROWS).format(
        problems=ngettext("{n} problem", "{n} problems", problems).format(n=problems),
        rows=ngettext("{n} row", "{n} rows", rows).format(n=rows))


def run_import(ctx: typer.Context, ledger: str | None, file: Path, *, sheet: str | None,
               column: list[str], header_row: int, reading: Aside[list[Row]] | None,
               dry_run: bool) -> None:
    """Check every row of the sheet (`reading`, when it is being read already), then
    write all the new files or none (with `dry_run`, none: print their paths)."""
    if sheet is not None and file.suffix.lower() == CSV:
        fail(_(SHEET_NEEDS_XLSX))
    columns: dict[str, str | None] = {}
    for value in column:
        try:
            header, target = read_column_option(value)
        except InputError as exc:
            fail(str(exc))
        columns[header] = target
    request = ImportRequest(file, sheet, columns, header_row)
    root = ledger_root(ctx, ledger)
    promise = _open_promise(root, cache_dir(ctx, no_cache=False))
    promise_file = promise.promise_file
    today = today_for(promise_file.promise.timezone)
    known = known_promise(promise)

    def checked(writer: ImportWriter | None = None) -> PreparedImport:
        """Every row checked (exit 1 on any problem), each new file staged by `writer`."""
        with _progress(_(CHECKING)) as progress:
            prepared = _attempt(lambda: prepare_import(root, promise_file, request, today,
                                                       progress, known=known, writer=writer,
                                                       sheet=reading),
                                file)
        if prepared.problems:
            _show_problems(str(file), prepared.problems)
        return prepared

    console = make_console()
    if dry_run:
        prepared = checked()
        if prepared.files:  # one write: a line at a time costs rich about 0.3 ms each
            console.out("\n".join(shown_path(f.path) for f in prepared.files),
                        highlight=False)
        console.out(_(WOULD_IMPORT).format(imported=len(prepared.files),
                                           already=prepared.already), highlight=False)
        make_console(stderr=True).out(_(DRY_RUN), highlight=False)
        return
    try:
        with ImportWriter(root) as writer:  # files staged while the rows are checked
            prepared = checked(writer)
            with _progress(_(WRITING)) as progress:
                result = writer.finish(prepared, progress)
    except ImportFailed as failed:
        message = _(IMPORT_FAILED).format(path=shown_path(failed.path), reason=failed.reason,
                                          removed=failed.removed)
        if failed.left:
            message += "\n" + _(NOT_REMOVED) + "".join(
                f"\n  {shown_path(path)}" for path in failed.left)
        fail(message)
    console.out(_(IMPORTED).format(imported=len(result.files), already=result.already),
                highlight=False)


def write_template(ctx: typer.Context, ledger: str | None, template: Path) -> None:
    """`lofte import --template OUT.xlsx`: an empty sheet to fill in."""
    root = ledger_root(ctx, ledger)
    _write_template(root, template, _open_promise(root).promise_file)


def _open_promise(root: Path, validated: Path | None = None) -> Promise:
    """commitments.yaml; `validated`: the cache folder of its validated form."""
    try:
        return open_promise(root, validated)
    except LedgerUnusable as unusable:
        exit_unusable(unusable)


def _write_template(root: Path, output: Path, promise_file: CommitmentsFile) -> None:
    try:
        save_template(root, output, promise_file)
    except Refused as refused:
        refuse(refused.problems)
    except OSError as exc:
        fail(_(CANNOT_READ_LEDGER).format(path=output, reason=exc.strerror or exc))
    make_console().out(shown_path(output), highlight=False)


def _attempt(action: Callable[[], T], file: Path) -> T:
    try:
        return action()
    except SheetUnreadable as exc:
        fail(f"{terminal_text(str(file))}: {exc}")
    except InputError as exc:
        fail(str(exc))
    except BoundaryError as exc:
        fail(f"{shown_path(Path(exc.path))}: {exc}")
    except OSError as exc:
        where = Path(exc.filename) if isinstance(exc.filename, str) else file
        fail(_(CANNOT_READ_LEDGER).format(path=shown_path(where), reason=exc.strerror or exc))


def _show_problems(file: str, problems: list[ImportProblem]) -> NoReturn:
    """Every problem as `FILE:ROW:COLUMN: error[CODE]: message`, rows in order; exit 1."""
    console = make_console()
    for problem in sorted(problems, key=lambda p: p.row):
        line = f"{file}:{problem.row}:{problem.column}: error[{problem.code}]: {problem.message}"
        console.print(terminal_text(line, multiline=True), markup=False, highlight=False)
    rows = len({problem.row for problem in problems})
    make_console(stderr=True).print(f"lofte: {errors_line(len(problems), rows)}",
                                    markup=False)
    raise typer.Exit(EXIT_FINDINGS)


@contextmanager
def _progress(title: str) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on stderr, for a sheet of many rows, when stderr is a terminal."""
    err: Console = make_console(stderr=True)
    if not err.is_terminal:
        yield None
        return
    from rich.progress import (  # noqa: PLC0415 - only on a terminal
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
    )

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  console=err, transient=True) as bar:
        task: list[TaskID] = []

        def advance(done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            if not task:
                task.append(bar.add_task(title, total=total))
            bar.update(task[0], completed=done)

        yield advance
