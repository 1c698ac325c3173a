import datetime as dt

import pytest

from lofte.domain.ids import closest_commitments, resolve_commitment
from lofte.domain.new_activity import (
    ActivityRequest,
    build_activity,
    default_by,
    group_commitments,
    pick_commitment,
    read_count,
    read_hours,
    split_parties,
)
from lofte.domain.problems import InputError, Problem, Refused
from lofte.domain.promise import CommitmentsFile
from lofte.storage.yamlsafe import parse_yaml
from tests.conftest import MINI_COMMITMENTS
from tests.promise_data import validated_promise

TODAY = dt.date(2024, 6, 1)
DAY = dt.date(2024, 3, 14)


def promise(text: str = MINI_COMMITMENTS) -> CommitmentsFile:
    return validated_promise(parse_yaml(text).value)


WITH_PREFIXES = MINI_COMMITMENTS + """\
  - id: trafik
    title: Trafik i allmänhet
    owners: [polisen]
  - id: trafiksakerhet
    title: Trafiksäkerhet vid skolor
    owners: [kommunen]
    retired_on: 2024-01-31
"""


def problems_of(request: ActivityRequest,
                promise_file: CommitmentsFile | None = None) -> list[Problem]:
    with pytest.raises(Refused) as info:
        build_activity(request, promise_file or promise(), TODAY)
    return info.value.problems


def refused(request: ActivityRequest,
            promise_file: CommitmentsFile | None = None) -> list[tuple[str | None, str]]:
    """Each problem as (the field it names, its message)."""
    return [(p.field, p.message) for p in problems_of(request, promise_file)]


# --- finding the commitment ---------------------------------------------------------

def test_an_exact_id_wins_over_a_longer_one_it_is_the_prefix_of() -> None:
    commitments = promise(WITH_PREFIXES).commitments
    assert resolve_commitment("trafik", commitments).id == "trafik"


@pytest.mark.parametrize(("word", "expected"), [
    ("fot", "fotpatrullering"), ("v", "vaktare"), ("ALKOHOL", "alkoholtillsyn"),
    (" trafikkontroller ", "trafikkontroller"),
])
def test_a_unique_prefix_resolves(word: str, expected: str) -> None:
    assert resolve_commitment(word, promise().commitments).id == expected


def test_an_ambiguous_prefix_lists_the_candidates_with_titles() -> None:
    with pytest.raises(Refused) as info:
        resolve_commitment("trafikk", promise(WITH_PREFIXES + """\
  - id: trafikkameror
    title: Trafikkameror
    owners: [kommunen]
""").commitments)
    [message] = [p.message for p in info.value.problems]
    assert message.startswith("`trafikk` matches 2 commitments; type more of the id:")
    assert "\n  trafikkontroller  Trafikkontroller mot trimmade mopeder" in message
    assert "\n  trafikkameror     Trafikkameror" in message
    assert "fotpatrullering" not in message


def test_an_unknown_word_lists_the_closest_ids() -> None:
    with pytest.raises(Refused) as info:
        resolve_commitment("fotpatrulering", promise().commitments)
    [message] = [p.message for p in info.value.problems]
    assert message.startswith("no commitment has the id `fotpatrulering`")
    assert "\n  fotpatrullering  Fotpatrullering kring otrygga platser" in message
    assert "vaktare" not in message


def test_an_unknown_word_with_nothing_close_lists_every_id() -> None:
    with pytest.raises(Refused) as info:
        resolve_commitment("zzz", promise().commitments)
    [message] = [p.message for p in info.value.problems]
    assert "the ids are:" in message
    assert all(f"\n  {c.id}" in message for c in promise().commitments)


def test_closest_counts_a_word_inside_an_id() -> None:
    ids = [c.id for c in closest_commitments("tillsyn", promise().commitments)]
    assert ids == ["alkoholtillsyn"]


# --- the pick list ------------------------------------------------------------------

def test_groups_follow_the_owners_in_promise_order() -> None:
    groups = group_commitments(promise())
    assert [g.title for g in groups] == [
        "Lokalpolisområde Testköping",
        "Lokalpolisområde Testköping and Testköpings kommun",
        "Testköpings kommun",
    ]
    assert [[c.id for c in g.commitments] for g in groups] == [
        ["fotpatrullering", "trafikkontroller"], ["alkoholtillsyn"], ["vaktare"]]


def test_pick_by_number_id_or_prefix() -> None:
    groups = group_commitments(promise())
    assert pick_commitment("3", groups).id == "alkoholtillsyn"
    assert pick_commitment(" vaktare ", groups).id == "vaktare"
    assert pick_commitment("traf", groups).id == "trafikkontroller"
    with pytest.raises(Refused, match="no commitment number 5; choose 1 to 4"):
        pick_commitment("5", groups)
    with pytest.raises(Refused, match="no commitment number 0"):
        pick_commitment("0", groups)


# --- building the activity ----------------------------------------------------------

def test_by_defaults_to_the_owners_and_is_written_out() -> None:
    activity = build_activity(ActivityRequest("alko", " Krogtillsyn i centrum. ", DAY),
                              promise(), TODAY)
    assert activity.commitment == ["alkoholtillsyn"]
    assert activity.summary == "Krogtillsyn i centrum."
    assert activity.by == ["polisen", "kommunen"]
    assert activity.public is True


def test_also_adds_commitments_once_and_by_covers_all_their_owners() -> None:
    activity = build_activity(ActivityRequest("fot", "Gemensam kvällsrunda.", DAY,
                                              also=["vakt", "fotpatrullering"]),
                              promise(), TODAY)
    assert activity.commitment == ["fotpatrullering", "vaktare"]
    assert activity.by == ["polisen", "kommunen"]
    assert default_by(["vaktare", "fotpatrullering"], promise()) == ["kommunen", "polisen"]


def test_every_field_given() -> None:
    activity = build_activity(ActivityRequest(
        "trafik", "Hastighetskontroll.", DAY, by=["kommunen"], place=" Torget ",
        people_reached=12, hours=2.5, tags=["mopeder"], links=["Dnr 1"], public=False),
        promise(), TODAY)
    assert (activity.by, activity.place, activity.people_reached, activity.hours,
            activity.tags, activity.links, activity.public) == (
        ["kommunen"], "Torget", 12, 2.5, ["mopeder"], ["Dnr 1"], False)


def test_a_blank_place_is_no_place() -> None:
    activity = build_activity(ActivityRequest("trafik", "x", DAY, place="  "), promise(), TODAY)
    assert activity.place is None


def test_unknown_party_is_refused_with_a_suggestion() -> None:
    problems = problems_of(ActivityRequest("trafik", "x", DAY, by=["polis"]))
    assert [(p.code, p.field, p.message) for p in problems] == [
        ("unknown-party", "by",
         "`polis` is not a party in commitments.yaml; did you mean `polisen`?")]


@pytest.mark.parametrize(("day", "expected"), [
    (dt.date(2024, 6, 2), "date 2024-06-02 is after today (2024-06-01)"),
    (dt.date(2022, 12, 31), "date 2022-12-31 is before the promise starts (2023-01-01)"),
])
def test_a_date_in_the_future_or_outside_the_promise_is_refused(day: dt.date,
                                                                expected: str) -> None:
    [(field, problem)] = refused(ActivityRequest("trafik", "x", day))
    assert problem.startswith(expected)
    assert field == "date"


def test_a_retired_commitment_is_refused_even_though_check_only_warns() -> None:
    [(_field, problem)] = refused(ActivityRequest("trafiks", "x", DAY), promise(WITH_PREFIXES))
    assert problem.startswith("date 2024-03-14 is after `trafiksakerhet` was retired (2024-01-31)")


def test_every_problem_is_reported_at_once() -> None:
    problems = refused(ActivityRequest("nonesuch", "  ", dt.date(2030, 1, 1), by=["x"],
                                       people_reached=-1, hours=-0.5))
    assert problems[0][0] == "commitment"
    assert problems[0][1].startswith("no commitment has the id `nonesuch`")
    assert len(problems) == 1 + 6
    problems = refused(ActivityRequest("trafik", "  ", dt.date(2030, 1, 1), by=["x"],
                                       people_reached=-1, hours=-0.5, tags=[""]))
    assert problems == [
        ("summary", "`summary`: must not be empty"),
        ("people_reached", "`people_reached`: must be at least 0"),
        ("hours", "`hours`: must be at least 0"),
        ("tags", "`tags[1]`: must not be empty"),
        ("by", "`x` is not a party in commitments.yaml; parties: polisen, kommunen"),
        ("date", "date 2030-01-01 is after the promise ends (2025-12-31)"),
        ("date", "date 2030-01-01 is after today (2024-06-01); log an activity when it has "
                 "happened"),
    ]


def test_personal_data_in_a_public_activity_is_refused() -> None:
    [problem] = problems_of(ActivityRequest("trafik", "Kontroll, ringde 070-123 45 67.", DAY))
    assert problem.message.startswith("`summary` seems to contain a phone number (`")
    assert (problem.code, problem.field, problem.severity) == ("personal-data", "summary",
                                                               "warning")
    private = ActivityRequest("trafik", "Kontroll, ringde 070-123 45 67.", DAY, public=False)
    assert build_activity(private, promise(), TODAY).public is False


def test_hours_must_be_finite() -> None:
    [problem] = refused(ActivityRequest("trafik", "x", DAY, hours=float("nan")))
    assert problem == ("hours", "`hours`: must be a finite number")


def test_text_that_is_not_utf8_is_refused() -> None:
    # What Python makes of the byte 0xFF in a command line argument.
    problems = refused(ActivityRequest("trafik", "Kontroll \udcff", DAY, place="\udcff"))
    assert problems == [("summary", "this holds bytes that are not UTF-8 text; type it again"),
                        ("place", "this holds bytes that are not UTF-8 text; type it again")]


# --- small readers ------------------------------------------------------------------

def test_split_parties() -> None:
    assert split_parties(["polisen, kommunen", "polisen", " ", "x,,y"]) == [
        "polisen", "kommunen", "x", "y"]


def test_read_numbers() -> None:
    assert read_hours("3,5") == 3.5
    assert read_hours(" 2 ") == 2.0
    assert read_count(" 12 ") == 12
    with pytest.raises(InputError, match="`tre` is not a number of hours"):
        read_hours("tre")
    with pytest.raises(InputError, match=r"`1\.5` is not a whole number"):
        read_count("1.5")
