"""`lofte log`: record one activity as a new file in the ledger.

Only commitments.yaml is read (never the activities), so the time it takes does not grow
with the ledger. Without COMMITMENT or SUMMARY it asks for them, when stdin is a terminal.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from lofte.cli.app import (
    EXIT_FINDINGS,
    EXIT_USAGE,
    LedgerOption,
    app,
    fail,
    ledger_root,
    make_console,
)
from lofte.dateparse import parse_day
from lofte.models import Activity, CommitmentsFile
from lofte.new_activity import (
    ActivityRequest,
    CommitmentGroup,
    LogRefused,
    build_activity,
    day_problems,
    default_by,
    group_commitments,
    party_problems,
    pick_commitment,
    read_count,
    read_hours,
    resolve_commitment,
    split_parties,
)
from lofte.storage.activity_writer import (
    ActivityFile,
    AlreadyLogged,
    NameTaken,
    RoundTripError,
    create_activity_file,
    find_existing,
    prepare_activity_file,
)
from lofte.storage.loader import load_commitments

# What the user reads. Kept together so that it can be reviewed and translated.
NOT_A_TERMINAL = ("missing {missing}: stdin is not a terminal, so lofte cannot ask for "
                  "{it}. Give both: lofte log COMMITMENT SUMMARY [OPTIONS]")
UNUSABLE_COMMITMENTS = ("cannot log: {path} has errors that make it unusable; "
                        "run `lofte check` to see them")
COMMITMENTS_NOTE = ("note: {path} has {count} problem(s); run `lofte check` to see them")
NOTHING_WRITTEN = "nothing written"
ALREADY_LOGGED = "this activity is already logged, in {path}; nothing written"
NAME_TAKEN = ("{path} already exists with other content (the same six-digit hash); "
              "change the summary slightly and log again")
CANNOT_WRITE = "cannot write {path}: {reason}; nothing written"
CANNOT_RENDER = "internal error: {reason}; nothing written. Please report it"
DRY_RUN = "dry run: nothing written"
PICK_TITLE = "Which commitment?"
RETIRED = "(retired {day})"
ASK_COMMITMENT = "Commitment (number, id or the start of an id)"
ASK_SUMMARY = "What was done (no personal data)"
ASK_DATE = "Date"
ASK_BY = "By (party ids, comma-separated)"
ASK_PLACE = "Place (optional)"
ASK_PEOPLE = "People reached (optional)"
ASK_HOURS = "Hours of staff time (optional)"
PREVIEW = "New file {path}:"
CONFIRM = "Write it?"
CANCELLED = "cancelled; nothing written"
EMPTY_SUMMARY = "the summary must not be empty"
NEGATIVE = "must be at least 0"

T = TypeVar("T")


def stdin_is_terminal() -> bool:
    """Whether lofte may ask questions. The one place tests replace to drive the prompts."""
    return sys.stdin is not None and sys.stdin.isatty()


@app.command()
def log(
    ctx: typer.Context,
    commitment: Annotated[str | None, typer.Argument(
        help="Commitment id, or the start of one (`trafik` for trafikkontroller).",
        metavar="COMMITMENT", show_default=False)] = None,
    summary: Annotated[str | None, typer.Argument(
        help="What was done. May be published: no personal data.", metavar="SUMMARY",
        show_default=False)] = None,
    *,
    date: Annotated[str | None, typer.Option(
        "--date", metavar="D",
        help="YYYY-MM-DD, today/idag, yesterday/igår, or a weekday (monday/måndag ...: the "
             "most recent one, today included). Default: today.",
        show_default=False)] = None,
    by: Annotated[list[str] | None, typer.Option(
        "--by", metavar="P",
        help="Party id that did it; repeat for more. Default: the commitments' owners.",
        show_default=False)] = None,
    place: Annotated[str | None, typer.Option(
        "--place", metavar="T", help="Where it took place.", show_default=False)] = None,
    people: Annotated[int | None, typer.Option(
        "--people", metavar="N", help="Number of people reached.", show_default=False)] = None,
    hours: Annotated[str | None, typer.Option(
        "--hours", metavar="H", help="Staff time in hours (3.5 or 3,5).",
        show_default=False)] = None,
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", metavar="T", help="A keyword; repeat for more.", show_default=False)] = None,
    link: Annotated[list[str] | None, typer.Option(
        "--link", metavar="L", help="Evidence: a URL or diary number; repeat for more.",
        show_default=False)] = None,
    also: Annotated[list[str] | None, typer.Option(
        "--also", metavar="ID", help="Another commitment this activity served; repeatable.",
        show_default=False)] = None,
    private: Annotated[bool, typer.Option(
        "--private", help="public: false. Counted, but never published in detail.")] = False,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Print the file's path and content; write nothing.")] = False,
    ledger: LedgerOption = None,
) -> None:
    """Record one activity as a new file: activities/YYYY/YYYY-MM-DD-<id>-<hash>.yaml.

    Without COMMITMENT or SUMMARY, lofte asks for them when run in a terminal.
    Exit 2, with nothing written, when anything is wrong.
    """
    missing = [name for name, value in (("COMMITMENT", commitment), ("SUMMARY", summary))
               if value is None]
    if missing and not stdin_is_terminal():
        fail(NOT_A_TERMINAL.format(missing=" and ".join(missing),
                                   it="them" if len(missing) > 1 else "it"))

    root = ledger_root(ctx, ledger)
    promise_file = _load_promise(root)
    today = dt.date.today()
    err = make_console(stderr=True)

    hours_value: float | None = None
    if hours is not None:
        hours_value = _or_fail(read_hours, hours)
    request = ActivityRequest(
        commitment=commitment or "", summary=summary or "",
        date=_or_fail(lambda text: parse_day(text, today), date) if date is not None else today,
        also=also or (), by=split_parties(by or ()), place=place, people_reached=people,
        hours=hours_value, tags=tag or (), links=link or (), public=not private)
    console = make_console()
    if missing:
        request = _ask(console, request, promise_file, today,
                       asked_date=date is None, asked_place=place is None,
                       asked_people=people is None, asked_hours=hours is None)

    try:
        activity = build_activity(request, promise_file, today)
    except LogRefused as refused:
        _refuse(err, refused.problems)
    prepared = _prepare(root, activity)

    if dry_run:
        console.out(_shown(prepared.path), highlight=False)
        console.out(prepared.text, end="", highlight=False)
        err.out(DRY_RUN, highlight=False)
        raise typer.Exit(0)
    if missing:
        console.out("")
        console.out(PREVIEW.format(path=_shown(prepared.path)), highlight=False)
        console.out(prepared.text, end="", highlight=False)
        if not typer.confirm(CONFIRM, default=True):
            err.out(CANCELLED, highlight=False)
            raise typer.Exit(EXIT_FINDINGS)

    try:
        written = create_activity_file(prepared)
    except AlreadyLogged as exc:
        fail(ALREADY_LOGGED.format(path=_shown(exc.path)))
    except NameTaken as exc:
        fail(NAME_TAKEN.format(path=_shown(exc.path)))
    except OSError as exc:
        fail(CANNOT_WRITE.format(path=_shown(prepared.path), reason=exc.strerror or exc))
    console.out(_shown(written), highlight=False)


def _load_promise(root: Path) -> CommitmentsFile:
    promise_file, findings = load_commitments(root)
    path = _shown(root / "commitments.yaml")
    if promise_file is None:
        fail(UNUSABLE_COMMITMENTS.format(path=path))
    if findings:
        make_console(stderr=True).out(COMMITMENTS_NOTE.format(path=path, count=len(findings)),
                                      highlight=False)
    return promise_file


def _prepare(root: Path, activity: Activity) -> ActivityFile:
    try:
        prepared = prepare_activity_file(root, activity)
        existing = find_existing(prepared)
    except RoundTripError as exc:
        fail(CANNOT_RENDER.format(reason=exc))
    except NameTaken as exc:
        fail(NAME_TAKEN.format(path=_shown(exc.path)))
    except OSError as exc:
        fail(CANNOT_WRITE.format(path=_shown(root), reason=exc.strerror or exc))
    if existing is not None:
        fail(ALREADY_LOGGED.format(path=_shown(existing)))
    return prepared


def _or_fail(convert: Callable[[str], T], value: str) -> T:
    try:
        return convert(value)
    except ValueError as exc:
        fail(str(exc))


def _refuse(err: Console, problems: Sequence[str]) -> NoReturn:
    for problem in problems:
        err.print(f"lofte: {problem}", markup=False)
    err.print(f"lofte: {NOTHING_WRITTEN}", markup=False)
    raise typer.Exit(EXIT_USAGE)


def _shown(path: Path) -> str:
    """A path as the user should see it: relative to the working directory."""
    try:
        return os.path.relpath(path, Path.cwd())
    except ValueError:  # another drive (Windows)
        return str(path)


# --- interactive mode ---------------------------------------------------------------

def render_pick_list(groups: Sequence[CommitmentGroup], today: dt.date) -> list[Text]:
    """The numbered commitments, under a header per group of owners."""
    lines = [Text(PICK_TITLE, style="bold")]
    number = 0
    width = max((len(c.id) for g in groups for c in g.commitments), default=0)
    count = sum(len(g.commitments) for g in groups)
    digits = len(str(count))
    for group in groups:
        lines.append(Text(""))
        lines.append(Text(group.title, style="bold"))
        for commitment in group.commitments:
            number += 1
            line = f"  {number:>{digits}}  {commitment.id.ljust(width)}  {commitment.title}"
            if commitment.retired_on is not None and commitment.retired_on < today:
                line += " " + RETIRED.format(day=commitment.retired_on)
            lines.append(Text(line))
    return lines


def _ask(console: Console, request: ActivityRequest, promise_file: CommitmentsFile,
         today: dt.date, *, asked_date: bool, asked_place: bool, asked_people: bool,
         asked_hours: bool) -> ActivityRequest:
    """Ask for what is missing, each answer checked before the next question."""
    err = make_console(stderr=True)

    def ask(question: str, default: str | None, convert: Callable[[str], T]) -> T:
        while True:
            answer = typer.prompt(question, default=default,
                                  show_default=bool(default))
            try:
                return convert(str(answer))
            except LogRefused as refused:
                for problem in refused.problems:
                    err.print(problem, markup=False)
            except ValueError as exc:
                err.print(str(exc), markup=False)

    if request.commitment:
        chosen = _or_refuse(err, lambda: resolve_commitment(request.commitment,
                                                            promise_file.commitments))
    else:
        groups = group_commitments(promise_file)
        for line in render_pick_list(groups, today):
            console.print(line)
        console.out("")
        chosen = ask(ASK_COMMITMENT, None, lambda text: pick_commitment(text, groups))
    commitment = chosen.id

    summary = request.summary
    if not summary.strip():
        summary = ask(ASK_SUMMARY, None, _non_empty)

    day = request.date
    if asked_date:
        day = ask(ASK_DATE, "today", lambda text: _checked_day(text, promise_file, today))

    by = list(request.by)
    if not by:
        owners = default_by([commitment, *request.also], promise_file)
        answer = ask(ASK_BY, ", ".join(owners),
                     lambda text: _checked_parties(text, promise_file, today))
        by = [] if answer == owners else answer

    place = request.place
    if asked_place:
        place = ask(ASK_PLACE, "", lambda text: text.strip() or None)
    people = request.people_reached
    if asked_people:
        people = ask(ASK_PEOPLE, "", lambda text: _optional(read_count, text))
    hours = request.hours
    if asked_hours:
        hours = ask(ASK_HOURS, "", lambda text: _optional(read_hours, text))

    return ActivityRequest(
        commitment=commitment, summary=summary, date=day, also=request.also, by=by,
        place=place, people_reached=people, hours=hours, tags=request.tags,
        links=request.links, public=request.public)


def _or_refuse(err: Console, action: Callable[[], T]) -> T:
    try:
        return action()
    except LogRefused as refused:
        _refuse(err, refused.problems)


def _non_empty(text: str) -> str:
    if not text.strip():
        raise ValueError(EMPTY_SUMMARY)
    return text.strip()


def _checked_day(text: str, promise_file: CommitmentsFile, today: dt.date) -> dt.date:
    day = parse_day(text, today)
    problems = day_problems(day, promise_file, today)
    if problems:
        raise LogRefused(problems)
    return day


def _checked_parties(text: str, promise_file: CommitmentsFile, today: dt.date) -> list[str]:
    parties = split_parties([text])
    problems = party_problems(parties, promise_file, today)
    if problems:
        raise LogRefused(problems)
    return parties


def _optional(convert: Callable[[str], T], text: str) -> T | None:
    if not text.strip():
        return None
    value = convert(text)
    if isinstance(value, int | float) and value < 0:
        raise ValueError(f"`{text.strip()}` {NEGATIVE}")
    return value
