"""One commitment in full."""

from __future__ import annotations

import datetime as dt

from lofte.domain.coverage import CommitmentDetail, compute_detail
from lofte.domain.ids import resolve_commitment
from lofte.domain.models import Ledger


def commitment_detail(ledger: Ledger, word: str, as_of: dt.date) -> CommitmentDetail:
    """The commitment `word` names (resolved as every command resolves it) as of `as_of`.
    Raises Refused when `word` names none, or more than one."""
    commitment = resolve_commitment(word, ledger.promise_file.commitments)
    return compute_detail(ledger, commitment, as_of)
