"""A new activity known to be fine, without pydantic: the quick way of `lofte log`.

Pure: no files, no clock, no console. `known_activity` takes the request and the promise as
plain data (commitments.yaml's validated form, `lofte.storage.promise_cache.plain`) and
gives the activity's fields, exactly as `build_activity` would validate them, when it can
tell at a glance that nothing at all is wrong: the commitments and parties found by their
ids, every field within the model's bounds, the date inside the promise and no later than
today, no commitment with an active window, no personal data. Anything else gives None,
and `build_activity` (pydantic, the validation and its messages) decides. So this way
never refuses anything and never says anything; it only skips the careful way when that
would find nothing. tests/test_known_activity.py holds the two to the same activities.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping, Sequence
from typing import Any, Final

from lofte.domain.new_activity import ActivityRequest, activity_values, split_parties

# The bounds of `lofte.domain.models.Activity`, which a test holds to the model.
SUMMARY_MAX: Final = 5000
PEOPLE_MAX: Final = 10_000_000
HOURS_MAX: Final = 100_000
# Text with something in it besides white space (`models.NOT_BLANK`, the same characters).
_NOT_BLANK: Final = re.compile(
    r"[^\t\n\v\f\r \x1c-\x1f\x85\xa0\u1680\u2000-\u200b\u2028\u2029\u202f\u205f\u3000\ufeff]")


def known_activity(request: ActivityRequest, promise: Mapping[str, Any],
                   today: dt.date) -> dict[str, Any] | None:
    """The fields of the activity `build_activity` would make from `request`, when it is
    plainly fine (see the module's docstring); None when only the careful way can tell."""
    if request.planned or type(request.date) is not dt.date:
        return None
    commitments = {c["id"]: c for c in promise["commitments"]}
    parties = promise["parties"]
    commitment_ids: list[str] = []
    for word in (request.commitment, *request.also):
        found = _commitment(word, commitments)
        if found is None:
            return None
        if found not in commitment_ids:
            commitment_ids.append(found)
    named: list[str] = []
    for word in split_parties(request.by):
        party = word.strip().lower()
        if party not in parties:
            return None
        if party not in named:
            named.append(party)
    raw = activity_values(request, commitment_ids,
                          named or _owners(commitment_ids, commitments))
    if not (_fields_fine(raw) and _references_fine(raw, commitments, parties,
                                                   promise["promise"], today)):
        return None
    if raw["public"] and _may_hold_personal_data(raw):
        return None
    return raw


def _commitment(word: str, commitments: Mapping[str, Any]) -> str | None:
    """`resolve_commitment` when it finds one: the id, or the start of exactly one id."""
    wanted = word.strip().lower()
    if wanted in commitments:
        return wanted
    starting = [i for i in commitments if i.startswith(wanted)] if wanted else []
    return starting[0] if len(starting) == 1 else None


def _owners(commitment_ids: Sequence[str], commitments: Mapping[str, Any]) -> list[str]:
    """`default_by`: the owners of the commitments, in order, each once."""
    owners: list[str] = []
    for commitment_id in commitment_ids:
        for party in commitments[commitment_id]["owners"]:
            if party not in owners:
                owners.append(party)
    return owners


def _text(value: Any) -> bool:
    """Text pydantic takes as it is: at least one character, and UTF-8 (no lone
    surrogate, which `build_activity` refuses as `not-text`)."""
    if type(value) is not str or not value:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _fields_fine(raw: dict[str, Any]) -> bool:
    """Every field within `Activity`'s types and bounds (strict: no conversions)."""
    summary, place = raw["summary"], raw["place"]
    people, hours = raw["people_reached"], raw["hours"]
    return (_text(summary) and len(summary) <= SUMMARY_MAX
            and _NOT_BLANK.search(summary) is not None
            and (place is None or _text(place))
            and (people is None or (type(people) is int and 0 <= people <= PEOPLE_MAX))
            and (hours is None or (type(hours) is float and math.isfinite(hours)
                                   and 0 <= hours <= HOURS_MAX))
            and all(_text(tag) for tag in raw["tags"])
            and all(_text(link) for link in raw["links"])
            and type(raw["public"]) is bool)


def _references_fine(raw: dict[str, Any], commitments: Mapping[str, Any],
                     parties: Mapping[str, Any], promise: Mapping[str, Any],
                     today: dt.date) -> bool:
    """`ReferenceCheck.fine`: inside the promise, not after today, commitments without an
    active window, known parties."""
    day: dt.date = raw["date"]
    plain = all(commitments[i]["active_from"] is None and commitments[i]["retired_on"] is None
                for i in raw["commitment"])
    return (promise["valid_from"] <= day <= min(promise["valid_until"], today) and plain
            and all(party in parties for party in raw["by"] or ()))


def _may_hold_personal_data(raw: dict[str, Any]) -> bool:
    """Whether `check_privacy` might find something in the published text."""
    from lofte.domain.privacy import find_personal_data  # noqa: PLC0415 - its patterns

    texts = [raw["summary"], *([raw["place"]] if raw["place"] else []), *raw["tags"],
             *raw["links"]]
    return any(find_personal_data(text) for text in texts)
