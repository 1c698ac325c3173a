"""How well and how fast the personal-data guard works. A benchmark, not a test.

    python benchmarks/privacy_scores.py [--texts 4000] [--repeat 7]

Prints the precision and recall of `lofte.domain.privacy.find_personal_data` on the labelled corpus
of Swedish activity sentences in tests/privacy_corpus.py: per kind, over all kinds, and on
detection per sentence (any personal data at all), followed by the sentences it gets wrong.
Then times one call on clean, typical activity text: summaries, places and tags drawn as
benchmarks/generate.py draws them (the best of REPEAT runs, in microseconds per call).
tests/test_privacy_corpus.py asserts the scores; nothing here fails because a machine is slow.
"""

from __future__ import annotations

import argparse
import random
import sys
import timeit
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # for tests.privacy_corpus

from tests.privacy_corpus import CORPUS, Report, Score, score

from generate import KINDS
from lofte.domain.privacy import find_personal_data


def table(report: Report) -> list[str]:
    rows = [*report.per_kind, report.kinds, report.sentence]
    lines = [f"{'':28} {'precision':>9} {'recall':>7} {'TP':>4} {'FP':>4} {'FN':>4}"]
    for row in rows:
        name = "any, per sentence" if row is report.sentence else row.name
        lines.append(_row(name, row))
    return lines


def _row(name: str, row: Score) -> str:
    return (f"{name:28} {row.precision:9.3f} {row.recall:7.3f} {row.true_positives:4d} "
            f"{row.false_positives:4d} {row.false_negatives:4d}")


def typical_texts(count: int, seed: int = 2023) -> list[str]:
    """Clean activity text as the benchmark ledgers hold it: a summary, a place, a tag."""
    rng = random.Random(seed)
    kinds = list(KINDS.values())
    texts: list[str] = []
    while len(texts) < count:
        kind = rng.choice(kinds)
        place = rng.choice(kind.places)
        low, high = kind.people or (2, 40)
        texts.append(rng.choice(kind.summaries).format(
            place=place, n=rng.randint(low, high), k=rng.randint(2, 12),
            week=rng.randint(1, 52)))
        texts += [place, rng.choice(kind.tags)]
    return texts[:count]


def microseconds_per_call(texts: list[str], repeat: int) -> float:
    best = min(timeit.repeat(lambda: [find_personal_data(t) for t in texts],
                             number=1, repeat=repeat))
    return best / len(texts) * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--texts", type=int, default=4000, help="texts to time (4000)")
    parser.add_argument("--repeat", type=int, default=7, help="timed runs, best kept (7)")
    args = parser.parse_args(argv)

    report = score(lambda text: [m.kind for m in find_personal_data(text)])
    with_data = sum(bool(sample.kinds) for sample in CORPUS)
    print(f"Personal-data guard on {len(CORPUS)} labelled sentences "
          f"({with_data} with personal data, {len(CORPUS) - with_data} without):\n")
    print("\n".join(table(report)))
    if report.misses:
        print("\nWrong:")
        for sample, found in report.misses:
            print(f"  expected {sorted(sample.kinds) or '-'}, found {sorted(found) or '-'}: "
                  f"{sample.text}")

    texts = typical_texts(args.texts)
    summaries = texts[::3]
    flagged = sum(bool(find_personal_data(t)) for t in texts)
    print(f"\nTime per call, best of {args.repeat}:")
    print(f"  {len(texts)} fields (summaries, places, tags): "
          f"{microseconds_per_call(texts, args.repeat):.2f} µs")
    print(f"  {len(summaries)} summaries: {microseconds_per_call(summaries, args.repeat):.2f} µs")
    print(f"  flagged, though clean: {flagged}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
