import datetime as dt
import errno
import hashlib
import os
import pickle
import re
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, reject, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from ruamel.yaml.nodes import ScalarNode

from lofte.domain.models import Activity
from lofte.storage import activity_writer as writer
from lofte.storage import atomic
from lofte.storage.yamlsafe import parse_yaml
from tests.conftest import examples

DAY = dt.date(2024, 3, 14)


def activity(**fields: object) -> Activity:
    values: dict[str, object] = {"date": DAY, "commitment": ["trafikkontroller"],
                                 "summary": "Hastighetskontroll vid skolan.", "by": ["polisen"]}
    values.update(fields)
    return Activity.model_validate(values)


# --- the text -----------------------------------------------------------------------

def test_keys_in_the_contract_order_and_letters_as_they_are() -> None:
    text = writer.render_activity(activity(
        summary="Hastighetskontroll vid Forshagaakademien, två trimmade mopeder.",
        place="Forshagaakademien", people_reached=40, hours=3.5, tags=["mopeder", "hastighet"],
        links=["Dnr KS 2024/12"]), "../../../schemas/activity.schema.json")
    assert text == """\
# yaml-language-server: $schema=../../../schemas/activity.schema.json
date: 2024-03-14
commitment: trafikkontroller
summary: Hastighetskontroll vid Forshagaakademien, två trimmade mopeder.
by: [polisen]
place: Forshagaakademien
people_reached: 40
hours: 3.5
tags: [mopeder, hastighet]
links: [Dnr KS 2024/12]
public: true
"""


def test_several_commitments_are_a_list_and_private_is_written() -> None:
    text = writer.render_activity(activity(commitment=["a", "b"], by=None, public=False,
                                           hours=12.0))
    assert text == ("date: 2024-03-14\ncommitment: [a, b]\n"
                    "summary: Hastighetskontroll vid skolan.\nhours: 12\npublic: false\n")


def test_a_long_summary_is_folded_at_spaces() -> None:
    summary = ("Gemensam tillsyn av tre krogar i centrum tillsammans med kommunens "
               "alkoholhandläggare; inga anmärkningar på två av dem, en fick en påminnelse "
               "om ålderskontroll vid entrén och om att personalen ska gå utbildningen.")
    text = writer.render_activity(activity(summary=summary))
    lines = text.splitlines()
    assert lines[2] == "summary: >-"
    assert all(len(line) <= writer.LINE_WIDTH for line in lines)
    assert all(line == line.rstrip() for line in lines)
    writer.verify_round_trip(text, activity(summary=summary))


def _wrapped_word_by_word(text: str) -> list[str]:
    """Greedy wrapping as plainly as it is said: a word goes on the line when it fits."""
    room = writer.LINE_WIDTH - len(writer.FOLD_INDENT)
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        if current and len(current) + 1 + len(word) > room:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}" if current else word
    lines.append(current)
    return lines


@settings(max_examples=examples(2000), deadline=None)
@given(st.lists(st.one_of(st.text(st.sampled_from("abå"), min_size=1, max_size=12),
                          st.integers(80, 100).map("x".__mul__)), min_size=1, max_size=60))
@example(["x" * 86, "y"])
@example(["x" * 87, "y" * 86])
@example(["x" * 200])
def test_folding_wraps_at_the_last_space_that_fits(words: list[str]) -> None:
    text = " ".join(words)
    assert writer._wrapped(text) == _wrapped_word_by_word(text)


def test_a_long_summary_that_cannot_be_folded_stays_on_one_quoted_line() -> None:
    summary = "Två  mellanslag: " + "x " * 60 + "slut"
    text = writer.render_activity(activity(summary=summary))
    assert "summary: >-" not in text
    writer.verify_round_trip(text, activity(summary=summary))


@pytest.mark.parametrize(("hours", "written"), [
    (1e-05, "0.00001"), (100000.0, "100000"), (0.1, "0.1"), (12.0, "12")])
def test_numbers_are_never_written_with_an_exponent(hours: float, written: str) -> None:
    text = writer.render_activity(activity(hours=hours))
    assert f"\nhours: {written}\n" in text
    writer.verify_round_trip(text, activity(hours=hours))


@settings(max_examples=examples(2000), deadline=None)
@given(st.floats(0, 1e20) | st.floats(allow_nan=False, allow_infinity=False))
@example(1e-05)
@example(1e16 + 2)
@example(123456.789)
def test_a_number_is_its_shortest_exact_decimal(value: float) -> None:
    exact = str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    assert writer._number(value) == exact


def test_round_trip_failure_is_detected() -> None:
    with pytest.raises(writer.RoundTripError, match="reads back differently"):
        writer.verify_round_trip("date: 2024-03-14\ncommitment: x\nsummary: y\n", activity())
    with pytest.raises(writer.RoundTripError, match="does not parse"):
        writer.verify_round_trip("date: [\n", activity())


slug = st.from_regex(r"\A[a-z0-9]{1,8}(-[a-z0-9]{1,5}){0,2}\Z")
text = st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=300)
words = st.lists(st.sampled_from(["mopeder", "två", "Forshaga", "ö", "#", ":", "-", "'",
                                  "\"", "[x]", "a,b", "yes", "null", "2024-03-14", "12",
                                  "&a", "*b", "!c", "%", "@", "`", "|", ">", "?", "{", "}"]),
                 min_size=1, max_size=60).map(" ".join)


@st.composite
def activities(draw: st.DrawFn) -> Activity:
    values = {
        "date": draw(st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31))),
        "commitment": draw(st.lists(slug, min_size=1, max_size=3)),
        "summary": draw(st.one_of(text, words).filter(lambda s: s.strip() != "")),
        "by": draw(st.none() | st.lists(slug, min_size=1, max_size=3)),
        "place": draw(st.none() | st.text(st.characters(exclude_categories=["Cs"]),
                                           max_size=40) | words),
        "people_reached": draw(st.none() | st.integers(0, 10_000_000)),
        "hours": draw(st.none() | st.floats(0, 100_000, allow_nan=False)),
        "tags": draw(st.lists(st.one_of(text, words), max_size=3)),
        "links": draw(st.lists(st.one_of(text, words), max_size=2)),
        "public": draw(st.booleans()),
    }
    return Activity.model_validate(values)


@settings(max_examples=examples(300), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(activities(), st.sampled_from([None, "../../schemas/activity.schema.json"]))
def test_any_valid_activity_loads_back_equal(item: Activity, reference: str | None) -> None:
    rendered = writer.render_activity(item, reference)
    parsed = parse_yaml(rendered)
    assert not parsed.problems, rendered
    assert Activity.model_validate(parsed.value) == item
    assert list(parsed.value) == [f for f in writer.ACTIVITY_FIELDS if f in parsed.value]


# --- the quick way to the text, held to the careful way ---------------------------------

# Pieces of Swedish text with everything that makes YAML think twice: quotes, `: `, `#`,
# indicators first, words YAML 1.1 or 1.2 reads as booleans or null, numbers and dates,
# line breaks, spaces at either end, unicode of every plane, and long runs to be folded.
TRICKY = ["Fotpatrull", "kring", "resecentrum", "och", "Storgatan,", "lugnt.", "Väktarrunda",
          "i", "Deje", "Öppen", "föreläsning", '"Cannabis', "–", "vad", "vet", "vi?\"", "på",
          "Forshaga", "bibliotek.", "Tema:", "droger", "kl.", "18:00", ":", ": ", "::", "a:b",
          "#", " #", "#1", "nr#2", "-", "- ", "-x", "--", "---", "...", ".", ".5", "?", "? ",
          "?x", "*", "*ref", "&", "&anchor", "!", "!tag", "%", "50%", "@", "@polisen", "`",
          "`kod`", "|", ">", "[", "]", "{", "}", ",", "'", "'citat'", "it's", '"', "\\",
          "yes", "no", "on", "off", "y", "n", "Yes", "NO", "true", "False", "null", "Null",
          "~", "12", "-5", "+1", "3.5", "3,5", "1e3", ".inf", "-.inf", ".nan", "0x1F", "0o7",
          "1_000", "2024-03-14", "2024-03-14 18:00", "18:00:00", "\n", "\r\n", "\t", " ",
          "  ", "\u00a0", "\u2028", "\u2029", "\x85", "\ufeff", "\u200b", "\u202e", "\x7f",
          "\x00", "å", "Ä", "ö", "é", "ß", "µ", "²", "½", "€", "—", "…", "«", "»", "„", "“",
          "𝐀", "😀", "\ue000", "\ufffd", "漢字", "مرحبا", "Ω",
          "Gemensam tillsyn av tre krogar i centrum tillsammans med kommunens "
          "alkoholhandläggare", "x" * 95]
pieces = st.lists(st.one_of(st.sampled_from(TRICKY),
                            st.text(st.characters(exclude_categories=["Cs"]), max_size=4)),
                  min_size=1, max_size=40)
tricky_text = st.tuples(pieces, st.sampled_from(["", " ", "  ", ", ", ": ", "\n"])).map(
    lambda drawn: drawn[1].join(drawn[0]))


@settings(max_examples=examples(2000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(tricky_text, st.sampled_from(["summary", "place"]))
def test_the_quick_line_is_the_line_ruamel_writes_and_it_reads_back(text: str,
                                                                      name: str) -> None:
    line = writer.quick_line(name, text)
    if line is None:
        return
    assert line == writer._dump(name, text)
    assert writer._reads_back(line, {name: text})
    folded = writer._folded(name, text) if len(line) > writer.LINE_WIDTH + 1 else None
    if folded is not None:  # taken without reading it back
        assert writer._reads_back(folded, {name: text})


@settings(max_examples=examples(2000), deadline=None)
@given(st.one_of(tricky_text, st.text(max_size=12)).filter(bool))
def test_the_quick_resolver_is_ruamels(text: str) -> None:
    resolved = writer._resolver().resolve(ScalarNode, text, (True, False))
    assert writer._resolves_as_text(text) == (str(resolved) == "tag:yaml.org,2002:str")


def test_the_letters_ruamel_has_rules_for_are_those_told_without_it() -> None:
    rules = writer._resolver().versioned_resolver
    assert {first for first in rules if first} == set(writer.RULED_FIRST)
    assert None not in rules
    letters = {first for first in rules if first and first.isalpha()}
    assert letters == set(writer.RULED_LETTERS)
    words = {f"{w}{x}" for w in ("true", "false", "null", "yes", "no", "on", "off", "n", "y")
             for x in ("", "s", " ")}
    words |= {w.upper() for w in words} | {w.title() for w in words} | {"tRUE", "nULL"}
    for word in sorted(words):
        matched = any(regexp.match(word) for letter in letters
                      for _tag, regexp in rules[letter] if word.startswith(letter))
        assert matched == (word in writer.NOT_TEXT_WORDS), word


UNESCAPED = re.compile("[\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]{1,10000}")


@settings(max_examples=examples(2000), deadline=None)
@given(st.one_of(tricky_text, st.text(max_size=12),
                 st.text(st.characters(min_codepoint=0x7E, max_codepoint=0xA1), max_size=3),
                 st.text(st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010), max_size=3),
                 st.text(st.characters(min_codepoint=0xFEF0, max_codepoint=0x10010),
                         max_size=3)))
@example("\ud800")
@example("a\udfff")
@example("\ufeff")
@example("\ufffe")
@example("x" * 10_001)
@example("aö😀")
@example("ö\u00a0")
def test_the_characters_ruamel_never_escapes(text: str) -> None:
    assert writer._unescaped(text) == bool(UNESCAPED.fullmatch(text))


def test_printable_text_has_none_of_the_characters_ruamel_escapes() -> None:
    # `_unescaped` looks no further at printable text than for a character beyond U+FFFF.
    assert not any(ch.isprintable() for ch in writer._ESCAPED_BELOW_FFFE | {"\ufffe", "\uffff"})


@settings(max_examples=examples(2000), deadline=None)
@given(st.text(min_size=1, max_size=12))
def test_a_word_of_letters_and_digits_is_plain_in_a_flow_list(text: str) -> None:
    # `_flow_item` takes `isalnum` for a match of `_PLAIN_IN_FLOW`.
    if text.isalnum():
        assert writer._PLAIN_IN_FLOW.fullmatch(text)


def careful_text(item: Activity, reference: str | None) -> str:
    """The text as written without the quick way: ruamel.yaml and reading back."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(writer, "quick_line", lambda name, text: None)
        patch.setattr(writer, "_resolves_as_text", lambda text: False)
        patch.setattr(writer, "_MADE", {})  # no line made the quick way before
        return writer.render_activity(item, reference)


@st.composite
def tricky_activities(draw: st.DrawFn) -> Activity:
    values = {
        "date": draw(st.dates(dt.date(1900, 1, 1), dt.date(2999, 12, 31))),
        "commitment": draw(st.lists(slug, min_size=1, max_size=3)),
        "summary": draw(tricky_text.filter(lambda s: len(s) <= 5000)),
        "by": draw(st.none() | st.lists(slug, min_size=1, max_size=3)),
        "place": draw(st.none() | tricky_text),
        "people_reached": draw(st.none() | st.integers(0, 10_000_000)),
        "hours": draw(st.none() | st.floats(0, 100_000, allow_nan=False)),
        "tags": draw(st.lists(tricky_text.filter(bool), max_size=3)),
        "links": draw(st.lists(tricky_text.filter(bool), max_size=2)),
        "public": draw(st.booleans()),
        "planned": draw(st.booleans()),
    }
    try:
        return Activity.model_validate(values)
    except ValidationError:  # a summary of blanks only, say
        reject()


@settings(max_examples=examples(1000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(tricky_activities(), activities()),
       st.sampled_from([None, "../../../schemas/activity.schema.json"]))
def test_the_quick_way_and_the_careful_way_write_the_same_bytes(item: Activity,
                                                                  reference: str | None) -> None:
    # The file's name holds a hash of its bytes: a single byte of difference would give
    # the same activity a second name.
    quick = writer.render_activity(item, reference)
    assert quick == careful_text(item, reference)
    writer.verify_round_trip(quick, item)


def typed(value: object) -> object:
    """`value` with the type of each part, so that 12, 12.0 and True differ."""
    if isinstance(value, dict):
        return {key: typed(item) for key, item in value.items()}
    if isinstance(value, list):
        return [typed(item) for item in value]
    return type(value).__name__, value


@settings(max_examples=examples(1000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(tricky_activities(), activities()),
       st.sampled_from([None, "../../../schemas/activity.schema.json",
                        "../../Ärenden 2024/activity.schema.json", "../x\u2028y.json"]))
def test_what_the_text_reads_as_is_known_without_reading_it(item: Activity,
                                                              reference: str | None) -> None:
    # A file whose reading is known is not read back before it is written: what is known
    # must be what the ledger's reader reads, type and all.
    text, read = writer.rendered_activity(item, reference)
    if read is not None:
        parsed = parse_yaml(text)
        assert not parsed.problems, text
        assert typed(parsed.value) == typed(read), text


def reads_as(read: dict[str, object], values: dict[str, object]) -> bool:
    """Whether `read` gives `values` as `Activity` takes them, told of the whole dict."""
    for name, value in values.items():
        if name not in read:
            if not (value is None or value == [] or (name == "planned" and value is False)):
                return False
            continue
        got = read[name]
        if name == "date":
            assert isinstance(value, dt.date)
            same = got == value.isoformat()
        elif name == "commitment" and type(got) is str:
            same = [got] == value
        elif type(value) is float and type(got) is int:
            same = got == value
        else:
            same = type(got) is type(value) and got == value
        if not same:
            return False
    return set(read) <= set(values)


@st.composite
def odd_values(draw: st.DrawFn) -> dict[str, object]:
    """Fields of an activity, some of them of a type or value the contract does not have."""
    values: dict[str, object] = {
        "date": draw(st.sampled_from([DAY, dt.datetime(2024, 3, 14, 18, 30)])),
        "commitment": draw(st.sampled_from([["a"], ["a", "b"], ["1"], ["yes"]])),
        "summary": draw(st.sampled_from(["Kväll.", "x: y", "yes", "a\nb", "😀"])),
        "by": draw(st.sampled_from([None, [], ["polisen"], ["null", "x y"]])),
        "place": draw(st.sampled_from([None, "Deje", "12", DAY, 5])),
        "people_reached": draw(st.sampled_from([None, 0, 3, 3.0, True])),
        "hours": draw(st.sampled_from([None, 0.5, 12.0, 12, float("nan"), float("inf"),
                                       True])),
        "tags": draw(st.sampled_from([[], ["kväll"], ["#1", "a, b"]])),
        "links": draw(st.sampled_from([[], ["https://example.se/a?b=c"]])),
        "public": draw(st.sampled_from([True, False, 1, 0])),
        "planned": draw(st.sampled_from([False, True, 0, "", None, [], 1])),
    }
    values.update(draw(st.dictionaries(st.sampled_from(["extra", "more"]),
                                       st.sampled_from([None, [], 0, "x"]), max_size=2)))
    return values


@settings(max_examples=examples(1000), deadline=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(tricky_activities().map(lambda item: {
           name: getattr(item, name) for name in writer.ACTIVITY_FIELDS}), odd_values()),
       st.sampled_from([None, "../../../schemas/activity.schema.json", "../x\u2028y.json"]))
def test_the_known_text_is_the_text_when_what_it_reads_gives_the_values(
        values: dict[str, object], reference: str | None) -> None:
    # `prepare_known_file` tells line by line what `rendered_fields` tells of the whole.
    text, read = writer.rendered_fields(values, reference)
    known = text if read is not None and reads_as(read, values) else None
    assert writer._known_text(values, reference) == known


def test_a_line_made_before_is_taken_again_for_the_same_value_of_the_same_type() -> None:
    values = {**dict.fromkeys(writer.ACTIVITY_FIELDS), "date": DAY, "commitment": ["a"],
              "summary": "Kväll.", "tags": ["kväll"], "hours": 1.0, "public": True,
              "planned": False}
    first = writer.rendered_fields(values)
    again = writer.rendered_fields(values)
    assert again == first
    assert first[1] is not None and again[1] is not None
    assert again[1]["tags"] is not first[1]["tags"]  # each caller its own list
    other = writer.rendered_fields({**values, "hours": 1, "public": 1})[0]
    assert other == first[0].replace("public: true", "public: 1")
    assert writer.rendered_fields({**values, "hours": 1.5})[0] == first[0].replace(
        "hours: 1\n", "hours: 1.5\n")


def test_a_known_line_told_before_is_told_alike_for_the_same_value_of_the_same_type(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer, "_KNOWN", {})
    values = {**dict.fromkeys(writer.ACTIVITY_FIELDS), "date": DAY, "commitment": ["a"],
              "summary": "Kväll.", "tags": ["kväll"], "hours": 1.0, "public": True,
              "planned": False}
    first = writer._known_text(values, None)
    assert first is not None and writer._known_text(values, None) == first
    assert writer._KNOWN  # told once, and taken again
    # told by type too: `True == 1`, but `public: 1` is another line
    assert writer._known_text({**values, "public": 1}, None) == first.replace(
        "public: true", "public: 1")
    assert writer._known_text(values, None) == first
    nan = float("nan")  # never reads as equal to itself: unknown, now and again
    assert writer._known_text({**values, "hours": nan}, None) is None
    assert writer._known_text({**values, "hours": nan}, None) is None


def test_everyday_activities_are_not_read_back() -> None:
    text, read = writer.rendered_activity(activity(
        summary="Fotpatrull kring resecentrum och Storgatan, lugnt: inga händelser.",
        place="Forshaga", people_reached=12, hours=2.5, tags=["kväll", "Deje centrum"],
        links=["Dnr KS 2024/12"]), "../../../schemas/activity.schema.json")
    assert read == parse_yaml(text).value


def test_the_quick_way_takes_everyday_text() -> None:
    for text in ("Fotpatrull kring resecentrum och Storgatan, lugnt.", "Forshaga bibliotek",
                 "Öppen föreläsning \"Cannabis – vad vet vi i dag?\" på biblioteket.",
                 "Tema: droger", "2024-03-14", "yes", " kant "):
        assert writer.quick_line("summary", text) is not None, text


# --- the name and the modeline ------------------------------------------------------

def test_the_location_known_from_the_start_is_the_one_worked_out_from_the_path(
        tmp_path: Path) -> None:
    prepared = writer.prepare_activity_file(tmp_path, activity())
    worked_out = writer.ActivityFile(prepared.path, prepared.text, prepared.root).location
    assert prepared.location == worked_out == (("activities", "2024"), prepared.path.name)
    assert prepared == writer.ActivityFile(prepared.path, prepared.text, prepared.root)


def test_a_file_made_in_its_folder_is_the_file_made_from_its_path(tmp_path: Path) -> None:
    prepared = writer.prepare_activity_file(tmp_path, activity())  # its path made when asked
    from_path = writer.ActivityFile(tmp_path / "activities" / "2024" / prepared.location[1],
                                    prepared.text, tmp_path)
    assert prepared == from_path and hash(prepared) == hash(from_path)
    assert pickle.loads(pickle.dumps(prepared)) == prepared
    assert prepared != writer.ActivityFile(from_path.path, prepared.text + "\n", tmp_path)
    with pytest.raises(AttributeError):
        prepared.text = "summary: other\n"


def test_the_name_is_date_first_commitment_and_content_hash(tmp_path: Path) -> None:
    prepared = writer.prepare_activity_file(tmp_path, activity(commitment=["b", "a"]))
    digest = hashlib.sha256(prepared.data).hexdigest()[:6]
    assert prepared.path == tmp_path / "activities" / "2024" / f"2024-03-14-b-{digest}.yaml"


def test_the_modeline_points_to_the_nearest_schema(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "schemas").mkdir()
    (repo / "schemas" / "activity.schema.json").write_text("{}")
    ledger = repo / "data"
    ledger.mkdir()
    prepared = writer.prepare_activity_file(ledger, activity())
    assert prepared.text.startswith(
        "# yaml-language-server: $schema=../../../schemas/activity.schema.json\n")
    (ledger / "schemas").mkdir()
    (ledger / "schemas" / "activity.schema.json").write_text("{}")
    assert writer.prepare_activity_file(ledger, activity()).text.startswith(
        "# yaml-language-server: $schema=../../schemas/activity.schema.json\n")


def test_no_modeline_without_a_schema_and_none_from_outside_the_repository(
        tmp_path: Path) -> None:
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "activity.schema.json").write_text("{}")
    ledger = tmp_path / "repo" / "data"
    (tmp_path / "repo" / ".git").mkdir(parents=True)
    ledger.mkdir()
    assert writer.prepare_activity_file(ledger, activity()).text.startswith("date: ")


# --- creating the file --------------------------------------------------------------

def listing(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_create_writes_the_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    prepared = writer.prepare_activity_file(tmp_path, activity())
    assert writer.create_activity_file(prepared) == prepared.path
    assert prepared.path.read_bytes() == prepared.data
    assert listing(tmp_path) == [str(prepared.path.relative_to(tmp_path))]
    assert prepared.path.stat().st_nlink == 1


def test_the_same_activity_twice_is_already_logged(tmp_path: Path) -> None:
    prepared = writer.prepare_activity_file(tmp_path, activity())
    writer.create_activity_file(prepared)
    assert writer.find_existing(prepared) == prepared.path
    with pytest.raises(writer.AlreadyLogged) as info:
        writer.create_activity_file(prepared)
    assert info.value.path == prepared.path
    assert len(listing(tmp_path)) == 1


def test_a_different_file_under_the_name_is_never_overwritten(tmp_path: Path) -> None:
    prepared = writer.prepare_activity_file(tmp_path, activity())
    prepared.path.parent.mkdir(parents=True)
    prepared.path.write_bytes(b"other\n")
    with pytest.raises(writer.NameTaken):
        writer.find_existing(prepared)
    with pytest.raises(writer.NameTaken):
        writer.create_activity_file(prepared)
    assert prepared.path.read_bytes() == b"other\n"
    assert len(listing(tmp_path)) == 1


def test_many_files_are_looked_for_in_one_listing_of_their_folder(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    logged = writer.prepare_activity_file(tmp_path, activity())
    writer.create_activity_file(logged)
    later = writer.prepare_activity_file(tmp_path, activity(summary="Ännu en runda."))
    elsewhere = writer.prepare_activity_file(tmp_path, activity(date=dt.date(2025, 3, 1)))
    opened: list[str] = []
    real_read = writer.read_regular_at

    def read(folder: int, name: str, limit: int) -> bytes | None:
        opened.append(name)
        return real_read(folder, name, limit)

    monkeypatch.setattr(writer, "read_regular_at", read)
    with writer.LedgerFolders(tmp_path) as folders:
        assert writer.find_existing(logged, folders) == logged.path
        assert writer.find_existing(later, folders) is None
        assert writer.find_existing(elsewhere, folders) is None  # no such year folder
        writer.create_activity_file(later)  # after the listing: found when named
        assert writer.find_existing(later, folders) is None
    assert opened == [logged.path.name]  # only a name that is there is opened
    assert writer.find_existing(later) == later.path  # without the listing: opened


def no_hard_links(source: object, target: object, **_dir_fds: object) -> None:
    raise OSError(errno.EPERM, "Operation not permitted")


def test_without_hard_links_an_exclusive_create_is_used(tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer.os, "link", no_hard_links)
    prepared = writer.prepare_activity_file(tmp_path, activity())
    writer.create_activity_file(prepared)
    assert prepared.path.read_bytes() == prepared.data
    with pytest.raises(writer.AlreadyLogged):
        writer.create_activity_file(prepared)
    assert len(listing(tmp_path)) == 1


def test_any_failure_removes_the_temporary_file(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(source: object, target: object, **_dir_fds: object) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(writer.os, "link", broken)
    prepared = writer.prepare_activity_file(tmp_path, activity())
    with pytest.raises(OSError, match="Input/output error"):
        writer.create_activity_file(prepared)
    assert listing(tmp_path) == []



# --- syncfs, the barrier of many files (lofte import: tests/test_staging.py) ------------

@pytest.mark.skipif(atomic.find_syncfs() is None, reason="syncfs(2) reports errors on Linux 5.8+")
def test_syncfs_is_there_where_it_is_used(tmp_path: Path) -> None:
    syncfs = atomic.find_syncfs()
    assert syncfs is not None
    descriptor = os.open(tmp_path, os.O_RDONLY)
    try:
        syncfs(descriptor)
        with pytest.raises(OSError):
            syncfs(-1)
    finally:
        os.close(descriptor)
