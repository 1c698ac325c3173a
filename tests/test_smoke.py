from pathlib import Path

from tests.conftest import Invoke, MakeLedger


def test_check_passes_on_a_clean_ledger(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"2024/a.yaml": "date: 2024-03-14\ncommitment: fotpatrullering\n"
                                       "summary: Fotpatrull vid torget.\n"})
    result = invoke("check", cwd=root)
    assert result.exit_code == 0, result.output
    assert result.stdout == "ok: 4 commitments, 1 activity in 2 files, no problems found\n"


def test_check_reports_and_exits_1(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"a.yaml": "date: 2024-03-14\ncommitment: fotpatrul\nsummary: x\n"})
    result = invoke("check", "--ledger", str(root), cwd=Path(root).parent)
    assert result.exit_code == 1, result.output
    assert "ledger/activities/a.yaml:2:13: error[unknown-commitment]" in result.stdout
