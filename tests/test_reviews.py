"""Reviews, `reviews/<period>.yaml`: what `lofte check` finds in them, and where; what the
ledger keeps of them (`Ledger.reviews`); and the writer's round trip (`lofte review` edits a
review in place and keeps everything it was not asked to change).

"Today" is fixed at 2025-06-10 (Stockholm), inside the small promise (2023-01-01 –
2025-12-31); 2025-T1 (January–April) is over, 2025-T2 (May–August) is going on.
"""

from __future__ import annotations

import datetime as dt
import importlib
import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from lofte.domain.promise import CommitmentsFile
from lofte.domain.reviews import VERDICTS, validate_review
from lofte.storage.loader import load_ledger
from lofte.storage.reviews import load_reviews
from lofte.storage.yamlsafe import parse_yaml
from lofte.usecases.review import (
    VerdictRequest,
    comment_problems,
    period_under_review,
    set_verdict,
)
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger, examples
from tests.promise_data import validated_promise

app_module = importlib.import_module("lofte.cli.app")  # `lofte.cli.app` is also the app

NOON = dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2025, 6, 10)

# The small promise, with a commitment retired before 2025 and one added after 2025-T1.
COMMITMENTS = MINI_COMMITMENTS + """\
  - id: nattvandring
    title: Nattvandring på fredagar
    owners: [kommunen]
    retired_on: 2024-06-30
  - id: cykelbelysning
    title: Cykelbelysning till skolbarn
    owners: [polisen, kommunen]
    active_from: 2025-09-01
"""

REVIEW = """\
period: 2025-T1
decided_on: 2025-05-12
by: [polisen, kommunen]
verdicts:
  fotpatrullering:
    verdict: done
    comment: Varje vecka utom v. 2.
  trafikkontroller: {verdict: not-done, comment: Flyttad till hösten.}
"""
HEADER = "period: 2025-T1\ndecided_on: 2025-05-12\nby: [polisen, kommunen]\n"


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "utc_now", lambda: NOON)


def promise_file() -> CommitmentsFile:
    parsed = parse_yaml(COMMITMENTS)
    return validated_promise(parsed.value)


def ledger(make_ledger: MakeLedger, reviews: dict[str, str | bytes],
           name: str = "ledger") -> Path:
    root = make_ledger(commitments=COMMITMENTS, name=name)
    folder = root / "reviews"
    folder.mkdir()
    for file_name, text in reviews.items():
        (folder / file_name).write_bytes(text if isinstance(text, bytes) else text.encode())
    return root


def check_lines(invoke: Invoke, root: Path, *args: str) -> list[str]:
    result = invoke("check", *args, cwd=root)
    return [line for line in result.output.splitlines() if line.startswith("reviews/")]


def at(text: str, token: str) -> str:
    """`LINE:COLUMN` of the first `token` in `text` (both counted from 1); `@L:C` is that
    place itself."""
    if token.startswith("@"):
        return token[1:]
    offset = text.index(token)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


# --- domain: validate_review ------------------------------------------------------------

def test_a_valid_review_is_usable_and_has_no_findings() -> None:
    data = parse_yaml(REVIEW).value
    doc = validate_review(data, "2025-T1.yaml", promise_file(), TODAY)
    assert doc.issues == []
    review = doc.review
    assert review is not None
    assert (review.period, review.start, review.end) == (
        "2025-T1", dt.date(2025, 1, 1), dt.date(2025, 4, 30))
    assert review.decided_on == dt.date(2025, 5, 12)
    assert review.by == ("polisen", "kommunen")
    assert {cid: (e.verdict, e.comment) for cid, e in review.verdicts.items()} == {
        "fotpatrullering": ("done", "Varje vecka utom v. 2."),
        "trafikkontroller": ("not-done", "Flyttad till hösten."),
    }
    # without the promise (as an editor's schema would see it), the same review
    assert validate_review(data, "2025-T1.yml", None, TODAY).issues == []


@pytest.mark.parametrize("name", ["2025", "2025-H2", "2025-T3", "2025-Q4", "2025-05"])
def test_every_kind_of_period_names_a_review(name: str) -> None:
    data = {"period": name, "decided_on": "2025-05-12", "by": ["polisen"], "verdicts": {}}
    doc = validate_review(data, f"{name}.yaml", promise_file(), dt.date(2026, 1, 1))
    assert doc.issues == []
    assert doc.review is not None and doc.review.period == name


@pytest.mark.parametrize(("word", "meant"), [
    ("genomfört", "done"), ("Genomfört", "done"), ("klart", "done"), ("pågår", "ongoing"),
    ("delvis", "partly"), ("Delvis genomfört", "partly"), ("ej genomfört", "not-done"),
    ("not done", "not-done"), ("Done", "done"), ("ongoing ", "ongoing"), ("notdone", "not-done"),
])
def test_a_verdict_in_other_words_is_refused_naming_the_id(word: str, meant: str) -> None:
    data = {"period": "2025-T1", "decided_on": "2025-05-12", "by": ["polisen"],
            "verdicts": {"vaktare": {"verdict": word}}}
    doc = validate_review(data, "2025-T1.yaml", promise_file(), TODAY)
    [issue] = doc.issues
    assert (issue.code, issue.loc) == ("invalid-value", ("verdicts", "vaktare", "verdict"))
    assert issue.message.endswith(f"did you mean `{meant}`?"), issue.message
    assert doc.review is not None and dict(doc.review.verdicts) == {}


def test_a_word_that_is_no_verdict_gets_no_guess() -> None:
    data = {"period": "2025-T1", "decided_on": "2025-05-12", "by": ["polisen"],
            "verdicts": {"vaktare": {"verdict": "kanske"}}}
    [issue] = validate_review(data, "2025-T1.yaml", None, TODAY).issues
    assert issue.message == ("`kanske` is not a verdict: write done, ongoing, partly or "
                             "not-done")


def test_decided_on_today_is_fine_tomorrow_is_not() -> None:
    data = {"period": "2025-T1", "decided_on": "2025-06-10", "by": ["polisen"]}
    assert validate_review(data, "2025-T1.yaml", promise_file(), TODAY).issues == []
    data["decided_on"] = "2025-06-11"
    [issue] = validate_review(data, "2025-T1.yaml", promise_file(), TODAY).issues
    assert (issue.code, issue.loc) == ("date-in-future", ("decided_on",))


@pytest.mark.parametrize(("period", "inside"), [
    ("2022", False), ("2022-12", False), ("2023-01", True), ("2025-T3", True), ("2025", True),
    ("2026-01", False), ("2026", False),
])
def test_a_period_needs_one_day_inside_the_promise(period: str, inside: bool) -> None:
    data = {"period": period, "decided_on": "2025-05-12", "by": ["polisen"]}
    doc = validate_review(data, f"{period}.yaml", promise_file(), TODAY)
    codes = [issue.code for issue in doc.issues]
    assert codes == ([] if inside else ["period-outside-promise"])


def test_a_commitment_outside_the_period_is_a_warning_and_its_verdict_is_left_out() -> None:
    data = {"period": "2025-T1", "decided_on": "2025-05-12", "by": ["polisen"], "verdicts": {
        "nattvandring": {"verdict": "done"}, "cykelbelysning": {"verdict": "ongoing"},
        "vaktare": {"verdict": "partly"}}}
    doc = validate_review(data, "2025-T1.yaml", promise_file(), TODAY)
    assert [(i.code, i.severity, i.loc) for i in doc.issues] == [
        ("commitment-inactive", "warning", ("verdicts", "nattvandring")),
        ("commitment-inactive", "warning", ("verdicts", "cykelbelysning")),
    ]
    assert doc.review is not None and list(doc.review.verdicts) == ["vaktare"]
    # in the tertial it was added, it counts
    later = {**data, "period": "2025-T3"}
    doc = validate_review(later, "2025-T3.yaml", promise_file(), dt.date(2026, 1, 1))
    assert [i.loc for i in doc.issues] == [("verdicts", "nattvandring")]
    assert doc.review is not None and list(doc.review.verdicts) == ["cykelbelysning", "vaktare"]


# --- lofte check: every finding, where it is ----------------------------------------------

# (file name, text, severity[code], the text the finding points at, part of the message)
LOCATED = [
    ("2025-T1.yaml", "- period: 2025-T1\n", "error[wrong-shape]", "- period",
     "a review file holds one mapping (period, decided_on, by, verdicts); found a list"),
    ("2025-T1.yaml", HEADER + "verdicts: [fotpatrullering]\n", "error[wrong-shape]",
     "[fotpatrullering]", "`verdicts` maps commitment ids to `{verdict: ..., comment: ...}`"),
    ("2025-T1.yaml", HEADER + "verdicts:\n", "error[wrong-shape]", "@4:10",  # after `:`
     "`verdicts` maps commitment ids to `{verdict: ..., comment: ...}`; found empty"),
    ("2025-T1.yaml", HEADER + "verdicts:\n  vaktare: done\n", "error[wrong-shape]", "done",
     "the verdict for `vaktare` is a mapping `{verdict: done, comment: ...}`; found `done`"),
    ("2025-T1.yaml", "period: 2025-T1\nby: [polisen]\n", "error[missing-field]", "period",
     "missing required field `decided_on`"),
    ("2025-T1.yaml", HEADER + "verdicts:\n  vaktare: {comment: Rond.}\n",
     "error[missing-field]", "vaktare", "missing required field `verdict`"),
    ("2025-T1.yaml", HEADER + "verdicts:\n  vaktare: {verdict: done, coment: Rond.}\n",
     "error[unknown-field]", "coment", "unknown field `coment`; did you mean `comment`?"),
    ("2025-T1.yaml", "period: 2025-T1\ndecidedon: 2025-05-12\nby: [polisen]\n",
     "error[unknown-field]", "decidedon", "unknown field `decidedon`; did you mean `decided_on`?"),
    ("2025-T1.yaml", HEADER + "verdicts:\n  Vaktare: {verdict: done}\n", "error[bad-slug]",
     "Vaktare", "`Vaktare` is not a valid id"),
    ("2025-T1.yaml", HEADER + "verdicts:\n  vaktare:\n    verdict: genomfört\n",
     "error[invalid-value]", "genomfört",
     "`genomfört` is not a verdict: write done, ongoing, partly or not-done; did you mean "
     "`done`?"),
    ("2025-T7.yaml", "period: 2025-T7\ndecided_on: 2025-05-12\nby: [polisen]\n",
     "error[invalid-value]", "2025-T7", "`2025-T7` is not a period"),
    ("2025-T2.yaml", REVIEW, "error[review-file-name]", "2025-T1",
     "the period is 2025-T1, but the file is named 2025-T2.yaml: rename the file to "
     "reviews/2025-T1.yaml, or correct `period`"),
    ("uppfoljning.yaml", REVIEW, "error[review-file-name]", "2025-T1",
     "a review file is named after its period (reviews/2025-T1.yaml), and `uppfoljning.yaml` "
     "is not a period"),
    ("2026-T1.yaml", REVIEW.replace("2025-T1", "2026-T1"), "error[period-outside-promise]",
     "2026-T1", "the period 2026-T1 (2026-01-01 – 2026-04-30) has no day inside the promise "
     "(2023-01-01 – 2025-12-31)"),
    ("2025-T1.yaml", REVIEW.replace("2025-05-12", "2025-06-11"), "error[date-in-future]",
     "2025-06-11", "decided_on 2025-06-11 is after today (2025-06-10)"),
    ("2025-T1.yaml", REVIEW.replace("[polisen, kommunen]", "[polisen, kommun]"),
     "error[unknown-party]", "kommun]", "`kommun` is not a party in commitments.yaml; did you "
     "mean `kommunen`?"),
    ("2025-T1.yaml", REVIEW.replace("  fotpatrullering:", "  fotpatrulering:"),
     "error[unknown-commitment]", "fotpatrulering",
     "no commitment has the id `fotpatrulering`; did you mean `fotpatrullering`?"),
    ("2025-T1.yaml", HEADER + "verdicts:\n  nattvandring: {verdict: done}\n",
     "warning[commitment-inactive]", "nattvandring",
     "`nattvandring` was not part of the promise during 2025-T1 (2025-01-01 – 2025-04-30); "
     "its verdict is not shown"),
    ("2025-T1.yaml", REVIEW.replace("Varje vecka utom v. 2.", "Ring Anna på 070-123 45 67."),
     "warning[personal-data]", "Ring Anna",
     "the comment on `fotpatrullering` seems to contain a phone number (`070-*** ** **`); "
     "comments are published in the report: remove it"),
    ("2025-T1.yaml", REVIEW.replace("Varje vecka utom v. 2.", '"Varje \\e[2J vecka."'),
     "warning[control-character]", '"Varje', "`comment` contains the control character U+001B"),
    ("2025.yaml", "period: 2025\ndecided_on: 2025-05-12\nby: [polisen]\n", "error[wrong-type]",
     "2025\n", "`period` must be text (put it in quotes"),
    ("2025-T1.yaml", "", "error[empty-file]", "",
     "file is empty; a review needs period, decided_on, by and verdicts"),
    ("2025-T1.yaml", HEADER + "verdicts:\n  vaktare: {verdict: done\n", "error[yaml-syntax]",
     "", ""),
]


@pytest.mark.parametrize("case", LOCATED, ids=[f"{case[2]}-{case[3]!r}" for case in LOCATED])
def test_check_locates_each_finding(invoke: Invoke, make_ledger: MakeLedger,
                                    case: tuple[str, str, str, str, str]) -> None:
    name, text, kind, token, message = case
    root = ledger(make_ledger, {name: text})
    lines = check_lines(invoke, root)
    where = at(text, token) if token else None
    matching = [line for line in lines if f" {kind}: " in line]
    assert len(matching) == 1, lines
    [line] = matching
    if where is not None:
        assert line.startswith(f"reviews/{name}:{where}: {kind}: "), lines
    assert message in line, line
    if kind.startswith("error"):
        assert invoke("check", cwd=root).exit_code == 1
    else:
        assert invoke("check", cwd=root).exit_code == 0
        assert invoke("check", "--strict", cwd=root).exit_code == 1


def test_a_name_that_is_no_period_is_also_said_without_a_usable_header(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = ledger(make_ledger, {"notes.yaml": "period: 2025-T1\n"})
    lines = check_lines(invoke, root)
    assert any(line.startswith("reviews/notes.yaml:1:1: error[review-file-name]: ")
               for line in lines), lines


def test_the_two_halves_of_a_bad_period_both_show(invoke: Invoke,
                                                  make_ledger: MakeLedger) -> None:
    """An impossible period in a file named after it: the period, and the name."""
    text = "period: 2025-T4\ndecided_on: 2025-05-12\nby: [polisen]\n"
    lines = check_lines(invoke, ledger(make_ledger, {"2025-T4.yaml": text}))
    assert [line.split(": ")[1] for line in lines] == ["error[invalid-value]",
                                                       "error[review-file-name]"]
    assert all(line.startswith("reviews/2025-T4.yaml:1:9: ") for line in lines)


# --- what the ledger keeps ----------------------------------------------------------------

def test_one_bad_verdict_does_not_drop_the_others(invoke: Invoke,
                                                  make_ledger: MakeLedger) -> None:
    text = REVIEW + "  alkoholtillsyn: {verdict: genomfört}\n  vaktare: {verdict: ongoing}\n"
    root = ledger(make_ledger, {"2025-T1.yaml": text})
    loaded = load_ledger(root, TODAY)
    assert [f.code for f in loaded.findings] == ["invalid-value"]
    assert loaded.ledger is not None
    [review] = loaded.ledger.reviews
    assert {cid: e.verdict for cid, e in review.verdicts.items()} == {
        "fotpatrullering": "done", "trafikkontroller": "not-done", "vaktare": "ongoing"}
    assert review.path.endswith("2025-T1.yaml")


def test_two_files_for_one_period_are_both_named_and_neither_used(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    other = REVIEW.replace("verdict: done", "verdict: partly")
    root = ledger(make_ledger, {"2025-T1.yaml": REVIEW, "2025-T1.yml": other,
                                "2025-T2.yaml": REVIEW.replace("2025-T1", "2025-T2")})
    loaded = load_ledger(root, TODAY)
    assert loaded.ledger is not None
    assert [r.period for r in loaded.ledger.reviews] == ["2025-T2"]
    lines = check_lines(invoke, root)
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["reviews/2025-T1.yaml:1:1", "error[review-file-name]"],
        ["reviews/2025-T1.yml:1:1", "error[review-file-name]"],
    ]
    for line in lines:
        assert line.endswith(": 2025-T1 is reviewed in more than one file (reviews/2025-T1.yaml, "
                             "reviews/2025-T1.yml); keep one file per period")


def test_the_same_period_spelt_two_ways_is_one_period(invoke: Invoke,
                                                       make_ledger: MakeLedger) -> None:
    """`2025-t1.yaml` beside `2025-T1.yaml` would be two verdicts for one tertial, and the
    report would pick one: a period is written as lofte names it, in capitals."""
    lower = REVIEW.replace("2025-T1", "2025-t1").replace("verdict: done", "verdict: not-done")
    root = ledger(make_ledger, {"2025-t1.yaml": lower})
    lines = check_lines(invoke, root)
    assert [line.split(": ", 2)[:2] for line in lines] == [
        ["reviews/2025-t1.yaml:1:9", "error[invalid-value]"]]
    assert "write the period as 2025-T1" in lines[0]
    loaded = load_ledger(root, TODAY)
    assert loaded.ledger is not None and loaded.ledger.reviews == ()


def test_check_json_counts_the_review_files(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = ledger(make_ledger, {"2025-T1.yaml": REVIEW,
                                "2025-T2.yaml": REVIEW.replace("2025-T1", "2025-T2")})
    (root / "activities" / "a.yaml").write_text(
        "date: 2025-02-01\ncommitment: vaktare\nsummary: Rond.\n", encoding="utf-8")
    result = invoke("check", "--format", "json", cwd=root)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["counts"] == {"commitments": 6, "activities": 1, "files": 4}
    assert document["findings"] == []


def test_a_ledger_without_reviews_has_none(make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=COMMITMENTS)
    loaded = load_reviews(root, promise_file(), TODAY)
    assert (loaded.reviews, loaded.findings, loaded.files) == ((), [], 0)


# --- the writer: a round trip -------------------------------------------------------------

HAND_WRITTEN = """\
# Uppföljningsmöte i Deje, protokoll 2025:4
period: 2025-T1   # tertial 1
decided_on: 2025-05-12
by: [polisen, kommunen]
verdicts:
  # polisens åtaganden
  fotpatrullering: {verdict: done, comment: Varje vecka.}   # bra jobbat
  vaktare:
    verdict: ongoing  # fortsätter i höst
    comment: "Rond varje natt."
"""


def review_text(root: Path, name: str = "2025-T1.yaml") -> str:
    return (root / "reviews" / name).read_text(encoding="utf-8")


# A review that lofte begins has a place (`id:` alone) for every commitment of the period;
# tests of the verdicts written compare the file without those empty places.
_EMPTY_PLACE = re.compile(r"^  [a-z0-9-]+:\n(?!    )", re.MULTILINE)


def without_places(text: str) -> str:
    return _EMPTY_PLACE.sub("", text)


def test_setting_verdicts_keeps_comments_order_and_flow_entries(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = ledger(make_ledger, {"2025-T1.yaml": HAND_WRITTEN})
    for args in (["trafik", "--verdict", "done", "--comment", "Ny: kontroll # 2"],
                 ["alkohol", "--verdict", "partly"]):
        result = invoke("review", "2025-T1", *args, cwd=root)
        assert result.exit_code == 0, result.output
    # new verdicts: blocks of their own, in the order of commitments.yaml; the rest as it was
    assert review_text(root) == """\
# Uppföljningsmöte i Deje, protokoll 2025:4
period: 2025-T1   # tertial 1
decided_on: 2025-05-12
by: [polisen, kommunen]
verdicts:
  # polisens åtaganden
  fotpatrullering: {verdict: done, comment: Varje vecka.}   # bra jobbat
  trafikkontroller:
    verdict: done
    comment: 'Ny: kontroll # 2'
  alkoholtillsyn:
    verdict: partly
  vaktare:
    verdict: ongoing  # fortsätter i höst
    comment: "Rond varje natt."
"""
    # an edit: the verdict changes in place, a comment it was not given stays
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", cwd=root)
    assert result.exit_code == 0, result.output
    text = review_text(root)
    assert '  vaktare:\n    verdict: done' in text and 'comment: "Rond varje natt."' in text
    assert "# fortsätter i höst" in text
    # the flow entry is edited where it is, its end-of-line comment kept
    result = invoke("review", "2025-T1", "fot", "--verdict", "partly", cwd=root)
    assert result.exit_code == 0, result.output
    lines = review_text(root).splitlines()
    assert lines[6].startswith("  fotpatrullering: {verdict: partly, comment: Varje vecka.}")
    assert lines[6].endswith("# bra jobbat")
    assert lines[:6] == HAND_WRITTEN.splitlines()[:6]
    assert invoke("check", "--strict", cwd=root).exit_code == 0


def test_an_empty_comment_removes_it_and_no_comment_keeps_it(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = ledger(make_ledger, {"2025-T1.yaml": REVIEW})
    assert invoke("review", "2025-T1", "fotpatrullering", "--verdict", "ongoing",
                  cwd=root).exit_code == 0
    assert "    verdict: ongoing\n    comment: Varje vecka utom v. 2.\n" in review_text(root)
    assert invoke("review", "2025-T1", "fotpatrullering", "--verdict", "ongoing",
                  "--comment", "", cwd=root).exit_code == 0
    assert review_text(root) == REVIEW.replace(
        "    verdict: done\n    comment: Varje vecka utom v. 2.\n", "    verdict: ongoing\n")
    assert invoke("review", "2025-T1", "trafik", "--verdict", "not-done", "--comment", "",
                  cwd=root).exit_code == 0
    assert "  trafikkontroller: {verdict: not-done}\n" in review_text(root)
    assert invoke("check", "--strict", cwd=root).exit_code == 0


def test_a_new_review_file_is_blocks_in_commitment_order(invoke: Invoke,
                                                          make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=COMMITMENTS)
    for commitment, verdict in (("vaktare", "done"), ("fotpatrullering", "ongoing"),
                                ("alkoholtillsyn", "not-done")):
        result = invoke("review", "2025-T1", commitment, "--verdict", verdict,
                        "--decided-on", "2025-05-12", cwd=root)
        assert result.exit_code == 0, result.output
    assert without_places(review_text(root)) == """\
period: 2025-T1
decided_on: 2025-05-12
by: [polisen, kommunen]
verdicts:
  fotpatrullering:
    verdict: ongoing
  alkoholtillsyn:
    verdict: not-done
  vaktare:
    verdict: done
"""
    assert invoke("check", "--strict", cwd=root).exit_code == 0


@pytest.mark.parametrize("comment", ["Varför?", "Kl. 10:00 på torget", ":-)", "Klart, men?",
                                     "It's done", "Med “citat” och 'enkla'"])
def test_a_comment_in_a_flow_entry_reads_back(invoke: Invoke, make_ledger: MakeLedger,
                                              comment: str) -> None:
    """In `{verdict: ..., comment: ...}` a plain `Varför?` or `10:00` is no YAML that lofte
    reads: lofte quotes the comment there, and the entry stays on its line."""
    root = ledger(make_ledger, {"2025-T1.yaml": REVIEW})
    result = invoke("review", "2025-T1", "trafik", "--verdict", "partly", "--comment", comment,
                    cwd=root)
    assert result.exit_code == 0, result.output
    line = review_text(root).splitlines()[-1]
    assert line.startswith("  trafikkontroller: {verdict: partly, comment: '")
    [review] = load_reviews(root, promise_file(), TODAY).reviews
    assert review.verdicts["trafikkontroller"].comment == comment
    assert invoke("check", "--strict", cwd=root).exit_code == 0


def test_verdicts_written_on_one_line_get_a_new_verdict_as_a_block(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    """A new verdict is a block of its own (the lines git merges), also where the file wrote
    all verdicts in one flow mapping; the verdicts there keep their own style."""
    one_line = HEADER + ("verdicts: {fotpatrullering: {verdict: done}, "
                         "trafikkontroller: {verdict: ongoing, comment: 'Två: av tre'}}\n")
    root = ledger(make_ledger, {"2025-T1.yaml": one_line})
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", "--comment", "Rond.",
                    cwd=root)
    assert result.exit_code == 0, result.output
    assert review_text(root) == HEADER + """\
verdicts:
  fotpatrullering: {verdict: done}
  trafikkontroller: {verdict: ongoing, comment: 'Två: av tre'}
  vaktare:
    verdict: done
    comment: Rond.
"""
    # the whole file on one line, too
    root = ledger(make_ledger, {"2025-T2.yaml": "{period: 2025-T2, decided_on: 2025-05-12, "
                                                "by: [polisen], verdicts: {}}\n"}, "flow")
    assert invoke("review", "2025-T2", "fot", "--verdict", "partly", cwd=root).exit_code == 0
    assert review_text(root, "2025-T2.yaml") == (
        "period: 2025-T2\ndecided_on: 2025-05-12\nby: [polisen]\nverdicts:\n"
        "  fotpatrullering:\n    verdict: partly\n")
    assert invoke("check", "--strict", cwd=root).exit_code == 0


def test_one_party_without_a_list_is_a_party(invoke: Invoke, make_ledger: MakeLedger) -> None:
    """`by: polisen` means `by: [polisen]`, as in an activity (and the schema says so)."""
    root = ledger(make_ledger, {"2025-T1.yaml": REVIEW.replace("[polisen, kommunen]",
                                                               "polisen")})
    assert invoke("check", "--strict", cwd=root).exit_code == 0
    [review] = load_reviews(root, promise_file(), TODAY).reviews
    assert review.by == ("polisen",)
    assert invoke("review", "2025-T1", "vaktare", "--verdict", "done", cwd=root).exit_code == 0
    assert "\nby: polisen\n" in review_text(root)
    root = ledger(make_ledger, {"2025-T1.yaml": REVIEW.replace("[polisen, kommunen]",
                                                               "kommun")}, "misspelt")
    assert check_lines(invoke, root) == [
        "reviews/2025-T1.yaml:3:5: error[unknown-party]: `kommun` is not a party in "
        "commitments.yaml; did you mean `kommunen`?"]


def test_an_existing_yml_file_is_the_one_edited(invoke: Invoke,
                                                make_ledger: MakeLedger) -> None:
    root = ledger(make_ledger, {"2025-T1.yml": REVIEW})
    assert invoke("review", "2025-T1", "vaktare", "--verdict", "done",
                  cwd=root).exit_code == 0
    assert sorted(p.name for p in (root / "reviews").iterdir()) == ["2025-T1.yml"]
    assert review_text(root, "2025-T1.yml").endswith("  vaktare:\n    verdict: done\n")


def test_a_review_in_a_folder_below_reviews_is_edited_where_it_is(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    """`lofte check` reads reviews/2025/2025-T1.yaml; `lofte review` edits that file rather
    than write a second review of the period, which would make both unusable."""
    root = ledger(make_ledger, {})
    (root / "reviews" / "2025").mkdir()
    (root / "reviews" / "2025" / "2025-T1.yaml").write_text(REVIEW, encoding="utf-8")
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("reviews/2025/2025-T1.yaml\n")
    assert [p.relative_to(root).as_posix() for p in sorted((root / "reviews").rglob("*"))] == [
        "reviews/2025", "reviews/2025/2025-T1.yaml"]
    assert review_text(root, "2025/2025-T1.yaml") == REVIEW + "  vaktare:\n    verdict: done\n"
    assert invoke("check", "--strict", cwd=root).exit_code == 0
    # another period still goes to reviews/ itself
    assert invoke("review", "2025-T2", "vaktare", "--verdict", "done", cwd=root).exit_code == 0
    assert (root / "reviews" / "2025-T2.yaml").is_file()


BROKEN = {
    "an unknown commitment": REVIEW.replace("  fotpatrullering:", "  fotpatrulering:"),
    "a bad verdict": REVIEW.replace("verdict: done", "verdict: klart"),
    "the wrong file name": REVIEW.replace("2025-T1", "2025-T2"),
    "a decision after today": REVIEW.replace("2025-05-12", "2025-07-01"),
    "broken YAML": REVIEW + "  vaktare: {verdict: done\n",
    "an anchor": REVIEW + "  vaktare: &v {verdict: done}\n  alkoholtillsyn: *v\n",
    "a duplicate key": REVIEW + "  trafikkontroller: {verdict: done}\n",
    "conflict markers": REVIEW + "<<<<<<< HEAD\n  vaktare: {verdict: done}\n=======\n"
                                 "  vaktare: {verdict: partly}\n>>>>>>> b\n",
    "not UTF-8": REVIEW.replace("hösten", "h\xf6sten").encode("latin-1"),
    "empty": "",
}


@pytest.mark.parametrize("text", BROKEN.values(), ids=BROKEN.keys())
def test_a_review_that_fails_validation_is_not_edited(invoke: Invoke, make_ledger: MakeLedger,
                                                       text: str | bytes) -> None:
    root = ledger(make_ledger, {"2025-T1.yaml": text})
    before = (root / "reviews" / "2025-T1.yaml").read_bytes()
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", "--comment", "Rond.",
                    cwd=root)
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("lofte: "), result.stderr
    assert "2025-T1.yaml cannot be edited: " in result.stderr
    assert "correct it first (`lofte check` shows where)" in result.stderr
    assert (root / "reviews" / "2025-T1.yaml").read_bytes() == before
    assert sorted(p.name for p in (root / "reviews").iterdir()) == ["2025-T1.yaml"]


def test_a_review_folder_leading_outside_the_ledger_is_refused(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path) -> None:
    root = make_ledger(commitments=COMMITMENTS)
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / "reviews").symlink_to(outside, target_is_directory=True)
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", cwd=root)
    assert result.exit_code == 2
    assert "outside the ledger" in result.stderr
    assert list(outside.iterdir()) == []
    # also when the file is there: it is neither read for editing nor replaced
    (outside / "2025-T1.yaml").write_text(REVIEW, encoding="utf-8")
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", cwd=root)
    assert result.exit_code == 2
    assert [p.name for p in outside.iterdir()] == ["2025-T1.yaml"]
    assert (outside / "2025-T1.yaml").read_text(encoding="utf-8") == REVIEW
    assert check_lines(invoke, root) == []  # the link is reported as `reviews`, not read
    assert "error[outside-ledger]" in invoke("check", cwd=root).output


def test_a_review_file_that_is_a_link_is_not_followed(invoke: Invoke, make_ledger: MakeLedger,
                                                      tmp_path: Path) -> None:
    root = ledger(make_ledger, {})
    target = tmp_path / "elsewhere.yaml"
    target.write_text(REVIEW, encoding="utf-8")
    (root / "reviews" / "2025-T1.yaml").symlink_to(target)
    result = invoke("review", "2025-T1", "vaktare", "--verdict", "done", cwd=root)
    assert result.exit_code == 2
    assert target.read_text(encoding="utf-8") == REVIEW
    assert (root / "reviews" / "2025-T1.yaml").is_symlink()


# --- the round trip, for any verdicts and comments ------------------------------------------

IDS = ["fotpatrullering", "trafikkontroller", "alkoholtillsyn", "vaktare"]
# Text that YAML reads as something else when written bare.
TRICKY = ["Varför?", "Kl. 10:00", ":a", "?a", "a?", "yes", "no", "on", "off", "~", "null",
          "True", "1.5", "0x10", "1e3", "2025-05-12",
          "12:30", "- x", "#x", "x #y", "x: y", "!x", "&a", "*a", "%x", "@x", "`x", "|", ">",
          "? x", "'q'", '"q"', "[a]", "{a: 1}", "---", "...", "<<", "= 1", "-", ":", "'", '"',
          "\\", "a\\nb", "Föreläsning – flyttad “till” hösten…", "ÅÄÖ åäö é ü", "ⅷ ﬁ", "🙂"]
comment_text = st.one_of(
    st.sampled_from(TRICKY),
    st.text(st.sampled_from(string.ascii_letters + string.punctuation + " åäöÅÄÖé–"),
            min_size=1, max_size=40),
    st.text(st.characters(exclude_categories=["Cs", "Cc", "Cf", "Zl", "Zp"]), min_size=1,
            max_size=20),
)
request = st.tuples(st.sampled_from(IDS), st.sampled_from(VERDICTS),
                    st.none() | st.just("") | comment_text)


def normalised(comment: str) -> str:
    return " ".join(comment.split())


@settings(max_examples=examples(200), deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(start=st.sampled_from([None, REVIEW, HAND_WRITTEN]),
       requests=st.lists(request, min_size=1, max_size=6))
def test_what_is_set_is_what_loads_back(
        tmp_path_factory: pytest.TempPathFactory, start: str | None,
        requests: list[tuple[str, str, str | None]]) -> None:
    for _, _, comment in requests:
        assume(comment is None or not comment_problems(normalised(comment)))
    root = tmp_path_factory.mktemp("ledger")
    (root / "commitments.yaml").write_text(COMMITMENTS, encoding="utf-8")
    promise = promise_file()
    expected: dict[str, tuple[str, str | None]] = {}
    if start is not None:
        (root / "reviews").mkdir()
        (root / "reviews" / "2025-T1.yaml").write_text(start, encoding="utf-8")
        [review] = load_reviews(root, promise, TODAY).reviews
        expected = {cid: (e.verdict, e.comment) for cid, e in review.verdicts.items()}
    period = period_under_review("2025-t1", promise)
    for commitment, verdict, comment in requests:
        set_verdict(root, promise, period, [VerdictRequest(commitment, verdict, comment)],
                    TODAY)
        kept = expected.get(commitment, (verdict, None))[1]
        expected[commitment] = (verdict, kept if comment is None else
                                normalised(comment) or None)
        loaded = load_reviews(root, promise, TODAY)
        assert loaded.findings == []
        [review] = loaded.reviews
        assert {cid: (e.verdict, e.comment) for cid, e in review.verdicts.items()} == expected
    # the verdicts stay in the order of commitments.yaml when lofte placed them
    if start is None:
        assert list(review.verdicts) == [cid for cid in IDS if cid in expected]
