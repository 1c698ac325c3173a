"""Validation: pure functions from parsed data to models and issues.

Nothing here reads files or YAML; issues carry a path inside the document (`loc`),
and the storage layer turns that into a line and column.
"""

from __future__ import annotations

import datetime as dt
import re
import types
import typing
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from lofte import messages as m
from lofte.domain import promise as plain
from lofte.domain.findings import Issue
from lofte.domain.models import (
    DEFAULT_TIMEZONE,
    NOT_BLANK,
    SLUG_MAX,
    SLUG_PATTERN,
    TIMEZONE_PATTERN,
    Activity,
    CalendarRange,
    Commitment,
    CommitmentsFile,
    Defaults,
    IsoDate,
    Party,
    Promise,
    Slug,
    SlugList,
    plain_file,
)
from lofte.domain.pauses import Pauses, expand
from lofte.domain.references import References, suggest, unknown_parties
from lofte.domain.zones import suggest_zone, zone_exists
from lofte.i18n import _

Loc = tuple[str | int, ...]

_SLUG_RE = re.compile(SLUG_PATTERN)
_TOP_LEVEL_REQUIRED = ("promise", "parties", "commitments")
_TOP_LEVEL = (*_TOP_LEVEL_REQUIRED, "defaults", "calendars")


def slugify(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u"})
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower().translate(table)).strip("-")
    return slug[:64].rstrip("-")


def describe(value: Any) -> str:
    """How a wrong value is shown in a message: briefly, never the whole thing."""
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if value is None:
        return _("empty")
    if isinstance(value, bool):
        return f"`{str(value).lower()}`"
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "..."
    return f"`{text}`"


# --- from pydantic errors to issues -----------------------------------------------

def field_names(model: type[BaseModel]) -> list[str]:
    """The names of a model's fields as a ledger file writes them (`from`, not `start`)."""
    return [field.alias or name for name, field in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: Sequence[str | int]) -> type[BaseModel] | None:
    """The model class that owns the last step of `loc`, following nested fields."""
    current: Any = model
    for step in loc:
        if isinstance(step, int) or current is None:
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None
        field = current.model_fields.get(step)
        if field is None:
            return None
        current = _inner_model(field.annotation)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def _inner_model(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType, list, dict, typing.Annotated):
        for arg in typing.get_args(annotation):
            found = _inner_model(arg)
            if found is not None:
                return found
    return None


def _field_name(loc: Loc) -> str:
    names = [str(step) for step in loc if isinstance(step, str)]
    name = names[-1] if names else "value"
    if loc and isinstance(loc[-1], int) and names:
        return f"{name}[{loc[-1] + 1}]"
    return name


def _expected(kind: str) -> str | None:
    for prefix, text in m.EXPECTED.items():
        if kind.startswith(prefix + "_"):
            return _(text)
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _(m.EXPECTED["dict"])
    return None


_NUMBER_TEXT = re.compile(r"[+-]?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)(?:[eE][+-]?[0-9]+)?")
_TRUE_WORDS = frozenset({"true", "yes", "y", "on", "ja", "j", "sant", "1"})
_FALSE_WORDS = frozenset({"false", "no", "n", "off", "nej", "falskt", "0"})
# More digits than any number a field allows: too large, whether quoted or not (YAML
# integers past Python's digit limit come as text, too).
_FAR_TOO_MANY_DIGITS = 20


def _wrong_type_hint(kind: str, loc: Loc, value: Any) -> str:
    """What to write instead, when the wrong value says what was meant: `'3.5'` for a
    number, `yes` or `0` for true or false, one text for a list of texts."""
    if not loc or not isinstance(loc[-1], str):
        return ""
    name = loc[-1]
    if kind in ("int_type", "float_type"):
        if isinstance(value, str) and _NUMBER_TEXT.fullmatch(value.strip()):
            number = value.strip().replace(",", ".")
            if kind == "float_type" or float(number).is_integer():
                return _(m.HINT_UNQUOTE).format(field=name, value=number)
            return ""
        if isinstance(value, bool):
            return _(m.HINT_NUMBER_NOT_BOOL)
    elif kind == "bool_type":
        word = str(value).strip().casefold() if isinstance(value, str | int) else None
        if word in _TRUE_WORDS or word in _FALSE_WORDS:
            return _(m.HINT_WRITE).format(
                field=name, value="true" if word in _TRUE_WORDS else "false")
        return _(m.HINT_TRUE_OR_FALSE).format(field=name)
    elif kind == "list_type" and isinstance(value, str) and len(value) <= 40 \
            and "\n" not in value:
        return _(m.HINT_A_LIST).format(field=name, value=value)
    return ""


def _literal_options(ctx: dict[str, Any]) -> list[str]:
    return re.findall(r"'([^']*)'", str(ctx.get("expected", "")))


def issues_from_error(error: ValidationError, model: type[BaseModel],
                      prefix: Loc = ()) -> list[Issue]:
    issues: list[Issue] = []
    details = error.errors(include_url=False)
    # A misspelt field shows up twice: as unknown, and its right name as missing. The
    # "did you mean" of the unknown one says it all.
    misspelt = set()
    for detail in details:
        if detail["type"] == "extra_forbidden":
            owner = _model_at(model, detail["loc"][:-1])
            hint = suggest(str(detail["loc"][-1]), field_names(owner) if owner else [])
            if hint:
                misspelt.add((*detail["loc"][:-1], hint))
    for detail in details:
        if detail["type"] == "missing" and tuple(detail["loc"]) in misspelt:
            continue
        loc: Loc = tuple(detail["loc"])
        kind: str = detail["type"]
        ctx = detail.get("ctx") or {}
        value = detail.get("input")
        where = (*prefix, *loc)
        if kind == "missing":
            issues.append(Issue(where[:-1], "missing-field",
                                _(m.MISSING_FIELD).format(field=loc[-1]), at_key=True))
        elif kind == "extra_forbidden":
            owner = _model_at(model, loc[:-1])
            allowed = field_names(owner) if owner else []
            hint = suggest(str(loc[-1]), allowed)
            message = _(m.UNKNOWN_FIELD).format(field=loc[-1])
            message += (_(m.DID_YOU_MEAN).format(suggestion=hint) if hint
                        else _(m.ALLOWED_FIELDS).format(allowed=", ".join(allowed)))
            issues.append(Issue(where, "unknown-field", message, at_key=True))
        elif kind == "string_pattern_mismatch" and ctx.get("pattern") == SLUG_PATTERN:
            message = _(m.BAD_SLUG).format(value=str(value)[:70])
            candidate = slugify(str(value))
            if candidate and candidate != value:
                message += _(m.BAD_SLUG_SUGGEST).format(suggestion=candidate)
            issues.append(Issue(where, "bad-slug", message))
        elif kind == "string_too_long" and ctx.get("max_length") == 64 and _is_slug_field(loc):
            issues.append(Issue(where, "bad-slug", _(m.BAD_SLUG).format(value=str(value)[:70])))
        elif kind == "string_pattern_mismatch" and ctx.get("pattern") == TIMEZONE_PATTERN:
            issues.append(Issue(where, "invalid-value", unknown_zone_message(str(value))))
        elif kind == "string_pattern_mismatch" and ctx.get("pattern") != NOT_BLANK:
            issues.append(Issue(where, "invalid-value", _(m.INVALID_VALUE).format(
                field=_field_name(where), problem=_(m.WRONG_FORM).format(
                    value=describe(value), pattern=ctx.get("pattern")))))
        elif kind == "literal_error":
            options = _literal_options(ctx)
            message = _(m.NOT_ONE_OF).format(field=_field_name(where),
                                             allowed=", ".join(options), found=describe(value))
            if isinstance(value, str):
                meant = [o for o in options if o.casefold() == value.strip().casefold()]
                if meant:
                    message += _(m.HINT_WRITE).format(field=_field_name(where), value=meant[0])
            issues.append(Issue(where, "invalid-value", message))
        elif kind in m.PROBLEMS:
            problem = _(m.PROBLEMS[kind]).format(**{k: _show(v) for k, v in ctx.items()})
            issues.append(Issue(where, "invalid-value", _(m.INVALID_VALUE).format(
                field=_field_name(where), problem=problem)))
        elif kind.startswith("int_") and isinstance(value, str) \
                and value.strip().lstrip("+-").isdigit() \
                and len(value.strip().lstrip("+-")) > _FAR_TOO_MANY_DIGITS:
            issues.append(Issue(where, "invalid-value",
                                _(m.TOO_LARGE_NUMBER).format(field=_field_name(where))))
        elif kind == "list_type" and _is_slug_field(loc):
            issues.append(Issue(where, "wrong-type", _(m.WRONG_TYPE).format(
                field=_field_name(where), expected=_(m.EXPECTED["ids"]), found=describe(value))))
        else:
            expected = _expected(kind) or detail["msg"].lower()
            issues.append(Issue(where, "wrong-type", _(m.WRONG_TYPE).format(
                field=_field_name(where), expected=expected, found=describe(value))
                + _wrong_type_hint(kind, loc, value)))
    return issues


def unknown_zone_message(zone: str) -> str:
    """`zone` is no IANA time zone: the message, with the closest zone if one is close."""
    message = _(m.UNKNOWN_TIMEZONE).format(value=describe(zone), default=DEFAULT_TIMEZONE)
    hint = suggest_zone(zone) if len(zone) <= 64 else None
    return message + (_(m.DID_YOU_MEAN).format(suggestion=hint) if hint else "")


def _show(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _is_slug_field(loc: Loc) -> bool:
    names = [step for step in loc if isinstance(step, str)]
    return bool(names) and names[-1] in {"id", "owners", "by", "commitment"}


def _validate(model: type[BaseModel], data: Any, prefix: Loc,
              issues: list[Issue]) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as error:
        issues.extend(issues_from_error(error, model, prefix))
        return None


ModelT = typing.TypeVar("ModelT", bound=BaseModel)


def _validate_keeping(model: type[ModelT], data: Any, prefix: Loc, issues: list[Issue],
                      stand_ins: dict[str, tuple[Any, Any]] | None = None) -> ModelT | None:
    """Like `_validate`, but a value error in one field does not throw the whole away.

    Every error is reported, as always. Then the model is made again from its valid fields,
    with the default in place of each invalid optional field. An invalid required field
    needs a stand-in: `stand_ins[name]` is (a valid value to validate with, the value the
    model then holds), or it is missing and the whole is unusable (None).
    """
    try:
        return model.model_validate(data)
    except ValidationError as error:
        issues.extend(issues_from_error(error, model, prefix))
        details = error.errors(include_url=False)
    if not isinstance(data, dict):
        return None
    fields = model.model_fields
    failed = {str(d["loc"][0]) for d in details if d["loc"] and d["loc"][0] in fields}
    kept = {key: value for key, value in data.items() if key in fields and key not in failed}
    final: dict[str, Any] = {}
    for name in failed:
        if not fields[name].is_required():
            continue
        if stand_ins is None or name not in stand_ins:
            return None
        kept[name], final[name] = stand_ins[name]
    try:
        salvaged = model.model_validate(kept)
    except ValidationError:
        return None
    return salvaged.model_copy(update=final) if final else salvaged


def _commitment_stand_ins(raw: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """What a commitment holds in place of an invalid title or owners, so that its id stays
    known: the title as written if it is text, else the id; the owners that are text."""
    stand_ins: dict[str, tuple[Any, Any]] = {}
    commitment_id = _try(_SLUG, raw.get("id"))
    title = raw.get("title")
    if isinstance(title, str) and title.strip():
        stand_ins["title"] = ("x", title)
    elif commitment_id is not None:
        stand_ins["title"] = ("x", commitment_id)
    owners = raw.get("owners")
    written = [owners] if isinstance(owners, str) else owners if isinstance(owners, list) else []
    texts = [owner for owner in written if isinstance(owner, str) and owner]
    if texts:
        stand_ins["owners"] = (["x"], texts)
    return stand_ins


# --- commitments.yaml ---------------------------------------------------------------

def validate_commitments(data: Any) -> tuple[plain.CommitmentsFile | None, int, list[Issue]]:
    """Check commitments.yaml piece by piece, so that one bad commitment hides no other.

    Returns the file (`lofte.domain.promise`) when the promise and parties are usable (with
    the valid commitments only), the number of commitments written, and the issues.
    """
    issues: list[Issue] = []
    if not isinstance(data, dict):
        found = _("empty") if data is None else describe(data)
        issues.append(Issue((), "wrong-shape", _(m.COMMITMENTS_NOT_MAPPING).format(found=found)))
        return None, 0, issues
    for key in data:
        if key not in _TOP_LEVEL:
            hint = suggest(str(key), _TOP_LEVEL)
            message = _(m.UNKNOWN_FIELD).format(field=key) + (
                _(m.DID_YOU_MEAN).format(suggestion=hint) if hint
                else _(m.ALLOWED_FIELDS).format(allowed=", ".join(_TOP_LEVEL)))
            issues.append(Issue((key,), "unknown-field", message, at_key=True))
    for key in _TOP_LEVEL_REQUIRED:
        if key not in data:
            issues.append(Issue((), "missing-field", _(m.MISSING_FIELD).format(field=key)))

    # A promise with an invalid optional field (language, timezone, focus, ...) is still
    # the promise: the field is reported and its default used, so that the activities are
    # checked all the same. Only an invalid id, title or period makes it unusable.
    promise = _validate_keeping(Promise, data["promise"], ("promise",), issues) \
        if "promise" in data else None
    if promise is not None and not zone_exists(promise.timezone):
        issues.append(Issue(("promise", "timezone"), "invalid-value",
                            unknown_zone_message(promise.timezone)))
        promise = promise.model_copy(update={"timezone": DEFAULT_TIMEZONE})
    raw = data.get("promise")
    raw_promise: dict[str, Any] = raw if isinstance(raw, dict) else {}
    start = _try(_DATE, raw_promise.get("valid_from"))
    until = _try(_DATE, raw_promise.get("valid_until"))
    if start and until and until < start:
        issues.append(Issue(("promise", "valid_until"), "period-reversed",
                            _(m.PERIOD_REVERSED).format(until=until, start=start)))
    parties = _validate_parties(data.get("parties"), issues) if "parties" in data else {}
    calendars = _validate_calendars(data["calendars"], issues) if "calendars" in data else {}
    defaults = (_validate_keeping(Defaults, data["defaults"], ("defaults",), issues)
                or Defaults()) if "defaults" in data else Defaults()

    raw_commitments = data.get("commitments")
    commitments: list[Commitment] = []
    unusable: set[str] = set()
    seen: dict[str, int] = {}
    written = 0
    if "commitments" in data and not isinstance(raw_commitments, list):
        issues.append(Issue(("commitments",), "wrong-type", _(m.WRONG_TYPE).format(
            field="commitments", expected=_(m.EXPECTED["list"]), found=describe(raw_commitments))))
    elif isinstance(raw_commitments, list):
        written = len(raw_commitments)
        for index, raw in enumerate(raw_commitments):
            # A commitment with an invalid field keeps its id (reported once, here), so
            # that the activities naming it are not told that no commitment has the id.
            stand_ins = _commitment_stand_ins(raw) if isinstance(raw, dict) else {}
            commitment = _validate_keeping(Commitment, raw, ("commitments", index), issues,
                                           stand_ins)
            if not isinstance(commitment, Commitment):
                known = _try(_SLUG, raw.get("id")) if isinstance(raw, dict) else None
                if known is not None:
                    unusable.add(known)
                continue
            where: Loc = ("commitments", index)
            if commitment.id in seen:
                issues.append(Issue((*where, "id"), "duplicate-id",
                                    _(m.DUPLICATE_ID).replace("{id}", commitment.id),
                                    related=("commitments", seen[commitment.id], "id")))
                continue
            seen[commitment.id] = index
            issues.extend(unknown_parties(commitment.owners, parties, (*where, "owners")))
            issues.extend(_commitment_v2_issues(commitment, calendars, promise, where))
            if commitment.active_from and commitment.retired_on \
                    and commitment.retired_on < commitment.active_from:
                issues.append(Issue((*where, "retired_on"), "period-reversed",
                                    _(m.RETIRED_BEFORE_ACTIVE).format(
                                        retired_on=commitment.retired_on,
                                        active_from=commitment.active_from)))
            commitments.append(commitment)

    issues.extend(control_characters(data))
    if not isinstance(promise, Promise):
        return None, written, issues
    model = CommitmentsFile.model_construct(
        promise=promise, parties=parties, defaults=defaults, calendars=calendars,
        commitments=commitments)
    return plain_file(model, frozenset(unusable - seen.keys())), written, issues


def _validate_calendars(raw: Any, issues: list[Issue]) -> dict[str, list[CalendarRange]]:
    """The calendars whose ranges are valid; every problem reported, overlaps as warnings."""
    if not isinstance(raw, dict):
        issues.append(Issue(("calendars",), "wrong-type", _(m.WRONG_TYPE).format(
            field="calendars", expected=_(m.EXPECTED["dict"]), found=describe(raw))))
        return {}
    calendars: dict[str, list[CalendarRange]] = {}
    for key, entries in raw.items():
        where: Loc = ("calendars", key)
        if not _SLUG_RE.fullmatch(str(key)) or len(str(key)) > SLUG_MAX:
            issues.append(Issue(where, "bad-slug", _(m.BAD_SLUG).format(value=str(key)[:70]),
                                at_key=True))
            continue
        if not isinstance(entries, list) or not entries:
            issues.append(Issue(where, "wrong-type", _(m.WRONG_TYPE).format(
                field=key, expected=_(m.EXPECTED["list"]), found=describe(entries))))
            continue
        ranges: list[tuple[int, CalendarRange]] = []
        for index, entry in enumerate(entries):
            here: Loc = (*where, index)
            try:
                ranges.append((index, CalendarRange.model_validate(entry)))
            except ValidationError as error:
                issues.extend(issues_from_error(error, CalendarRange, here))
        valid = []
        for index, entry in ranges:
            if (len(entry.start) == len("MM-DD")) != (len(entry.until) == len("MM-DD")):
                issues.append(Issue((*where, index, "until"), "invalid-value",
                                    _(m.CALENDAR_BOUNDS_MIXED)))
            elif not entry.yearly and entry.until < entry.start:
                issues.append(Issue((*where, index, "until"), "period-reversed",
                                    _(m.CALENDAR_REVERSED).format(start=entry.start,
                                                                  until=entry.until)))
            else:
                valid.append((index, entry))
        issues.extend(_overlaps(valid, where))
        calendars[key] = [entry for _index, entry in valid]
    return calendars


def _overlaps(ranges: Sequence[tuple[int, CalendarRange]], where: Loc) -> list[Issue]:
    """A warning on each range that shares a day with an earlier one of the calendar."""
    issues = []
    for later, (index, entry) in enumerate(ranges):
        for earlier_index, earlier in ranges[:later]:
            if _share_a_day(earlier, entry):
                issues.append(Issue((*where, index, "from"), "calendar-overlap",
                                    _(m.CALENDAR_OVERLAP), severity="warning",
                                    related=(*where, earlier_index, "from")))
                break
    return issues


def _share_a_day(a: CalendarRange, b: CalendarRange) -> bool:
    dated = [r.spec for r in (a, b) if not r.yearly]
    if dated:  # over the years of the dated range(s)
        first = min(d.first for d in dated if isinstance(d.first, dt.date))
        last = max(d.last for d in dated if isinstance(d.last, dt.date))
    else:  # two yearly ranges: two years (with a leap day) show every overlap
        first, last = dt.date(2003, 1, 1), dt.date(2005, 12, 31)
    days_a = Pauses.of(expand(a.spec, first, last))
    return any(days_a.count(max(lo, first), min(hi, last))
               for lo, hi in expand(b.spec, first, last))


def _commitment_v2_issues(commitment: Commitment, calendars: dict[str, list[CalendarRange]],
                          promise: Promise | None, where: Loc) -> list[Issue]:
    """Pauses naming calendars that exist, a problem area that exists, and a target for a
    commitment without a gap rule."""
    issues = []
    for index, calendar_id in enumerate(commitment.pauses):
        if calendar_id not in calendars:
            hint = suggest(calendar_id, calendars)
            issues.append(Issue((*where, "pauses", index), "unknown-calendar",
                                _(m.UNKNOWN_CALENDAR).format(id=calendar_id) + (
                                    _(m.DID_YOU_MEAN).format(suggestion=hint) if hint
                                    else _(m.KNOWN_CALENDARS).format(known=", ".join(calendars))
                                    if calendars else _(m.NO_CALENDARS))))
    areas = len(promise.problem_areas) if isinstance(promise, Promise) else None
    if commitment.problem_area is not None and areas is not None \
            and commitment.problem_area > areas:
        issues.append(Issue((*where, "problem_area"), "invalid-value",
                            _(m.PROBLEM_AREA_UNKNOWN).format(number=commitment.problem_area,
                                                             count=areas)))
    if commitment.max_gap_days is None and "max_gap_days" in commitment.model_fields_set \
            and commitment.target is None:
        issues.append(Issue((*where, "max_gap_days"), "missing-field", _(m.NO_GAP_NEEDS_TARGET)))
    return issues


def _validate_parties(raw: Any, issues: list[Issue]) -> dict[str, Party]:
    if not isinstance(raw, dict):
        issues.append(Issue(("parties",), "wrong-type", _(m.WRONG_TYPE).format(
            field="parties", expected=_(m.EXPECTED["dict"]), found=describe(raw))))
        return {}
    parties: dict[str, Party] = {}
    for key, value in raw.items():
        if not _SLUG_RE.fullmatch(str(key)) or len(str(key)) > 64:
            message = _(m.BAD_SLUG).format(value=str(key)[:70])
            candidate = slugify(str(key))
            if candidate:
                message += _(m.BAD_SLUG_SUGGEST).format(suggestion=candidate)
            issues.append(Issue(("parties", key), "bad-slug", message, at_key=True))
            continue
        # A party with an invalid name is still a party: the name is reported, and the
        # commitments and activities naming the party are not told it does not exist.
        name = value.get("name") if isinstance(value, dict) else None
        party = _validate_keeping(Party, value, ("parties", key), issues, {
            "name": ("x", name if isinstance(name, str) and name.strip() else key)})
        parties[key] = party if isinstance(party, Party) else Party(name=key)
    return parties


# --- control characters -------------------------------------------------------------

# C0 and C1 controls, DEL, and the bidi embeddings, overrides and isolates: characters that
# can rewrite a terminal or hide text (README, "The ledger's boundary"). Multi-line
# text may hold line breaks and tabs; any other text not even those.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_CONTROL = re.compile(f"[\x00-\x1f\x7f-\x9f{_BIDI}]")
_CONTROL_MULTILINE = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{_BIDI}]")
MULTILINE_FIELDS = frozenset({"text", "summary", "comment"})


def _control_issue(loc: Loc, character: str) -> Issue:
    code = ord(character)
    template = m.BIDI_CHARACTER if code >= 0x202A else m.TEXT_CONTROL_CHARACTER
    return Issue(loc, "control-character",
                 _(template).format(field=_field_name(loc), code=code), severity="warning")


def control_characters(data: Any, prefix: Loc = ()) -> list[Issue]:
    """A warning for each text in `data` (values at any depth, not keys) that holds a
    control or bidi character: one regular expression search per text."""
    issues: list[Issue] = []
    stack: list[tuple[Loc, Any, bool]] = [(prefix, data, False)]
    while stack:
        loc, value, multiline = stack.pop()
        kind = type(value)
        if kind is str:
            found = (_CONTROL_MULTILINE if multiline else _CONTROL).search(value)
            if found is not None:
                issues.append(_control_issue(loc, found.group()))
        elif kind is dict:
            stack.extend(((*loc, key), item, key in MULTILINE_FIELDS)
                         for key, item in value.items())
        elif kind is list:
            stack.extend(((*loc, index), item, multiline) for index, item in enumerate(value))
    issues.reverse()
    return issues


def _activity_control_characters(item: dict[str, Any], prefix: Loc,
                                 issues: list[Issue]) -> None:
    """`control_characters` for one activity, the flat mapping of texts and lists of texts
    that 100,000 activities are: no stack unless something is nested. Every character
    looked for is a control or format character, which `str.isprintable` refuses: a
    printable text (most of them) needs no search."""
    search = _CONTROL.search
    for key, value in item.items():
        kind = type(value)
        if kind is str:
            if value.isprintable():
                continue
            found = (_CONTROL_MULTILINE.search(value) if key in MULTILINE_FIELDS
                     else search(value))
            if found is not None:
                issues.append(_control_issue((*prefix, key), found.group()))
        elif kind is list:
            for index, text in enumerate(value):
                if type(text) is str:
                    if text.isprintable():
                        continue
                    found = search(text)
                    if found is not None:
                        issues.append(_control_issue((*prefix, key, index), found.group()))
                else:
                    issues.extend(control_characters(text, (*prefix, key, index)))
        elif kind is dict:
            issues.extend(control_characters(value, (*prefix, key)))


# --- activity files -----------------------------------------------------------------

@dataclass(slots=True)
class ActivityDocument:
    """One activity file, validated on its own: a mapping, or a list of mappings."""

    valid: list[tuple[Activity, int | None]] = field(default_factory=list)
    # References of the activities that failed validation, to check them all the same.
    salvaged: list[tuple[References, int | None]] = field(default_factory=list)
    written: int = 0
    issues: list[Issue] = field(default_factory=list)


def validate_activity_document(data: Any) -> ActivityDocument:
    doc = ActivityDocument()
    if isinstance(data, dict):
        items: list[tuple[Any, int | None]] = [(data, None)]
    elif isinstance(data, list):
        items = list(zip(data, range(len(data)), strict=True))
    else:
        doc.issues.append(Issue((), "wrong-shape",
                                _(m.ACTIVITY_FILE_SHAPE).format(found=describe(data))))
        return doc
    doc.written = len(items)
    for item, index in items:
        prefix: Loc = () if index is None else (index,)
        if not isinstance(item, dict):
            doc.issues.append(Issue(prefix, "wrong-shape",
                                    _(m.ACTIVITY_ITEM_SHAPE).format(found=describe(item))))
            continue
        activity = _validate(Activity, item, prefix, doc.issues)
        _activity_control_characters(item, prefix, doc.issues)
        if isinstance(activity, Activity):
            doc.valid.append((activity, index))
        else:
            doc.salvaged.append((salvaged_references(item), index))
    return doc


_DATE: TypeAdapter[dt.date] = TypeAdapter(IsoDate)
_IDS: TypeAdapter[list[str]] = TypeAdapter(SlugList)
_SLUG: TypeAdapter[str] = TypeAdapter(Slug)


def salvaged_references(raw: dict[str, Any]) -> References:
    """The references of an invalid activity: its fields that are valid on their own."""
    return References(_try(_DATE, raw.get("date")),
                      tuple(_try(_IDS, raw.get("commitment")) or ()),
                      tuple(_try(_IDS, raw.get("by")) or ()))


def _try(adapter: TypeAdapter[Any], value: Any) -> Any:
    if value is None:
        return None
    try:
        return adapter.validate_python(value)
    except ValidationError:
        return None


def check_privacy(activity: Activity, prefix: Loc) -> list[Issue]:
    """Personal data in the text of a public activity, which reports will publish."""
    # imported here: only reading an activity file needs it, never a warm `lofte status`
    from lofte.domain.privacy import KIND_NAMES, find_personal_data  # noqa: PLC0415

    if not activity.public:
        return []
    fields: list[tuple[Loc, str, str]] = [(("summary",), "summary", activity.summary)]
    if activity.place:
        fields.append((("place",), "place", activity.place))
    for name in ("tags", "links"):
        for index, text in enumerate(getattr(activity, name)):
            fields.append(((name, index), f"{name}[{index + 1}]", text))
    issues = []
    for loc, label, text in fields:
        for match in find_personal_data(text):
            issues.append(Issue((*prefix, *loc), "personal-data", _(m.PERSONAL_DATA).format(
                field=label, kind=_(KIND_NAMES[match.kind]), masked=match.masked),
                severity="warning"))
    return issues
