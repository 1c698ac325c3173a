"""`lofte init`: start a new ledger repository for another municipality."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    app,
    day_option,
    fail,
    make_console,
    today_for,
)
from lofte.domain.models import DEFAULT_TIMEZONE
from lofte.domain.scaffold import COMMITMENTS_FILE, LedgerSettings, default_period, ledger_files
from lofte.domain.validation import validate_commitments
from lofte.i18n import _
from lofte.storage.ledger_init import LedgerExists, create_ledger
from lofte.storage.yamlsafe import parse_yaml


def stdin_is_terminal() -> bool:
    """Whether lofte may ask questions (tests replace this to drive the prompts)."""
    return sys.stdin is not None and sys.stdin.isatty()


def _ask(question: str, default: str | None = None) -> str:
    while True:
        answer = str(typer.prompt(question, default=default)).strip()
        if answer:
            return answer


@app.command(help=_("Start a new ledger for another municipality: a commented "
                    "commitments.yaml, activities/, JSON Schemas, a pre-commit hook, a GitHub "
                    "workflow and a README. Never overwrites anything."))
def init(
    directory: Annotated[Path, typer.Argument(
        help=_("The folder of the new ledger repository (created if missing)."),
        file_okay=False)] = Path(),
    municipality: Annotated[str | None, typer.Option(
        "--municipality", metavar="NAME",
        help=_("The municipality, e.g. \"Forshaga kommun\"."))] = None,
    police_area: Annotated[str | None, typer.Option(
        "--police-area", metavar="NAME",
        help=_("The local police area, e.g. \"Lokalpolisområde Karlstad\"."))] = None,
    valid_from: Annotated[str | None, typer.Option(
        "--from", metavar="DATE", help=_("First day of the promise (default: 1 January "
                                         "this year)."))] = None,
    valid_until: Annotated[str | None, typer.Option(
        "--until", metavar="DATE", help=_("Last day of the promise (default: 31 December, "
                                          "two years on)."))] = None,
) -> None:
    today = today_for(DEFAULT_TIMEZONE)  # the new promise's zone, by default
    start, end = default_period(today)
    asking = stdin_is_terminal() and municipality is None and police_area is None
    if asking:
        municipality = _ask(_("Municipality (e.g. Forshaga kommun)"))
        police_area = _ask(_("Local police area (e.g. Lokalpolisområde Karlstad)"))
        valid_from = valid_from or _ask(_("First day of the promise"), start.isoformat())
        valid_until = valid_until or _ask(_("Last day of the promise"), end.isoformat())
    missing = [name for name, value in (("--municipality", municipality),
                                        ("--police-area", police_area)) if not value]
    if missing:
        fail(_("missing {options}: give them, or run `lofte init` in a terminal to be "
               "asked").format(options=" and ".join(missing)))
    assert municipality is not None and police_area is not None
    first = day_option("--from", valid_from, today) or start
    last = day_option("--until", valid_until, today) or end
    if last < first:
        fail(_("--until {until} is before --from {start}").format(until=last, start=first))
    settings = LedgerSettings(municipality.strip(), police_area.strip(), first, last)
    files = ledger_files(settings)
    _validate_template(files[COMMITMENTS_FILE])
    try:
        result = create_ledger(directory, files)
    except LedgerExists as exc:
        fail(_("there is a ledger in {path} already; nothing written").format(path=exc.path))
    except OSError as exc:
        where = exc.filename or directory
        fail(_("cannot write {path}: {reason}; nothing written").format(
            path=where, reason=exc.strerror or exc))
    console = make_console()
    for path in result.written:
        console.print(_("created {path}").format(path=path), markup=False)
    for path in result.kept:
        console.print(_("kept {path} (already there)").format(path=path), markup=False)
    console.print(_("Next: write the promise's commitments into {path}, then run "
                    "`lofte check`.").format(path=directory / COMMITMENTS_FILE), markup=False)


def _validate_template(text: str) -> None:
    """The new commitments.yaml must pass `lofte check` (names can hold anything)."""
    parsed = parse_yaml(text)
    model, _written, issues = validate_commitments(parsed.value)
    if parsed.problems or model is None or issues:
        fail(_("the names given do not make a valid ledger; try simpler names"))
