"""The hostile-input corpus (tests/corpus/): every case gives exit 1 or 2 with the located
findings that tests/corpus/expected.txt names, no traceback, and no hang.

Each case is one file. `NAME.yaml` becomes `activities/x.yaml` of a small ledger;
`commitments--NAME.yaml` becomes its `commitments.yaml` (beside one valid activity). A few
cases cannot be committed as files (a symbolic link loop, a folder named x.yaml, a FIFO, an
unreadable file, a file of 2 MiB): the test makes them, and expected.txt lists them as
`(made) NAME`.

In the full run (marked slow), every case runs as its own `lofte check` process with a
timeout, several at a time, so that a hang or a crash of the interpreter would show as what
it is. The quick run does the same for the cases that could hang or crash the interpreter
(IN_A_PROCESS), and checks the others in-process, through the same command.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import MINI_COMMITMENTS, Invoke

CORPUS = Path(__file__).parent / "corpus"
TIMEOUT = 30  # seconds per case; each takes well under one
# The promise runs to 2099, so that only the cases meant to be "after today" are.
COMMITMENTS = MINI_COMMITMENTS.replace("2025-12-31", "2099-12-31")
OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"
LINE = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): "
                  r"(?P<severity>error|warning)\[(?P<code>[a-z0-9-]+)\]: \S")


@dataclass(frozen=True)
class Case:
    name: str
    exit_code: int
    findings: tuple[str, ...]  # "path:line:col code"


def read_manifest() -> dict[str, Case]:
    cases: dict[str, Case] = {}
    for raw in (CORPUS / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].strip() if raw.lstrip().startswith("#") else raw.strip()
        if not line:
            continue
        name, exit_code, findings = (part.strip() for part in line.split("|"))
        cases[name] = Case(name, int(exit_code),
                           tuple(f.strip() for f in findings.split(";") if f.strip()))
    return cases


def _symlink_loop(activities: Path) -> None:
    (activities / "x.yaml").symlink_to("x.yaml")


def _symlinked_folder_loop(activities: Path) -> None:
    (activities / "x.yaml").symlink_to(".")
    (activities / "loop").symlink_to("..")


def _folder(activities: Path) -> None:
    (activities / "x.yaml").mkdir()
    (activities / "x.yaml" / "inside.yaml").write_text(OK, encoding="utf-8")


def _fifo(activities: Path) -> None:
    os.mkfifo(activities / "x.yaml")


def _two_mib(activities: Path) -> None:
    size = 2 * 1024 * 1024
    (activities / "x.yaml").write_text(OK + "# " + "x" * (size - len(OK) - 3) + "\n",
                                       encoding="utf-8")


def _unreadable(activities: Path) -> None:
    path = activities / "x.yaml"
    path.write_text(OK, encoding="utf-8")
    path.chmod(0)


def _link_outside(activities: Path) -> None:
    (activities / "x.yaml").symlink_to("/etc/passwd")


def _folder_link_outside(activities: Path) -> None:
    (activities / "2024").symlink_to(tempfile.gettempdir())


def _socket(activities: Path) -> None:
    import socket

    with socket.socket(socket.AF_UNIX) as server:  # the name stays when it is closed
        server.bind(str(activities / "x.yaml"))


MADE: dict[str, Callable[[Path], None]] = {
    "link-outside-the-ledger": _link_outside,
    "folder-link-outside-the-ledger": _folder_link_outside,
    "socket": _socket,
    "symlink-loop": _symlink_loop,
    "symlinked-folder-loop": _symlinked_folder_loop,
    "folder-named-x.yaml": _folder,
    "fifo": _fifo,
    "file-of-2-mib": _two_mib,
    "unreadable": _unreadable,
}


def unprivileged_prefix() -> list[str] | None:
    """How to run lofte as a user whom chmod 000 keeps out (root reads anything), or None
    when that is not possible here."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return None
    prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    probe = subprocess.run([*prefix, sys.executable, "-c", "import lofte.cli"],
                           env=_environment(), capture_output=True, check=False,
                           cwd="/", timeout=TIMEOUT)
    return prefix if probe.returncode == 0 else None


def _environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOFTE_")}
    env.update({"COLUMNS": "100", "NO_COLOR": "1", "LOFTE_NO_CACHE": "1",
                "PYTHONPATH": str(Path(__file__).parent.parent / "src")})
    return env


def make_ledger(case: str, root: Path) -> Path:
    activities = root / "activities"
    activities.mkdir(parents=True)
    commitments: bytes = COMMITMENTS.encode()
    if case.startswith("(made) "):
        MADE[case.removeprefix("(made) ")](activities)
    elif case.startswith("commitments--"):
        commitments = (CORPUS / case).read_bytes()
        (activities / "x.yaml").write_text(OK, encoding="utf-8")
    else:
        shutil.copyfile(CORPUS / case, activities / "x.yaml")
    (root / "commitments.yaml").write_bytes(commitments)
    return root


def run_check(root: Path, prefix: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*prefix, sys.executable, "-m", "lofte", "check"], cwd=root,
                          env=_environment(), capture_output=True, text=True,
                          timeout=TIMEOUT, check=False, stdin=subprocess.DEVNULL)


class Done:
    """What a run of `lofte check` gave: a process's, or an in-process run's."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


def problems_with(case: Case, done: subprocess.CompletedProcess[str] | Done) -> str | None:
    output = done.stdout + done.stderr
    if "Traceback" in output or done.returncode not in (1, 2) \
            or done.returncode != case.exit_code:
        return f"{case.name}: exit {done.returncode}\n{output}"
    found = findings_of(done.stdout)
    if found != case.findings:
        return f"{case.name}: {' ; '.join(found)}"
    return None


def findings_of(output: str) -> tuple[str, ...]:
    found = []
    for line in output.splitlines()[:-1]:  # the last line is the summary
        match = LINE.match(line)
        assert match, f"not a located finding: {line!r}"
        found.append(f"{match['path']}:{match['line']}:{match['col']} {match['code']}")
    return tuple(found)


MANIFEST = read_manifest()


def test_the_corpus_is_complete() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix == ".yaml"}
    listed = {name for name in MANIFEST if not name.startswith("(made) ")}
    assert files == listed
    assert {name.removeprefix("(made) ") for name in MANIFEST if name.startswith("(made)")} \
        == set(MADE)
    assert len(files) >= 40


UNREADABLE = "(made) unreadable"
# The cases that could hang lofte (a file that never ends, a loop of links) or crash the
# interpreter (nesting deeper than its stack, an alias bomb), were lofte's guards to fail.
IN_A_PROCESS = frozenset({
    "billion-laughs.yaml", "deep-nesting-10000-lists.yaml", "deep-nesting-10000-mappings.yaml",
    "deep-nesting-unclosed.yaml", "(made) fifo", "(made) socket", "(made) symlink-loop",
    "(made) symlinked-folder-loop"})


def check_in_processes(cases: list[Case], tmp_path: Path) -> None:
    roots = {case.name: make_ledger(case.name, tmp_path / f"case-{index}")
             for index, case in enumerate(cases)}

    def run(case: Case) -> str | None:
        return problems_with(case, run_check(roots[case.name], []))

    with ThreadPoolExecutor(max_workers=4) as pool:
        problems = [problem for problem in pool.map(run, cases) if problem]
    assert not problems, "\n".join(problems)


@pytest.mark.slow
def test_every_case_of_the_corpus(tmp_path: Path) -> None:
    check_in_processes([case for case in MANIFEST.values() if case.name != UNREADABLE],
                       tmp_path)


def test_the_cases_that_could_hang_or_crash_in_processes(tmp_path: Path) -> None:
    check_in_processes([MANIFEST[name] for name in sorted(IN_A_PROCESS)], tmp_path)


@pytest.mark.parametrize("name", sorted(set(MANIFEST) - IN_A_PROCESS - {UNREADABLE}))
def test_every_other_case_in_process(name: str, tmp_path: Path, invoke: Invoke) -> None:
    root = make_ledger(name, tmp_path / "ledger")
    result = invoke("check", "--no-cache", cwd=root)
    problem = problems_with(MANIFEST[name], Done(result.exit_code, result.stdout,
                                                 result.stderr))
    assert problem is None, problem


def test_an_unreadable_file() -> None:
    prefix = unprivileged_prefix()
    if prefix is None:
        pytest.skip("chmod 000 does not keep root out, and no unprivileged user can run "
                    "this Python here (setpriv missing, or the interpreter is not "
                    "readable by nobody); test_an_unreadable_file_simulated covers the path")
    folder = Path(tempfile.mkdtemp(prefix="lofte-corpus-"))
    try:
        folder.chmod(0o755)
        root = make_ledger(UNREADABLE, folder / "ledger")
        for path in (root, root / "activities"):
            path.chmod(0o755)
        (root / "commitments.yaml").chmod(0o644)
        problem = problems_with(MANIFEST[UNREADABLE], run_check(root, prefix))
        assert problem is None, problem
    finally:
        shutil.rmtree(folder)


def test_an_unreadable_file_simulated(tmp_path: Path, invoke: Invoke,
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The same finding when opening the file is refused (as chmod 000 does for a user)."""
    root = make_ledger(UNREADABLE, tmp_path / "ledger")
    real_open = os.open

    def refuse(path: object, *args: object, **kwargs: object) -> int:
        if str(path).endswith("x.yaml"):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", refuse)
    result = invoke("check", "--no-cache", cwd=root)
    assert result.exit_code == MANIFEST[UNREADABLE].exit_code, result.output
    assert findings_of(result.stdout) == MANIFEST[UNREADABLE].findings
    assert "check its permissions" in result.stdout
