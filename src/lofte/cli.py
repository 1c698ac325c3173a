"""The command line: parse arguments, call the core, print, exit. The only place that prints."""

from __future__ import annotations

import datetime as dt
import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console

from lofte import __version__
from lofte.findings import escalate, sort_findings
from lofte.render.check import Counts, render_github, render_json, render_text
from lofte.schema import all_schemas
from lofte.storage.discovery import LedgerNotFound, find_ledger
from lofte.storage.loader import load_ledger
from lofte.storage.schemas import write_schemas

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


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, soft_wrap=True, highlight=False, emoji=False)


def fail(message: str, code: int = EXIT_USAGE) -> NoReturn:
    _console(stderr=True).print(f"lofte: {message}", markup=False)
    raise typer.Exit(code)


LedgerOption = Annotated[
    str | None,
    typer.Option("--ledger", envvar="LOFTE_LEDGER", metavar="PATH",
                 help="The ledger folder, or its commitments.yaml. Default: found by walking "
                      "up from the working directory (./commitments.yaml or "
                      "./data/commitments.yaml)."),
]


def _ledger_root(ctx: typer.Context, ledger: str | None) -> Path:
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


class CheckFormat(StrEnum):
    text = "text"
    github = "github"
    json = "json"


@app.command()
def check(
    ctx: typer.Context,
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", help="text: PATH:LINE:COL lines; github: Actions annotations; json.",
        case_sensitive=False)] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict", help="Treat warnings as errors.")] = False,
    ledger: LedgerOption = None,
) -> None:
    """Validate the whole ledger and report every finding. Exit 1 if there are errors."""
    root_dir = _ledger_root(ctx, ledger)
    result = load_ledger(root_dir, dt.date.today())
    findings = sort_findings(escalate(result.findings) if strict else result.findings)
    ok = not any(f.severity == "error" for f in findings)
    counts = Counts(result.commitments, result.activities, result.files)
    cwd = str(Path.cwd())
    console = _console()
    if output_format is CheckFormat.json:
        console.out(render_json(findings, counts, cwd, ok), highlight=False)
    elif output_format is CheckFormat.github:
        for line in render_github(findings, counts, cwd):
            console.out(line, highlight=False)
    else:
        for text in render_text(findings, counts, cwd):
            console.print(text)
    raise typer.Exit(EXIT_OK if ok else EXIT_FINDINGS)


@app.command()
def schema(
    output_dir: Annotated[Path, typer.Option(
        "--output-dir", help="Where to write commitments.schema.json and activity.schema.json.",
        file_okay=False)] = Path("schemas"),
) -> None:
    """Write JSON Schemas for commitments.yaml and activity files (for editors)."""
    try:
        written = write_schemas(output_dir, all_schemas())
    except OSError as exc:
        fail(f"cannot write schemas to {output_dir}: {exc.strerror or exc}")
    for path in written:
        typer.echo(str(path))


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
