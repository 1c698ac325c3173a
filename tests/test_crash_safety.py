"""Crash safety of every writer: killed with SIGKILL at random moments, 50 times each in
the full run (marked slow), a few times for `lofte log`, `lofte import` and `lofte init` in
the quick one.

Afterwards `lofte check` passes, no file is partial, no temporary file is left where it
would be read, and a cache torn by the kill (were it possible) would be ignored.

A writer is a `Writer` below: how to set up its ledger, how to start one run, and what
must hold after each kill.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from lofte.storage import cache, promise_cache
from lofte.storage.loader import load_ledger
from tests.conftest import Invoke, MakeLedger
from tests.test_log_concurrency import assert_clean

sys.path.insert(0, str(Path(__file__).parent.parent / "benchmarks"))
from generate import generate

TRIES = 50  # kills per writer in the full run
QUICK_TRIES = 4  # in the quick run
DATE = "2024-03-14"


def lofte(*args: str, cwd: Path | None = None) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOFTE_")}
    env["LOFTE_LANG"] = "en"  # English messages, whatever the machine's LANG
    return subprocess.Popen([sys.executable, "-m", "lofte", *args], cwd=cwd, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


@dataclass
class Writer:
    name: str
    # make the ledger (and whatever else) under tmp_path; returns the ledger folder
    prepare: Callable[[Path, MakeLedger], Path]
    # start run number `attempt` on the ledger
    start: Callable[[Path, int], subprocess.Popen[bytes]]
    # what must hold after a run that was killed (or not)
    verify: Callable[[Path, Invoke, Path], None]


# --- lofte log ------------------------------------------------------------------------

def _log_prepare(tmp_path: Path, make_ledger: MakeLedger) -> Path:
    return make_ledger()


def _log_start(root: Path, attempt: int) -> subprocess.Popen[bytes]:
    return lofte("log", "fot", f"Fotpatrull {attempt}, " + "lång text " * 40,
                 "--date", DATE, "--ledger", str(root))


def _log_verify(root: Path, invoke: Invoke, cache_home: Path) -> None:
    files = assert_clean(root, invoke)  # check passes; every .yaml a whole activity
    for path in files:
        assert path.read_text(encoding="utf-8").endswith("\n")


# --- the parse cache ------------------------------------------------------------------

def _cache_prepare(tmp_path: Path, make_ledger: MakeLedger) -> Path:
    root = tmp_path / "generated"
    generate(1500, root)
    old = 1_600_000_000 * 10**9  # older than the cache's "racy" window
    for path in root.rglob("*.yaml"):
        os.utime(path, ns=(old, old))
    (root / "commitments.yaml").write_text(
        (root / "commitments.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    return root


def _cache_start(root: Path, attempt: int) -> subprocess.Popen[bytes]:
    # change one file, so that every run reads the cache, parses a file and writes it all
    files = sorted((root / "activities").rglob("*.yaml"))
    target = files[attempt % len(files)]
    text = target.read_text(encoding="utf-8")
    target.write_text(text + f"# {attempt}\n", encoding="utf-8")
    old = 1_600_000_000 * 10**9 + attempt
    os.utime(target, ns=(old, old))
    return lofte("check", "--ledger", str(root))


def _cache_verify(root: Path, invoke: Invoke, cache_home: Path) -> None:
    folder = cache_home / "lofte"
    path = cache.cache_file(folder, root)
    if path.exists():
        records = cache.read_records(path, root)
        assert records, "the cache file is there but unusable: it was torn"
    promise = promise_cache.cache_path(folder, root)  # commitments.yaml's validated form
    for leftover in folder.iterdir() if folder.exists() else []:
        assert leftover in (path, promise) or (
            leftover.name.startswith((f".{path.name}.", f".{promise.name}."))
            and leftover.name.endswith(cache.TEMP_SUFFIX)), leftover
    with_cache = load_ledger(root, dt.date.today(), folder)
    without = load_ledger(root, dt.date.today())
    assert with_cache.ok and with_cache.findings == without.findings
    assert with_cache.activities == without.activities == 1500
    check = invoke("check", "--ledger", str(root))
    assert check.exit_code == 0, check.output


# --- lofte init -----------------------------------------------------------------------

INIT_NAMES = ("--municipality", "Karlstads kommun", "--police-area",
              "Lokalpolisområde Karlstad", "--from", "2026-01-01", "--until", "2028-12-31")


def _init_prepare(tmp_path: Path, make_ledger: MakeLedger) -> Path:
    reference = tmp_path / "reference"
    subprocess.run([sys.executable, "-m", "lofte", "init", str(reference), *INIT_NAMES],
                   check=True, capture_output=True)
    return tmp_path / "new"


def _init_start(root: Path, attempt: int) -> subprocess.Popen[bytes]:
    if root.exists():
        shutil.rmtree(root)
    return lofte("init", str(root), *INIT_NAMES)


def _init_verify(root: Path, invoke: Invoke, cache_home: Path) -> None:
    reference = root.parent / "reference"
    for path in root.rglob("*") if root.exists() else []:
        if path.is_file():
            relative = path.relative_to(root)
            if path.name.startswith(".lofte-") and path.name.endswith(".tmp"):
                continue  # a temporary file of the kill: hidden, never read
            assert path.read_bytes() == (reference / relative).read_bytes(), relative
    if not (root / "commitments.yaml").exists():
        # killed before the ledger existed: a second run completes it
        again = invoke("init", str(root), *INIT_NAMES)
        assert again.exit_code == 0, again.output
    check = invoke("check", "--ledger", str(root))
    assert check.exit_code == 0, check.output


# --- lofte import ----------------------------------------------------------------------

IMPORT_ROWS = 300  # staged while the rows are checked, then named after one barrier


def _import_start(root: Path, attempt: int) -> subprocess.Popen[bytes]:
    # every run into a ledger without activities, from a sheet of its own
    shutil.rmtree(root / "activities")
    (root / "activities").mkdir()
    sheet = root.parent / f"sheet-{attempt}.csv"
    rows = [f"2024-{1 + n % 12:02d}-{1 + n % 28:02d},vaktare,Runda {n} i körning {attempt}"
            for n in range(IMPORT_ROWS)]
    sheet.write_text("\n".join(["Datum,Åtagande,Vad", *rows]) + "\n", encoding="utf-8")
    return lofte("import", str(sheet), "--ledger", str(root))


def _import_verify(root: Path, invoke: Invoke, cache_home: Path) -> None:
    _log_verify(root, invoke, cache_home)  # every file that got its name is whole
    # the sheet of the run just killed, imported again, completes it
    sheet = max(root.parent.glob("sheet-*.csv"), key=lambda path: path.stat().st_mtime_ns)
    again = invoke("import", str(sheet), "--ledger", str(root))
    assert again.exit_code == 0, again.output
    imported, already = map(int, re.findall(r"\d+", again.output.splitlines()[-1]))
    assert imported + already == IMPORT_ROWS


WRITERS = [
    Writer("log", _log_prepare, _log_start, _log_verify),
    Writer("import", _log_prepare, _import_start, _import_verify),
    Writer("cache", _cache_prepare, _cache_start, _cache_verify),
    Writer("init", _init_prepare, _init_start, _init_verify),
]


# The cache's writer is killed on purpose below, every run, at the two moments that count.
@pytest.mark.parametrize("kills", [
    *(pytest.param((w, TRIES), id=w.name, marks=pytest.mark.slow) for w in WRITERS),
    *(pytest.param((w, QUICK_TRIES), id=f"{w.name}-quick") for w in WRITERS
      if w.name != "cache"),
])
def test_sigkill_at_random_moments(kills: tuple[Writer, int], tmp_path: Path,
                                   make_ledger: MakeLedger, invoke: Invoke,
                                   cache_home: Path) -> None:
    writer, tries = kills
    root = writer.prepare(tmp_path, make_ledger)
    assert writer.start(root, -2).wait(timeout=120) == 0  # the first run fills the caches
    started = time.monotonic()  # the runs to kill are timed by one like them
    assert writer.start(root, -1).wait(timeout=120) == 0
    duration = time.monotonic() - started
    writer.verify(root, invoke, cache_home)
    rng = random.Random(f"lofte-{writer.name}")
    killed = 0
    for attempt in range(tries):
        process = writer.start(root, attempt)
        # most writes happen at the end of a run: aim there, but anywhere can be hit
        time.sleep(rng.uniform(0.3, 1.1) * duration)
        process.send_signal(signal.SIGKILL)
        code = process.wait(timeout=120)
        assert code in (0, -signal.SIGKILL), (writer.name, attempt, code)
        killed += code == -signal.SIGKILL
        writer.verify(root, invoke, cache_home)
    assert killed > 0


# Killing at random moments rarely lands inside the few milliseconds of a cache write;
# these runs die there on purpose: half-way through writing the temporary file, and after
# its fsync but before it replaces the cache.
KILL_DURING_WRITE = {
    "half-written": """
real_write = os.write
def write(descriptor, data):
    real_write(descriptor, bytes(data)[: len(data) // 2])
    os.kill(os.getpid(), signal.SIGKILL)
os.write = write
""",
    "before-replace": """
def fsync(descriptor):
    os.kill(os.getpid(), signal.SIGKILL)
os.fsync = fsync
""",
}


@pytest.mark.parametrize("moment", sorted(KILL_DURING_WRITE))
def test_killed_while_writing_the_cache(moment: str, tmp_path: Path, invoke: Invoke,
                                        cache_home: Path) -> None:
    root = _cache_prepare(tmp_path, lambda *a, **k: tmp_path)
    assert _cache_start(root, 0).wait(timeout=120) == 0  # a good cache to begin with
    path = cache.cache_file(cache_home / "lofte", root)
    before = path.read_bytes()
    (root / "activities" / "2024" / "x.yaml").write_text("date: [\n", encoding="utf-8")
    os.utime(root / "activities" / "2024" / "x.yaml", ns=(10**18, 1_600_000_000 * 10**9))
    script = ("import os, signal, datetime, pathlib\n" + KILL_DURING_WRITE[moment]
              + "from lofte.storage.loader import load_ledger\n"
              + f"load_ledger(pathlib.Path({str(root)!r}), datetime.date.today(), "
              + f"pathlib.Path({str(cache_home / 'lofte')!r}))\n")
    done = subprocess.run([sys.executable, "-c", script], timeout=120, check=False)
    assert done.returncode == -signal.SIGKILL
    assert path.read_bytes() == before  # the old cache, untouched
    torn = [p for p in path.parent.iterdir()
            if p != path and not p.name.endswith(".promise")]  # commitments.yaml's, whole
    assert len(torn) == 1 and torn[0].name.endswith(cache.TEMP_SUFFIX)
    result = load_ledger(root, dt.date.today(), cache_home / "lofte")
    assert [f.code for f in result.findings] == ["yaml-syntax"]
    assert result.findings == load_ledger(root, dt.date.today()).findings
