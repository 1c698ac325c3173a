"""`lofte show ID`: one commitment in full."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    LedgersOption,
    NoCacheOption,
    app,
    day_option,
    ledger_root,
    ledger_today,
    make_console,
    one_ledger,
    open_for_view,
    refuse,
)
from lofte.cli.completion import complete_commitment
from lofte.cli.status import AsOfOption, notice_clamp
from lofte.domain.problems import Refused
from lofte.i18n import _
from lofte.render.show import render_show
from lofte.usecases.show import commitment_detail, next_plan

LATEST = 20  # the activities `show` lists without --all


@app.command(help=_("One commitment: its wording, owners, state, next plan, activity per "
                    "ISO week over the whole promise, totals, and its latest activities, "
                    "newest first (--all: every one)."))
def show(
    ctx: typer.Context,
    commitment_id: Annotated[str, typer.Argument(
        metavar="ID", help=_("The commitment's id, or a unique beginning of it."),
        autocompletion=complete_commitment)],
    *,
    as_of: AsOfOption = None,
    show_all: Annotated[bool, typer.Option(
        "--all", help=_("List every activity, not only the latest {n}.").format(n=LATEST))
    ] = False,
    ledgers: LedgersOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """`lofte show ID`: find the commitment, compute its detail, print it."""
    ledger = one_ledger(ledgers)  # one ledger: a group is refused
    today = ledger_today(ledger_root(ctx, ledger))
    requested = day_option("--as-of", as_of, today) or today
    data = open_for_view(ctx, ledger, today, no_cache).ledger
    try:
        detail = commitment_detail(data, commitment_id, requested)
    except Refused as refused:
        refuse(refused.problems)
    notice_clamp(requested, detail.as_of)
    parties = {pid: party.name for pid, party in data.promise_file.parties.items()}
    console = make_console()
    console.print(render_show(detail, parties, str(Path.cwd()),
                              limit=None if show_all else LATEST,
                              planned=next_plan(data, detail)), soft_wrap=False)
