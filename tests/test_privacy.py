"""Personal data detection: check digits, formats, and no false alarms on ordinary text."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lofte.domain.privacy import KIND_NAMES, NEVER_PLATES, find_personal_data, luhn_ok
from tests.conftest import Invoke, MakeLedger


def kinds(text: str) -> list[str]:
    return [m.kind for m in find_personal_data(text)]


@pytest.mark.parametrize("number", [
    "811218-9876", "8112189876", "19811218-9876", "198112189876", "121212+1212",
    "701063-2391",  # samordningsnummer: day 3 + 60
    "811218–9876", "811218—9876", "811218−9876", "811218\u20119876",  # en, em dash, minus...
    "811218 9876", "811218 - 9876", "19811218 – 9876", "19701063-2391",
])
def test_valid_personal_identity_numbers_are_found(number: str) -> None:
    assert kinds(f"Samtal med person {number} vid skolan.") == ["personal-identity-number"]


@pytest.mark.parametrize("number", [
    "811218-9875",   # wrong check digit
    "811318-9876",   # month 13
    "19811218-9870",
])
def test_invalid_check_digits_or_dates_are_not_personal_numbers(number: str) -> None:
    assert "personal-identity-number" not in kinds(f"Ärende {number}")


def test_luhn() -> None:
    assert luhn_ok("8112189876")
    assert not luhn_ok("8112189875")


@pytest.mark.parametrize(("text", "kind"), [
    ("Kontakt: anna.svensson@forshaga.se", "email"),
    ("Ring 070-123 45 67 vid frågor", "phone"),
    ("Ring 0701234567", "phone"),
    ("Tel +46 70 123 45 67", "phone"),
    ("Växel 054-17 20 00", "phone"),
    ("Moped med reg.nr ABC 123 stoppades", "registration-number"),
    ("Bil XYZ12A kontrollerades", "registration-number"),
    # missed before, and so published
    ("Ring 08-123 456 78", "phone"),
    ("Ring 070 - 123 45 67", "phone"),
    ("Ring 070.123.45.67", "phone"),
    ("Bilen ABC-123 stod kvar", "registration-number"),
    ("ABC-12A stod kvar", "registration-number"),
    ("Moped med reg abc 123", "registration-number"),
    ("Tel 0046 (0)54-540 10 00", "phone"),
    ("Tel +46 (0)70-123 45 67", "phone"),
    ("Kontakt 0552-123 45", "phone"),
    ("Kontakt 070/123 45 67", "phone"),
    ("Kontakt 076–555 12 34", "phone"),
    ("Kontakt: erik.lind[at]forshaga.se", "email"),
    ("Kontakt: erik.lind (at) forshaga.se", "email"),
    ("Kontakt: erik.lind at forshaga dot se", "email"),
    ("Kontakt: erik.lind snabel-a forshaga punkt se", "email"),
    ("Kontakt: per[at]polisen[dot]se", "email"),
])
def test_other_personal_data(text: str, kind: str) -> None:
    assert kinds(text) == [kind]


@pytest.mark.parametrize("text", [
    "Hastighetskontroll vid Forshagaakademien, två trimmade mopeder.",
    "Dnr KS 2024/12",
    "Möte 2024-03-14 kl 18.00 med 40 föräldrar",
    "LPO Karlstad och Forshaga kommun, v. 12",
    "https://forshaga.se/nyheter/2024/03/14/trygghetsvandring",
    "Kontroll av 12 fordon, 3 rapporter, 1 500 kr i böter",
    # taken for personal data before
    "Mobila poliskontoret öppet kl 0800-1200",
    "Samverkan med BUP 123 ärenden",
    "LSS 100 timmar",
    # times, diary numbers, dates, sums, postcodes, counts, public service numbers
    "Öppet 08.00–12.00 och 0830-1630, nattvandring 18-22",
    "Dnr 2024-000123, polisens ärende A 123456-24, KS 2024/123",
    "Insatsen 2024-03-14 – 2024-03-16, uppföljning 14/3",
    "Bidrag 25 000 kronor, 1 200 kr per deltagare",
    "Medborgarlöftet 2023–2025",
    "Dejevägen 4B, 669 31 Deje",
    "MED 120 ELEVER OCH 14 LÄRARE",
    "Samtal med 120 elever i rum 123, buss 302",
    "Stödlinjen 020-81 91 00, polisen 114 14, 1177",
    "Följ oss på @forshaga_kommun",
])
def test_ordinary_text_is_not_flagged(text: str) -> None:
    assert kinds(text) == []


def test_matches_are_masked() -> None:
    (match,) = find_personal_data("pnr 811218-9876")
    assert match.masked == "811218-****"
    assert "9876" not in match.masked


def test_check_warns_for_public_text_only(invoke: Invoke, make_ledger: MakeLedger) -> None:
    text = "date: 2024-06-01\ncommitment: fotpatrullering\nsummary: Samtal, pnr 811218-9876.\n"
    root = make_ledger({"a.yaml": text, "b.yaml": text.replace("Samtal", "Möte")
                        + "public: false\n"})
    result = invoke("check", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == (
        "activities/a.yaml:3:10: warning[personal-data]: `summary` seems to contain a personal "
        "identity number (`811218-****`); this text will be published: remove it, or mark the "
        "activity `public: false`")
    assert "b.yaml" not in result.stdout
    assert "9876" not in result.stdout
    assert invoke("check", "--strict", cwd=root).exit_code == 1


def test_never_plates_are_three_letter_capitals() -> None:
    assert {"BUP", "LSS", "SOL", "ANT", "OCH", "MED", "BRÅ", "SEK", "BOX", "RUM"} <= NEVER_PLATES
    assert all(word == word.upper() and len(word) == 3 for word in NEVER_PLATES)


@pytest.mark.parametrize(("text", "found"), [
    ("Bilen med abc 123 stoppades", True),   # a word about vehicles near by
    ("Samtal med abc 123 gånger", False),    # small letters, nothing about vehicles
    ("ABC 123 stod kvar", True),             # capitals need no such word
    ("LSS 100 timmar, bilen stod kvar", False),
    ("Bilen: ABI 123, ABC 12O", False),      # no I on a plate, no O last
])
def test_registration_numbers_in_small_letters_need_a_vehicle_near(text: str,
                                                                   found: bool) -> None:
    assert ("registration-number" in kinds(text)) is found


def test_every_occurrence_is_found_in_order() -> None:
    text = "070-123 45 67 070-765 43 21, anna@forshaga.se, ABC 123 och 811218-9876"
    matches = find_personal_data(text)
    assert [m.kind for m in matches] == ["phone", "phone", "email", "registration-number",
                                         "personal-identity-number"]
    assert [text[m.start:m.end] for m in matches][:2] == ["070-123 45 67", "070-765 43 21"]


def test_a_number_followed_by_a_count_ends_where_its_digits_do() -> None:
    (match,) = find_personal_data("Ring 070-123 45 67 12 gånger")
    assert match.masked == "070-*** ** **"


@pytest.mark.parametrize(("text", "masked"), [
    ("19811218–9876", "19811218–****"),
    ("070.123.45.67", "070.***.**.**"),
    ("+46 70 123 45 67", "+46 ** *** ** **"),
    ("erik.lind[at]forshaga.se", "e***.****[**]********.**"),
    ("ABC-123", "A**-***"),
])
def test_masks(text: str, masked: str) -> None:
    assert [m.masked for m in find_personal_data(text)] == [masked]


def test_every_kind_has_a_name() -> None:
    assert set(KIND_NAMES) == {"personal-identity-number", "email", "phone",
                               "registration-number"}


# Property tests

_DASHES = ["-", "\u2010", "\u2011", "\u2013", "\u2014", "\u2212", "+"]
_SEPARATORS = ["", " ", *_DASHES, *(f" {d} " for d in _DASHES)]
_FRAMES = ["{}", "Samtal med ungdom {} i dag.", "Pnr: {}", "Förare ({}) rapporterades.",
           "Ärendet gäller {}, uppföljning kl 18.00–20.00."]


@st.composite
def personal_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A valid personal or coordination number in one of its written forms, and its last
    four digits."""
    day = draw(st.dates(dt.date(1900, 1, 1), dt.date(2024, 12, 31)))
    coordination = draw(st.booleans())
    date = f"{day:%y%m}{day.day + (60 if coordination else 0):02d}"
    serial = f"{draw(st.integers(0, 999)):03d}"
    check = next(str(c) for c in range(10) if luhn_ok(f"{date}{serial}{c}"))
    century = f"{day.year // 100}" if draw(st.booleans()) else ""
    separator = draw(st.sampled_from(_SEPARATORS))
    return f"{century}{date}{separator}{serial}{check}", serial + check


@given(personal_numbers(), st.sampled_from(_FRAMES))
def test_any_valid_personal_number_in_any_form_is_found_and_masked(
        number: tuple[str, str], frame: str) -> None:
    written, last_four = number
    text = frame.format(written)
    (match,) = find_personal_data(text)
    assert match.kind == "personal-identity-number"
    assert text[match.start:match.end] == written
    assert match.masked.endswith("****")
    assert last_four not in match.masked


@st.composite
def mobile_numbers(draw: st.DrawFn) -> tuple[str, str]:
    """A Swedish mobile number as people write it, and its subscriber digits."""
    prefix = draw(st.sampled_from(["070", "072", "073", "076", "079"]))
    subscriber = draw(st.from_regex(r"[1-9][0-9]{6}", fullmatch=True))
    grouping = draw(st.sampled_from([(3, 2, 2), (3, 4), (7,), (2, 3, 2), (2, 2, 3)]))
    inner = draw(st.sampled_from([" ", "-", ".", "\u2013"]))
    groups, at = [], 0
    for size in grouping:
        groups.append(subscriber[at:at + size])
        at += size
    head = draw(st.sampled_from([prefix, "+46 " + prefix[1:], "+46" + prefix[1:],
                                 "0046 " + prefix[1:], "+46 (0)" + prefix[1:]]))
    separator = draw(st.sampled_from(["-", " ", " - ", " – ", "/", ".", ""]))
    return head + separator + inner.join(groups), subscriber


@given(mobile_numbers(), st.sampled_from(["{}", "Ring {} om du ser något.", "Tel. {}, Anna",
                                          "Kontakt: {} (efter kl 16)"]))
def test_any_mobile_number_is_found_and_masked(number: tuple[str, str], frame: str) -> None:
    written, subscriber = number
    text = frame.format(written)
    (match,) = find_personal_data(text)
    assert match.kind == "phone"
    assert text[match.start:match.end] == written
    assert sum(c.isdigit() for c in match.masked) <= 3
    assert subscriber[-4:] not in match.masked


_TIMES = st.tuples(st.integers(0, 23), st.integers(0, 59)).map(lambda t: f"{t[0]:02d}{t[1]:02d}")


@given(st.lists(_TIMES, min_size=2, max_size=2),
       st.sampled_from(["{}{}-{}{}", "{}.{}–{}.{}", "{}.{} - {}.{}", "{}{} – {}{}",
                        "{}:{}-{}:{}"]),
       st.sampled_from(["kl {}", "Öppet {} på torget", "Nattvandring {}, 6 vuxna"]))
def test_time_ranges_are_not_phone_numbers(times: list[str], form: str, frame: str) -> None:
    (h1, m1), (h2, m2) = ((t[:2], t[2:]) for t in times)
    assert kinds(frame.format(form.format(h1, m1, h2, m2))) == []


@given(st.text())
def test_matches_are_ordered_disjoint_and_masked_in_full(text: str) -> None:
    matches = find_personal_data(text)
    assert all(0 <= m.start < m.end <= len(text) for m in matches)
    assert all(a.end <= b.start for a, b in itertools.pairwise(matches))
    for match in matches:
        original = text[match.start:match.end]
        assert len(match.masked) == len(original)
        assert match.masked != original
