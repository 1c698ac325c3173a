"""Writing files whole or not at all.

- `write_bytes_atomic` replaces a file: a temporary file in the same folder, then a rename.
- `create_new_file` creates a file that must not exist yet, and never replaces one: a
  temporary file, then `link()`, which fails instead of overwriting (or, where the file
  system has no hard links, an exclusive create).
- `create_new_file_inside` does the same inside a ledger: the folder is opened from the
  ledger's root, never through a link that leads outside it (`lofte.storage.boundary`).
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
import tempfile
from contextlib import suppress
from pathlib import Path

from lofte.storage.boundary import open_folder, remove_created


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
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS})
_CREATE_FLAGS = (os.O_WRONLY | os.O_CREAT | os.O_EXCL
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
                if isinstance(exc, FileExistsError) or exc.errno not in _NO_HARD_LINKS:
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


def create_new_file_inside(root: Path, folder_parts: tuple[str, ...], name: str, data: bytes,
                           *, temp_prefix: str, temp_suffix: str) -> None:
    """`create_new_file` for root/folder_parts.../name, every folder on the way opened from
    `root` and kept inside it. Raises FileExistsError when the name is taken by anything (a
    file, a link, a pipe: nothing at the name is opened), OutsideLedger, NotAFolder or
    OSError."""
    with open_folder(root, folder_parts, create=True) as (folder, created):
        temporary = f"{temp_prefix}{secrets.token_hex(8)}{temp_suffix}"
        try:
            try:
                _write_new(temporary, data, folder)
                try:
                    os.link(temporary, name, src_dir_fd=folder, dst_dir_fd=folder,
                            follow_symlinks=False)
                except OSError as exc:
                    if isinstance(exc, FileExistsError) or exc.errno not in _NO_HARD_LINKS:
                        raise
                    _create_exclusive_at(folder, name, data)
            finally:
                with suppress(FileNotFoundError):
                    os.unlink(temporary, dir_fd=folder)
        except BaseException:
            remove_created(root, created)
            raise
        with suppress(OSError):
            os.fsync(folder)


def _create_exclusive_at(folder: int, name: str, data: bytes) -> None:
    """`_create_exclusive` relative to an open folder."""
    try:
        _write_new(name, data, folder)
    except FileExistsError:
        raise
    except BaseException:
        with suppress(OSError):
            os.unlink(name, dir_fd=folder)
        raise


def _write_new(path: Path | str, data: bytes, folder: int | None = None) -> None:
    """Write a file that must not exist yet (never through a link: O_EXCL), and fsync it."""
    descriptor = os.open(path, _CREATE_FLAGS, 0o666, dir_fd=folder)
    try:
        view = memoryview(data)
        while view:
            written = os.write(descriptor, view)
            view = view[written:]
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


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
