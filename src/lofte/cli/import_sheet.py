"""`lofte import`: the rows of an Excel or CSV sheet as activity files, all of them or none.

The command only reads its options and starts reading a large sheet in a child process
(`lofte.usecases.sheet_reading.reading_aside`) before it imports the rest of itself
(`lofte.cli.import_run`) and reads commitments.yaml: by the time those are done, so is the
sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import LedgerOption, app, fail
from lofte.i18n import N_, _
from lofte.usecases.sheet_reading import reading_aside

NEEDS_FILE = N_("missing FILE: lofte import FILE (an .xlsx or .csv file), or lofte import "
                "--template OUT.xlsx")
TEMPLATE_AND_FILE = N_("--template writes an empty sheet to fill in; give FILE or "
                       "--template, not both")


@app.command("import", help=_(
    "Import the activities in an Excel (.xlsx) or CSV file: one row per activity, "
    "headers such as Datum, Åtagande, Vad, Av, Plats, Personer, Timmar, Taggar, Länkar, "
    "Publik, Planerad (or date, commitment, summary, by, place, people_reached, hours, "
    "tags, links, public, planned). Every row is checked as `lofte log` checks it; with "
    "any problem, all of them are listed and nothing is written (exit 1). Rows already "
    "logged are skipped."))
def import_sheet(
    ctx: typer.Context,
    file: Annotated[Path | None, typer.Argument(
        metavar="FILE", show_default=False,
        help=_("The .xlsx or .csv file (CSV: UTF-8, `;` or `,` between fields)."))] = None,
    *,
    sheet: Annotated[str | None, typer.Option(
        "--sheet", metavar="NAME",
        help=_("The sheet of the workbook to read. Default: the first."))] = None,
    column: Annotated[list[str] | None, typer.Option(
        "--column", metavar="HEADER=FIELD",
        help=_("Read the column HEADER as FIELD (date, commitment, summary, by, place, "
               "people_reached, hours, tags, links, public, planned); HEADER=- leaves the "
               "column out, and nothing in it is ever written. Repeat for more columns."))
    ] = None,
    header_row: Annotated[int, typer.Option(
        "--header-row", metavar="N", min=1,
        help=_("The row that holds the headers, when there are title rows above it."))] = 1,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help=_("Check every row and print the paths of the files that would be "
                            "written; write nothing."))] = False,
    template: Annotated[Path | None, typer.Option(
        "--template", metavar="OUT.xlsx", dir_okay=False,
        help=_("Write an empty sheet to fill in, with the headers and a list of the "
               "commitment ids, to OUT.xlsx (a new file), and import nothing."))] = None,
    ledger: LedgerOption = None,
) -> None:
    """`lofte import`: read, check every row, then write all or nothing."""
    if template is not None:
        if file is not None:
            fail(_(TEMPLATE_AND_FILE))
        from lofte.cli import import_run  # noqa: PLC0415 - see the module's docstring

        import_run.write_template(ctx, ledger, template)
        return
    if file is None:
        fail(_(NEEDS_FILE))
    with reading_aside(file, sheet, header_row) as reading:
        from lofte.cli import import_run  # noqa: PLC0415 - imported while the sheet is read

        import_run.run_import(ctx, ledger, file, sheet=sheet, column=column or [],
                              header_row=header_row, reading=reading, dry_run=dry_run)


