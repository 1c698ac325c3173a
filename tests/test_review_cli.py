"""`lofte review PERIOD [ID --verdict V --comment TEXT]`: one verdict at a time, every usage
error (exit 2, nothing written), English and Swedish, and the questions in a terminal (keys
scripted through `typer.getchar`, comments through stdin).

"Today" is fixed at 2025-06-10 (Stockholm), inside the small promise (2023-01-01 –
2025-12-31).
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import typer

from lofte.cli import review as review_command
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

app_module = importlib.import_module("lofte.cli.app")  # `lofte.cli.app` is also the app

NOON = dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC)

# The small promise, with two ids that start alike and a commitment retired in 2024.
COMMITMENTS = MINI_COMMITMENTS + """\
  - id: trafikmiljo
    title: Trygg trafikmiljö vid skolorna
    owners: [kommunen]
  - id: nattvandring
    title: Nattvandring på fredagar
    owners: [kommunen]
    retired_on: 2024-06-30
"""
ACTIVITIES = {
    "2025/a.yaml": "date: 2025-02-01\ncommitment: fotpatrullering\nsummary: Rond.\n"
                   "people_reached: 5\n",
    "2025/b.yaml": "date: 2025-03-01\ncommitment: [fotpatrullering, alkoholtillsyn]\n"
                   "summary: Tillsyn.\nby: [polisen, kommunen]\npeople_reached: 7\n",
    "2025/c.yaml": "date: 2025-05-01\ncommitment: fotpatrullering\nsummary: Efter T1.\n",
}
EXISTING = """\
period: 2025-T1
decided_on: 2025-05-12
by: [polisen, kommunen]
verdicts:
  fotpatrullering:
    verdict: done
    comment: Varje vecka.
  vaktare:
    verdict: partly
"""


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "utc_now", lambda: NOON)


@pytest.fixture
def root(make_ledger: MakeLedger) -> Path:
    return make_ledger(ACTIVITIES, commitments=COMMITMENTS)


def review_file(root: Path) -> Path:
    return root / "reviews" / "2025-T1.yaml"


# A review that lofte begins has a place (`id:` alone) for every commitment of the period;
# tests of the verdicts written compare the file without those empty places.
_EMPTY_PLACE = re.compile(r"^  [a-z0-9-]+:\n(?!    )", re.MULTILINE)


def without_places(text: str) -> str:
    return _EMPTY_PLACE.sub("", text)


def with_review(root: Path, text: str = EXISTING) -> Path:
    path = review_file(root)
    path.parent.mkdir(exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


# --- one verdict -------------------------------------------------------------------------

def test_one_verdict_by_prefix_in_swedish_with_day_and_party(invoke: Invoke,
                                                            root: Path) -> None:
    result = invoke("review", "2025-t1", "alko", "--verdict", "delvis", "--comment",
                    "  Två  krogar av tre.  ", "--decided-on", "2025-05-12", "--by", "Polisen",
                    cwd=root)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("reviews/2025-T1.yaml\n")
    assert result.stderr == ""
    assert without_places(review_file(root).read_text(encoding="utf-8")) == """\
period: 2025-T1
decided_on: 2025-05-12
by: [polisen]
verdicts:
  alkoholtillsyn:
    verdict: partly
    comment: Två krogar av tre.
"""
    # another verdict: the day and the parties stay; a new one before it in the order
    result = invoke("review", "2025-T1", "fot", "--verdict", "Ej genomfört", cwd=root)
    assert result.exit_code == 0, result.output
    assert without_places(review_file(root).read_text(encoding="utf-8")) == """\
period: 2025-T1
decided_on: 2025-05-12
by: [polisen]
verdicts:
  fotpatrullering:
    verdict: not-done
  alkoholtillsyn:
    verdict: partly
    comment: Två krogar av tre.
"""
    # --decided-on and --by change the review's day and parties
    result = invoke("review", "2025-T1", "fot", "--verdict", "genomfört", "--decided-on",
                    "2025-05-20", "--by", "kommunen", "--by", "polisen", cwd=root)
    assert result.exit_code == 0, result.output
    text = without_places(review_file(root).read_text(encoding="utf-8"))
    assert text.startswith("period: 2025-T1\ndecided_on: 2025-05-20\nby: [kommunen, polisen]\n")
    assert "  fotpatrullering:\n    verdict: done\n" in text
    assert invoke("check", "--strict", cwd=root).exit_code == 0


def test_a_new_review_defaults_to_today_and_every_party(invoke: Invoke, root: Path) -> None:
    result = invoke("review", "2025-T2", "vaktare", "--verdict", "ongoing", cwd=root)
    assert result.exit_code == 0, result.output
    assert without_places((root / "reviews" / "2025-T2.yaml").read_text(
        encoding="utf-8")) == """\
period: 2025-T2
decided_on: 2025-06-10
by: [polisen, kommunen]
verdicts:
  vaktare:
    verdict: ongoing
"""


@pytest.mark.parametrize(("word", "verdict"), [
    ("done", "done"), ("DONE", "done"), ("Genomfört", "done"), ("klart", "done"),
    ("ongoing", "ongoing"), ("pågår", "ongoing"), ("Pågående", "ongoing"),
    ("partly", "partly"), ("Partly done", "partly"), ("delvis genomfört", "partly"),
    ("not-done", "not-done"), ("not_done", "not-done"), ("Not done", "not-done"),
    ("ej", "not-done"), ("inte genomfört", "not-done"),
])
def test_the_verdict_in_any_of_its_words(invoke: Invoke, root: Path, word: str,
                                         verdict: str) -> None:
    result = invoke("review", "2025-T1", "vaktare", "--verdict", word, cwd=root)
    assert result.exit_code == 0, result.output
    assert f"  vaktare:\n    verdict: {verdict}\n" in review_file(root).read_text(
        encoding="utf-8")


def test_a_modeline_points_a_new_file_to_the_schema(invoke: Invoke, root: Path) -> None:
    (root / "schemas").mkdir()
    (root / "schemas" / "review.schema.json").write_text("{}", encoding="utf-8")
    assert invoke("review", "2025-T1", "vaktare", "--verdict", "done", cwd=root).exit_code == 0
    assert without_places(review_file(root).read_text(encoding="utf-8")).startswith(
        "# yaml-language-server: $schema=../schemas/review.schema.json\nperiod: 2025-T1\n")
    assert invoke("check", "--strict", cwd=root).exit_code == 0


def test_the_ledger_option_from_elsewhere(invoke: Invoke, root: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = invoke("review", "--ledger", str(root), "2025-T1", "vaktare", "--verdict", "done",
                    cwd=elsewhere)
    assert result.exit_code == 0, result.output
    assert review_file(root).is_file()
    assert list(elsewhere.iterdir()) == []


# --- usage errors: exit 2, nothing written ---------------------------------------------------

USAGE_ERRORS = {
    "a period that is none": (
        ["2025-T4", "vaktare", "--verdict", "done"],
        "lofte: `2025-T4` is not a period: use YYYY (a year), YYYY-H1 or YYYY-H2 (a half year), "
        "YYYY-T1 to YYYY-T3 (a tertial), YYYY-Q1 to YYYY-Q4 (a quarter) or YYYY-MM (a month) "
        "(PERIOD)\n"),
    "a period outside the promise": (
        ["2026-T1", "vaktare", "--verdict", "done"],
        "lofte: the period 2026-T1 (2026-01-01 – 2026-04-30) has no day inside the promise "
        "(2023-01-01 – 2025-12-31) (PERIOD)\n"),
    "an unknown id": (
        ["2025-T1", "vakt-x", "--verdict", "done"],
        "lofte: no commitment has the id `vakt-x`, and no id starts with it; closest:"),
    "an ambiguous id": (
        ["2025-T1", "trafik", "--verdict", "done"],
        "lofte: `trafik` matches 2 commitments; type more of the id:"),
    "a commitment retired before the period": (
        ["2025-T1", "nattvandring", "--verdict", "done"],
        "lofte: `nattvandring` was not part of the promise during 2025-T1 (2025-01-01 – "
        "2025-04-30) (ID)\n"),
    "an unknown verdict": (
        ["2025-T1", "vaktare", "--verdict", "kanske"],
        "lofte: `kanske` is not a verdict: write done, ongoing, partly or not-done (--verdict)\n"),
    "a misspelt verdict": (
        ["2025-T1", "vaktare", "--verdict", "ongoin"],
        "lofte: `ongoin` is not a verdict: write done, ongoing, partly or not-done; did you mean "
        "`ongoing`? (--verdict)\n"),
    "an id without a verdict": (
        ["2025-T1", "vaktare", "--comment", "Rond."],
        "lofte: give the verdict with --verdict (done, ongoing, partly or not-done), or run "
        "`lofte review 2025-T1` in a terminal to be asked\n"),
    "a verdict without an id": (
        ["2025-T1", "--verdict", "done"],
        "lofte: --verdict and --comment need a commitment: lofte review 2025-T1 ID --verdict V\n"),
    "a comment without an id": (
        ["2025-T1", "--comment", "Rond."],
        "lofte: --verdict and --comment need a commitment: lofte review 2025-T1 ID --verdict V\n"),
    "no id and no terminal": (
        ["2025-T1"],
        "lofte: name a commitment and its verdict (lofte review 2025-T1 ID --verdict done), or "
        "run `lofte review 2025-T1` in a terminal to be asked for each\n"),
    "a meeting after today": (
        ["2025-T1", "vaktare", "--verdict", "done", "--decided-on", "2025-06-11"],
        "lofte: 2025-06-11 is after today (2025-06-10); give the day of the meeting "
        "(--decided-on)\n"),
    "a meeting on no day": (
        ["2025-T1", "vaktare", "--verdict", "done", "--decided-on", "2025-02-30"],
        "lofte: --decided-on: "),
    "an unknown party": (
        ["2025-T1", "vaktare", "--verdict", "done", "--by", "kommun"],
        "lofte: `kommun` is not a party in commitments.yaml; did you mean `kommunen`? (--by)\n"),
    "a phone number in the comment": (
        ["2025-T1", "vaktare", "--verdict", "done", "--comment", "Ring Anna, 070-123 45 67."],
        "lofte: the comment seems to contain a phone number (`070-*** ** **`); comments are "
        "published in the report: leave it out (--comment)\n"),
    "an e-mail address in the comment": (
        ["2025-T1", "vaktare", "--verdict", "done", "--comment", "Fråga anna[at]forshaga.se"],
        "lofte: the comment seems to contain an e-mail address"),
    "a control character in the comment": (
        ["2025-T1", "vaktare", "--verdict", "done", "--comment", "Rond\x1b[2J."],
        "lofte: the comment holds a control character; type it again (--comment)\n"),
}


@pytest.mark.parametrize(("args", "message"), USAGE_ERRORS.values(), ids=USAGE_ERRORS.keys())
def test_a_usage_error_exits_2_and_writes_nothing(invoke: Invoke, root: Path,
                                                  args: list[str], message: str) -> None:
    result = invoke("review", *args, cwd=root, input="")
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    assert result.stderr.startswith(message) if not message.endswith("\n") else \
        result.stderr == message, result.stderr
    assert not (root / "reviews").exists()


@pytest.mark.parametrize(("args", "message"), [
    (["vaktare", "--verdict", "kanske"], "`kanske` is not a verdict"),
    (["vaktare", "--verdict", "done", "--comment", "070-123 45 67"], "a phone number"),
], ids=["verdict", "comment"])
def test_a_refused_verdict_leaves_the_review_as_it_was(invoke: Invoke, root: Path,
                                                       args: list[str], message: str) -> None:
    before = with_review(root).read_bytes()
    result = invoke("review", "2025-T1", *args, cwd=root)
    assert result.exit_code == 2 and message in result.stderr
    assert review_file(root).read_bytes() == before


def test_every_problem_of_a_refusal_is_listed(invoke: Invoke, root: Path) -> None:
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", "--comment",
                    "070-123 45 67", "--decided-on", "2025-07-01", "--by", "polis", cwd=root)
    assert result.exit_code == 2
    assert [line.rsplit(" (", 1)[-1] for line in result.stderr.splitlines()] == [
        "--comment)", "--decided-on)", "--by)"]


# --- English and Swedish -------------------------------------------------------------------

def test_swedish_refusals(invoke: Invoke, root: Path) -> None:
    sv = {"LOFTE_LANG": "sv"}
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "kanske", cwd=root, env=sv)
    assert result.exit_code == 2
    assert result.stderr == ("lofte: `kanske` är ingen bedömning: skriv done, ongoing, partly "
                             "eller not-done (--verdict)\n")
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", "--comment",
                    "Ring 070-123 45 67", cwd=root, env=sv)
    assert result.exit_code == 2
    assert result.stderr.startswith("lofte: kommentaren verkar innehålla ")
    assert "publiceras i rapporten" in result.stderr
    result = invoke("review", "2025-T1", cwd=root, env=sv, input="")
    assert result.exit_code == 2
    assert result.stderr.startswith("lofte: ange ett åtagande och dess bedömning")
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", "--decided-on",
                    "2025-06-11", cwd=root, env=sv)
    assert result.stderr == ("lofte: 2025-06-11 är efter i dag (2025-06-10); ange dagen för "
                             "mötet (--decided-on)\n")
    assert not (root / "reviews").exists()


def test_swedish_check_of_a_review(invoke: Invoke, root: Path) -> None:
    with_review(root, EXISTING.replace("verdict: partly", "verdict: delvis"))
    result = invoke("check", cwd=root, env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 1
    assert ("reviews/2025-T1.yaml:9:14: error[invalid-value]: `delvis` är ingen bedömning: "
            "skriv done, ongoing, partly eller not-done") in result.output
    assert "`partly`" in result.output


def test_help_in_both_languages(invoke: Invoke, root: Path) -> None:
    english = invoke("review", "--help", cwd=root)
    assert english.exit_code == 0
    assert "--verdict" in english.stdout and "--decided-on" in english.stdout
    swedish = invoke("review", "--help", cwd=root, env={"LOFTE_LANG": "sv"})
    assert swedish.exit_code == 0
    assert swedish.stdout != english.stdout


# --- in a terminal ------------------------------------------------------------------------

Keys = Callable[..., list[str]]


@pytest.fixture
def keys(monkeypatch: pytest.MonkeyPatch) -> Iterator[Keys]:
    """In a terminal, with the keys pressed given in advance; returns what is left."""
    monkeypatch.setattr(review_command, "stdin_is_terminal", lambda: True)
    pressed: list[str] = []

    def getchar(echo: bool = False) -> str:
        assert pressed, "lofte asked for one key more than the test pressed"
        return pressed.pop(0)

    monkeypatch.setattr(typer, "getchar", getchar)

    def press(*chars: str) -> list[str]:
        pressed[:] = list(chars)
        return pressed

    yield press


def test_questions_set_each_verdict_with_one_key(invoke: Invoke, root: Path,
                                                 keys: Keys) -> None:
    left = keys("d", "x", "2", "\r", "s", "N")
    # fotpatrullering: done (after x, which is no key); trafikkontroller: ongoing;
    # alkoholtillsyn: Enter (nothing to keep, asked again), then skipped; vaktare: not done;
    # trafikmiljo: end of the keys... stopped by the test's q below
    left.append("q")
    result = invoke("review", "2025-T1", "--decided-on", "2025-05-12", cwd=root,
                    input="Varje vecka, även i Deje.\n\nRond: varje natt #3\n")
    assert result.exit_code == 0, result.output
    assert left == []
    assert without_places(review_file(root).read_text(encoding="utf-8")) == """\
period: 2025-T1
decided_on: 2025-05-12
by: [polisen, kommunen]
verdicts:
  fotpatrullering:
    verdict: done
    comment: Varje vecka, även i Deje.
  trafikkontroller:
    verdict: ongoing
  vaktare:
    verdict: not-done
    comment: 'Rond: varje natt #3'
"""
    err = result.stderr
    assert err.startswith("Review of 2025-T1 (2025-01-01 – 2025-04-30)\n"
                          "Keys: d Done · o Ongoing · p Partly done · n Not done · Enter keeps "
                          "the verdict · s skips · q stops\n")
    # each commitment of the period, in order, with what was recorded during it
    assert "[1/5] fotpatrullering – Fotpatrullering kring otrygga platser\n" \
           "  2 activities, 12 reached; at 2025-04-30: " in err
    assert "[3/5] alkoholtillsyn – Gemensam tillsyn av krogar med alkoholtillstånd\n" \
           "  1 activity, 7 reached; at 2025-04-30: " in err
    assert "  0 activities, 0 reached; at 2025-04-30: " in err
    assert "nattvandring" not in err  # retired in 2024: not part of 2025-T1
    assert err.count("  Now: Not assessed") == 5
    assert err.count("press one of d, o, p, n, Enter, s or q") == 2  # x, and Enter with none
    assert err.count("  saved in ") == 3
    assert invoke("check", "--strict", cwd=root).exit_code == 0


def test_enter_keeps_the_verdict_and_its_comment(invoke: Invoke, root: Path,
                                                 keys: Keys) -> None:
    before = with_review(root).read_bytes()
    keys("\r", "s", "s", "\n", "s")
    result = invoke("review", "2025-T1", cwd=root, input="\n\n")
    assert result.exit_code == 0, result.output
    assert review_file(root).read_bytes() == before
    assert "  Now: Done – Varje vecka.\n" in result.stderr
    assert "  Now: Partly done\n" in result.stderr
    assert "[Varje vecka.]" in result.stderr  # the comment there is, offered


def test_a_new_key_keeps_the_comment_unless_it_is_changed(invoke: Invoke, root: Path,
                                                          keys: Keys) -> None:
    with_review(root)
    keys("p", "q")
    result = invoke("review", "2025-T1", cwd=root, input="\n")
    assert result.exit_code == 0, result.output
    text = without_places(review_file(root).read_text(encoding="utf-8"))
    assert "  fotpatrullering:\n    verdict: partly\n    comment: Varje vecka.\n" in text
    keys("4", "q")
    result = invoke("review", "2025-T1", cwd=root, input="Inte alls.\n")
    assert result.exit_code == 0, result.output
    assert "  fotpatrullering:\n    verdict: not-done\n    comment: Inte alls.\n" in \
        without_places(review_file(root).read_text(encoding="utf-8"))


def test_q_stops_and_keeps_what_was_answered(invoke: Invoke, root: Path, keys: Keys) -> None:
    left = keys("1", "q", "2", "2")
    result = invoke("review", "2025-T1", cwd=root, input="Klart.\n")
    assert result.exit_code == 0, result.output
    assert left == ["2", "2"]  # nothing asked after q
    text = without_places(review_file(root).read_text(encoding="utf-8"))
    assert text.endswith("verdicts:\n  fotpatrullering:\n    verdict: done\n"
                         "    comment: Klart.\n")
    assert "[2/5]" in result.stderr and "[3/5]" not in result.stderr


@pytest.mark.parametrize("stop", ["\x03", "\x04"], ids=["ctrl-c", "ctrl-d"])
def test_ctrl_c_exits_130_and_keeps_what_was_answered(invoke: Invoke, root: Path, keys: Keys,
                                                      stop: str) -> None:
    keys("3", stop)
    result = invoke("review", "2025-T1", cwd=root, input="Delvis i vår.\n")
    assert result.exit_code == 130
    assert result.stderr.endswith("\nstopped; the verdicts given so far are saved\n")
    assert without_places(review_file(root).read_text(encoding="utf-8")).endswith(
        "verdicts:\n  fotpatrullering:\n    verdict: partly\n    comment: Delvis i vår.\n")


def test_the_end_of_input_at_a_comment_exits_130_and_writes_nothing_for_it(
        invoke: Invoke, root: Path, keys: Keys) -> None:
    keys("1", "2")
    result = invoke("review", "2025-T1", cwd=root, input="Klart.\n")  # no second comment
    assert result.exit_code == 130
    text = without_places(review_file(root).read_text(encoding="utf-8"))
    assert "fotpatrullering" in text and "trafikkontroller" not in text


def test_swedish_keys_in_swedish(invoke: Invoke, root: Path, keys: Keys) -> None:
    # g Genomfört, p Pågår, d Delvis genomfört, e Ej genomfört
    keys("g", "p", "d", "e", "s")
    result = invoke("review", "2025-T1", "--decided-on", "2025-05-12", cwd=root,
                    input="\n\n\n\n", env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 0, result.output
    assert without_places(review_file(root).read_text(encoding="utf-8")).endswith("""\
verdicts:
  fotpatrullering:
    verdict: done
  trafikkontroller:
    verdict: ongoing
  alkoholtillsyn:
    verdict: partly
  vaktare:
    verdict: not-done
""")
    err = result.stderr
    assert err.startswith("Uppföljning av 2025-T1 (2025-01-01 – 2025-04-30)\n"
                          "Tangenter: g Genomfört · p Pågår · d Delvis genomfört · e Ej "
                          "genomfört · Enter behåller bedömningen · s hoppar över · q avslutar\n")
    assert "  2 aktiviteter, 12 personer som nåtts; läget per 2025-04-30: " in err
    assert "  Nu: Ej bedömt" in err
    assert "Bedömning: " in err
    assert "Kommentar (en mening om varför; publiceras i rapporten)" in err
    assert err.count("  sparat i ") == 4


def test_english_letters_mean_english_words(invoke: Invoke, root: Path, keys: Keys) -> None:
    """`p` is Partly done in English and Pågår in Swedish; `g` is no key in English."""
    keys("p", "g", "o", "q")
    result = invoke("review", "2025-T1", cwd=root, input="\n\n")
    assert result.exit_code == 0, result.output
    text = without_places(review_file(root).read_text(encoding="utf-8"))
    assert "  fotpatrullering:\n    verdict: partly\n" in text
    assert "  trafikkontroller:\n    verdict: ongoing\n" in text
    assert "press one of d, o, p, n, Enter, s or q" in result.stderr


def test_no_commitment_in_the_period(invoke: Invoke, make_ledger: MakeLedger,
                                     keys: Keys) -> None:
    root = make_ledger(commitments=MINI_COMMITMENTS.replace(
        "commitments:\n", "commitments:\n  - id: gammal\n    title: Gammal\n"
        "    owners: [polisen]\n    retired_on: 2023-06-30\n", 1).split("  - id: fotp")[0])
    keys()
    result = invoke("review", "2025-T1", cwd=root)
    assert result.exit_code == 2
    assert result.stderr == "lofte: no commitment was part of the promise during 2025-T1\n"


def test_a_comment_with_personal_data_is_asked_for_again(invoke: Invoke, root: Path,
                                                         keys: Keys) -> None:
    """As `lofte log` does: the refusal is said, the question asked again, and the review
    goes on, rather than ending with exit 2 after the answers so far."""
    keys("1", "2", "q")
    result = invoke("review", "2025-T1", cwd=root,
                    input="Ring Anna på 070-123 45 67.\nRond\x1b[2J.\nRing växeln.\nKlart.\n")
    assert result.exit_code == 0, result.output
    assert "  the comment seems to contain a phone number (`070-*** ** **`); comments are " \
           "published in the report: leave it out\n" in result.stderr
    assert "  the comment holds a control character; type it again\n" in result.stderr
    assert "070" not in without_places(review_file(root).read_text(encoding="utf-8"))
    assert without_places(review_file(root).read_text(encoding="utf-8")).endswith("""\
verdicts:
  fotpatrullering:
    verdict: done
    comment: Ring växeln.
  trafikkontroller:
    verdict: ongoing
    comment: Klart.
""")
