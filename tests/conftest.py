"""Shared test helpers: one CliRunner, small ledgers written under tmp_path.

Tests run in English whatever the machine's LANG: the language is set to English here,
before any test module imports `lofte.cli` (whose help texts are translated at import),
and again around every test and every `invoke`.

Two kinds of run (README, Contributing):
- `python -m pytest -q`, the quick everyday run: tests marked `slow` (the stress tests:
  processes killed at random moments, dozens of processes at once, every corpus case in a
  process of its own) are left out, and Hypothesis runs its `quick` profile.
- the full run: `HYPOTHESIS_PROFILE=ci python -m pytest -q --all` (or `-m slow` for the
  slow tests alone). The `ci` profile runs every property test with its full number of
  examples, derandomized, so that a failure in CI fails the same way on any machine.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from lofte import i18n

# A small promise, far enough in the future that no fixed test date is "after today"
# for years to come, but with a period that activities can fall outside of.
MINI_COMMITMENTS = """\
promise:
  id: testlofte-2023-2025
  title: Medborgarlöfte Testköping 2023–2025
  valid_from: 2023-01-01
  valid_until: 2025-12-31
parties:
  polisen: {name: Lokalpolisområde Testköping}
  kommunen: {name: Testköpings kommun}
commitments:
  - id: fotpatrullering
    title: Fotpatrullering kring otrygga platser
    owners: [polisen]
    max_gap_days: 14
  - id: trafikkontroller
    title: Trafikkontroller mot trimmade mopeder
    owners: [polisen]
  - id: alkoholtillsyn
    title: Gemensam tillsyn av krogar med alkoholtillstånd
    owners: [polisen, kommunen]
    max_gap_days: 120
  - id: vaktare
    title: Väktare som åker runt i kommunen
    owners: [kommunen]
    max_gap_days: 7
"""

WIDTH = 100

i18n.set_language("en")

# --- Hypothesis: a quick profile every day, the full one in CI ------------------------------

# `ci`: the example counts the tests are written with; derandomized, so that a failure can be
# reproduced anywhere; the blob that reproduces a failure is printed. `quick` (the default):
# a tenth of those counts, random, and the blob printed too.
HYPOTHESIS_PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "quick")
settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True,
                          database=None, print_blob=True)
settings.register_profile("quick", max_examples=25, deadline=None, print_blob=True)
settings.load_profile(HYPOTHESIS_PROFILE)


def examples(full: int) -> int:
    """`max_examples` for a test that sets its own: `full` in the `ci` profile, a tenth of
    it (at least 10) otherwise."""
    return full if HYPOTHESIS_PROFILE == "ci" else max(10, full // 10)


def ledger_today() -> dt.date:
    """Today as lofte tells it for a ledger without `promise.timezone`: in Stockholm, which is
    a day ahead of a machine in UTC between 22:00 or 23:00 and midnight."""
    from lofte.cli.app import today_for

    return today_for("Europe/Stockholm")


# --- the slow tests -----------------------------------------------------------------------------

def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--all", action="store_true", dest="all_tests",
                     help="run the tests marked slow as well: the full suite")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Leave the slow tests out, unless --all is given, -m chooses the tests, or the test is
    named on the command line (tests/test_x.py::test_y)."""
    if config.getoption("all_tests") or config.getoption("markexpr"):
        return
    named = tuple(arg for arg in config.args if "::" in arg)

    def left_out(item: pytest.Item) -> bool:
        return item.get_closest_marker("slow") is not None and not any(
            item.nodeid == name or item.nodeid.startswith(name + "[") for name in named)

    slow = [item for item in items if left_out(item)]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not left_out(item)]


@pytest.fixture(autouse=True)
def english(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """English for every test, also in the lofte processes it starts (LOFTE_LANG=en);
    a test that switches the language cannot leak it into the next one."""
    monkeypatch.setenv("LOFTE_LANG", "en")
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture(autouse=True)
def cache_home(tmp_path_factory: pytest.TempPathFactory,
               monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own, empty cache folder (XDG_CACHE_HOME), also for the lofte
    processes it starts; the user's ~/.cache is never touched."""
    home = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("LOFTE_NO_CACHE", raising=False)
    return home


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


Invoke = Callable[..., "CliResult"]


class CliResult:
    """The parts of a run that tests look at."""

    def __init__(self, exit_code: int, stdout: str, stderr: str) -> None:
        self.exit_code = exit_code
        self.stdout = stdout
        self.stderr = stderr
        self.output = stdout + stderr


@pytest.fixture
def invoke(monkeypatch: pytest.MonkeyPatch) -> Iterator[Invoke]:
    """Run `lofte ARGS...` in a working directory, at a fixed terminal width, no colour, in
    English unless `env` chooses another language (LOFTE_LANG, LC_ALL, LC_MESSAGES, LANG;
    a value of None removes a variable). The language is chosen from that environment as
    a lofte process would choose it, and set back to English afterwards."""
    from lofte.cli import app

    def run(*args: str, cwd: Path | None = None, input: str | None = None,
            env: Mapping[str, str | None] | None = None) -> CliResult:
        runner = CliRunner()
        environment: dict[str, str | None] = {
            "COLUMNS": str(WIDTH), "NO_COLOR": "1", "LOFTE_LEDGER": "", "TERM": "dumb",
            "LOFTE_LANG": "en", **(env or {})}
        if cwd is not None:
            monkeypatch.chdir(cwd)
        seen = {**os.environ, **environment}
        i18n.set_language(i18n.choose_language(
            {name: value for name, value in seen.items() if value is not None}))
        try:
            result = runner.invoke(app, list(args), input=input, env=environment,
                                   catch_exceptions=False)
        finally:
            i18n.set_language("en")
        return CliResult(result.exit_code, result.stdout, result.stderr)

    old = Path.cwd()
    yield run
    os.chdir(old)


MakeLedger = Callable[..., Path]


@pytest.fixture
def make_ledger(tmp_path: Path) -> MakeLedger:
    """Write a ledger: commitments.yaml plus activity files given as {relative path: text}."""

    def make(activities: Mapping[str, str | bytes] | None = None,
             commitments: str | bytes = MINI_COMMITMENTS, name: str = "ledger") -> Path:
        root = tmp_path / name
        (root / "activities").mkdir(parents=True, exist_ok=True)
        _write(root / "commitments.yaml", commitments)
        for relative, content in (activities or {}).items():
            target = root / "activities" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            _write(target, content)
        return root

    return make


def _write(path: Path, content: str | bytes) -> None:
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_bytes(content.encode("utf-8"))
