"""The ledger's boundary: lofte reads and writes only inside the ledger's root folder.

A symbolic link below the root is fine while its target stays inside the root; a link whose
target resolves outside it is never followed, for reading or for writing. Writers open the
destination folder one step at a time from the root and then work relative to that open
folder (`dir_fd`), so that a link put in place between the check and the write cannot take
the write elsewhere.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager, suppress
from types import TracebackType
from typing import Final

from lofte import messages as m
from lofte.i18n import _

_FOLDER_FLAGS: Final = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


class BoundaryError(Exception):
    """A path that lofte may not use to read or write. The message is for the user; `path`
    is the path as the user would see it."""

    path: str


class OutsideLedger(BoundaryError):
    """A path below the root resolves outside it."""

    def __init__(self, path: str, target: str, root: str) -> None:
        super().__init__(_(m.OUTSIDE_LEDGER).format(target=target))
        self.path = path


class NotAFolder(BoundaryError):
    """A path that must be a folder is something else."""

    def __init__(self, path: str, message: str) -> None:
        super().__init__(message)
        self.path = path


def real_root(root: str | os.PathLike[str]) -> str:
    return os.path.realpath(root)


def is_inside(real_path: str, root_real: str) -> bool:
    """Whether a resolved path is the root or below it."""
    return real_path == root_real or real_path.startswith(root_real.rstrip(os.sep) + os.sep)


def outside_target(path: str, root_real: str) -> str | None:
    """Where `path` really leads when that is outside the root; None when it stays inside."""
    target = os.path.realpath(path)
    return None if is_inside(target, root_real) else target


# What makes up a ledger, below its root: never replaced by anything lofte writes for
# the reader (a report, an export).
LEDGER_FILE: Final = "commitments.yaml"
LEDGER_FOLDERS: Final = ("activities", "reviews")


def is_ledger_file(root: str | os.PathLike[str], path: str | os.PathLike[str]) -> bool:
    """Whether `path` (after every link) is commitments.yaml, or lies under activities/ or
    reviews/ of the ledger at `root`: a file that output must never replace."""
    target = os.path.realpath(path)
    root_path = os.fspath(root)
    if target == os.path.realpath(os.path.join(root_path, LEDGER_FILE)):
        return True
    return any(is_inside(target, os.path.realpath(os.path.join(root_path, folder)))
               for folder in LEDGER_FOLDERS)


def describe(mode: int) -> str:
    """What a file system entry is, in words, for messages."""
    if stat.S_ISREG(mode):
        return _("a file")
    if stat.S_ISFIFO(mode):
        return _("a named pipe")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("a device")
    return _("something that is not a folder")


@contextmanager
def open_folder(root: str | os.PathLike[str], parts: tuple[str, ...], *,
                create: bool) -> Iterator[tuple[int, list[str]]]:
    """An open descriptor of the folder root/parts[0]/parts[1]/..., verified to lie inside
    the root, and the names of the folders it created (outermost first, relative to the
    root). Missing folders are created when `create` is true.

    Raises OutsideLedger, NotAFolder, FileNotFoundError (missing and not `create`) or
    OSError. On an exception, the folders it created are removed again.
    """
    root_real = real_root(root)
    shown = os.fspath(root)
    descriptor = os.open(root_real, _FOLDER_FLAGS)
    real = root_real
    created: list[str] = []
    try:
        for part in parts:
            shown = os.path.join(shown, part)
            child, real = _step(descriptor, part, shown=shown, real=real, root_real=root_real,
                                create=create, created=created)
            os.close(descriptor)
            descriptor = child
    except BaseException:
        os.close(descriptor)
        _remove_created(root_real, created)
        raise
    try:
        yield descriptor, created
    finally:
        os.close(descriptor)


class OpenFolders:
    """Folders of one ledger kept open for many files: each opened once with `open_folder`
    (from the root, one step at a time, kept inside it) and closed together with `close`.

    Without `create`, a folder that is missing when first asked for is remembered as
    missing. `created` holds, per folder, the folders its opening created.
    """

    def __init__(self, root: str | os.PathLike[str], *, create: bool) -> None:
        self.root = root
        self._create = create
        self._stack = ExitStack()
        self._open: dict[tuple[str, ...], int] = {}
        self._missing: set[tuple[str, ...]] = set()
        self.created: dict[tuple[str, ...], list[str]] = {}

    def get(self, parts: tuple[str, ...]) -> int:
        """The open folder root/parts...; raises what `open_folder` raises."""
        descriptor = self._open.get(parts)
        if descriptor is not None:
            return descriptor
        if parts in self._missing:
            raise FileNotFoundError(errno.ENOENT, os.strerror(errno.ENOENT),
                                    os.path.join(os.fspath(self.root), *parts))
        try:
            descriptor, created = self._stack.enter_context(
                open_folder(self.root, parts, create=self._create))
        except FileNotFoundError:
            if not self._create:
                self._missing.add(parts)
            raise
        self._open[parts] = descriptor
        if created:
            self.created[parts] = created
        return descriptor

    def find(self, parts: tuple[str, ...]) -> int | None:
        """`get`, or None when the folder is missing; one known to be missing is told at
        once, as many files of a folder not there yet ask about it."""
        descriptor = self._open.get(parts)
        if descriptor is not None or parts in self._missing:
            return descriptor
        try:
            return self.get(parts)
        except FileNotFoundError:
            return None

    def close(self) -> None:
        self._open.clear()
        self._stack.close()

    def __enter__(self) -> OpenFolders:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _step(parent: int, part: str, *, shown: str, real: str, root_real: str, create: bool,
          created: list[str]) -> tuple[int, str]:
    """Open `part` inside the open folder `parent` (whose resolved path is `real`); a link
    is followed only while it stays inside the root."""
    try:
        info = os.lstat(part, dir_fd=parent)
    except FileNotFoundError:
        if not create:
            raise
        os.mkdir(part, dir_fd=parent)
        os.fsync(parent)
        created.append(os.path.relpath(os.path.join(real, part), root_real))
        info = os.lstat(part, dir_fd=parent)
    if stat.S_ISLNK(info.st_mode):
        target = os.path.realpath(os.path.join(real, part))
        if not is_inside(target, root_real):
            raise OutsideLedger(shown, target, root_real)
        return os.open(target, _FOLDER_FLAGS), target
    if stat.S_ISDIR(info.st_mode):
        return os.open(part, _FOLDER_FLAGS | _NOFOLLOW, dir_fd=parent), os.path.join(real, part)
    raise NotAFolder(shown, _(m.ACTIVITIES_NOT_A_FOLDER).format(found=describe(info.st_mode))
                     if part == "activities"
                     else _(m.NOT_A_FOLDER).format(path=shown, found=describe(info.st_mode)))


def _remove_created(root_real: str, created: list[str]) -> None:
    for relative in reversed(created):
        with suppress(OSError):
            os.rmdir(os.path.join(root_real, relative))


def remove_created(root: str | os.PathLike[str], created: list[str]) -> None:
    """Remove the folders `open_folder` created, innermost first, where they are empty."""
    _remove_created(real_root(root), created)


def names_at(folder: int) -> frozenset[str]:
    """The names in an open folder, read through a descriptor of its own: processes that
    share `folder` (forked) would otherwise share its reading position."""
    listing = os.open(".", _FOLDER_FLAGS, dir_fd=folder)
    try:
        with os.scandir(listing) as entries:
            return frozenset(entry.name for entry in entries)
    finally:
        os.close(listing)


def read_regular_at(folder: int, name: str, limit: int) -> bytes | None:
    """The bytes of a regular file `name` in an open folder, at most `limit` + 1 of them;
    None when the name is something else (a pipe, a device, a link, a folder). Never
    blocks and never follows a link."""
    try:
        descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | _NOFOLLOW
                             | getattr(os, "O_CLOEXEC", 0), dir_fd=folder)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENXIO, errno.EISDIR, errno.EACCES):
            return None
        raise
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            return None
        return read_at_most(descriptor, limit + 1)
    finally:
        os.close(descriptor)


def read_at_most(descriptor: int, limit: int) -> bytes:
    """Up to `limit` bytes, or fewer at the end of the file."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = os.read(descriptor, left)
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)
