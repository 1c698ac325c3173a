"""`lofte report`, version 2: verdicts from reviews, the summary per group, the changes to the
promise, examples per commitment, a ledger with errors, and `--output` against `--format`.

Golden files for the demo ledger (tests/golden/report/demo-*): 2025-T1 has a complete review,
2024-T2 a partial one. Rewrite them with `LOFTE_UPDATE_GOLDEN=1 pytest tests/test_report_v2.py`
after a deliberate change, and review the diff.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger
from tests.test_report_cli import check_golden

REPO = Path(__file__).resolve().parent.parent
DEMO = REPO / "examples" / "demo"


def report(invoke: Invoke, root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke("report", "--ledger", str(root), *args, cwd=root)
    return result.exit_code, result.stdout, result.stderr


# --- the demo ledger: one complete review, one partial -----------------------------------

@pytest.mark.parametrize(("period", "output_format", "name"), [
    ("2025-T1", "markdown", "demo-2025-T1.md"),
    ("2025-T1", "html", "demo-2025-T1.html"),
    ("2024-T2", "markdown", "demo-2024-T2.md"),
])
def test_golden_demo_reports(invoke: Invoke, period: str, output_format: str,
                             name: str) -> None:
    code, stdout, stderr = report(invoke, DEMO, "--period", period, "--format",
                                  output_format)
    assert code == 0, stdout + stderr
    assert stderr == ""
    check_golden(name, stdout)


def test_a_complete_review_judges_every_commitment(invoke: Invoke) -> None:
    _, stdout, _ = report(invoke, DEMO, "--period", "2025-T1")
    summary = stdout.split("## Sammanfattning")[1].split("## Så har vi arbetat")[0]
    rows = [line for line in summary.splitlines() if line.startswith("| ")
            and not line.startswith(("| Åtagande", "| ---"))]
    assert len(rows) == 18
    assert "Ej bedömt" not in summary
    assert "beslutad av Lokalpolisområde Karlstad och Forshaga kommun den 2025-05-12" in summary
    assert ("| Föreläsningar om alkohol och narkotika för allmänheten | Ej genomfört | 0 | "
            "Föreläsningen i april ställdes in och flyttas till hösten. |") in summary


def test_a_partial_review_leaves_the_others_not_assessed(invoke: Invoke) -> None:
    _, stdout, _ = report(invoke, DEMO, "--period", "2024-T2")
    summary = stdout.split("## Sammanfattning")[1].split("## Så har vi arbetat")[0]
    assert summary.count("| Ej bedömt |") == 14
    assert "| Lokalt poliskontor en gång per vecka | Delvis genomfört |" in summary
    assert "har ännu inte bedömt" not in stdout


def test_a_period_without_review_says_so_once_near_the_top(invoke: Invoke) -> None:
    _, stdout, _ = report(invoke, DEMO, "--period", "2025-Q1")
    assert stdout.count("Parterna har ännu inte bedömt den här perioden") == 1
    assert stdout.index("har ännu inte bedömt") < stdout.index("### Lokalpolisområde Karlstad")
    assert stdout.count("| Ej bedömt |") == 18
    assert "**Bedömning:" not in stdout


def test_the_review_of_the_exact_days_is_used_also_for_from_and_until(
        invoke: Invoke) -> None:
    _, by_dates, _ = report(invoke, DEMO, "--from", "2025-01-01", "--until", "2025-04-30")
    _, by_period, _ = report(invoke, DEMO, "--period", "2025-T1")
    assert by_dates == by_period
    _, longer, _ = report(invoke, DEMO, "--from", "2025-01-01", "--until", "2025-05-01")
    assert "| Ej bedömt |" in longer


def test_the_figures_section_never_claims_the_promise_was_kept(invoke: Invoke) -> None:
    _, stdout, _ = report(invoke, DEMO, "--period", "2025-T1")
    assert "## Så har vi arbetat med löftet" in stdout
    assert "uppfyllt vårt löfte" not in stdout


def test_html_badges_read_without_colour(invoke: Invoke) -> None:
    _, page, _ = report(invoke, DEMO, "--period", "2025-T1", "--format", "html")
    badges = re.findall(r'<span class="verdict verdict-([a-z-]+)"><span aria-hidden="true">'
                        r'(.)</span> ([^<]+)</span>', page)
    words = {kind: (sign, word) for kind, sign, word in badges}
    assert words == {"done": ("✓", "Genomfört"), "ongoing": ("↻", "Pågår"),
                     "partly": ("◐", "Delvis genomfört"), "not-done": ("✗", "Ej genomfört")}
    _, unreviewed, _ = report(invoke, DEMO, "--period", "2025-Q1", "--format", "html")
    assert '<span class="verdict verdict-not-assessed"><span aria-hidden="true">–</span> ' \
           "Ej bedömt</span>" in unreviewed
    # dates never break across lines
    assert '<time datetime="2025-05-12">2025-05-12</time>' in page


# --- examples -----------------------------------------------------------------------------

ACTIVITIES = {f"2024/2024-03-{day:02d}-fotpatrullering-{day:06d}.yaml":
              f"date: 2024-03-{day:02d}\ncommitment: fotpatrullering\n"
              f"summary: Fotpatrull nummer {day}.\n" for day in range(1, 10)}
PRIVATE = ("date: 2024-03-20\ncommitment: fotpatrullering\nsummary: Hemligt samtal.\n"
           "public: false\n")


@pytest.fixture
def ledger(make_ledger: MakeLedger) -> Path:
    return make_ledger({**ACTIVITIES, "2024/private.yaml": PRIVATE})


def _examples(stdout: str) -> list[str]:
    section = stdout.split("### Fotpatrullering kring otrygga platser")[1]
    section = section.split("\n### ", maxsplit=1)[0]
    return re.findall(r"^\| 2024-03-\d\d \| (.*?) \|", section, re.MULTILINE)


def test_five_examples_newest_first_and_how_many_more(invoke: Invoke, ledger: Path) -> None:
    code, stdout, _ = report(invoke, ledger, "--period", "2024-Q1")
    assert code == 0
    assert _examples(stdout) == [f"Fotpatrull nummer {n}." for n in (9, 8, 7, 6, 5)]
    assert "\noch 4 till\n" in stdout
    assert "Hemligt" not in stdout


@pytest.mark.parametrize(("value", "shown", "more"), [
    ("2", 2, "och 7 till"), ("0", 0, "och 9 till"), ("all", 9, None), ("9", 9, None)])
def test_examples_option(invoke: Invoke, ledger: Path, value: str, shown: int,
                         more: str | None) -> None:
    code, stdout, _ = report(invoke, ledger, "--period", "2024-Q1", "--examples", value)
    assert code == 0
    assert len(_examples(stdout)) == shown
    assert (f"\n{more}\n" in stdout) if more else " till\n" not in stdout
    assert "Hemligt" not in stdout  # a private activity is never an example


def test_examples_all_in_html(invoke: Invoke, ledger: Path) -> None:
    _, page, _ = report(invoke, ledger, "--period", "2024-Q1", "--format", "html",
                        "--examples", "3")
    assert page.count("Fotpatrull nummer") == 3
    assert '<p class="note">och 6 till</p>' in page


@pytest.mark.parametrize("value", ["-1", "many", "2.5", ""])
def test_examples_that_are_not_a_number_are_a_usage_error(invoke: Invoke, ledger: Path,
                                                         value: str) -> None:
    code, stdout, stderr = report(invoke, ledger, "--examples", value)
    assert (code, stdout) == (2, "")
    assert "--examples" in stderr


# --- the changes to the promise -------------------------------------------------------------

CHANGED = MINI_COMMITMENTS.replace(
    "    owners: [polisen]\n  - id: alkoholtillsyn",
    "    owners: [polisen]\n    retired_on: 2024-02-15\n  - id: alkoholtillsyn").replace(
    "    owners: [kommunen]\n", "    owners: [kommunen]\n    active_from: 2024-03-01\n")


def test_added_and_retired_commitments_are_listed_with_dates(invoke: Invoke,
                                                            make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=CHANGED)
    code, stdout, _ = report(invoke, root, "--period", "2024")
    assert code == 0
    section = stdout.split("## Ändringar i löftet\n")[1].split("\n## ")[0]
    assert section.strip().splitlines() == [
        "- 2024-02-15: åtagandet ”Trafikkontroller mot trimmade mopeder” avslutades.",
        "- 2024-03-01: åtagandet ”Väktare som åker runt i kommunen” lades till."]
    # A report that ends before a change does not tell of it.
    _, early, _ = report(invoke, root, "--period", "2024-01")
    assert "Ändringar i löftet" not in early
    _, plain, _ = report(invoke, make_ledger(name="plain"), "--period", "2024")
    assert "Ändringar i löftet" not in plain


# --- errors, personal data, --output --------------------------------------------------------

BROKEN = "date: 2024-03-05\ncommitment: fotpatrull\nsummary: Fel id.\n"


def test_a_ledger_with_errors_exits_1_unless_allowed(invoke: Invoke,
                                                     make_ledger: MakeLedger) -> None:
    root = make_ledger({**ACTIVITIES, "2024/broken.yaml": BROKEN})
    code, stdout, stderr = report(invoke, root, "--period", "2024-Q1")
    assert (code, stdout) == (1, "")
    assert "1 error in the ledger" in stderr and "--allow-errors" in stderr
    assert "status" not in stderr
    code, stdout, stderr = report(invoke, root, "--period", "2024-Q1", "--allow-errors")
    assert code == 0
    assert "Fotpatrull nummer 9." in stdout
    assert "left out of this report" in stderr


def test_personal_data_in_a_review_comment_is_refused(invoke: Invoke,
                                                      make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES)
    (root / "reviews").mkdir()
    (root / "reviews" / "2024-Q1.yaml").write_text(
        "period: 2024-Q1\ndecided_on: 2024-04-08\nby: [polisen]\nverdicts:\n"
        "  fotpatrullering: {verdict: done, comment: Ring Anna på 070-123 45 67.}\n",
        encoding="utf-8")
    code, stdout, stderr = report(invoke, root, "--period", "2024-Q1")
    assert (code, stdout) == (1, "")
    assert "reviews/2024-Q1.yaml" in stderr and "personal-data" in stderr
    code, stdout, _ = report(invoke, root, "--period", "2024-Q1", "--allow-personal-data")
    assert code == 0 and "070-123 45 67" in stdout
    # A report of another period does not publish the comment, and is not refused.
    code, stdout, _ = report(invoke, root, "--period", "2024-03")
    assert code == 0 and "070" not in stdout


@pytest.mark.parametrize(("args", "name"), [
    ((), "rapport.html"),
    (("--format", "html"), "rapport.md"),
    (("--format", "csv"), "rapport.HTML"),
    (("--format", "markdown"), "rapport.csv"),
])
def test_a_suffix_of_another_format_is_a_usage_error(invoke: Invoke, ledger: Path,
                                                     tmp_path: Path, args: tuple[str, ...],
                                                     name: str) -> None:
    target = tmp_path / name
    code, stdout, stderr = report(invoke, ledger, *args, "--output", str(target))
    assert (code, stdout) == (2, "")
    assert "--format" in stderr
    assert not target.exists()


@pytest.mark.parametrize(("args", "name"), [
    ((), "rapport.md"), (("--format", "html"), "rapport.htm"), ((), "rapport.txt"),
    (("--format", "csv"), "rapport.csv")])
def test_a_suffix_that_agrees_or_names_no_format_is_written(
        invoke: Invoke, ledger: Path, tmp_path: Path, args: tuple[str, ...],
        name: str) -> None:
    target = tmp_path / name
    code, _, _ = report(invoke, ledger, *args, "--output", str(target))
    assert code == 0
    assert target.stat().st_size > 0
