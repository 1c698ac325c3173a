"""Time `lofte status` on synthetic ledgers of growing size. A benchmark, not a test.

    python benchmarks/bench_status.py [--sizes 1000,10000,100000] [--repeat 3]

Ledgers are generated into benchmarks/ledgers/N/ (gitignored) by benchmarks/generate.py when
missing, together with an empty ledger (N = 0) that measures the fixed cost of starting Python
and lofte. Each size gets one untimed warm-up run (which also checks, through
`--format json`, that every activity was counted), then REPEAT timed runs of
`lofte status --ledger benchmarks/ledgers/N --as-of 2025-12-31` as a subprocess, output
discarded. The table format is timed as well, since it is what the meeting sees. All runs
are without the parse cache (LOFTE_NO_CACHE=1); benchmarks/run_all.py times it warm too.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from dataclasses import dataclass

from generate import DEFAULT_SEED
from timing import (
    ensure_ledger,
    lofte_command,
    measure_sizes,
    parse_size_arguments,
    run_once,
    size_arguments,
    target_line,
)

AS_OF = "2025-12-31"
TARGET_N = 10_000
TARGET_SECONDS = 1.5


@dataclass(frozen=True, slots=True)
class Timing:
    n: int
    json_seconds: list[float]
    table_seconds: list[float]
    peak_rss_kib: int

    @property
    def best(self) -> float:
        return min(self.table_seconds)

    @property
    def median(self) -> float:
        return statistics.median(self.table_seconds)


def verify(command: list[str], n: int) -> None:
    """Warm-up: fail loudly unless every activity of the ledger was counted."""
    done = subprocess.run([*command, "--format", "json"], capture_output=True, text=True,
                          check=False, env={**os.environ, "LOFTE_NO_CACHE": "1"})
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        sys.exit(f"`{' '.join(command)}` gave no JSON (exit {done.returncode}):\n"
                 f"{done.stdout[:2000]}{done.stderr[:2000]}")
    counted = sum(row["activity_count"] for row in report["commitments"])
    if done.returncode != 0 or done.stderr or counted < n:
        sys.exit(f"`{' '.join(command)}`: exit {done.returncode}, {counted} activity counts "
                 f"for {n} activities\n{done.stderr[:2000]}")


def measure(n: int, repeat: int, seed: int) -> Timing:
    ledger = ensure_ledger(n, seed)
    command = [*lofte_command(), "status", "--ledger", str(ledger), "--as-of", AS_OF]
    verify(command, n)
    runs: dict[str, list[float]] = {"json": [], "table": []}
    peak = 0
    for _ in range(repeat):
        for name, extra in (("json", ["--format", "json"]), ("table", [])):
            run = run_once([*command, *extra], {"LOFTE_NO_CACHE": "1"})
            if run.exit_code != 0:
                sys.exit(f"`{' '.join(command)}` exited {run.exit_code}")
            runs[name].append(run.seconds)
            peak = max(peak, run.peak_rss_kib)
    return Timing(n, runs["json"], runs["table"], peak)


def render(rows: list[Timing], base: Timing) -> list[str]:
    header = (f"{'N':>8} {'table s':>8} {'median s':>9} {'json s':>7} {'ms/1k>0':>8} "
              f"{'peak RSS':>9}")
    lines = [header, "-" * len(header)]
    for row in rows:
        above = f"{(row.best - base.best) / row.n * 1e6:8.1f}" if row.n else f"{'-':>8}"
        lines.append(f"{row.n:>8} {row.best:8.3f} {row.median:9.3f} "
                     f"{min(row.json_seconds):7.3f} {above} {row.peak_rss_kib / 1024:6.0f} MiB")
    return lines


def summary(rows: list[Timing], base: Timing) -> list[str]:
    lines = ["", f"table s / json s: best wall time of `lofte status` (table at 100 columns) "
                 f"and of `--format json`; ms/1k>0: per 1,000 activities above the empty "
                 f"ledger (startup {base.best:.3f} s)."]
    lines += target_line(rows, TARGET_N, TARGET_SECONDS)
    lines.append("for comparison (issue 4): hledger checks 10k transactions in 0.44 s; "
                 "ledger-cli balances 100k in 0.70 s")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Time `lofte status` on synthetic ledgers.")
    size_arguments(parser, [1_000, 10_000, 100_000], 3, DEFAULT_SEED)
    args = parse_size_arguments(parser, argv)

    rows = measure_sizes(measure, args.sizes, args.repeat, args.seed)
    for line in render(rows, rows[0]) + summary(rows, rows[0]):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
