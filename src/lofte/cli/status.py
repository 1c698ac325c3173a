"""`lofte status`: the coverage table for the weekly meeting."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from lofte.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    LedgersOption,
    NoCacheOption,
    app,
    cache_dir,
    day_option,
    exit_unusable,
    fail,
    ledger_root,
    ledger_roots,
    ledger_today,
    make_console,
    open_for_view,
    refuse,
)
from lofte.cli.completion import complete_party
from lofte.domain.coverage import STATES, CommitmentStatus, State, effective_as_of
from lofte.domain.dateparse import parse_since
from lofte.domain.problems import InputError, Refused
from lofte.i18n import N_, _
from lofte.render import group_status as group_render
from lofte.render import status as render
from lofte.render.safe_text import terminal_document
from lofte.usecases.group import group_status, open_group
from lofte.usecases.ledger import LedgerUnusable
from lofte.usecases.status import ledger_status

AsOfOption = Annotated[str | None, typer.Option(
    "--as-of", metavar="DATE",
    help=_("The day to compute the status for: YYYY-MM-DD, today/idag, yesterday/igår, or a "
           "weekday (the most recent one). Default: today. A day after the promise ended "
           "means its last day."))]


SinceOption = Annotated[str | None, typer.Option(
    "--since", metavar="DATE",
    help=_("What happened since DATE (the last meeting): a column with the activities "
           "dated after DATE up to the status's day, and a line naming the commitments "
           "whose state changed. DATE: as for --as-of, or last-week/förra-veckan (seven "
           "days before the status's day)."))]

SINCE_AFTER_AS_OF = N_("--since {since} is after the day of the status, {as_of}")


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
    paused = "paused"
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
        help=_("Only commitments in this state: overdue, due, ok, paused, not-started or "
               "retired. Repeat for several."))] = None,
    since: SinceOption = None,
    output_format: Annotated[StatusFormat, typer.Option(
        "--format", help=_("table (for a screen), json, csv, or markdown (for the minutes)."),
        case_sensitive=False)] = StatusFormat.table,
    fail_on: Annotated[FailOn | None, typer.Option(
        "--fail-on", help=_("Exit 1 if a listed commitment is overdue (overdue), or due or "
                            "overdue (due)."), case_sensitive=False)] = None,
    ledgers: LedgersOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """`lofte status`: compute the coverage, select the rows asked for, print them."""
    found = ledger_roots(ctx, ledgers)
    states = [STATE_OF[s] for s in state or []]
    if found.group:
        _group_status(ctx, found.roots, as_of=as_of, owners=owner or [], states=states,
                      since=since, output_format=output_format, fail_on=fail_on,
                      no_cache=no_cache)
    ledger = str(found.roots[0])
    today = ledger_today(ledger_root(ctx, ledger), cache_dir(ctx, no_cache))
    requested = day_option("--as-of", as_of, today) or today
    opened = open_for_view(ctx, ledger, today, no_cache)
    since_day = _since_day(since, today, effective_as_of(opened.ledger.promise_file.promise,
                                                         requested))
    try:
        overview = ledger_status(opened.ledger, requested, owner or [], states,
                                 since=since_day)
    except Refused as refused:
        refuse(refused.problems, {"owner": "--owner"})
    report, changes = overview.report, overview.since
    notice_clamp(requested, report.as_of)

    console = make_console()
    if output_format is StatusFormat.json:
        console.out(render.render_json(report, changes), highlight=False)
    elif output_format is StatusFormat.csv:
        sheet = render.render_csv(report, changes)
        console.out(terminal_document(sheet) if console.is_terminal else sheet,
                    highlight=False, end="")
    elif output_format is StatusFormat.markdown:
        console.out(render.render_markdown(report, changes), highlight=False, end="")
    else:
        console.print(render.render_table(report, console.width, changes))

    raise typer.Exit(_exit_code(fail_on, report.rows))


def _exit_code(fail_on: FailOn | None, rows: Iterable[CommitmentStatus]) -> int:
    failing: tuple[State, ...] = {FailOn.overdue: ("overdue",),
                                  FailOn.due: ("overdue", "due"),
                                  None: ()}[fail_on]
    return EXIT_FINDINGS if any(r.state in failing for r in rows) else EXIT_OK


def _group_status(ctx: typer.Context, roots: list[Path], *, as_of: str | None,
                  owners: list[str], states: list[State], since: str | None,
                  output_format: StatusFormat, fail_on: FailOn | None,
                  no_cache: bool) -> NoReturn:
    """`lofte status` on a group: every ledger's rows in one table, a Promise column first.
    "Today" (and so --as-of today) is that of the first ledger's time zone."""
    cache = cache_dir(ctx, no_cache)
    today = ledger_today(roots[0], cache)
    requested = day_option("--as-of", as_of, today) or today
    try:
        opened = open_group(roots, lambda root: ledger_today(root, cache), cache)
    except LedgerUnusable as unusable:
        exit_unusable(unusable)
    errors = sum(member.errors for member in opened)
    if errors:
        notice = _(render.NOTICE_ERRORS).format(errors=render.errors_label(errors))
        make_console(stderr=True).print(f"lofte: {notice}", markup=False)
    since_of = None
    if since is not None:
        _since_day(since, today, requested)  # exit 2 when it is not a day, or after as-of
        # per ledger: `last-week` is seven days before that ledger's own day
        since_of = lambda day: parse_since(since, today, day)  # noqa: E731
    try:
        status_of = group_status(opened, requested, owners, states, since=since_of)
    except Refused as refused:
        refuse(refused.problems, {"owner": "--owner"})
    notices = [f"lofte: {line}" for line in group_render.clamp_notices(status_of)]
    if notices:  # in one call: laying out each line on its own cost a group 0.1 s
        make_console(stderr=True).print("\n".join(notices), markup=False)
    console = make_console()
    if output_format is StatusFormat.json:
        console.out(group_render.render_group_json(status_of), highlight=False)
    elif output_format is StatusFormat.csv:
        sheet = group_render.render_group_csv(status_of)
        console.out(terminal_document(sheet) if console.is_terminal else sheet,
                    highlight=False, end="")
    elif output_format is StatusFormat.markdown:
        console.out(group_render.render_group_markdown(status_of), highlight=False, end="")
    else:
        console.print(group_render.render_group_table(status_of, console.width))
    raise typer.Exit(_exit_code(fail_on, (r.row for r in status_of.rows)))


def _since_day(value: str | None, today: dt.date, as_of: dt.date) -> dt.date | None:
    """The day `--since` names (`last-week`: seven days before `as_of`); exit 2 naming the
    option when it is not a day, or lies after `as_of`."""
    if value is None:
        return None
    try:
        day = parse_since(value, today, as_of)
    except InputError as exc:
        fail(f"--since: {exc}")
    if day > as_of:
        fail(_(SINCE_AFTER_AS_OF).format(since=day.isoformat(), as_of=as_of.isoformat()))
    return day
