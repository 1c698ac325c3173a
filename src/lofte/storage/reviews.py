"""Reading the review files, `reviews/<period>.yaml`, with located findings.

Reviews are few (one per follow-up period), so they are read on every run, without the
parse cache. The rules of the listing are those of activities/: links that leave the ledger
are not followed, hidden names are skipped (`lofte.storage.listing`).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from lofte.domain.findings import Finding
from lofte.domain.layout import LocalFinding
from lofte.domain.promise import CommitmentsFile
from lofte.i18n import N_, _
from lofte.storage.discovery import REVIEWS_DIR
from lofte.storage.listing import list_ledger_files
from lofte.storage.located import Positions, read_yaml, to_finding

if TYPE_CHECKING:
    from lofte.domain.reviews import Review

EMPTY_REVIEW_FILE = N_("file is empty; a review needs period, decided_on, by and verdicts")
TWO_REVIEWS = N_("{period} is reviewed in more than one file ({paths}); keep one file per "
                 "period")


@dataclass(frozen=True, slots=True)
class LoadedReviews:
    reviews: tuple[Review, ...]  # the usable ones, by period name
    findings: list[Finding]
    files: int


def read_review(path: str, promise_file: CommitmentsFile | None,
                today: dt.date) -> tuple[Review | None, list[Finding]]:
    """One review file: the review (None when unusable) and its findings."""
    # imported here: a ledger without reviews (a warm `lofte status`) never needs it
    from lofte.domain.reviews import validate_review  # noqa: PLC0415

    found: list[LocalFinding] = []
    loaded = read_yaml(path, _(EMPTY_REVIEW_FILE), found)
    review = None
    if loaded is not None:
        text, data = loaded
        doc = validate_review(data, Path(path).name, promise_file, today)
        if doc.issues:
            found.extend(Positions(path, text).locate(doc.issues))
        if doc.review is not None:
            review = replace(doc.review, path=path)
    return review, [to_finding(path, local) for local in found]


def load_reviews(root: Path, promise_file: CommitmentsFile | None,
                 today: dt.date) -> LoadedReviews:
    """Every review below reviews/. A period reviewed by two files (`2025-T1.yaml` and
    `2025-T1.yml`, or in two folders) is used from neither: `check` names both."""
    files, problems = list_ledger_files(root, REVIEWS_DIR)
    findings = [Finding(p.path, 1, 1, "error", p.code, p.message) for p in problems]
    by_period: dict[str, list[Review]] = {}
    for listed in files:
        review, found = read_review(listed.path, promise_file, today)
        findings.extend(found)
        if review is not None:
            by_period.setdefault(review.period, []).append(review)
    reviews = []
    for period, same in sorted(by_period.items()):
        if len(same) == 1:
            reviews.append(same[0])
            continue
        others = ", ".join(Path(os.path.relpath(r.path, root)).as_posix() for r in same)
        findings.extend(Finding(r.path, 1, 1, "error", "review-file-name", _(
            TWO_REVIEWS).format(period=period, paths=others)) for r in same)
    return LoadedReviews(tuple(reviews), findings, len(files))
