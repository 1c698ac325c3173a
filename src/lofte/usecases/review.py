"""Reviewing a period: the figures the meeting looks at, and setting its verdicts.

`period_under_review` reads the period the user named; `review_rows` gives, for each
commitment that was part of the promise during it, what was recorded (activities, people
reached, the state at the end of the period) and the verdict set so far; `set_verdict`
checks one verdict and writes it (`lofte.storage.review_writer`). The CLI's questions and
the web's form both end in `set_verdict`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lofte.domain.coverage import State, compute_status, window_start
from lofte.domain.ids import resolve_commitment, resolve_parties
from lofte.domain.ledger import Ledger
from lofte.domain.periods import parse_period
from lofte.domain.privacy import KIND_NAMES, find_personal_data
from lofte.domain.problems import InputError, Problem, Refused
from lofte.domain.promise import Commitment, CommitmentsFile
from lofte.domain.reviews import (
    PERIOD_OUTSIDE,
    SWEDISH_VERDICTS,
    VERDICT_WORDS,
    VERDICTS,
    Review,
    Verdict,
    VerdictEntry,
    review_for,
    verdict_hint,
)
from lofte.domain.validation import control_characters
from lofte.i18n import N_, _
from lofte.storage.review_writer import VerdictChange, WrittenReview, set_verdicts

NOT_ACTIVE = N_("`{id}` was not part of the promise during {period} ({start} – {end})")
COMMENT_PERSONAL_DATA = N_("the comment seems to contain {kind} (`{masked}`); comments are "
                           "published in the report: leave it out")
COMMENT_CONTROL = N_("the comment holds a control character; type it again")
DECIDED_IN_FUTURE = N_("{date} is after today ({today}); give the day of the meeting")


@dataclass(frozen=True, slots=True)
class ReviewPeriod:
    name: str  # as the file is named: 2025-T1, 2025-H1, 2025, 2025-Q2, 2025-05
    start: dt.date
    end: dt.date


@dataclass(frozen=True, slots=True)
class ReviewRow:
    """One commitment as the meeting sees it for the period."""

    commitment: Commitment
    activities: int  # recorded in the period (private ones too: the meeting sees them all)
    people_reached: int
    state: State  # at the end of the period, or today when the period is not over
    as_of: dt.date
    current: VerdictEntry | None  # the verdict set so far


def period_under_review(text: str, promise_file: CommitmentsFile) -> ReviewPeriod:
    """The period named by `text` (2025-T1, 2025-h1, …), inside the promise. Raises
    Refused."""
    try:
        start, end = parse_period(text)
    except InputError as exc:
        raise Refused([Problem("invalid-value", str(exc), "period")]) from exc
    name = text.strip().upper()
    promise = promise_file.promise
    if end < promise.valid_from or start > promise.valid_until:
        raise Refused([Problem("period-outside-promise", _(PERIOD_OUTSIDE).format(
            period=name, start=start, end=end, valid_from=promise.valid_from,
            valid_until=promise.valid_until), "period")])
    return ReviewPeriod(name, start, end)


def active_during(promise_file: CommitmentsFile, commitment: Commitment,
                  period: ReviewPeriod) -> bool:
    """Whether the commitment was part of the promise on a day of the period."""
    if window_start(promise_file.promise, commitment) > period.end:
        return False
    return commitment.retired_on is None or commitment.retired_on > period.start


def review_rows(ledger: Ledger, period: ReviewPeriod, today: dt.date) -> list[ReviewRow]:
    """The commitments of the period, in the order of commitments.yaml."""
    promise_file = ledger.promise_file
    as_of = min(period.end, today)
    states = {row.id: row.state for row in compute_status(ledger, as_of).rows}
    review = review_for(ledger.reviews, period.start, period.end)
    counts: dict[str, int] = {}
    people: dict[str, int] = {}
    for entry in ledger.entries:
        if period.start <= entry.date <= as_of:
            reached = None
            for commitment_id in dict.fromkeys(entry.commitment):
                counts[commitment_id] = counts.get(commitment_id, 0) + 1
                if reached is None:
                    reached = entry.activity.people_reached or 0
                people[commitment_id] = people.get(commitment_id, 0) + reached
    return [ReviewRow(c, counts.get(c.id, 0), people.get(c.id, 0), states[c.id], as_of,
                      review.verdict(c.id) if review is not None else None)
            for c in promise_file.commitments if active_during(promise_file, c, period)]


def parse_verdict(word: str) -> Verdict:
    """A verdict typed by a user: its id (done, ongoing, partly, not-done), or its word in
    Swedish or English (Genomfört, Pågår, Delvis genomfört, Ej genomfört). Raises Refused."""
    wanted = " ".join(word.strip().casefold().replace("_", "-").split())
    for verdict in VERDICTS:
        if wanted in (verdict, _(VERDICT_WORDS[verdict]).casefold()):
            return verdict
    if wanted in SWEDISH_VERDICTS:
        return SWEDISH_VERDICTS[wanted]
    raise Refused([Problem("invalid-value", verdict_hint(word), "verdict")])


def comment_problems(comment: str) -> list[Problem]:
    """A comment is published: no personal data, no control characters."""
    problems = [Problem("personal-data", _(COMMENT_PERSONAL_DATA).format(
        kind=_(KIND_NAMES[match.kind]), masked=match.masked), "comment")
        for match in find_personal_data(comment)]
    if control_characters({"comment": comment}):
        problems.append(Problem("control-character", _(COMMENT_CONTROL), "comment"))
    return problems


@dataclass(frozen=True, slots=True)
class VerdictRequest:
    commitment: str  # an id or a unique prefix of one
    verdict: str  # as typed: an id or a word
    comment: str | None = None  # None keeps the comment there is; "" removes it


def check_verdict(promise_file: CommitmentsFile, period: ReviewPeriod,
                  request: VerdictRequest) -> tuple[VerdictChange | None, list[Problem]]:
    """One verdict as the review file will hold it, and what is wrong with it (a form shows
    the problems next to that commitment)."""
    try:
        commitment = resolve_commitment(request.commitment, promise_file.commitments)
        verdict = parse_verdict(request.verdict)
    except Refused as refused:
        return None, refused.problems
    problems = []
    if not active_during(promise_file, commitment, period):
        problems.append(Problem("commitment-inactive", _(NOT_ACTIVE).format(
            id=commitment.id, period=period.name, start=period.start, end=period.end),
            "commitment"))
    comment = None if request.comment is None else " ".join(request.comment.split())
    if comment:
        problems.extend(comment_problems(comment))
    return VerdictChange(commitment.id, verdict, comment), problems


def set_verdict(root: Path, promise_file: CommitmentsFile, period: ReviewPeriod,
                requests: Sequence[VerdictRequest], today: dt.date, *,
                decided_on: dt.date | None = None, by: Sequence[str] = ()) -> WrittenReview:
    """Check each verdict and write them all to the review of `period`, or nothing. Raises
    Refused listing every problem, ReviewNotEditable, a BoundaryError or OSError."""
    problems: list[Problem] = []
    changes: list[VerdictChange] = []
    for request in requests:
        change, found = check_verdict(promise_file, period, request)
        problems.extend(found)
        if change is not None:
            changes.append(change)
    if decided_on is not None and decided_on > today:
        problems.append(Problem("date-in-future", _(DECIDED_IN_FUTURE).format(
            date=decided_on, today=today), "decided_on"))
    try:
        parties = resolve_parties(by, promise_file.parties) if by else []
    except Refused as refused:
        problems.extend(refused.problems)
        parties = []
    if problems:
        raise Refused(problems)
    places = [c.id for c in promise_file.commitments if active_during(promise_file, c, period)]
    return set_verdicts(root, promise_file, period.name, changes, today,
                        decided_on=decided_on, by=parties, places=places)


def review_of(ledger: Ledger, period: ReviewPeriod) -> Review | None:
    return review_for(ledger.reviews, period.start, period.end)
