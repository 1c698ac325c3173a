"""The promise as the rest of lofte uses it: plain, frozen data. Pure, and without pydantic.

commitments.yaml is validated once, by the pydantic models of `lofte.domain.models` (with
`lofte.domain.validation`), and then turned into these types (`lofte.domain.validation`
makes them; `lofte.storage.promise_cache` keeps them between runs). Coverage, reports,
the web and every command work on these, so that a command that only shows the state of a
ledger whose commitments.yaml was validated before never imports pydantic.

Field names are those of the ledger format (docs/ledger-format.md) and of the models;
`no_gap_rule` is the one addition: the file says `max_gap_days: null`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal

from lofte.domain.pauses import MonthDay, RangeSpec
from lofte.domain.zones import DEFAULT_TIMEZONE

DEFAULT_MAX_GAP_DAYS = 30
Period = Literal["week", "month", "quarter", "tertial", "year"]
Language = Literal["sv", "en"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Signatory:
    name: str
    role: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Promise:
    id: str
    title: str
    valid_from: dt.date
    valid_until: dt.date
    focus: str | None = None
    problem_areas: list[str] = field(default_factory=list)
    signatories: list[Signatory] = field(default_factory=list)
    contact: str | None = None
    language: Language = "sv"
    timezone: str = DEFAULT_TIMEZONE


@dataclass(frozen=True, slots=True, kw_only=True)
class CalendarRange:
    """Days on which the clock of the commitments pausing for this calendar stands still,
    both bounds included: dates, once; or MM-DD, every year (wrapping the new year when
    `until` comes before `start`). Written `from` in the file."""

    name: str | None = None
    start: str
    until: str

    @property
    def yearly(self) -> bool:
        return len(self.start) == len("MM-DD")

    @property
    def spec(self) -> RangeSpec:
        return RangeSpec(parse_bound(self.start), parse_bound(self.until))


def parse_bound(text: str) -> dt.date | MonthDay:
    """A calendar bound as written: YYYY-MM-DD, a date; MM-DD, a day of every year."""
    if len(text) == len("MM-DD"):
        return MonthDay(int(text[:2]), int(text[3:]))
    return dt.date.fromisoformat(text)


@dataclass(frozen=True, slots=True, kw_only=True)
class Party:
    name: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Defaults:
    max_gap_days: int = DEFAULT_MAX_GAP_DAYS


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    per: Period
    at_least: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Commitment:
    id: str
    title: str
    text: str | None = None
    owners: list[str]
    max_gap_days: int | None = None
    target: Target | None = None
    pauses: list[str] = field(default_factory=list)
    problem_area: int | None = None
    active_from: dt.date | None = None
    retired_on: dt.date | None = None
    # `max_gap_days: null` written in the file: the gap rule is off, the target alone judges
    no_gap_rule: bool = False

    @property
    def wording(self) -> str:
        return self.text or self.title


@dataclass(frozen=True, slots=True, kw_only=True)
class CommitmentsFile:
    promise: Promise
    parties: dict[str, Party]
    defaults: Defaults = field(default_factory=Defaults)
    calendars: dict[str, list[CalendarRange]] = field(default_factory=dict)
    commitments: list[Commitment]
    # Ids of commitments written in the file but left out of `commitments`, because a
    # field they cannot do without (their owners) is invalid: their own finding says so,
    # and an activity naming one is not told that no commitment has the id.
    unusable_ids: frozenset[str] = frozenset()

    def max_gap_days(self, commitment: Commitment) -> int | None:
        """The commitment's, else the default; None when it says `max_gap_days: null` (no
        gap rule: its target alone judges it)."""
        if commitment.max_gap_days is not None:
            return commitment.max_gap_days
        if commitment.no_gap_rule:
            return None
        return self.defaults.max_gap_days

    def pause_specs(self, commitment: Commitment) -> list[RangeSpec]:
        """The ranges of the calendars the commitment pauses for."""
        return [entry.spec for calendar_id in commitment.pauses
                for entry in self.calendars.get(calendar_id, ())]
