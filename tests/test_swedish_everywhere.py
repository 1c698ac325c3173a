"""Under a Swedish locale (`LANG=sv_SE.UTF-8`), no English of Click's, Typer's or lofte's
reaches the user: `--help` on every command, a bare `lofte`, each kind of usage error, and
the questions of `lofte log` answered through a pseudo-terminal, Ctrl-C included.

The help texts are translated when lofte's modules are imported, so the runs happen in a
Swedish process of their own: one process runs every command line of the list in turn
(`lofte.cli.app.run`, each with its own standard output and error), which keeps the test
at about a second.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
DEMO = str(REPO / "examples" / "demo")

# English that must not reach a Swedish user: Click's and Typer's words, then lofte's own.
ENGLISH = (
    "Usage:", "[OPTIONS]", "COMMAND [ARGS]", "Options", "Commands", "Arguments", "Error",
    "Show this message", "for help", "Try '", "No such option", "No such command",
    "Possible options", "Missing argument", "Missing option", "Missing command",
    "Invalid value", "Got unexpected", "requires an argument", "does not take a value",
    "is not one of", "Input should be", "does not exist", "is a file", "Aborted",
    "[default:", "[required]", "[env var:", "Install completion", "Show completion",
    "completion installed", "<bool>", "invalid input",
    "nothing written", "Write it?", "[Y/n]", "answer y", "interrupted", "cancelled",
    "status as of", "no activity logged", "Which commitment", "What was done",
    "People reached", "Staff hours", "Max gap", "Last activity", "New file", "Date",
    "optional", "Place", "Hours",
)

USAGE_ERRORS = (
    ["nosuch"],
    ["status", "extra"],
    ["log", "--nope"],
    ["log", "--people", "many", "fot", "x"],
    ["status", "--format", "pdf"],
    ["check", "--format", "xml"],
    ["status", "--fail-on", "never"],
    ["log", "--date"],
    ["show"],
    ["review"],
    ["--version=3"],
    ["status", "--no-cache=1"],
    ["schema", "--output-dir", str(REPO / "README.md")],
)

# Run each command line with `run`, its output in files of its own; print the results.
RUNNER = """
import json, os, sys, tempfile
import typer
from lofte.cli.app import app, run
names = sorted(typer.main.get_command(app).commands)
runs = [[]] + [["--help"]] + [[name, "--help"] for name in names] + json.loads(sys.argv[1])
results = []
for arguments in runs:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        saved = os.dup(1), os.dup(2)
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(out.fileno(), 1); os.dup2(err.fileno(), 2)
        try:
            code = run(arguments)
        except SystemExit as exit:
            code = exit.code
        sys.stdout.flush(); sys.stderr.flush()
        os.dup2(saved[0], 1); os.dup2(saved[1], 2)
        out.seek(0); err.seek(0)
        results.append({"arguments": arguments, "code": code,
                        "stdout": out.read().decode("utf-8", "replace"),
                        "stderr": err.read().decode("utf-8", "replace")})
print(json.dumps({"commands": names, "runs": results}))
"""


def swedish_environment() -> dict[str, str]:
    environment = {name: value for name, value in os.environ.items()
                   if name not in ("LOFTE_LANG", "LC_ALL", "LC_MESSAGES", "LANGUAGE")}
    environment.update(LANG="sv_SE.UTF-8", COLUMNS="100", NO_COLOR="1", TERM="dumb",
                       LOFTE_LEDGER=DEMO, PYTHONIOENCODING="utf-8")
    return environment


def english_in(text: str) -> list[str]:
    return [word for word in ENGLISH
            if re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)]


@pytest.fixture(scope="module")
def runs() -> dict[str, object]:
    result = subprocess.run([sys.executable, "-c", RUNNER, json.dumps(USAGE_ERRORS)],
                            capture_output=True, text=True, env=swedish_environment(),
                            cwd=REPO, timeout=120, check=True)
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_every_command_is_run_with_help(runs: dict[str, object]) -> None:
    commands = runs["commands"]
    assert isinstance(commands, list)
    assert {"check", "init", "log", "plan", "report", "review", "schema", "show",
            "status"} <= set(commands)


def test_no_english_in_help_and_usage_errors(runs: dict[str, object]) -> None:
    found = []
    results = runs["runs"]
    assert isinstance(results, list)
    for run in results:
        output = run["stdout"] + run["stderr"]
        assert output.strip(), run
        if english := english_in(output):
            found.append(f"lofte {' '.join(run['arguments'])}: {english}\n{output}")
    assert not found, "\n\n".join(found)


def test_help_exits_0_and_usage_errors_exit_2(runs: dict[str, object]) -> None:
    results = runs["runs"]
    assert isinstance(results, list)
    for run in results:
        arguments = run["arguments"]
        expected = 0 if not arguments or "--help" in arguments else 2
        assert run["code"] == expected, run
        if expected == 0:
            assert "Användning: lofte" in run["stdout"], run
        else:
            assert "Användning: lofte" in run["stderr"] or "Flaggan" in run["stderr"], run


def test_a_bare_lofte_shows_the_help(runs: dict[str, object]) -> None:
    results = runs["runs"]
    assert isinstance(results, list)
    bare = results[0]
    assert bare["arguments"] == []
    assert "Kommandon" in bare["stdout"]
    assert "Visa den här hjälpen och avsluta." in bare["stdout"]


# --- the questions of `lofte log`, through a pseudo-terminal ---------------------------------

LEDGER = """\
promise:
  id: ptylofte-2026
  title: Medborgarlöfte Ptyköping
  valid_from: 2020-01-01
  valid_until: 2099-12-31
parties:
  polisen: {name: Lokalpolisområde Ptyköping}
commitments:
  - id: fotpatrullering
    title: Fotpatrullering kring otrygga platser
    owners: [polisen]
"""


class Terminal:
    """`lofte ARGS` with a pseudo-terminal as its standard input, output and error.

    Every wait has a deadline: a child that does not end is killed and the test fails with
    what the terminal showed, rather than hanging the run."""

    def __init__(self, ledger: Path, *arguments: str) -> None:
        import pty  # POSIX only

        environment = swedish_environment()
        environment.update(LOFTE_LEDGER=str(ledger), TERM="xterm")
        command = [sys.executable, "-m", "lofte", *arguments]
        # The terminal is the child's controlling terminal, so Ctrl-C is a real SIGINT.
        self.pid, self.master = pty.fork()
        if self.pid == 0:  # the child
            try:
                # A run started in the background of a shell inherits SIGINT ignored, and
                # Python then keeps it ignored: a user's terminal delivers it.
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.chdir(ledger)
                os.execve(command[0], command, environment)
            finally:
                os._exit(127)
        self.seen = ""
        self.status: int | None = None

    def expect(self, text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while text not in self.seen:
            left = deadline - time.monotonic()
            if left <= 0 or not self.read(left):
                self.kill()
                raise AssertionError(f"{text!r} never came; the terminal shows:\n{self.seen}")

    def read(self, timeout: float) -> bool:
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return False
        try:
            data = os.read(self.master, 4096)
        except OSError:  # the process has ended
            return False
        self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        return bool(data)

    def send(self, text: str) -> None:
        os.write(self.master, text.encode("utf-8"))

    def finish(self, timeout: float = 30) -> int:
        """The exit code, once the child has ended and its output is read."""
        deadline = time.monotonic() + timeout
        while self.status is None:
            self.read(min(0.2, max(0.0, deadline - time.monotonic())))
            pid, status = os.waitpid(self.pid, os.WNOHANG)
            if pid:
                self.status = os.waitstatus_to_exitcode(status)
            elif time.monotonic() > deadline:
                self.kill()
                raise AssertionError(f"lofte did not end in {timeout} s; the terminal "
                                     f"shows:\n{self.seen}")
        while self.read(0.2):
            pass
        self.close()
        return self.status

    def kill(self) -> None:
        """End the child, if it runs, and close the terminal."""
        if self.status is None:
            try:
                os.kill(self.pid, signal.SIGKILL)
                self.status = os.waitstatus_to_exitcode(os.waitpid(self.pid, 0)[1])
            except (ProcessLookupError, ChildProcessError):
                self.status = -signal.SIGKILL
        self.close()

    def close(self) -> None:
        if self.master >= 0:
            os.close(self.master)
            self.master = -1


@pytest.fixture
def pty_ledger(tmp_path: Path) -> Path:
    if sys.platform == "win32":
        pytest.skip("pseudo-terminals are POSIX")
    (tmp_path / "activities").mkdir()
    (tmp_path / "commitments.yaml").write_text(LEDGER, encoding="utf-8")
    return tmp_path


@pytest.fixture
def start(pty_ledger: Path) -> Iterator[Callable[..., Terminal]]:
    """Start `lofte ARGS` on a terminal of its own in `pty_ledger`; whatever still runs when
    the test ends is killed."""
    started: list[Terminal] = []

    def terminal(*arguments: str) -> Terminal:
        started.append(Terminal(pty_ledger, *arguments))
        return started[-1]

    yield terminal
    for terminal_ in started:
        terminal_.kill()


def test_the_questions_of_log_in_swedish_answered_ja(pty_ledger: Path,
                                                     start: Callable[..., Terminal]) -> None:
    terminal = start("log")
    for question, answer in (("Vilket åtagande?", "1"),
                             ("Vad gjordes", "Fotpatrull vid torget."),
                             ("Datum", ""), ("Utfört av", ""), ("Plats", ""),
                             ("Personer som nåtts", "12"), ("Arbetstimmar", "2,5"),
                             ("Spara den? [J/n]", "ja")):
        terminal.expect(question)
        terminal.send(answer + "\n")
    assert terminal.finish() == 0, terminal.seen
    assert not english_in(terminal.seen), terminal.seen
    written = list((pty_ledger / "activities").rglob("*.yaml"))
    assert len(written) == 1
    assert "hours: 2.5" in written[0].read_text(encoding="utf-8")


def test_nej_writes_nothing_and_anything_else_asks_again(
        pty_ledger: Path, start: Callable[..., Terminal]) -> None:
    terminal = start("log", "fot", "--date", "idag", "--by", "polisen", "--place", "Torget",
                     "--people", "3", "--hours", "1")
    terminal.expect("Vad gjordes")
    terminal.send("Fotpatrull vid torget.\n")
    terminal.expect("Spara den? [J/n]")
    terminal.send("kanske\n")
    terminal.expect("svara j (ja) eller n (nej)")
    terminal.send("nej\n")
    assert terminal.finish() == 0, terminal.seen
    assert not english_in(terminal.seen), terminal.seen
    assert not list((pty_ledger / "activities").rglob("*.yaml"))


def test_ctrl_c_at_a_question_exits_130(pty_ledger: Path,
                                        start: Callable[..., Terminal]) -> None:
    terminal = start("log")
    terminal.expect("Vilket åtagande?")
    terminal.send("\x03")
    assert terminal.finish() == 130, terminal.seen
    assert "avbrutet" in terminal.seen
    assert not english_in(terminal.seen), terminal.seen
    assert not list((pty_ledger / "activities").rglob("*.yaml"))
