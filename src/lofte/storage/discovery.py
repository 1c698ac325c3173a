"""Finding the ledger: `--ledger`, `LOFTE_LEDGER`, or a walk up from the working directory."""

from __future__ import annotations

from pathlib import Path

from lofte.i18n import N_, _

COMMITMENTS_FILE = "commitments.yaml"
ACTIVITIES_DIR = "activities"
REVIEWS_DIR = "reviews"

NOT_AT = N_("no ledger at {path}: expected a folder holding {file}, or the file itself. "
            "Check --ledger / LOFTE_LEDGER, or start one with `lofte init`.")
NOT_FOUND = N_("no ledger found: no {file} or data/{file} in {cwd} or any folder above it. "
               "Name one with --ledger PATH (or LOFTE_LEDGER), or start one with `lofte init`.")


class LedgerNotFound(Exception):
    """No ledger where one was named or looked for. The message is for the user."""


def find_ledger(explicit: str | None, cwd: Path) -> Path:
    """The ledger folder (the one holding commitments.yaml)."""
    if explicit:
        path = cwd / explicit  # never resolve(): on a loop of links it raises; here a loop
        # is simply no ledger, relative or absolute
        if path.is_file() and path.name == COMMITMENTS_FILE:
            return path.parent
        if path.is_dir() and (path / COMMITMENTS_FILE).is_file():
            return path
        raise LedgerNotFound(_(NOT_AT).format(path=explicit, file=COMMITMENTS_FILE))
    for folder in (cwd, *cwd.parents):
        if (folder / COMMITMENTS_FILE).is_file():
            return folder
        if (folder / "data" / COMMITMENTS_FILE).is_file():
            return folder / "data"
    raise LedgerNotFound(_(NOT_FOUND).format(file=COMMITMENTS_FILE, cwd=cwd))
