"""The Typer application, its global options and what every command shares."""

from __future__ import annotations

import datetime as dt
import io
import os
import sys
from collections.abc import Mapping, Sequence
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from lofte import __version__
from lofte.cli import lazy, params
from lofte.cli.click_text import (
    ERROR_TITLE,
    TRY_HELP,
    LofteGroup,
    translate_help_panels,
    translate_message,
)
from lofte.i18n import N_, _
from lofte.storage.discovery import (
    LedgerNotFound,
    Ledgers,
    find_ledger,
    find_ledgers,
    refuse_several,
)

if TYPE_CHECKING:
    from _typeshed import ReadableBuffer
    from rich.console import Console

    from lofte.domain.problems import Problem
    from lofte.usecases.ledger import LedgerUnusable, OpenLedger

# What only some commands need is imported where it is used, so that starting lofte costs
# little more than starting Typer (`lofte --version`); see also `lofte.cli.lazy`.

params.install()  # values typed on the command line coerced without pydantic (lofte.cli.params)

app = typer.Typer(
    name="lofte",
    help=_("Keep a medborgarlöfte (citizen promise) as a plain-text ledger in git."),
    no_args_is_help=True,
    add_completion=True,
    cls=LofteGroup,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
# The command modules are imported when Typer reads this list (`lofte.cli.lazy`).
COMMANDS = lazy.LazyCommands()
app.registered_commands = COMMANDS

INTERNAL_ERROR = N_("internal error: {error}\n"
                    "Please report it; run again with LOFTE_DEBUG=1 for details.")
STDOUT_CLOSED = N_("standard output is closed; nothing can be printed (run without `>&-`)")
STDOUT_FAILED = N_("cannot write to standard output: {reason}")

# Exit codes, the same for every command (docs/ledger-format.md and the README have the table):
EXIT_OK = 0
EXIT_FINDINGS = 1  # findings; also a ledger whose commitments.yaml cannot be used
EXIT_USAGE = 2  # a usage error, no ledger found, a write refused, standard output failed
EXIT_INTERNAL = 3  # a bug in lofte
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C, or Ctrl-D at a question
INTERRUPTED = N_("interrupted; nothing written")


# Below this, tables cannot show a word per cell; a narrower COLUMNS (0, say) is raised to it.
MIN_WIDTH = 60


def make_console(stderr: bool = False) -> Console:
    from rich.console import Console  # noqa: PLC0415 - see the imports

    return Console(stderr=stderr, soft_wrap=True, highlight=False, emoji=False,
                   width=_width(os.environ.get("COLUMNS")))


def _width(columns: str | None) -> int | None:
    """The width COLUMNS asks for, at least MIN_WIDTH; None (the terminal's) when unset or
    not a number."""
    if columns is None or not columns.strip().isdigit():
        return None
    return max(int(columns), MIN_WIDTH)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    from lofte.render.safe_text import terminal_text  # noqa: PLC0415 - see the imports

    make_console(stderr=True).print(f"lofte: {terminal_text(message, multiline=True)}",
                                    markup=False)
    raise typer.Exit(code)


def refuse(problems: Sequence[Problem], options: Mapping[str, str] | None = None,
           footer: str | None = None) -> NoReturn:
    """Exit 2 with one line per problem, each followed by the option it concerns."""
    from lofte.render.safe_text import terminal_text  # noqa: PLC0415 - see the imports

    err = make_console(stderr=True)
    for problem in problems:
        option = (options or {}).get(problem.field or "")
        line = f"{problem.message} ({option})" if option else problem.message
        err.print(f"lofte: {terminal_text(line, multiline=True)}", markup=False)
    if footer is not None:
        err.print(f"lofte: {footer}", markup=False)
    raise typer.Exit(EXIT_USAGE)


def exit_unusable(unusable: LedgerUnusable) -> NoReturn:
    """Exit 1 with the findings that make commitments.yaml unusable, as `check` prints them:
    one rule for every command."""
    from lofte.render.check import Counts, render_text  # noqa: PLC0415 - see the imports

    result = unusable.result
    err = make_console(stderr=True)
    counts = Counts(result.commitments, result.activities, result.files)
    for line in render_text(result.findings, counts, str(Path.cwd())):
        err.print(line)
    raise typer.Exit(EXIT_FINDINGS)


def day_option(option: str, value: str | None, today: dt.date) -> dt.date | None:
    """A day typed for a date option (`--date`, `--as-of`, `--from`, `--until`); None when
    not given; exit 2 naming the option when it is not a day."""
    from lofte.domain.dateparse import parse_day  # noqa: PLC0415 - see the imports
    from lofte.domain.problems import InputError  # noqa: PLC0415

    if value is None:
        return None
    try:
        return parse_day(value, today)
    except InputError as exc:
        fail(f"{option}: {exc}")


LedgerOption = Annotated[
    str | None,
    typer.Option("--ledger", envvar="LOFTE_LEDGER", metavar="PATH",
                 help=_("The ledger folder, or its commitments.yaml. Default: found by "
                        "walking up from the working directory (./commitments.yaml or "
                        "./data/commitments.yaml).")),
]


# `check`, `status` and `export` take a group (several --ledger, or a folder of ledgers);
# `show` and `report` take this too, so that several --ledger are refused, not passed over.
LedgersOption = Annotated[
    list[str] | None,
    typer.Option("--ledger", metavar="PATH",
                 help=_("The ledger folder, or its commitments.yaml; or a group: a folder "
                        "whose subfolders are ledgers, or --ledger repeated. Default: "
                        "LOFTE_LEDGER, else found by walking up from the working directory "
                        "(./commitments.yaml or ./data/commitments.yaml).")),
]


NoCacheOption = Annotated[
    bool,
    typer.Option("--no-cache",
                 help=_("Read every activity file again instead of using the parse cache "
                        "(in $XDG_CACHE_HOME/lofte or ~/.cache/lofte). Also: "
                        "LOFTE_NO_CACHE=1.")),
]

_TRUE = frozenset({"1", "true", "yes", "on"})


def cache_dir(ctx: typer.Context, no_cache: bool) -> Path | None:
    """Where the parse cache lives, or None when it is turned off."""
    from lofte.storage.cache import default_cache_dir  # noqa: PLC0415 - see the imports

    if no_cache or (ctx.obj or {}).get("no_cache") \
            or os.environ.get("LOFTE_NO_CACHE", "").strip().lower() in _TRUE:
        return None
    return default_cache_dir(os.environ)


def utc_now() -> dt.datetime:
    """The moment, as the one place that reads the clock (the tests set it here)."""
    return dt.datetime.now(dt.UTC)


def today_for(zone: str) -> dt.date:
    """Today in the time zone `zone`, whatever the machine's zone."""
    from lofte.domain.zones import today_in  # noqa: PLC0415 - see the imports

    return today_in(zone, utc_now())


def ledger_today(root: Path, cache: Path | None = None) -> dt.date:
    """Today in the promise's time zone (`promise.timezone`, default Europe/Stockholm):
    a CI runner in UTC agrees with the coordinator's laptop. `cache`: the cache folder,
    where commitments.yaml's zone may be known already."""
    from lofte.storage.loader import promise_timezone  # noqa: PLC0415 - see the imports

    return today_for(promise_timezone(root, cache))


def open_for_view(ctx: typer.Context, ledger: str | None, today: dt.date,
                  no_cache: bool = False) -> OpenLedger:
    """The ledger's valid data and its findings, for a view. Errors elsewhere in the ledger
    leave out what they concern and are named in one line on stderr; an unusable
    commitments.yaml exits 1 (`exit_unusable`)."""
    from lofte.render.status import NOTICE_ERRORS, errors_label  # noqa: PLC0415
    from lofte.usecases.ledger import LedgerUnusable, open_ledger  # noqa: PLC0415

    try:
        opened = open_ledger(ledger_root(ctx, ledger), today, cache_dir(ctx, no_cache))
    except LedgerUnusable as unusable:
        exit_unusable(unusable)
    if opened.errors:
        notice = _(NOTICE_ERRORS).format(errors=errors_label(opened.errors))
        make_console(stderr=True).print(f"lofte: {notice}", markup=False)
    return opened


def ledger_root(ctx: typer.Context, ledger: str | None) -> Path:
    explicit = ledger or (ctx.obj or {}).get("ledger")
    try:
        return find_ledger(explicit, Path.cwd())
    except LedgerNotFound as exc:
        fail(str(exc))


def ledger_roots(ctx: typer.Context, ledgers: list[str] | None) -> Ledgers:
    """Every ledger of the group named by `--ledger` (repeated, or a folder of ledgers),
    else the global `--ledger`/LOFTE_LEDGER, else the one found by walking up."""
    given = (ctx.obj or {}).get("ledger")
    explicit = ledgers or ([given] if given else [])
    try:
        return find_ledgers(explicit, Path.cwd())
    except LedgerNotFound as exc:
        fail(str(exc))


def one_ledger(ledgers: list[str] | None) -> str | None:
    """The one `--ledger` of a command that works on one ledger; exit 2 for several."""
    if ledgers and len(ledgers) > 1:
        fail(str(refuse_several(len(ledgers))))
    return ledgers[0] if ledgers else None


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lofte {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    ledger: LedgerOption = None,
    no_cache: NoCacheOption = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help=_("Show the version and exit."))] = False,
) -> None:
    """The global options, kept for the commands in `ctx.obj`. (The app's help is the
    `help` given to `typer.Typer` above.)"""
    ctx.obj = {"ledger": ledger, "no_cache": no_cache}


class OutputFailed(Exception):
    """Writing to standard output failed (a full disk, a closed pipe). Not an OSError, so
    that nothing on the way (Click catches a broken pipe) takes it for another error."""

    def __init__(self, error: OSError) -> None:
        super().__init__(error.strerror or str(error))


class _GuardedOutput(io.RawIOBase):
    """File descriptor 1, raising OutputFailed when a write fails."""

    def __init__(self, descriptor: int) -> None:
        super().__init__()
        self._descriptor = descriptor

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self._descriptor

    def isatty(self) -> bool:
        return os.isatty(self._descriptor)

    def write(self, data: ReadableBuffer) -> int:
        try:
            return os.write(self._descriptor, data)
        except OSError as exc:
            raise OutputFailed(exc) from None


def guard_streams() -> bool:
    """Make standard output fail loudly and never crash on a character its encoding lacks
    (`PYTHONIOENCODING=latin-1`): such a character is replaced. False when standard output
    is closed."""
    if sys.stderr is not None and isinstance(sys.stderr, io.TextIOWrapper):
        sys.stderr.reconfigure(errors="backslashreplace")
    stream = sys.stdout
    if stream is None:
        return False
    try:
        descriptor = stream.fileno()
    except (OSError, ValueError):  # not a real file (embedded): leave it as it is
        return True
    sys.stdout = io.TextIOWrapper(io.BufferedWriter(_GuardedOutput(descriptor)),
                                  encoding=stream.encoding, errors="replace",
                                  line_buffering=bool(stream.line_buffering))
    return True


def _silence_stdout() -> None:
    """After a failed write: nothing more goes to standard output, not even at exit."""
    with suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - until exit


def main() -> None:
    """Entry point: `run` with the command line, as the process's exit code."""
    sys.exit(run(sys.argv[1:]))


def run(arguments: list[str]) -> int:
    """Run lofte; the exit code. Bad input never shows a traceback; an internal error shows
    one line (`LOFTE_DEBUG=1`: the traceback)."""
    if not guard_streams():
        sys.stderr.write("lofte: " + _(STDOUT_CLOSED) + "\n")
        return EXIT_USAGE
    if not arguments or any(a in ("-h", "--help") for a in arguments):
        translate_help_panels()
    COMMANDS.only = lazy.choose(arguments)
    try:
        try:
            # Not standalone: Click would answer Ctrl-D at a question with "Aborted!" and
            # exit 1 (the findings code), and take a failed write for a broken pipe.
            code = app(args=arguments, prog_name="lofte", standalone_mode=False)
        finally:
            sys.stdout.flush()
            COMMANDS.only = None  # whatever reads the commands next gets all of them
    except OutputFailed as exc:
        _silence_stdout()
        sys.stderr.write("lofte: " + _(STDOUT_FAILED).format(reason=exc) + "\n")
        return EXIT_USAGE
    except typer.TyperException as exc:  # a usage error: Click's own message
        if type(exc).__name__ == "NoArgsIsHelpError":  # a bare `lofte`: the help, shown
            return EXIT_OK
        _show_usage_error(exc)
        return int(getattr(exc, "exit_code", EXIT_USAGE))
    except (typer.Abort, KeyboardInterrupt):  # Ctrl-C, or Ctrl-D at a question
        sys.stderr.write("\nlofte: " + _(INTERRUPTED) + "\n")
        return EXIT_INTERRUPTED
    except Exception as exc:  # the single place where anything unexpected is caught
        if os.environ.get("LOFTE_DEBUG"):
            raise
        sys.stderr.write("lofte: " + _(INTERNAL_ERROR).format(
            error=f"{type(exc).__name__}: {exc}") + "\n")
        return EXIT_INTERNAL
    return code if isinstance(code, int) else EXIT_OK


def _show_usage_error(exc: typer.TyperException) -> None:
    """The usage line, where to find help, and the error, as Typer shows them, in the user's
    language."""
    from rich.panel import Panel  # noqa: PLC0415 - only when there is an error to show
    from rich.text import Text  # noqa: PLC0415

    from lofte.render.safe_text import terminal_text  # noqa: PLC0415

    err = make_console(stderr=True)
    ctx = getattr(exc, "ctx", None)
    if ctx is not None:
        err.print(ctx.get_usage(), markup=False)
        if ctx.command.get_help_option(ctx) is not None:
            err.print(_(TRY_HELP).format(command=ctx.command_path,
                                          option=ctx.help_option_names[0]), markup=False)
    message = translate_message(exc.format_message())
    err.print(Panel(Text(terminal_text(message, multiline=True)), title=_(ERROR_TITLE),
                    title_align="left", border_style="red"))
