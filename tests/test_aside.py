"""`parallel.aside`: one piece of work in a forked child process, its result the same as
without one, whatever happens to the child."""

from __future__ import annotations

import os
import signal
import threading
import time
from collections.abc import Callable
from typing import TypeVar

import pytest

from lofte.storage import parallel

pytestmark = pytest.mark.skipif(not parallel.can_fork() or parallel.cores() < 2,
                                reason="a child is forked on Linux with two cores")
T = TypeVar("T")


def started(compute: Callable[[], T]) -> parallel.Aside[T]:
    if threading.active_count() > 1:
        pytest.skip("another thread runs in this process: no child is forked")
    reading = parallel.aside(compute)
    assert reading is not None
    return reading


def test_the_result_is_worked_out_in_a_child() -> None:
    reading = started(lambda: (os.getpid(), ["rad", 2, None, 3.5]))
    with reading:
        pid, value = reading.result()
    assert pid != os.getpid()
    assert value == ["rad", 2, None, 3.5]


def test_an_exception_in_the_child_is_raised_here_as_without_one() -> None:
    calls: list[int] = []

    def compute() -> int:
        calls.append(os.getpid())
        raise ValueError("row 3 is not UTF-8 text")

    reading = started(compute)
    with reading, pytest.raises(ValueError, match="row 3 is not UTF-8 text"):
        reading.result()
    assert calls == [os.getpid()]  # the child's call left nothing here; this one raised


def test_a_killed_child_is_worked_out_again_here() -> None:
    def compute() -> int:
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        return 7

    parent = os.getpid()
    reading = started(compute)
    with reading:
        assert reading.result() == 7


def test_an_answer_that_cannot_be_sent_is_worked_out_again_here() -> None:
    def compute() -> object:
        return (lambda: "made here") if os.getpid() != parent else "made here"

    parent = os.getpid()
    reading = started(compute)
    with reading:
        assert reading.result() == "made here"


def ended_by(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The wait statuses of the children `parallel` reaps from now on."""
    statuses: list[int] = []
    real_waitpid = os.waitpid

    def waitpid(pid: int, options: int) -> tuple[int, int]:
        reaped = real_waitpid(pid, options)
        statuses.append(reaped[1])
        return reaped

    monkeypatch.setattr(os, "waitpid", waitpid)  # (the os module parallel uses)
    return statuses


def killed(status: int) -> bool:
    return os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL


def test_leaving_without_the_result_stops_the_child(monkeypatch: pytest.MonkeyPatch) -> None:
    reading = started(lambda: time.sleep(600))
    statuses = ended_by(monkeypatch)
    with reading:
        pid = reading._pid
    assert pid is not None
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(pid, os.WNOHANG)
    assert len(statuses) == 1 and killed(statuses[0])  # stopped, not waited for


def test_no_child_while_another_thread_runs() -> None:
    done = threading.Event()
    thread = threading.Thread(target=done.wait)
    thread.start()
    try:
        assert parallel.aside(lambda: 1) is None
    finally:
        done.set()
        thread.join()


def test_no_child_on_one_core(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "cores", lambda: 1)
    assert parallel.aside(lambda: 1) is None


def test_an_interruption_while_waiting_stops_the_child(
        monkeypatch: pytest.MonkeyPatch) -> None:
    reading = started(lambda: time.sleep(600))
    statuses = ended_by(monkeypatch)
    pid = reading._pid
    assert pid is not None

    def interrupt(_signal: int, _frame: object) -> None:
        raise KeyboardInterrupt

    before = signal.signal(signal.SIGALRM, interrupt)
    signal.setitimer(signal.ITIMER_REAL, 0.2)
    try:
        with reading, pytest.raises(KeyboardInterrupt):
            reading.result()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, before)
    with pytest.raises(ChildProcessError):  # reaped
        os.waitpid(pid, os.WNOHANG)
    assert len(statuses) == 1 and killed(statuses[0])  # stopped, not waited for
