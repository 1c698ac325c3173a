"""Listing a ledger's activity files, with the stamp the parse cache compares.

Every `*.yaml`/`*.yml` name below `activities/`, at any depth, in a stable order: the files
of a folder by name, then its subfolders by name. Hidden names (temporary files of
`lofte log`, `.git`) are skipped.

A folder (or anything else that is not a regular file) with a YAML name is listed too, so
that the loader can say what it is instead of passing over it in silence. A folder that
cannot be listed, and a symbolic link that leads outside the ledger, are problems of the
listing (`unreadable`, `outside-ledger`); a link that stays inside is followed.

Plain strings, `os.listdir` and `stat` relative to the folder, no `pathlib` objects: at
100,000 files the difference is a good part of a second.
"""

from __future__ import annotations

import os
import stat
from typing import Final, NamedTuple

from lofte import messages as m
from lofte.domain.findings import FindingCode
from lofte.domain.layout import Stamp
from lofte.i18n import _
from lofte.storage.boundary import describe, is_inside, real_root
from lofte.storage.discovery import ACTIVITIES_DIR

YAML_SUFFIXES: Final = (".yaml", ".yml")

# What identifies a file's content without reading it (`lofte.domain.layout.Stamp`).


class ListedFile(NamedTuple):
    """One activity file. There are 100,000 of them: a tuple, with names."""

    key: str  # the path below activities/ with `/` between parts, the same on every system
    path: str  # the path to open and to show
    stamp: Stamp | None  # None when the name is not a regular file that can be stat'ed


class ListingProblem(NamedTuple):
    """Something below activities/ that could not be listed or may not be followed."""

    path: str
    code: FindingCode  # "unreadable" or "outside-ledger"
    message: str


class Listing(NamedTuple):
    files: list[ListedFile]
    problems: list[ListingProblem]


def list_activity_files(root: str | os.PathLike[str]) -> Listing:
    return list_ledger_files(root, ACTIVITIES_DIR)


def list_ledger_files(root: str | os.PathLike[str], folder: str) -> Listing:
    """The YAML files below root/folder (`activities`, `reviews`), by the rules above."""
    root_real = real_root(root)
    listing = Listing([], [])
    top = os.path.join(root, folder)
    try:
        info = os.lstat(top)
    except FileNotFoundError:
        return listing  # no activities yet
    except OSError as exc:
        listing.problems.append(_unreadable(top, exc))
        return listing
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(top)
        if not is_inside(target, root_real):
            listing.problems.append(_outside(top, target, root_real))
            return listing
        try:
            info = os.stat(top)
        except OSError as exc:
            listing.problems.append(_unreadable(top, exc))
            return listing
    if not stat.S_ISDIR(info.st_mode):
        message = _(m.ACTIVITIES_NOT_A_FOLDER).format(found=describe(info.st_mode)) \
            if folder == ACTIVITIES_DIR \
            else _(m.NOT_A_FOLDER).format(path=top, found=describe(info.st_mode))
        listing.problems.append(ListingProblem(top, "unreadable", message))
        return listing
    _walk(top, root_real, listing)
    return listing


def _walk(top: str, root_real: str, listing: Listing) -> None:
    """Depth first, without recursion (a folder may be nested a thousand deep)."""
    found, problems = listing
    stack: list[tuple[str, str]] = [("", top)]
    top_real = os.path.realpath(top)
    top_info = os.stat(top)
    visited = {(top_info.st_dev, top_info.st_ino)}  # each folder once, however linked
    while stack:
        prefix, folder = stack.pop()
        try:  # names only, sorted in C: a DirEntry per file would cost more than it saves
            names = sorted(os.listdir(folder))
            descriptor = os.open(folder, _FOLDER_FLAGS) if _STAT_IN_FOLDER else None
        except OSError as exc:
            problems.append(_unreadable(folder, exc))
            continue
        subfolders: list[tuple[str, str]] = []
        try:
            for name in names:
                if name.startswith("."):
                    continue
                path = folder + os.sep + name
                try:  # the entry itself, not what a link points at
                    info = os.lstat(name, dir_fd=descriptor) if descriptor is not None \
                        else os.lstat(path)
                except OSError:
                    continue  # gone since the folder was listed
                entry_mode = info.st_mode
                if stat.S_ISLNK(entry_mode):
                    followed = _follow(path, root_real, problems)
                    if followed is None:
                        continue
                    info = followed
                if name.endswith(YAML_SUFFIXES):
                    found.append(ListedFile(prefix + name, path, _stamp(info)))
                elif stat.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino) not in visited:
                    if stat.S_ISLNK(entry_mode) and is_inside(top_real, os.path.realpath(path)):
                        continue  # a link back up to activities/ or above it: a loop
                    visited.add((info.st_dev, info.st_ino))
                    subfolders.append((prefix + name + "/", path))
        finally:
            if descriptor is not None:
                os.close(descriptor)
        stack.extend(reversed(subfolders))


# stat() relative to an open folder spares the kernel walking the whole path each time.
_STAT_IN_FOLDER: Final = os.lstat in os.supports_dir_fd
_FOLDER_FLAGS: Final = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_BROKEN: Final = os.stat_result((0,) * 10)  # a link to nothing: listed, and read as unreadable


def _follow(path: str, root_real: str, problems: list[ListingProblem]) -> os.stat_result | None:
    """What a symbolic link leads to, when that stays inside the ledger."""
    target = os.path.realpath(path)
    if not is_inside(target, root_real):
        problems.append(_outside(path, target, root_real))
        return None
    try:
        return os.stat(target)
    except OSError:  # a broken link or a loop of links: the loader says which
        return _BROKEN


def _stamp(info: os.stat_result) -> Stamp | None:
    if not stat.S_ISREG(info.st_mode):
        return None
    return info.st_size, info.st_mtime_ns, info.st_ino, info.st_ctime_ns


def _unreadable(path: str, exc: OSError) -> ListingProblem:
    return ListingProblem(path, "unreadable", _(m.FOLDER_UNREADABLE).format(
        reason=exc.strerror or type(exc).__name__))


def _outside(path: str, target: str, root_real: str) -> ListingProblem:
    return ListingProblem(path, "outside-ledger",
                          _(m.OUTSIDE_LEDGER).format(target=target))
