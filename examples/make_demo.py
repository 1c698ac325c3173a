"""Write the demonstration ledger in examples/demo/: INVENTED activities, for showing lofte.

    python examples/make_demo.py [OUT_DIR]

OUT_DIR (default: examples/demo) receives a copy of data/commitments.yaml, marked as a
demonstration, a README.md saying the same, and one YAML file per activity named as the
contract says: `activities/YYYY/YYYY-MM-DD-<first commitment id>-<sha256[:6]>.yaml`.
Nothing in it happened: the activities are drawn from a fixed seed, so that every run writes
byte-identical files. They give a realistic mix: most commitments are kept, some were
neglected lately, `forelasningar` is never logged, and the talks with young people at risk
(`samtal-riskungdomar`) are logged with `public: false`.

The YAML text is written by hand here, not through lofte, so the demo does not depend on
the code it demonstrates.
"""

from __future__ import annotations

import datetime as dt
import hashlib
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
FIRST = dt.date(2023, 1, 1)
LAST = dt.date(2025, 12, 31)
DAY = dt.timedelta(days=1)
MARKER = "INVENTED DEMONSTRATION DATA"

COMMITMENTS_HEADER = f"""\
# {MARKER}: not the activities of Forshaga kommun or the police.
#
# This is a copy of data/commitments.yaml (the real, signed promise) with invented
# activities beside it in activities/, written by examples/make_demo.py from a fixed seed
# to show what `lofte status` and `lofte show` look like on a ledger in use. Nothing in
# activities/ happened. Regenerate with: python examples/make_demo.py
#
"""

README = f"""\
# Demonstration ledger: {MARKER}

Nothing in `activities/` happened. This folder shows what a `lofte` ledger looks like after
three years of use, so that `lofte status` and `lofte show` have something to show.

- `commitments.yaml` is a copy of the real, signed promise in `data/commitments.yaml`
  (Forshaga kommun and LPO Karlstad, 2023–2025), with a comment saying it is a demo.
- `activities/` holds invented activities, drawn from a fixed seed by
  `examples/make_demo.py`. Running the script again writes byte-identical files.
- The mix is deliberate: most commitments are kept, `trafikkontroller` and `lagesbild` were
  neglected in 2025, `upptackargruppen` paused at midsummer, `forelasningar` was never
  logged, and the talks with young people at risk (`samtal-riskungdomar`) are logged with
  `public: false`.

Try:

```sh
lofte status --ledger examples/demo --as-of 2025-06-30
lofte show --ledger examples/demo poliskontor --as-of 2025-06-30
lofte check --ledger examples/demo
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


@dataclass(frozen=True, slots=True)
class Kind:
    """How one commitment's invented activities are worded."""

    summaries: tuple[str, ...]
    places: tuple[str, ...] = ()
    people: tuple[int, int] | None = None
    hours: tuple[float, float] = (1, 4)
    by: tuple[tuple[str, ...], ...] = ()  # explicit `by` now and then (joint commitments)
    tags: tuple[str, ...] = ()
    public: bool = True
    also: tuple[str, ...] = ()  # another commitment an activity may serve as well


KINDS: dict[str, Kind] = {
    "fotpatrullering": Kind(
        ("Uniformerad fotpatrullering kring {place} under kvällen, {n} samtal med ungdomar.",
         "Fotpatrullering vid {place} efter tips om oro; lugnt läge, inga ingripanden.",
         "Synlighetsinsats till fots kring {place} fredag kväll.",
         "Fotpatrull vid {place} i samband med skolavslutning, flera samtal med föräldrar."),
        TOWN, (5, 40), (2, 4), tags=("synlighet",)),
    "trafikkontroller": Kind(
        ("Hastighetskontroll på {place}, {k} förelägganden.",
         "Kontroll av mopeder och A-traktorer vid {place}, {k} fordon kontrollerade.",
         "Riktad kontroll av trimmade mopeder vid {place}, två fordon belagda med "
         "körförbud.",
         "Nykterhets- och hastighetskontroll på {place} på kvällen."),
        ROADS, None, (2, 5), tags=("trafik", "mopeder")),
    "narkotikainsatser": Kind(
        ("Riktad insats mot narkotikaförsäljning kring {place} utifrån underrättelser.",
         "Insats mot ungdomar och narkotika vid {place}, {k} personer kontrollerade.",
         "Spaning och kontroller kring {place} efter information om försäljning."),
        TOWN, None, (3, 8), tags=("narkotika",)),
    "poliskontor": Kind(
        ("Mobilt poliskontor vid {place}, {n} besökare.",
         "Poliskontoret öppet vid {place}; frågor om stölder och trafik.",
         "Mobila poliskontoret på {place} under eftermiddagen, {n} samtal."),
        ("Torget i Forshaga", "Torget i Deje", "Forshaga bibliotek", "ICA i Deje"),
        (4, 30), (2, 3), tags=("poliskontor",)),
    "skolbesok": Kind(
        ("Besök på {place} under lunchrasten, samtal med elever om narkotika.",
         "Lektion om trafik och mopeder för årskurs 8 på {place}.",
         "Synlighet på {place} vid skolstart, samtal med personal och elever.",
         "Besök på {place} med fokus på trygghet i skolmiljön."),
        SCHOOLS, (20, 120), (1, 3), tags=("skola",)),
    "samverkan-socialtjanst": Kind(
        ("Avstämning mellan polis och socialtjänst om ungdomar i riskzon.",
         "Gemensam genomgång av orosanmälningar och tidiga insatser.",
         "Samverkansmöte polis och socialtjänst om unga i Deje."),
        OFFICES, None, (1, 2), by=(("polisen", "kommunen"),), tags=("socialtjänst",)),
    "alkoholtillsyn": Kind(
        ("Gemensam tillsyn av {place}, {k} verksamheter besökta.",
         "Kontroll av serveringstillstånd hos {place} inför helgen.",
         "Tillsyn tillsammans med alkoholhandläggare hos {place}; inga anmärkningar."),
        PREMISES, None, (3, 6), by=(("polisen", "kommunen"),), tags=("alkohol", "tillsyn")),
    "samtal-riskungdomar": Kind(
        ("Förebyggande samtal med en ungdom i riskzon tillsammans med socialtjänsten.",
         "Samtal med ungdom och vårdnadshavare efter oro om narkotika.",
         "Uppföljande samtal med ungdom i riskzon."),
        (), (1, 3), (1, 2), public=False),
    "samverkansmoten": Kind(
        ("Veckans samverkansmöte; lägesbild vecka {week} genomgången.",
         "Samverkansmöte med uppdaterad lägesbild, fokus på {place}.",
         "Samverkansmöte; planering av helgens insatser kring {place}."),
        TOWN, None, (1, 2), tags=("lägesbild",), also=("samverkan-socialtjanst",)),
    "informationskampanjer": Kind(
        ("Informationskampanj till föräldrar om langning inför {event}.",
         "Föräldramöte på {place} om ungdomar och narkotika, {n} deltagare.",
         "Kampanj i sociala medier riktad till ungdomar inför {event}."),
        SCHOOLS, (30, 250), (2, 8), by=(("kommunen",),), tags=("kampanj",),
        also=("andt-kampanjer",)),
    "lagesbild": Kind(
        ("Genomgång av intern lägesbild med trygghetssamordnaren.",
         "Intern lägesbild uppdaterad efter rapporter från fritidsgårdarna.",
         "Månadens lägesbild sammanställd och skickad till ledningsgruppen."),
        ("Kommunhuset i Forshaga",), None, (1, 3), tags=("lägesbild",)),
    "andt-kampanjer": Kind(
        ("ANDT-kampanj inför {event} med affischer och sociala medier.",
         "Information om alkohol och narkotika på {place}, {n} elever.",
         "Utskick till vårdnadshavare om alkohol inför {event}."),
        SCHOOLS, (40, 400), (2, 6), tags=("andt",)),
    "upptackargruppen": Kind(
        ("Upptäckargruppen ute i {place} på kvällen, {n} ungdomar mötta.",
         "Upptäckargruppens uppsökande arbete kring {place}.",
         "Upptäckargruppen på {place}, samtal med ungdomar om helgen."),
        (*TOWN, *VENUES), (3, 25), (3, 6), tags=("fältarbete",)),
    "radgivning": Kind(
        ("Information om kostnadsfri rådgivning om alkohol, droger och spel på {place}.",
         "Rådgivningen presenterad för personal på {place}.",
         "Annons och inlägg om den kostnadsfria rådgivningen."),
        (*SCHOOLS, *VENUES), (10, 80), (1, 2), tags=("rådgivning",)),
    "kompetensutveckling": Kind(
        ("Utbildning för skolpersonal i att tidigt upptäcka missbruk, {n} deltagare.",
         "Halvdag om tidiga tecken på narkotikabruk för fritidsledare, {n} deltagare.",
         "Utbildning i tidiga insatser för socialsekreterare och elevhälsa."),
        ("Kommunhuset i Forshaga", "Forshagaakademien", "Digitalt"), (10, 45), (4, 16),
        tags=("utbildning",)),
    "lov-och-helg": Kind(
        ("Fredagsöppet på {place}, {n} ungdomar.",
         "Lovaktivitet på {place}: turnering och grillning, {n} deltagare.",
         "Helgöppet på {place} med personal från fritid, {n} besökare."),
        VENUES, (10, 80), (4, 8), tags=("fritid",)),
    "vaktare": Kind(
        ("Veckorapport från väktarna: {k} ronder i Forshaga och Deje, inga incidenter.",
         "Veckorapport: väktarronder kring skolor och centrum, {k} ronder, en skadegörelse "
         "rapporterad.",
         "Väktarnas veckorapport, {k} ronder, extra tillsyn vid {place}."),
        TOWN, None, (8, 20), tags=("väktare",)),
}

EVENTS = ("valborg", "skolavslutningen", "midsommar", "höstlovet", "lucia", "nyår")
_ESCAPES = {"\\": "\\\\", '"': '\\"'}


def quote(text: str) -> str:
    return '"' + "".join(_ESCAPES.get(ch, ch) for ch in text) + '"'


def flow(items: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(items) + "]"


def hours_text(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:.1f}"


# --- when activities happen ---------------------------------------------------------------

Skip = Callable[[dt.date], bool]


def never(day: dt.date) -> bool:
    return False


def between(first: str, last: str) -> Skip:
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    return lambda day: a <= day <= b


def any_of(*skips: Skip) -> Skip:
    return lambda day: any(skip(day) for skip in skips)


def summer(first: tuple[int, int], last: tuple[int, int]) -> Skip:
    return lambda day: first <= (day.month, day.day) <= last


def every(rng: random.Random, low: int, high: int, skip: Skip = never) -> Iterator[dt.date]:
    """Irregular work: the next activity `low`..`high` days after the last."""
    day = FIRST + dt.timedelta(days=rng.randint(0, high))
    while day <= LAST:
        if not skip(day):
            yield day
        day += dt.timedelta(days=rng.randint(low, high))


def weekly(rng: random.Random, weekday: int, chance: float, skip: Skip = never
           ) -> Iterator[dt.date]:
    """Weekly work on a fixed weekday (Monday is 0), kept with the given chance."""
    day = FIRST + dt.timedelta(days=(weekday - FIRST.weekday()) % 7)
    while day <= LAST:
        if rng.random() < chance and not skip(day):
            yield day
        day += dt.timedelta(days=7)


def twice_a_year(rng: random.Random) -> Iterator[dt.date]:
    for year in range(FIRST.year, LAST.year + 1):
        yield dt.date(year, 2, 1) + dt.timedelta(days=rng.randint(0, 70))
        yield dt.date(year, 9, 10) + dt.timedelta(days=rng.randint(0, 60))


SCHOOL_BREAKS = any_of(summer((6, 14), (8, 18)), summer((12, 21), (12, 31)),
                       summer((1, 1), (1, 8)))
SUMMER_BREAK = summer((7, 1), (7, 31))


def schedule(rng: random.Random) -> dict[str, list[dt.date]]:
    """The invented dates of each commitment's activities."""
    plans: dict[str, Iterator[dt.date]] = {
        "fotpatrullering": every(rng, 4, 12),
        "trafikkontroller": every(rng, 12, 35, any_of(summer((12, 15), (12, 31)),
                                                      summer((1, 1), (2, 20)),
                                                      between("2025-04-12", "2025-08-20"))),
        "narkotikainsatser": every(rng, 15, 55),
        "poliskontor": weekly(rng, 1, 0.9, summer((7, 4), (7, 31))),
        "skolbesok": every(rng, 7, 24, any_of(SCHOOL_BREAKS, lambda d: d.weekday() >= 5)),
        "samverkan-socialtjanst": every(rng, 8, 30),
        "alkoholtillsyn": every(rng, 50, 110),
        "samtal-riskungdomar": every(rng, 6, 45),
        "samverkansmoten": weekly(rng, 2, 0.92, SUMMER_BREAK),
        "informationskampanjer": every(rng, 50, 120),
        "lagesbild": every(rng, 14, 30, between("2025-05-10", "2025-12-31")),
        "andt-kampanjer": every(rng, 45, 110),
        "upptackargruppen": weekly(rng, 3, 0.9, between("2025-06-20", "2025-07-10")),
        "radgivning": every(rng, 20, 55),
        "kompetensutveckling": twice_a_year(rng),
        "lov-och-helg": weekly(rng, 4, 0.85, summer((12, 24), (12, 26))),
        "vaktare": weekly(rng, 0, 0.94),
    }
    dates = {cid: sorted(set(plan)) for cid, plan in plans.items()}
    # The last week before the midsummer pause was kept: a due state, not yet overdue.
    dates["upptackargruppen"] = sorted({*dates["upptackargruppen"], dt.date(2025, 6, 19)})
    return dates


# --- what they say --------------------------------------------------------------------------


@dataclass(slots=True)
class Activity:
    day: dt.date
    ids: list[str]
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(self.lines) + "\n"


def describe(rng: random.Random, cid: str, day: dt.date) -> Activity:
    kind = KINDS[cid]
    place = rng.choice(kind.places) if kind.places else ""
    low, high = kind.people or (2, 40)
    summary = rng.choice(kind.summaries).format(
        place=place, n=rng.randint(low, high), k=rng.randint(2, 12),
        week=day.isocalendar()[1], event=rng.choice(EVENTS))
    ids = [cid]
    if kind.also and rng.random() < 0.15:
        ids.append(kind.also[0])
    activity = Activity(day, ids)
    activity.lines += [f"date: {day.isoformat()}",
                       f"commitment: {ids[0] if len(ids) == 1 else flow(ids)}",
                       f"summary: {quote(summary)}"]
    if kind.by and rng.random() < 0.5:
        activity.lines.append(f"by: {flow(rng.choice(kind.by))}")
    if place and rng.random() < 0.8:
        activity.lines.append(f"place: {quote(place)}")
    if kind.people is not None and rng.random() < 0.8:
        activity.lines.append(f"people_reached: {rng.randint(*kind.people)}")
    if rng.random() < 0.7:
        lo, hi = kind.hours
        activity.lines.append(f"hours: {hours_text(rng.randint(int(lo * 2), int(hi * 2)) / 2)}")
    if kind.tags and rng.random() < 0.5:
        activity.lines.append(f"tags: {flow(list(kind.tags))}")
    if not kind.public:
        activity.lines.append("public: false")
    return activity


def activities(seed: int = SEED) -> list[Activity]:
    rng = random.Random(seed)
    planned = schedule(rng)
    found: list[Activity] = []
    for cid in sorted(planned):
        found += [describe(rng, cid, day) for day in planned[cid]]
    return found


def file_name(activity: Activity) -> str:
    digest = hashlib.sha256(activity.text.encode("utf-8")).hexdigest()[:6]
    return f"{activity.day.year}/{activity.day.isoformat()}-{activity.ids[0]}-{digest}.yaml"


def commitments_text() -> str:
    text = SOURCE.read_text(encoding="utf-8")
    return COMMITMENTS_HEADER + text.replace("$schema=../schemas/", "$schema=../../schemas/", 1)


def write_demo(out: Path, seed: int = SEED) -> int:
    """Write the demo ledger into `out`; returns the number of activity files."""
    if (out / "activities").exists():
        readme = out / "README.md"
        if not readme.exists() or MARKER not in readme.read_text(encoding="utf-8"):
            raise SystemExit(f"{out} holds a ledger that is not the demo; not touching it")
        shutil.rmtree(out / "activities")
    out.mkdir(parents=True, exist_ok=True)
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
    print(f"wrote {count} invented activities to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
