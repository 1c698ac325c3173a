"""Time `lofte check` on synthetic ledgers of growing size. A benchmark, not a test.

    python benchmarks/bench_check.py [--sizes 1000,10000,100000] [--repeat 3]

Ledgers are generated into benchmarks/ledgers/N/ (gitignored) when missing, together with an
empty ledger (N = 0) that measures the fixed cost of starting Python and lofte. Each size gets
one untimed warm-up run (which also checks that the ledger is valid and holds N activities),
then REPEAT timed runs of `lofte check --ledger benchmarks/ledgers/N --no-cache` as a
subprocess (no parse cache: every file is read, as on a fresh CI runner).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from dataclasses import dataclass

from generate import DEFAULT_SEED
from timing import (
    Runs,
    ensure_ledger,
    lofte_command,
    measure_sizes,
    parse_size_arguments,
    run_once,
    size_arguments,
    target_line,
)

TARGET_N = 10_000
TARGET_SECONDS = 2.0


@dataclass(frozen=True, slots=True)
class Timing:
    n: int
    files: int
    runs: Runs

    @property
    def best(self) -> float:
        return self.runs.best

    @property
    def median(self) -> float:
        return self.runs.median

    @property
    def peak_rss_kib(self) -> int:
        return self.runs.peak_rss_kib


def verify(command: list[str], n: int) -> int:
    """Run once (warm-up); fail loudly unless the ledger is valid and holds n activities."""
    done = subprocess.run([*command, "--format", "json"], capture_output=True, text=True,
                          check=False)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = None
    if done.returncode != 0 or not isinstance(report, dict) or not report.get("ok") \
            or report["counts"]["activities"] != n:
        sys.exit(f"`{' '.join(command)}` did not accept the generated ledger "
                 f"(exit {done.returncode}):\n{done.stdout[:2000]}{done.stderr[:2000]}")
    return int(report["counts"]["files"])


def measure(n: int, repeat: int, seed: int) -> Timing:
    """`lofte check` without the parse cache: every file read and parsed, as on a fresh
    CI runner. (benchmarks/run_all.py measures it with the cache too.)"""
    ledger = ensure_ledger(n, seed)
    command = [*lofte_command(), "check", "--ledger", str(ledger), "--no-cache"]
    files = verify(command, n)
    runs = Runs()
    for _ in range(repeat):
        run = run_once(command)
        if run.exit_code != 0:
            sys.exit(f"`{' '.join(command)}` exited {run.exit_code}")
        runs.add(run)
    return Timing(n, files, runs)


def render(rows: list[Timing], base: Timing) -> list[str]:
    header = (f"{'N':>8} {'files':>8} {'best s':>8} {'median s':>9} {'ms/1k':>8} "
              f"{'ms/1k>0':>8} {'x prev':>7} {'N x':>5} {'peak RSS':>9}")
    lines = [header, "-" * len(header)]
    previous: Timing | None = None
    for row in rows:
        per_1k = f"{row.best / row.n * 1e6:8.1f}" if row.n else f"{'-':>8}"
        above = f"{(row.best - base.best) / row.n * 1e6:8.1f}" if row.n else f"{'-':>8}"
        if previous is not None and previous.n:
            ratio = f"{row.best / previous.best:7.2f}"
            growth = f"{row.n / previous.n:5.0f}"
        else:
            ratio, growth = f"{'-':>7}", f"{'-':>5}"
        lines.append(f"{row.n:>8} {row.files:>8} {row.best:8.3f} {row.median:9.3f} {per_1k} "
                     f"{above} {ratio} {growth} {row.peak_rss_kib / 1024:6.0f} MiB")
        previous = row
    return lines


def summary(rows: list[Timing], base: Timing) -> list[str]:
    lines = [
        "",
        "ms/1k: best time per 1,000 activities; ms/1k>0: the same above the empty ledger "
        f"(startup {base.best:.3f} s).",
        "x prev: best time relative to the previous size; N x: how much N grew (linear: equal).",
    ]
    lines += target_line(rows, TARGET_N, TARGET_SECONDS)
    lines.append("for scale (issue 2): hledger 10k transactions 0.44 s, 100k 3.7 s; "
                 "ruamel.yaml round-trip loader ~10 s for 10k, C safe loader ~1 s")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `lofte check` on synthetic ledgers.")
    size_arguments(parser, [1_000, 10_000, 100_000], 3, DEFAULT_SEED)
    args = parse_size_arguments(parser, argv)

    rows = measure_sizes(measure, args.sizes, args.repeat, args.seed)
    for line in render(rows, rows[0]) + summary(rows, rows[0]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
