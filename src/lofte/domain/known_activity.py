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
import functools
import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from lofte.domain.new_activity import ActivityRequest, activity_values, split_parties

# The bounds of `lofte.domain.models.Activity`, which a test holds to the model.
SUMMARY_MAX: Final = 5000
PEOPLE_MAX: Final = 10_000_000
HOURS_MAX: Final = 100_000
# The white space of `models.NOT_BLANK` (the same characters): a summary of nothing else is
# blank.
BLANK: Final = ("\t\n\v\f\r \x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
                "\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u2028\u2029\u202f\u205f\u3000\ufeff")


def known_activity(request: ActivityRequest, promise: Mapping[str, Any],
                   today: dt.date) -> dict[str, Any] | None:
    """The fields of the activity `build_activity` would make from `request`, when it is
    plainly fine (see the module's docstring); None when only the careful way can tell."""
    if request.planned or type(request.date) is not dt.date:
        return None
    commitments = _commitments_by_id(promise["commitments"])
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
    texts = _texts(raw)
    if not (_texts_fine(texts) and _fields_fine(raw)
            and _references_fine(raw, commitments, parties, promise["promise"], today)):
        return None
    if raw["public"] and _holds_personal_data()(texts):  # what `check_privacy` might find
        return None
    return raw


def _commitments_by_id(commitments: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The promise's commitments by id: made once for the promise of the activities being
    prepared (an import asks for every row)."""
    last = _LAST_COMMITMENTS[0]
    if last is not None and last[0] is commitments:
        return last[1]
    by_id = {c["id"]: c for c in commitments}
    _LAST_COMMITMENTS[0] = (commitments, by_id)
    return by_id


# The commitments of the last promise asked about, and by id: one slot, replaced whole.
_LAST_COMMITMENTS: list[tuple[Sequence[Mapping[str, Any]], dict[str, Any]] | None] = [None]


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


def _texts(raw: dict[str, Any]) -> list[Any]:
    """The fields of text, all published with a public activity: the summary, the place
    (when there is one), the tags and the links."""
    place = raw["place"]
    if place is None:
        return [raw["summary"], *raw["tags"], *raw["links"]]
    return [raw["summary"], place, *raw["tags"], *raw["links"]]


def _texts_fine(texts: Sequence[Any]) -> bool:
    """Text pydantic takes as it is: each at least one character, and all of it UTF-8 (no
    lone surrogate, which `build_activity` refuses as `not-text`; one is never valid UTF-8,
    next to another or not, so the texts are encoded together)."""
    for text in texts:
        if type(text) is not str or not text:
            return False
    try:
        "".join(texts).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _fields_fine(raw: dict[str, Any]) -> bool:
    """With texts that are `_texts_fine`: a summary neither blank nor too long, and every
    other field within `Activity`'s types and bounds (strict: no conversions)."""
    summary, people, hours = raw["summary"], raw["people_reached"], raw["hours"]
    return (len(summary) <= SUMMARY_MAX and summary.lstrip(BLANK) != ""
            and (people is None or (type(people) is int and 0 <= people <= PEOPLE_MAX))
            and (hours is None or (type(hours) is float and math.isfinite(hours)
                                   and 0 <= hours <= HOURS_MAX))
            and type(raw["public"]) is bool)


def _references_fine(raw: dict[str, Any], commitments: Mapping[str, Any],
                     parties: Mapping[str, Any], promise: Mapping[str, Any],
                     today: dt.date) -> bool:
    """`ReferenceCheck.fine`: inside the promise, not after today, commitments without an
    active window, known parties."""
    day: dt.date = raw["date"]
    if not promise["valid_from"] <= day <= promise["valid_until"] or day > today:
        return False
    for commitment_id in raw["commitment"]:
        commitment = commitments[commitment_id]
        if commitment["active_from"] is not None or commitment["retired_on"] is not None:
            return False
    return parties.keys() >= set(raw["by"] or ())


@functools.cache
def _holds_personal_data() -> Callable[[Sequence[str]], bool]:
    """`privacy.holds_personal_data`, imported when first asked for: compiling its patterns
    is for the commands that publish text, and importing it at every call would cost more
    than the check of a short activity."""
    from lofte.domain.privacy import holds_personal_data  # noqa: PLC0415 - see above

    return holds_personal_data
