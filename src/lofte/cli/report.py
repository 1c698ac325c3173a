"""`lofte report`: the public follow-up, as Markdown, one self-contained HTML file, or CSV."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    EXIT_FINDINGS,
    LedgersOption,
    app,
    cache_dir,
    day_option,
    exit_unusable,
    fail,
    ledger_root,
    ledger_today,
    make_console,
    one_ledger,
    refuse,
)
from lofte.domain.periods import parse_period
from lofte.domain.problems import InputError, Refused
from lofte.i18n import N_, _, ngettext
from lofte.render.check import Counts, render_text
from lofte.render.safe_text import terminal_document
from lofte.render.status import errors_label
from lofte.usecases.ledger import LedgerUnusable, open_ledger
from lofte.usecases.report import (
    DEFAULT_EXAMPLES,
    NothingToReport,
    PersonalDataRefused,
    ReportFormat,
    ReportHasErrors,
    ReportOptions,
    check_output,
    check_suffix,
    public_report,
    save_report,
)

# What the user reads on stderr (the report itself is worded in lofte.render.report_text).
# The user's language, not the ledger's.
PERIOD_WITH_DATES = N_("--period cannot be combined with --from or --until")
FROM_AFTER_UNTIL = N_("--from {start} is after --until {end}")
NOTHING_TO_REPORT = N_("nothing to report for {start} – {end}: the promise runs {valid_from} "
                       "– {valid_until}, and a report covers days up to today ({today})")
PERIOD_CUT = N_("reporting {start} – {end}, the part of {requested_start} – {requested_end} "
                "inside the promise and up to today")
EXCEL_NEEDS_CSV = N_("--excel applies only to --format csv")
PERSONAL_DATA = N_("the report would publish what looks like personal data, in {places} "
                   "listed above. Remove it, or mark the activity `public: false`; to "
                   "publish it anyway, run again with --allow-personal-data")
PERSONAL_DATA_ALLOWED = N_("publishing what looks like personal data in {places} "
                           "(--allow-personal-data); `lofte check` lists them")
CANNOT_WRITE = N_("cannot write the report to {path}: {reason}")
HAS_ERRORS = N_("{errors} in the ledger: a public report must not silently leave out the "
                "activities they concern. Run `lofte check` and correct them; to report "
                "without those activities, run again with --allow-errors")
ERRORS_ALLOWED = N_("{errors} in the ledger; the activities they concern are left out of "
                    "this report (--allow-errors). Run `lofte check` for details.")
NOT_EXAMPLES = N_("--examples takes a number of activities (0 or more) or `all`, not "
                  "`{value}`")


def requested_range(period: str | None, start: str | None, until: str | None,
                    today: dt.date) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the user asked for (None: the default); exits 2 when the
    options do not name a period."""
    if period is not None:
        if start is not None or until is not None:
            fail(_(PERIOD_WITH_DATES))
        try:
            return parse_period(period)
        except InputError as exc:
            fail(f"--period: {exc}")
    first, last = day_option("--from", start, today), day_option("--until", until, today)
    if first is not None and last is not None and first > last:
        fail(_(FROM_AFTER_UNTIL).format(start=first.isoformat(), end=last.isoformat()))
    return first, last


def examples_option(value: str | None) -> int | None:
    """`--examples N` or `all` (None); exit 2 otherwise."""
    if value is None:
        return DEFAULT_EXAMPLES
    text = value.strip().lower()
    if text in ("all", "alla"):
        return None
    if not text.isdigit():
        fail(_(NOT_EXAMPLES).format(value=value))
    return int(text)


def _places(n: int) -> str:
    return ngettext("{n} place", "{n} places", n).format(n=n)


@app.command(help=_(
    "The public follow-up of the promise for a period: what each party did and what was done "
    "together, commitment by commitment, in the ledger's language. Activities with `public: "
    "false` are counted but never described. Refuses (exit 1) when a published text looks "
    "like personal data."))
def report(
    ctx: typer.Context,
    *,
    start: Annotated[str | None, typer.Option(
        "--from", metavar="DATE",
        help=_("The first day to report: YYYY-MM-DD, today/idag, yesterday/igår or a "
               "weekday. Default: the first day of the promise."))] = None,
    until: Annotated[str | None, typer.Option(
        "--until", metavar="DATE",
        help=_("The last day to report. Default: today, or the promise's last day if it "
               "has ended."))] = None,
    period: Annotated[str | None, typer.Option(
        "--period", metavar="PERIOD",
        help=_("A calendar period instead of --from/--until: 2024 (a year), 2024-H1 (a half "
               "year), 2024-T2 (a tertial), 2024-Q3 (a quarter) or 2024-05 (a month)."))
    ] = None,
    output_format: Annotated[ReportFormat | None, typer.Option(
        "--format", case_sensitive=False,
        help=_("markdown (the default), html (one self-contained page, printable) or csv "
               "(one row per public activity)."))] = None,
    excel: Annotated[bool, typer.Option(
        "--excel", help=_("CSV for Excel with Swedish settings: UTF-8 with BOM, `;` between "
                          "fields, decimal commas. Implies --format csv."))] = False,
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", metavar="FILE", dir_okay=False,
        help=_("Write the report to FILE (whole or not at all) instead of stdout."))] = None,
    examples: Annotated[str | None, typer.Option(
        "--examples", metavar="N",
        help=_("Show at most N public activities per commitment, newest first (default 5), "
               "or `all`."))] = None,
    allow_personal_data: Annotated[bool, typer.Option(
        "--allow-personal-data",
        help=_("Publish even text that looks like personal data (a personal identity "
               "number, e-mail address, phone number or registration number)."))] = False,
    allow_errors: Annotated[bool, typer.Option(
        "--allow-errors",
        help=_("Report even when `lofte check` finds errors, leaving out the activities "
               "they concern. Without it, such a report exits 1."))] = False,
    ledgers: LedgersOption = None,
) -> None:
    """`lofte report`: choose the period, build the report, refuse personal data, write it.

    Messages on stderr are in the user's language; the report itself is in the ledger's
    (`lofte.render.report_text`), whatever the user's locale.
    """
    root = ledger_root(ctx, one_ledger(ledgers))  # one ledger: a group is refused
    today = ledger_today(root)
    if excel and output_format not in (None, ReportFormat.csv):
        fail(_(EXCEL_NEEDS_CSV))
    chosen = output_format or (ReportFormat.csv if excel else ReportFormat.markdown)
    first, last = requested_range(period, start, until, today)
    options = ReportOptions(chosen, excel, examples_option(examples), allow_personal_data,
                            allow_errors)
    try:
        if output is not None:
            check_suffix(output, chosen)
            check_output(root, output)
        try:
            opened = open_ledger(root, today, cache_dir(ctx, False))
        except LedgerUnusable as unusable:
            exit_unusable(unusable)
        made = public_report(opened, today, first, last, options)
        if output is not None:
            save_report(root, output, made.content)
    except Refused as refused:
        refuse(refused.problems)
    except ReportHasErrors as refused:
        fail(_(HAS_ERRORS).format(errors=errors_label(refused.errors)), EXIT_FINDINGS)
    except NothingToReport as nothing:
        promise = opened.ledger.promise_file.promise
        fail(_(NOTHING_TO_REPORT).format(
            start=nothing.first.isoformat(), end=nothing.last.isoformat(),
            valid_from=promise.valid_from.isoformat(),
            valid_until=promise.valid_until.isoformat(), today=today.isoformat()))
    except PersonalDataRefused as refused:
        err = make_console(stderr=True)
        # The places as `lofte check` prints them, without its summary line.
        for line in render_text(refused.flagged, Counts(0, 0, 0), str(Path.cwd()))[:-1]:
            err.print(line)
        fail(_(PERSONAL_DATA).format(places=_places(len(refused.flagged))), EXIT_FINDINGS)
    except OSError as exc:
        fail(_(CANNOT_WRITE).format(path=output, reason=exc.strerror or exc))

    err = make_console(stderr=True)
    if opened.errors:
        err.print("lofte: " + _(ERRORS_ALLOWED).format(errors=errors_label(opened.errors)),
                  markup=False)
    days = made.period
    if days.cut:
        err.print("lofte: " + _(PERIOD_CUT).format(
            start=days.start.isoformat(), end=days.end.isoformat(),
            requested_start=days.requested_start.isoformat(),
            requested_end=days.requested_end.isoformat()), markup=False)
    if made.flagged:
        err.print("lofte: " + _(PERSONAL_DATA_ALLOWED).format(
            places=_places(len(made.flagged))), markup=False)
    if output is None:  # on a terminal, nothing in it may act on the terminal
        typer.echo(terminal_document(made.content.decode("utf-8")) if sys.stdout.isatty()
                   else made.content, nl=False)
        return
    typer.echo(str(output))
