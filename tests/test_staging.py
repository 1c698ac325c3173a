"""Many new files at once (`lofte import`): staged, hidden, then named together."""

from __future__ import annotations

import ctypes
import datetime as dt
import errno
import fcntl
import multiprocessing
import os
from pathlib import Path

import pytest

from lofte.domain.models import Activity
from lofte.storage import activity_writer as writer
from lofte.storage import staging
from lofte.storage.boundary import NotAFolder
from lofte.storage.listing import list_activity_files


def prepared_many(root: Path, count: int, *, years: tuple[int, ...] = (2023, 2024)
                  ) -> list[writer.ActivityFile]:
    """`count` new activities, taking turns between the `years`."""
    return [writer.prepare_activity_file(root, Activity.model_validate({
        "date": dt.date(years[n % len(years)], 3, 14), "commitment": ["trafikkontroller"],
        "summary": f"Hastighetskontroll nummer {n}.", "by": ["polisen"]}))
        for n in range(count)]


def names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def files_below(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def publish(root: Path, files: list[writer.ActivityFile]) -> list[tuple[Path, bool]]:
    with writer.ActivityBatch(root) as batch:
        for prepared in files:
            batch.stage(prepared)
        return [(prepared.path, named) for prepared, named in batch.publish()]


class Recorder:
    """The system calls of the writer that matter for durability, in order."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.events: list[str] = []
        real_fsync, real_rename = os.fsync, staging._rename_noreplace
        real_exchange = staging._exchange

        def fsync(descriptor: int) -> None:
            self.events.append("fsync")
            real_fsync(descriptor)

        def syncfs(descriptor: int) -> None:
            self.events.append("syncfs")
            real_fsync(descriptor)

        def rename(source: int, name: str, target: int, new_name: str) -> bool:
            self.events.append(f"rename {new_name}")
            return real_rename(source, name, target, new_name)

        def exchange(source: int, target: int, name: str) -> bool:
            self.events.append(f"exchange {name}")
            return real_exchange(source, target, name)

        monkeypatch.setattr(staging.os, "fsync", fsync)
        monkeypatch.setattr(staging, "find_syncfs", lambda: syncfs)
        monkeypatch.setattr(staging, "_rename_noreplace", rename)
        monkeypatch.setattr(staging, "_exchange", exchange)


def fill(folder: Path, count: int) -> list[Path]:
    """`count` files of someone else's in `folder` (made when missing)."""
    folder.mkdir(parents=True, exist_ok=True)
    made = [folder / f"2023-01-{n + 1:02}-annat-{n:06}.yaml" for n in range(count)]
    for path in made:
        path.write_text(f"summary: annat {path.name}\n", encoding="utf-8")
    return made


def test_nothing_is_in_the_ledger_before_publish(tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    files = prepared_many(tmp_path, 30)
    with writer.ActivityBatch(tmp_path) as batch:
        for prepared in files:
            batch.stage(prepared)
        assert not any(p.path.exists() for p in files)
        assert list_activity_files(tmp_path).files == []  # a staging folder is never read
        [hidden] = names(tmp_path / "activities")
        assert hidden.startswith(".lofte-import-") and hidden.endswith(".tmp")
        assert names(tmp_path / "activities" / hidden) == ["2023", "2024"]
        published = [(prepared.path, named) for prepared, named in batch.publish()]
    assert sorted(published) == sorted((p.path, True) for p in files)
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]
    assert files_below(tmp_path) == sorted(str(p.path.relative_to(tmp_path)) for p in files)
    assert names(tmp_path / "activities") == ["2023", "2024"]


def test_a_missing_folder_gets_its_name_whole_after_one_barrier(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    theirs = fill(tmp_path / "activities" / "2023", 11)  # 2024 is missing
    files = prepared_many(tmp_path, 40)
    recorder = Recorder(monkeypatch)
    publish(tmp_path, files)
    events = recorder.events
    # one barrier; 2023 is there with more than half as many files as it gets, so its 20
    # files are named one by one and the folder fsynced; then 2024 whole, and the folder
    # that got it fsynced
    assert events[0] == "syncfs"
    assert events[1:22] == ["rename 2023"] + [f"rename {p.path.name}" for p in files[0::2]]
    assert events[22:] == ["fsync", "rename 2024", "fsync"]
    assert len(files_below(tmp_path)) == 40 + len(theirs)


def test_a_few_files_are_fsynced_each(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(tmp_path / "activities" / "2023", 2)
    files = prepared_many(tmp_path, 3, years=(2023,))
    recorder = Recorder(monkeypatch)
    publish(tmp_path, files)
    # each file, its folder in the staging folder and the staging folder, before any name;
    # 2023 is there (not renamed whole) with too many files to swap, so the files are named
    # in it; it is fsynced after
    assert recorder.events == ["fsync"] * 5 + ["rename 2023"] + [
        f"rename {p.path.name}" for p in files] + ["fsync"]
    assert len(files_below(tmp_path)) == 5


def test_a_folder_with_few_files_is_swapped_for_one_with_them_all(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    year = tmp_path / "activities" / "2023"
    theirs = fill(year, 3)
    (year / ".gitkeep").write_bytes(b"")
    year.chmod(0o750)
    before = {path.name: path.stat().st_ino for path in year.iterdir()}
    files = prepared_many(tmp_path, 20, years=(2023,))  # made durable by one syncfs
    recorder = Recorder(monkeypatch)
    assert all(named for _path, named in publish(tmp_path, files))
    # the new folder has every file before it takes the name, in one step; then the
    # folder of the ledger that changed is fsynced
    assert recorder.events == ["syncfs", "rename 2023", "fsync", "exchange 2023", "fsync"]
    assert names(year) == sorted([*before, *(p.path.name for p in files)])
    # the files that were there are the same files (linked, not copied), once each
    assert {name: (year / name).stat().st_ino for name in before} == before
    assert all((year / name).stat().st_nlink == 1 for name in before)
    assert [p.read_text(encoding="utf-8") for p in theirs] == [
        f"summary: annat {p.name}\n" for p in theirs]
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]
    assert year.stat().st_mode & 0o777 == 0o750
    assert names(tmp_path / "activities") == ["2023"]  # the staging folder is gone


@pytest.mark.parametrize("inside", ["a folder", "a temporary file of lofte log"])
def test_a_folder_holding_more_than_files_is_not_swapped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inside: str) -> None:
    year = tmp_path / "activities" / "2023"
    year.mkdir(parents=True)
    if inside == "a folder":
        (year / "bilder").mkdir()
    else:
        (year / ".lofte-0123abcd.tmp").write_bytes(b"summary: halv")
    files = prepared_many(tmp_path, 6, years=(2023,))
    recorder = Recorder(monkeypatch)
    assert all(named for _path, named in publish(tmp_path, files))
    assert "exchange 2023" not in recorder.events
    assert len(names(year)) == 7


def test_a_folder_with_an_extended_attribute_keeps_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    year = tmp_path / "activities" / "2023"
    year.mkdir(parents=True)
    try:
        os.setxattr(year, "user.lofte-test", b"kept")
    except OSError:
        pytest.skip("this file system keeps no user attributes")
    files = prepared_many(tmp_path, 6, years=(2023,))
    recorder = Recorder(monkeypatch)
    assert all(named for _path, named in publish(tmp_path, files))
    assert "exchange 2023" not in recorder.events  # a new folder would not have it
    assert os.getxattr(year, "user.lofte-test") == b"kept"
    assert len(names(year)) == 6


def test_where_the_files_there_cannot_be_linked_the_new_ones_are_named_one_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    year = tmp_path / "activities" / "2023"
    theirs = fill(year, 2)
    real_link = os.link
    calls: list[str] = []

    def link(source: str, target: str, **options: object) -> None:
        calls.append(source)
        if len(calls) == 2:  # the second of the files there (another user's, say)
            raise OSError(errno.EPERM, "Operation not permitted")
        real_link(source, target, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(staging.os, "link", link)
    files = prepared_many(tmp_path, 6, years=(2023,))
    assert all(named for _path, named in publish(tmp_path, files))
    assert len(calls) == 2
    assert names(year) == sorted([*(p.name for p in theirs), *(p.path.name for p in files)])
    assert all(path.stat().st_nlink == 1 for path in theirs)  # no link of theirs is left
    assert names(tmp_path / "activities") == ["2023"]


def test_a_file_where_a_year_folder_belongs_is_told(tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    (tmp_path / "activities" / "2023").write_text("not a folder\n", encoding="utf-8")
    with pytest.raises(NotAFolder):
        publish(tmp_path, prepared_many(tmp_path, 4, years=(2023,)))
    assert (tmp_path / "activities" / "2023").read_text(encoding="utf-8") == "not a folder\n"
    assert names(tmp_path / "activities") == ["2023"]


def test_a_file_that_arrives_while_the_old_folder_is_emptied_is_moved_over(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    year = tmp_path / "activities" / "2023"
    fill(year, 1)
    real_rmdir = os.rmdir
    late = "2023-02-02-annat-fedcba.yaml"

    def rmdir(name: str, *, dir_fd: int) -> None:
        if dir_fd != -1 and name == "2023" and not (year / late).exists():
            old = os.open(name, os.O_RDONLY, dir_fd=dir_fd)  # the folder swapped out
            try:
                descriptor = os.open(late, os.O_WRONLY | os.O_CREAT, dir_fd=old)
                os.write(descriptor, b"summary: sent\n")
                os.close(descriptor)
            finally:
                os.close(old)
        real_rmdir(name, dir_fd=dir_fd)

    monkeypatch.setattr(staging.os, "rmdir", rmdir)
    files = prepared_many(tmp_path, 6, years=(2023,))
    assert all(named for _path, named in publish(tmp_path, files))
    assert (year / late).read_text(encoding="utf-8") == "summary: sent\n"
    assert len(names(year)) == 8
    assert names(tmp_path / "activities") == ["2023"]


def test_where_folders_cannot_trade_places_the_files_are_named_one_by_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    year = tmp_path / "activities" / "2023"
    theirs = fill(year, 1)
    monkeypatch.setattr(staging, "_RENAME_EXCHANGE", 1 << 30)  # a flag no kernel knows
    files = prepared_many(tmp_path, 6, years=(2023,))
    assert all(named for _path, named in publish(tmp_path, files))
    assert names(year) == sorted([theirs[0].name, *(p.path.name for p in files)])
    assert theirs[0].stat().st_nlink == 1  # its link in the staging folder is gone with it
    assert names(tmp_path / "activities") == ["2023"]


def test_what_arrives_in_a_folder_while_it_is_swapped_is_kept(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    year = tmp_path / "activities" / "2023"
    [edited] = fill(year, 1)
    files = prepared_many(tmp_path, 6, years=(2023,))
    logged = files[2]
    arrived = year / "2023-02-01-annat-abcdef.yaml"
    real_exchange = staging._exchange

    def exchange(source: int, target: int, name: str) -> bool:
        # between the links and the swap: a file logged, the same activity as one of the
        # import's logged, a file saved again (replaced), and a log half-way
        arrived.write_text("summary: ny\n", encoding="utf-8")
        logged.path.write_bytes(logged.data)
        replacement = year / "replacement"
        replacement.write_text("summary: ändrad\n", encoding="utf-8")
        replacement.replace(edited)
        (year / ".lofte-0123abcd.tmp").write_bytes(b"summary: halv")
        return real_exchange(source, target, name)

    monkeypatch.setattr(staging, "_exchange", exchange)
    published = dict(publish(tmp_path, files))
    assert published == {p.path: p is not logged for p in files}
    assert names(year) == sorted([edited.name, arrived.name, *(p.path.name for p in files)])
    assert edited.read_text(encoding="utf-8") == "summary: ändrad\n"
    assert arrived.read_text(encoding="utf-8") == "summary: ny\n"
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]
    assert names(tmp_path / "activities") == ["2023"]


def test_a_folder_swapped_out_that_cannot_be_emptied_is_kept_and_the_import_fails(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    year = tmp_path / "activities" / "2023"
    year.mkdir(parents=True)
    files = prepared_many(tmp_path, 4, years=(2023,))
    real_exchange = staging._exchange

    def exchange(source: int, target: int, name: str) -> bool:
        (year / files[0].path.name).mkdir()  # a folder under a name the import gives a file
        (year / files[0].path.name / "a.yaml").write_text("summary: x\n", encoding="utf-8")
        return real_exchange(source, target, name)

    monkeypatch.setattr(staging, "_exchange", exchange)
    with pytest.raises(OSError) as failed:
        publish(tmp_path, files)
    [kept] = [p for p in (tmp_path / "activities").iterdir() if p.name != "2023"]
    assert kept.name.startswith(".lofte-import-") and kept.name.endswith(".kept")
    assert failed.value.filename == str(kept / "2023")
    assert (kept / "2023" / files[0].path.name / "a.yaml").read_text(
        encoding="utf-8") == "summary: x\n"
    assert sorted(names(year)) == sorted(p.path.name for p in files)


def test_a_folder_made_meanwhile_gets_the_files_one_by_one(tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    files = prepared_many(tmp_path, 20, years=(2024,))
    with writer.ActivityBatch(tmp_path) as batch:
        for prepared in files:
            batch.stage(prepared)
        logged = files[3]
        writer.create_activity_file(logged)  # `lofte log` of the same activity, meanwhile
        other = tmp_path / "activities" / "2024" / "2024-03-14-annat-abcdef.yaml"
        other.write_text("summary: x\n", encoding="utf-8")
        published = dict(batch.publish())
    assert published[logged] is False  # already logged
    assert all(published[p] for p in files if p is not logged)
    assert other.read_text(encoding="utf-8") == "summary: x\n"
    assert len(files_below(tmp_path)) == 21
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]


def test_a_name_taken_by_other_content_is_never_replaced(tmp_path: Path) -> None:
    (tmp_path / "activities" / "2024").mkdir(parents=True)
    files = prepared_many(tmp_path, 5, years=(2024,))
    files[2].path.write_text("other\n", encoding="utf-8")  # a six-digit hash collision
    named: list[Path] = []
    with writer.ActivityBatch(tmp_path) as batch, pytest.raises(writer.NameTaken) as taken:
        for prepared in files:
            batch.stage(prepared)
        named.extend(prepared.path for prepared, _named in batch.publish())
    assert taken.value.path == files[2].path
    assert files[2].path.read_text(encoding="utf-8") == "other\n"
    assert named == [files[0].path, files[1].path]
    assert names(tmp_path / "activities" / "2024") == sorted(
        p.path.name for p in files[:3])  # the staging folder is gone


def test_closing_without_publish_leaves_the_ledger_as_it_was(tmp_path: Path) -> None:
    (tmp_path / "activities" / "2023").mkdir(parents=True)
    with writer.ActivityBatch(tmp_path) as batch:
        for prepared in prepared_many(tmp_path, 10):
            batch.stage(prepared)
    assert files_below(tmp_path) == []
    assert names(tmp_path / "activities") == ["2023"]
    assert names(tmp_path / "activities" / "2023") == []


def test_without_a_rename_that_keeps_what_it_finds_links_are_used(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "activities" / "2023").mkdir(parents=True)
    monkeypatch.setattr(staging, "_renameat2", lambda: None)
    files = prepared_many(tmp_path, 20)
    assert all(named for _path, named in publish(tmp_path, files))
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]
    assert all(p.path.stat().st_nlink == 1 for p in files)
    assert names(tmp_path / "activities") == ["2023", "2024"]


def test_without_hard_links_the_files_are_created_exclusively(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "activities").mkdir()
    monkeypatch.setattr(staging, "_renameat2", lambda: None)

    def no_hard_links(*_args: object, **_options: object) -> None:
        raise OSError(1, "Operation not permitted")

    monkeypatch.setattr(staging.os, "link", no_hard_links)
    files = prepared_many(tmp_path, 4)
    assert all(named for _path, named in publish(tmp_path, files))
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]


def test_a_staging_folder_left_by_a_killed_import_is_removed_by_the_next(
        tmp_path: Path) -> None:
    activities = tmp_path / "activities"
    left = activities / ".lofte-import-0123456789abcdef.tmp"
    (left / "2024").mkdir(parents=True)
    (left / "2024" / "2024-03-14-x-000000.yaml").write_text("summary: x\n", encoding="utf-8")
    publish(tmp_path, prepared_many(tmp_path, 2))
    assert not left.exists()
    assert names(activities) == ["2023", "2024"]


def test_a_staging_folder_in_use_is_left_alone(tmp_path: Path) -> None:
    activities = tmp_path / "activities"
    busy = activities / ".lofte-import-fedcba9876543210.tmp"
    busy.mkdir(parents=True)
    (busy / "a.yaml").write_text("summary: x\n", encoding="utf-8")
    held = os.open(busy, os.O_RDONLY)
    try:
        fcntl.flock(held, fcntl.LOCK_EX)  # another import, still running
        publish(tmp_path, prepared_many(tmp_path, 2))
        assert (busy / "a.yaml").exists()
    finally:
        os.close(held)
    assert names(activities) == [busy.name, "2023", "2024"]



def test_the_disk_writes_while_files_are_still_staged(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "activities").mkdir()
    monkeypatch.setattr(staging, "FLUSH_EVERY", 5)
    recorder = Recorder(monkeypatch)
    files = prepared_many(tmp_path, 20)
    with writer.ActivityBatch(tmp_path) as batch:
        for prepared in files[:7]:
            batch.stage(prepared)
        batch._files._wait_for_flush()
        assert recorder.events == ["syncfs"]  # after the 5th, in a thread
        assert not any(p.path.exists() for p in files)
        for prepared in files[7:]:
            batch.stage(prepared)
        assert all(named for _file, named in batch.publish())
    assert recorder.events[-4:] == ["syncfs", "rename 2023", "rename 2024", "fsync"]
    assert 2 <= recorder.events.count("syncfs") <= 5  # the barrier's, and 1 to 4 early


def test_a_failed_early_flush_fails_the_barrier(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "activities").mkdir()
    monkeypatch.setattr(staging, "FLUSH_EVERY", 5)

    def broken(descriptor: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(staging, "find_syncfs", lambda: broken)
    files = prepared_many(tmp_path, 8)
    with writer.ActivityBatch(tmp_path) as batch, pytest.raises(OSError, match="Input/output"):
        for prepared in files:
            batch.stage(prepared)
        list(batch.publish())
    assert files_below(tmp_path) == []
    assert names(tmp_path / "activities") == []


def test_a_year_folder_on_another_file_system_gets_copies(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "activities" / "2023").mkdir(parents=True)

    def cross_device(*_args: object, **_options: object) -> int:
        ctypes.set_errno(errno.EXDEV)  # as renameat2 fails, read by _rename_noreplace
        return -1

    def no_link_across(*_args: object, **_options: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(staging, "_renameat2", lambda: cross_device)
    monkeypatch.setattr(staging.os, "link", no_link_across)
    files = prepared_many(tmp_path, 6)
    assert all(named for _path, named in publish(tmp_path, files))
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]
    assert names(tmp_path / "activities") == ["2023", "2024"]


def test_files_staged_by_worker_processes_are_named_with_the_rest(tmp_path: Path) -> None:
    (tmp_path / "activities" / "2023").mkdir(parents=True)
    files = prepared_many(tmp_path, 12)
    mine, theirs = files[:4], files[4:]
    context = multiprocessing.get_context("fork")
    with writer.ActivityBatch(tmp_path) as batch:
        batch.share()  # before the fork
        outcomes = context.Queue()

        def work() -> None:  # a worker: stages its files, and one of them twice
            outcomes.put([batch.stage_shared(p) for p in [*theirs, theirs[0]]])

        worker = context.Process(target=work)
        worker.start()
        worker.join()
        assert outcomes.get(timeout=10) == [True] * len(theirs) + [False]
        for prepared in mine:
            batch.stage(prepared)
        for prepared in theirs:
            batch.adopt(prepared)
        [hidden] = [n for n in names(tmp_path / "activities") if n.startswith(".")]
        assert names(tmp_path / "activities" / hidden) == ["2023", "2024"]
        assert not any(p.path.exists() for p in files)
        assert all(named for _file, named in batch.publish())
    assert [p.path.read_bytes() for p in files] == [p.data for p in files]
    assert names(tmp_path / "activities") == ["2023", "2024"]


def test_a_file_a_worker_cannot_stage_is_left_to_its_maker(tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    [prepared] = prepared_many(tmp_path, 1)
    with writer.ActivityBatch(tmp_path) as batch:
        assert batch.stage_shared(prepared) is None  # nothing shared
        batch.share()
        outside = writer.ActivityFile(tmp_path / "other" / "x.yaml", "summary: x\n", tmp_path)
        assert batch.stage_shared(outside) is None  # not below activities/


def test_a_temporary_file_of_lofte_log_is_told_by_its_name() -> None:
    # what a swap never links, and removes from a folder swapped out
    assert writer.TEMP_PREFIX.startswith(staging.LOFTE_HIDDEN)
    assert staging.STAGING_PREFIX.startswith(staging.LOFTE_HIDDEN)
