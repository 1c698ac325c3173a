"""Reading the day a user types for `lofte log --date`. Pure: "today" is a parameter.

Accepted, case-insensitively and with surrounding blanks ignored:

- `YYYY-MM-DD` (ISO 8601), for example `2024-03-14`;
- `today`, `idag`, `i dag`: the day given as `today`;
- `yesterday`, `igår`, `i går` (also spelt `igar`, `i gar`): the day before;
- a weekday in English or Swedish (`monday` ... `sunday`, `måndag` ... `söndag`, also
  `lordag`/`sondag` without the dots): **the most recent such day on or before today**.
  On a Thursday, `torsdag` is today and `måndag` is three days ago; a weekday name never
  means a day in the future, because an activity is logged after it has happened.

Anything else raises `InputError` with a message meant for the user.

`lofte status --since` also accepts `last-week` / `förra-veckan` (also `last week`,
`förra veckan`, `forra-veckan`): the day seven days before the status's as-of day, so that
a meeting held every week sees the seven days since the last one (`parse_since`).
"""

from __future__ import annotations

import datetime as dt
import re

from lofte.domain.problems import InputError
from lofte.i18n import N_, _

ACCEPTED = N_("use YYYY-MM-DD, today/idag, yesterday/igår, or a weekday such as "
            "monday/måndag (the most recent one, today included)")
NOT_A_DATE = N_("`{value}` is not a date: {accepted}")
NOT_A_REAL_DATE = N_("`{value}` is not a real date ({reason})")
BEFORE_FIRST_DAY = N_("`{value}` would be before 0001-01-01, the earliest date there is: "
                      "give a date in YYYY-MM-DD form")

ACCEPTED_SINCE = N_("use YYYY-MM-DD, today/idag, yesterday/igår, a weekday such as "
                  "monday/måndag (the most recent one, today included), or "
                  "last-week/förra-veckan (seven days before the status's day)")

_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")

RELATIVE_DAYS: dict[str, int] = {
    "today": 0, "idag": 0, "i dag": 0,
    "yesterday": 1, "igår": 1, "i går": 1, "igar": 1, "i gar": 1,
}

# datetime.date.weekday(): Monday is 0.
WEEKDAYS: dict[str, int] = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
    "måndag": 0, "tisdag": 1, "onsdag": 2, "torsdag": 3, "fredag": 4,
    "lördag": 5, "söndag": 6, "mandag": 0, "lordag": 5, "sondag": 6,
}


def parse_day(value: str, today: dt.date) -> dt.date:
    """The date that `value` names, relative to `today` where it is relative."""
    word = " ".join(value.split()).lower()
    match = _ISO.fullmatch(word)
    if match:
        try:
            return dt.date(*(int(part) for part in match.groups()))
        except ValueError as exc:
            raise InputError(_(NOT_A_REAL_DATE).format(value=value.strip(), reason=exc)) from None
    if word in RELATIVE_DAYS:
        return _days_before(today, RELATIVE_DAYS[word], value.strip())
    if word in WEEKDAYS:
        return _days_before(today, (today.weekday() - WEEKDAYS[word]) % 7, value.strip())
    raise InputError(_(NOT_A_DATE).format(value=value.strip(), accepted=_(ACCEPTED)))


# A week before the as-of day: the last weekly meeting.
LAST_WEEK: frozenset[str] = frozenset({
    "last-week", "last week", "förra-veckan", "förra veckan", "forra-veckan", "forra veckan",
})
WEEK = 7


def parse_since(value: str, today: dt.date, as_of: dt.date) -> dt.date:
    """The day `value` names for `--since`: what `parse_day` accepts (relative to `today`),
    or `last-week`/`förra-veckan`, seven days before `as_of`."""
    word = " ".join(value.split()).lower()
    if word in LAST_WEEK:
        return _days_before(as_of, WEEK, value.strip())
    try:
        return parse_day(value, today)
    except InputError as exc:
        if _ISO.fullmatch(word):
            raise
        raise InputError(_(NOT_A_DATE).format(value=value.strip(),
                                              accepted=_(ACCEPTED_SINCE))) from exc


def most_recent_weekday(weekday: int, today: dt.date) -> dt.date:
    """The latest day on or before `today` that falls on `weekday` (Monday is 0).

    Raises `InputError` when that day would be before 0001-01-01 (a Monday)."""
    return _days_before(today, (today.weekday() - weekday) % 7, _WEEKDAY_NAMES[weekday])


_WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def _days_before(today: dt.date, days: int, value: str) -> dt.date:
    """`days` days before `today`; an `InputError` naming `value` before 0001-01-01."""
    if today.toordinal() - days < 1:
        raise InputError(_(BEFORE_FIRST_DAY).format(value=value))
    return today - dt.timedelta(days=days)
