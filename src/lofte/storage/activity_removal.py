"""Taking back new activity files: what an import does when a write fails half-way.

`lofte import` writes all of its files or none. When one write fails after others have
succeeded, the files it created are removed again (each only while it still holds the
bytes the import wrote, so that nothing anyone else wrote is ever removed), and so are the
folders it created, when they are empty. Every step goes through the ledger's boundary
(`lofte.storage.boundary`): nothing outside the ledger is touched.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from contextlib import suppress
from pathlib import Path

from lofte.storage.activity_writer import ActivityFile
from lofte.storage.boundary import BoundaryError, OpenFolders, open_folder, read_regular_at


def missing_folders(root: Path, files: Iterable[ActivityFile]) -> list[tuple[str, ...]]:
    """The folders (as parts below `root`) that writing `files` would create, outermost
    first."""
    missing: list[tuple[str, ...]] = []
    seen: set[tuple[str, ...]] = set()
    for prepared in files:
        folder, _name = prepared.location
        for depth in range(1, len(folder) + 1):
            step = folder[:depth]
            if step not in seen:
                seen.add(step)
                if not (root / Path(*step)).is_dir():
                    missing.append(step)
    return sorted(missing, key=len)


def remove_written(root: Path, written: Sequence[ActivityFile],
                   folders: Sequence[tuple[str, ...]]) -> list[Path]:
    """Remove the files in `written`, then the `folders` that are empty; the paths of the
    files that could not be removed (changed since, or not removable). Each folder is
    opened once, and fsynced once after its files are removed."""
    left: list[Path] = []
    with OpenFolders(root, create=False) as opened:
        touched: set[int] = set()
        for prepared in reversed(written):
            folder, name = prepared.location
            try:
                descriptor = opened.get(folder)
                if read_regular_at(descriptor, name, len(prepared.data)) != prepared.data:
                    left.append(prepared.path)
                    continue
                os.unlink(name, dir_fd=descriptor)
                touched.add(descriptor)
            except FileNotFoundError:
                continue  # already gone
            except (BoundaryError, OSError):
                left.append(prepared.path)
        for descriptor in touched:
            with suppress(OSError):
                os.fsync(descriptor)
    for step in sorted(folders, key=len, reverse=True):
        with suppress(BoundaryError, OSError), \
                open_folder(root, step[:-1], create=False) as (descriptor, _created):
            os.rmdir(step[-1], dir_fd=descriptor)
    return left
