"""Writing files whole or not at all.

- `write_bytes_atomic` replaces a file: a temporary file in the same folder, then a rename.
- `create_new_file` creates a file that must not exist yet, and never replaces one: a
  temporary file, then `link()`, which fails instead of overwriting (or, where the file
  system has no hard links, an exclusive create).
- `NewFilesInside` does the same inside a ledger (`lofte log`): the folder is opened from
  the ledger's root, never through a link that leads outside it (`lofte.storage.boundary`).

One file
--------
Its bytes go to a hidden temporary name in the destination folder and are fsynced; the
file gets its final name with `link()`; the temporary name is removed; the folder is
fsynced. Whatever happens, the final name holds the whole content or does not exist. A
SIGKILL between creating and removing the temporary name can leave it behind
(`.lofte-*.tmp`: never read, not cleaned up automatically, belongs in .gitignore).

Many files (`lofte import`) are staged in hidden folders and named together once all of
them are durable: `lofte.storage.staging`. Its barrier is `syncfs()` (`find_syncfs`), not
an fsync per file: on the 2-core virtual machine of benchmarks/README.md, one fsync of a
small new file costs 0.7 to 4 ms (the disk's cache is flushed each time), so 10,000 files
would spend 7 to 40 s in fsync alone, against 1 s for `lofte check` of 10,000 files; one
`syncfs()` after writing them costs about 0.1 s.

A folder is opened (and checked to lie inside the ledger) once, not once per file. Were it
moved out of the ledger in the moment between opening the folder and naming the file, the
file would follow it; a link put in its place is never followed.
"""

from __future__ import annotations

import errno
import functools
import os
import re
import secrets
import stat
import sys
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Final

from lofte.storage.boundary import OpenFolders, remove_created


def write_bytes_atomic(path: Path, data: bytes, *, make_folders: bool = True) -> None:
    """Replace `path` with `data` whole: readers see the old file or the new one, never a
    part. Missing folders are created only with `make_folders`. Raises OSError when it
    cannot; then nothing is left behind."""
    if make_folders:
        path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600); give it the mode a plain write would.
        if hasattr(os, "fchmod"):  # not on Windows, where mkstemp's mode does no harm
            os.fchmod(fd, _mode_for(path))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _mode_for(path: Path) -> int:
    """The permissions of the file being replaced; for a new file, 0666 less the umask."""
    try:
        return stat.S_IMODE(path.stat().st_mode)
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_text_atomic(path: Path, text: str) -> None:
    """`write_bytes_atomic` for text: UTF-8, line ends exactly as in `text`."""
    write_bytes_atomic(path, text.encode("utf-8"))


# link() fails with these where the file system has no hard links (FAT, some network mounts).
NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS})
CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL
                 | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def create_new_file(final: Path, data: bytes, *, temp_prefix: str = ".lofte-",
                    temp_suffix: str = ".tmp") -> None:
    """Create `final` holding `data`, whole or not at all, never replacing anything.

    Folders that are missing are created, and removed again if nothing is written. Raises
    FileExistsError when the name is taken (whatever its content), or OSError.
    """
    folder = final.parent
    created = _make_folders(folder)
    temporary = folder / f"{temp_prefix}{secrets.token_hex(8)}{temp_suffix}"
    try:
        try:
            _write_new(temporary, data)
            try:
                os.link(temporary, final)
            except OSError as exc:
                if isinstance(exc, FileExistsError) or exc.errno not in NO_HARD_LINKS:
                    raise
                _create_exclusive(final, data)
        finally:
            with suppress(FileNotFoundError):
                temporary.unlink()
    except BaseException:
        for made in reversed(created):  # nothing written: leave no new empty folder
            with suppress(OSError):
                made.rmdir()
        raise
    fsync_folder(folder)


# From this many files on, the barrier of a batch is one syncfs() instead of an fsync of
# each (`lofte.storage.staging`).
SYNCFS_FROM: Final = 16


@dataclass(slots=True, eq=False)
class Staged:
    """A file written under a temporary name, waiting for its final name."""

    parts: tuple[str, ...]
    folder: int
    temporary: str
    name: str
    data: bytes
    descriptor: int | None  # open until the data is durable


class NewFilesInside:
    """New files inside a ledger (`lofte log`), each created whole or not at all, never
    replacing anything (see the module's docstring): `stage` writes a file under a hidden
    temporary name, `publish` fsyncs it and gives it its final name. Use as a context
    manager: closing removes the temporary files not published, fsyncs every folder that
    got a name, removes the folders it created where nothing was published (when empty),
    and closes the folders."""

    def __init__(self, root: Path, *, temp_prefix: str, temp_suffix: str) -> None:
        self.root = root
        self._folders = OpenFolders(root, create=True)
        self._prefix = temp_prefix
        self._suffix = temp_suffix
        self._unnamed: set[Staged] = set()  # staged, not yet named or given up
        self._named: dict[tuple[str, ...], int] = {}  # folders that got a name

    def folder(self, parts: tuple[str, ...]) -> int:
        """The open folder root/parts..., created when missing."""
        return self._folders.get(parts)

    def stage(self, parts: tuple[str, ...], name: str, data: bytes) -> Staged:
        """Write `data` under a temporary name in root/parts... (created when missing).
        Raises OutsideLedger, NotAFolder or OSError; then nothing of it is left."""
        folder = self.folder(parts)
        temporary = f"{self._prefix}{secrets.token_hex(8)}{self._suffix}"
        descriptor = os.open(temporary, CREATE_FLAGS, 0o666, dir_fd=folder)
        try:
            write_all(descriptor, data)
        except BaseException:
            os.close(descriptor)
            with suppress(OSError):
                os.unlink(temporary, dir_fd=folder)
            raise
        staged = Staged(parts, folder, temporary, name, data, descriptor)
        self._unnamed.add(staged)
        return staged

    def publish(self, staged: Staged) -> None:
        """Make the staged file's data durable and give it its final name. Raises
        FileExistsError when the name is taken by anything (nothing at the name is opened),
        or OSError; the temporary file is removed in every case."""
        folder = staged.folder
        try:
            if staged.descriptor is not None:
                os.fsync(staged.descriptor)
            try:
                os.link(staged.temporary, staged.name, src_dir_fd=folder, dst_dir_fd=folder,
                        follow_symlinks=False)
            except OSError as exc:
                if isinstance(exc, FileExistsError) or exc.errno not in NO_HARD_LINKS:
                    raise
                create_exclusive_at(folder, staged.name, staged.data)
        finally:
            self._give_up(staged)
        self._named[staged.parts] = folder

    def _give_up(self, staged: Staged) -> None:
        """Remove the temporary name (and close the file, if still open)."""
        if staged in self._unnamed:
            self._unnamed.remove(staged)
        else:
            return
        if staged.descriptor is not None:
            with suppress(OSError):
                os.close(staged.descriptor)
            staged.descriptor = None
        with suppress(OSError):
            os.unlink(staged.temporary, dir_fd=staged.folder)

    def close(self) -> None:
        try:
            for staged in list(self._unnamed):
                self._give_up(staged)
            for folder in self._named.values():
                with suppress(OSError):
                    os.fsync(folder)
            for parts, created in self._folders.created.items():
                if parts not in self._named:  # nothing written: leave no new empty folder
                    remove_created(self.root, created)
        finally:
            self._folders.close()

    def __enter__(self) -> NewFilesInside:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()


@functools.cache
def find_syncfs() -> Callable[[int], None] | None:
    """`syncfs(2)` where it is there and reports write errors (Linux 5.8 or newer)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes  # noqa: PLC0415 (only for a batch: `lofte log` does not pay for it)
    import platform  # noqa: PLC0415

    version = re.match(r"(\d+)\.(\d+)", platform.release())
    if version is None or (int(version[1]), int(version[2])) < (5, 8):
        return None
    try:
        function = ctypes.CDLL(None, use_errno=True).syncfs
    except (OSError, AttributeError):
        return None
    function.argtypes = [ctypes.c_int]
    function.restype = ctypes.c_int

    def syncfs(descriptor: int) -> None:
        if function(descriptor) != 0:
            code = ctypes.get_errno()
            raise OSError(code, os.strerror(code))

    return syncfs


def create_exclusive_at(folder: int, name: str, data: bytes, *, durable: bool = True) -> None:
    """Create `name` in the open `folder` holding `data` (O_EXCL: never through a link,
    never an existing file), fsynced when `durable`. Raises FileExistsError when the name
    is taken, or OSError; then nothing of it is left."""
    descriptor = os.open(name, CREATE_FLAGS, 0o666, dir_fd=folder)
    try:
        write_all(descriptor, data)
        if durable:
            os.fsync(descriptor)
    except BaseException:
        os.close(descriptor)
        with suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise
    os.close(descriptor)


def _write_new(path: Path | str, data: bytes, folder: int | None = None) -> None:
    """Write a file that must not exist yet (never through a link: O_EXCL), and fsync it."""
    descriptor = os.open(path, CREATE_FLAGS, 0o666, dir_fd=folder)
    try:
        write_all(descriptor, data)
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(descriptor, view)
        view = view[written:]


def _create_exclusive(final: Path, data: bytes) -> None:
    """Without hard links: create the final name exclusively and write it in place.

    Whole-or-nothing holds for failures that Python sees (the file is removed again);
    only a crash of the machine in the middle of this one small write could leave it short.
    """
    try:
        _write_new(final, data)
    except FileExistsError:
        raise
    except BaseException:
        with suppress(OSError):
            final.unlink()
        raise


def _make_folders(folder: Path) -> list[Path]:
    """Create `folder` and its missing parents, durably; those created, outermost first."""
    missing = [p for p in (folder, *folder.parents) if not p.exists()]
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        fsync_folder(created.parent)
    return list(reversed(missing))


def fsync_folder(folder: Path) -> None:
    """Make the folder's new entries durable (POSIX only; elsewhere a no-op)."""
    if os.name != "posix":
        return
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        with suppress(OSError):
            os.fsync(descriptor)
    finally:
        os.close(descriptor)
