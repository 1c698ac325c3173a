"""Round trips: a model dumped to YAML (by ruamel.yaml, as an editor or another tool would
write it) loads back equal through lofte's reader (beancount's print-parse-compare)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from lofte.domain.models import Activity, Commitment, CommitmentsFile, Party, Promise, Target
from lofte.storage.yamlsafe import parse_yaml
from tests.conftest import examples

slugs = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,2}", fullmatch=True)
# Any printable text, including å/ä/ö, quotes, colons, '#', leading spaces and YAML words.
texts = st.text(
    alphabet=st.characters(codec="utf-8", categories=("L", "N", "P", "S", "Zs"),
                           exclude_characters="\x85\u2028\u2029"),
    min_size=1, max_size=120,
).filter(lambda s: s.strip() != "")
tricky = st.sampled_from(["true", "no", "null", "~", "2024-03-14", "0o17", "1_000", ".5",
                          "- x", "a: b", "#x", "'", '"', " leading", "trailing ", "åäö ÅÄÖ"])
summaries = st.one_of(texts, tricky)
dates = st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 12, 31))


def dump_yaml(data: Any) -> str:
    """YAML as ruamel.yaml writes it: block style, å/ä/ö literal, keys in order."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]
    yaml.width = 88
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()


def _round_trip(data: dict[str, Any]) -> Any:
    parsed = parse_yaml(dump_yaml(data))
    assert parsed.problems == []
    return parsed.value


activities = st.builds(
    Activity,
    date=dates,
    commitment=st.lists(slugs, min_size=1, max_size=3),
    summary=summaries,
    by=st.one_of(st.none(), st.lists(slugs, min_size=1, max_size=2)),
    place=st.one_of(st.none(), summaries),
    people_reached=st.one_of(st.none(), st.integers(0, 10_000_000)),
    hours=st.one_of(st.none(), st.floats(0, 100_000, allow_nan=False)),
    tags=st.lists(summaries, max_size=3),
    links=st.lists(summaries, max_size=2),
    public=st.booleans(),
)


@settings(max_examples=examples(300))
@given(activities)
def test_activity_round_trips(activity: Activity) -> None:
    data = activity.model_dump(mode="json", exclude_defaults=True)
    assert Activity.model_validate(_round_trip(data)) == activity


commitments = st.builds(
    Commitment,
    id=slugs,
    title=texts.map(lambda s: s[:80]),
    text=st.one_of(st.none(), texts),
    owners=st.lists(slugs, min_size=1, max_size=2),
    max_gap_days=st.one_of(st.none(), st.integers(1, 3660)),
    target=st.one_of(st.none(), st.builds(
        Target, per=st.sampled_from(["week", "month", "quarter", "tertial", "year"]),
        at_least=st.integers(1, 10))),
    active_from=st.one_of(st.none(), dates),
    retired_on=st.one_of(st.none(), dates),
)


@settings(max_examples=examples(100))
@given(
    st.builds(Promise, id=slugs, title=texts, valid_from=dates, valid_until=dates,
              focus=st.one_of(st.none(), texts), problem_areas=st.lists(texts, max_size=3)),
    st.dictionaries(slugs, st.builds(Party, name=texts), min_size=1, max_size=3),
    st.lists(commitments, max_size=4),
)
def test_commitments_file_round_trips(promise: Promise, parties: dict[str, Party],
                                      items: list[Commitment]) -> None:
    model = CommitmentsFile(promise=promise, parties=parties, commitments=items)
    data = model.model_dump(mode="json", exclude_defaults=True)
    assert CommitmentsFile.model_validate(_round_trip(data)) == model
