"""`lofte log`'s quick way (`lofte.domain.known_activity`, `prepare_known_log`, the cached
promise) against the careful way: the very same file, the
same output and exit code, or no answer at all; and a warm `lofte log` that imports
neither pydantic nor rich nor ruamel.yaml."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lofte.domain.known_activity import BLANK
from lofte.domain.models import ACTIVITY_FIELDS as MODEL_FIELDS
from lofte.domain.models import NOT_BLANK
from lofte.domain.new_activity import ActivityRequest
from lofte.domain.problems import Refused
from lofte.storage import activity_writer
from lofte.storage.activity_writer import ActivityFile, AlreadyLogged, NameTaken
from lofte.usecases.log import open_known_promise, open_promise, prepare_known_log, prepare_log
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger, examples

REPOSITORY = Path(__file__).parent.parent
TODAY = dt.date(2025, 6, 2)
WITH_WINDOW = MINI_COMMITMENTS + """\
  - id: skolbesok
    title: Skolbesök
    owners: [polisen, kommunen]
    active_from: 2024-01-01
  - id: trafiksakerhet
    title: Trafiksäkerhet
    owners: [kommunen]
"""

Outcome = ActivityFile | str


def careful(root: Path, request: ActivityRequest) -> Outcome:
    promise_file = open_promise(root).promise_file
    try:
        return prepare_log(root, promise_file, request, TODAY)
    except Refused:
        return "refused"
    except (AlreadyLogged, NameTaken) as exc:
        return type(exc).__name__


def quick(root: Path, cache_dir: Path, request: ActivityRequest) -> Outcome | None:
    open_promise(root, cache_dir)  # validated, and kept
    known = open_known_promise(root, cache_dir)
    assert known is not None
    try:
        return prepare_known_log(root, known, request, TODAY)
    except (AlreadyLogged, NameTaken) as exc:
        return type(exc).__name__


@pytest.fixture
def ledger(make_ledger: MakeLedger) -> Path:
    root = make_ledger({"2024/2024-03-01-fotpatrullering-abcdef.yaml":
                        "date: 2024-03-01\ncommitment: fotpatrullering\nsummary: Runda.\n"},
                       commitments=WITH_WINDOW)
    schemas = root.parent / "schemas"
    schemas.mkdir(exist_ok=True)
    (schemas / "activity.schema.json").write_text("{}")
    return root


def request(**fields: Any) -> ActivityRequest:
    return ActivityRequest(**{"commitment": "fotpatrullering", "summary": "Fotpatrull.",
                              "date": dt.date(2025, 5, 2), **fields})


LONG = " ".join(["Fotpatrull kring torget och busstationen"] * 6)
EVERYDAY = [
    {}, {"commitment": "FOTPATRULLERING "}, {"commitment": "fotp"}, {"commitment": "vakt"},
    {"also": ["vaktare", "fotpatrullering"]}, {"by": ["kommunen", "polisen", "kommunen"]},
    {"by": [" Polisen "]}, {"place": " Torget "}, {"people_reached": 0},
    {"people_reached": 10_000_000}, {"hours": 3.5}, {"hours": 0.25}, {"hours": 100_000.0},
    {"hours": 2.0}, {"hours": 1e-7},
    {"tags": ["natt", "helg"]}, {"links": ["https://polisen.se/x", "dnr 123"]},
    {"public": False}, {"summary": LONG}, {"summary": "x" * 5000},
    {"summary": "true story"}, {"summary": "Trygghetsvandring: 12 deltagare"},
    {"summary": "  Runda i Deje  "}, {"date": dt.date(2023, 1, 1)}, {"date": TODAY},
    {"summary": "Fotpatrull.", "place": "Forshaga bibliotek", "tags": ["skola"]},
]
DOUBTFUL = [
    {"commitment": "f"}, {"commitment": "okand"}, {"commitment": ""}, {"also": ["x"]},
    {"by": ["brandkaren"]}, {"by": ["polis"]}, {"summary": ""}, {"summary": "   "},
    {"summary": "\u200b"}, {"summary": "x" * 5001}, {"summary": "ring 070-123 45 67"},
    {"summary": "a@b.se"}, {"summary": "bad \udcff byte"}, {"place": "\udcff"},
    {"people_reached": -1}, {"people_reached": 10_000_001}, {"hours": -0.5},
    {"hours": float("nan")}, {"hours": float("inf")}, {"hours": 100_000.5}, {"hours": 2},
    {"tags": [" "]}, {"links": [""]}, {"date": dt.date(2022, 12, 31)},
    {"date": dt.date(2026, 1, 1)}, {"date": TODAY + dt.timedelta(days=1)},
    {"commitment": "skolbesok"}, {"also": ["skolbesok"]}, {"summary": "- a list?"},
    {"summary": "null"}, {"summary": "'quoted'"}, {"summary": "tab\there"},
    {"summary": "Runda.", "place": "070-1234567"}, {"public": False, "summary": "a@b.se"},
    {"planned": True, "date": TODAY + dt.timedelta(days=3)},
    {"date": dt.date(2024, 3, 1), "summary": "Runda."},
]


@pytest.mark.parametrize(("fields", "everyday"),
                         [(f, True) for f in EVERYDAY] + [(f, False) for f in DOUBTFUL],
                         ids=repr)
def test_the_quick_way_gives_the_careful_ways_file_or_nothing(
        fields: dict[str, Any], everyday: bool, ledger: Path, tmp_path: Path) -> None:
    wanted = request(**fields)
    expected = careful(ledger, wanted)
    got = quick(ledger, tmp_path / "cache", wanted)
    assert got is None or got == expected
    if everyday:
        assert isinstance(expected, ActivityFile)
        assert got == expected, "an everyday activity takes the quick way"


def test_an_activity_already_logged_is_told_alike(ledger: Path, tmp_path: Path) -> None:
    wanted = request()
    prepared = careful(ledger, wanted)
    assert isinstance(prepared, ActivityFile)
    prepared.path.parent.mkdir(parents=True, exist_ok=True)
    prepared.path.write_text(prepared.text, encoding="utf-8")
    assert quick(ledger, tmp_path, wanted) == careful(ledger, wanted) == "AlreadyLogged"
    prepared.path.write_text(prepared.text + "# other\n", encoding="utf-8")
    assert quick(ledger, tmp_path, wanted) == careful(ledger, wanted) == "NameTaken"


TEXT = st.text(st.sampled_from("aåÖ Z09:#-'\"@.,!?[]{}&*\t\u00a0\u200b\u2028é"), max_size=30)


@settings(max_examples=examples(300),
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(summary=TEXT, place=st.none() | TEXT, tags=st.lists(TEXT, max_size=2),
       commitment=st.sampled_from(["fotpatrullering", "vaktare", "alk", "trafik", "x"]),
       by=st.lists(st.sampled_from(["polisen", "kommunen", "KOMMUNEN", "nope"]), max_size=2),
       people=st.none() | st.integers(-2, 10**8),
       hours=st.none() | st.floats(-1, 2e5) | st.sampled_from([float("nan"), 2.0, 0.5]),
       day=st.dates(dt.date(2022, 12, 25), dt.date(2025, 6, 9)), public=st.booleans())
def test_the_quick_way_on_generated_requests(
        make_ledger: MakeLedger, tmp_path_factory: pytest.TempPathFactory, *, summary: str,
        place: str | None, tags: list[str], commitment: str, by: list[str],
        people: int | None, hours: float | None, day: dt.date, public: bool) -> None:
    root = make_ledger(commitments=WITH_WINDOW, name="generated")  # the same each time
    wanted = request(commitment=commitment, summary=summary, place=place, tags=tags, by=by,
                     people_reached=people, hours=hours, date=day, public=public)
    expected = careful(root, wanted)
    got = quick(root, tmp_path_factory.mktemp("cache"), wanted)
    assert got is None or got == expected


def test_blank_is_the_models_white_space() -> None:
    """The characters a summary may hold and still be blank are those of the model."""
    not_blank = re.compile(NOT_BLANK)
    blank = {char for char in map(chr, range(sys.maxunicode + 1)) if not not_blank.search(char)}
    assert blank == set(BLANK) and len(BLANK) == len(blank)


def test_the_writers_fields_are_the_models() -> None:
    assert activity_writer.ACTIVITY_FIELDS == MODEL_FIELDS


# --- the command ------------------------------------------------------------------------------

RUNS = [
    ("fotpatrullering", "Fotpatrull.", "--date", "2025-05-02", "--dry-run"),
    ("fotp", "Runda vid torget", "--date", "2025-05-03", "--by", "polisen,kommunen",
     "--place", "Torget", "--people", "12", "--hours", "3,5", "--tag", "natt", "--link",
     "dnr 1", "--private", "--dry-run"),
    ("vaktare", "Väktarrunda: inga händelser.", "--date", "2025-05-04"),
    ("vaktare", "Väktarrunda: inga händelser.", "--date", "2025-05-04"),  # logged already
    ("okand", "x", "--date", "2025-05-04"),
    ("fotpatrullering", "Ring 070-123 45 67", "--date", "2025-05-04", "--dry-run"),
    ("fotpatrullering", "x", "--date", "2020-01-01", "--dry-run"),
    ("fotpatrullering", "x", "--date", "not a day", "--dry-run"),
    ("fotpatrullering", "x", "--people", "-1", "--dry-run"),
    ("fotpatrullering", "x", "--people", "007", "--dry-run"),
    ("fotpatrullering", "x", "--people", "many", "--dry-run"),
    ("fotpatrullering", "x", "--hours", "lots", "--dry-run"),
    ("skolbesok", "Besök", "--date", "2023-05-04", "--dry-run"),
    ("fotpatrullering", "Bell \x07 here", "--date", "2025-05-02", "--dry-run"),
]


def test_lofte_log_says_and_writes_the_same_cold_and_warm(
        make_ledger: MakeLedger, invoke: Invoke, tmp_path: Path) -> None:
    """Each command line twice in two copies of a ledger: without a cache (the careful
    way throughout) and with a warm one (the quick way where it can): the same output,
    exit codes and files."""
    results = {}
    for way, env in (("careful", {"LOFTE_NO_CACHE": "1"}), ("quick", {})):
        root = make_ledger(commitments=WITH_WINDOW.replace("2025-12-31", "2099-12-31"),
                           name=way)
        invoke("check", cwd=root, env=env)
        invoke("log", "vaktare", "warm", "--dry-run", cwd=root, env=env)
        outputs = [(args, (r.exit_code, r.stdout.replace(way, "LEDGER"),
                           r.stderr.replace(way, "LEDGER")))
                   for args in RUNS for r in [invoke("log", *args, cwd=root, env=env)]]
        files = {str(p.relative_to(root)): p.read_bytes()
                 for p in sorted((root / "activities").rglob("*")) if p.is_file()}
        results[way] = (outputs, files)
    assert results["quick"] == results["careful"]
    codes = [code for _args, (code, _out, _err) in results["quick"][0]]
    assert codes == [0, 0, 0, 2, 2, 2, 2, 2, 2, 0, 2, 2, 2, 0], results["quick"][0]


def test_a_warm_lofte_log_imports_neither_pydantic_nor_rich_nor_ruamel(make_ledger: MakeLedger,
                                                            tmp_path: Path) -> None:
    root = make_ledger(commitments=MINI_COMMITMENTS.replace("2025-12-31", "2099-12-31"))
    script = ("import sys\nfrom lofte.cli.app import run\n"
              "code = run(['log', 'vaktare', 'Runda.', '--date', '2025-05-02', '--dry-run', "
              "'--ledger', sys.argv[1]])\n"
              "print(code, sorted(m for m in ('pydantic', 'rich', 'ruamel.yaml', "
              "'lofte.domain.models') "
              "if m in sys.modules))\n")
    env = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache"), "LOFTE_LANG": "en",
           "PYTHONPATH": str(REPOSITORY / "src")}
    runs = [subprocess.run([sys.executable, "-c", script, str(root)], env=env, check=True,
                           capture_output=True, text=True) for _ in range(2)]
    first, warm = (run.stdout.splitlines()[-1] for run in runs)
    assert first.startswith("0 [") and "pydantic" in first  # validated, then kept
    assert warm == "0 []", runs[1].stdout + runs[1].stderr
    assert runs[0].stdout == runs[1].stdout.replace(warm, first)
