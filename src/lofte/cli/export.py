"""`lofte export`: every activity, one row each, for Excel, DuckDB, pandas or Power BI."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    LedgersOption,
    NoCacheOption,
    app,
    cache_dir,
    exit_unusable,
    fail,
    ledger_root,
    ledger_roots,
    ledger_today,
    make_console,
    open_for_view,
    refuse,
)
from lofte.domain.problems import Refused
from lofte.i18n import N_, _, ngettext
from lofte.render.safe_text import json_text, terminal_document
from lofte.usecases.export import (
    ExportFormat,
    check_output,
    export_activities,
    export_group,
    save_export,
)
from lofte.usecases.group import open_group
from lofte.usecases.ledger import LedgerUnusable

SUFFIX_DIFFERS = N_("--output {path} ends in {suffix}, but --format is {format}; make them "
                    "agree")
XLSX_TO_TERMINAL = N_("an xlsx file is not text for a terminal; write it with --output FILE."
                      "xlsx (or redirect it: > FILE.xlsx)")
CANNOT_WRITE = N_("cannot write the export to {path}: {reason}")
SUFFIXES = {f".{chosen.value}": chosen for chosen in ExportFormat}


def private_left_out(n: int) -> str:
    return ngettext("left out {n} private activity (public: false); --include-private "
                    "exports it too",
                    "left out {n} private activities (public: false); --include-private "
                    "exports them too", n).format(n=n)


def chosen_format(output_format: ExportFormat | None, output: Path | None) -> ExportFormat:
    """--format, else the one --output's suffix names, else csv; exit 2 when the two
    disagree."""
    suffix = output.suffix.lower() if output is not None else ""
    named = SUFFIXES.get(suffix)
    if output_format is None:
        return named or ExportFormat.csv
    if named is not None and named is not output_format:
        fail(_(SUFFIX_DIFFERS).format(path=output, suffix=suffix, format=output_format.value))
    return output_format


@app.command(help=_(
    "Export every activity (plans excepted), one row each, for analysis: CSV (formula-safe), "
    "xlsx (real dates and numbers, a filter on every column) or JSON Lines. Columns: date, "
    "commitments, summary, by, place, people_reached, hours, tags, links, public, path. "
    "Private activities only with --include-private."))
def export(
    ctx: typer.Context,
    *,
    output_format: Annotated[ExportFormat | None, typer.Option(
        "--format", case_sensitive=False,
        help=_("csv (the default), xlsx or jsonl; by default the one --output ends in."))
    ] = None,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help=_("Write the export to FILE (whole or not at all) instead of stdout."))] = None,
    include_private: Annotated[bool, typer.Option(
        "--include-private",
        help=_("Export private activities (public: false) too. Mind where the file goes: "
               "they were not to be published."))] = False,
    no_cache: NoCacheOption = False,
    ledgers: LedgersOption = None,
) -> None:
    """`lofte export`: choose the format, load the ledger, write the rows. On a group of
    ledgers, every ledger's rows with a first column `promise`."""
    chosen = chosen_format(output_format, output)
    if output is None and chosen is ExportFormat.xlsx and sys.stdout.isatty():
        fail(_(XLSX_TO_TERMINAL))
    found = ledger_roots(ctx, ledgers)
    ledger = str(found.roots[0])
    root = ledger_root(ctx, ledger)
    today = ledger_today(root)
    try:
        if output is not None:
            for member in found.roots:
                check_output(member, output)
        if found.group:
            made = export_group(open_group(found.roots, ledger_today,
                                           cache_dir(ctx, no_cache)), chosen, include_private)
        else:
            opened = open_for_view(ctx, ledger, today, no_cache)
            made = export_activities(opened, chosen, include_private)
        if output is not None:
            save_export(root, output, made.content)
    except Refused as refused:
        refuse(refused.problems)
    except LedgerUnusable as unusable:
        exit_unusable(unusable)
    except OSError as exc:
        fail(_(CANNOT_WRITE).format(path=output, reason=exc.strerror or exc))
    if made.private_left_out:
        make_console(stderr=True).print(f"lofte: {private_left_out(made.private_left_out)}",
                                        markup=False)
    if output is not None:
        typer.echo(str(output))
    elif chosen is not ExportFormat.xlsx and sys.stdout.isatty():
        text = made.content.decode("utf-8")
        typer.echo(json_text(text) if chosen is ExportFormat.jsonl
                   else terminal_document(text), nl=False)
    else:
        typer.echo(made.content, nl=False)
