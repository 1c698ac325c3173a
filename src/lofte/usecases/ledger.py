"""Opening a ledger for a view: load it, and say whether what it holds can be used."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lofte.domain.findings import Finding
from lofte.domain.ledger import Ledger
from lofte.storage.loader import LoadResult, load_ledger


class LedgerUnusable(Exception):
    """commitments.yaml cannot be used, so nothing can be shown or written. `result` holds
    the findings that say why (as `lofte check` finds them)."""

    def __init__(self, result: LoadResult) -> None:
        super().__init__("the ledger's commitments.yaml cannot be used")
        self.result = result


@dataclass(frozen=True, slots=True)
class OpenLedger:
    """A ledger's valid data, and every finding about it. Activities with errors are left
    out of `ledger`; `errors` says how many errors there were."""

    root: Path
    ledger: Ledger
    findings: list[Finding]

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity == "error")


def open_ledger(root: Path, today: dt.date, cache_dir: Path | None = None) -> OpenLedger:
    """The ledger at `root`, for a view. Raises LedgerUnusable when its commitments.yaml
    cannot be used."""
    result = load_ledger(root, today, cache_dir)
    if result.ledger is None:
        raise LedgerUnusable(result)
    return OpenLedger(root, result.ledger, result.findings)
