"""The files of a new ledger repository, for `lofte init`. Pure: names and dates in, text out.

The new ledger is written in Swedish, as its users are: a commented commitments.yaml with the
three groups of a medborgarlöfte and one example commitment in each, activities/ with a
README, the JSON Schemas for editors, a pre-commit hook, a GitHub workflow, .gitattributes
(LF line endings, which `lofte check` requires) and a README for the repository.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from importlib.resources import files

from lofte.domain.schema import all_schemas
from lofte.domain.validation import slugify

COMMITMENTS_FILE = "commitments.yaml"


@dataclass(frozen=True, slots=True)
class LedgerSettings:
    municipality: str  # "Forshaga kommun"
    police_area: str  # "Lokalpolisområde Karlstad"
    valid_from: dt.date
    valid_until: dt.date

    @property
    def promise_id(self) -> str:
        place = slugify(self.municipality.removesuffix(" kommun")) or "lofte"
        return f"{place[:40]}-{self.valid_from.year}-{self.valid_until.year}"

    @property
    def title(self) -> str:
        years = (str(self.valid_from.year) if self.valid_from.year == self.valid_until.year
                 else f"{self.valid_from.year}–{self.valid_until.year}")
        return f"Medborgarlöfte {self.municipality} {years}"


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """A promise usually runs for three calendar years, from the start of this one."""
    return dt.date(today.year, 1, 1), dt.date(today.year + 2, 12, 31)


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid YAML string


def commitments_yaml(settings: LedgerSettings) -> str:
    police = _quoted(settings.police_area)
    municipality = _quoted(settings.municipality)
    return f"""\
# yaml-language-server: $schema=schemas/commitments.schema.json
#
# {settings.title}
#
# Det här är löftet: vad lokalpolisområdet och kommunen lovar medborgarna. Skriv in det
# undertecknade löftets åtaganden under de tre rubrikerna nedan, med löftets egen text i
# `text` och en kort rubrik i `title`. Exemplen är bara exempel: ändra eller ta bort dem.
#
# - `lofte check` kontrollerar filen (och alla aktiviteter) och pekar ut rad och kolumn.
# - `lofte log` registrerar en aktivitet; `lofte status` visar vad som har legat still.
# - max_gap_days: hur många dagar ett åtagande får gå utan registrerad aktivitet innan
#   det visas som försenat. Skriv en kommentar om varför ni valt just det värdet.
# - target: {{per: week, at_least: 1}} när löftet anger en frekvens ("en gång per vecka").

promise:
  id: {settings.promise_id}
  title: {_quoted(settings.title)}
  valid_from: {settings.valid_from.isoformat()}
  valid_until: {settings.valid_until.isoformat()}
  # focus: Löftets inriktning, till exempel narkotika- och alkoholrelaterad brottslighet
  # problem_areas:
  #   - Det första problemområdet från medborgardialogen
  # signatories:
  #   - name: Förnamn Efternamn
  #     role: Chef för lokalpolisområdet
  language: sv

parties:
  polisen:
    name: {police}
  kommunen:
    name: {municipality}

defaults:
  max_gap_days: 30  # när ett åtagande inte anger något eget

commitments:

  # ---------------------------------------------------------------------------
  # {settings.police_area} kommer att genomföra
  # ---------------------------------------------------------------------------
  - id: fotpatrullering
    title: Fotpatrullering kring otrygga platser (exempel)
    text: >-
      Exempel: uniformerad fotpatrullering kring platser som upplevs som otrygga.
      Ersätt med löftets egen formulering.
    owners: [polisen]
    max_gap_days: 14  # varje vecka; en missad vecka tolereras

  # ---------------------------------------------------------------------------
  # Polisen och kommunen kommer tillsammans att
  # ---------------------------------------------------------------------------
  - id: samverkansmoten
    title: Samverkansmöten med aktuell lägesbild (exempel)
    text: >-
      Exempel: kontinuerliga samverkansmöten med uppdatering av aktuell lägesbild.
      Ersätt med löftets egen formulering.
    owners: [polisen, kommunen]
    max_gap_days: 14  # mötena hålls varannan vecka

  # ---------------------------------------------------------------------------
  # {settings.municipality} kommer att
  # ---------------------------------------------------------------------------
  - id: lovaktiviteter
    title: Mötesplatser och aktiviteter under lov och helger (exempel)
    text: >-
      Exempel: erbjuda ungdomar mötesplatser och aktiviteter under lov och helger.
      Ersätt med löftets egen formulering.
    owners: [kommunen]
    max_gap_days: 30  # helger året runt, men glesare mellan loven
"""


ACTIVITIES_README = """\
# Aktiviteter

Här sparas det som har gjorts för löftets åtaganden: en YAML-fil per aktivitet, skriven av
`lofte log` direkt efter aktiviteten, till exempel

```sh
lofte log fotpatrullering "Fotpatrull kring busstationen och torget." --place Torget
```

Filen får ett namn som `2026/2026-03-14-fotpatrullering-3fa9c1.yaml`: datum, åtagande och
de sex första tecknen i en kontrollsumma av innehållet. Två samordnare som registrerar
aktiviteter samtidigt, i var sin klon, skriver därför aldrig i samma fil.

Fälten: `date` (ÅÅÅÅ-MM-DD), `commitment` (ett id eller en lista av id), `summary` (vad som
gjordes), och frivilligt `by`, `place`, `people_reached`, `hours`, `tags`, `links` och
`public` (`false`: räknas, men publiceras aldrig i detalj).

Texten kan komma att publiceras. Skriv aldrig personuppgifter: inga personnummer, namn på
privatpersoner, telefonnummer eller registreringsnummer. `lofte check` varnar för sådant.
"""


def repository_readme(settings: LedgerSettings) -> str:
    return f"""\
# {settings.title}

Det här förrådet håller medborgarlöftet mellan {settings.municipality} och
{settings.police_area}, {settings.valid_from.isoformat()} – {settings.valid_until.isoformat()},
som en liggare i klartext: löftet i `commitments.yaml` och en fil per aktivitet under
`activities/`. Verktyget är lofte; arbetsflödet i `.github/workflows/lofte.yml`
installerar det från den adress som står i `LOFTE_SOURCE` högst upp i filen.

| när | kommando |
| --- | --- |
| direkt efter en aktivitet | `lofte log ÅTAGANDE "Vad som gjordes"` |
| på samverkansmötet | `lofte status` och `lofte show ÅTAGANDE` |
| vid varje commit (CI, pre-commit) | `lofte check` |
| när medborgarna ska informeras | `lofte report` |

`lofte status` visar vilka åtaganden som har gått för länge utan registrerad aktivitet.
"Ingen aktivitet registrerad" betyder att inget har registrerats, inte att inget har gjorts.

Kontrollen körs i GitHub Actions (`.github/workflows/lofte.yml`) och, med
[pre-commit](https://pre-commit.com), innan varje commit (`.pre-commit-config.yaml`).
"""


PRE_COMMIT_CONFIG = """\
# pre-commit (https://pre-commit.com): `pre-commit install` once, then `lofte check` runs
# before every commit that touches the ledger. This uses the lofte installed on the machine;
# to let pre-commit install it, use the lofte repository and its `lofte-check` hook instead.
repos:
  - repo: local
    hooks:
      - id: lofte-check
        name: lofte check
        entry: lofte check
        language: system
        pass_filenames: false
        files: '(^|/)(commitments\\.yaml|activities/.*\\.ya?ml)$'
"""

GITATTRIBUTES = """\
# lofte reads YAML with LF line endings only.
*.yaml text eol=lf
*.yml text eol=lf
"""

GITIGNORE = """\
# temporary files of `lofte log` and folders of `lofte import`, left only if it is killed
.lofte-*.tmp
"""


def github_workflow() -> str:
    return files("lofte").joinpath("templates", "github-actions.yml").read_text("utf-8")


def ledger_files(settings: LedgerSettings) -> dict[str, str]:
    """Relative path -> content. commitments.yaml comes last: it is what makes a ledger."""
    scaffold = {
        "activities/README.md": ACTIVITIES_README,
        "README.md": repository_readme(settings),
        ".pre-commit-config.yaml": PRE_COMMIT_CONFIG,
        ".github/workflows/lofte.yml": github_workflow(),
        ".gitattributes": GITATTRIBUTES,
        ".gitignore": GITIGNORE,
    }
    for name, schema in all_schemas().items():
        scaffold[f"schemas/{name}"] = json.dumps(schema, ensure_ascii=False, indent=2) + "\n"
    scaffold[COMMITMENTS_FILE] = commitments_yaml(settings)
    return scaffold
