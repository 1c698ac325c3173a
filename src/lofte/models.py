"""The ledger's data types. Pure: no files, no clock, no console.

Field names and shapes follow the product contract (design.md, "The ledger on disk").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
)
from pydantic_core import PydanticCustomError

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
SLUG_MAX = 64
DEFAULT_MAX_GAP_DAYS = 30

Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, max_length=SLUG_MAX)]
Text = Annotated[str, StringConstraints(strip_whitespace=False, min_length=1)]
Period = Literal["week", "month", "quarter", "tertial", "year"]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _iso_date_only(value: Any) -> Any:
    """Dates are written YYYY-MM-DD; no timestamps, no numbers, no other forms."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value):
        return value
    raise PydanticCustomError("date_type", "Input should be a date as YYYY-MM-DD")


IsoDate = Annotated[dt.date, BeforeValidator(_iso_date_only),
                    WithJsonSchema({"type": "string", "format": "date",
                                    "pattern": r"^\d{4}-\d{2}-\d{2}$"})]


def _as_list(value: Any) -> Any:
    """`by: polisen` and `by: [polisen]` mean the same."""
    return [value] if isinstance(value, str) else value


def _one_or_many(description: str) -> Any:
    return WithJsonSchema({
        "description": description,
        "anyOf": [
            {"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX},
            {"type": "array", "minItems": 1,
             "items": {"type": "string", "pattern": SLUG_PATTERN, "maxLength": SLUG_MAX}},
        ],
    })


SlugList = Annotated[list[Slug], BeforeValidator(_as_list), Field(min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False,
                              str_strip_whitespace=False)


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
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(
        default="sv", description="Language of the ledger's own text (sv, en).")


class Party(_Strict):
    name: Text = Field(description="The party's full name.")


class Defaults(_Strict):
    max_gap_days: int = Field(default=DEFAULT_MAX_GAP_DAYS, ge=1, le=3660)


class Target(_Strict):
    per: Period = Field(description="The calendar period: week, month, quarter, tertial, year.")
    at_least: int = Field(ge=1, le=10_000, description="Activities wanted in each period.")


class Commitment(_Strict):
    id: Slug = Field(description="Short id, unique in the file, used by activities.")
    title: Annotated[str, StringConstraints(min_length=1, max_length=80)] = Field(
        description="Short title for tables, at most 80 characters.")
    text: str | None = Field(default=None, description="Full wording of the signed promise.")
    owners: SlugList = Field(description="Party ids; two or more make a joint commitment.")
    max_gap_days: int | None = Field(default=None, ge=1, le=3660,
                                     description="Days without activity before it is overdue.")
    target: Target | None = None
    active_from: IsoDate | None = Field(default=None, description="Added by a revision.")
    retired_on: IsoDate | None = Field(default=None, description="Removed by a revision.")

    @property
    def wording(self) -> str:
        return self.text or self.title


class CommitmentsFile(_Strict):
    promise: Promise
    parties: dict[Slug, Party]
    defaults: Defaults = Field(default_factory=Defaults)
    commitments: list[Commitment]

    def max_gap_days(self, commitment: Commitment) -> int:
        return commitment.max_gap_days or self.defaults.max_gap_days


class Activity(_Strict):
    date: IsoDate = Field(description="The day of the activity, YYYY-MM-DD.")
    commitment: Annotated[SlugList, _one_or_many("Commitment id, or a list of ids.")]
    summary: Annotated[str, StringConstraints(min_length=1, max_length=5000,
                                              pattern=r"\S")] = Field(
        description="What was done. May be published: no personal data.")
    by: Annotated[SlugList | None, _one_or_many("Party id(s); default: the owners.")] = None
    place: str | None = None
    people_reached: int | None = Field(default=None, ge=0, le=10_000_000)
    hours: float | None = Field(default=None, ge=0, le=100_000)
    tags: list[Text] = Field(default_factory=list)
    links: list[Text] = Field(default_factory=list)
    public: bool = Field(default=True, description="false: counted, never published in detail.")


ACTIVITY_FIELDS: tuple[str, ...] = tuple(Activity.model_fields)


@dataclass(frozen=True, slots=True)
class RecordedActivity:
    """An activity with the file it came from (and its index when the file holds a list)."""

    activity: Activity
    path: str
    index: int | None = None


@dataclass(frozen=True, slots=True)
class Ledger:
    """A loaded ledger: the promise and every activity that passed validation."""

    promise_file: CommitmentsFile
    entries: tuple[RecordedActivity, ...]

    def commitment(self, commitment_id: str) -> Commitment | None:
        for commitment in self.promise_file.commitments:
            if commitment.id == commitment_id:
                return commitment
        return None
