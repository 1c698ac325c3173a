"""Messages about files that cannot be read as YAML say what is wrong and what to do
(issue 10, "Unclear messages"): escapes that are no character, sockets, pipes and devices
with a YAML name, and a commitments.yaml over the size limit."""

from __future__ import annotations

import os
import socket
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from lofte.storage.textfile import MAX_FILE_BYTES, read_text
from lofte.storage.yamlsafe import parse_yaml
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

# --- escapes in double-quoted strings -----------------------------------------------------


@pytest.mark.parametrize(("text", "column", "says"), [
    ('a: "\\uD800"', 5, "`\\uD800` is a lone surrogate escape, not a character; remove it"),
    ('a: "x \\udfff y"', 7, "`\\udfff` is a lone surrogate escape"),
    ('a: "\\U0000DC00"', 5, "`\\U0000DC00` is a lone surrogate escape"),
    ('a: "\\uDE00\\uD83D"', 5, "`\\uDE00` is a lone surrogate escape"),  # the wrong order
    ('a: "\\uD83D\\uDE00"', 5, "`\\uD83D\\uDE00` is a surrogate pair, which YAML does not "
                               "read as one character; replace it with `\\U0001F600`"),
    ('a: "\\U00110000"', 5, "`\\U00110000` is beyond the last Unicode character, U+10FFFF"),
    ('a: "C:\\Users"', 7, "`\\U` is not an escape YAML knows; to write a backslash, double it"),
    ('a: "\\q"', 5, "`\\q` is not an escape YAML knows"),
    ('a: "\\xZZ"', 5, "`\\x` is not an escape YAML knows"),
])
def test_an_escape_that_is_no_character_is_named(text: str, column: int, says: str) -> None:
    [problem] = parse_yaml(text).problems
    assert (problem.line, problem.column, problem.code) == (1, column, "yaml-syntax")
    assert says in problem.message
    assert "close the quotes" not in problem.message


def test_quotes_left_open_still_get_the_hint() -> None:
    [problem] = parse_yaml('a: "open').problems
    assert problem.message.endswith("; close the quotes")


def test_a_surrogate_escape_in_an_activity(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"a.yaml": 'date: 2024-03-14\ncommitment: fotpatrullering\n'
                                  'summary: "Fotpatrull \\uD800 vid torget."\n'})
    result = invoke("check", cwd=root)
    assert result.exit_code == 1
    assert ("activities/a.yaml:3:22: error[yaml-syntax]: `\\uD800` is a lone surrogate "
            "escape, not a character; remove it, or replace it with the character itself"
            in result.stdout)


# --- what is not a regular file -----------------------------------------------------------


@pytest.fixture
def short_tmp() -> Iterator[Path]:
    """A folder with a short path: a socket's path must fit in about 100 bytes."""
    import tempfile
    with tempfile.TemporaryDirectory(prefix="lofte") as folder:
        yield Path(folder)


def _socket_at(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    return server


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_is_not_a_regular_file(short_tmp: Path) -> None:
    path = short_tmp / "s.yaml"
    with _socket_at(path):
        [problem] = read_text(path).problems
    assert problem.code == "unreadable"
    assert problem.message == ("cannot read this: it is a socket, not a regular file; remove "
                               "it, or replace it with a YAML file")
    assert "No such device" not in problem.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_a_named_pipe_is_never_opened(tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    os.mkfifo(path)
    result: list[str] = []
    reader = threading.Thread(target=lambda: result.extend(
        p.message for p in read_text(path).problems), daemon=True)
    reader.start()
    reader.join(timeout=60)  # a generous bound on a hang, not a timing assertion
    if reader.is_alive():  # it blocks: let it go by opening the pipe for writing
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail("reading a named pipe blocked")
    assert result == ["cannot read this: it is a named pipe, not a regular file; remove it, "
                      "or replace it with a YAML file"]


def test_a_device_is_not_a_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    try:
        os.mknod(path, stat.S_IFCHR | 0o600, os.makedev(1, 3))  # /dev/null's numbers
    except (OSError, AttributeError):
        pytest.skip("cannot make a device node here")
    [problem] = read_text(path).problems
    assert "it is a device, not a regular file; remove it, or replace it with a YAML file" \
        in problem.message


@pytest.mark.skipif(not hasattr(socket, "AF_UNIX"), reason="no Unix sockets")
def test_a_socket_and_a_pipe_in_a_ledger(invoke: Invoke, short_tmp: Path) -> None:
    root = short_tmp
    (root / "commitments.yaml").write_text(MINI_COMMITMENTS, encoding="utf-8")
    (root / "activities").mkdir()
    os.mkfifo(root / "activities" / "p.yaml")
    with _socket_at(root / "activities" / "s.yaml"):
        result = invoke("check", cwd=root)
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "activities/p.yaml:1:1: error[unreadable]: cannot read this: it is a named pipe, "
        "not a regular file; remove it, or replace it with a YAML file",
        "activities/s.yaml:1:1: error[unreadable]: cannot read this: it is a socket, not a "
        "regular file; remove it, or replace it with a YAML file"]


# --- size ---------------------------------------------------------------------------------


def test_an_oversized_commitments_file_is_not_told_to_split(invoke: Invoke,
                                                            make_ledger: MakeLedger) -> None:
    padding = "# " + "x" * 98 + "\n"
    big = MINI_COMMITMENTS + padding * (MAX_FILE_BYTES // len(padding) + 1)
    root = make_ledger(commitments=big)
    result = invoke("check", cwd=root)
    assert result.exit_code == 1
    line = result.stdout.splitlines()[0]
    size = len(big.encode("utf-8"))
    assert line.startswith(f"commitments.yaml:1:1: error[file-too-large]: file is {size} "
                           f"bytes, over the limit of {MAX_FILE_BYTES} bytes (1 MiB); ")
    assert "commitments.yaml holds only the promise, the parties and the commitments: " \
        "activities belong in files under activities/" in line
    assert "split" not in line


def test_an_oversized_activity_file_is_still_told_to_split(tmp_path: Path) -> None:
    for name in ("x.yaml", "commitments.yaml"):  # under activities/, whatever its name
        path = tmp_path / "activities" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(b"#" * (MAX_FILE_BYTES + 1))
        [problem] = read_text(path).problems
        assert problem.message.endswith("; split it into smaller files")
