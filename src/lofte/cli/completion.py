"""Shell completion: commitment ids and party ids from the ledger, for Typer's completion.

The ledger is found as the commands find it: `--ledger` given earlier on the command line
(on the command or before it), else LOFTE_LEDGER, else a walk up from the working
directory. Only commitments.yaml is read. A callback never raises: without a usable ledger
it offers nothing, and the shell falls back to its own completion.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from lofte.render.safe_text import terminal_text
from lofte.storage.discovery import LedgerNotFound, find_ledger

if TYPE_CHECKING:
    from lofte.domain.promise import CommitmentsFile

# (value, help): zsh and fish show the help next to the value; bash shows only the value.
Candidates = list[tuple[str, str]]


def ledger_given(ctx: typer.Context | None) -> str | None:
    """`--ledger` as typed so far on this command line (the innermost one), else LOFTE_LEDGER."""
    if ctx is not None:
        # `lofte log --ledger X ...` (the command's) or `lofte --ledger X log ...` (the app's)
        # `ledgers`: the commands that take a group (the first of its ledgers will do)
        for params in (ctx.params, ctx.parent.params if ctx.parent else {}):
            value = params.get("ledger") or params.get("ledgers")
            if isinstance(value, list | tuple) and value:
                value = value[0]
            if isinstance(value, str) and value:
                return value
    return os.environ.get("LOFTE_LEDGER") or None


def _promise_file(ctx: typer.Context | None) -> CommitmentsFile | None:
    # imported when completing: the commands import this module for its callbacks
    from lofte.storage.loader import load_commitments  # noqa: PLC0415

    try:
        root = find_ledger(ledger_given(ctx), Path.cwd())
        promise_file, _findings = load_commitments(root)
    except (LedgerNotFound, OSError, ValueError):
        return None
    return promise_file


def commitment_candidates(ctx: typer.Context | None, incomplete: str) -> Candidates:
    """Commitment ids starting with `incomplete`, in the order of commitments.yaml."""
    promise_file = _promise_file(ctx)
    if promise_file is None:
        return []
    return [(c.id, terminal_text(c.title)) for c in promise_file.commitments
            if c.id.startswith(incomplete)]


def party_candidates(ctx: typer.Context | None, incomplete: str) -> Candidates:
    """Party ids starting with `incomplete`, in the order of commitments.yaml."""
    promise_file = _promise_file(ctx)
    if promise_file is None:
        return []
    return [(pid, terminal_text(party.name)) for pid, party in promise_file.parties.items()
            if pid.startswith(incomplete)]


def complete_commitment(ctx: typer.Context, incomplete: str) -> Candidates:
    """`autocompletion=` for an argument or option that takes a commitment id."""
    return commitment_candidates(ctx, incomplete)


def complete_party(ctx: typer.Context, incomplete: str) -> Candidates:
    """`autocompletion=` for an option that takes a party id."""
    return party_candidates(ctx, incomplete)
