"""`lofte log`: record one activity as a new file in the ledger.

Only commitments.yaml is read (never the activities), so the time it takes does not grow
with the ledger. Without COMMITMENT or SUMMARY it asks for them, when stdin is a terminal.

Asking, each answer is checked as soon as it is given, personal data in a text that will be
published included (with the offer to mark the activity private right there), so that
nothing typed is thrown away at the end. Ctrl-C or Ctrl-D at a question ends it with exit
130 and nothing written; answering no at the last question ends it with exit 0, nothing
written, and a line that says so.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn, TypeVar

import typer

from lofte import messages as m
from lofte.cli.app import (
    EXIT_INTERRUPTED,
    EXIT_OK,
    INTERRUPTED,
    LedgerOption,
    app,
    cache_dir,
    day_option,
    exit_unusable,
    fail,
    ledger_root,
    make_console,
    refuse,
    today_for,
)
from lofte.cli.completion import complete_commitment, complete_party
from lofte.domain.dateparse import parse_day
from lofte.domain.new_activity import (
    ActivityRequest,
    CommitmentGroup,
    day_problems,
    default_by,
    group_commitments,
    pick_commitment,
    read_count,
    read_hours,
    split_parties,
)
from lofte.domain.problems import InputError, Refused
from lofte.i18n import N_, _, ngettext
from lofte.render.safe_text import terminal_document, terminal_text
from lofte.storage.activity_writer import ActivityFile, AlreadyLogged, NameTaken
from lofte.storage.boundary import BoundaryError
from lofte.usecases.log import (
    PlanNotRemoved,
    PlanOverrides,
    open_known_promise,
    open_promise,
    prepare_from_plan,
    prepare_known_log,
    prepare_log,
    write_from_plan,
    write_log,
)

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from lofte.domain.promise import CommitmentsFile

# rich, pydantic and the models are imported where they are used: a `lofte log` whose
# promise was validated before and whose activity is plainly fine needs none of them
# (`_log_known`).

# What the user reads. Kept together so that it can be reviewed and translated: English,
# marked with N_() and translated with _() where it is used.
AND = N_(" and ")
NOTHING_WRITTEN = N_("nothing written")
ALREADY_LOGGED = N_("this activity is already logged, in {path}; nothing written")
NAME_TAKEN = N_("{path} already exists with other content (the same six-digit hash); "
                "change the summary slightly and log again")
NAME_NOT_A_FILE = N_("{path} already exists and is not a regular file (a pipe, a device or a "
                     "link); lofte never opens it: remove it and log again")
CANNOT_WRITE = N_("cannot write {path}: {reason}; nothing written")
DRY_RUN = N_("dry run: nothing written")
PICK_TITLE = N_("Which commitment?")
RETIRED = N_("(retired {day})")
ASK_COMMITMENT = N_("Commitment (number, id or the start of an id)")
ASK_SUMMARY = N_("What was done (no personal data)")
ASK_DATE = N_("Date")
ASK_BY = N_("By (party ids, comma-separated)")
ASK_PLACE = N_("Place (optional)")
ASK_PEOPLE = N_("People reached (optional)")
ASK_HOURS = N_("Hours of staff time (optional)")
PREVIEW = N_("New file {path}:")
CONFIRM = N_("Write it?")
CANCELLED = N_("cancelled; nothing written")
YES_NO = N_("[Y/n]")
YES_WORDS = N_("y, yes")
NO_WORDS = N_("n, no")
ANSWER_YES_OR_NO = N_("answer y (yes) or n (no)")
ASK_PRIVATE = N_("Mark the activity private (counted, but never published in detail)? "
                 "No: type the {field} again, without it")
EMPTY_SUMMARY = N_("the summary must not be empty")
NEGATIVE = N_("`{value}` must be at least 0")
PLAN_REMOVED = N_("removed the plan {path}")
WOULD_REMOVE_PLAN = N_("would remove the plan {path}")
PLAN_NOT_REMOVED = N_("the deed is logged, in {written}, but the plan {plan} could not be "
                      "removed ({reason}); remove it by hand")
NOT_A_PLAN: dict[str, str] = {
    "outside-ledger": N_("{path} is not an activity file of this ledger (under its "
                         "activities/ folder); nothing written"),
    "not-an-activity-file": N_("{path} is not an activity file (a .yaml file); nothing "
                               "written"),
    "missing": N_("{path} does not exist; nothing written"),
    "not-a-file": N_("{path} is not a regular file (a folder, a link, a pipe); nothing "
                     "written"),
    "not-one-activity": N_("{path} does not hold one valid activity (`lofte check` tells "
                           "why); nothing written"),
    "not-planned": N_("{path} is not a plan (it has no `planned: true`): it is logged "
                      "already; nothing written"),
    "changed": N_("{path} changed after it was read, so it was left alone"),
}

T = TypeVar("T")


def stdin_is_terminal() -> bool:
    """Whether lofte may ask questions. The one place tests replace to drive the prompts."""
    return sys.stdin is not None and sys.stdin.isatty()


# The options `lofte log` and `lofte plan` share.
DateOption = Annotated[str | None, typer.Option(
    "--date", metavar="D",
    help=_("YYYY-MM-DD, today/idag, yesterday/igår, or a weekday (monday/måndag ...: the "
           "most recent one, today included). Default: today."), show_default=False)]
ByOption = Annotated[list[str] | None, typer.Option(
    "--by", metavar="P",
    help=_("Party id that did it; repeat for more. Default: the commitments' owners."),
    show_default=False, autocompletion=complete_party)]
PlaceOption = Annotated[str | None, typer.Option(
    "--place", metavar="T", help=_("Where it took place."), show_default=False)]
TagOption = Annotated[list[str] | None, typer.Option(
    "--tag", metavar="T", help=_("A keyword; repeat for more."), show_default=False)]
LinkOption = Annotated[list[str] | None, typer.Option(
    "--link", metavar="L", help=_("Evidence: a URL or diary number; repeat for more."),
    show_default=False)]
AlsoOption = Annotated[list[str] | None, typer.Option(
    "--also", metavar="ID", help=_("Another commitment this activity served; repeatable."),
    show_default=False, autocompletion=complete_commitment)]
PrivateOption = Annotated[bool, typer.Option(
    "--private", help=_("public: false. Counted, but never published in detail."))]
DryRunOption = Annotated[bool, typer.Option(
    "--dry-run", help=_("Print the file's path and content; write nothing."))]


@app.command(help=_(
    "Record one activity as a new file: activities/YYYY/YYYY-MM-DD-<id>-<hash>.yaml.\n\n"
    "Without COMMITMENT or SUMMARY, lofte asks for them when run in a terminal. Exit 2, with "
    "nothing written, when anything is wrong.\n\n"
    "With --from-plan, the deed of a plan (`lofte plan`): the plan's fields, dated today "
    "unless --date says otherwise, with any option given instead of the plan's; the plan's "
    "file is removed once the new file is written."))
def log(
    ctx: typer.Context,
    commitment: Annotated[str | None, typer.Argument(
        help=_("Commitment id, or the start of one (`trafik` for trafikkontroller)."),
        metavar="COMMITMENT", show_default=False,
        autocompletion=complete_commitment)] = None,
    summary: Annotated[str | None, typer.Argument(
        help=_("What was done. May be published: no personal data."), metavar="SUMMARY",
        show_default=False)] = None,
    *,
    date: DateOption = None,
    by: ByOption = None,
    place: PlaceOption = None,
    people: Annotated[int | None, typer.Option(
        "--people", metavar="N", help=_("Number of people reached."),
        show_default=False)] = None,
    hours: Annotated[str | None, typer.Option(
        "--hours", metavar="H", help=_("Staff time in hours (3.5 or 3,5)."),
        show_default=False)] = None,
    tag: TagOption = None,
    link: LinkOption = None,
    also: AlsoOption = None,
    private: PrivateOption = False,
    from_plan: Annotated[Path | None, typer.Option(
        "--from-plan", metavar="PATH",
        help=_("Log the deed of the plan in this activity file (one activity with "
               "`planned: true`) and remove the plan."), show_default=False)] = None,
    dry_run: DryRunOption = False,
    ledger: LedgerOption = None,
) -> None:
    """`lofte log`: ask for what is missing, build the activity, write its file."""
    if from_plan is not None:
        _log_from_plan(ctx, from_plan, PlanOverrides(
            date=dt.date.min, commitment=commitment, summary=summary, also=also or (),
            by=split_parties(by or ()), place=place, people_reached=people,
            hours=_read("--hours", read_hours, hours), tags=tag or (), links=link or (),
            private=private), date=date, dry_run=dry_run, ledger=ledger)
        return
    missing = [name for name, value in (("COMMITMENT", commitment), ("SUMMARY", summary))
               if value is None]
    if missing and not stdin_is_terminal():
        fail(ngettext("missing {missing}: stdin is not a terminal, so lofte cannot ask for "
                      "it. Give both: lofte log COMMITMENT SUMMARY [OPTIONS]",
                      "missing {missing}: stdin is not a terminal, so lofte cannot ask for "
                      "them. Give both: lofte log COMMITMENT SUMMARY [OPTIONS]",
                      len(missing)).format(missing=_(AND).join(missing)))

    root = ledger_root(ctx, ledger)
    if not missing:
        _log_known(ctx, root, date=date, dry_run=dry_run, make=lambda day: ActivityRequest(
            commitment=commitment or "", summary=summary or "", date=day, also=also or (),
            by=split_parties(by or ()), place=place, people_reached=people,
            hours=_read("--hours", read_hours, hours), tags=tag or (), links=link or (),
            public=not private))
    promise_file = _open_promise(root, ctx)
    today = today_for(promise_file.promise.timezone)
    err = make_console(stderr=True)

    request = ActivityRequest(
        commitment=commitment or "", summary=summary or "",
        date=day_option("--date", date, today) or today,
        also=also or (), by=split_parties(by or ()), place=place, people_reached=people,
        hours=_read("--hours", read_hours, hours), tags=tag or (), links=link or (),
        public=not private)
    console = make_console()
    if missing:
        request = _interruptible(err, lambda: _ask(
            console, request, promise_file, today, asked_date=date is None,
            asked_place=place is None, asked_people=people is None,
            asked_hours=hours is None))

    prepared = _attempt(lambda: prepare_log(root, promise_file, request, today))
    if dry_run:
        show_dry_run(prepared)
    if missing:
        console.out("")
        console.out(_(PREVIEW).format(path=_shown(prepared.path)), highlight=False)
        console.out(_as_shown(console, prepared.text), end="", highlight=False)
        if not _interruptible(err, lambda: yes_no(_(CONFIRM))):
            err.out(_(CANCELLED), highlight=False)
            raise typer.Exit(EXIT_OK)
    written = _attempt(lambda: write_log(prepared), prepared.path)
    console.out(_shown(written), highlight=False)


def _log_known(ctx: typer.Context, root: Path, *, date: str | None, dry_run: bool,
               make: Callable[[dt.date], ActivityRequest]) -> None:
    """The quick way: commitments.yaml validated before and without findings, and an
    activity that is plainly fine (`prepare_known_log`): the same file, the same output,
    without pydantic or rich. Returns when only the careful way can tell; then it starts
    again from the beginning, and says everything there is to say."""
    promise = open_known_promise(root, cache_dir(ctx, no_cache=False))
    if promise is None:
        return
    today = today_for(promise.timezone)
    request = make(day_option("--date", date, today) or today)
    prepared = _attempt(lambda: prepare_known_log(root, promise, request, today))
    if prepared is None:
        return
    if dry_run:
        show_dry_run(prepared)
    written = _attempt(lambda: write_log(prepared), prepared.path)
    _say(_shown(written))
    raise typer.Exit(EXIT_OK)


def _say(text: str, *, end: str = "\n", stderr: bool = False) -> None:
    """`make_console().out(text, end=end, highlight=False)`: what rich prints for text of
    printable characters and line breaks is the text itself, so such text is written as
    it is, without importing rich; anything else goes through rich."""
    if _plain(text):
        stream = sys.stderr if stderr else sys.stdout
        stream.write(text + end)
        stream.flush()
    else:
        make_console(stderr=stderr).out(text, end=end, highlight=False)


def show_dry_run(prepared: ActivityFile, note: str | None = None) -> NoReturn:
    """`--dry-run`: the file's path and text on stdout, "nothing written" on stderr."""
    _say(_shown(prepared.path))
    text = prepared.text
    _say(text if _plain(text) else _as_shown(make_console(), text), end="")
    if note is not None:
        _say(note, stderr=True)
    _say(_(DRY_RUN), stderr=True)
    raise typer.Exit(EXIT_OK)


def _plain(text: str) -> bool:
    """Printable characters and line breaks only: shown as it is, also on a terminal."""
    return all(line.isprintable() for line in text.split("\n"))


def write_request(ctx: typer.Context, *, ledger: str | None, date: str | None,
                  make: Callable[[dt.date], ActivityRequest], dry_run: bool,
                  prepare: Callable[[Path, CommitmentsFile, ActivityRequest, dt.date],
                                    ActivityFile]) -> None:
    """Open the promise, build the request for today, prepare its file (`prepare`), and
    print it (`dry_run`) or write it and print its path. For commands that never ask."""
    root = ledger_root(ctx, ledger)
    promise_file = _open_promise(root, ctx)
    today = today_for(promise_file.promise.timezone)
    request = make(day_option("--date", date, today) or today)
    prepared = _attempt(lambda: prepare(root, promise_file, request, today))
    if dry_run:
        show_dry_run(prepared)
    written = _attempt(lambda: write_log(prepared), prepared.path)
    make_console().out(_shown(written), highlight=False)


def _log_from_plan(ctx: typer.Context, plan_path: Path, overrides: PlanOverrides, *,
                   date: str | None, dry_run: bool, ledger: str | None) -> None:
    """`lofte log --from-plan PATH`: the deed first, then the plan's file removed."""
    from lofte.storage.plan_file import NotAPlan  # noqa: PLC0415 - see the imports

    root = ledger_root(ctx, ledger)
    promise_file = _open_promise(root, ctx)
    today = today_for(promise_file.promise.timezone)
    overrides = replace(overrides, date=day_option("--date", date, today) or today)
    try:
        prepared = _attempt(lambda: prepare_from_plan(root, promise_file, plan_path,
                                                      overrides, today))
    except NotAPlan as exc:
        fail(_(NOT_A_PLAN[exc.reason]).format(path=_shown(plan_path)))
    if dry_run:
        show_dry_run(prepared.deed, _(WOULD_REMOVE_PLAN).format(path=_shown(plan_path)))
    try:
        written = _attempt(lambda: write_from_plan(prepared), prepared.deed.path)
    except PlanNotRemoved as exc:
        make_console().out(_shown(exc.written), highlight=False)
        reason = _(NOT_A_PLAN[exc.reason]).format(path=_shown(exc.plan)) \
            if exc.reason in NOT_A_PLAN else exc.reason
        fail(_(PLAN_NOT_REMOVED).format(written=_shown(exc.written), plan=_shown(exc.plan),
                                        reason=reason))
    console = make_console()
    console.out(_shown(written), highlight=False)
    make_console(stderr=True).out(_(PLAN_REMOVED).format(path=_shown(plan_path)),
                                  highlight=False)


# The option or argument each field of an activity comes from, to name it in a problem.
# (A commitment that cannot be found is named in its message, with the closest ids.)
OPTION_NAMES: dict[str, str] = {
    "date": "--date", "summary": "SUMMARY",
    "by": "--by", "place": "--place", "people_reached": "--people", "hours": "--hours",
    "tags": "--tag", "links": "--link", "public": "--private",
}


def _open_promise(root: Path, ctx: typer.Context) -> CommitmentsFile:
    from lofte.usecases.ledger import LedgerUnusable  # noqa: PLC0415 - see the imports

    try:
        promise = open_promise(root, cache_dir(ctx, no_cache=False))
    except LedgerUnusable as unusable:
        exit_unusable(unusable)
    if promise.findings:
        path = _shown(root / "commitments.yaml")
        count = len(promise.findings)
        note = ngettext("note: {path} has {count} problem; run `lofte check` to see it",
                        "note: {path} has {count} problems; run `lofte check` to see them",
                        count).format(path=path, count=count)
        make_console(stderr=True).out(note, highlight=False)
    return promise.promise_file


def _attempt(action: Callable[[], T], path: Path | None = None) -> T:
    """Run a step of the use case; exit 2, naming what stands in the way, when it is
    refused. `path`: the file being written, to name when the write fails."""
    try:
        return action()
    except Refused as refused:
        refuse(refused.problems, OPTION_NAMES, _(NOTHING_WRITTEN))
    except AlreadyLogged as exc:
        fail(_(ALREADY_LOGGED).format(path=_shown(exc.path)))
    except NameTaken as exc:
        fail(_(NAME_TAKEN if exc.regular else NAME_NOT_A_FILE).format(path=_shown(exc.path)))
    except BoundaryError as exc:
        fail(f"{_shown(Path(exc.path))}: {exc}")
    except OSError as exc:
        where = _shown(path) if path is not None else _shown(Path.cwd())
        fail(_(CANNOT_WRITE).format(path=where, reason=exc.strerror or exc))


def _read(option: str, convert: Callable[[str], T], value: str | None) -> T | None:
    """A value typed for an option, read by `convert`; exit 2 naming the option."""
    if value is None:
        return None
    try:
        return convert(value)
    except InputError as exc:
        fail(f"{option}: {exc}")


def _shown(path: Path) -> str:
    """A path as the user should see it: relative to the working directory, with any
    control character written out."""
    try:
        return terminal_text(os.path.relpath(path, Path.cwd()))
    except ValueError:  # another drive (Windows)
        return terminal_text(str(path))


def _as_shown(console: Console, text: str) -> str:
    """The file's text as printed: on a terminal, nothing in it may act on the terminal
    (YAML keeps a bidi override or a line separator as it is)."""
    return terminal_document(text) if console.is_terminal else text


# --- interactive mode ---------------------------------------------------------------



def _interruptible(err: Console, action: Callable[[], T]) -> T:
    """Run questions; Ctrl-C or Ctrl-D (end of input) at any of them ends `lofte log`
    with exit 130 and nothing written."""
    try:
        return action()
    except (typer.Abort, KeyboardInterrupt, EOFError):
        err.out("")
        err.out(_(INTERRUPTED), highlight=False)
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _words(listed: str) -> set[str]:
    return {word.strip().lower() for word in listed.split(",") if word.strip()}


# Always understood, whatever the language of the questions.
_YES = frozenset({"y", "yes", "j", "ja"})
_NO = frozenset({"n", "no", "nej"})


def yes_no(question: str, *, default: bool = True) -> bool:
    """A yes-or-no question: y/yes/j/ja or n/no/nej (and the words of the current
    language), any case; an empty answer is `default`. Asks again after anything else."""
    err = make_console(stderr=True)
    while True:
        answer = str(typer.prompt(f"{question} {_(YES_NO)}", default="",
                                  show_default=False)).strip().lower()
        if not answer:
            return default
        if answer in _YES or answer in _words(_(YES_WORDS)):
            return True
        if answer in _NO or answer in _words(_(NO_WORDS)):
            return False
        err.print(_(ANSWER_YES_OR_NO), markup=False)


def personal_data_problems(field: str, text: str) -> list[str]:
    """What `lofte check` would say about personal data in a text that will be published."""
    from lofte.domain.privacy import KIND_NAMES, find_personal_data  # noqa: PLC0415

    return [_(m.PERSONAL_DATA).format(field=field, kind=_(KIND_NAMES[match.kind]),
                                      masked=match.masked)
            for match in find_personal_data(text)]

def render_pick_list(groups: Sequence[CommitmentGroup], today: dt.date) -> list[Text]:
    """The numbered commitments, under a header per group of owners."""
    from rich.text import Text  # noqa: PLC0415 - see the imports

    lines = [Text(_(PICK_TITLE), style="bold")]
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
                line += " " + _(RETIRED).format(day=commitment.retired_on)
            lines.append(Text(line))
    return lines


def _ask(console: Console, request: ActivityRequest, promise_file: CommitmentsFile,
         today: dt.date, *, asked_date: bool, asked_place: bool, asked_people: bool,
         asked_hours: bool) -> ActivityRequest:
    """Ask for what is missing, each answer checked before the next question."""
    from lofte.domain.ids import resolve_commitment  # noqa: PLC0415 - see the imports

    err = make_console(stderr=True)

    def ask(question: str, default: str | None, convert: Callable[[str], T]) -> T:
        while True:
            answer = typer.prompt(question, default=default,
                                  show_default=bool(default))
            try:
                return convert(str(answer))
            except Refused as refused:
                for problem in refused.problems:
                    err.print(problem.message, markup=False)
            except InputError as exc:
                err.print(str(exc), markup=False)

    if request.commitment:
        chosen = _attempt(lambda: resolve_commitment(request.commitment,
                                                            promise_file.commitments))
    else:
        groups = group_commitments(promise_file)
        for line in render_pick_list(groups, today):
            console.print(line)
        console.out("")
        chosen = ask(_(ASK_COMMITMENT), None, lambda text: pick_commitment(text, groups))
    commitment = chosen.id

    public = request.public

    def published(field: str, question: str, default: str | None, value: str | None,
                  convert: Callable[[str], str | None]) -> str | None:
        """The answer, once it holds no personal data or the activity is private."""
        nonlocal public
        while public and value and (problems := personal_data_problems(field, value)):
            for problem in problems:
                err.print(problem, markup=False)
            if yes_no(_(ASK_PRIVATE).format(field=field)):
                public = False
            else:
                value = ask(question, default, convert)
        return value

    summary = request.summary.strip() or ask(_(ASK_SUMMARY), None, _non_empty)
    summary = published("summary", _(ASK_SUMMARY), None, summary, _non_empty) or ""

    day = request.date
    if asked_date:
        from lofte.render.status import TODAY  # noqa: PLC0415 - only when asking

        day = ask(_(ASK_DATE), _(TODAY), lambda text: _checked_day(text, promise_file, today))

    by = list(request.by)
    if not by:
        owners = default_by([commitment, *request.also], promise_file)
        answer = ask(_(ASK_BY), ", ".join(owners),
                     lambda text: _checked_parties(text, promise_file))
        by = [] if answer == owners else answer

    place = request.place
    if asked_place:
        place = published("place", _(ASK_PLACE), "", ask(_(ASK_PLACE), "", _stripped),
                          _stripped)
    people = request.people_reached
    if asked_people:
        people = ask(_(ASK_PEOPLE), "", lambda text: _optional(read_count, text))
    hours = request.hours
    if asked_hours:
        hours = ask(_(ASK_HOURS), "", lambda text: _optional(read_hours, text))

    return ActivityRequest(
        commitment=commitment, summary=summary, date=day, also=request.also, by=by,
        place=place, people_reached=people, hours=hours, tags=request.tags,
        links=request.links, public=public)


def _stripped(text: str) -> str | None:
    return text.strip() or None


def _non_empty(text: str) -> str:
    if not text.strip():
        raise InputError(_(EMPTY_SUMMARY))
    return text.strip()


def _checked_day(text: str, promise_file: CommitmentsFile, today: dt.date) -> dt.date:
    day = parse_day(text, today)
    problems = day_problems(day, promise_file, today)
    if problems:
        raise Refused(problems)
    return day


def _checked_parties(text: str, promise_file: CommitmentsFile) -> list[str]:
    from lofte.domain.ids import resolve_parties  # noqa: PLC0415 - see the imports

    return resolve_parties(split_parties([text]), promise_file.parties)


def _optional(convert: Callable[[str], T], text: str) -> T | None:
    if not text.strip():
        return None
    value = convert(text)
    if isinstance(value, int | float) and value < 0:
        raise InputError(_(NEGATIVE).format(value=text.strip()))
    return value
