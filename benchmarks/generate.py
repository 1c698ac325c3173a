"""Generate a synthetic lofte ledger with N activities, for benchmarks.

    python benchmarks/generate.py N OUT_DIR [--seed S]

OUT_DIR receives a copy of the repository's data/commitments.yaml and N activity files,
one activity per file, named as the contract says:
`activities/YYYY/YYYY-MM-DD-<first commitment id>-<sha256[:6] of the content>.yaml`.

The YAML text is written from a small template, not through lofte, so the benchmark does not
depend on the code it measures. The same seed always gives byte-identical files. The ledger is
first written to a hidden folder beside OUT_DIR and then renamed, so an interrupted run never
leaves a half-written ledger behind.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
COMMITMENTS = REPO_ROOT / "data" / "commitments.yaml"
DEFAULT_SEED = 2023
FIRST_DAY = dt.date(2023, 1, 1)
LAST_DAY = dt.date(2025, 12, 31)


@dataclass(frozen=True, slots=True)
class Kind:
    """How activities for one commitment look: how often they occur, and their wording."""

    weight: float
    summaries: tuple[str, ...]
    places: tuple[str, ...]
    tags: tuple[str, ...]
    people: tuple[int, int] | None = None  # range of people_reached, when it makes sense


_TOWN = ("Forshaga centrum", "Deje", "Ullerud", "Skived", "Olsäter", "Mölnbacka",
         "Dyvelsten", "Lövnäs", "Grossbol", "Busstationen i Forshaga", "Klarälvsbanan vid Deje",
         "Badplatsen i Dejefors", "Storgatan, Forshaga", "Torget i Deje")
_SCHOOLS = ("Forshagaakademien", "Olsäters skola", "Dejeskolan", "Lövnässkolan",
            "Ullerudsskolan", "Mölnbacka skola", "Grossbolskolan")
_OFFICES = ("Kommunhuset i Forshaga", "Stadshuset, sammanträdesrum Klarälven",
            "Polisstationen i Karlstad", "Socialkontoret, Forshaga", "Digitalt möte")
_VENUES = ("Forshaga bibliotek", "Folkets hus i Deje", "Aulan på Forshagaakademien",
           "Fritidsgården Tegelbruket", "Fritidsgården i Deje", "Forshaga sporthall")

KINDS: dict[str, Kind] = {
    "fotpatrullering": Kind(
        4.0,
        ("Uniformerad fotpatrullering kring {place} under kvällen, {n} samtal med ungdomar.",
         "Fotpatrullering vid {place} efter tips om oro i området; lugnt läge, inga ingripanden.",
         "Synlighetsinsats till fots kring {place} fredag kväll, flera samtal med förbipasserande.",
         "Kvällspatrull till fots: {place} och gångtunneln mot skolan, nedskräpning påtalad.",
         "Fotpatrullering vid {place} i samband med helgens evenemang, god stämning."),
        _TOWN, ("synlighet", "trygghet", "kvällstid", "helg"), (5, 120)),
    "trafikkontroller": Kind(
        2.0,
        ("Hastighetskontroll på {place}, {k} förare rapporterade för hastighetsöverträdelse.",
         "Kontroll av mopeder vid {place}, {k} trimmade mopeder upptäckta.",
         "A-traktorkontroll vid {place}: {k} fordon kontrollerade, två brister i registrering.",
         "Trafikkontroll med fokus på hastighet vid {place} under morgonrusningen.",
         "Riktad kontroll av mopeder och A-traktorer på {place}; {k} ärenden upprättade."),
        (*_TOWN, "Väg 62 vid Forshaga", "Infarten till Deje", "Skolvägen vid Olsäter"),
        ("hastighet", "mopeder", "a-traktor", "trafik"), (10, 200)),
    "narkotikainsatser": Kind(
        1.0,
        ("Riktad insats mot narkotika vid {place}, {k} personer kontrollerade.",
         "Insats mot narkotikaförsäljning i {place} efter underrättelse; beslag av mindre mängd.",
         "Spaning och kontroller kring {place} med fokus på ungdomar och narkotika.",
         "Samordnad narkotikainsats med sökhund vid {place}."),
        _TOWN, ("narkotika", "ungdomar", "underrättelse"), None),
    "poliskontor": Kind(
        3.0,
        ("Mobilt poliskontor på {place} mellan 15 och 18, {n} besökare.",
         "Lokalt poliskontor hölls öppet på {place}; frågor om cykelstölder och inbrott.",
         "Mobila poliskontoret stod vid {place}, samtal om trygghet i området.",
         "Poliskontor på {place}: {n} besök, tips om \"bilar som kör för fort\" på kvällarna."),
        ("Forshaga centrum", "Torget i Deje", "Forshaga bibliotek", "ICA Forshaga",
         "Coop Deje", "Kommunhuset i Forshaga"),
        ("poliskontor", "mobila-poliskontoret", "synlighet"), (3, 60)),
    "skolbesok": Kind(
        2.0,
        ("Besök på {place} under lunchrasten, samtal med elever om trygghet.",
         "Lektion om narkotika och grupptryck för årskurs 9 på {place}.",
         "Polisen besökte {place} och deltog i föräldramöte om droger.",
         "Synlighet på skolgården vid {place} under skoldagens slut.",
         "Preventivt besök på {place}: temat var \"Säg nej\" och sociala medier."),
        _SCHOOLS, ("skola", "prevention", "elever"), (20, 300)),
    "samverkan-socialtjanst": Kind(
        1.5,
        ("Samverkansträff polis och socialtjänst om tidiga insatser för unga, {k} ärenden.",
         "Gemensam genomgång av orosanmälningar med socialtjänsten.",
         "Uppföljning av SSPF-ärenden tillsammans med socialtjänst och skola.",
         "Avstämning polis–socialtjänst om ungdomar som syns i {place} på kvällarna."),
        _OFFICES, ("sspf", "socialtjänst", "tidiga-insatser"), None),
    "alkoholtillsyn": Kind(
        0.6,
        ("Gemensam tillsyn av {k} serveringsställen i Forshaga, inga anmärkningar.",
         "Alkoholtillsyn inför midsommar: kontroll av serveringstillstånd och ålderskontroll.",
         "Tillsynsbesök på restaurang vid {place}; brister i ålderskontrollen påtalades.",
         "Kontroll av verksamheter med alkoholtillstånd under fredagskvällen, {k} besök."),
        ("Forshaga centrum", "Deje", "Storgatan, Forshaga", "Torget i Deje"),
        ("tillsyn", "alkohol", "serveringstillstånd"), None),
    "samtal-riskungdomar": Kind(
        1.0,
        ("Förebyggande samtal med en ungdom i riskzon tillsammans med socialtjänsten.",
         "{k} förebyggande samtal med ungdomar och vårdnadshavare.",
         "Uppföljande samtal med ungdom efter tidigare ingripande, plan för fortsatt stöd.",
         "Orossamtal med ungdom och förälder på socialkontoret."),
        _OFFICES, ("orossamtal", "riskzon", "ungdomar"), None),
    "samverkansmoten": Kind(
        3.0,
        ("Veckans samverkansmöte: uppdaterad lägesbild, fokus på {place}.",
         "Samverkansmöte med genomgång av helgens händelser och kommande insatser.",
         "Samverkansmöte: lägesbilden visar ökad oro kring {place}, extra patrullering planeras.",
         "Samverkansmöte vecka {week}; lugn vecka, inga nya ärenden."),
        _OFFICES, ("samverkan", "lägesbild"), None),
    "informationskampanjer": Kind(
        0.6,
        ("Informationskampanj till föräldrar om ungdomar och alkohol inför skolavslutningen.",
         "Utskick till vårdnadshavare om narkotika och sociala medier, {n} mottagare.",
         "Föräldrakväll på {place} om aktuell lägesbild och droger.",
         "Kampanj \"Prata med ditt barn\" i sociala medier och på {place}."),
        _VENUES + _SCHOOLS, ("kampanj", "föräldrar", "information"), (30, 2000)),
    "lagesbild": Kind(
        1.5,
        ("Genomgång av intern lägesbild med fältgruppen och fritidsgårdarna.",
         "Uppdaterad intern lägesbild sammanställd inför samverkansmötet.",
         "Kontroll av intern lägesbild: rapporter från skolor och socialtjänst om {place}.",
         "Månadens lägesbild: oro för narkotika bland unga vid {place}."),
        _OFFICES + _TOWN, ("lägesbild", "intern"), None),
    "andt-kampanjer": Kind(
        0.6,
        ("ANDT-kampanj inför sommarlovet på {place}, material till {n} elever.",
         "Riktad information om alkohol och narkotika till gymnasieelever på {place}.",
         "Kampanj mot langning inför studenten: affischer och annonser i lokalpressen.",
         "Informationsbord om ANDT på {place} under lunchen."),
        _SCHOOLS + _VENUES, ("andt", "kampanj", "langning"), (20, 800)),
    "upptackargruppen": Kind(
        3.0,
        ("Upptäckargruppen ute i {place} under kvällen, {n} ungdomar träffade.",
         "Fältarbete i {place}: samtal med ungdomar, lugn kväll.",
         "Upptäckargruppen fanns på plats vid {place} efter skoltid.",
         "Uppsökande arbete vid {place}; två ungdomar hänvisades till fritidsgården."),
        _TOWN + _VENUES, ("fältarbete", "ungdomar", "riskzon"), (2, 80)),
    "radgivning": Kind(
        1.0,
        ("Information om kostnadsfri rådgivning om alkohol, droger och spel på {place}.",
         "Rådgivningen presenterades för personal på {place}.",
         "Annons om anonym och kostnadsfri rådgivning i lokaltidningen och på webben.",
         "Rådgivningsträff på {place}, {k} personer tog kontakt."),
        _VENUES + _OFFICES, ("rådgivning", "spel", "alkohol", "droger"), (5, 400)),
    "kompetensutveckling": Kind(
        0.4,
        ("Utbildning för skolpersonal i att tidigt upptäcka missbruk, {n} deltagare.",
         "Halvdag om tecken på narkotikabruk för fritidsledare.",
         "Kompetensdag för socialsekreterare om tidiga åtgärder vid missbruk.",
         "Workshop om samtalsmetodik (MI) för personal på {place}."),
        _SCHOOLS + _OFFICES, ("utbildning", "personal", "tidig-upptäckt"), (8, 120)),
    "forelasningar": Kind(
        0.5,
        ("Föreläsning för allmänheten om narkotika bland unga på {place}, {n} åhörare.",
         "Öppen föreläsning \"Cannabis – vad vet vi i dag?\" på {place}.",
         "Föräldraföreläsning om alkohol och tonåringar på {place}.",
         "Föreläsning och frågestund om droger med en tidigare missbrukare på {place}."),
        _VENUES, ("föreläsning", "allmänheten"), (15, 250)),
    "lov-och-helg": Kind(
        3.0,
        ("Öppen fritidsgård på {place} under fredagskvällen, {n} besökare.",
         "Lovaktivitet: bowling och grillning för högstadieelever, {n} deltagare.",
         "Helgöppet på {place} med turnering i innebandy.",
         "Sportlovsaktiviteter på {place}: skridskor och pulkaåkning.",
         "Sommarlovsaktivitet vid {place}: kanotpaddling på Klarälven."),
        (*_VENUES, "Badplatsen i Dejefors", "Ishallen i Forshaga"),
        ("lov", "helg", "fritidsgård", "mötesplats"), (5, 150)),
    "vaktare": Kind(
        6.0,
        ("Väktarrunda i {place} under natten, inga händelser.",
         "Väktare kontrollerade {place}: klotter rapporterat till kommunen.",
         "Väktarrond kring skolor och {place}, en grupp ungdomar tillsagd att gå hem.",
         "Väktare på plats vid {place} efter larm, ingen skada upptäckt.",
         "Nattlig väktarrunda: {place} och pendelparkeringen, lugnt."),
        _TOWN + _SCHOOLS, ("väktare", "trygghet", "nattetid"), None),
}

_GENERIC = Kind(
    1.0,
    ("Aktivitet inom åtagandet vid {place}, {n} personer nådda.",
     "Genomförd insats vid {place} enligt planeringen."),
    _TOWN, ("övrigt",), (1, 100))

_LINKS = ("Dnr KS {year}/{n}", "Dnr SN {year}/{n}", "A{n}/{year} (polisens diarium)",
          "https://www.forshaga.se/nyheter/{year}-{n}")


@dataclass(frozen=True, slots=True)
class Commitment:
    id: str
    owners: tuple[str, ...]
    kind: Kind


def read_commitments(path: Path = COMMITMENTS) -> list[Commitment]:
    """The commitment ids and owners of data/commitments.yaml, read with two regexes.

    The file is the repository's own and is written in block style with `owners: [..]`
    in flow style, which is all this needs to understand.
    """
    text = path.read_text(encoding="utf-8")
    found: list[Commitment] = []
    blocks = re.split(r"^  - id: ", text, flags=re.MULTILINE)[1:]
    for block in blocks:
        ident = block.split(None, 1)[0]
        owners = re.search(r"^    owners: \[([^\]]*)\]", block, flags=re.MULTILINE)
        if owners is None:
            raise ValueError(f"{path}: commitment {ident} has no `owners: [...]` line")
        parties = tuple(p.strip() for p in owners.group(1).split(",") if p.strip())
        found.append(Commitment(ident, parties, KINDS.get(ident, _GENERIC)))
    if not found:
        raise ValueError(f"{path}: no commitments found")
    return found


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r", "\0": "\\0"}


def quote(text: str) -> str:
    """A YAML double-quoted scalar; non-printable characters are escaped."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif not char.isprintable():
            code = ord(char)
            out.append(f"\\x{code:02x}" if code < 0x100 else
                       f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}")
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


_PLAIN_WORD = re.compile(r"[a-zåäö][a-zåäö0-9-]*")


def scalar(text: str) -> str:
    """A plain scalar for simple lower-case words (tags, ids), else a quoted one."""
    return text if _PLAIN_WORD.fullmatch(text) else quote(text)


def flow_list(items: list[str]) -> str:
    return "[" + ", ".join(scalar(item) for item in items) + "]"


def _draw_date(rng: random.Random, commitment: Commitment) -> dt.date:
    span = (LAST_DAY - FIRST_DAY).days
    while True:
        day = FIRST_DAY + dt.timedelta(days=rng.randint(0, span))
        if commitment.id == "skolbesok" and (day.month == 7 or day.weekday() >= 5):
            continue  # no school visits in the summer holiday or at weekends
        if commitment.id == "lov-och-helg" and day.weekday() < 4 and day.month not in (6, 7):
            continue  # weekends (from Friday) and the summer holiday
        return day


def _activity_text(rng: random.Random, commitments: list[Commitment],
                   weights: list[float]) -> tuple[dt.date, str, str]:
    """One activity as YAML text: (date, first commitment id, text)."""
    main = rng.choices(commitments, weights)[0]
    kind = main.kind
    ids = [main.id]
    if rng.random() < 0.05:  # now and then one activity serves two commitments
        other = rng.choice(commitments)
        if other.id != main.id:
            ids.append(other.id)
    day = _draw_date(rng, main)
    place = rng.choice(kind.places)
    low, high = kind.people or (2, 40)
    summary = rng.choice(kind.summaries).format(
        place=place, n=rng.randint(low, high), k=rng.randint(2, 12),
        week=day.isocalendar().week)

    lines = [f"date: {day.isoformat()}",
             f"commitment: {ids[0] if len(ids) == 1 else flow_list(ids)}",
             f"summary: {quote(summary)}"]
    if rng.random() < 0.6:
        by = list(main.owners)
        if len(by) > 1 and rng.random() < 0.4:
            by = [rng.choice(by)]
        lines.append(f"by: {flow_list(by)}")
    if rng.random() < 0.75:
        lines.append(f"place: {quote(place)}")
    if kind.people is not None and rng.random() < 0.7:
        lines.append(f"people_reached: {rng.randint(*kind.people)}")
    if rng.random() < 0.6:
        hours = rng.randint(1, 16) / 2
        lines.append(f"hours: {hours:g}")
    if rng.random() < 0.5:
        tags = rng.sample(kind.tags, rng.randint(1, min(2, len(kind.tags))))
        lines.append(f"tags: {flow_list(tags)}")
    if rng.random() < 0.1:
        link = rng.choice(_LINKS).format(year=day.year, n=rng.randint(1, 999))
        lines.append(f"links: {flow_list([link])}")
    if rng.random() < 0.05:
        lines.append("public: false")
    return day, ids[0], "\n".join(lines) + "\n"


def generate(n: int, out: Path, seed: int = DEFAULT_SEED) -> None:
    """Write a ledger with `n` activities to `out`, which must not exist or be empty."""
    if n < 0:
        raise ValueError("n must be >= 0")
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder")
    commitments = read_commitments()
    weights = [c.kind.weight for c in commitments]
    rng = random.Random(seed)

    partial = out.parent / f".{out.name}.partial"
    if partial.exists():
        shutil.rmtree(partial)
    activities = partial / "activities"
    activities.mkdir(parents=True)
    shutil.copyfile(COMMITMENTS, partial / "commitments.yaml")
    years: set[int] = set()
    written = 0
    while written < n:
        day, first, text = _activity_text(rng, commitments, weights)
        content = text.encode("utf-8")
        digest = hashlib.sha256(content).hexdigest()[:6]
        folder = activities / str(day.year)
        if day.year not in years:
            folder.mkdir(exist_ok=True)
            years.add(day.year)
        path = folder / f"{day.isoformat()}-{first}-{digest}.yaml"
        try:
            with path.open("xb") as handle:
                handle.write(content)
        except FileExistsError:
            continue  # the same activity drawn twice (or a hash clash): draw another
        written += 1
    if out.exists():
        out.rmdir()
    partial.rename(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Generate a synthetic lofte ledger with N activities, one per file.")
    parser.add_argument("n", type=int, metavar="N", help="number of activities")
    parser.add_argument("out", type=Path, metavar="OUT_DIR",
                        help="folder to create (must not exist, or be empty)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                        help=f"random seed (default {DEFAULT_SEED})")
    args = parser.parse_args(argv)
    if args.n < 0:
        parser.error("N must be >= 0")
    try:
        generate(args.n, args.out, args.seed)
    except (FileExistsError, ValueError) as exc:
        print(f"generate.py: {exc}", file=sys.stderr)
        return 2
    print(f"wrote {args.n} activities to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
