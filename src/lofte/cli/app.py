"""The Typer application, its global options and what every command shares."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from lofte import __version__
from lofte.storage.discovery import LedgerNotFound, find_ledger

app = typer.Typer(
    name="lofte",
    help="Keep a medborgarlöfte (citizen promise) as a plain-text ledger in git.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2


def make_console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, soft_wrap=True, highlight=False, emoji=False)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    make_console(stderr=True).print(f"lofte: {message}", markup=False)
    raise typer.Exit(code)


LedgerOption = Annotated[
    str | None,
    typer.Option("--ledger", envvar="LOFTE_LEDGER", metavar="PATH",
                 help="The ledger folder, or its commitments.yaml. Default: found by walking "
                      "up from the working directory (./commitments.yaml or "
                      "./data/commitments.yaml)."),
]


def ledger_root(ctx: typer.Context, ledger: str | None) -> Path:
    explicit = ledger or (ctx.obj or {}).get("ledger")
    try:
        return find_ledger(explicit, Path.cwd())
    except LedgerNotFound as exc:
        fail(str(exc))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"lofte {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    ledger: LedgerOption = None,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """lofte keeps a medborgarlöfte as a plain-text ledger: commitments.yaml and one YAML
    file per activity. Exit codes: 0 success, 1 findings, 2 usage error or ledger not found."""
    ctx.obj = {"ledger": ledger}


def main() -> None:
    """Entry point. Bad input never shows a traceback; an internal error shows one line."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write("lofte: interrupted\n")
        sys.exit(130)
    except Exception as exc:  # the single place where anything unexpected is caught
        if os.environ.get("LOFTE_DEBUG"):
            raise
        sys.stderr.write(f"lofte: internal error: {type(exc).__name__}: {exc}\n"
                         "Please report it; run again with LOFTE_DEBUG=1 for details.\n")
        sys.exit(3)
