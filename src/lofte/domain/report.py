"""The public follow-up (`lofte report`): what was done in a period, as plain data. Pure.

The promise says its parties will "genomföra och kommunicera genomförda åtgärder"; this
module works out what there is to communicate for a period [start, end]. Nothing here reads
files, the clock or a console; the renderers in `lofte.render.report_*` turn a `Report` into
Markdown, HTML or CSV.

Choices made here:

- Groups follow the promise (`new_activity.group_commitments`): commitments with the same
  owners together, groups in the order they first appear in commitments.yaml. For the
  Forshaga promise that is the police alone, both together, the municipality alone.
- A commitment is reported when it was part of the promise for at least one day of the
  period: S <= end, and it was not retired on or before `start` (S as in coverage).
- A commitment counts the activities naming it dated in [max(start, S), end], as `lofte
  status` counts them; its target is judged over the complete calendar periods inside that
  range (`coverage.target_progress`).
- Activities with `public: false` are counted (per commitment, per group, in the monthly
  chart), but nothing else of them enters a `Report` (date, summary, place, parties, tags,
  links, people reached, staff hours): a renderer cannot publish what it is never given.
  People reached and staff hours are therefore sums over the public activities only; with
  a single private activity, a sum that included it would give its figures away.
- The monthly chart counts distinct activities per group; an activity naming commitments
  of two groups counts once in each.
- Verdicts come from the review of exactly the report's period (`review_for`), when there is
  one: a report of 2025-T1 shows the verdicts of reviews/2025-T1.yaml. Any other report
  shows every commitment as not assessed, and says so once.
- "Ändringar i löftet": every commitment added to the promise (`active_from` after its
  `valid_from`) or retired, up to the report's last day, with its date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from lofte.domain.coverage import TargetProgress, target_progress, window_start
from lofte.domain.findings import Finding, FindingCode
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.new_activity import group_commitments
from lofte.domain.periods import Span, periods_overlapping
from lofte.domain.promise import Commitment, Promise
from lofte.domain.reviews import Review, VerdictEntry

PERSONAL_DATA_CODE: Final[FindingCode] = "personal-data"


@dataclass(frozen=True, slots=True)
class PublishedActivity:
    """A public activity, as the report may show it."""

    date: dt.date
    summary: str
    place: str | None
    by: tuple[str, ...]  # party ids: its `by`, or the owners of its commitments
    people_reached: int | None
    hours: float | None
    links: tuple[str, ...]
    commitments: tuple[str, ...]  # the ids it names that this report shows, in its order


@dataclass(frozen=True, slots=True)
class CommitmentReport:
    commitment: Commitment
    start: dt.date  # the first day counted: the later of the period's start and S
    activities: int  # all counted activities, public or not
    private: int  # of which `public: false`
    people_reached: int  # over the public activities
    with_people: int  # public activities that report people_reached
    hours: float  # over the public activities
    with_hours: int  # public activities that report hours
    published: tuple[PublishedActivity, ...]  # the public ones, oldest first
    target: TargetProgress | None
    verdict: VerdictEntry | None = None  # the meeting's, when the period was reviewed

    @property
    def id(self) -> str:
        return self.commitment.id

    def examples(self, limit: int | None) -> tuple[PublishedActivity, ...]:
        """At most `limit` public activities (None: all), newest first."""
        newest = self.published[::-1]
        return newest if limit is None else newest[:limit]


@dataclass(frozen=True, slots=True)
class ReportGroup:
    """Commitments with the same owners: one party alone, or several together."""

    owners: tuple[str, ...]
    commitments: tuple[CommitmentReport, ...]
    activities: int  # distinct activities naming any of them

    @property
    def joint(self) -> bool:
        return len(self.owners) > 1


@dataclass(frozen=True, slots=True)
class MonthCounts:
    month: Span
    counts: tuple[int, ...]  # distinct activities per group, in the order of Report.groups


@dataclass(frozen=True, slots=True)
class PromiseChange:
    """A commitment added to the promise, or retired from it, on `date`."""

    date: dt.date
    kind: Literal["added", "retired"]
    commitment: Commitment


@dataclass(frozen=True, slots=True)
class Report:
    promise: Promise
    parties: dict[str, str]  # id -> name, in the order of commitments.yaml
    start: dt.date
    end: dt.date
    groups: tuple[ReportGroup, ...]
    months: tuple[MonthCounts, ...]
    activities: int  # distinct activities in the report
    private: int  # of which `public: false`
    published: tuple[PublishedActivity, ...]  # every public activity once, oldest first
    sources: frozenset[str]  # the files the published text comes from
    review: Review | None = None  # the review of exactly this period, if there is one
    changes: tuple[PromiseChange, ...] = ()  # up to `end`, oldest first

    def party_name(self, party: str) -> str:
        return self.parties.get(party, party)

    @property
    def commitments(self) -> tuple[CommitmentReport, ...]:
        return tuple(c for group in self.groups for c in group.commitments)


@dataclass(frozen=True, slots=True)
class Period:
    """The days a report covers, and the days that were asked for."""

    start: dt.date
    end: dt.date
    requested_start: dt.date
    requested_end: dt.date

    @property
    def cut(self) -> bool:
        return (self.start, self.end) != (self.requested_start, self.requested_end)


def choose_period(promise: Promise, today: dt.date, first: dt.date | None = None,
                  last: dt.date | None = None) -> Period | None:
    """[first, last] cut to the promise and to `today`; by default the whole promise up to
    today. None when nothing of it is left (it lies outside the promise, or after today)."""
    requested_start = first or promise.valid_from
    requested_end = last or min(today, promise.valid_until)
    start = max(requested_start, promise.valid_from)
    end = min(requested_end, promise.valid_until, today)
    if end < start:
        return None
    return Period(start, end, requested_start, requested_end)


def is_reported(promise: Promise, commitment: Commitment, start: dt.date,
                end: dt.date) -> bool:
    """Was the commitment part of the promise on at least one day of [start, end]?"""
    if window_start(promise, commitment) > end:
        return False
    return commitment.retired_on is None or commitment.retired_on > start


def _by(entry: RecordedActivity, owners: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    activity = entry.activity
    if activity.by:
        return tuple(dict.fromkeys(activity.by))
    parties: dict[str, None] = {}
    for commitment_id in activity.commitment:
        parties.update(dict.fromkeys(owners.get(commitment_id, ())))
    return tuple(parties)


def _commitment_report(commitment: Commitment, first: dt.date, end: dt.date,
                       dates: Sequence[dt.date], published: Sequence[PublishedActivity], *,
                       review: Review | None) -> CommitmentReport:
    """One commitment: `dates` of all its counted activities, and the public ones."""
    people = sum(a.people_reached or 0 for a in published)
    hours = sum(a.hours or 0.0 for a in published)
    return CommitmentReport(
        commitment, first, len(dates), len(dates) - len(published), people,
        sum(1 for a in published if a.people_reached is not None), hours,
        sum(1 for a in published if a.hours is not None), tuple(published),
        target_progress(commitment, dates, first, end),
        review.verdict(commitment.id) if review is not None else None)


def _month_number(day: dt.date, start: dt.date) -> int:
    """The position of day's month among the months from start's month on."""
    return (day.year - start.year) * 12 + day.month - start.month


def promise_changes(promise: Promise, commitments: Iterable[Commitment],
                    end: dt.date) -> tuple[PromiseChange, ...]:
    """Commitments added after the promise began, or retired, on or before `end`."""
    changes = []
    for commitment in commitments:
        added = commitment.active_from
        if added is not None and promise.valid_from < added <= end:
            changes.append(PromiseChange(added, "added", commitment))
        retired = commitment.retired_on
        if retired is not None and retired <= end:
            changes.append(PromiseChange(retired, "retired", commitment))
    return tuple(sorted(changes, key=lambda c: (c.date, c.kind, c.commitment.id)))


def build_report(ledger: Ledger, start: dt.date, end: dt.date,
                 review: Review | None = None) -> Report:
    """What was done in [start, end] (a range inside the promise, see `choose_period`), with
    the verdicts of `review` (the review of that period, when there is one)."""
    promise_file = ledger.promise_file
    promise = promise_file.promise
    groups = [group for group in group_commitments(promise_file)
              if any(is_reported(promise, c, start, end) for c in group.commitments)]
    group_of: dict[str, int] = {}
    first_day: dict[str, dt.date] = {}
    for number, group in enumerate(groups):
        for commitment in group.commitments:
            if is_reported(promise, commitment, start, end):
                group_of[commitment.id] = number
                first_day[commitment.id] = max(start, window_start(promise, commitment))

    owners = {c.id: tuple(c.owners) for c in promise_file.commitments}
    months = list(periods_overlapping("month", start, end))
    month_counts = [[0] * len(groups) for _ in months]
    # For each commitment: the dates of the activities it counts, and the public ones.
    counted: dict[str, list[dt.date]] = {cid: [] for cid in group_of}
    shown: dict[str, list[PublishedActivity]] = {cid: [] for cid in group_of}
    in_report: list[RecordedActivity] = []
    in_groups: list[set[int]] = []  # the groups each activity in the report counts in
    published: list[PublishedActivity] = []
    # Filtered on the date a loaded activity keeps at hand: the whole model is made only for
    # the activities of the period, not for every activity of the ledger.
    for entry in sorted((e for e in ledger.entries if start <= e.date <= end),
                        key=lambda e: (e.date, e.path, e.index or 0)):
        activity = entry.activity
        names = tuple(cid for cid in dict.fromkeys(activity.commitment)
                      if cid in group_of and activity.date >= first_day[cid])
        if not names:
            continue
        in_report.append(entry)
        public = None
        if activity.public:
            public = PublishedActivity(activity.date, activity.summary, activity.place,
                                       _by(entry, owners), activity.people_reached,
                                       activity.hours, tuple(activity.links), names)
            published.append(public)
        for cid in names:
            counted[cid].append(activity.date)
            if public is not None:
                shown[cid].append(public)
        in_groups.append({group_of[cid] for cid in names})
        for number in in_groups[-1]:
            month_counts[_month_number(activity.date, start)][number] += 1

    report_groups = []
    for number, group in enumerate(groups):
        members = tuple(_commitment_report(c, first_day[c.id], end, counted[c.id],
                                           shown[c.id], review=review)
                        for c in group.commitments if c.id in group_of)
        distinct = sum(1 for numbers in in_groups if number in numbers)
        report_groups.append(ReportGroup(group.owners, members, distinct))
    return Report(
        promise=promise,
        parties={pid: party.name for pid, party in promise_file.parties.items()},
        start=start,
        end=end,
        groups=tuple(report_groups),
        months=tuple(MonthCounts(span, tuple(counts))
                     for span, counts in zip(months, month_counts, strict=True)),
        activities=len(in_report),
        private=sum(1 for entry in in_report if not entry.activity.public),
        published=tuple(published),
        sources=frozenset([*(entry.path for entry in in_report if entry.activity.public),
                           *([review.path] if review is not None else [])]),
        review=review,
        changes=promise_changes(promise, promise_file.commitments, end),
    )


def personal_data_findings(findings: Iterable[Finding], report: Report) -> list[Finding]:
    """The `personal-data` warnings of `lofte check` in the files this report publishes from.

    Findings name a file, not an activity; in a file that holds a list of activities, a
    warning about an activity outside the report is listed too (never one too few).
    """
    return [f for f in findings if f.code == PERSONAL_DATA_CODE and f.path in report.sources]
