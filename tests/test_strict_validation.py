"""Validation as strict as the JSON Schemas, per-field errors that keep the rest usable,
the supported languages, the promise's time zone, and control characters in text."""

from __future__ import annotations

import datetime as dt
import json
import typing
from pathlib import Path

import pytest

from lofte import i18n
from lofte.domain import zones
from lofte.domain.models import Language, Promise
from lofte.domain.references import References, check_references
from lofte.domain.validation import validate_activity_document, validate_commitments
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

ACTIVITY = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"


def _check(invoke: Invoke, root: Path) -> tuple[int, list[str]]:
    result = invoke("check", cwd=root)
    return result.exit_code, result.stdout.splitlines()[:-1]


# --- types -----------------------------------------------------------------------------

@pytest.mark.parametrize(("line", "message"), [
    ("hours: '3.5'", "`hours` must be a number, not `3.5`; write `hours: 3.5`, without quotes"),
    ("hours: '3,5'", "`hours` must be a number, not `3,5`; write `hours: 3.5`, without quotes"),
    ("people_reached: '12'", "`people_reached` must be a whole number, not `12`; "
                             "write `people_reached: 12`, without quotes"),
    ("people_reached: true", "`people_reached` must be a whole number, not `true`; "
                             "write the number itself, without quotes"),
    ("people_reached: 12.5", "`people_reached` must be a whole number, not `12.5`"),
    ("public: 0", "`public` must be true or false, not `0`; write `public: false`"),
    ("public: \"yes\"", "`public` must be true or false, not `yes`; write `public: true`"),
    ("public: kanske", "`public` must be true or false, not `kanske`; "
                       "write `public: true` or `public: false`"),
    ("tags: mopeder", "`tags` must be a list, not `mopeder`; "
                      "write a list, such as `tags: [mopeder]`"),
])
def test_a_type_mix_up_is_a_located_wrong_type(line: str, message: str, invoke: Invoke,
                                               make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": ACTIVITY + line + "\n"})
    column = len(line.split(":", maxsplit=1)[0]) + 3
    assert _check(invoke, root) == (1, [
        f"activities/x.yaml:4:{column}: error[wrong-type]: {message}"])


def test_max_gap_days_as_text_is_a_wrong_type(invoke: Invoke, make_ledger: MakeLedger) -> None:
    commitments = MINI_COMMITMENTS.replace("max_gap_days: 14", "max_gap_days: '14'")
    root = make_ledger({"x.yaml": ACTIVITY}, commitments=commitments)
    assert _check(invoke, root) == (1, [
        "commitments.yaml:13:19: error[wrong-type]: `max_gap_days` must be a whole number, "
        "not `14`; write `max_gap_days: 14`, without quotes"])


def test_a_whole_number_written_with_a_decimal_point_is_a_whole_number() -> None:
    """As in JSON Schema, where 12.0 is an integer."""
    doc = validate_activity_document({"date": "2024-03-14", "commitment": "a",
                                      "summary": "x", "people_reached": 12.0})
    assert not doc.issues
    assert doc.valid[0][0].people_reached == 12
    assert type(doc.valid[0][0].people_reached) is int


# --- a per-field error keeps its commitment usable --------------------------------------

def test_a_long_title_is_reported_once_and_the_references_resolve(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    long_title = "Fotpatrullering " + "x" * 70
    commitments = MINI_COMMITMENTS.replace("Fotpatrullering kring otrygga platser", long_title)
    root = make_ledger({f"{n}.yaml": ACTIVITY.replace("14", f"{n + 10}") for n in range(3)},
                       commitments=commitments)
    assert _check(invoke, root) == (1, [
        "commitments.yaml:11:12: error[invalid-value]: `title`: is too long: "
        "at most 80 characters"])
    result = invoke("status", "--as-of", "2024-03-20", "--format", "json", cwd=root)
    row = next(r for r in json.loads(result.stdout)["commitments"]
               if r["id"] == "fotpatrullering")
    assert row["title"] == long_title
    assert row["activity_count"] == 3


@pytest.mark.parametrize(("field", "value"), [
    ("max_gap_days", "'14'"), ("max_gap_days", "0"), ("target", "{per: Week, at_least: 1}"),
    ("active_from", "2024-13-01"), ("text", "5"), ("bogus", "x"),
])
def test_an_invalid_field_of_a_commitment_keeps_its_id_known(
        field: str, value: str, invoke: Invoke, make_ledger: MakeLedger) -> None:
    commitments = MINI_COMMITMENTS.replace("    max_gap_days: 14\n", f"    {field}: {value}\n")
    root = make_ledger({"x.yaml": ACTIVITY}, commitments=commitments)
    code, findings = _check(invoke, root)
    assert code == 1
    assert len(findings) == 1, findings
    assert findings[0].startswith("commitments.yaml:13:")


def test_a_commitment_without_usable_owners_is_named_as_such() -> None:
    data = {"promise": {"id": "p", "title": "P", "valid_from": "2023-01-01",
                        "valid_until": "2025-12-31"},
            "parties": {"polisen": {"name": "Polisen"}},
            "commitments": [{"id": "a", "title": "A", "owners": []}]}
    model, _written, issues = validate_commitments(data)
    assert [issue.code for issue in issues] == ["invalid-value"]
    assert model is not None
    assert model.unusable_ids == frozenset({"a"})
    found = check_references(References(dt.date(2024, 1, 1), ("a",), ()), (), model,
                             dt.date(2024, 6, 1))
    assert [issue.message for issue in found] == [
        "commitment `a` cannot be used until the errors of its entry in commitments.yaml "
        "are fixed"]


def test_a_party_with_an_invalid_name_is_still_a_party(invoke: Invoke,
                                                       make_ledger: MakeLedger) -> None:
    commitments = MINI_COMMITMENTS.replace("{name: Lokalpolisområde Testköping}", "{name: 5}")
    root = make_ledger({"x.yaml": ACTIVITY + "by: polisen\n"}, commitments=commitments)
    code, findings = _check(invoke, root)
    assert code == 1
    assert [line.split(": ")[1] for line in findings] == ["error[wrong-type]"]


def test_an_invalid_optional_promise_field_keeps_the_ledger(invoke: Invoke,
                                                            make_ledger: MakeLedger) -> None:
    commitments = MINI_COMMITMENTS.replace("  valid_until: 2025-12-31\n",
                                           "  valid_until: 2025-12-31\n  language: de\n")
    root = make_ledger({"x.yaml": ACTIVITY.replace("fotpatrullering", "fotpatrul")},
                       commitments=commitments)
    code, findings = _check(invoke, root)
    assert code == 1
    # The activities are still checked against the promise.
    assert any("[unknown-commitment]" in line for line in findings)


# --- language ----------------------------------------------------------------------------

def test_the_languages_are_those_with_a_catalog() -> None:
    assert set(typing.get_args(Language)) == set(i18n.LANGUAGES)


@pytest.mark.parametrize(("value", "message"), [
    ("SV", "`language` must be one of sv, en, not `SV`; write `language: sv`"),
    ("En", "`language` must be one of sv, en, not `En`; write `language: en`"),
    ("de", "`language` must be one of sv, en, not `de`"),
    ("''", "`language` must be one of sv, en, not ``"),
])
def test_only_a_supported_language_passes(value: str, message: str, invoke: Invoke,
                                          make_ledger: MakeLedger) -> None:
    commitments = MINI_COMMITMENTS.replace("  valid_until: 2025-12-31\n",
                                           f"  valid_until: 2025-12-31\n  language: {value}\n")
    root = make_ledger({"x.yaml": ACTIVITY}, commitments=commitments)
    assert _check(invoke, root) == (1, [
        f"commitments.yaml:6:13: error[invalid-value]: {message}"])


# --- promise.timezone ------------------------------------------------------------------

def _with_zone(zone: str) -> str:
    return MINI_COMMITMENTS.replace("  valid_until: 2025-12-31\n",
                                    f"  valid_until: 2025-12-31\n  timezone: {zone}\n")


def test_the_time_zone_defaults_to_stockholm() -> None:
    promise = Promise.model_validate({"id": "p", "title": "P", "valid_from": "2023-01-01",
                                      "valid_until": "2025-12-31"})
    assert promise.timezone == "Europe/Stockholm"


@pytest.mark.parametrize("zone", ["Europe/Stockholm", "UTC", "America/Argentina/Buenos_Aires",
                                  "Etc/GMT-1"])
def test_a_known_zone_passes(zone: str, invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": ACTIVITY}, commitments=_with_zone(zone))
    assert _check(invoke, root) == (0, [])


@pytest.mark.parametrize(("zone", "message"), [
    ("europe/stockholm", "not `europe/stockholm`; did you mean `Europe/Stockholm`?"),
    ("Stockholm", "not `Stockholm`; did you mean `Europe/Stockholm`?"),
    ("Europe/Stokholm", "not `Europe/Stokholm`; did you mean `Europe/Stockholm`?"),
    ("Mars/Olympus", "not `Mars/Olympus`"),
    ("../../etc/passwd", "not `../../etc/passwd`"),
])
def test_an_unknown_zone_is_an_invalid_value(zone: str, message: str, invoke: Invoke,
                                             make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": ACTIVITY}, commitments=_with_zone(zone))
    assert _check(invoke, root) == (1, [
        "commitments.yaml:6:13: error[invalid-value]: `timezone` must be an IANA time zone "
        f"name such as `Europe/Stockholm`, {message}"])


def test_the_zone_database_is_listed_only_for_an_unknown_zone(
        monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> set[str]:
        raise AssertionError("listed the zone database for a known zone")

    monkeypatch.setattr(zones.zoneinfo, "available_timezones", refuse)
    data = {"promise": {"id": "p", "title": "P", "valid_from": "2023-01-01",
                        "valid_until": "2025-12-31", "timezone": "America/New_York"},
            "parties": {}, "commitments": []}
    model, _written, issues = validate_commitments(data)
    assert not issues
    assert model is not None
    assert model.promise.timezone == "America/New_York"


def test_an_unknown_zone_leaves_the_default_in_the_model() -> None:
    data = {"promise": {"id": "p", "title": "P", "valid_from": "2023-01-01",
                        "valid_until": "2025-12-31", "timezone": "Mars/Olympus"},
            "parties": {}, "commitments": []}
    model, _written, issues = validate_commitments(data)
    assert [issue.loc for issue in issues] == [("promise", "timezone")]
    assert model is not None
    assert model.promise.timezone == "Europe/Stockholm"


UTC = dt.UTC


@pytest.mark.parametrize(("zone", "now", "today"), [
    # 00:30 in Forshaga on 15 March is still 14 March on a CI runner in UTC.
    ("Europe/Stockholm", dt.datetime(2024, 3, 14, 23, 30, tzinfo=UTC), dt.date(2024, 3, 15)),
    ("Europe/Stockholm", dt.datetime(2024, 7, 14, 22, 30, tzinfo=UTC), dt.date(2024, 7, 15)),
    ("Europe/Stockholm", dt.datetime(2024, 7, 14, 21, 30, tzinfo=UTC), dt.date(2024, 7, 14)),
    ("UTC", dt.datetime(2024, 3, 14, 23, 30, tzinfo=UTC), dt.date(2024, 3, 14)),
    ("America/New_York", dt.datetime(2024, 3, 15, 3, 0, tzinfo=UTC), dt.date(2024, 3, 14)),
    ("Europe/Stockholm", dt.datetime.max.replace(tzinfo=UTC), dt.date.max),
])
def test_today_in_the_promise_zone(zone: str, now: dt.datetime, today: dt.date) -> None:
    assert zones.today_in(zone, now) == today


def test_today_in_refuses_a_naive_time_and_an_unknown_zone() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        zones.today_in("Europe/Stockholm", dt.datetime(2024, 3, 14, 23, 30))
    with pytest.raises(ValueError, match="unknown time zone"):
        zones.today_in("Mars/Olympus", dt.datetime(2024, 3, 14, tzinfo=UTC))


# --- control characters ------------------------------------------------------------------

@pytest.mark.parametrize(("line", "where", "code"), [
    ('summary: "Fotpatrull\\e[2J"', "3:10", "001B"),
    ('summary: "Fotpatrull\\x1b]8;;https://x\\x1b\\\\"', "3:10", "001B"),
    ('summary: "Fotpatrull\\x9b2J"', "3:10", "009B"),
    ('summary: "Fotpatrull\\x7f"', "3:10", "007F"),
    ('summary: "Fotpatrull \\u202egnirtsöl"', "3:10", "202E"),
    ('summary: "Fotpatrull \\u2066x\\u2069"', "3:10", "2066"),
    ('summary: "Fotpatrull\\r"', "3:10", "000D"),
])
def test_a_control_character_in_the_summary_is_a_warning(
        line: str, where: str, code: str, invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": ACTIVITY.replace("summary: Fotpatrull vid torget.", line)})
    code_, findings = _check(invoke, root)
    assert code_ == 0
    assert len(findings) == 1
    assert findings[0].startswith(f"activities/x.yaml:{where}: warning[control-character]: "
                                  f"`summary` contains ")
    assert f"U+{code}" in findings[0]
    assert "remove it" in findings[0]
    assert "\x1b" not in findings[0]


def test_line_breaks_and_tabs_are_fine_in_a_summary_but_not_in_a_place(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": ACTIVITY.replace("torget.", 'torget.\\n\\tx"').replace(
        "summary: Fotpatrull", 'summary: "Fotpatrull') + 'place: "Torget\\nx"\n'})
    assert _check(invoke, root) == (0, [
        "activities/x.yaml:4:8: warning[control-character]: `place` contains the control "
        "character U+000A, which can hide or rewrite what a terminal shows; remove it"])


def test_every_text_field_of_an_activity_is_looked_at() -> None:
    doc = validate_activity_document({
        "date": "2024-03-14", "commitment": "a", "summary": "x", "place": "\x1b",
        "tags": ["ok", "\u202d"], "links": ["\x00"]})
    assert [(issue.loc, issue.severity) for issue in doc.issues] == [
        (("place",), "warning"), (("tags", 1), "warning"), (("links", 0), "warning")]
    assert len(doc.valid) == 1


def test_every_text_field_of_commitments_yaml_is_looked_at(invoke: Invoke,
                                                          make_ledger: MakeLedger) -> None:
    commitments = (MINI_COMMITMENTS
                   .replace("title: Medborgarlöfte Testköping 2023–2025",
                            'title: "\\e[31mMedborgarlöfte Testköping 2023–2025"')
                   .replace("{name: Testköpings kommun}", '{name: "Testköping\\u202e"}')
                   .replace("    max_gap_days: 14\n",
                            '    max_gap_days: 14\n    text: "Rad ett\\nrad två\\x07"\n'))
    root = make_ledger({"x.yaml": ACTIVITY}, commitments=commitments)
    code, findings = _check(invoke, root)
    assert code == 0
    assert [line.split(": ")[0] + " " + line.split("`")[1] for line in findings] == [
        "commitments.yaml:3:10 title", "commitments.yaml:8:20 name",
        "commitments.yaml:14:11 text"]
    strict = invoke("check", "--strict", cwd=root)
    assert strict.exit_code == 1


def test_no_character_looked_for_is_printable() -> None:
    """The scan of an activity skips a text that `str.isprintable` accepts; that is sound
    only as long as every character it looks for is one that `isprintable` refuses."""
    looked_for = [*range(0x00, 0x20), *range(0x7F, 0xA0), *range(0x202A, 0x202F),
                  *range(0x2066, 0x206A)]
    for code in looked_for:
        character = chr(code)
        assert not character.isprintable(), f"U+{code:04X}"
        item = {"date": "2024-03-14", "commitment": "a", "summary": "x", "place": character}
        assert [issue.code for issue in validate_activity_document(item).issues] == [
            "control-character"], f"U+{code:04X}"
