"""Listing a ledger's activity files, with the stamp the parse cache compares.

Every `*.yaml`/`*.yml` name below `activities/`, at any depth, in a stable order: the files
of a folder by name, then its subfolders by name. Hidden names (temporary files of
`lofte log`, `.git`) are skipped.

A folder (or anything else that is not a regular file) with a YAML name is listed too, so
that the loader can say what it is instead of passing over it in silence. A folder that
cannot be listed, and a symbolic link that leads outside the ledger, are problems of the
listing (`unreadable`, `outside-ledger`); a link that stays inside is followed.

Plain strings, `os.listdir` and `stat` relative to the folder, no `pathlib` objects, and
the `stat` calls of a folder made by one `map` in C: at 100,000 files the difference is a
good part of a second. While ledgers are loaded, a large folder's calls are shared with a
helper process on a machine with two cores (`lofte.storage.shared_stat`); each name is
still stat'ed once, and the listing is the same. The walk goes folder by folder
(`walk_ledger_folders`), so that the parse cache can tell an unchanged folder at once,
without an object per file.
"""

from __future__ import annotations

import functools
import operator
import os
import stat
from array import array
from bisect import bisect_left
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from itertools import chain
from typing import Final, NamedTuple

from lofte import messages as m
from lofte.domain.findings import FindingCode
from lofte.domain.layout import FOLDER_STAT_FIELDS, Stamp
from lofte.i18n import _
from lofte.storage.boundary import describe, is_inside, real_root
from lofte.storage.discovery import ACTIVITIES_DIR
from lofte.storage.shared_stat import Stamps, stat_shared

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


class ListedFolder(NamedTuple):
    """One folder of the walk: its names and what `lstat` said of each, in one piece, so
    that the parse cache can compare a whole folder at once."""

    prefix: str  # its path below the top folder, with `/` after each part; "" for the top
    path: str
    names: list[str]  # sorted, hidden names left out
    stamps: array[int] | list[int]  # `FOLDER_STAT_FIELDS` of each name, one after another:
    # an array, made in C, unless a number does not fit in one (then never cached)
    special: dict[int, ListedFile | None]  # the names that are not regular files: the
    # listed file of a YAML name (a link followed, a folder), None for any other

    def stamp(self, index: int) -> Stamp:
        """The stamp of the regular file at `index` of `names`."""
        start = index * _STAT_COUNT
        size, mtime_ns, inode, ctime_ns = self.stamps[start:start + _STAT_MODE]
        return size, mtime_ns, inode, ctime_ns

    def files(self) -> list[ListedFile]:
        """The activity files of the folder, by name."""
        prefix, folder, special = self.prefix, self.path + os.sep, self.special
        files: list[ListedFile] = []
        for index, name in enumerate(self.names):
            if index in special:
                listed = special[index]
                if listed is not None:
                    files.append(listed)
            elif name.endswith(YAML_SUFFIXES):
                files.append(ListedFile(prefix + name, folder + name, self.stamp(index)))
        return files


def list_activity_files(root: str | os.PathLike[str]) -> Listing:
    return list_ledger_files(root, ACTIVITIES_DIR)


def list_ledger_files(root: str | os.PathLike[str], folder: str) -> Listing:
    """The YAML files below root/folder (`activities`, `reviews`), by the rules above."""
    listing = Listing([], [])
    for listed in walk_ledger_folders(root, folder, listing.problems):
        listing.files.extend(listed.files())
    return listing


def walk_ledger_folders(root: str | os.PathLike[str], folder: str,
                        problems: list[ListingProblem]) -> Iterator[ListedFolder]:
    """The folders below root/folder, in the order of the listing: a folder's files come
    before its subfolders. What cannot be listed or followed goes to `problems`."""
    root_real = real_root(root)
    top = os.path.join(root, folder)
    try:
        info = os.lstat(top)
    except FileNotFoundError:
        return  # no activities yet
    except OSError as exc:
        problems.append(_unreadable(top, exc))
        return
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(top)
        if not is_inside(target, root_real):
            problems.append(_outside(top, target, root_real))
            return
        try:
            info = os.stat(top)
        except OSError as exc:
            problems.append(_unreadable(top, exc))
            return
    if not stat.S_ISDIR(info.st_mode):
        message = _(m.ACTIVITIES_NOT_A_FOLDER).format(found=describe(info.st_mode)) \
            if folder == ACTIVITIES_DIR \
            else _(m.NOT_A_FOLDER).format(path=top, found=describe(info.st_mode))
        problems.append(ListingProblem(top, "unreadable", message))
        return
    yield from _walk(top, root_real, problems)


def _walk(top: str, root_real: str, problems: list[ListingProblem]) -> Iterator[ListedFolder]:
    """Depth first, without recursion (a folder may be nested a thousand deep)."""
    stack: list[tuple[str, str]] = [("", top)]
    top_real = os.path.realpath(top)
    top_info = os.stat(top)
    visited = {(top_info.st_dev, top_info.st_ino)}  # each folder once, however linked
    while stack:
        prefix, folder = stack.pop()
        try:  # names only, sorted in C: a DirEntry per file would cost more than it saves
            names = _visible(os.listdir(folder))
            descriptor = os.open(folder, _FOLDER_FLAGS) if _STAT_IN_FOLDER else None
        except OSError as exc:
            problems.append(_unreadable(folder, exc))
            continue
        try:
            names, stamps = _lstat_all(folder, names, descriptor)
        finally:
            if descriptor is not None:
                os.close(descriptor)
        special: dict[int, ListedFile | None] = {}
        subfolders: list[tuple[str, str]] = []
        for index in _not_regular(stamps[_STAT_MODE::_STAT_COUNT]):
            name = names[index]
            path = folder + os.sep + name
            special[index] = None
            try:
                info = os.lstat(path)
            except OSError:
                continue  # gone since it was listed
            entry_mode = info.st_mode
            if stat.S_ISLNK(entry_mode):
                followed = _follow(path, root_real, problems)
                if followed is None:
                    continue
                info = followed
            if name.endswith(YAML_SUFFIXES):
                special[index] = ListedFile(prefix + name, path, _stamp(info))
            elif stat.S_ISDIR(info.st_mode) and (info.st_dev, info.st_ino) not in visited:
                if stat.S_ISLNK(entry_mode) and is_inside(top_real, os.path.realpath(path)):
                    continue  # a link back up to activities/ or above it: a loop
                visited.add((info.st_dev, info.st_ino))
                subfolders.append((prefix + name + "/", path))
        yield ListedFolder(prefix, folder, names, stamps, special)
        stack.extend(reversed(subfolders))


def _visible(names: list[str]) -> list[str]:
    """The names sorted, hidden ones left out: in sorted order they are one run, from "."
    up to "/", found by bisection rather than by a look at every name."""
    names.sort()
    del names[bisect_left(names, "."):bisect_left(names, "/")]
    return names


def _not_regular(modes: Sequence[int]) -> list[int]:
    """The indices of the modes that are not those of regular files: the few distinct
    modes are told in C, and only those of another kind are looked for."""
    others = [mode for mode in set(modes) if mode & _FORMAT_BITS != stat.S_IFREG]
    if not others:
        return []
    return [index for index, mode in enumerate(modes) if mode in others]


def _lstat_all(folder: str, names: list[str], descriptor: int | None
               ) -> tuple[list[str], Stamps]:
    """`FOLDER_STAT_FIELDS` of the `lstat` of each name (the entry itself, not what a link
    points at), one after another; names gone since the folder was listed are left out.
    A large folder's names are shared with a helper process while ledgers are loaded
    (`lofte.storage.shared_stat`)."""
    shared = stat_shared(folder, names, descriptor, _lstat_names)
    return shared if shared is not None else _lstat_names(folder, names, descriptor)


def _lstat_names(folder: str, names: list[str], descriptor: int | None
                 ) -> tuple[list[str], Stamps]:
    """`_lstat_all` in this process: made in C without an object per name that outlives
    it."""
    lstat: Callable[[str], os.stat_result] = \
        functools.partial(os.lstat, dir_fd=descriptor) \
        if descriptor is not None else lambda name: os.lstat(folder + os.sep + name)
    with suppress(OSError, OverflowError):
        return names, array("q", chain.from_iterable(map(_STAT_FIELDS, map(lstat, names))))
    kept: list[str] = []
    stamps: list[int] = []
    for name in names:
        try:
            info = lstat(name)
        except OSError:
            continue
        kept.append(name)
        stamps.extend(_STAT_FIELDS(info))
    with suppress(OverflowError):
        return kept, array("q", stamps)
    return kept, stamps


# stat() relative to an open folder spares the kernel walking the whole path each time.
_STAT_IN_FOLDER: Final = os.stat in os.supports_dir_fd  # and so os.lstat
_FOLDER_FLAGS: Final = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_BROKEN: Final = os.stat_result((0,) * 10)  # a link to nothing: listed, and read as unreadable
_STAT_FIELDS: Final = operator.attrgetter(*FOLDER_STAT_FIELDS)
_STAT_COUNT: Final = len(FOLDER_STAT_FIELDS)
_STAT_MODE: Final = FOLDER_STAT_FIELDS.index("st_mode")  # the last: the stamp comes before it
_FORMAT_BITS: Final = 0o170000  # `stat.S_IFMT`, as a mask


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
