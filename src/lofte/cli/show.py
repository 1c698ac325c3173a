"""`lofte show ID`: one commitment in full."""

from __future__ import annotations

import difflib
from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import (
    LedgerOption,
    NoCacheOption,
    app,
    fail,
    ledger_root,
    ledger_today,
    make_console,
)
from lofte.cli.completion import complete_commitment
from lofte.cli.status import AsOfOption, load_for_view, notice_clamp, parse_as_of
from lofte.domain.coverage import compute_detail
from lofte.domain.models import Commitment, Ledger
from lofte.domain.validation import suggest
from lofte.i18n import N_, _
from lofte.render.show import render_show

UNKNOWN_ID = N_("no commitment has the id `{value}`")
AMBIGUOUS_ID = N_("`{value}` could be more than one commitment")
CLOSEST = N_("; did you mean {ids}?")
LIST_IDS = N_("; run `lofte status` to list the ids")


def closest_ids(word: str, ids: list[str], n: int = 5) -> list[str]:
    """The ids a mistyped or shortened id most likely meant, best first."""
    found: list[str] = []
    best = suggest(word, ids)
    if best:
        found.append(best)
    found += [i for i in ids if i.startswith(word) and word]
    found += difflib.get_close_matches(word, ids, n=n, cutoff=0.5)
    return list(dict.fromkeys(found))[:n]


def find_commitment(ledger: Ledger, word: str) -> Commitment:
    """The commitment with this id, or the only one it is a prefix of; otherwise exit 2."""
    exact = ledger.commitment(word)
    if exact is not None:
        return exact
    ids = [c.id for c in ledger.promise_file.commitments]
    prefixed = [i for i in ids if word and i.startswith(word)]
    if len(prefixed) == 1:
        found = ledger.commitment(prefixed[0])
        assert found is not None
        return found
    message = _(AMBIGUOUS_ID if len(prefixed) > 1 else UNKNOWN_ID).format(value=word)
    close = closest_ids(word, ids)
    fail(message + (_(CLOSEST).format(ids=", ".join(f"`{i}`" for i in close)) if close
                    else _(LIST_IDS)))


@app.command(help=_("One commitment: its wording, owners, state, activity per ISO week "
                    "over the whole promise, totals, and its activities, newest first."))
def show(
    ctx: typer.Context,
    commitment_id: Annotated[str, typer.Argument(
        metavar="ID", help=_("The commitment's id, or a unique beginning of it."),
        autocompletion=complete_commitment)],
    as_of: AsOfOption = None,
    ledger: LedgerOption = None,
    no_cache: NoCacheOption = False,
) -> None:
    """`lofte show ID`: find the commitment, compute its detail, print it."""
    today = ledger_today(ledger_root(ctx, ledger))
    requested = parse_as_of(as_of, today)
    data = load_for_view(ctx, ledger, today, no_cache)
    commitment = find_commitment(data, commitment_id)
    detail = compute_detail(data, commitment, requested)
    notice_clamp(requested, detail.as_of)
    parties = {pid: party.name for pid, party in data.promise_file.parties.items()}
    console = make_console()
    console.print(render_show(detail, parties, str(Path.cwd())), soft_wrap=False)
