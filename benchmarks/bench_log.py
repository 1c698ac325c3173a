"""Time `lofte log` on an empty ledger and on large ones. A benchmark, not a test.

    python benchmarks/bench_log.py [--sizes 10000,100000] [--repeat 15] [--seed S]

`lofte log` reads commitments.yaml and nothing else, so its time must not grow with the
number of activities. Target: median time on the largest ledger at most 1.2 times the
median on an empty one.

Ledgers are generated into benchmarks/ledgers/N/ (gitignored) by benchmarks/generate.py when
missing, and an empty ledger (N = 0) is always measured. Each run really writes a file, so
the script logs into a copy of each ledger (benchmarks/ledgers/.bench-log-N/, hard links to
the original files, which `lofte log` never opens for writing; removed at the end), never
into the ledger itself. After one untimed warm-up per size, the sizes take turns, REPEAT
rounds, so that a slow moment of a shared machine hits every size alike. Every run logs a
different summary (a new file each time) and must exit 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import statistics
import sys
from pathlib import Path

from generate import DEFAULT_SEED
from timing import (
    LEDGERS,
    ensure_ledger,
    lofte_command,
    parse_size_arguments,
    run_once,
    size_arguments,
)

TARGET_RATIO = 1.2
COMMITMENT = "fotpatrullering"
FIRST_DAY = dt.date(2025, 1, 1)


def copy_ledger(source: Path, n: int) -> Path:
    """A copy to log into: hard links where possible (fast), else real copies."""
    target = LEDGERS / f".bench-log-{n}"
    if target.exists():
        shutil.rmtree(target)
    try:
        shutil.copytree(source, target, copy_function=os.link)
    except OSError:
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(source, target)
    return target


def count_files(root: Path) -> int:
    return sum(len(files) for _, _, files in os.walk(root / "activities"))


def log_once(command: list[str], ledger: Path, run: int) -> float:
    """Wall seconds of one `lofte log` that writes a new file."""
    day = FIRST_DAY + dt.timedelta(days=run % 300)
    args = [*command, "log", COMMITMENT, f"Benchmark, fotpatrull nummer {run}.",
            "--date", day.isoformat(), "--ledger", str(ledger)]
    result = run_once(args)
    if result.exit_code != 0:
        raise SystemExit(f"lofte log failed on {ledger} (exit {result.exit_code})")
    return result.seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size_arguments(parser, [10_000, 100_000], 15, DEFAULT_SEED)
    args = parse_size_arguments(parser, argv)
    sizes = sorted({0, *args.sizes})
    command = lofte_command()

    copies: dict[int, Path] = {}
    try:
        for n in sizes:
            copies[n] = copy_ledger(ensure_ledger(n, args.seed), n)
        times: dict[int, list[float]] = {n: [] for n in sizes}
        run = 0
        for n in sizes:  # warm-up: imports, page cache, the year folder
            log_once(command, copies[n], run)
            run += 1
        for _ in range(args.repeat):
            for n in sizes:
                times[n].append(log_once(command, copies[n], run))
                run += 1
        files = {n: count_files(copies[n]) for n in sizes}
    finally:
        for copy in copies.values():
            shutil.rmtree(copy, ignore_errors=True)

    base = statistics.median(times[0])
    print(f"lofte log, {args.repeat} timed runs per size, sizes taking turns "
          f"({' '.join(command)})")
    print(f"{'activities':>10}  {'files after':>11}  {'best s':>7}  {'median s':>8}  "
          f"{'max s':>6}  {'median / empty':>14}")
    worst = 0.0
    for n in sizes:
        median = statistics.median(times[n])
        ratio = median / base
        worst = max(worst, ratio)
        print(f"{n:>10,}  {files[n]:>11,}  {min(times[n]):>7.3f}  {median:>8.3f}  "
              f"{max(times[n]):>6.3f}  {ratio:>14.2f}")
    verdict = "met" if worst <= TARGET_RATIO else "NOT met"
    print(f"target: median / empty at most {TARGET_RATIO} for every size: {verdict} "
          f"(worst {worst:.2f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
