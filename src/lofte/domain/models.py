"""The ledger's files as pydantic models: what validates them. Pure: no files, no clock,
no console.

Field names and shapes are the ledger format (docs/ledger-format.md); the JSON Schemas in
schemas/ are generated from these models. A validated commitments.yaml is used as plain data
(`lofte.domain.promise`, made by `plain_file`), so that the commands that only read it do
not import pydantic.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from typing import Annotated, Any, Final

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

from lofte.domain import promise as plain
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
from lofte.domain.pauses import RangeSpec

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 64
DEFAULT_MAX_GAP_DAYS: Final = plain.DEFAULT_MAX_GAP_DAYS
DEFAULT_TIMEZONE: Final = zones.DEFAULT_TIMEZONE
# The shape of an IANA time zone name (Europe/Stockholm, UTC, Etc/GMT-1): no dots, so never
# a path out of the zone database. Whether the zone exists is checked by lofte.domain.validation
# against the zone database of the machine, which a schema cannot carry.
TIMEZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$"
TIMEZONE_MAX = 64
# The languages a ledger's own text may be in: those lofte has a catalog for (lofte.i18n).
Language = plain.Language

# Text with something in it besides white space. The characters are listed (Python's
# whitespace, U+200B and U+FEFF) rather than written `\S`, whose meaning differs between
# the regex engines of pydantic, Python and JSON Schema (ECMA 262).
NOT_BLANK = (r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200b"
             r"\u2028\u2029\u202f\u205f\u3000\ufeff]")
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
Period = plain.Period


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
        return RangeSpec(plain.parse_bound(self.start), plain.parse_bound(self.until))


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


class CommitmentsFile(_Strict):
    promise: Promise
    parties: dict[Slug, Party]
    defaults: Defaults = Field(default_factory=Defaults)
    calendars: dict[Slug, Annotated[list[CalendarRange], Field(min_length=1)]] = Field(
        default_factory=dict, description="Named pauses: when the clock stops.")
    commitments: list[Commitment]


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




def plain_file(model: CommitmentsFile,
               unusable_ids: frozenset[str] = frozenset()) -> plain.CommitmentsFile:
    """The validated file as the plain data the rest of lofte uses."""
    promise = model.promise
    return plain.CommitmentsFile(
        promise=plain.Promise(
            id=promise.id, title=promise.title, valid_from=promise.valid_from,
            valid_until=promise.valid_until, focus=promise.focus,
            problem_areas=list(promise.problem_areas),
            signatories=[plain.Signatory(name=s.name, role=s.role)
                         for s in promise.signatories],
            contact=promise.contact, language=promise.language, timezone=promise.timezone),
        parties={key: plain.Party(name=party.name) for key, party in model.parties.items()},
        defaults=plain.Defaults(max_gap_days=model.defaults.max_gap_days),
        calendars={key: [plain.CalendarRange(name=r.name, start=r.start, until=r.until)
                         for r in ranges] for key, ranges in model.calendars.items()},
        commitments=[_plain_commitment(c) for c in model.commitments],
        unusable_ids=unusable_ids)


def _plain_commitment(model: Commitment) -> plain.Commitment:
    target = model.target
    return plain.Commitment(
        id=model.id, title=model.title, text=model.text, owners=list(model.owners),
        max_gap_days=model.max_gap_days,
        target=plain.Target(per=target.per, at_least=target.at_least) if target else None,
        pauses=list(model.pauses), problem_area=model.problem_area,
        active_from=model.active_from, retired_on=model.retired_on,
        no_gap_rule=model.max_gap_days is None and "max_gap_days" in model.model_fields_set)
