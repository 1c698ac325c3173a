"""`lofte status`: the coverage table for the weekly meeting."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    LedgerOption,
    NoCacheOption,
    app,
    cache_dir,
    fail,
    ledger_root,
    ledger_today,
    make_console,
)
from lofte.cli.completion import complete_party
from lofte.domain.coverage import STATES, State, compute_status, select_rows
from lofte.domain.dateparse import parse_day
from lofte.domain.findings import Finding
from lofte.domain.models import Ledger
from lofte.domain.validation import suggest
from lofte.i18n import N_, _
from lofte.render import status as render
from lofte.render.check import Counts, render_text
from lofte.render.safe_text import terminal_document
from lofte.storage.loader import load_ledger

UNKNOWN_OWNER = N_("--owner `{value}` is not a party of this promise; parties: {parties}")
DID_YOU_MEAN = N_(" (did you mean `{suggestion}`?)")

AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE",
    help=_("The day to compute the status for: YYYY-MM-DD, today/idag, yesterday/igår, or a "
           "weekday (the most recent one). Default: today. A day after the promise ended "
           "means its last day."))]


class StatusFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


STATE_OF: dict[str, State] = {s: s for s in STATES}


class FailOn(StrEnum):
    overdue = "overdue"
    due = "due"


class StateChoice(StrEnum):
    overdue = "overdue"
    due = "due"
    ok = "ok"
    not_started = "not-started"
    retired = "retired"


def parse_as_of(value: str | None, today: dt.date) -> dt.date:
    """The as-of date the user typed; exits 2 when it is not one."""
    if value is None:
        return today
    try:
        return parse_day(value, today)
    except ValueError as exc:
        fail(f"--as-of: {exc}")


def load_for_view(ctx: typer.Context, ledger: str | None, today: dt.date,
                  no_cache: bool = False) -> Ledger:
    """The ledger's valid data, for a view. Errors elsewhere in the ledger leave out what
    they concern and are named in one line on stderr; an unusable commitments.yaml exits 1
    with its findings, as `lofte check` prints them."""
    return load_with_findings(ctx, ledger, today, no_cache)[0]


def load_with_findings(ctx: typer.Context, ledger: str | None, today: dt.date,
                       no_cache: bool = False) -> tuple[Ledger, list[Finding]]:
    """`load_for_view`, and every finding of the ledger (as `lofte check` finds them)."""
    root = ledger_root(ctx, ledger)
    result = load_ledger(root, today, cache_dir(ctx, no_cache))
    errors = sum(1 for f in result.findings if f.severity == "error")
    err = make_console(stderr=True)
    if result.ledger is None:
        counts = Counts(result.commitments, result.activities, result.files)
        for line in render_text(result.findings, counts, str(Path.cwd())):
            err.print(line)
        raise typer.Exit(EXIT_FINDINGS)
    if errors:
        notice = _(render.NOTICE_ERRORS).format(errors=render.errors_label(errors))
        err.print(f"lofte: {notice}", markup=False)
    return result.ledger, result.findings


def notice_clamp(requested: dt.date, used: dt.date) -> None:
    if requested != used:
        make_console(stderr=True).print(
            "lofte: " + _(render.NOTICE_CLAMPED).format(until=used.isoformat(),
                                                     requested=requested.isoformat()),
            markup=False)


@app.command(help=_("Which commitments have gone too long without activity: one row per "
                    "commitment, most urgent first. Exit 1 with --fail-on when one is overdue "
                    "(or due)."))
def status(
    ctx: typer.Context,
    *,
    as_of: AsOfOption = None,
    owner: Annotated[list[str] | None, typer.Option(
        "--owner", metavar="PARTY",
        help=_("Only commitments owned by this party (a party id such as polisen). "
               "Repeat for several."), autocompletion=complete_party)] = None,
    state: Annotated[list[StateChoice] | None, typer.Option(
        "--state", metavar="STATE", case_sensitive=False,
        help=_("Only commitments in this state: overdue, due, ok, not-started or retired. "
               "Repeat for several."))] = None,
    output_format: Annotated[StatusFormat, typer.Option(
        "--format", help=_("table (for a screen), json, csv, or markdown (for the minutes)."),
        case_sensitive=False)] = StatusFormat.table,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help=_("Exit 1 if a listed commitment is overdue (overdue), or due or "
                            "overdue (due)."), case_sensitive=False)] = None,
    ledger: LedgerOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """`lofte status`: compute the coverage, select the rows asked for, print them."""
    today = ledger_today(ledger_root(ctx, ledger))
    requested = parse_as_of(as_of, today)
    data = load_for_view(ctx, ledger, today, no_cache)
    parties = list(data.promise_file.parties)
    for party in owner or []:
        if party not in parties:
            hint = suggest(party, parties)
            fail(_(UNKNOWN_OWNER).format(value=party, parties=", ".join(parties))
                 + (_(DID_YOU_MEAN).format(suggestion=hint) if hint else ""))
    states = [STATE_OF[s] for s in state or []]
    report = select_rows(compute_status(data, requested), owner or [], states)
    notice_clamp(requested, report.as_of)

    console = make_console()
    if output_format is StatusFormat.json:
        console.out(render.render_json(report), highlight=False)
    elif output_format is StatusFormat.csv:
        sheet = render.render_csv(report)
        console.out(terminal_document(sheet) if console.is_terminal else sheet,
                    highlight=False, end="")
    elif output_format is StatusFormat.markdown:
        console.out(render.render_markdown(report), highlight=False, end="")
    else:
        console.print(render.render_table(report, console.width))

    failing: tuple[State, ...] = {FailOn.overdue: ("overdue",),
                                  FailOn.due: ("overdue", "due"),
                                  None: ()}[fail_on]
    raise typer.Exit(EXIT_FINDINGS if any(r.state in failing for r in report.rows)
                     else EXIT_OK)
