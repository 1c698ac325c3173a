"""Warm `lofte status` on a group of ledgers against one ledger of as many activities. A
benchmark, not a test.

    python benchmarks/bench_group.py [--ledgers 20] [--each 5000] [--rounds 5] [--seed S]

Makes benchmarks/ledgers/group-LEDGERSxEACH/ (gitignored): LEDGERS ledgers of EACH
activities each (the generator's ledger with its own seed per ledger and its own promise
id), and uses benchmarks/ledgers/N for N = LEDGERS x EACH. Both caches are warmed by one
untimed run; then ROUNDS rounds, the two commands in turn within each round. It prints the
median of each and the median of the per-round ratio group / one ledger, against the
target of 1.2 (issue 15).
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from generate import DEFAULT_SEED, generate
from timing import LEDGERS, cache_home, ensure_ledger, lofte_command, machine_line, run_once

AS_OF = "2025-12-31"
TARGET = 1.2
PROMISE_ID = "  id: forshaga-2023-2025"


def ensure_group(ledgers: int, each: int, seed: int) -> Path:
    """benchmarks/ledgers/group-LxE, generated when missing."""
    folder = LEDGERS / f"group-{ledgers}x{each}"
    for number in range(ledgers):
        member = folder / f"ledger-{number:02}"
        if (member / "commitments.yaml").exists():
            continue
        print(f"generating {member.relative_to(LEDGERS.parent.parent)} ...", flush=True)
        folder.mkdir(parents=True, exist_ok=True)
        generate(each, member, seed + number)
        commitments = member / "commitments.yaml"
        text = commitments.read_text(encoding="utf-8")
        commitments.write_text(text.replace(PROMISE_ID, f"{PROMISE_ID}-{number:02}", 1),
                               encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Warm status: a group against one ledger.")
    parser.add_argument("--ledgers", type=int, default=20, help="ledgers in the group")
    parser.add_argument("--each", type=int, default=5_000, help="activities per ledger")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    args = parser.parse_args(argv)
    if args.ledgers < 2 or args.each < 1 or args.rounds < 1:
        parser.error("--ledgers must be >= 2, --each and --rounds >= 1")
    print(machine_line(), flush=True)
    group = ensure_group(args.ledgers, args.each, args.seed)
    single = ensure_ledger(args.ledgers * args.each, args.seed)
    lofte = lofte_command()
    commands = {
        "group": [*lofte, "status", "--ledger", str(group), "--as-of", AS_OF],
        "one ledger": [*lofte, "status", "--ledger", str(single), "--as-of", AS_OF],
    }
    seconds: dict[str, list[float]] = {name: [] for name in commands}
    peak: dict[str, int] = dict.fromkeys(commands, 0)
    with cache_home() as home:
        env = {"XDG_CACHE_HOME": str(home)}
        for command in commands.values():
            warm_up = run_once(command, env)
            if warm_up.exit_code != 0:
                sys.exit(f"`{' '.join(command)}` exited {warm_up.exit_code}")
        for number in range(args.rounds):
            for name, command in commands.items():
                run = run_once(command, env)
                seconds[name].append(run.seconds)
                peak[name] = max(peak[name], run.peak_rss_kib)
            print(f"  round {number + 1} of {args.rounds}", flush=True)
    ratios = [g / s for g, s in zip(seconds["group"], seconds["one ledger"], strict=True)]
    total = args.ledgers * args.each
    print()
    print(f"{'warm status':<40} {'median s':>9} {'peak MB':>8}")
    for name in commands:
        what = f"group of {args.ledgers} x {args.each:,}" if name == "group" \
            else f"one ledger of {total:,}"
        print(f"{what:<40} {statistics.median(seconds[name]):9.3f} "
              f"{peak[name] * 1024 / 1e6:8.0f}")
    ratio = statistics.median(ratios)
    verdict = "met" if ratio <= TARGET else "NOT met"
    print(f"\ngroup / one ledger: median {ratio:.2f} (per round {min(ratios):.2f}–"
          f"{max(ratios):.2f}); target <= {TARGET} -> {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
