"""Listing a ledger's activity files, with the stamp the parse cache compares.

Every `*.yaml`/`*.yml` name below `activities/`, at any depth, in a stable order: the files
of a folder by name, then its subfolders by name. Hidden names (temporary files of
`lofte log`, `.git`) are skipped. Symbolic links to folders are not followed, so a link
loop cannot trap the walk; a link to a file is listed and read through.

A folder (or anything else that is not a regular file) with a YAML name is listed too, so
that the loader can say what it is instead of passing over it in silence.

Plain strings, `os.listdir` and `stat` relative to the folder, no `pathlib` objects: at
100,000 files the difference is a good part of a second.
"""

from __future__ import annotations

import os
import stat
from typing import Final

from lofte.storage.discovery import ACTIVITIES_DIR

YAML_SUFFIXES: Final = (".yaml", ".yml")

# What identifies a file's content without reading it: (size, mtime_ns, inode).
Stamp = tuple[int, int, int]


# One activity file: its key (the path below activities/ with `/` between parts, the same
# on every system), the path to open and to show, and its stamp (None when the name is not
# a regular file that can be stat'ed). A plain tuple: there are 100,000 of them.
ListedFile = tuple[str, str, Stamp | None]


def list_activity_files(root: str | os.PathLike[str]) -> list[ListedFile]:
    found: list[ListedFile] = []
    _walk(os.path.join(root, ACTIVITIES_DIR), "", found)  # noqa: PTH118 - str paths, on purpose
    return found


def _walk(folder: str, prefix: str, found: list[ListedFile]) -> None:
    try:  # names only, sorted in C: a DirEntry per file would cost more than it saves
        names = sorted(os.listdir(folder))  # noqa: PTH208 - str paths, on purpose
        descriptor = os.open(folder, _FOLDER_FLAGS) if _STAT_IN_FOLDER else None
    except OSError:  # activities/ missing, or a folder that cannot be listed
        return
    subfolders: list[tuple[str, str]] = []
    try:
        for name in names:
            if name.startswith("."):
                continue
            path = folder + os.sep + name
            if name.endswith(YAML_SUFFIXES):
                found.append((prefix + name, path, _stamp(name, path, descriptor)))
            elif _is_real_folder(name, path, descriptor):
                subfolders.append((prefix + name + "/", path))
    finally:
        if descriptor is not None:
            os.close(descriptor)
    for sub_prefix, path in subfolders:
        _walk(path, sub_prefix, found)


# stat() relative to an open folder spares the kernel walking the whole path each time.
_STAT_IN_FOLDER: Final = os.stat in os.supports_dir_fd
_FOLDER_FLAGS: Final = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)


def _stamp(name: str, path: str, folder: int | None) -> Stamp | None:
    try:  # through a symbolic link: the file that will be read
        info = os.stat(name, dir_fd=folder) if folder is not None \
            else os.stat(path)  # noqa: PTH116 - str paths, on purpose
    except OSError:  # a broken link or a loop of links
        return None
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino


def _is_real_folder(name: str, path: str, folder: int | None) -> bool:
    """A folder, and not a symbolic link to one."""
    try:
        info = os.lstat(name, dir_fd=folder) if folder is not None else os.lstat(path)
    except OSError:
        return False
    return stat.S_ISDIR(info.st_mode)
