"""Write the demonstration ledger in examples/demo/: INVENTED activities, for showing lofte.

    python examples/make_demo.py [OUT_DIR]

OUT_DIR (default: examples/demo) receives a copy of data/commitments.yaml, marked as a
demonstration, with an invented school-holiday calendar in place of the real one; a
README.md saying the same; and one YAML file per activity named as `lofte log` names them:
`activities/YYYY/YYYY-MM-DD-<first commitment id>-<sha256[:6]>.yaml`, each with the
modeline for editors that `lofte log` writes.

Nothing in it happened. The demo is the ledger as it stood on Monday 2025-06-30 (`TODAY`),
the day of a weekly samverkansmöte: activities up to that day, and plans (`planned: true`)
on both sides of it. Everything is drawn from a fixed seed, so that every run writes
byte-identical files. The mix is deliberate: most commitments are kept; the police office
missed weeks 2 and 26 of 2025; `trafikkontroller` and `lagesbild` were neglected in 2025;
`forelasningar` is only ever planned, never logged; two plans were never carried out; the
talks with young people at risk (`samtal-riskungdomar`) are logged with `public: false`.
Two reviews (`reviews/`) hold the meeting's verdicts: every commitment for 2025-T1, four of
them for 2024-T2.

The YAML text is written by hand here, not through lofte, so the demo does not depend on
the code it demonstrates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
SOURCE = REPO / "data" / "commitments.yaml"
DEFAULT_OUT = REPO / "examples" / "demo"
SEED = 20230101
FIRST = dt.date(2023, 1, 1)  # the promise's first day
TODAY = dt.date(2025, 6, 30)  # the day the demo is seen from: the last day with activities
LAST = dt.date(2025, 12, 31)  # the promise's last day: plans may reach it
DAY = dt.timedelta(days=1)
MARKER = "INVENTED DEMONSTRATION DATA"
# As `lofte log` writes it, relative to the folder of an activity file in examples/demo.
MODELINE = "# yaml-language-server: $schema={}".format(
    Path(os.path.relpath(REPO / "schemas" / "activity.schema.json",
                         DEFAULT_OUT / "activities" / "2025")).as_posix())

COMMITMENTS_HEADER = f"""\
# {MARKER}: not the activities of Forshaga kommun or the police.
#
# This is a copy of data/commitments.yaml (the real, signed promise) with an invented
# school-holiday calendar, and invented activities and plans beside it in activities/,
# written by examples/make_demo.py from a fixed seed to show what `lofte status` and
# `lofte show` look like on a ledger in use. Nothing in activities/ happened. Regenerate
# with: python examples/make_demo.py
#
"""

README = f"""\
# Demonstration ledger: {MARKER}

Nothing in `activities/` happened. This folder shows what a `lofte` ledger looks like two and
a half years into a promise, so that `lofte status` and `lofte show` have something to show.
It is the ledger as it stood on Monday {TODAY.isoformat()}, the day of a weekly samverkansmöte:
look at it with `--as-of {TODAY.isoformat()}`.

- `commitments.yaml` is a copy of the real, signed promise in `data/commitments.yaml`
  (Forshaga kommun and LPO Karlstad, 2023–2025), with a comment saying it is a demo. Its
  `skollov` calendar is invented too: plausible school holidays (sommarlov, höstlov,
  jullov, sportlov, påsklov) for 2023–2025, not the dates published by Forshaga kommun.
- `activities/` holds invented activities up to {TODAY.isoformat()} and a few plans, drawn
  from a fixed seed by `examples/make_demo.py`. Running the script again writes
  byte-identical files.

What it shows, as of {TODAY.isoformat()}:

- **A signed frequency.** `poliskontor` (the local police office, "vid ett tillfälle per
  vecka") is judged by its weekly target alone. Week 2 of 2025 had no police office, so on
  Monday 2025-01-13 it is overdue, and ok again after the visit on 2025-01-14. Week 26 had
  none either, so on Monday {TODAY.isoformat()} it is overdue. In 2023 and 2024 a few weeks
  were missed too, July among them.
- **A pause.** The school visits (`skolbesok`) pause in the school holidays: on
  {TODAY.isoformat()} the summer holiday has begun, so they are paused, not overdue.
- **Standing offers.** `radgivning` and `forelasningar` have a yearly target and no gap
  rule (`max_gap_days: null`); `lov-och-helg` has a monthly one. No public lecture was ever
  logged, so `forelasningar` is overdue: 2024 fell short and so far 2025 has too.
- **Neglect.** `trafikkontroller` and `lagesbild` have had no activity since the spring,
  and `upptackargruppen` took a break at midsummer (due, not yet overdue).
- **Plans** (`planned: true`, never counted): five lie ahead of {TODAY.isoformat()} (the
  next planned date shows in `status`), and two are dated before it and were never carried
  out (a lecture in April and a moped control in May). `lofte check` warns about a plan
  whose date has passed (`plan-passed`); it compares with the real date, so now that the
  promise has ended it warns about every plan in this folder.
- The talks with young people at risk (`samtal-riskungdomar`) are logged with
  `public: false`.
- **Reviews** (`reviews/`): the meeting's verdicts, invented too. 2025-T1 is complete, every
  commitment judged; 2024-T2 is partial, so its report shows the others as not assessed.

Try:

```sh
lofte status --ledger examples/demo --as-of {TODAY.isoformat()}
lofte status --ledger examples/demo --as-of 2025-01-13
lofte show --ledger examples/demo poliskontor --as-of {TODAY.isoformat()}
lofte check --ledger examples/demo
lofte report --ledger examples/demo --period 2025-T1
```
"""

TOWN = ("Forshaga centrum", "Torget i Forshaga", "Busstationen i Forshaga", "Deje centrum",
        "Torget i Deje", "Ullerud", "Skived", "Olsäter", "Mölnbacka", "Dyvelsten", "Lövnäs",
        "Grossbol", "Badplatsen i Dejefors", "Klarälvsbanan vid Deje", "Storgatan, Forshaga")
SCHOOLS = ("Forshagaakademien", "Dejeskolan", "Olsäters skola", "Lövnässkolan",
           "Ullerudsskolan", "Mölnbacka skola", "Grossbolskolan")
OFFICES = ("Kommunhuset i Forshaga", "Socialkontoret, Forshaga", "Polisstationen i Karlstad",
           "Digitalt möte")
VENUES = ("Fritidsgården Tegelbruket", "Fritidsgården i Deje", "Forshaga sporthall",
          "Forshaga bibliotek", "Folkets hus i Deje")
ROADS = ("Väg 62 vid Dyvelsten", "Storgatan, Forshaga", "Dejevägen", "Väg 240 vid Ullerud",
         "Forshagaakademiens parkering", "Mölnbackavägen", "Skivedsvägen")
PREMISES = ("restaurangerna i Forshaga centrum", "pubarna i Deje", "festlokalen i Ullerud",
            "restaurangen vid Forshaga sporthall", "uteserveringarna i Forshaga")


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


# --- the invented school holidays -----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Holiday:
    kind: str  # Sommarlov, Höstlov, Jullov, Sportlov, Påsklov
    name: str
    first: dt.date
    last: dt.date


def _holiday(name: str, first: str, last: str) -> Holiday:
    return Holiday(name.split(maxsplit=1)[0], name, day(first), day(last))


HOLIDAYS = (
    _holiday("Jullov 2022/23", "2023-01-01", "2023-01-08"),
    _holiday("Sportlov 2023", "2023-02-27", "2023-03-05"),
    _holiday("Påsklov 2023", "2023-04-03", "2023-04-10"),
    _holiday("Sommarlov 2023", "2023-06-14", "2023-08-20"),
    _holiday("Höstlov 2023", "2023-10-30", "2023-11-05"),
    _holiday("Jullov 2023/24", "2023-12-22", "2024-01-07"),
    _holiday("Sportlov 2024", "2024-02-26", "2024-03-03"),
    _holiday("Påsklov 2024", "2024-03-29", "2024-04-07"),
    _holiday("Sommarlov 2024", "2024-06-13", "2024-08-18"),
    _holiday("Höstlov 2024", "2024-10-28", "2024-11-03"),
    _holiday("Jullov 2024/25", "2024-12-21", "2025-01-07"),
    _holiday("Sportlov 2025", "2025-02-24", "2025-03-02"),
    _holiday("Påsklov 2025", "2025-04-14", "2025-04-21"),
    _holiday("Sommarlov 2025", "2025-06-13", "2025-08-17"),
    _holiday("Höstlov 2025", "2025-10-27", "2025-11-02"),
    _holiday("Jullov 2025/26", "2025-12-20", "2025-12-31"),
)

CALENDARS = "calendars:\n\n" + """\
  # INVENTED for the demonstration, like the activities: plausible Swedish school
  # holidays, not the dates published by Forshaga kommun (data/commitments.yaml says which
  # of those are still to be copied in).
  skollov:
""" + "".join(f"    - {{name: {h.name}, from: {h.first}, until: {h.last}}}\n"
              for h in HOLIDAYS) + "\n"


def holiday_on(date: dt.date) -> Holiday | None:
    return next((h for h in HOLIDAYS if h.first <= date <= h.last), None)


# --- when a summary fits ----------------------------------------------------------------------

When = Callable[[dt.date], bool]


def always(date: dt.date) -> bool:
    return True


def months(first: int, last: int) -> When:
    return lambda date: first <= date.month <= last


def weekdays(*numbers: int) -> When:
    """Monday is 0."""
    return lambda date: date.weekday() in numbers


def school_start(date: dt.date) -> bool:
    """In the first ten days of a term: after a summer or Christmas holiday."""
    return any(h.kind in ("Sommarlov", "Jullov") and 0 < (date - h.last).days <= 10
               for h in HOLIDAYS)


def school_leaving(date: dt.date) -> bool:
    """The last day of the spring term, or the evening after it."""
    return any(h.kind == "Sommarlov" and -1 <= (date - h.first).days <= 0 for h in HOLIDAYS)


def events(year: int) -> list[tuple[dt.date, str]]:
    """What a campaign can be "inför": dates of the year, with their names in Swedish."""
    midsummer_eve = next(dt.date(year, 6, d) for d in range(19, 26)
                         if dt.date(year, 6, d).weekday() == 4)
    found = [(dt.date(year, 4, 30), "valborg"), (midsummer_eve, "midsommar"),
             (dt.date(year, 12, 13), "lucia"), (dt.date(year, 12, 31), "nyår")]
    for h in HOLIDAYS:
        if h.first.year == year and h.kind == "Sommarlov":
            found.append((h.first - DAY, "skolavslutningen"))
        elif h.first.year == year and h.kind != "Jullov":
            found.append((h.first, h.kind.lower() + "et"))
    return sorted(found)


def upcoming_event(date: dt.date, within: int = 30) -> str | None:
    """The next event at most `within` days ahead, if any."""
    ahead = [(when, name) for year in (date.year, date.year + 1) for when, name in events(year)
             if 0 <= (when - date).days <= within]
    return min(ahead)[1] if ahead else None


def before_an_event(date: dt.date) -> bool:
    return upcoming_event(date) is not None


# --- how activities are worded --------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class Line:
    """One way of wording an activity. `{n}` is a number of people (and then the activity's
    `people_reached`), `{k}` a number of anything else; `people` is a count the text states
    in words ("en ungdom"). A `placed` line may give its place as the activity's `place`."""

    text: str
    when: When = always
    people: int | None = None
    placed: bool = True  # False: the kind's place is not where this one happened


@dataclass(frozen=True, slots=True)
class Kind:
    """How one commitment's invented activities are worded."""

    lines: tuple[Line, ...]
    places: tuple[str, ...] = ()
    people: tuple[int, int] | None = None  # the range of {n}, or of an unstated count
    hours: tuple[float, float] = (1, 4)
    by: tuple[tuple[str, ...], ...] = ()  # explicit `by` now and then (joint commitments)
    tags: tuple[str, ...] = ()
    public: bool = True
    also: tuple[str, ...] = ()  # another commitment an activity may serve as well
    count: tuple[int, int] = (2, 12)  # the range of {k}


L = Line
SPRING_TO_AUTUMN = months(4, 10)
OUTDOORS = months(5, 9)

KINDS: dict[str, Kind] = {
    "fotpatrullering": Kind(
        (L("Uniformerad fotpatrullering kring {place} under kvällen, {n} samtal med ungdomar."),
         L("Fotpatrullering vid {place} efter tips om oro; lugnt läge, inga ingripanden."),
         L("Synlighetsinsats till fots kring {place} fredag kväll.", weekdays(4)),
         L("Fotpatrull vid {place} i samband med skolavslutningen, samtal med föräldrar och "
           "ungdomar.", school_leaving)),
        TOWN, (5, 40), (2, 4), tags=("synlighet",)),
    "trafikkontroller": Kind(
        (L("Hastighetskontroll på {place}, {k} förelägganden."),
         L("Kontroll av mopeder och A-traktorer vid {place}, {k} fordon kontrollerade.",
           SPRING_TO_AUTUMN),
         L("Riktad kontroll av trimmade mopeder vid {place}, två fordon belagda med "
           "körförbud.", SPRING_TO_AUTUMN),
         L("Nykterhets- och hastighetskontroll på {place} på kvällen.")),
        ROADS, None, (2, 5), tags=("trafik", "mopeder")),
    "narkotikainsatser": Kind(
        (L("Riktad insats mot narkotikaförsäljning kring {place} utifrån underrättelser."),
         L("Insats mot ungdomar och narkotika vid {place}, {n} personer kontrollerade."),
         L("Spaning och kontroller kring {place} efter information om försäljning.")),
        TOWN, (2, 12), (3, 8), tags=("narkotika",)),
    "poliskontor": Kind(
        (L("Mobilt poliskontor vid {place}, {n} besökare."),
         L("Poliskontoret öppet vid {place}; frågor om stölder och trafik."),
         L("Mobila poliskontoret på {place} under eftermiddagen, {n} samtal.")),
        ("Torget i Forshaga", "Torget i Deje", "Forshaga bibliotek", "ICA i Deje"),
        (4, 30), (2, 3), tags=("poliskontor",)),
    "skolbesok": Kind(
        (L("Besök på {place} under lunchrasten, samtal med elever om narkotika."),
         L("Lektion om trafik och mopeder på {place}, {n} elever.", SPRING_TO_AUTUMN),
         L("Synlighet på {place} vid skolstarten, samtal med personal och elever.",
           school_start),
         L("Besök på {place} med fokus på trygghet i skolmiljön.")),
        SCHOOLS, (20, 120), (1, 3), tags=("skola",)),
    "samverkan-socialtjanst": Kind(
        (L("Avstämning mellan polis och socialtjänst om ungdomar i riskzon."),
         L("Gemensam genomgång av orosanmälningar och tidiga insatser."),
         L("Samverkansmöte polis och socialtjänst om unga i Deje.")),
        OFFICES, None, (1, 2), by=(("polisen", "kommunen"),), tags=("socialtjänst",)),
    "alkoholtillsyn": Kind(
        (L("Gemensam tillsyn av {place}, {k} verksamheter besökta."),
         L("Kontroll av serveringstillstånd hos {place} inför helgen.", weekdays(3, 4)),
         L("Tillsyn tillsammans med alkoholhandläggare hos {place}; inga anmärkningar.")),
        PREMISES, None, (3, 6), by=(("polisen", "kommunen"),), tags=("alkohol", "tillsyn"),
        count=(2, 6)),
    "samtal-riskungdomar": Kind(
        (L("Förebyggande samtal med en ungdom i riskzon tillsammans med socialtjänsten.",
           people=1),
         L("Samtal med ungdom och vårdnadshavare efter oro om narkotika."),
         L("Uppföljande samtal med en ungdom i riskzon.", people=1)),
        (), (2, 3), (1, 2), public=False),
    "samverkansmoten": Kind(
        (L("Veckans samverkansmöte; lägesbild v. {week} genomgången.", placed=False),
         L("Samverkansmöte med uppdaterad lägesbild, fokus på {place}.", placed=False),
         L("Samverkansmöte; planering av helgens insatser kring {place}.", placed=False)),
        TOWN, None, (1, 2), tags=("lägesbild",), also=("samverkan-socialtjanst",)),
    "informationskampanjer": Kind(
        (L("Informationskampanj till föräldrar om langning inför {event}.", before_an_event,
           placed=False),
         L("Föräldramöte på {place} om ungdomar och narkotika, {n} deltagare."),
         L("Kampanj i sociala medier riktad till ungdomar inför {event}.", before_an_event,
           placed=False)),
        SCHOOLS, (30, 250), (2, 8), by=(("kommunen",),), tags=("kampanj",),
        also=("andt-kampanjer",)),
    "lagesbild": Kind(
        (L("Genomgång av intern lägesbild med trygghetssamordnaren."),
         L("Intern lägesbild uppdaterad efter rapporter från fritidsgårdarna."),
         L("Månadens lägesbild sammanställd och skickad till ledningsgruppen.")),
        ("Kommunhuset i Forshaga",), None, (1, 3), tags=("lägesbild",)),
    "andt-kampanjer": Kind(
        (L("ANDT-kampanj inför {event} med affischer och sociala medier.", before_an_event,
           placed=False),
         L("Information om alkohol och narkotika på {place}, {n} elever."),
         L("Utskick till vårdnadshavare om alkohol inför {event}.", before_an_event,
           placed=False)),
        SCHOOLS, (40, 400), (2, 6), tags=("andt",)),
    "upptackargruppen": Kind(
        (L("Upptäckargruppen ute i {place} på kvällen, {n} ungdomar mötta."),
         L("Upptäckargruppens uppsökande arbete kring {place}."),
         L("Upptäckargruppen på {place}, samtal med ungdomar om helgen.", weekdays(3, 4))),
        (*TOWN, *VENUES), (3, 25), (3, 6), tags=("fältarbete",)),
    "radgivning": Kind(
        (L("Information om kostnadsfri rådgivning om alkohol, droger och spel på {place}."),
         L("Rådgivningen presenterad för personal på {place}, {n} deltagare."),
         L("Annons och inlägg om den kostnadsfria rådgivningen.", placed=False)),
        (*SCHOOLS, *VENUES), (10, 80), (1, 2), tags=("rådgivning",)),
    "kompetensutveckling": Kind(
        (L("Utbildning för skolpersonal i att tidigt upptäcka missbruk, {n} deltagare."),
         L("Halvdag om tidiga tecken på narkotikabruk för fritidsledare, {n} deltagare."),
         L("Utbildning i tidiga insatser för socialsekreterare och elevhälsa.")),
        ("Kommunhuset i Forshaga", "Forshagaakademien", "Digitalt"), (10, 45), (4, 16),
        tags=("utbildning",)),
    "lov-och-helg": Kind(
        (L("Fredagsöppet på {place}, {n} ungdomar.", weekdays(4)),
         L("Helgöppet på {place} med personal från fritid, {n} besökare.", weekdays(5)),
         L("{holiday}saktivitet på {place}: fotbollsturnering och grillning, {n} deltagare.",
           lambda date: OUTDOORS(date) and holiday_on(date) is not None),
         L("{holiday}saktivitet på {place}: spelturnering och filmkväll, {n} deltagare.",
           lambda date: not OUTDOORS(date) and holiday_on(date) is not None)),
        VENUES, (10, 80), (4, 8), tags=("fritid",)),
    "vaktare": Kind(
        (L("Veckorapport från väktarna: {k} ronder i Forshaga och Deje, inga incidenter.",
           placed=False),
         L("Veckorapport: väktarronder kring skolor och centrum, {k} ronder, en skadegörelse "
           "rapporterad.", placed=False),
         L("Väktarnas veckorapport, {k} ronder, extra tillsyn vid {place}.")),
        TOWN, None, (8, 20), tags=("väktare",), count=(10, 28)),
}

# Plans (`planned: true`): (date, commitment, summary, place). Two lie before TODAY and were
# never carried out; the others lie ahead of it.
PLANS = (
    ("2025-04-24", "forelasningar", "Föreläsning för allmänheten om cannabis och unga.",
     "Forshaga bibliotek"),
    ("2025-05-20", "trafikkontroller", "Kontroll av trimmade mopeder vid skolorna i Deje.",
     "Dejevägen"),
    ("2025-07-03", "lagesbild", "Genomgång av intern lägesbild inför sommarens helger.",
     "Kommunhuset i Forshaga"),
    ("2025-08-19", "skolbesok", "Synlighet på Forshagaakademien vid skolstarten.",
     "Forshagaakademien"),
    ("2025-08-27", "trafikkontroller", "Hastighetskontroll vid skolstarten på Dejevägen.",
     "Dejevägen"),
    ("2025-09-18", "forelasningar",
     "Föreläsning för allmänheten om alkohol, narkotika och unga vuxna.",
     "Folkets hus i Deje"),
    ("2025-10-02", "kompetensutveckling",
     "Utbildning för fritidsledare i att tidigt upptäcka missbruk.",
     "Kommunhuset i Forshaga"),
)

_ESCAPES = {"\\": "\\\\", '"': '\\"'}


def quote(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


def flow(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def hours_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


# --- when activities happen ---------------------------------------------------------------

Skip = Callable[[dt.date], bool]


def never(date: dt.date) -> bool:
    return False


def between(first: str, last: str) -> Skip:
    a, b = day(first), day(last)
    return lambda date: a <= date <= b


def any_of(*skips: Skip) -> Skip:
    return lambda date: any(skip(date) for skip in skips)


def yearly(first: tuple[int, int], last: tuple[int, int]) -> Skip:
    return lambda date: first <= (date.month, date.day) <= last


def in_holidays(*kinds: str) -> Skip:
    def skip(date: dt.date) -> bool:
        holiday = holiday_on(date)
        return holiday is not None and (not kinds or holiday.kind in kinds)
    return skip


def weekend(date: dt.date) -> bool:
    return date.weekday() >= 5


def every(rng: random.Random, low: int, high: int, skip: Skip = never, *,
          postpone: bool = False) -> Iterator[dt.date]:
    """Irregular work: the next activity `low`..`high` days after the last. A day that
    `skip` rules out is dropped, or with `postpone` moved to the next day it allows."""
    date = FIRST + dt.timedelta(days=rng.randint(0, high))
    while date <= TODAY:
        while postpone and skip(date):
            date += DAY
        if not skip(date) and date <= TODAY:
            yield date
        date += dt.timedelta(days=rng.randint(low, high))


def weekly(rng: random.Random, weekday: int, chance: float, skip: Skip = never
           ) -> Iterator[dt.date]:
    """Weekly work on a fixed weekday (Monday is 0), kept with the given chance."""
    date = FIRST + dt.timedelta(days=(weekday - FIRST.weekday()) % 7)
    while date <= TODAY:
        if rng.random() < chance and not skip(date):
            yield date
        date += dt.timedelta(days=7)


def twice_a_year(rng: random.Random) -> Iterator[dt.date]:
    for year in range(FIRST.year, TODAY.year + 1):
        yield dt.date(year, 2, 1) + dt.timedelta(days=rng.randint(0, 70))
        yield dt.date(year, 9, 10) + dt.timedelta(days=rng.randint(0, 60))


def in_each_holiday(rng: random.Random, low: int, high: int) -> Iterator[dt.date]:
    """Holiday programmes: `low`..`high` weekday activities in every week of every school
    holiday."""
    for holiday in HOLIDAYS:
        weeks: dict[tuple[int, int], list[dt.date]] = {}
        for i in range((holiday.last - holiday.first).days + 1):
            date = holiday.first + dt.timedelta(days=i)
            if date.weekday() < 5 and date <= TODAY:
                weeks.setdefault(date.isocalendar()[:2], []).append(date)
        for days in weeks.values():
            yield from rng.sample(days, min(len(days), rng.randint(low, high)))


def police_office(rng: random.Random) -> list[dt.date]:
    """Every Tuesday, a few weeks missed at random and July off in 2023 and 2024; in 2025
    every week but two: week 2 (2025-01-07) and week 26 (2025-06-24)."""
    kept = [d for d in weekly(rng, 1, 0.95, yearly((7, 4), (7, 31))) if d.year < 2025]
    tuesdays = weekly(rng, 1, 1.0)
    missed = {day("2025-01-07"), day("2025-06-24")}
    return kept + [d for d in tuesdays if d.year == 2025 and d not in missed]


def schedule(rng: random.Random) -> dict[str, list[dt.date]]:
    """The invented dates of each commitment's activities, up to TODAY."""
    plans: dict[str, Iterator[dt.date] | list[dt.date]] = {
        "fotpatrullering": every(rng, 4, 12),
        "trafikkontroller": every(rng, 12, 35, any_of(yearly((12, 15), (12, 31)),
                                                      yearly((1, 1), (2, 20)),
                                                      between("2025-04-12", "2025-08-20"))),
        "narkotikainsatser": every(rng, 15, 55),
        "poliskontor": police_office(rng),
        "skolbesok": every(rng, 7, 24, any_of(in_holidays(), weekend), postpone=True),
        "samverkan-socialtjanst": every(rng, 8, 30),
        "alkoholtillsyn": every(rng, 50, 110),
        "samtal-riskungdomar": every(rng, 6, 45),
        "samverkansmoten": weekly(rng, 2, 0.92, yearly((7, 1), (7, 31))),
        "informationskampanjer": every(rng, 50, 120),
        "lagesbild": every(rng, 14, 30, between("2025-05-10", "2025-12-31")),
        "andt-kampanjer": every(rng, 45, 110),
        "upptackargruppen": weekly(rng, 3, 0.9, between("2025-06-20", "2025-07-10")),
        "radgivning": every(rng, 60, 130),
        "kompetensutveckling": twice_a_year(rng),
        # Friday and some Saturday openings of the youth centres, closed in the summer and
        # Christmas holidays, and holiday programmes in every week of every school holiday.
        "lov-och-helg": [*weekly(rng, 4, 0.85, in_holidays("Sommarlov", "Jullov")),
                         *weekly(rng, 5, 0.3, in_holidays("Sommarlov", "Jullov")),
                         *in_each_holiday(rng, 1, 2)],
        "vaktare": weekly(rng, 0, 0.94),
    }
    dates = {cid: sorted(d for d in set(plan) if d <= TODAY) for cid, plan in plans.items()}
    # The last week before the midsummer break was kept: a due state, not yet overdue.
    dates["upptackargruppen"] = sorted({*dates["upptackargruppen"], day("2025-06-19")})
    return dates


# --- what they say --------------------------------------------------------------------------


@dataclass(slots=True)
class Activity:
    day: dt.date
    ids: list[str]
    lines: list[str] = field(default_factory=lambda: [MODELINE])

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def describe(rng: random.Random, cid: str, date: dt.date) -> Activity:
    kind = KINDS[cid]
    place = rng.choice(kind.places) if kind.places else ""
    fitting = [line for line in kind.lines if line.when(date)]
    if not fitting:
        raise ValueError(f"no wording of {cid} fits {date}")
    line = rng.choice(fitting)
    low, high = kind.people or (2, 40)
    n = rng.randint(low, high)
    holiday = holiday_on(date)
    summary = line.text.format(
        place=place, n=n, k=rng.randint(*kind.count), week=date.isocalendar()[1],
        event=upcoming_event(date) or "", holiday=holiday.kind if holiday else "")
    if "{n}" in line.text:
        people: int | None = n
    elif line.people is not None:
        people = line.people
    elif kind.people is not None and rng.random() < 0.6:
        people = rng.randint(*kind.people)
    else:
        people = None
    ids = [cid]
    if kind.also and rng.random() < 0.15:
        ids.append(kind.also[0])
    activity = Activity(date, ids)
    activity.lines += [f"date: {date.isoformat()}",
                       f"commitment: {ids[0] if len(ids) == 1 else flow(ids)}",
                       f"summary: {quote(summary)}"]
    if kind.by and rng.random() < 0.5:
        activity.lines.append(f"by: {flow(rng.choice(kind.by))}")
    if place and line.placed and rng.random() < 0.8:
        activity.lines.append(f"place: {quote(place)}")
    if people is not None:
        activity.lines.append(f"people_reached: {people}")
    if rng.random() < 0.7:
        lo, hi = kind.hours
        activity.lines.append(f"hours: {hours_text(rng.randint(int(lo * 2), int(hi * 2)) / 2)}")
    if kind.tags and rng.random() < 0.5:
        activity.lines.append(f"tags: {flow(list(kind.tags))}")
    if not kind.public:
        activity.lines.append("public: false")
    return activity


def plan(date: str, cid: str, summary: str, place: str) -> Activity:
    activity = Activity(day(date), [cid])
    activity.lines += [f"date: {date}", f"commitment: {cid}", f"summary: {quote(summary)}",
                       f"place: {quote(place)}", "planned: true"]
    return activity


def activities(seed: int = SEED) -> list[Activity]:
    rng = random.Random(seed)
    dates = schedule(rng)
    found: list[Activity] = []
    for cid in sorted(dates):
        found += [describe(rng, cid, date) for date in dates[cid]]
    return found + [plan(*entry) for entry in PLANS]


def file_name(activity: Activity) -> str:
    digest = hashlib.sha256(activity.text.encode("utf-8")).hexdigest()[:6]
    return f"{activity.day.year}/{activity.day.isoformat()}-{activity.ids[0]}-{digest}.yaml"


def commitments_text() -> str:
    """data/commitments.yaml, marked as the demo's, with the invented calendar in place of
    the real one (everything from `calendars:` up to `commitments:`)."""
    text = SOURCE.read_text(encoding="utf-8")
    start, end = text.find("\ncalendars:\n"), text.find("\ncommitments:\n")
    if not 0 <= start < end:
        raise SystemExit(f"{SOURCE} has no `calendars:` before `commitments:`")
    text = text[:start + 1] + CALENDARS + text[end + 1:]
    return COMMITMENTS_HEADER + text.replace("$schema=../schemas/", "$schema=../../schemas/", 1)


# Two reviews (`reviews/<period>.yaml`), as `lofte review` writes them: the meeting on
# 2025-05-12 judged every commitment for 2025-T1; the one on 2024-09-09 only some for
# 2024-T2, so that a report of 2024-T2 shows commitments not assessed.
REVIEWS = {
    "2025-T1": ("2025-05-12", [
        ("fotpatrullering", "done", "Fotpatrull varje vecka kring de platser som "
         "trygghetsmätningen pekade ut."),
        ("trafikkontroller", "partly", "En kontroll under perioden; mopedkontrollerna flyttas "
         "till våren."),
        ("narkotikainsatser", "done", "Fyra riktade insatser, två efter tips från skolan."),
        ("poliskontor", "done", "Mobila poliskontoret varje vecka utom v. 2."),
        ("skolbesok", "done", "Besök på Forshagaakademien och fyra grundskolor."),
        ("samverkan-socialtjanst", "done", "Möte varannan vecka enligt plan."),
        ("alkoholtillsyn", "partly", "Två gemensamma kontroller; målet är en i månaden."),
        ("samtal-riskungdomar", "ongoing", "Samtalen pågår; de redovisas bara i antal."),
        ("samverkansmoten", "done", "Samverkansmöte varje vecka med aktuell lägesbild."),
        ("informationskampanjer", "ongoing", "Kampanjen inför skolavslutningen förbereds."),
        ("lagesbild", "done", "Lägesbilden uppdaterad inför varje samverkansmöte."),
        ("andt-kampanjer", "ongoing", "Två kampanjer genomförda, fler planerade under våren."),
        ("upptackargruppen", "done", "Upptäckargruppen ute varje helg."),
        ("radgivning", "ongoing", "Rådgivningen är öppen; två besök under perioden."),
        ("kompetensutveckling", "partly", "En utbildning hölls; den andra flyttades."),
        ("forelasningar", "not-done", "Föreläsningen i april ställdes in och flyttas till "
         "hösten."),
        ("lov-och-helg", "done", "Aktiviteter varje lov och de flesta helger."),
        ("vaktare", "done", "Väktarna har åkt runt varje vecka."),
    ]),
    "2024-T2": ("2024-09-09", [
        ("fotpatrullering", "done", "Fotpatrull hela sommaren, även i Deje."),
        ("poliskontor", "partly", "Poliskontoret var stängt några veckor i juli."),
        ("trafikkontroller", "ongoing", "Kontrollerna mot trimmade mopeder fortsätter i "
         "höst."),
        ("forelasningar", "not-done", "Ingen föreläsning under perioden."),
    ]),
}


def review_text(period: str) -> str:
    decided_on, verdicts = REVIEWS[period]
    lines = ["# yaml-language-server: $schema=../../../schemas/review.schema.json",
             f"period: {period}", f"decided_on: {decided_on}", "by: [polisen, kommunen]",
             "verdicts:"]
    for cid, verdict, comment in verdicts:
        lines += [f"  {cid}:", f"    verdict: {verdict}", f"    comment: {quote(comment)}"]
    return "\n".join(lines) + "\n"


def write_demo(out: Path, seed: int = SEED) -> int:
    """Write the demo ledger into `out`; returns the number of activity files."""
    if (out / "activities").exists():
        readme = out / "README.md"
        if not readme.exists() or MARKER not in readme.read_text(encoding="utf-8"):
            raise SystemExit(f"{out} holds a ledger that is not the demo; not touching it")
        shutil.rmtree(out / "activities")
        shutil.rmtree(out / "reviews", ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    (out / "reviews").mkdir()
    for period in REVIEWS:
        (out / "reviews" / f"{period}.yaml").write_bytes(review_text(period).encode("utf-8"))
    (out / "README.md").write_bytes(README.encode("utf-8"))
    (out / "commitments.yaml").write_bytes(commitments_text().encode("utf-8"))
    written = set()
    for activity in activities(seed):
        path = out / "activities" / file_name(activity)
        if path in written:
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(activity.text.encode("utf-8"))
        written.add(path)
    return len(written)


def main(argv: list[str]) -> int:
    out = Path(argv[1]) if len(argv) > 1 else DEFAULT_OUT
    count = write_demo(out)
    print(f"wrote {count} invented activities and plans to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
