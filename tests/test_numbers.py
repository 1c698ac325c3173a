"""Numbers in every output follow one rule: at most two decimals, no trailing zeros, and
the decimal mark and thousands separator of the output (a language, a CSV, Excel)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lofte.domain.ledger import Ledger, RecordedActivity
from lofte.domain.models import Activity
from lofte.domain.report import build_report
from lofte.render.numbers import EXCEL_SV, PLAIN, format_number, number_style
from lofte.render.report_csv import render_csv
from lofte.render.report_text import format_number as report_number
from lofte.render.report_text import texts_for
from tests.conftest import Invoke, MakeLedger
from tests.promise_data import validated_promise


@pytest.mark.parametrize(("value", "sv", "en", "plain", "excel"), [
    (0, "0", "0", "0", "0"),
    (3.0, "3", "3", "3", "3"),
    (6.5, "6,5", "6.5", "6.5", "6,5"),
    (6.25, "6,25", "6.25", "6.25", "6,25"),
    (2.005, "2", "2", "2", "2"),  # 2.00499999...: two decimals, rounded
    (0.125, "0,12", "0.12", "0.12", "0,12"),  # exactly half: to even, as Python rounds
    (1234.5, "1\u00a0234,5", "1,234.5", "1234.5", "1234,5"),
    (1234567, "1\u00a0234\u00a0567", "1,234,567", "1234567", "1234567"),
    (10_000_000, "10\u00a0000\u00a0000", "10,000,000", "10000000", "10000000"),
    (100_000.0, "100\u00a0000", "100,000", "100000", "100000"),
])
def test_one_rule_four_styles(value: float, sv: str, en: str, plain: str, excel: str) -> None:
    assert format_number(value, number_style("sv")) == sv
    assert format_number(value, number_style("en")) == en
    assert format_number(value, PLAIN) == plain
    assert format_number(value, EXCEL_SV) == excel


def test_an_unknown_language_writes_numbers_as_swedish() -> None:
    assert number_style("fi") == number_style("sv")


@given(st.floats(min_value=0, max_value=100_000, allow_nan=False) | st.integers(0, 10**7))
def test_plain_numbers_read_back_as_the_value_to_two_decimals(value: float) -> None:
    text = format_number(value, PLAIN)
    assert "e" not in text and not text.endswith(".") and not text.endswith("0.0")
    assert abs(float(text) - value) <= 0.005 + 1e-9 * value
    assert format_number(value, EXCEL_SV) == text.replace(".", ",")


def test_the_report_and_its_csv_write_the_same_hours(tmp_path: Path) -> None:
    data = {"promise": {"id": "p", "title": "P", "valid_from": "2024-01-01",
                        "valid_until": "2024-12-31", "language": "en"},
            "parties": {"polisen": {"name": "Polisen"}},
            "commitments": [{"id": "a", "title": "A", "owners": ["polisen"]}]}
    entry = RecordedActivity(Activity(date=dt.date(2024, 2, 1), commitment=["a"],
                                      summary="x", hours=1234.5, people_reached=2000),
                             "a.yaml")
    report = build_report(Ledger(validated_promise(data), (entry,)),
                          dt.date(2024, 1, 1), dt.date(2024, 4, 30))
    assert report_number(1234.5, texts_for("en")) == "1,234.5"
    assert report_number(1234.5, texts_for("sv")) == "1\u00a0234,5"
    assert render_csv(report).splitlines()[1].split(",")[5:7] == ["2000", "1234.5"]
    assert render_csv(report, excel=True).splitlines()[1].split(";")[5:7] == ["2000",
                                                                              "1234,5"]


SHOW_HOURS = ("date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull.\n"
              "hours: 1234.5\npeople_reached: 2500\n")


@pytest.mark.parametrize(("language", "hours", "people"), [
    ("en", "1,234.5 hours", "2,500 people"),
    ("sv", "1\u00a0234,5 timmar", "2\u00a0500 personer"),
])
def test_show_writes_numbers_as_its_language_does(invoke: Invoke, make_ledger: MakeLedger,
                                                  language: str, hours: str,
                                                  people: str) -> None:
    root = make_ledger({"a.yaml": SHOW_HOURS})
    result = invoke("show", "fotpatrullering", "--as-of", "2024-06-01", cwd=root,
                    env={"LOFTE_LANG": language})
    assert result.exit_code == 0, result.output
    assert hours in result.stdout
    assert people in result.stdout
