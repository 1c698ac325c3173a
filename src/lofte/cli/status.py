"""`lofte status`: the coverage table for the weekly meeting."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

import typer

from lofte.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    LedgerOption,
    NoCacheOption,
    app,
    day_option,
    ledger_root,
    ledger_today,
    make_console,
    open_for_view,
    refuse,
)
from lofte.cli.completion import complete_party
from lofte.domain.coverage import STATES, State
from lofte.domain.problems import Refused
from lofte.i18n import _
from lofte.render import status as render
from lofte.render.safe_text import terminal_document
from lofte.usecases.status import ledger_status

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
    requested = day_option("--as-of", as_of, today) or today
    opened = open_for_view(ctx, ledger, today, no_cache)
    try:
        report = ledger_status(opened.ledger, requested, owner or [],
                               [STATE_OF[s] for s in state or []])
    except Refused as refused:
        refuse(refused.problems, {"owner": "--owner"})
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
