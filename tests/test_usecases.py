"""The use cases, called as any front end calls them: plain data in, plain data out, no
Typer, no console. (The CLI tests run the same paths through the commands.)"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from lofte.domain.new_activity import ActivityRequest
from lofte.domain.problems import Refused
from lofte.storage.activity_writer import AlreadyLogged
from lofte.usecases.check import check_ledger
from lofte.usecases.ledger import LedgerUnusable, open_ledger
from lofte.usecases.log import log_activity, open_promise, prepare_log
from lofte.usecases.report import (
    NothingToReport,
    PersonalDataRefused,
    ReportFormat,
    ReportOptions,
    public_report,
    save_report,
)
from lofte.usecases.show import commitment_detail
from lofte.usecases.status import ledger_status
from tests.conftest import MakeLedger

TODAY = dt.date(2024, 6, 1)
OK = "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n"
PHONE = "date: 2024-03-15\ncommitment: vaktare\nsummary: Ring 070-123 45 67.\n"
BROKEN = "date: 2024-03-14\ncommitment: fotpatrul\nsummary: x\n"


def test_check_ledger_returns_sorted_findings_and_counts(make_ledger: MakeLedger) -> None:
    root = make_ledger({"b.yaml": BROKEN, "a.yaml": OK, "c.yaml": PHONE})
    result = check_ledger(root, TODAY)
    assert not result.ok
    assert [(Path(f.path).name, f.code, f.severity) for f in result.findings] == [
        ("b.yaml", "unknown-commitment", "error"), ("c.yaml", "personal-data", "warning")]
    assert (result.commitments, result.activities, result.files) == (4, 3, 4)
    strict = check_ledger(root, TODAY, strict=True)
    assert {f.severity for f in strict.findings} == {"error"}


def test_open_ledger_refuses_an_unusable_promise(make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments="promise: [\n")
    with pytest.raises(LedgerUnusable) as info:
        open_ledger(root, TODAY)
    assert [f.code for f in info.value.result.findings] == ["yaml-syntax"]


def test_open_ledger_keeps_the_valid_part(make_ledger: MakeLedger) -> None:
    opened = open_ledger(make_ledger({"a.yaml": OK, "b.yaml": BROKEN}), TODAY)
    assert len(opened.ledger.entries) == 1
    assert opened.errors == 1


def test_ledger_status_resolves_owners_and_refuses_unknown_ones(
        make_ledger: MakeLedger) -> None:
    ledger = open_ledger(make_ledger({"a.yaml": OK}), TODAY).ledger
    report = ledger_status(ledger, TODAY, owners=["KOMMUNEN"]).report
    assert {row.id for row in report.rows} == {"alkoholtillsyn", "vaktare"}
    assert [r.id for r in ledger_status(ledger, TODAY, states=["ok"]).report.rows] == []
    with pytest.raises(Refused) as info:
        ledger_status(ledger, TODAY, owners=["polis"])
    [problem] = info.value.problems
    assert (problem.code, problem.field) == ("unknown-party", "owner")
    assert "did you mean `polisen`?" in problem.message


def test_commitment_detail_by_prefix_in_any_case(make_ledger: MakeLedger) -> None:
    ledger = open_ledger(make_ledger({"a.yaml": OK}), TODAY).ledger
    detail = commitment_detail(ledger, "FOT", TODAY)
    assert detail.status.id == "fotpatrullering"
    with pytest.raises(Refused) as info:
        commitment_detail(ledger, "xyzzy", TODAY)
    assert info.value.problems[0].code == "unknown-commitment"


def test_public_report_refuses_personal_data_unless_allowed(make_ledger: MakeLedger) -> None:
    opened = open_ledger(make_ledger({"a.yaml": OK, "c.yaml": PHONE}), TODAY)
    with pytest.raises(PersonalDataRefused) as info:
        public_report(opened, TODAY, None, None, ReportOptions(ReportFormat.markdown))
    assert [Path(f.path).name for f in info.value.flagged] == ["c.yaml"]
    allowed = public_report(opened, TODAY, None, None,
                            ReportOptions(ReportFormat.markdown, allow_personal_data=True))
    assert len(allowed.flagged) == 1
    assert b"070-123 45 67" in allowed.content
    march = public_report(opened, TODAY, dt.date(2024, 3, 14), dt.date(2024, 3, 14),
                          ReportOptions(ReportFormat.csv))
    assert march.flagged == []
    assert b"Fotpatrull vid torget." in march.content


def test_public_report_of_nothing(make_ledger: MakeLedger) -> None:
    opened = open_ledger(make_ledger(), TODAY)
    with pytest.raises(NothingToReport):
        public_report(opened, TODAY, dt.date(2030, 1, 1), None,
                      ReportOptions(ReportFormat.html))


def test_save_report_never_replaces_a_ledger_file(make_ledger: MakeLedger,
                                                  tmp_path: Path) -> None:
    root = make_ledger()
    with pytest.raises(Refused) as info:
        save_report(root, root / "commitments.yaml", b"x")
    assert info.value.problems[0].code == "output-refused"
    save_report(root, tmp_path / "report.md", b"# Rapport\n")
    assert (tmp_path / "report.md").read_bytes() == b"# Rapport\n"


def test_log_activity_writes_once_and_refuses_with_fields(make_ledger: MakeLedger) -> None:
    root = make_ledger()
    promise = open_promise(root)
    request = ActivityRequest("fot", "Fotpatrull vid torget.", dt.date(2024, 3, 14),
                              people_reached=12)
    path = log_activity(root, promise.promise_file, request, TODAY)
    assert path.parent == root / "activities" / "2024"
    assert "people_reached: 12" in path.read_text(encoding="utf-8")
    with pytest.raises(AlreadyLogged):
        prepare_log(root, promise.promise_file, request, TODAY)
    bad = ActivityRequest("fot", "", dt.date(2030, 1, 1), by=["polis"], hours=-1)
    with pytest.raises(Refused) as info:
        prepare_log(root, promise.promise_file, bad, TODAY)
    assert [(p.code, p.field) for p in info.value.problems] == [
        ("invalid-value", "summary"), ("invalid-value", "hours"), ("unknown-party", "by"),
        ("date-outside-promise", "date"), ("date-in-future", "date")]
