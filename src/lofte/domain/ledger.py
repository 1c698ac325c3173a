"""A loaded ledger and its activities. Pure, and without pydantic until an activity's
whole model is asked for (`RecordedActivity.activity`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from lofte.domain.layout import FIELD_COMMITMENT, FIELD_DATE, ActivityFields
from lofte.domain.promise import Commitment, CommitmentsFile

if TYPE_CHECKING:
    from lofte.domain.models import Activity
    from lofte.domain.reviews import Review


class RecordedActivity:
    """An activity with the file it came from (and its index when the file holds a list).

    `date` and `commitment` are at hand for the bulk arithmetic of coverage; the whole
    `activity` model is made the first time it is asked for, so that a ledger of 100,000
    activities does not build 100,000 models for a table that needs two fields of each.
    Read-only by convention.
    """

    __slots__ = ("_activity", "_fields", "commitment", "date", "index", "path")

    def __init__(self, activity: Activity, path: str, index: int | None = None) -> None:
        self._activity: Activity | None = activity
        self._fields: ActivityFields | None = None
        self.date: dt.date = activity.date
        self.commitment: tuple[str, ...] = tuple(activity.commitment)
        self.path = path
        self.index = index

    @classmethod
    def from_fields(cls, fields: ActivityFields, path: str,
                    index: int | None = None) -> RecordedActivity:
        entry = cls.__new__(cls)
        entry._activity = None
        entry._fields = fields
        entry.date = dt.date.fromordinal(fields[FIELD_DATE])
        entry.commitment = fields[FIELD_COMMITMENT]
        entry.path = path
        entry.index = index
        return entry

    @property
    def activity(self) -> Activity:
        if self._activity is None:
            from lofte.domain.models import activity_from_fields  # noqa: PLC0415 - pydantic, when asked

            assert self._fields is not None
            self._activity = activity_from_fields(self._fields)
        return self._activity

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RecordedActivity):
            return NotImplemented
        return (self.path, self.index, self.activity) == (other.path, other.index,
                                                          other.activity)

    def __hash__(self) -> int:
        return hash((self.path, self.index))

    def __repr__(self) -> str:
        return f"RecordedActivity({self.activity!r}, {self.path!r}, {self.index!r})"


@dataclass(frozen=True, slots=True)
class Ledger:
    """A loaded ledger: the promise and every activity that passed validation."""

    promise_file: CommitmentsFile
    # the deeds: what coverage, totals and reports count; a tuple, or `Activities` (made
    # when first asked for) from the loader
    entries: Sequence[RecordedActivity]
    plans: Sequence[RecordedActivity] = ()  # `planned: true`: never counted
    reviews: tuple[Review, ...] = ()  # the meeting's verdicts, one per follow-up period

    def commitment(self, commitment_id: str) -> Commitment | None:
        for commitment in self.promise_file.commitments:
            if commitment.id == commitment_id:
                return commitment
        return None
