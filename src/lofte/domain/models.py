"""The ledger's data types. Pure: no files, no clock, no console.

Field names and shapes are the ledger format (docs/ledger-format.md); the JSON Schemas in
schemas/ are generated from these models.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Final, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from lofte.domain import zones
from lofte.domain.layout import (
    FIELD_BY,
    FIELD_COMMITMENT,
    FIELD_DATE,
    FIELD_HOURS,
    FIELD_LINKS,
    FIELD_PEOPLE_REACHED,
    FIELD_PLACE,
    FIELD_PLANNED,
    FIELD_PUBLIC,
    FIELD_SUMMARY,
    FIELD_TAGS,
    ActivityFields,
)
from lofte.domain.pauses import MonthDay, RangeSpec

if TYPE_CHECKING:  # reviews build on these models
    from collections.abc import Sequence

    from lofte.domain.reviews import Review

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 64
DEFAULT_MAX_GAP_DAYS = 30
DEFAULT_TIMEZONE: Final = zones.DEFAULT_TIMEZONE
# The shape of an IANA time zone name (Europe/Stockholm, UTC, Etc/GMT-1): no dots, so never
# a path out of the zone database. Whether the zone exists is checked by lofte.domain.validation
# against the zone database of the machine, which a schema cannot carry.
TIMEZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"
TIMEZONE_MAX = 64
# The languages a ledger's own text may be in: those lofte has a catalog for (lofte.i18n).
Language = Literal["sv", "en"]

# Text with something in it besides white space. The characters are listed (Python's
# whitespace, U+200B and U+FEFF) rather than written `\S`, whose meaning differs between
# the regex engines of pydantic, Python and JSON Schema (ECMA 262).
NOT_BLANK = (r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200b"
             r"\u2028\u2029\u202f\u205f\u3000\ufeff]")
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
Period = Literal["week", "month", "quarter", "tertial", "year"]


_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date_only(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; no timestamps, no numbers, no other forms."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_type", "Input should be a date as YYYY-MM-DD")


# Every model is strict (`_Strict`): text is never taken for a number, nor a number or 0/1
# for true/false, exactly as the JSON Schemas say. A date is the one exception: YAML 1.2
# reads `2024-03-14` as text, so the text YYYY-MM-DD (and only that) is parsed as a date.
IsoDate = Annotated[dt.date, Strict(False), BeforeValidator(_iso_date_only),
                    WithJsonSchema({"type": "string", "format": "date",
                                    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"})]


def _whole_number(value: Any) -> Any:
    """`12.0` is the whole number 12, as JSON Schema's `integer` has it; `12.5`, `"12"` and
    `true` are not."""
    if type(value) is float and value.is_integer():
        return int(value)
    return value


_WHOLE_NUMBER = BeforeValidator(_whole_number)
# Bounds come before the validator in the annotation, and inside it: otherwise pydantic
# writes them into the JSON Schema under its own names (`ge`, `le`), which no schema
# validator knows.
GapDays = Annotated[int, Field(ge=1, le=3660), _WHOLE_NUMBER]


_MONTH_DAY = re.compile(r"(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])")


def _calendar_bound(value: Any) -> Any:
    """A calendar range's bound: a real date YYYY-MM-DD, or a day of every year MM-DD
    (29 February included)."""
    if not isinstance(value, str):
        raise PydanticCustomError(
            "calendar_bound_type", "Input should be a date as YYYY-MM-DD, or MM-DD for a day "
            "of every year, in quotes")
    if _ISO_DATE.fullmatch(value):
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise PydanticCustomError("calendar_bound", "{value} is not a real date",
                                      {"value": value}) from None
        return value
    match = _MONTH_DAY.fullmatch(value)
    if match is None:
        raise PydanticCustomError("calendar_bound", "Input should be YYYY-MM-DD, or MM-DD "
                                  "for a day of every year")
    try:
        dt.date(2000, int(match.group(1)), int(match.group(2)))  # a leap year
    except ValueError:
        raise PydanticCustomError("calendar_bound", "{value} is not a real day of the year",
                                  {"value": value}) from None
    return value


CalendarBound = Annotated[str, BeforeValidator(_calendar_bound), WithJsonSchema({
    "type": "string", "description": "YYYY-MM-DD (once) or MM-DD (every year)",
    "pattern": r"^([0-9]{4}-[0-9]{2}-[0-9]{2}|(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01]))$"})]


def _bound(text: str) -> dt.date | MonthDay:
    if len(text) == len("MM-DD"):
        return MonthDay(int(text[:2]), int(text[3:]))
    return dt.date.fromisoformat(text)


def _as_list(value: Any) -> Any:
    """`by: polisen` and `by: [polisen]` mean the same."""
    return [value] if isinstance(value, str) else value


def _one_or_many(description: str, *, nullable: bool = False) -> Any:
    options: list[dict[str, Any]] = [
        {"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX},
        {"type": "array", "minItems": 1,
         "items": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX}},
    ]
    if nullable:
        options.append({"type": "null"})
    return WithJsonSchema({"description": description, "anyOf": options})


SlugList = Annotated[list[Slug], BeforeValidator(_as_list), Field(min_length=1)]


class _Strict(BaseModel):
    # defer_build: a model's validator is built when it is first used, not at import; a
    # command that never validates an activity (or a review) never pays for its validator.
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False,
                              str_strip_whitespace=False, strict=True, defer_build=True)


class Signatory(_Strict):
    name: Text
    role: str | None = None


class Promise(_Strict):
    id: Slug = Field(description="Short id of the promise, e.g. forshaga-2023-2025.")
    title: Text = Field(description="The promise's title.")
    valid_from: IsoDate = Field(description="First day of the promise, YYYY-MM-DD.")
    valid_until: IsoDate = Field(description="Last day of the promise, YYYY-MM-DD.")
    focus: str | None = Field(default=None, description="The focus area, if any.")
    problem_areas: list[Text] = Field(default_factory=list)
    signatories: list[Signatory] = Field(default_factory=list)
    contact: str | None = Field(default=None, description="How citizens reach the parties.")
    language: Language = Field(
        default="sv", description="Language of the ledger's own text: sv or en.")
    timezone: Annotated[str, StringConstraints(pattern=TIMEZONE_PATTERN,
                                               max_length=TIMEZONE_MAX)] = Field(
        default=DEFAULT_TIMEZONE,
        description="IANA time zone of the promise, which decides what day today is.",
        examples=[DEFAULT_TIMEZONE])


class CalendarRange(_Strict):
    """Days on which the clock of the commitments pausing for this calendar stands still,
    both bounds included: dates, once; or MM-DD, every year (wrapping the new year when
    `until` comes before `from`)."""

    model_config = ConfigDict(populate_by_name=True)

    name: Text | None = Field(default=None, description="What the pause is, e.g. Sommarlov.")
    start: CalendarBound = Field(alias="from", description="First day: YYYY-MM-DD or MM-DD.")
    until: CalendarBound = Field(description="Last day, included: YYYY-MM-DD or MM-DD.")

    @property
    def yearly(self) -> bool:
        return len(self.start) == len("MM-DD")

    @property
    def spec(self) -> RangeSpec:
        return RangeSpec(_bound(self.start), _bound(self.until))


class Party(_Strict):
    name: Text = Field(description="The party's full name.")


class Defaults(_Strict):
    max_gap_days: GapDays = DEFAULT_MAX_GAP_DAYS


class Target(_Strict):
    per: Period = Field(description="The calendar period: week, month, quarter, tertial, year.")
    at_least: Annotated[int, Field(ge=1, le=10_000), _WHOLE_NUMBER] = Field(
        description="Activities wanted in each period.")


class Commitment(_Strict):
    # `max_gap_days: null` turns the gap rule off: then the target alone judges, and must be
    # there (lofte.domain.validation says so too).
    model_config = ConfigDict(json_schema_extra={
        "if": {"properties": {"max_gap_days": {"type": "null"}},
               "required": ["max_gap_days"]},
        "then": {"required": ["target"]}})

    id: Slug = Field(description="Short id, unique in the file, used by activities.")
    title: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        description="Short title for tables, at most 80 characters.")
    text: str | None = Field(default=None, description="Full wording of the signed promise.")
    owners: Annotated[SlugList, _one_or_many(
        "Party id, or a list of ids; two or more make a joint commitment.")]
    max_gap_days: GapDays | None = Field(default=None,
                                     description="Days without activity before it is overdue.")
    target: Target | None = None
    pauses: list[Slug] = Field(
        default_factory=list, description="Calendar ids whose days are paused for it.")
    problem_area: Annotated[int, Field(ge=1, le=1000), _WHOLE_NUMBER] | None = Field(
        default=None, description="The number of its problem area in promise.problem_areas.")
    active_from: IsoDate | None = Field(default=None, description="Added by a revision.")
    retired_on: IsoDate | None = Field(default=None, description="Removed by a revision.")

    @property
    def wording(self) -> str:
        return self.text or self.title


class CommitmentsFile(_Strict):
    promise: Promise
    parties: dict[Slug, Party]
    defaults: Defaults = Field(default_factory=Defaults)
    calendars: dict[Slug, Annotated[list[CalendarRange], Field(min_length=1)]] = Field(
        default_factory=dict, description="Named pauses: when the clock stops.")
    commitments: list[Commitment]
    # Ids of commitments written in the file but left out of `commitments`, because a
    # field they cannot do without (their owners) is invalid: their own finding says so,
    # and an activity naming one is not told that no commitment has the id.
    _unusable_ids: frozenset[str] = PrivateAttr(default_factory=frozenset)

    def max_gap_days(self, commitment: Commitment) -> int | None:
        """The commitment's, else the default; None when it says `max_gap_days: null` (no
        gap rule: its target alone judges it)."""
        if commitment.max_gap_days is not None:
            return commitment.max_gap_days
        if "max_gap_days" in commitment.model_fields_set:
            return None
        return self.defaults.max_gap_days

    def pause_specs(self, commitment: Commitment) -> list[RangeSpec]:
        """The ranges of the calendars the commitment pauses for."""
        return [entry.spec for calendar_id in commitment.pauses
                for entry in self.calendars.get(calendar_id, ())]

    @property
    def unusable_ids(self) -> frozenset[str]:
        return self._unusable_ids

    def with_unusable_ids(self, ids: frozenset[str]) -> CommitmentsFile:
        self._unusable_ids = ids
        return self


class Activity(_Strict):
    date: IsoDate = Field(description="The day of the activity, YYYY-MM-DD.")
    commitment: Annotated[SlugList, _one_or_many("Commitment id, or a list of ids.")]
    summary: Annotated[str, StringConstraints(min_length=1, max_length=5000,
                                              pattern=NOT_BLANK)] = Field(
        description="What was done. May be published: no personal data.")
    by: Annotated[SlugList | None, _one_or_many("Party id(s); default: the owners.",
                                                nullable=True)] = None
    place: str | None = None
    people_reached: Annotated[int, Field(ge=0, le=10_000_000), _WHOLE_NUMBER] | None = None
    hours: float | None = Field(default=None, ge=0, le=100_000)
    tags: list[Text] = Field(default_factory=list)
    links: list[Text] = Field(default_factory=list)
    public: bool = Field(default=True, description="false: counted, never published in detail.")
    planned: bool = Field(default=False, description="true: a plan, not yet done; never counted.")


ACTIVITY_FIELDS: tuple[str, ...] = tuple(Activity.model_fields)


def activity_fields(activity: Activity) -> ActivityFields:
    """The tuple form (`lofte.domain.layout.ActivityFields`, positions `FIELD_*`). Ids,
    places and tags recur in thousands of activities: interned, each is held once in memory
    (and stored once by `marshal`)."""
    intern = sys.intern
    return (activity.date.toordinal(), tuple(map(intern, activity.commitment)),
            activity.summary,
            tuple(map(intern, activity.by)) if activity.by is not None else None,
            intern(activity.place) if activity.place is not None else None,
            activity.people_reached, activity.hours, tuple(map(intern, activity.tags)),
            tuple(activity.links), activity.public, activity.planned)


def activity_from_fields(fields: ActivityFields) -> Activity:
    """The model again, without validating: `fields` must come from `activity_fields`."""
    by = fields[FIELD_BY]
    return Activity.model_construct(
        date=dt.date.fromordinal(fields[FIELD_DATE]),
        commitment=list(fields[FIELD_COMMITMENT]), summary=fields[FIELD_SUMMARY],
        by=list(by) if by is not None else None, place=fields[FIELD_PLACE],
        people_reached=fields[FIELD_PEOPLE_REACHED], hours=fields[FIELD_HOURS],
        tags=list(fields[FIELD_TAGS]), links=list(fields[FIELD_LINKS]),
        public=fields[FIELD_PUBLIC], planned=fields[FIELD_PLANNED])


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
