"""Time zones: which day it is in the promise's zone, and whether a zone name exists.

Pure: no clock is read here. The caller passes `now`, an aware datetime, so that a CI
runner in UTC and a coordinator's laptop in Forshaga agree on "today".
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import zoneinfo

DEFAULT_TIMEZONE = "Europe/Stockholm"  # `promise.timezone` when it names none

__all__ = ["DEFAULT_TIMEZONE", "suggest_zone", "today_in", "zone_exists"]


@functools.lru_cache(maxsize=64)
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None


def zone_exists(name: str) -> bool:
    """Whether `name` is a zone of the IANA database on this machine (or the tzdata
    package). Cheap for a known zone: the zone database is not listed."""
    return _zone(name) is not None


def suggest_zone(name: str) -> str | None:
    """The zone a misspelt name most likely means (`europe/stockholm`, `Stockholm`,
    `Europe/Stokholm` -> `Europe/Stockholm`), or None. Lists the zone database, which
    takes a while: call it only for a name that `zone_exists` refused."""
    zones = sorted(zoneinfo.available_timezones())
    folded = {zone.casefold(): zone for zone in zones}
    wanted = name.strip().casefold()
    if wanted in folded:
        return folded[wanted]
    by_city = {zone.rsplit("/", 1)[-1].casefold(): zone for zone in zones if "/" in zone}
    city = wanted.rsplit("/", 1)[-1].replace(" ", "_")
    if city in by_city:
        return by_city[city]
    close = difflib.get_close_matches(wanted, folded, n=1, cutoff=0.75)
    if close:
        return folded[close[0]]
    close = difflib.get_close_matches(city, by_city, n=1, cutoff=0.75)
    return by_city[close[0]] if close else None


def today_in(zone: str, now: dt.datetime) -> dt.date:
    """The date it is at the moment `now` in the time zone `zone` (an IANA name such as
    `Europe/Stockholm`, as `promise.timezone` holds it).

    `now` must be timezone-aware (`dt.datetime.now(dt.timezone.utc)`): a naive time would
    silently mean the machine's zone, which is what this function is there to avoid.
    Raises ValueError for a naive `now` or a zone that does not exist; a validated
    ledger's `promise.timezone` always exists (lofte.domain.validation puts the default in place
    of an unknown one, and reports it).
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("today_in needs a timezone-aware datetime")
    tz = _zone(zone)
    if tz is None:
        raise ValueError(f"unknown time zone {zone!r}")
    try:
        return now.astimezone(tz).date()
    except OverflowError:  # within a day of datetime.min or max: no other day exists
        return now.date()
