"""The activities of a loaded ledger, made when they are first asked for.

A warm `lofte status` on 100,000 activities needs two things of each, its date and its
commitment ids, and nothing else. So the loader may hand over a folder's activities as
columns (`DatedColumns`: arrays of dates and of indices into a small table of the distinct
tuples of ids) with a function that makes the whole activities. Coverage reads the columns
(`dates_by_commitment`); a command that looks at the activities themselves (`show`,
`report`, `export`, the web) makes them all the first time it iterates, in the order of
their files, and gets what it would have got from a plain tuple.
"""

from __future__ import annotations

import datetime as dt
from array import array
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from typing import NamedTuple, overload

from lofte.domain.ledger import RecordedActivity


class DatedColumns(NamedTuple):
    """The date and the commitment ids of each of a run of activities, sorted by
    `commitments` (then by date): the activities naming one tuple of ids are one run."""

    days: array[int]  # each date's ordinal (`dt.date.toordinal`)
    commitments: array[int]  # each activity's commitment ids, as an index into `table`
    table: tuple[tuple[str, ...], ...]


class Deferred(NamedTuple):
    """A run of activities known by their columns, and how to make them."""

    columns: DatedColumns
    make: Callable[[], Sequence[RecordedActivity]]  # gives len(columns.days) activities


class Activities(Sequence[RecordedActivity]):
    """A sequence of activities, some of them made, some deferred; equal to the tuple of
    the same activities."""

    __slots__ = ("_length", "_made", "_parts")

    def __init__(self) -> None:
        self._parts: list[Sequence[RecordedActivity] | Deferred] = []
        self._made: tuple[RecordedActivity, ...] | None = None
        self._length = 0

    def add(self, made: Sequence[RecordedActivity]) -> None:
        if made:
            self._parts.append(made)
            self._length += len(made)

    def defer(self, columns: DatedColumns, make: Callable[[], Sequence[RecordedActivity]]
              ) -> None:
        if columns.days:
            self._parts.append(Deferred(columns, make))
            self._length += len(columns.days)

    def _all(self) -> tuple[RecordedActivity, ...]:
        if self._made is None:
            made: list[RecordedActivity] = []
            for part in self._parts:
                made.extend(part.make() if isinstance(part, Deferred) else part)
            self._made = tuple(made)
            self._parts = [self._made]
        return self._made

    def __len__(self) -> int:
        return self._length

    @overload
    def __getitem__(self, index: int) -> RecordedActivity: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[RecordedActivity, ...]: ...
    def __getitem__(self, index: int | slice) -> RecordedActivity | tuple[RecordedActivity, ...]:
        return self._all()[index]

    def __iter__(self) -> Iterator[RecordedActivity]:
        return iter(self._all())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Activities | tuple):
            return self._all() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._all())

    def __repr__(self) -> str:
        return f"Activities({self._all()!r})"

    def dates_by_commitment(self) -> defaultdict[str, list[dt.date]]:
        """The sorted dates of the activities naming each commitment
        (`coverage.index_dates`), from the columns where there are columns."""
        ordinals: defaultdict[str, list[int]] = defaultdict(list)
        for part in self._parts:
            if isinstance(part, Deferred):
                days, commitments, table = part.columns
                start, count = 0, len(commitments)
                while start < count:  # one run per tuple of ids, found by bisection
                    index = commitments[start]
                    end = bisect_right(commitments, index, start)
                    run = days[start:end]
                    for commitment_id in dict.fromkeys(table[index]):
                        ordinals[commitment_id].extend(run)
                    start = end
                continue
            for entry in part:
                day = entry.date.toordinal()
                for commitment_id in dict.fromkeys(entry.commitment):
                    ordinals[commitment_id].append(day)
        dates: defaultdict[str, list[dt.date]] = defaultdict(list)
        for commitment_id, values in ordinals.items():
            values.sort()
            dates[commitment_id] = list(map(dt.date.fromordinal, values))
        return dates
