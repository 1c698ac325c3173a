"""Personal data in text that may be published. Pure: text in, matches out.

What is looked for, in Swedish text, written the ways people write it:
- personal identity numbers (personnummer) and coordination numbers (samordningsnummer):
  10 or 12 digits, YYMMDD-NNNN or YYYYMMDD-NNNN, with any dash (hyphen, en or em dash, minus
  sign), `+` (a person over 100), spaces or nothing between date and serial; the date must be
  real (day + 60 for a coordination number) and the check digit valid (the Luhn algorithm over
  the ten last digits);
- e-mail addresses, also written to fool harvesters: `name[at]host.se`, `name (at) host.se`,
  `name at host dot se`, `name snabel-a host punkt se`, `name(a)host.se`, `host[dot]se`;
- phone numbers: a Swedish number with its area code (2-4 digits, 07x for mobiles) or +46 /
  0046 (with or without `(0)`), groups separated by spaces, dashes, dots or a slash, 8-10
  digits in all (10 for a mobile). Not taken for phone numbers: public service numbers
  (020, 077x, 090x, 0939, 0944), and times such as `0830-1630` or `07.30-16.00`;
- vehicle registration numbers: ABC 123 or ABC 12A, with a space, a dash or nothing between
  (no I, Q or V, and no O last, as Transportstyrelsen issues them). In capitals they are
  taken as they stand, unless the letters are a word or abbreviation in `NEVER_PLATES`
  (`LSS 100`, `BUP 123`, `MED 120 ELEVER`); in small or mixed letters (`abc 123`) only near a
  word about vehicles (reg, regnr, bil, fordon, förare, moped, a car make...), since `med 120`,
  `rum 123` and `tot 340` are ordinary Swedish.

Matches are shown masked, so that a warning never repeats the personal data in a CI log.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lofte.i18n import N_

Kind = Literal["personal-identity-number", "email", "phone", "registration-number"]

KIND_NAMES: dict[str, str] = {
    "personal-identity-number": N_("a personal identity number"),
    "email": N_("an e-mail address"),
    "phone": N_("a phone number"),
    "registration-number": N_("a vehicle registration number"),
}

# Three letters that are never taken for the letters of a registration number when followed
# by a number, in any case: Swedish words and abbreviations that are commonly followed by a
# number in activity text. The letters I, Q, V and Å, Ä, Ö never occur on a plate, so words
# holding them (SFI, HVB, LVU, BRÅ, FÖR, NIO) could not match anyway and are listed only where
# they help a reader; longer abbreviations (BBIC, SSPF) cannot match either. A real plate that
# spells one of these words (few: Transportstyrelsen refuses many words) is missed; that is the
# price of not flagging `LSS 100` or `MED 120 ELEVER` in every report.
NEVER_PLATES: frozenset[str] = frozenset({
    # social services, health care, schools and their laws
    "BUP", "LSS", "SOL", "LVU", "LVM", "SFI", "HVB", "SIS", "NPF", "SIP", "KBT", "HLR",
    "ASD", "EBM", "ADD", "SFB", "LOU", "LOV", "PBL", "OSL", "BRB", "LSO", "FAP",
    # public bodies, inquiries, statute books, organisations
    "RPS", "BRÅ", "SOU", "SFS", "SKR", "SCB", "MSB", "FHM", "IVO", "NTF", "ABF", "CAN",
    "ANT", "ESF", "SVT", "SAS", "NWT", "AIK", "IFK", "BIK", "SOS", "RKS",
    # diary and case references
    "DNR", "REF", "BUN", "KSF", "KSA", "ANM", "ART", "BET", "DIR", "MOT", "BIL", "KAP",
    "AVS", "SID", "TAB", "FIG", "NUM", "NRS", "LGH",
    # contact, money, units
    "TEL", "TFN", "MOB", "FAX", "SMS", "GPS", "SEK", "EUR", "USD", "NOK", "DKK", "TKR",
    "MKR", "KVM", "MIN", "TIM", "SEC", "KMH", "TOT", "EPA", "APP", "WEB", "PDF", "DOC",
    # rooms, addresses, transport
    "RUM", "SAL", "HUS", "BOX", "VÅN", "BUS", "HPL",
    # days and months
    "MÅN", "TIS", "ONS", "TOR", "FRE", "LÖR", "SÖN", "JAN", "FEB", "MAR", "APR", "MAJ",
    "JUN", "JUL", "AUG", "SEP", "OKT", "NOV", "DEC",
    # common Swedish words, as they stand in headlines and notices in capitals
    "MED", "OCH", "SOM", "DEN", "DET", "ETT", "TRE", "SEX", "SJU", "TIO", "HAR", "KOM",
    "GAV", "TOG", "NYA", "UTE", "PER", "HOS", "MEN", "KAN", "SKA", "DEL", "UPP", "NER",
    "NED", "OSS", "DOM", "DEM", "HEN", "HAN", "HON", "MAN", "ALL", "DAG", "MER", "BLA",
    "FEM", "TJU", "ATT", "BLE", "FAR", "MOR", "BRA", "NAT", "OMS", "AVG", "ANK", "ENL",
    "RES", "ENS", "GER", "TAR", "FAN", "EGN", "JUS",
})

_D = "\\-\u2010\u2011\u2012\u2013\u2014\u2212"  # hyphen-minus, hyphens, figure/en/em dash, minus
_DASH = f"[{_D}]"
_SP = "[ \t\u00a0\u202f]"  # spaces, no-break spaces; never a line break

# The patterns begin with what the regex engine can skip to (a digit, a `+`, `(` or `0`) and
# look behind only from there: a leading look-behind would be tried at every character.
# Groups: (century and year | year) (year | nothing) month day separator serial check.
_PNR = re.compile(
    rf"(\d\d)(?<![\d{_D}]..)(\d\d)?(\d\d)(\d\d)"
    rf"({_SP}*(?:{_DASH}|\+){_SP}*|{_SP}?)(\d{{3}})(\d)(?!\d|{_DASH}\d)")

_AT = (rf"(?:@|{_SP}+@{_SP}+|{_SP}*[\[({{]{_SP}*(?i:at|snabel-?a){_SP}*[\])}}]{_SP}*"
       rf"|{_SP}*[\[({{](?i:a)[\])}}]{_SP}*|{_SP}+(?i:at|snabel-a){_SP}+)")
_DOT = (rf"(?:\.|{_SP}*[\[({{]{_SP}*(?i:dot|punkt){_SP}*[\])}}]{_SP}*"
        rf"|{_SP}+(?i:dot|punkt){_SP}+)")
_EMAIL = re.compile(
    rf"(?<![\w.+-])[\w+-]+(?:\.[\w+-]+)*{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[^\W\d_]{{2,}}"
    r"(?![\w-])")
# The words people write instead of an `@`: `at` as a word, `a` in brackets, `snabel-a`.
# Each begins with what the regex engine can skip to.
_AT_WORD = re.compile(r"at(?!\w)(?<!\wat)")
_A_IN_BRACKETS = re.compile(r"[\[({]a[\])}]")

_PHONE = re.compile(
    rf"""[+(0](?<![\w+/@{_D}].)(?<!\d[.,].)
    (?:
        (?:(?<=\+)46|(?<=0)046){_SP}*(?:{_DASH}{_SP}*)?(?:\(0\){_SP}*)?(?P<intl>[1-9]\d{{0,2}})
      | (?<=\()0(?P<paren>[1-9]\d{{0,2}})\)
      | (?<=0)(?P<area>[1-9]\d{{0,2}})
    )
    (?:{_SP}*(?:{_DASH}|/|\.){_SP}*|{_SP}+)?
    (?P<sub>[1-9]\d{{0,7}}(?:(?:{_SP}|{_DASH}|\.)\d{{2,4}}){{0,4}})
    (?![\w@]|[.,/]\d|{_DASH}\d)
    """, re.VERBOSE)
# Non-geographic numbers of businesses and authorities: free, shared-cost and premium rate.
_SERVICE_NUMBERS = ("020", "077", "090", "0939", "0944")
# A time range written with four-digit times, which an area code and a subscriber number
# could otherwise read as: `0830-1630`, `07.30-16.00`, `0800 – 1130`.
_TIME_RANGE = re.compile(
    rf"(?<!\d)(?:[01]\d|2[0-4])[.:]?[0-5]\d{_SP}*{_DASH}{_SP}*(?:[01]\d|2[0-4])[.:]?[0-5]\d(?!\d)")
_DIGIT_RUN = re.compile(r"\d+")

# Groups: the letters (written together with the digits | apart), the digits and last sign.
_PLATE = re.compile(
    rf"\d\d(?:(?<=(?<![\w/@#.{_D}])([A-Za-z]{{3}})\d\d)"
    rf"|(?<=(?<![\w/@#.{_D}])([A-Za-z]{{3}})(?:{_SP}|{_DASH})\d\d))[\dA-Za-z]"
    rf"(?![\w@]|[/:.,]\d|{_DASH}\d)")
_NOT_ON_PLATES = frozenset("IQV")
# Words near which a registration number in small letters is one.
_VEHICLE_CUE = re.compile(
    r"(?i:reg|bil|fordon|förar|kör|parker|moped|motorcykel|\bmc\b|traktor|\bepa|sl[äa]p"
    r"|skylt|pl[åa]t|taxi|husvagn|volvo|saab|audi|bmw|\bvw\b|volkswagen|mercedes|toyota"
    r"|\bford|opel|tesla|renault|peugeot|nissan|skoda|\bkia\b|honda|mazda|hyundai"
    r"|citro[eë]n|fiat|porsche)")
_CUE_BEFORE, _CUE_AFTER = 40, 25


@dataclass(frozen=True, slots=True)
class Match:
    kind: Kind
    start: int
    end: int
    masked: str


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(digits):
        value = int(char) * (2 if index % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def _plausible_date(century: str | None, yy: str, mm: str, dd: str) -> bool:
    day = int(dd)
    if day > 60:  # a coordination number adds 60 to the day
        day -= 60
    years = [int(century + yy)] if century else [1900 + int(yy), 2000 + int(yy)]
    for year in years:
        try:
            dt.date(year, int(mm), day)
        except ValueError:
            continue
        return True
    return False


def _mask(text: str, keep: int) -> str:
    return text[:keep] + "".join("*" if c.isalnum() else c for c in text[keep:])


def _phone(text: str, match: re.Match[str]) -> tuple[int, int] | None:
    """The span of a phone number in a candidate match, or None when it is not one."""
    start, end = match.span()
    national = "0" + (match.group("area") or match.group("paren") or match.group("intl"))
    runs = [(m.end(), m.group()) for m in _DIGIT_RUN.finditer(match.group("sub"))]
    # A number followed by a count ("070-123 45 67 12 gånger") ends where the digits do.
    while len(runs) > 1 and len(national) + sum(len(r) for _, r in runs) > 10:
        runs.pop()
    digits = national + "".join(r for _, r in runs)
    subscriber = len(digits) - len(national)
    if not 8 <= len(digits) <= 10 or subscriber < 5:
        return None
    if digits.startswith("07") and len(digits) != 10:
        return None
    if digits.startswith(_SERVICE_NUMBERS):
        return None
    end = match.start("sub") + runs[-1][0]
    if len(digits) == 8 and _TIME_RANGE.search(text, start, end):
        return None  # its eight digits are two times
    return start, end


def _plate(text: str, match: re.Match[str]) -> int | None:
    """Where a registration number in a candidate match starts, or None when it is not one."""
    group = 1 if match.group(1) else 2
    letters, tail, start, end = match.group(group), match.group(), match.start(group), match.end()
    upper = letters.upper()
    if upper in NEVER_PLATES or not _NOT_ON_PLATES.isdisjoint(upper):
        return None
    last = tail[-1].upper()
    if last in _NOT_ON_PLATES or last == "O":
        return None
    if letters.isupper() and (tail.isdigit() or tail[-1].isupper()):
        return start
    if (_VEHICLE_CUE.search(text, max(0, start - _CUE_BEFORE), start)
            or _VEHICLE_CUE.search(text, end, end + _CUE_AFTER)):
        return start
    return None


# Every kind but e-mail needs two digits in a row; most text has none, and one search for
# them spares three patterns (a second per 100,000 activities).
_WORTH_A_LOOK = re.compile(r"\d\d")


def _email_hint(text: str) -> bool:
    """Whether `text` has an `@` or a word written for one: only then is e-mail looked for."""
    if "@" in text:
        return True
    low = text.lower()
    return "snabel" in low or ("at" in low and _AT_WORD.search(low) is not None) or (
        ("a)" in low or "a]" in low or "a}" in low) and _A_IN_BRACKETS.search(low) is not None)


def holds_personal_data(texts: Sequence[str]) -> bool:
    """Whether `find_personal_data` finds anything in any of `texts`. They are first looked
    at together, joined by line breaks (which neither two digits in a row nor a word for
    an `@` can span): most activities hold none of either, and are done with two searches."""
    joined = "\n".join(texts)
    if _WORTH_A_LOOK.search(joined) is None and not _email_hint(joined):
        return False
    return any(find_personal_data(text) for text in texts)


def find_personal_data(text: str) -> list[Match]:
    """Every place in `text` that looks like personal data, in order."""
    digits = _WORTH_A_LOOK.search(text) is not None
    email = _email_hint(text)
    if not digits and not email:
        return []
    found: list[Match] = []
    starts: list[int] = []  # the spans found so far, which never overlap, in order
    ends: list[int] = []

    def add(kind: Kind, start: int, end: int, keep: int) -> None:
        index = bisect.bisect_right(starts, start)
        if (index and ends[index - 1] > start) or (index < len(starts) and starts[index] < end):
            return  # a kind found earlier holds these characters
        starts.insert(index, start)
        ends.insert(index, end)
        found.append(Match(kind, start, end, _mask(text[start:end], keep)))

    if digits:
        for match in _PNR.finditer(text):
            first, second, mm, dd, _sep, serial, check = match.groups()
            century, yy = (first, second) if second else (None, first)
            if century not in (None, "18", "19", "20"):
                continue
            if _plausible_date(century, yy, mm, dd) and luhn_ok(yy + mm + dd + serial + check):
                add("personal-identity-number", match.start(), match.end(),
                    match.start(6) - match.start())
    if email:
        for match in _EMAIL.finditer(text):
            add("email", match.start(), match.end(), 1)
    if digits:
        position = 0
        while (candidate := _PHONE.search(text, position)) is not None:
            span = _phone(text, candidate)
            if span is None:
                position = candidate.start() + 1
            else:
                add("phone", *span, 3)
                position = span[1]  # the next number may begin in the groups left over
        for match in _PLATE.finditer(text):
            start = _plate(text, match)
            if start is not None:
                add("registration-number", start, match.end(), 1)
    return sorted(found, key=lambda m: m.start)
