"""Personal data detection: check digits, formats, and no false alarms on ordinary text."""

from __future__ import annotations

import pytest

from lofte.privacy import find_personal_data, luhn_ok
from tests.conftest import Invoke, MakeLedger


def kinds(text: str) -> list[str]:
    return [m.kind for m in find_personal_data(text)]


@pytest.mark.parametrize("number", [
    "811218-9876", "8112189876", "19811218-9876", "198112189876", "121212+1212",
    "701063-2391",  # samordningsnummer: day 3 + 60
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
