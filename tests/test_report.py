"""The report's data (lofte.domain.report) and its wording, without files or a command line."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from lofte.domain.findings import Finding
from lofte.domain.layout import ActivityFields
from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.models import Activity
from lofte.domain.periods import parse_period
from lofte.domain.problems import InputError
from lofte.domain.report import build_report, choose_period, personal_data_findings
from lofte.render.report_html import nice_step, safe_url
from lofte.render.report_markdown import md
from lofte.render.report_text import (
    count_activities,
    facts,
    format_number,
    group_heading,
    join_names,
    private_note,
    target_fact,
    texts_for,
)
from tests.promise_data import validated_promise

SWEDISH = texts_for("sv")
ENGLISH = texts_for("en")

D = dt.date.fromisoformat
SECRET = "Samtal med en ungdom i riskzon, hemligt innehåll"

PROMISE: dict[str, Any] = {
    "promise": {"id": "testlofte-2023-2025", "title": "Medborgarlöfte Testköping 2023–2025",
                "valid_from": "2023-01-01", "valid_until": "2025-12-31",
                "focus": "Trygghet i centrum"},
    "parties": {"polisen": {"name": "Lokalpolisområde Testköping"},
                "kommunen": {"name": "Testköpings kommun"}},
    "commitments": [
        {"id": "fotpatrullering", "title": "Fotpatrullering", "owners": ["polisen"],
         "target": {"per": "month", "at_least": 1}},
        {"id": "trafikkontroller", "title": "Trafikkontroller", "owners": ["polisen"]},
        {"id": "alkoholtillsyn", "title": "Gemensam tillsyn", "owners": ["polisen", "kommunen"]},
        {"id": "samtal", "title": "Samtal med ungdomar", "owners": ["kommunen", "polisen"]},
        {"id": "vaktare", "title": "Väktare", "owners": ["kommunen"]},
        {"id": "nytt", "title": "Tillkom senare", "owners": ["kommunen"],
         "active_from": "2024-03-01"},
        {"id": "gammalt", "title": "Upphörde", "owners": ["kommunen"],
         "retired_on": "2023-12-01"},
    ],
}


def activity(day: str, commitment: str | list[str], summary: str, **fields: Any
             ) -> RecordedActivity:
    return RecordedActivity(Activity.model_validate(
        {"date": day, "commitment": commitment, "summary": summary, **fields}),
        f"activities/{day}-{summary[:8]}.yaml")


def ledger(*entries: RecordedActivity, language: str = "sv") -> Ledger:
    document = {**PROMISE, "promise": {**PROMISE["promise"], "language": language}}
    return Ledger(validated_promise(document), tuple(entries))


ENTRIES = (
    activity("2024-01-10", "fotpatrullering", "Fotpatrull på torget", people_reached=12,
             hours=2.5, place="Torget"),
    activity("2024-01-20", "fotpatrullering", "Fotpatrull vid skolan", hours=1),
    activity("2024-03-05", "fotpatrullering", "Fotpatrull i parken", people_reached=3),
    activity("2024-02-14", ["alkoholtillsyn", "fotpatrullering"], "Krogkontroll",
             links=["https://example.org/protokoll", "Dnr KS 2024/12"]),
    activity("2024-02-15", "samtal", SECRET, public=False, people_reached=1, hours=1),
    activity("2024-02-20", "vaktare", "Väktarrunda", hours=8),
    activity("2023-12-31", "vaktare", "Före perioden"),
    activity("2024-05-01", "vaktare", "Efter perioden"),
    activity("2024-03-10", "nytt", "Första gången"),
)

START, END = D("2024-01-01"), D("2024-04-30")


def test_groups_follow_the_promise_police_together_municipality() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    assert [g.owners for g in report.groups] == [("polisen",), ("polisen", "kommunen"),
                                                 ("kommunen",)]
    assert [[c.id for c in g.commitments] for g in report.groups] == [
        ["fotpatrullering", "trafikkontroller"], ["alkoholtillsyn", "samtal"],
        ["vaktare", "nytt"]]
    headings = [group_heading(g, report, SWEDISH) for g in report.groups]
    assert headings == ["Detta har Lokalpolisområde Testköping gjort",
                        "Detta har vi gjort tillsammans",
                        "Detta har Testköpings kommun gjort"]
    assert group_heading(report.groups[1], report, ENGLISH) == "What we have done together"


def test_counts_people_and_hours_per_commitment() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    by_id = {c.id: c for c in report.commitments}
    foot = by_id["fotpatrullering"]
    assert (foot.activities, foot.private, foot.people_reached, foot.with_people,
            foot.hours, foot.with_hours) == (4, 0, 15, 2, 3.5, 2)
    assert [a.summary for a in foot.published] == [
        "Fotpatrull på torget", "Fotpatrull vid skolan", "Krogkontroll", "Fotpatrull i parken"]
    assert by_id["vaktare"].activities == 1  # the ones before and after are not counted
    assert by_id["trafikkontroller"].activities == 0
    assert report.activities == 7
    assert report.private == 1
    # An activity naming two commitments: once in the report, listed under both.
    assert [a.commitments for a in report.published if a.summary == "Krogkontroll"] == [
        ("alkoholtillsyn", "fotpatrullering")]
    assert by_id["alkoholtillsyn"].published[0].links == (
        "https://example.org/protokoll", "Dnr KS 2024/12")


def test_monthly_counts_are_distinct_activities_per_group() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    months = {m.month.start.month: m.counts for m in report.months}
    assert list(months) == [1, 2, 3, 4]
    # February: Krogkontroll counts for the police and for together; the private talk
    # counts for together; the guard round for the municipality.
    assert months[2] == (1, 2, 1)
    assert months[1] == (2, 0, 0)
    assert months[3] == (1, 0, 1)
    assert months[4] == (0, 0, 0)
    assert [g.activities for g in report.groups] == [4, 2, 2]


def test_private_activities_are_counted_but_nothing_of_them_is_in_the_report() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    talks = next(c for c in report.commitments if c.id == "samtal")
    assert (talks.activities, talks.private, talks.published) == (1, 1, ())
    # Its people reached and hours are part of its content: they are not summed.
    assert (talks.people_reached, talks.with_people, talks.hours) == (0, 0, 0)
    assert [f.text for f in facts(talks, SWEDISH)] == ["1 (varav 1 ej publik)"]
    assert private_note(talks, SWEDISH) == \
        "Aktiviteten är inte publik och redovisas bara i antalet."
    assert SECRET not in repr(report)
    assert "2024-02-15" not in repr(report.published)
    assert all(source.find("Samtal") == -1 for source in report.sources)


def test_nothing_logged_is_said_as_not_recorded_never_as_not_done() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    quiet = next(c for c in report.commitments if c.id == "trafikkontroller")
    assert (quiet.activities, quiet.published, quiet.target) == (0, (), None)
    assert SWEDISH.nothing_logged == "Ingen aktivitet registrerad under perioden"
    for text in (SWEDISH, ENGLISH):
        # Only the parties' own verdict (a review) may say that something was not done.
        words = repr({k: v for k, v in dataclasses.asdict(text).items() if k != "verdicts"})
        for wrong in ("not done", "inte gjort", "ej gjort", "inte genomfört",
                      "ej genomfört"):
            assert wrong not in words.lower()


def test_commitments_outside_their_active_window_are_left_out() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    ids = [c.id for c in report.commitments]
    assert "gammalt" not in ids  # retired before the period
    assert "nytt" in ids
    nytt = next(c for c in report.commitments if c.id == "nytt")
    assert nytt.start == D("2024-03-01")
    earlier = build_report(ledger(*ENTRIES), D("2023-11-01"), D("2023-11-30"))
    assert {"gammalt"} <= {c.id for c in earlier.commitments}
    assert "nytt" not in {c.id for c in earlier.commitments}


def test_target_is_judged_over_the_complete_periods_of_the_report() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    foot = next(c for c in report.commitments if c.id == "fotpatrullering")
    assert foot.target is not None
    assert (foot.target.periods_met, foot.target.periods_total) == (3, 4)
    assert target_fact(foot.target, SWEDISH).text == "uppfyllt 3 av 4 månader (minst 1 per månad)"
    assert target_fact(foot.target, ENGLISH).text == "met in 3 of 4 months (at least 1 per month)"
    short = build_report(ledger(*ENTRIES), D("2024-01-10"), D("2024-01-31"))
    target = short.commitments[0].target
    assert target is not None and target.periods_total == 0
    assert target_fact(target, SWEDISH).value == "inga hela månader under perioden att bedöma"


def test_facts_in_swedish_with_partial_reporting() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    foot = next(c for c in report.commitments if c.id == "fotpatrullering")
    assert [(f.label, f.text) for f in facts(foot, SWEDISH)] == [
        ("Aktiviteter", "4"),
        ("Personer som nåtts", "15 (redovisat för 2 av 4 publika aktiviteter)"),
        ("Arbetstimmar", "3,5 (redovisat för 2 av 4 publika aktiviteter)"),
        ("Mål", "uppfyllt 3 av 4 månader (minst 1 per månad)"),
    ]
    talks = next(c for c in report.commitments if c.id == "samtal")
    assert facts(talks, SWEDISH)[0].text == "1 (varav 1 ej publik)"


def test_choose_period() -> None:
    promise = ledger().promise_file.promise
    today = D("2024-06-15")
    whole = choose_period(promise, today)
    assert whole is not None
    assert (whole.start, whole.end, whole.cut) == (D("2023-01-01"), today, False)
    after = choose_period(promise, D("2027-01-01"))
    assert after is not None and (after.end, after.cut) == (D("2025-12-31"), False)
    cut = choose_period(promise, today, D("2022-07-01"), D("2024-12-31"))
    assert cut is not None
    assert (cut.start, cut.end, cut.cut) == (D("2023-01-01"), today, True)
    assert choose_period(promise, today, D("2026-01-01"), D("2026-12-31")) is None
    assert choose_period(promise, today, D("2024-07-01"), None) is None


@pytest.mark.parametrize(("text", "first", "last"), [
    ("2024", "2024-01-01", "2024-12-31"),
    ("2024-H1", "2024-01-01", "2024-06-30"),
    ("2024-H2", "2024-07-01", "2024-12-31"),
    ("2024-T1", "2024-01-01", "2024-04-30"),
    ("2024-T2", "2024-05-01", "2024-08-31"),
    ("2024-T3", "2024-09-01", "2024-12-31"),
    ("2024-Q1", "2024-01-01", "2024-03-31"),
    ("2024-Q3", "2024-07-01", "2024-09-30"),
    ("2024-q4", "2024-10-01", "2024-12-31"),
    ("2024-02", "2024-02-01", "2024-02-29"),
    ("2023-02", "2023-02-01", "2023-02-28"),
    (" 2024-05 ", "2024-05-01", "2024-05-31"),
])
def test_parse_period(text: str, first: str, last: str) -> None:
    assert parse_period(text) == (D(first), D(last))


@pytest.mark.parametrize("text", ["", "24", "2024-1", "2024-13", "2024-00", "2024-H3",
                                  "2024-T4", "2024-T0", "2024-Q5", "2024-W05", "0000",
                                  "2024-05-01", "år 2024", "２０２４"])
def test_parse_period_refuses(text: str) -> None:
    with pytest.raises(InputError, match="is not a period"):
        parse_period(text)


def test_personal_data_findings_are_those_in_published_files() -> None:
    report = build_report(ledger(*ENTRIES), START, END)
    published = next(iter(sorted(report.sources)))
    findings = [
        Finding(published, 3, 10, "warning", "personal-data", "phone"),
        Finding(published, 1, 1, "warning", "commitment-inactive", "not this one"),
        Finding("activities/2023-12-31-Före per.yaml", 3, 10, "warning", "personal-data",
                "outside the period"),
    ]
    assert personal_data_findings(findings, report) == [findings[0]]


def test_numbers_and_words() -> None:
    assert format_number(1234567, SWEDISH) == "1\u00a0234\u00a0567"
    assert format_number(1234.5, ENGLISH) == "1,234.5"
    assert format_number(6.25, SWEDISH) == "6,25"
    assert format_number(3.0, SWEDISH) == "3"
    assert format_number(0, ENGLISH) == "0"
    assert count_activities(1, SWEDISH) == "1 aktivitet"
    assert count_activities(2, ENGLISH) == "2 activities"
    assert join_names(["A", "B", "C"], SWEDISH) == "A, B och C"
    assert join_names(["A"], ENGLISH) == "A"
    assert texts_for("en") is ENGLISH
    assert texts_for("fi") is SWEDISH


@pytest.mark.parametrize(("link", "safe"), [
    ("https://example.org/a?b=c&d=e", True),
    ("http://example.org", True),
    ("HTTPS://EXAMPLE.ORG/X", True),
    ("javascript:alert(1)", False),
    ("data:text/html,<script>", False),
    ("//example.org/x", False),
    ("https://example.org/\"onmouseover=x", False),
    ("https://exa mple.org", False),
    ("Dnr KS 2024/12", False),
    ("file:///etc/passwd", False),
    ("https:///nohost", False),
])
def test_only_plain_http_urls_become_links(link: str, safe: bool) -> None:
    assert (safe_url(link) is not None) is safe


def test_markdown_text_is_escaped() -> None:
    assert md("<script>alert(1)</script>") == "\\<script\\>alert(1)\\</script\\>"
    assert md("[klicka](http://x) *fet* a|b") == "\\[klicka\\](http://x) \\*fet\\* a\\|b"
    assert md("- inte en lista") == "\\- inte en lista"
    assert md("1. inte heller") == "1\\. inte heller"
    assert md("14.5 timmar") == "14.5 timmar"
    assert md("rad ett\nrad två") == "rad ett rad två"


def test_chart_steps() -> None:
    assert [nice_step(n) for n in (0, 5, 6, 12, 20, 37, 140, 900)] == [
        1, 1, 2, 5, 5, 10, 50, 200]


def test_a_report_makes_the_model_only_of_the_activities_in_its_period(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A ledger holds its activities as tuples (`RecordedActivity.from_fields`); the report
    for a tertial makes the whole model of the tertial's activities, not of every one."""
    from lofte.domain import models

    as_loaded = tuple(RecordedActivity.from_fields(models.activity_fields(e.activity), e.path)
                      for e in ENTRIES)
    built: list[dt.date] = []
    original = models.activity_from_fields

    def counting(fields: ActivityFields) -> Activity:
        activity = original(fields)
        built.append(activity.date)
        return activity

    monkeypatch.setattr(models, "activity_from_fields", counting)
    report = build_report(ledger(*as_loaded), START, END)
    assert built and all(START <= day <= END for day in built)
    assert len(built) == sum(1 for e in ENTRIES if START <= e.activity.date <= END)
    monkeypatch.undo()
    assert report == build_report(ledger(*ENTRIES), START, END)
