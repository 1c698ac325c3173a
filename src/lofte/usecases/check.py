"""Checking a ledger: every finding, in a stable order."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from lofte.domain.findings import Finding, escalate, sort_findings
from lofte.storage.loader import load_ledger


@dataclass(frozen=True, slots=True)
class CheckResult:
    findings: list[Finding]  # sorted by path, line, column
    commitments: int
    activities: int
    files: int

    @property
    def ok(self) -> bool:
        return not any(f.severity == "error" for f in self.findings)


def check_ledger(root: Path, today: dt.date, cache_dir: Path | None = None, *,
                 strict: bool = False) -> CheckResult:
    """Load and validate the whole ledger. With `strict`, warnings are errors."""
    result = load_ledger(root, today, cache_dir)
    findings = escalate(result.findings) if strict else result.findings
    return CheckResult(sort_findings(findings), result.commitments, result.activities,
                       result.files)
