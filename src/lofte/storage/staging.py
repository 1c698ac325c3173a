"""Many new files inside a ledger, named only once every one of them is written and durable:
the writer of `lofte import`.

Staging. Each file is written under its final name into a hidden staging folder,
`.lofte-import-<random>.tmp`, made in the nearest existing folder above its destination,
where the folders of the destination below that one are made: a file of
`activities/2024/` goes to `activities/.lofte-import-….tmp/2024/NAME`, whether
`activities/2024/` exists or not.

The loader never reads a staging folder (its name is hidden), so a file being staged is
not in the ledger. Files can be staged while the rest of the sheet is still being checked:
nothing is in the ledger before `publish`, and closing without publishing removes it all.

Worker processes can stage too (`share`): the staging folder is made before they are
forked, each stages the files it prepares into it (`stage_shared`), and the maker is told
which files are there (`adopt`), so that writing the files is shared out as checking the
rows is.

Publishing, once every file is staged:

1. One barrier makes the data of every staged file durable: `syncfs()` of the file system
   (see `lofte.storage.atomic`), or, for a few files or where there is none, an fsync of
   each file and of each staging folder. While files are still being staged, every
   `FLUSH_EVERY` of them a thread starts a `syncfs()` (when none is running), so that the
   disk writes while the rows are checked and the barrier finds little left to do; its
   error, if any, is the barrier's.
2. A staged folder that stands for a missing one gets its name whole, in one step:
   `activities/2024/` appears with every file of the import in it at once, with
   `renameat2()` and RENAME_NOREPLACE, which never replaces anything.
3. When the folder exists and holds few files (at most half as many as the import adds to
   it, only files, none of them lofte's own temporary ones), and is the user's own, on the
   same file system, without extended attributes (an ACL, a security label) that a new
   folder would lack, it is swapped (`_swap`): its files are hard-linked into the staged
   folder, which takes its mode and group, and the two folders trade places in one step
   (RENAME_EXCHANGE). The folder that was there is then emptied: a name that is in the new
   folder too, as the same file, is removed; a file that arrived meanwhile (or was
   replaced) is moved over, never lost; a temporary file of a `lofte log` that was writing
   meanwhile is removed, so that the log fails and says so. Only an empty old folder is
   removed; one that cannot be emptied is kept, under a name no import removes, and the
   import fails naming it.
4. Otherwise each file gets its name on its own, also with RENAME_NOREPLACE. Where the
   system or the file system has no such rename, a folder is made and each file is
   hard-linked, as `lofte log` names a file (or, without hard links or across file
   systems, created exclusively).
5. Each folder that got a name is fsynced; the staging folders are removed.

A name is only ever given to data already on the disk, so a crash leaves every file whole
or absent. A name that is taken meanwhile (a folder made, or the same file logged, by
someone else) is never replaced: the folder's files then get their names one by one, and a
file whose name is taken is reported to the caller, who decides (`lofte.storage.
activity_writer.ActivityBatch`).

A staging folder is locked (`flock`) by the process that made it for as long as it lives
(worker processes share the lock, and end before it). A SIGKILL, or a power cut, leaves it
behind (hidden, never read, ignored by git through `.lofte-*.tmp`); the next import that
stages into the same folder (`activities/`, for every import) finds it unlocked and
removes it. It is made under another hidden name (`.new`) and renamed once locked, so that
it is never seen unlocked by another import while its maker lives.
"""

from __future__ import annotations

import errno
import functools
import os
import secrets
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Final

from lofte.storage.atomic import NO_HARD_LINKS, SYNCFS_FROM, create_exclusive_at, find_syncfs
from lofte.storage.boundary import OpenFolders, open_folder

STAGING_PREFIX: Final = ".lofte-import-"
STAGING_SUFFIX: Final = ".tmp"
_OPENING_SUFFIX: Final = ".new"  # a staging folder's name until it is locked
_FOLDER_FLAGS: Final = (os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0)
                        | getattr(os, "O_NOFOLLOW", 0))
_RENAME_NOREPLACE: Final = 1
_RENAME_EXCHANGE: Final = 2
LOFTE_HIDDEN: Final = ".lofte-"  # how every temporary name of lofte begins
KEPT_SUFFIX: Final = ".kept"  # a staging folder kept for what it holds (see `_swap`)
_SWEEPS: Final = 100  # rounds of emptying a swapped-out folder before it is kept
FLUSH_EVERY: Final = 2_000  # files staged between two early flushes

Parts = tuple[str, ...]  # a folder, as the names below the ledger's root


@dataclass(slots=True, eq=False)
class _Area:
    """A staging folder, in the existing folder `parts` of the ledger."""

    parts: Parts
    folder: int  # the existing folder, open
    name: str  # of the staging folder in it
    staging: int  # the staging folder, open and locked
    # Folders made inside the staging folder, as the names below it: open descriptors.
    made: dict[Parts, int] = field(default_factory=dict)
    # The files staged, per folder below the staging folder (() for the staging folder
    # itself): name -> bytes.
    files: dict[Parts, dict[str, bytes]] = field(default_factory=dict)
    # Why a folder swapped out could not be emptied (see `_swap`): the staging folder then
    # holds what no one else has, and is kept.
    left: OSError | None = None


class Outcome:
    """What `publish` did with one staged file."""

    NAMED: Final = "named"
    TAKEN: Final = "taken"  # the name holds something else already; nothing replaced


Published = tuple[Parts, str, str]  # folder, name, Outcome


class StagedFiles:
    """New files of one ledger, staged and then published all together (see the module's
    docstring). A context manager: closing removes whatever was staged and not published."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._stack = ExitStack()
        self._folders = self._stack.enter_context(OpenFolders(root, create=False))
        self.staged = 0
        self._flushing: threading.Thread | None = None
        self._flush_failed: OSError | None = None
        self._areas: dict[Parts, _Area] = {}
        self._where: dict[Parts, tuple[_Area, Parts]] = {}  # destination -> area, below it
        self._shared: _Area | None = None  # the staging folder of worker processes
        self._named: dict[int, None] = {}  # folders that got a name, to fsync once

    def stage(self, parts: Parts, name: str, data: bytes) -> None:
        """Write `data` as root/parts.../name, hidden in a staging folder. Raises
        OutsideLedger, NotAFolder or OSError; then nothing of this file is left."""
        area, below = self._place(parts)
        create_exclusive_at(self._made(area, below), name, data, durable=False)
        self._record(area, below, name, data)

    def share(self, folder: Parts) -> None:
        """Make now, before worker processes are forked, the staging folder of the files
        of every folder below root/folder..., for `stage_shared`."""
        self._shared = self._area(folder)

    def stage_shared(self, parts: Parts, name: str, data: bytes) -> bool | None:
        """In a worker process forked after `share`: write `data` as root/parts.../name,
        hidden in the shared staging folder, for the maker to `adopt`. False when that
        name is staged already (by another row of the same sheet); None when the file is
        not staged (the maker stages it, and meets the error itself)."""
        area = self._shared
        if area is None or not _inside(area, parts):
            return None
        try:
            create_exclusive_at(self._made(area, parts[len(area.parts):]), name, data,
                                durable=False)
        except FileExistsError:
            return False
        except OSError:
            return None
        return True

    def adopt(self, parts: Parts, name: str, data: bytes) -> None:
        """Count as staged the file a worker staged (`stage_shared`), holding `data`."""
        area, below = self._place(parts)
        self._made(area, below)
        self._record(area, below, name, data)

    def _record(self, area: _Area, below: Parts, name: str, data: bytes) -> None:
        area.files.setdefault(below, {})[name] = data
        self.staged += 1
        if self.staged % FLUSH_EVERY == 0:
            self._flush_early(area.staging)

    def _place(self, parts: Parts) -> tuple[_Area, Parts]:
        """The staging folder for files of root/parts..., and the folders below it that
        stand for the destination (decided once for each destination)."""
        where = self._where.get(parts)
        if where is None:
            shared = self._shared
            area = shared if shared is not None and _inside(shared, parts) \
                else self._area(parts[:-1])
            where = self._where[parts] = area, parts[len(area.parts):]
        return where

    def _area(self, parts: Parts) -> _Area:
        """The staging folder in the nearest existing folder of root/parts... (made when
        there is none yet)."""
        depth = len(parts)
        while depth > 0:
            try:
                self._folders.get(parts[:depth])
                break
            except FileNotFoundError:
                depth -= 1
        existing = parts[:depth]
        area = self._areas.get(existing)
        if area is None:
            area = self._areas[existing] = self._open_area(existing)
        return area

    def _made(self, area: _Area, below: Parts) -> int:
        """The folder `below` inside the staging folder, open; made when it is not there
        (a worker process may have made it)."""
        if not below:
            return area.staging
        folder = area.made.get(below)
        if folder is None:
            parent = self._made(area, below[:-1])
            with suppress(FileExistsError):
                os.mkdir(below[-1], dir_fd=parent)
            folder = area.made[below] = os.open(below[-1], _FOLDER_FLAGS, dir_fd=parent)
            self._stack.callback(os.close, folder)
        return folder

    def _open_area(self, parts: Parts) -> _Area:
        """A new staging folder in the existing folder root/parts..., locked; stale ones
        left there by an import that no longer runs are removed first."""
        folder = self._folders.get(parts)
        remove_stale(folder)
        name = f"{STAGING_PREFIX}{secrets.token_hex(8)}"
        os.mkdir(name + _OPENING_SUFFIX, dir_fd=folder)
        staging = os.open(name + _OPENING_SUFFIX, _FOLDER_FLAGS, dir_fd=folder)
        self._stack.callback(os.close, staging)
        _lock(staging, wait=True)
        os.rename(name + _OPENING_SUFFIX, name + STAGING_SUFFIX, src_dir_fd=folder,
                  dst_dir_fd=folder)
        area = _Area(parts, folder, name + STAGING_SUFFIX, staging)
        self._stack.callback(_remove_unless_kept, area)  # runs before the close
        return area

    def publish(self) -> Iterator[Published]:
        """Make every staged file durable, then give each its name; yields each file's
        outcome, as it is named. Raises OutsideLedger, NotAFolder or OSError (the files
        named so far keep their names; the caller may take them back)."""
        self._barrier()
        try:
            for area in self._areas.values():
                yield from self._publish_area(area)
        finally:
            for folder in self._named:
                with suppress(OSError):
                    os.fsync(folder)
            self._named.clear()

    def _flush_early(self, descriptor: int) -> None:
        """Have the disk write what is staged so far, in a thread (see the module's
        docstring), unless a flush is still running."""
        syncfs = find_syncfs()
        if syncfs is None or (self._flushing is not None and self._flushing.is_alive()):
            return

        def flush() -> None:
            try:
                syncfs(descriptor)
            except OSError as exc:
                self._flush_failed = exc

        self._flushing = threading.Thread(target=flush, name="lofte-flush", daemon=True)
        self._flushing.start()

    def _wait_for_flush(self) -> None:
        if self._flushing is not None:
            self._flushing.join()
            self._flushing = None

    def _barrier(self) -> None:
        """The data (and names) of every staged file are on the disk."""
        self._wait_for_flush()
        if self._flush_failed is not None:
            raise self._flush_failed
        syncfs = find_syncfs() if self.staged >= SYNCFS_FROM else None
        if syncfs is not None:
            devices = {os.fstat(area.staging).st_dev: area.staging
                       for area in self._areas.values()}
            for descriptor in devices.values():
                syncfs(descriptor)
            return
        for area in self._areas.values():
            for below, files in area.files.items():
                folder = area.made[below] if below else area.staging
                for name in files:
                    _fsync_at(folder, name)
            for descriptor in (*area.made.values(), area.staging):
                os.fsync(descriptor)

    def _publish_area(self, area: _Area) -> Iterator[Published]:
        yield from self._name_files(area, (), area.staging, area.folder)
        for below in sorted(area.made, key=len):
            if len(below) == 1:
                yield from self._name_folder(area, below, area.staging, area.folder)

    def _name_folder(self, area: _Area, below: Parts, source: int,
                     target: int) -> Iterator[Published]:
        """Give the staged folder `below` its name in `target` whole; when that name is
        taken (or cannot be given so), its files (and folders) one by one."""
        name = below[-1]
        taken: frozenset[str] = frozenset()
        try:
            whole = _rename_noreplace(source, name, target, name)
        except FileExistsError:
            swapped = self._swap(area, below, source, target)
            whole, taken = swapped is not None, swapped or taken
        except OSError as exc:
            exc.filename = str(self.root.joinpath(*area.parts, *below))
            raise
        if whole:
            self._named[target] = None
            for inside, files in area.files.items():
                if inside[:len(below)] == below:
                    yield from ((area.parts + inside, file,
                                 Outcome.TAKEN if inside == below and file in taken
                                 else Outcome.NAMED) for file in files)
            if area.left is not None:
                raise area.left
            return
        destination = area.parts + below
        with open_folder(self.root, destination, create=True) as (folder, _created):
            staged = area.made[below]
            yield from self._name_files(area, below, staged, folder)
            for deeper in sorted(area.made, key=len):
                if len(deeper) == len(below) + 1 and deeper[:-1] == below:
                    yield from self._name_folder(area, deeper, staged, folder)
            os.fsync(folder)  # now: it is closed next
            self._named.pop(folder, None)

    def _swap(self, area: _Area, below: Parts, source: int, target: int
              ) -> frozenset[str] | None:
        """Put the staged folder `below` in the place of the existing one of its name in
        `target`, with the existing files linked in (see the module's docstring); the
        names of staged files that someone else gave meanwhile (Outcome.TAKEN), or None
        when the folders are not swapped (then the files are named one by one)."""
        if any(len(made) > len(below) and made[:len(below)] == below for made in area.made):
            return None  # folders inside: named one by one
        name = below[-1]
        try:
            existing = os.open(name, _FOLDER_FLAGS, dir_fd=target)
        except OSError:
            return None  # not a folder, or a link: told when named one by one
        try:
            staged = area.made[below]
            ours = area.files.get(below, {})
            if not _link_in(existing, staged, ours) or not _exchange(source, target, name):
                return None
        finally:
            os.close(existing)
        self._named[target] = None
        try:  # what was there (or has just taken its place) is in the staging folder now
            return _empty_swapped_out(staged, ours, source, name)
        except OSError as exc:  # told as what it left: a folder not empty
            area.left = OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY),
                                str(self.root.joinpath(*area.parts, _kept_name(area), name)))
            area.left.__cause__ = exc
            return frozenset()

    def _name_files(self, area: _Area, below: Parts, source: int,
                    target: int) -> Iterator[Published]:
        """Give each file staged directly in `below` its name in `target`."""
        destination = area.parts + below
        for name, data in area.files.get(below, {}).items():
            try:
                named = _name_file(source, target, name, data)
            except OSError as exc:
                exc.filename = str(self.root.joinpath(*destination, name))
                raise
            if named:
                self._named[target] = None
            yield destination, name, Outcome.NAMED if named else Outcome.TAKEN

    def close(self) -> None:
        """Remove what was staged and not published; close the folders (unlocking)."""
        self._wait_for_flush()  # it uses a folder about to be closed
        self._stack.close()

    def __enter__(self) -> StagedFiles:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


def _inside(area: _Area, parts: Parts) -> bool:
    """Whether the folder root/parts... is below the one `area` is in."""
    return len(parts) > len(area.parts) and parts[:len(area.parts)] == area.parts


def _link_in(existing: int, staged: int, ours: dict[str, bytes]) -> bool:
    """Hard-link every file of the folder `existing` into the folder `staged`, which takes
    its mode and group, and make that durable; False (and nothing linked) when the folder
    is not worth swapping or cannot be (see the module's docstring)."""
    info, staged_info = os.fstat(existing), os.fstat(staged)
    if info.st_uid != os.geteuid() or info.st_dev != staged_info.st_dev \
            or _has_attributes(existing):
        return False
    with os.scandir(existing) as entries:
        found = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
    if 2 * len(found) > len(ours) or any(
            is_folder or entry.startswith(LOFTE_HIDDEN) or entry in ours
            for entry, is_folder in found):
        return False
    linked: list[str] = []
    try:
        for entry, _is_folder in found:
            os.link(entry, entry, src_dir_fd=existing, dst_dir_fd=staged,
                    follow_symlinks=False)
            linked.append(entry)
        if stat.S_IMODE(staged_info.st_mode) != stat.S_IMODE(info.st_mode):
            os.fchmod(staged, stat.S_IMODE(info.st_mode))
        if staged_info.st_gid != info.st_gid:
            os.fchown(staged, -1, info.st_gid)
        os.fsync(staged)
    except OSError:  # no hard links here, or not to these files: one by one
        _unlink_all(staged, linked)
        return False
    return True


def _has_attributes(folder: int) -> bool:
    """Whether the folder has extended attributes (an ACL, a label) a new one would lack."""
    try:
        return bool(os.listxattr(folder))
    except (OSError, AttributeError):
        return False


def _exchange(source: int, target: int, name: str) -> bool:
    """Trade the places of `source`/name (staged) and `target`/name in one step; False
    when not done (nothing changed)."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    encoded = os.fsencode(name)
    # Fails when there is no such rename here, or when the name has gone meanwhile.
    return renameat2(source, encoded, target, encoded, _RENAME_EXCHANGE) == 0


def _empty_swapped_out(new: int, ours: dict[str, bytes], parent: int, name: str
                       ) -> frozenset[str]:
    """Empty the folder `parent`/name, swapped out, into `new` and remove it (see the
    module's docstring); the names of `ours` that someone else gave meanwhile. Raises
    OSError when it cannot be emptied."""
    old = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
    try:
        return _sweep(old, new, ours, parent, name)
    finally:
        os.close(old)


def _sweep(old: int, new: int, ours: dict[str, bytes], parent: int, name: str
           ) -> frozenset[str]:
    taken: set[str] = set()
    for _round in range(_SWEEPS):
        with os.scandir(old) as entries:
            found = [entry.name for entry in entries]
        for entry in found:
            try:
                was = os.stat(entry, dir_fd=old, follow_symlinks=False)
            except FileNotFoundError:
                continue
            try:
                now = os.stat(entry, dir_fd=new, follow_symlinks=False)
            except FileNotFoundError:
                now = None
            # Comparing and unlinking are two steps (there is no compare-and-unlink): a file
            # replaced in between, through a folder held open since before the exchange,
            # would lose its new version. lofte's writers never replace a file.
            if entry.startswith(LOFTE_HIDDEN) or (
                    now is not None and (now.st_dev, now.st_ino) == (was.st_dev, was.st_ino)):
                os.unlink(entry, dir_fd=old)  # in the new folder, or an unfinished write
            elif now is None:
                with suppress(FileExistsError):  # arrived there too: the next round
                    _rename_noreplace(old, entry, new, entry)
            else:  # given or replaced meanwhile: newer than what is in the new folder
                os.rename(entry, entry, src_dir_fd=old, dst_dir_fd=new)
                if entry in ours:
                    taken.add(entry)
        try:
            os.rmdir(name, dir_fd=parent)
        except OSError as exc:
            if exc.errno not in (errno.ENOTEMPTY, errno.EEXIST):
                raise
        else:
            return frozenset(taken)
    raise OSError(errno.ENOTEMPTY, os.strerror(errno.ENOTEMPTY))


def _unlink_all(folder: int, names: list[str]) -> None:
    for name in names:
        with suppress(OSError):
            os.unlink(name, dir_fd=folder)


def _fsync_at(folder: int, name: str) -> None:
    descriptor = os.open(name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
                         | getattr(os, "O_CLOEXEC", 0), dir_fd=folder)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _name_file(source: int, target: int, name: str, data: bytes) -> bool:
    """Move the staged file `name` from `source` to `target`, never replacing anything;
    False when the name is taken there."""
    try:
        if _rename_noreplace(source, name, target, name):
            return True
    except FileExistsError:
        return False
    try:  # no such rename here: a hard link, as `lofte log` names a file
        os.link(name, name, src_dir_fd=source, dst_dir_fd=target, follow_symlinks=False)
    except FileExistsError:
        return False
    except OSError as exc:
        if exc.errno not in NO_HARD_LINKS and exc.errno != errno.EXDEV:
            raise
        return _create_at(target, name, data)
    with suppress(OSError):
        os.unlink(name, dir_fd=source)
    return True


def _create_at(folder: int, name: str, data: bytes) -> bool:
    """Without hard links: create `name` exclusively and write it (False: name taken)."""
    try:
        create_exclusive_at(folder, name, data)
    except FileExistsError:
        return False
    return True


def _rename_noreplace(source: int, name: str, target: int, new_name: str) -> bool:
    """Rename without ever replacing: True when done, False when there is no such rename
    here. Raises FileExistsError when the new name is taken, or OSError."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if renameat2(source, os.fsencode(name), target, os.fsencode(new_name),
                 _RENAME_NOREPLACE) == 0:
        return True
    import ctypes  # noqa: PLC0415 - loaded by _renameat2 already

    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
        return False  # this file system cannot (or the target is on another): link instead
    raise OSError(code, os.strerror(code), new_name)


@functools.cache
def _renameat2() -> Callable[[int, bytes, int, bytes, int], int] | None:
    """`renameat2(2)` of the C library, where there is one (Linux, glibc 2.28 or newer)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # noqa: PLC0415 - only for an import

    try:
        function = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                         ctypes.c_uint]
    function.restype = ctypes.c_int
    return function


def _lock(descriptor: int, *, wait: bool) -> bool:
    """Lock a staging folder for this process's lifetime; False when someone holds it."""
    try:
        import fcntl  # noqa: PLC0415 - not on Windows
    except ImportError:
        return wait  # no locks here: a staging folder is never taken for stale
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


def remove_stale(folder: int) -> None:
    """Remove the staging folders in `folder` whose import no longer runs (unlocked)."""
    with os.scandir(folder) as entries:
        stale = [entry.name for entry in entries
                 if entry.name.startswith(STAGING_PREFIX) and entry.name.endswith(STAGING_SUFFIX)
                 and entry.is_dir(follow_symlinks=False)]
    for name in stale:
        try:
            descriptor = os.open(name, _FOLDER_FLAGS, dir_fd=folder)
        except OSError:
            continue
        try:
            if _lock(descriptor, wait=False):
                _remove_tree(folder, name)
        finally:
            os.close(descriptor)


def _remove_unless_kept(area: _Area) -> None:
    """Remove a staging folder, or, when it holds what no one else has, give it a name
    that no import removes."""
    if area.left is None:
        _remove_tree(area.folder, area.name)
        return
    with suppress(OSError):
        os.rename(area.name, _kept_name(area), src_dir_fd=area.folder,
                  dst_dir_fd=area.folder)


def _kept_name(area: _Area) -> str:
    return area.name.removesuffix(STAGING_SUFFIX) + KEPT_SUFFIX


def _remove_tree(parent: int, name: str) -> None:
    """Remove the folder `name` in `parent` and all in it, never following a link."""
    try:
        folder = os.open(name, _FOLDER_FLAGS, dir_fd=parent)
    except OSError:
        return
    try:
        with os.scandir(folder) as entries:
            inside = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in entries]
        for child, is_folder in inside:
            if is_folder:
                _remove_tree(folder, child)
            else:
                with suppress(OSError):
                    os.unlink(child, dir_fd=folder)
    finally:
        os.close(folder)
    with suppress(OSError):
        os.rmdir(name, dir_fd=parent)
