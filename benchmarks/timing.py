"""What the benchmark scripts share: finding lofte, making ledgers, timing a run and its
peak memory, and reading --sizes."""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final, Protocol, TypeVar

from generate import generate

HERE = Path(__file__).resolve().parent
LEDGERS = HERE / "ledgers"


@dataclass(frozen=True, slots=True)
class Run:
    seconds: float
    exit_code: int
    peak_rss_kib: int


@dataclass(slots=True)
class Runs:
    """Several timed runs of one command."""

    seconds: list[float] = field(default_factory=list)
    peak_rss_kib: int = 0

    def add(self, run: Run) -> None:
        self.seconds.append(run.seconds)
        self.peak_rss_kib = max(self.peak_rss_kib, run.peak_rss_kib)

    @property
    def best(self) -> float:
        return min(self.seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def peak_mib(self) -> float:
        return self.peak_rss_kib / 1024


def lofte_command() -> list[str]:
    """The `lofte` installed next to this Python, else `python -m lofte`."""
    script = Path(sys.executable).parent / "lofte"
    return [str(script)] if script.exists() else [sys.executable, "-m", "lofte"]


def ensure_ledger(n: int, seed: int) -> Path:
    """benchmarks/ledgers/N, generated when missing (gitignored)."""
    out = LEDGERS / str(n)
    if not (out / "commitments.yaml").exists():
        print(f"generating {n} activities into {out.relative_to(HERE.parent)} ...",
              flush=True)
        started = time.perf_counter()
        LEDGERS.mkdir(exist_ok=True)
        generate(n, out, seed)
        print(f"  done in {time.perf_counter() - started:.1f} s", flush=True)
    return out


# Left out of the measured commands' environment: with it, Python compiles every module
# of lofte again on each run, which an installed lofte never does.
UNMEASURED_ENVIRONMENT: Final = ("PYTHONDONTWRITEBYTECODE",)


def run_once(command: list[str], env: Mapping[str, str] | None = None) -> Run:
    """Wall seconds, exit code and peak RSS (KiB) of one run, output discarded."""
    environment = {**{name: value for name, value in os.environ.items()
                      if name not in UNMEASURED_ENVIRONMENT},
                   "COLUMNS": "100", **(env or {})}
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            env=environment)
    _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage, not all children's
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, proc.returncode, usage.ru_maxrss)  # ru_maxrss is in KiB on Linux


@contextmanager
def cache_home() -> Iterator[Path]:
    """A cache folder of its own (XDG_CACHE_HOME), so that the user's ~/.cache is neither
    used nor touched; removed afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="lofte-bench-cache-"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def empty_cache(home: Path) -> None:
    shutil.rmtree(home / "lofte", ignore_errors=True)


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a comma-separated list of integers: {text}") from None
    if not sizes or sizes[0] < 0:
        raise argparse.ArgumentTypeError("sizes must be integers >= 0")
    return sizes


def size_arguments(parser: argparse.ArgumentParser, sizes: list[int], repeat: int,
                   seed: int) -> None:
    """The options every script takes: --sizes, --repeat and --seed."""
    shown = ",".join(str(n) for n in sizes)
    parser.add_argument("--sizes", type=parse_sizes, default=sizes,
                        help=f"comma-separated numbers of activities (default {shown})")
    parser.add_argument("--repeat", type=int, default=repeat,
                        help=f"timed runs per size and command (default {repeat})")
    parser.add_argument("--seed", type=int, default=seed,
                        help=f"generator seed for missing ledgers (default {seed})")


def parse_size_arguments(parser: argparse.ArgumentParser,
                         argv: list[str] | None) -> argparse.Namespace:
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be >= 1")
    return args


def machine_line() -> str:
    return (f"lofte: {' '.join(lofte_command())}  python: {sys.version.split()[0]}  "
            f"cpus: {os.cpu_count()}")


class Measured(Protocol):
    """What a script measured for one size."""

    @property
    def n(self) -> int: ...

    @property
    def best(self) -> float: ...

    @property
    def median(self) -> float: ...


M = TypeVar("M", bound=Measured)


def measure_sizes(measure: Callable[[int, int, int], M], sizes: list[int], repeat: int,
                  seed: int) -> list[M]:
    """The empty ledger first (the cost of starting up), then every size, with progress."""
    print(machine_line(), flush=True)
    rows = [measure(0, repeat, seed)]
    for n in (size for size in sizes if size):
        rows.append(measure(n, repeat, seed))
        print(f"  measured N={n}", flush=True)
    print()
    return rows


def target_line(rows: list[M], n: int, seconds: float) -> list[str]:
    """The verdict on a target of at most `seconds` wall for `n` activities, if measured."""
    row = next((row for row in rows if row.n == n), None)
    if row is None:
        return []
    verdict = "met" if row.best <= seconds else "NOT met"
    return [f"target: {n} activities in <= {seconds:g} s wall: best {row.best:.2f} s, "
            f"median {row.median:.2f} s -> {verdict}"]
