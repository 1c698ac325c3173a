"""`lofte plan`: record a planned activity, dated today or later, as a new file.

A plan is written exactly as `lofte log` writes an activity (the same name, the same
safety), with `planned: true`: it never counts for the status or the reports, and
`lofte status` shows the next one per commitment. `lofte log --from-plan PATH` later logs
the deed and removes the plan.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from lofte.cli.app import LedgerOption, app
from lofte.cli.completion import complete_commitment
from lofte.cli.log import (
    AlsoOption,
    ByOption,
    DryRunOption,
    LinkOption,
    PlaceOption,
    PrivateOption,
    TagOption,
    write_request,
)
from lofte.domain.new_activity import ActivityRequest, split_parties
from lofte.i18n import _
from lofte.usecases.log import prepare_plan


@app.command(help=_(
    "Record a planned activity as a new file, like `lofte log`, with `planned: true`. A plan "
    "never counts; `lofte status` shows the next one per commitment, and `lofte log "
    "--from-plan PATH` logs the deed and removes the plan. Exit 2, with nothing written, "
    "when anything is wrong (a date before today, or outside the promise, included)."))
def plan(
    ctx: typer.Context,
    commitment: Annotated[str, typer.Argument(
        help=_("Commitment id, or the start of one (`trafik` for trafikkontroller)."),
        metavar="COMMITMENT", show_default=False, autocompletion=complete_commitment)],
    summary: Annotated[str, typer.Argument(
        help=_("What is planned. May be published: no personal data."), metavar="SUMMARY",
        show_default=False)],
    *,
    date: Annotated[str, typer.Option(
        "--date", metavar="D",
        help=_("The planned day: YYYY-MM-DD (or today/idag); today or later, inside the "
               "promise."), show_default=False)],
    by: ByOption = None,
    place: PlaceOption = None,
    tag: TagOption = None,
    link: LinkOption = None,
    also: AlsoOption = None,
    private: PrivateOption = False,
    dry_run: DryRunOption = False,
    ledger: LedgerOption = None,
) -> None:
    """`lofte plan`: build the plan, write its file."""

    def request(day: dt.date) -> ActivityRequest:
        return ActivityRequest(
            commitment=commitment, summary=summary, date=day, also=also or (),
            by=split_parties(by or ()), place=place, tags=tag or (), links=link or (),
            public=not private, planned=True)

    write_request(ctx, ledger=ledger, date=date, make=request, dry_run=dry_run,
                  prepare=prepare_plan)
