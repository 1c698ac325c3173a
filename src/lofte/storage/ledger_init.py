"""Creating a new ledger's files for `lofte init`: never overwriting anything.

Each file is created whole (see `create_new_file`); commitments.yaml comes last, because it
is what makes the folder a ledger: a run that is interrupted leaves no half ledger, and a
second run completes it. A file that is already there is kept as it is. When a write fails,
the files this run created are removed again, so that nothing is changed.
"""

from __future__ import annotations

from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from lofte.storage.atomic import create_new_file
from lofte.storage.discovery import COMMITMENTS_FILE


class LedgerExists(Exception):
    """There is a ledger here already; `path` is its commitments.yaml."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


@dataclass(slots=True)
class InitResult:
    written: list[Path] = field(default_factory=list)
    kept: list[Path] = field(default_factory=list)  # already there, left as they were


def existing_ledger(root: Path) -> Path | None:
    for candidate in (root / COMMITMENTS_FILE, root / "data" / COMMITMENTS_FILE):
        if candidate.exists():
            return candidate
    return None


def create_ledger(root: Path, files: dict[str, str]) -> InitResult:
    """Write `files` (relative path -> text) below `root`. Raises LedgerExists, or OSError
    after removing what it wrote."""
    found = existing_ledger(root)
    if found is not None:
        raise LedgerExists(found)
    result = InitResult()
    try:
        for relative, text in files.items():
            path = root / relative
            try:
                create_new_file(path, text.encode("utf-8"))
            except FileExistsError:
                result.kept.append(path)
            else:
                result.written.append(path)
    except BaseException:
        for path in reversed(result.written):
            with suppress(OSError):
                path.unlink()
        raise
    return result
