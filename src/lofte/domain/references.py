"""An activity's references against the promise: the commitments and parties it names and
its date. Pure, and without pydantic: a warm `lofte status` checks the activities it knows
from the parse cache with `ReferenceCheck` and never validates a model.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lofte import messages as m
from lofte.domain.findings import Issue
from lofte.domain.promise import CommitmentsFile
from lofte.i18n import _

if TYPE_CHECKING:
    from lofte.domain.models import Activity

Loc = tuple[str | int, ...]


def item_prefix(index: int | None) -> Loc:
    """Where an activity lies in its file: at the top, or the item `index` of a list."""
    return () if index is None else (index,)


def suggest(word: str, choices: Iterable[str]) -> str | None:
    """The closest choice to a misspelt or shortened word, if any is close enough."""
    options = list(choices)
    prefixed = [c for c in options if c.startswith(word)] if word else []
    if len(prefixed) == 1:
        return prefixed[0]
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return close[0] if close else None


def unknown_parties(ids: Sequence[str], parties: Collection[str], where: Loc) -> list[Issue]:
    """An issue for each id of `ids` that is not one of `parties`."""
    issues = []
    for index, party in enumerate(ids):
        if party not in parties:
            issues.append(Issue((*where, index), "unknown-party",
                                unknown_party_message(party, parties)))
    return issues


def unknown_party_message(party: str, parties: Iterable[str]) -> str:
    """`party` is not one of `parties`: with "did you mean", or the list of parties."""
    known = list(parties)
    hint = suggest(party, known)
    return _(m.UNKNOWN_PARTY).format(party=party) + (
        _(m.DID_YOU_MEAN).format(suggestion=hint) if hint
        else _(m.KNOWN_PARTIES).format(known=", ".join(known)) if known
        else _(m.NO_PARTIES))


@dataclass(frozen=True, slots=True)
class References:
    """What an activity refers to: enough to check it against the promise, also when
    other fields of the activity are invalid."""

    date: dt.date | None
    commitments: tuple[str, ...]
    by: tuple[str, ...]

    @classmethod
    def of(cls, activity: Activity) -> References:
        return cls(activity.date, tuple(activity.commitment), tuple(activity.by or ()))


def check_references(refs: References, prefix: Loc, promise_file: CommitmentsFile,
                     today: dt.date) -> list[Issue]:
    """What an activity says against the promise: ids, parties and dates."""
    issues: list[Issue] = []
    by_id = {c.id: c for c in promise_file.commitments}
    day = refs.date
    for index, commitment_id in enumerate(refs.commitments):
        commitment = by_id.get(commitment_id)
        if commitment is None and commitment_id in promise_file.unusable_ids:
            issues.append(Issue((*prefix, "commitment", index), "unknown-commitment",
                                _(m.UNUSABLE_COMMITMENT).format(id=commitment_id)))
            continue
        if commitment is None:
            hint = suggest(commitment_id, by_id)
            message = _(m.UNKNOWN_COMMITMENT).format(id=commitment_id) + (
                _(m.DID_YOU_MEAN).format(suggestion=hint) if hint else _(m.KNOWN_IDS))
            issues.append(Issue((*prefix, "commitment", index), "unknown-commitment", message))
            continue
        if day is None:
            continue
        if commitment.active_from and day < commitment.active_from:
            issues.append(Issue((*prefix, "date"), "commitment-inactive", _(m.BEFORE_ACTIVE).format(
                date=day, id=commitment.id, active_from=commitment.active_from),
                severity="warning"))
        if commitment.retired_on and day > commitment.retired_on:
            issues.append(Issue((*prefix, "date"), "commitment-inactive", _(m.AFTER_RETIRED).format(
                date=day, id=commitment.id, retired_on=commitment.retired_on),
                severity="warning"))
    issues.extend(unknown_parties(refs.by, promise_file.parties, (*prefix, "by")))
    if day is None:
        return issues
    promise = promise_file.promise
    if day < promise.valid_from:
        issues.append(Issue((*prefix, "date"), "date-outside-promise",
                            _(m.DATE_BEFORE_PROMISE).format(date=day, start=promise.valid_from)))
    elif day > promise.valid_until:
        issues.append(Issue((*prefix, "date"), "date-outside-promise",
                            _(m.DATE_AFTER_PROMISE).format(date=day, end=promise.valid_until)))
    if day > today:
        issues.append(Issue((*prefix, "date"), "date-in-future", _(m.DATE_IN_FUTURE).format(
            date=day, today=today)))
    return issues


class ReferenceCheck:
    """`check_references` for the many activities of one ledger, against one promise and
    one today. Most activities are fine, and `fine` says so from a few set lookups and two
    comparisons; only the others go through `check_references` for their messages."""

    def __init__(self, promise_file: CommitmentsFile, today: dt.date) -> None:
        self.promise_file = promise_file
        self.today = today
        # Commitments with an active window need the full check (a warning may apply).
        self._plain = frozenset(c.id for c in promise_file.commitments
                                if c.active_from is None and c.retired_on is None)
        self._parties = frozenset(promise_file.parties)
        promise = promise_file.promise
        self._first = promise.valid_from.toordinal()
        self._last = min(promise.valid_until, today).toordinal()
        self._end = promise.valid_until.toordinal()
        self._today = today.toordinal()

    def fine(self, day: int, commitments: Iterable[str], by: Iterable[str] | None) -> bool:
        """Whether an activity on the day with this ordinal has nothing to report."""
        return (self._first <= day <= self._last and self._plain.issuperset(commitments)
                and (by is None or self._parties.issuperset(by)))

    def all_fine(self, first: int, last: int, commitments: Iterable[Iterable[str]],
                 by: Iterable[Iterable[str] | None], *, planned: bool = False) -> bool:
        """Whether activities dated from the ordinal `first` to `last`, naming only these
        tuples of commitment ids and these `by`, all have nothing to report: `fine` for
        each of them (`planned`: `plan_issues` finds nothing, for a plan may lie after
        today but not before it), told from their extremes and their distinct tuples."""
        low, high = (max(self._first, self._today), self._end) if planned \
            else (self._first, self._last)
        return (low <= first and last <= high
                and all(self._plain.issuperset(ids) for ids in commitments)
                and all(ids is None or self._parties.issuperset(ids) for ids in by))

    def issues(self, refs: References, prefix: Loc) -> list[Issue]:
        return check_references(refs, prefix, self.promise_file, self.today)

    def plan_issues(self, refs: References, prefix: Loc) -> list[Issue]:
        """A plan may be dated after today; one dated before it has passed (a warning)."""
        issues = check_references(refs, prefix, self.promise_file, dt.date.max)
        if refs.date is not None and refs.date < self.today:
            issues.append(Issue((*prefix, "date"), "plan-passed", _(m.PLAN_PASSED).format(
                date=refs.date, today=self.today), severity="warning"))
        return issues
