"""Time `lofte import` of N rows against `lofte check` of N activities. A benchmark, not a test.

    python benchmarks/import_speed.py [--sizes 10000] [--repeat 3] [--seed S]

Target (issue 13): importing 10,000 rows takes at most 1.5 times as long as `lofte check`
(without the parse cache: every file read) on a ledger of 10,000 activities.

The sheets are made from the generated ledger benchmarks/ledgers/N/
(benchmarks/generate.py, gitignored) with `lofte export --include-private`, as CSV and as
xlsx, untimed. Each timed import goes into a new empty copy of that ledger (its
commitments.yaml only) under benchmarks/ledgers/.bench-import-N/, so that every row is
checked, named and written: N new files, made durable as `lofte import` makes them (see
src/lofte/storage/staging.py). The CSV is imported twice a round: into a copy without year
folders (each appears whole, in one rename), and into one whose year folders are there and
hold one activity in a hundred of the ledger's, the case of a ledger that has activities
of those years already (the import finds those rows logged and writes the rest; each year
folder is swapped for one with its files and the new ones). The copies are removed only
after the last run: on ext4 without a journal (the virtual machine of
benchmarks/README.md), creating a file skips over every inode freed in the last minutes
(`recently_deleted` in the kernel), so deleting 10,000 files right before a timed import
made its writing 2 to 10 times slower (perf: up to 60 % of the import's time there); a run
started within a few minutes of an earlier run's clean-up pays for it too. Imports and
checks take turns, so that a slow moment of a shared machine hits both alike. Every run
must exit 0, and each import must write a file for every distinct activity.

Figures, and how they came about: benchmarks/README.md, "`lofte import` of 10,000 rows".
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from generate import DEFAULT_SEED
from timing import (
    LEDGERS,
    cache_home,
    ensure_ledger,
    lofte_command,
    machine_line,
    parse_size_arguments,
    run_once,
    size_arguments,
)

TARGET_RATIO = 1.5
FORMATS = ("csv", "xlsx")
# The imports timed in each round: the sheet's format, and whether the year folders exist
# already, holding one activity in THERE_ALREADY of the ledger's (otherwise each year
# folder appears whole, as when a ledger takes in its first sheet).
IMPORTS = {"csv": ("csv", False), "xlsx": ("xlsx", False), "csv, folders there": ("csv", True)}
THERE_ALREADY = 100


def export_sheet(command: list[str], ledger: Path, out: Path) -> None:
    """The ledger's activities as a sheet (untimed)."""
    subprocess.run([*command, "export", "--include-private", "--output", str(out),
                    "--ledger", str(ledger)], check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def empty_copy(ledger: Path, target: Path, *, year_folders: bool = False) -> Path:
    """A new ledger with the same promise and no activities; with `year_folders`, the
    ledger's year folders are there, with one activity in THERE_ALREADY of each."""
    (target / "activities").mkdir(parents=True)
    shutil.copy2(ledger / "commitments.yaml", target / "commitments.yaml")
    if year_folders:
        for folder in (ledger / "activities").iterdir():
            if folder.is_dir():
                (target / "activities" / folder.name).mkdir()
                for activity in sorted(folder.iterdir())[::THERE_ALREADY]:
                    shutil.copy2(activity, target / "activities" / folder.name)
    return target


def count_files(root: Path) -> int:
    return sum(1 for _ in (root / "activities").rglob("*.yaml"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    size_arguments(parser, [10_000], 3, DEFAULT_SEED)
    args = parse_size_arguments(parser, argv)
    command = lofte_command()
    print(machine_line(), flush=True)
    failed = False
    with tempfile.TemporaryDirectory(prefix="lofte-bench-import-") as scratch, \
            cache_home() as home:
        env = {"XDG_CACHE_HOME": str(home), "LOFTE_LANG": "en"}
        for n in (size for size in args.sizes if size):
            ledger = ensure_ledger(n, args.seed)
            sheets = {kind: Path(scratch) / f"sheet-{n}.{kind}" for kind in FORMATS}
            for sheet in sheets.values():
                export_sheet(command, ledger, sheet)
            copies = LEDGERS / f".bench-import-{n}"
            shutil.rmtree(copies, ignore_errors=True)
            try:
                failed = measure(n, repeat=args.repeat, command=command, env=env,
                                 ledger=ledger, sheets=sheets, copies=copies) or failed
            finally:
                shutil.rmtree(copies, ignore_errors=True)
    print("target: import at most 1.5 x check: " + ("NOT met" if failed else "met"))
    return 0


def measure(n: int, *, repeat: int, command: list[str], env: dict[str, str], ledger: Path,
            sheets: dict[str, Path], copies: Path) -> bool:
    """Time the rounds for one size and print them; whether the target is missed."""
    failed = False
    check_times: list[float] = []
    import_times: dict[str, list[float]] = {kind: [] for kind in IMPORTS}
    written: dict[str, int] = {}
    for round_number in range(repeat):
        run = run_once([*command, "check", "--no-cache", "--ledger", str(ledger)], env)
        if run.exit_code != 0:
            raise SystemExit(f"lofte check failed on {ledger} (exit {run.exit_code})")
        check_times.append(run.seconds)
        for number, (kind, (sheet_format, year_folders)) in enumerate(IMPORTS.items()):
            target = empty_copy(ledger, copies / f"{number}-{round_number}",
                                year_folders=year_folders)
            sheet = sheets[sheet_format]
            run = run_once([*command, "import", str(sheet), "--ledger", str(target)], env)
            if run.exit_code != 0:
                raise SystemExit(f"lofte import {sheet.name} failed (exit {run.exit_code})")
            import_times[kind].append(run.seconds)
            written[kind] = count_files(target)
    check = statistics.median(check_times)
    print(f"N = {n:,}: {repeat} runs each, medians (best)")
    print(f"  {'lofte check --no-cache':<32} {check:>7.2f} s ({min(check_times):.2f})")
    for kind in IMPORTS:
        median = statistics.median(import_times[kind])
        ratio = median / check
        verdict = "met" if ratio <= TARGET_RATIO else "NOT met"
        failed = failed or ratio > TARGET_RATIO
        print(f"  {'lofte import (' + kind + ')':<32} {median:>7.2f} s "
              f"({min(import_times[kind]):.2f}), {written[kind]:,} files, "
              f"ratio {ratio:.2f} -> {verdict} (target <= {TARGET_RATIO})")
    return failed


if __name__ == "__main__":
    sys.exit(main())
