"""lofte beside its peers on the same entries: hledger, ledger and beancount. A benchmark,
not a test.

    python benchmarks/peers.py [--n 100000] [--rounds 5] [--seed S]

From the synthetic ledger benchmarks/ledgers/N (generated when missing), this writes the
same activities as an hledger journal, a ledger journal and a beancount file into
benchmarks/ledgers/peers-N/ (gitignored; written again when the ledger is newer): one
transaction per activity, dated as the activity, its summary as the payee, one posting of
1 to each commitment it names, balanced by one account of the promise.

Then, ROUNDS times, in turn within each round (so that a busy moment of a shared machine
falls on both sides of a ratio alike):

- cold validation: `lofte check --no-cache` beside `hledger check` and
  `bean-check --no-cache`;
- warm view: `lofte status` (its parse cache warm) beside `ledger bal`, `hledger bal` and
  `bean-check` (its cache warm);
- startup: `lofte --version` and `lofte log --dry-run` beside `python3 -c "import typer"`.

It prints one table: the median wall seconds of each command, its peak RSS, and the median
of the per-round ratios lofte / peer (below 1: lofte is faster), with the spread of those
ratios (lowest–highest) as the measure of the noise. Peers that are not installed are named
and left out; install them with `apt-get install hledger ledger` and `pip install beancount`.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generate import DEFAULT_SEED
from timing import (
    LEDGERS,
    cache_home,
    empty_cache,
    ensure_ledger,
    lofte_command,
    machine_line,
    run_once,
)

AS_OF = "2025-12-31"
MB = 1_000_000
PROMISE_ACCOUNT = "promise"


@dataclass(frozen=True, slots=True)
class Entry:
    """What the peers need of one activity."""

    date: str
    commitments: tuple[str, ...]
    summary: str


def _unquote(value: str) -> str:
    """The text of a scalar as the generator writes it (plain, or double-quoted with the
    escapes of `generate.quote`), made safe for a journal's payee (one line)."""
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1].replace('\\"', '"').replace("\\\\", "\\")
    return value.replace("\\n", " ").replace("\\t", " ").replace(";", ",")


def read_entries(ledger: Path) -> Iterator[Entry]:
    """The activities of a generated ledger, read line by line: the generator writes one
    `key: value` per line, so no YAML parser (and nothing of lofte) is needed."""
    for path in sorted((ledger / "activities").rglob("*.yaml")):
        fields: dict[str, str] = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            key, _, value = line.partition(": ")
            fields[key] = value
        commitment = fields["commitment"].strip()
        ids = tuple(_unquote(part) for part in commitment.strip("[]").split(",")) \
            if commitment.startswith("[") else (commitment,)
        yield Entry(fields["date"].strip(), ids, _unquote(fields["summary"]))


def _beancount_account(commitment: str) -> str:
    return "Expenses:Activities:" + commitment[:1].upper() + commitment[1:]


def write_journals(entries: list[Entry], folder: Path) -> dict[str, Path]:
    """The same entries as an hledger journal, a ledger journal and a beancount file."""
    folder.mkdir(parents=True, exist_ok=True)
    journal: list[str] = []
    beancount: list[str] = ['option "operating_currency" "ACT"', "",
                            "2000-01-01 open Assets:Promise"]
    opened: set[str] = set()
    for entry in entries:
        journal.append(f"{entry.date} {entry.summary}")
        beancount.append(f'{entry.date} * "{entry.summary.replace(chr(34), chr(39))}"')
        for commitment in entry.commitments:
            journal.append(f"    activities:{commitment}    1 ACT")
            account = _beancount_account(commitment)
            if account not in opened:
                opened.add(account)
                beancount.insert(3, f"2000-01-01 open {account}")
            beancount.append(f"  {account}  1 ACT")
        journal.append(f"    {PROMISE_ACCOUNT}")
        journal.append("")
        beancount.append("  Assets:Promise")
        beancount.append("")
    text = "\n".join(journal) + "\n"
    paths = {"hledger": folder / "journal.hledger", "ledger": folder / "journal.ledger",
             "beancount": folder / "journal.beancount"}
    paths["hledger"].write_text(text, encoding="utf-8")
    paths["ledger"].write_text(text, encoding="utf-8")
    paths["beancount"].write_text("\n".join(beancount) + "\n", encoding="utf-8")
    return paths


def ensure_journals(ledger: Path, n: int) -> dict[str, Path]:
    folder = LEDGERS / f"peers-{n}"
    paths = {"hledger": folder / "journal.hledger", "ledger": folder / "journal.ledger",
             "beancount": folder / "journal.beancount"}
    stamp = (ledger / "commitments.yaml").stat().st_mtime
    if all(p.exists() and p.stat().st_mtime >= stamp for p in paths.values()):
        return paths
    print(f"writing the peers' journals for {n} activities into {folder} ...", flush=True)
    return write_journals(list(read_entries(ledger)), folder)


@dataclass(slots=True)
class Timed:
    """Every round's seconds of one command, and its peak RSS."""

    name: str
    command: list[str]
    seconds: list[float] = field(default_factory=list)
    peak_kib: int = 0
    env: dict[str, str] = field(default_factory=dict)

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True, slots=True)
class Comparison:
    task: str
    ours: str  # a Timed's name
    peer: str


def _find(program: str) -> str | None:
    beside = Path(sys.executable).parent / program
    return str(beside) if beside.exists() else shutil.which(program)


def commands(ledger: Path, empty: Path, journals: dict[str, Path], cache: Path,
             lofte: list[str]) -> tuple[list[Timed], list[str]]:
    """The commands to time, and the peers that are missing."""
    env = {"XDG_CACHE_HOME": str(cache)}
    timed = [
        Timed("lofte check --no-cache", [*lofte, "check", "--ledger", str(ledger),
                                         "--no-cache"], env=env),
        Timed("lofte status (warm)", [*lofte, "status", "--ledger", str(ledger), "--as-of",
                                      AS_OF], env=env),
        Timed("lofte --version", [*lofte, "--version"], env=env),
        Timed("lofte log --dry-run", [*lofte, "log", "fotpatrullering", "Fotpatrull.",
                                      "--date", "2025-06-02", "--dry-run", "--ledger",
                                      str(empty)], env=env),
        Timed("python3 -c 'import typer'", [sys.executable, "-c", "import typer"]),
    ]
    missing: list[str] = []
    hledger, ledger_cli, bean_check = _find("hledger"), _find("ledger"), _find("bean-check")
    if hledger:
        timed.append(Timed("hledger check", [hledger, "check", "-f", str(journals["hledger"])]))
        timed.append(Timed("hledger bal", [hledger, "bal", "-f", str(journals["hledger"])]))
    else:
        missing.append("hledger")
    if ledger_cli:
        timed.append(Timed("ledger bal", [ledger_cli, "-f", str(journals["ledger"]), "bal"]))
    else:
        missing.append("ledger")
    if bean_check:
        beancount_file = str(journals["beancount"])
        timed.append(Timed("bean-check --no-cache", [bean_check, "--no-cache", beancount_file]))
        timed.append(Timed("bean-check (cache warm)", [bean_check, beancount_file]))
    else:
        missing.append("beancount (bean-check)")
    return timed, missing


COMPARISONS = (
    Comparison("cold validation", "lofte check --no-cache", "hledger check"),
    Comparison("cold validation", "lofte check --no-cache", "bean-check --no-cache"),
    Comparison("warm view", "lofte status (warm)", "ledger bal"),
    Comparison("warm view", "lofte status (warm)", "hledger bal"),
    Comparison("warm view", "lofte status (warm)", "bean-check (cache warm)"),
    Comparison("startup", "lofte --version", "python3 -c 'import typer'"),
    Comparison("startup", "lofte log --dry-run", "python3 -c 'import typer'"),
    Comparison("startup", "lofte log --dry-run", "lofte --version"),
)

# The targets of issue 15, as (ours, peer): at most this ratio.
TARGETS = {
    ("lofte check --no-cache", "hledger check"): 1.0,
    ("lofte status (warm)", "ledger bal"): 1.0,
    ("lofte --version", "python3 -c 'import typer'"): 2.0,
    ("lofte log --dry-run", "python3 -c 'import typer'"): 3.0,
}
MEMORY_TARGET_MB = 150  # warm status at 100k


def measure(timed: list[Timed], rounds: int) -> None:
    """One untimed run of each (warming the caches), then ROUNDS rounds of all of them."""
    for item in timed:
        run = run_once(item.command, item.env)
        if run.exit_code != 0:
            sys.exit(f"`{' '.join(item.command)}` exited {run.exit_code}")
    for number in range(rounds):
        for item in timed:
            run = run_once(item.command, item.env)
            item.seconds.append(run.seconds)
            item.peak_kib = max(item.peak_kib, run.peak_rss_kib)
        print(f"  round {number + 1} of {rounds}", flush=True)


def render(timed: list[Timed], missing: list[str], n: int) -> list[str]:
    by_name = {item.name: item for item in timed}
    lines = [f"{'command':<28} {'median s':>9} {'peak MB':>8}", "-" * 47]
    lines += [f"{item.name:<28} {item.median:9.3f} {item.peak_kib * 1024 / MB:8.0f}"
              for item in timed]
    lines += ["", f"{'task':<16} {'lofte':<24} {'peer':<26} {'ratio':>6} {'spread':>12} "
              f"{'target':>7}", "-" * 96]
    for comparison in COMPARISONS:
        ours, peer = by_name.get(comparison.ours), by_name.get(comparison.peer)
        if ours is None or peer is None:
            continue
        ratios = [a / b for a, b in zip(ours.seconds, peer.seconds, strict=True)]
        limit = TARGETS.get((comparison.ours, comparison.peer))
        verdict = "" if limit is None else \
            f"{'<=' if statistics.median(ratios) <= limit else 'NOT'} {limit:g}"
        lines.append(f"{comparison.task:<16} {comparison.ours:<24} {comparison.peer:<26} "
                     f"{statistics.median(ratios):6.2f} "
                     f"{min(ratios):5.2f}–{max(ratios):<5.2f} {verdict:>7}")
    status = by_name["lofte status (warm)"]
    lines += ["", f"peak RSS of warm lofte status on {n:,} activities: "
              f"{status.peak_kib * 1024 / MB:.0f} MB (target <= {MEMORY_TARGET_MB} MB)",
              "ratio: median over the rounds of lofte's seconds / the peer's in the same "
              "round; spread: the lowest and highest of those ratios."]
    lines.append("missing peers: " + (", ".join(missing) if missing else "none"))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="lofte beside hledger, ledger, beancount.")
    parser.add_argument("--n", type=int, default=100_000, help="activities (default 100000)")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds (default 5)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="generator seed")
    parser.add_argument("--lofte", default=None, metavar="COMMAND",
                        help="the lofte to run, e.g. 'python -m lofte' with PYTHONPATH set "
                             "to another checkout's src (default: the one beside this Python)")
    args = parser.parse_args(argv)
    if args.n < 1 or args.rounds < 1:
        parser.error("--n and --rounds must be >= 1")
    print(machine_line(), flush=True)
    ledger = ensure_ledger(args.n, args.seed)
    empty = ensure_ledger(0, args.seed)
    journals = ensure_journals(ledger, args.n)
    with cache_home() as home:
        empty_cache(home)
        lofte = shlex.split(args.lofte) if args.lofte else lofte_command()
        print(f"measuring: {' '.join(lofte)}", flush=True)
        timed, missing = commands(ledger, empty, journals, home, lofte)
        if missing:
            print("not installed, left out: " + ", ".join(missing), flush=True)
        measure(timed, args.rounds)
    print(f"\n{args.n:,} activities, {args.rounds} rounds, load average "
          f"{os.getloadavg()[0]:.1f} at the end\n")
    for line in render(timed, missing, args.n):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
