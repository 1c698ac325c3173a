"""The common activity, validated in plain Python. Pure: parsed data in, fields out.

Nearly every activity is what `lofte log`, `lofte import` or a script writes: the known
keys, each value of the right type and within the limits of `models.Activity`, printable
text, nothing that looks like personal data. `common_activities` checks exactly that, some
ten times faster than validating the model, and without building pydantic's validator; for
such a file it gives what the careful path gives (`validation.validate_activity_document`,
`validation.check_privacy`, `models.activity_fields`): its activities as tuples, and no
issue. It has doubts about everything else (an unknown or missing key, a wrong type, a
value out of bounds, a control or other unprintable character, text that may hold personal
data) and then returns None, so that the careful path validates the file and says what is
wrong, where.

The limits below are the model's; tests/test_common_activity.py holds them together and
holds the result to the careful path's on generated activities.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import sys
from typing import Any, Final

from lofte.domain.layout import ActivityFields, CachedActivity
from lofte.domain.privacy import holds_personal_data

# The keys of `models.Activity`, in the order of its fields and of `ActivityFields`.
KEYS: Final = frozenset({"date", "commitment", "summary", "by", "place", "people_reached",
                         "hours", "tags", "links", "public", "planned"})
_ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")  # `models.IsoDate`
_SLUG: Final = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # `models.SLUG_PATTERN`, whole
SLUG_MAX: Final = 64
SUMMARY_MAX: Final = 5000
PEOPLE_REACHED_MAX: Final = 10_000_000
HOURS_MAX: Final = 100_000
# `models.NOT_BLANK`: a character besides white space. Printable text holds no white space
# but the space, so a printable summary is not blank when it holds anything else.

_NOT_COMMON: Final = object()  # a value the careful path must look at
_ABSENT: Final = object()


def common_activities(data: Any) -> tuple[CachedActivity, ...] | None:
    """The activities of a file holding one activity (a mapping) or a list of them, each
    as (its index or None, its fields), when every one of them is common and nothing is to
    be said about any; None when in any doubt."""
    if type(data) is dict:
        fields = common_fields(data)
        return None if fields is None else ((None, fields),)
    if type(data) is not list or not data:
        return None
    activities: list[CachedActivity] = []
    for index, item in enumerate(data):
        fields = common_fields(item)
        if fields is None:
            return None
        activities.append((index, fields))
    return tuple(activities)


def common_fields(item: Any) -> ActivityFields | None:
    """`models.activity_fields` of the activity `item` validates to, when it is common
    and has nothing to report (see the module); None when in any doubt."""
    if type(item) is not dict or not KEYS.issuperset(item):
        return None
    get = item.get
    day = _date(get("date"))
    commitment = _ids(get("commitment"))
    summary = get("summary")
    if day is None or commitment is None or type(summary) is not str \
            or not 0 < len(summary) <= SUMMARY_MAX or not summary.isprintable() \
            or not summary.strip(" "):
        return None
    by = get("by")
    if by is not None:
        by = _ids(by)
        if by is None:
            return None
    place = get("place")
    if place is not None and (type(place) is not str or not place.isprintable()):
        return None
    people = _people_reached(get("people_reached"))
    hours = _hours(get("hours"))
    tags = _texts(get("tags", _ABSENT))
    links = _texts(get("links", _ABSENT))
    public = get("public", True)
    planned = get("planned", False)
    if people is _NOT_COMMON or hours is _NOT_COMMON or tags is None or links is None \
            or type(public) is not bool or type(planned) is not bool:
        return None
    if public and holds_personal_data([summary, place, *tags, *links] if place
                                      else [summary, *tags, *links]):
        return None  # the careful path says what and where
    intern = sys.intern
    return (day, commitment, summary, by, intern(place) if place is not None else None,
            people, hours, tuple(map(intern, tags)), links, public, planned)


def _date(value: Any) -> int | None:
    """The ordinal of a date written YYYY-MM-DD, a real one."""
    if type(value) is not str or _ISO_DATE.fullmatch(value) is None:
        return None
    try:
        return dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return None


def _ids(value: Any) -> tuple[str, ...] | None:
    """One id or a non-empty list of them (`models.SlugList`), interned."""
    if type(value) is str:
        value = [value]
    elif type(value) is not list or not value:
        return None
    for text in value:
        if type(text) is not str or len(text) > SLUG_MAX or _SLUG.fullmatch(text) is None:
            return None
    return tuple(map(sys.intern, value))


def _people_reached(value: Any) -> Any:
    """A whole number, 12.0 taken for 12, from 0 to PEOPLE_REACHED_MAX; or nothing."""
    if value is None:
        return None
    if type(value) is float and value.is_integer():
        value = int(value)
    return value if type(value) is int and 0 <= value <= PEOPLE_REACHED_MAX else _NOT_COMMON


def _hours(value: Any) -> Any:
    """A number from 0 to HOURS_MAX, as a float; or nothing."""
    if value is None:
        return None
    kind = type(value)
    if kind is int and 0 <= value <= HOURS_MAX:
        return float(value)
    if kind is float and math.isfinite(value) and 0 <= value <= HOURS_MAX:
        return value
    return _NOT_COMMON


def _texts(value: Any) -> tuple[str, ...] | None:
    """A list of printable texts, none empty (`models.Text`)."""
    if value is _ABSENT:
        return ()
    if type(value) is not list:
        return None
    for text in value:
        if type(text) is not str or not text or not text.isprintable():
            return None
    return tuple(value)
