"""`lofte review PERIOD [ID --verdict V --comment TEXT]`: the meeting's verdicts as data.

With ID, one verdict is set. Without it, in a terminal, lofte goes through the commitments
of the period one at a time: their figures, then the verdict as one key and a comment. Each
answer is written at once, so that stopping halfway (q, Ctrl-C) keeps what was decided.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.text import Text

from lofte.cli.app import (
    EXIT_INTERRUPTED,
    LedgerOption,
    app,
    day_option,
    exit_unusable,
    fail,
    ledger_root,
    ledger_today,
    make_console,
    open_for_view,
    refuse,
)
from lofte.cli.log import stdin_is_terminal
from lofte.domain.problems import Refused
from lofte.domain.promise import CommitmentsFile
from lofte.domain.reviews import NOT_ASSESSED, VERDICT_WORDS, VERDICTS, Verdict
from lofte.i18n import N_, _, ngettext
from lofte.render.safe_text import terminal_text
from lofte.render.status import state_label
from lofte.storage.boundary import BoundaryError
from lofte.storage.review_writer import ReviewNotEditable, WrittenReview, review_path
from lofte.usecases.ledger import LedgerUnusable
from lofte.usecases.log import open_promise
from lofte.usecases.review import (
    ReviewPeriod,
    ReviewRow,
    VerdictRequest,
    comment_problems,
    period_under_review,
    review_rows,
    set_verdict,
)

OPTIONS = {"period": "PERIOD", "commitment": "ID", "verdict": "--verdict",
           "comment": "--comment", "decided_on": "--decided-on", "by": "--by"}

NEEDS_VERDICT = N_("give the verdict with --verdict (done, ongoing, partly or not-done), or "
                   "run `lofte review {period}` in a terminal to be asked")
NEEDS_TERMINAL = N_("name a commitment and its verdict (lofte review {period} ID --verdict "
                    "done), or run `lofte review {period}` in a terminal to be asked for each")
VERDICT_WITHOUT_ID = N_("--verdict and --comment need a commitment: lofte review {period} ID "
                        "--verdict V")
CANNOT_WRITE = N_("cannot write {path}: {reason}")
SET = N_("{id}: {verdict}")
HEADING = N_("Review of {period} ({start} – {end})")
KEYS = N_("Keys: {keys} · Enter keeps the verdict · s skips · q stops")
FIGURES = N_("{activities}, {people} reached; at {as_of}: {state}")
NOW = N_("Now: {verdict}")
ASK_VERDICT = N_("Verdict")
ASK_COMMENT = N_("Comment (one sentence why; published in the report)")
NO_SUCH_KEY = N_("press one of {keys}, Enter, s or q")
SAVED = N_("saved in {path}")
STOPPED = N_("stopped; the verdicts given so far are saved")
NOTHING_TO_REVIEW = N_("no commitment was part of the promise during {period}")


def shown_path(path: Path) -> str:
    """The path as `lofte log` shows one: relative to the working directory."""
    try:
        return terminal_text(os.path.relpath(path, Path.cwd()))
    except ValueError:  # another drive (Windows)
        return terminal_text(str(path))


def _print_written(written: WrittenReview) -> None:
    typer.echo(shown_path(written.path))


def _keys() -> dict[str, Verdict]:
    """One key per verdict: the first letter of its word in the user's language, and its
    number (1–4)."""
    keys: dict[str, Verdict] = {}
    for number, verdict in enumerate(VERDICTS, start=1):
        keys[_(VERDICT_WORDS[verdict])[0].lower()] = verdict
        keys[str(number)] = verdict
    return keys


def _keys_label(keys: dict[str, Verdict]) -> str:
    return " · ".join(f"{key} {_(VERDICT_WORDS[verdict])}" for key, verdict in keys.items()
                      if not key.isdigit())


def _row_lines(number: int, count: int, row: ReviewRow) -> list[Text]:
    commitment = row.commitment
    activities = ngettext("{n} activity", "{n} activities", row.activities).format(
        n=row.activities)
    figures = _(FIGURES).format(activities=activities, people=row.people_reached,
                                as_of=row.as_of.isoformat(), state=state_label(row.state))
    current = row.current
    now = _(VERDICT_WORDS[current.verdict]) if current else _(NOT_ASSESSED)
    if current is not None and current.comment:
        now += f" – {current.comment}"
    return [Text(""),
            Text(terminal_text(f"[{number}/{count}] {commitment.id} – {commitment.title}"),
                 style="bold"),
            Text("  " + figures),
            Text("  " + terminal_text(_(NOW).format(verdict=now)))]


def _read_key(err: Console, keys: dict[str, Verdict], keep: bool) -> Verdict | str | None:
    """A verdict, "skip", "quit", or None for Enter (keep)."""
    while True:
        err.print(f"{_(ASK_VERDICT)}: ", end="", markup=False)
        key = typer.getchar().lower()
        if key in ("\x03", "\x04"):
            raise KeyboardInterrupt
        err.print(key if key.isprintable() else "", markup=False)
        if key in ("\r", "\n") and keep:
            return None
        if key in keys:
            return keys[key]
        if key in ("s", "q"):
            return "skip" if key == "s" else "quit"
        err.print(_(NO_SUCH_KEY).format(keys=", ".join(k for k in keys if not k.isdigit())),
                  markup=False)


def _ask_comment(err: Console, default: str) -> str:
    """The comment, asked again until it holds no personal data and no control character,
    so that a refusal does not end the review halfway."""
    while True:
        comment = str(typer.prompt("  " + _(ASK_COMMENT), default=default,
                                   show_default=bool(default), err=True))
        problems = comment_problems(" ".join(comment.split()))
        if not problems:
            return comment
        for problem in problems:
            err.print("  " + problem.message, markup=False)


def _interactive(root_period: tuple[ReviewPeriod, list[ReviewRow]], save: WriteOne) -> None:
    period, rows = root_period
    err = make_console(stderr=True)
    if not rows:
        fail(_(NOTHING_TO_REVIEW).format(period=period.name))
    keys = _keys()
    err.print(Text(_(HEADING).format(period=period.name, start=period.start.isoformat(),
                                     end=period.end.isoformat()), style="bold"))
    err.print(_(KEYS).format(keys=_keys_label(keys)), markup=False)
    try:
        for number, row in enumerate(rows, start=1):
            for line in _row_lines(number, len(rows), row):
                err.print(line)
            answer = _read_key(err, keys, keep=row.current is not None)
            if answer == "quit":
                break
            if answer == "skip" or (answer is None and row.current is None):
                continue
            verdict = row.current.verdict if answer is None and row.current else str(answer)
            default = row.current.comment if row.current and row.current.comment else ""
            comment = _ask_comment(err, default)
            written = save(VerdictRequest(row.commitment.id, verdict, comment))
            err.print("  " + _(SAVED).format(path=shown_path(written.path)),
                      markup=False)
    except (KeyboardInterrupt, EOFError, typer.Abort):
        err.print("")
        err.print(_(STOPPED), markup=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None


@dataclass(frozen=True, slots=True)
class WriteOne:
    """Write one verdict, or exit as `lofte review` does when it cannot."""

    root: Path
    promise_file: CommitmentsFile
    period: ReviewPeriod
    today: dt.date
    decided_on: dt.date | None
    by: list[str]

    def __call__(self, request: VerdictRequest) -> WrittenReview:
        try:
            return set_verdict(self.root, self.promise_file, self.period, [request],
                               self.today, decided_on=self.decided_on, by=self.by)
        except Refused as refused:
            refuse(refused.problems, OPTIONS)
        except (ReviewNotEditable, BoundaryError) as exc:
            fail(str(exc))
        except OSError as exc:
            fail(_(CANNOT_WRITE).format(path=review_path(self.root, self.period.name),
                                        reason=exc.strerror or exc))


@app.command(help=_(
    "Set the cooperation meeting's verdict for a follow-up period: done, ongoing, partly or "
    "not-done, with a comment. Without ID, in a terminal, goes through the commitments of the "
    "period one at a time, showing what was recorded. Writes reviews/PERIOD.yaml."))
def review(
    ctx: typer.Context,
    *,
    period: Annotated[str, typer.Argument(
        metavar="PERIOD", show_default=False,
        help=_("The follow-up period: 2025 (a year), 2025-H1, 2025-T1 (a tertial), 2025-Q2 or "
               "2025-05."))],
    commitment: Annotated[str | None, typer.Argument(
        metavar="[ID]", show_default=False,
        help=_("The commitment's id, or a unique start of it."))] = None,
    verdict: Annotated[str | None, typer.Option(
        "--verdict", metavar="VERDICT",
        help=_("done, ongoing, partly or not-done (or in Swedish: genomfört, pågår, delvis, "
               "ej genomfört)."))] = None,
    comment: Annotated[str | None, typer.Option(
        "--comment", metavar="TEXT",
        help=_("One sentence why, published in the report. An empty text removes the "
               "comment; without --comment the comment there is stays."))] = None,
    decided_on: Annotated[str | None, typer.Option(
        "--decided-on", metavar="DATE",
        help=_("The day of the meeting. Default: today for a new review; an existing review "
               "keeps its day."))] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", metavar="PARTY",
        help=_("A party that agreed the verdicts (repeat for several). Default: every party, "
               "for a new review."))] = None,
    ledger: LedgerOption = None,
) -> None:
    root = ledger_root(ctx, ledger)
    today = ledger_today(root)
    decided = day_option("--decided-on", decided_on, today)
    try:
        promise_file = open_promise(root).promise_file
    except LedgerUnusable as unusable:
        exit_unusable(unusable)
    try:
        chosen = period_under_review(period, promise_file)
    except Refused as refused:
        refuse(refused.problems, OPTIONS)
    write = WriteOne(root, promise_file, chosen, today, decided, list(by or []))
    if commitment is not None:
        if verdict is None:
            fail(_(NEEDS_VERDICT).format(period=chosen.name))
        written = write(VerdictRequest(commitment, verdict, comment))
        _print_written(written)
        return
    if verdict is not None or comment is not None:
        fail(_(VERDICT_WITHOUT_ID).format(period=chosen.name))
    if not stdin_is_terminal():
        fail(_(NEEDS_TERMINAL).format(period=chosen.name))
    opened = open_for_view(ctx, ledger, today)
    _interactive((chosen, review_rows(opened.ledger, chosen, today)), write)
