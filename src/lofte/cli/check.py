"""`lofte check`: validate the whole ledger."""

from __future__ import annotations

import os
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    EXIT_FINDINGS,
    EXIT_OK,
    LedgersOption,
    NoCacheOption,
    app,
    cache_dir,
    ledger_roots,
    ledger_today,
    make_console,
)
from lofte.i18n import _
from lofte.render.check import Counts, render_github, render_json, render_text
from lofte.usecases.group import check_group


class CheckFormat(StrEnum):
    text = "text"
    github = "github"
    json = "json"


@app.command(help=_("Validate the whole ledger and report every finding. Exit 1 if there "
                    "are errors."))
def check(
    ctx: typer.Context,
    output_format: Annotated[CheckFormat, typer.Option(
        "--format", help=_("text: PATH:LINE:COL lines; github: Actions annotations; json."),
        case_sensitive=False)] = CheckFormat.text,
    strict: Annotated[bool, typer.Option("--strict",
                                         help=_("Treat warnings as errors."))] = False,
    ledgers: LedgersOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """`lofte check`: load the ledger as `lofte status` would, and print every finding.
    On a group, every ledger, its findings with their full paths, and one summary line."""
    found = ledger_roots(ctx, ledgers)
    result = check_group(found.roots, ledger_today, cache_dir(ctx, no_cache), strict=strict)
    findings, ok = result.findings, result.ok
    counts = Counts(result.commitments, result.activities, result.files)
    cwd = str(Path.cwd())
    console = make_console()
    if output_format is CheckFormat.json:
        console.out(render_json(findings, counts, cwd, ok), highlight=False)
    elif output_format is CheckFormat.github:
        workspace = os.environ.get("GITHUB_WORKSPACE") or None
        for line in render_github(findings, counts, cwd, workspace):
            console.out(line, highlight=False)
    else:
        for text in render_text(findings, counts, cwd):
            console.print(text)
    raise typer.Exit(EXIT_OK if ok else EXIT_FINDINGS)
