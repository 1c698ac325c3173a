"""Reviews: the cooperation meeting's verdict per commitment for a follow-up period. Pure.

A review is `reviews/<period>.yaml`, one file per period (`2025-T1`, `2025-H1`, `2025`,
`2025-Q2`, `2025-05`):

    period: 2025-T1
    decided_on: 2025-05-12
    by: [polisen, kommunen]
    verdicts:
      poliskontor: {verdict: done, comment: Mobila poliskontoret varje vecka utom v. 2.}

A commitment without a verdict is *not assessed*. Validation here is pure, like the rest of
`lofte.domain.validation`: data in, a `Review` (or None) and located issues out; the file
name's stem and "today" are given by the caller.

Each verdict is validated on its own, so that one misspelt verdict does not throw away the
others: `check` reports it, and the report shows that commitment as not assessed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import Field, ValidationError

from lofte import messages as m
from lofte.domain.findings import Issue
from lofte.domain.models import (
    SLUG_MAX,
    SLUG_PATTERN,
    IsoDate,
    SlugList,
    Text,
    _one_or_many,
    _Strict,
)
from lofte.domain.periods import parse_period
from lofte.domain.privacy import KIND_NAMES, find_personal_data
from lofte.domain.problems import InputError
from lofte.domain.promise import CommitmentsFile
from lofte.domain.references import suggest, unknown_party_message
from lofte.domain.validation import (
    Loc,
    control_characters,
    describe,
    issues_from_error,
)
from lofte.i18n import N_, _

Verdict = Literal["done", "ongoing", "partly", "not-done"]
VERDICTS: Final[tuple[Verdict, ...]] = get_args(Verdict)

# The words of the verdicts, in the order of VERDICTS (the report and `lofte review` show
# them; the file holds the ids).
VERDICT_WORDS: Final[dict[Verdict, str]] = {
    "done": N_("Done"),
    "ongoing": N_("Ongoing"),
    "partly": N_("Partly done"),
    "not-done": N_("Not done"),
}
NOT_ASSESSED: Final = N_("Not assessed")

_SLUG = re.compile(SLUG_PATTERN)

# Swedish words a coordinator may write instead of the id: each is told the id to write.
SWEDISH_VERDICTS: Final[dict[str, Verdict]] = {
    "genomfört": "done", "genomfort": "done", "klart": "done", "klar": "done",
    "pågår": "ongoing", "pagar": "ongoing", "pågående": "ongoing",
    "delvis": "partly", "delvis genomfört": "partly", "delvis-genomfört": "partly",
    "ej genomfört": "not-done", "ej-genomfört": "not-done", "inte genomfört": "not-done",
    "ej": "not-done", "not done": "not-done", "notdone": "not-done",
}

REVIEW_FILE_SHAPE = N_("a review file holds one mapping (period, decided_on, by, verdicts); "
                       "found {found}")
VERDICTS_SHAPE = N_("`verdicts` maps commitment ids to `{{verdict: ..., comment: ...}}`; "
                    "found {found}")
VERDICT_SHAPE = N_("the verdict for `{id}` is a mapping `{{verdict: done, comment: ...}}`; "
                   "found {found}")
VERDICT_UNKNOWN = N_("{value} is not a verdict: write done, ongoing, partly or not-done")
PERIOD_NOT_FILE_NAME = N_("the period is {period}, but the file is named {name}: rename the "
                          "file to reviews/{period}.yaml, or correct `period`")
PERIOD_NOT_CANONICAL = N_("write the period as {canonical} (capitals, no spaces), and name the "
                          "file reviews/{canonical}.yaml")
FILE_NAME_NOT_PERIOD = N_("a review file is named after its period (reviews/2025-T1.yaml), "
                          "and `{name}` is not a period: {problem}")
PERIOD_OUTSIDE = N_("the period {period} ({start} – {end}) has no day inside the promise "
                    "({valid_from} – {valid_until})")
DECIDED_IN_FUTURE = N_("decided_on {date} is after today ({today}); write the day of the "
                       "meeting that agreed the verdicts")
VERDICT_INACTIVE = N_("`{id}` was not part of the promise during {period} ({start} – {end}); "
                      "its verdict is not shown")
COMMENT_PERSONAL_DATA = N_("the comment on `{id}` seems to contain {kind} (`{masked}`); "
                           "comments are published in the report: remove it")


class VerdictEntry(_Strict):
    """The meeting's judgement of one commitment for the period."""

    verdict: Verdict = Field(description="done, ongoing, partly or not-done.")
    comment: Text | None = Field(
        default=None, description="One sentence why, published in the report.")


class ReviewHeader(_Strict):
    """The fields of a review file other than its verdicts."""

    period: Text = Field(description="The follow-up period, equal to the file name's stem: "
                                     "2025, 2025-H1, 2025-T1, 2025-Q2 or 2025-05.")
    decided_on: IsoDate = Field(description="The day of the meeting that agreed it.")
    by: Annotated[SlugList, _one_or_many("The id of the party that agreed it, or a list of "
                                         "the ids of the parties that did.")]


class ReviewFile(ReviewHeader):
    """A whole review file, for the JSON Schema (validation goes verdict by verdict)."""

    verdicts: dict[str, VerdictEntry | None] = Field(
        default_factory=dict, description="Commitment id -> its verdict for the period; an "
                                          "id alone (no verdict yet) is not assessed.")


@dataclass(frozen=True, slots=True)
class Review:
    """A review that can be used: its period is a period, its name agrees with it. Only the
    verdicts that passed validation are in `verdicts`."""

    period: str
    start: dt.date
    end: dt.date
    decided_on: dt.date
    by: tuple[str, ...]
    verdicts: Mapping[str, VerdictEntry]
    path: str = ""  # the file it was read from

    def verdict(self, commitment_id: str) -> VerdictEntry | None:
        return self.verdicts.get(commitment_id)


@dataclass(slots=True)
class ReviewDocument:
    review: Review | None = None
    issues: list[Issue] = field(default_factory=list)


def verdict_hint(value: object) -> str:
    """The message for a word that is not a verdict, naming the id when the word is Swedish."""
    message = _(VERDICT_UNKNOWN).format(value=describe(value))
    if isinstance(value, str):
        word = value.strip().casefold()
        meant = SWEDISH_VERDICTS.get(word) or suggest(word, VERDICTS)
        if meant:
            message += _(m.DID_YOU_MEAN).format(suggestion=meant)
    return message


def _verdict_issues(commitment_id: str, raw: Any, where: Loc) -> tuple[VerdictEntry | None,
                                                                       list[Issue]]:
    if not isinstance(raw, dict):
        return None, [Issue(where, "wrong-shape", _(VERDICT_SHAPE).format(
            id=commitment_id, found=describe(raw)))]
    try:
        return VerdictEntry.model_validate(raw), []
    except ValidationError as error:
        issues = issues_from_error(error, VerdictEntry, where)
    # A verdict that is no verdict gets its own message (with the Swedish words known).
    value = raw.get("verdict")
    if isinstance(value, str) and value not in VERDICTS:
        issues = [i for i in issues if i.loc != (*where, "verdict")]
        issues.append(Issue((*where, "verdict"), "invalid-value", verdict_hint(value)))
    return None, issues


def validate_review(data: Any, name: str, promise_file: CommitmentsFile | None,
                    today: dt.date) -> ReviewDocument:
    """A review file's data, the file named `name`, against the promise (when usable).

    Every finding is reported, also for a review that cannot be used; `doc.review` is the
    usable review: its period parses and equals the file name's stem, and with a promise,
    only verdicts for commitments of the promise during the period are kept."""
    doc = ReviewDocument()
    issues = doc.issues
    if not isinstance(data, dict):
        issues.append(Issue((), "wrong-shape", _(REVIEW_FILE_SHAPE).format(
            found=describe(data))))
        return doc
    issues.extend(control_characters(data))
    raw = dict(data)
    has_verdicts = "verdicts" in raw
    raw_verdicts = raw.pop("verdicts", None)
    header: ReviewHeader | None
    try:
        header = ReviewHeader.model_validate(raw)
    except ValidationError as error:
        issues.extend(issues_from_error(error, ReviewFile))
        header = None

    keys: list[str] = []
    verdicts: dict[str, VerdictEntry] = {}
    if has_verdicts and not isinstance(raw_verdicts, dict):
        issues.append(Issue(("verdicts",), "wrong-shape", _(VERDICTS_SHAPE).format(
            found=describe(raw_verdicts))))
    for key, value in (raw_verdicts or {}).items() if isinstance(raw_verdicts, dict) else ():
        where: Loc = ("verdicts", key)
        if not isinstance(key, str) or len(key) > SLUG_MAX or not _SLUG.fullmatch(key):
            issues.append(Issue(where, "bad-slug", _(m.BAD_SLUG).format(value=str(key)[:70]),
                                at_key=True))
            continue
        keys.append(key)
        if value is None:
            continue  # `id:` alone: the place kept for a verdict not given yet
        entry, problems = _verdict_issues(key, value, where)
        issues.extend(problems)
        if entry is not None:
            verdicts[key] = entry

    named = _file_name_issues(name, header, issues)
    span = _period_span(header, issues)
    if header is None or span is None:
        return doc
    start, end = span
    review = Review(header.period, start, end, header.decided_on, tuple(header.by), verdicts)
    if promise_file is not None:
        issues.extend(reference_issues(review, keys, promise_file, today))
        review = Review(review.period, start, end, review.decided_on, review.by,
                        {cid: entry for cid, entry in verdicts.items()
                         if _active_in(cid, review, promise_file)})
    issues.extend(comment_issues(review))
    if named:
        doc.review = review
    return doc


def _file_name_issues(name: str, header: ReviewHeader | None, issues: list[Issue]) -> bool:
    """Whether the file is named after the review's period (`<period>.yaml`)."""
    stem = name.rsplit(".", 1)[0]
    where: Loc = ("period",) if header is not None else ()
    try:
        parse_period(stem)
    except InputError as exc:
        issues.append(Issue(where, "review-file-name",
                            _(FILE_NAME_NOT_PERIOD).format(name=name, problem=exc)))
        return False
    if header is not None and header.period != stem:
        issues.append(Issue(where, "review-file-name", _(PERIOD_NOT_FILE_NAME).format(
            period=header.period, name=name)))
        return False
    return header is not None


def _period_span(header: ReviewHeader | None,
                 issues: list[Issue]) -> tuple[dt.date, dt.date] | None:
    """The first and last day of the review's period."""
    if header is None:
        return None
    try:
        span = parse_period(header.period)
    except InputError as exc:
        issues.append(Issue(("period",), "invalid-value", str(exc)))
        return None
    # One name per period: `2025-t1` and ` 2025-T1` would name the tertial of 2025-T1 in a
    # second file, which `load_reviews` could not tell from another period.
    canonical = header.period.strip().upper()
    if header.period != canonical:
        issues.append(Issue(("period",), "invalid-value", _(PERIOD_NOT_CANONICAL).format(
            canonical=canonical)))
        return None
    return span


def _active_in(commitment_id: str, review: Review, promise_file: CommitmentsFile) -> bool:
    for commitment in promise_file.commitments:
        if commitment.id == commitment_id:
            if commitment.active_from is not None and commitment.active_from > review.end:
                return False
            return commitment.retired_on is None or commitment.retired_on > review.start
    return False


def reference_issues(review: Review, keys: list[str], promise_file: CommitmentsFile,
                     today: dt.date) -> list[Issue]:
    """What the review says against the promise: its period, parties, commitments, day."""
    issues: list[Issue] = []
    promise = promise_file.promise
    if review.end < promise.valid_from or review.start > promise.valid_until:
        issues.append(Issue(("period",), "period-outside-promise", _(PERIOD_OUTSIDE).format(
            period=review.period, start=review.start, end=review.end,
            valid_from=promise.valid_from, valid_until=promise.valid_until)))
    if review.decided_on > today:
        issues.append(Issue(("decided_on",), "date-in-future", _(DECIDED_IN_FUTURE).format(
            date=review.decided_on, today=today)))
    for index, party in enumerate(review.by):
        if party not in promise_file.parties:
            issues.append(Issue(("by", index), "unknown-party",
                                unknown_party_message(party, promise_file.parties)))
    known = [c.id for c in promise_file.commitments]
    for commitment_id in keys:
        where: Loc = ("verdicts", commitment_id)
        if commitment_id not in known:
            hint = suggest(commitment_id, known)
            message = _(m.UNKNOWN_COMMITMENT).format(id=commitment_id) + (
                _(m.DID_YOU_MEAN).format(suggestion=hint) if hint else _(m.KNOWN_IDS))
            issues.append(Issue(where, "unknown-commitment", message, at_key=True))
        elif not _active_in(commitment_id, review, promise_file):
            issues.append(Issue(where, "commitment-inactive", _(VERDICT_INACTIVE).format(
                id=commitment_id, period=review.period, start=review.start, end=review.end),
                severity="warning", at_key=True))
    return issues


def comment_issues(review: Review) -> list[Issue]:
    """Personal data in the comments, which the report publishes."""
    issues = []
    for commitment_id, entry in review.verdicts.items():
        for match in find_personal_data(entry.comment or ""):
            issues.append(Issue(("verdicts", commitment_id, "comment"), "personal-data",
                                _(COMMENT_PERSONAL_DATA).format(
                                    id=commitment_id, kind=_(KIND_NAMES[match.kind]),
                                    masked=match.masked), severity="warning"))
    return issues


def review_for(reviews: tuple[Review, ...], start: dt.date, end: dt.date) -> Review | None:
    """The review whose period is exactly [start, end], if there is one."""
    for review in reviews:
        if (review.start, review.end) == (start, end):
            return review
    return None
