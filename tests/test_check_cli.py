"""`lofte check` through the CLI: output formats, exit codes, finding the ledger."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lofte.domain.findings import Finding
from lofte.render.check import Counts, render_github
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

# Three findings in two files; the file written first sorts last.
THREE = {
    "a.yaml": "date: 2022-01-01\ncommitment: vaktare\nsummary: x\npeople: 3\n",
    "2024/b.yaml": "date: 2024-03-14\ncommitment: fotpatrul\nsummary: x\n",
}
TEXT = """\
activities/2024/b.yaml:2:13: error[unknown-commitment]: no commitment has the id `fotpatrul`; \
did you mean `fotpatrullering`?
activities/a.yaml:1:7: error[date-outside-promise]: date 2022-01-01 is before the promise \
starts (2023-01-01)
activities/a.yaml:4:1: error[unknown-field]: unknown field `people`; did you mean \
`people_reached`?
3 errors in 4 commitments, 2 activities in 3 files
"""
GITHUB = """\
::error file=activities/2024/b.yaml,line=2,col=13,title=unknown-commitment%3A Unknown \
commitment::no commitment has the id `fotpatrul`; did you mean `fotpatrullering`?
::error file=activities/a.yaml,line=1,col=7,title=date-outside-promise%3A Date outside the \
promise period::date 2022-01-01 is before the promise starts (2023-01-01)
::error file=activities/a.yaml,line=4,col=1,title=unknown-field%3A Unknown field::unknown \
field `people`; did you mean `people_reached`?
3 errors in 4 commitments, 2 activities in 3 files
"""
CLEAN = {"x.yaml": "date: 2024-03-14\ncommitment: fotpatrullering\nsummary: Fotpatrull.\n"}
OK_LINE = "ok: 4 commitments, 1 activity in 2 files, no problems found\n"
# A warning only: vaktare becomes active after the activity's date.
WARN_COMMITMENTS = MINI_COMMITMENTS.replace("    max_gap_days: 7\n",
                                            "    max_gap_days: 7\n    active_from: 2024-06-01\n")
WARN = {"x.yaml": "date: 2024-03-14\ncommitment: vaktare\nsummary: Väktarrunda.\n"}


def test_text_golden(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("check", cwd=make_ledger(THREE))
    assert result.exit_code == 1
    assert result.stdout == TEXT
    assert result.stderr == ""


def test_text_clean(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("check", "--format", "text", cwd=make_ledger(CLEAN))
    assert result.exit_code == 0, result.output
    assert result.stdout == OK_LINE


def test_github_golden(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("check", "--format", "github", cwd=make_ledger(THREE))
    assert result.exit_code == 1
    assert result.stdout == GITHUB


def test_github_escaping() -> None:
    finding = Finding("/nowhere/dir,1/a:b%.yaml", 3, 5, "warning", "wrong-type",
                      "50% done\nnext: a, b\r")
    lines = render_github([finding], Counts(1, 1, 2), cwd="/nowhere")
    assert lines[0] == ("::warning file=dir%2C1/a%3Ab%25.yaml,line=3,col=5,"
                        "title=wrong-type%3A Wrong type::50%25 done%0Anext: a, b%0D")
    assert lines[1] == "1 warning in 1 commitment, 1 activity in 2 files"


def test_json(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("check", "--format", "json", cwd=make_ledger(THREE))
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert list(document) == ["ok", "findings", "counts"]
    assert document["ok"] is False
    assert document["counts"] == {"commitments": 4, "activities": 2, "files": 3}
    assert all(list(f) == ["path", "line", "column", "severity", "code", "message"]
               for f in document["findings"])
    assert document["findings"][0] == {
        "path": "activities/2024/b.yaml", "line": 2, "column": 13, "severity": "error",
        "code": "unknown-commitment",
        "message": "no commitment has the id `fotpatrul`; did you mean `fotpatrullering`?"}
    assert [f["code"] for f in document["findings"]] == [
        "unknown-commitment", "date-outside-promise", "unknown-field"]


def test_json_clean_keeps_non_ascii(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("check", "--format", "json", cwd=make_ledger(WARN, WARN_COMMITMENTS))
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["ok"] is True
    assert document["findings"][0]["severity"] == "warning"
    assert "`vaktare`" in document["findings"][0]["message"]


@pytest.mark.parametrize("fmt", ["text", "github", "json"])
def test_strict(fmt: str, invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(WARN, WARN_COMMITMENTS)
    lenient = invoke("check", "--format", fmt, cwd=root)
    strict = invoke("check", "--format", fmt, "--strict", cwd=root)
    assert lenient.exit_code == 0, lenient.output
    assert strict.exit_code == 1, strict.output
    assert "warning" in lenient.stdout
    assert "warning" not in strict.stdout
    assert strict.stdout == lenient.stdout.replace("warning", "error").replace(
        '"ok": true', '"ok": false')


def test_text_warning_line(invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke("check", cwd=make_ledger(WARN, WARN_COMMITMENTS))
    assert result.stdout == (
        "activities/x.yaml:1:7: warning[commitment-inactive]: date 2024-03-14 is before "
        "`vaktare` became active (2024-06-01)\n"
        "1 warning in 4 commitments, 1 activity in 2 files\n")


@pytest.mark.parametrize("target", ["ledger", "ledger/commitments.yaml"])
@pytest.mark.parametrize("before_command", [False, True])
def test_ledger_option(target: str, before_command: bool, invoke: Invoke,
                       make_ledger: MakeLedger, tmp_path: Path) -> None:
    make_ledger(THREE)
    args = ["--ledger", target, "check"] if before_command else ["check", "--ledger", target]
    result = invoke(*args, cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert result.stdout == TEXT.replace("activities/", "ledger/activities/")


def test_ledger_option_absolute(invoke: Invoke, make_ledger: MakeLedger,
                                tmp_path: Path) -> None:
    root = make_ledger(CLEAN)
    (tmp_path / "elsewhere").mkdir()
    result = invoke("check", "--ledger", str(root), cwd=tmp_path / "elsewhere")
    assert result.exit_code == 0, result.output
    assert result.stdout == OK_LINE


def test_ledger_option_absolute_prints_paths_from_the_working_folder(
        invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path) -> None:
    root = make_ledger(THREE)
    result = invoke("check", "--ledger", str(root), cwd=tmp_path)
    assert result.exit_code == 1, result.output
    assert result.stdout == TEXT.replace("activities/", "ledger/activities/")


def test_ledger_from_environment(invoke: Invoke, make_ledger: MakeLedger,
                                 tmp_path: Path) -> None:
    root = make_ledger(THREE)
    result = invoke("check", cwd=tmp_path, env={"LOFTE_LEDGER": str(root / "commitments.yaml")})
    assert result.exit_code == 1, result.output
    assert result.stdout == TEXT.replace("activities/", "ledger/activities/")


def test_option_wins_over_environment(invoke: Invoke, make_ledger: MakeLedger,
                                      tmp_path: Path) -> None:
    make_ledger(THREE)
    clean = make_ledger(CLEAN, name="clean")
    result = invoke("check", "--ledger", str(clean), cwd=tmp_path,
                    env={"LOFTE_LEDGER": str(tmp_path / "ledger")})
    assert result.exit_code == 0, result.output


def test_discovery_walks_up(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(THREE)
    result = invoke("check", cwd=root / "activities" / "2024")
    assert result.exit_code == 1, result.output
    assert result.stdout.splitlines()[:3] == [
        "b.yaml:2:13: error[unknown-commitment]: no commitment has the id `fotpatrul`; "
        "did you mean `fotpatrullering`?",
        "../a.yaml:1:7: error[date-outside-promise]: date 2022-01-01 is before the promise "
        "starts (2023-01-01)",
        "../a.yaml:4:1: error[unknown-field]: unknown field `people`; did you mean "
        "`people_reached`?",
    ]


def test_discovery_finds_data_folder(invoke: Invoke, make_ledger: MakeLedger,
                                     tmp_path: Path) -> None:
    make_ledger(THREE, name="repo/data")
    (tmp_path / "repo" / "docs").mkdir()
    for cwd in (tmp_path / "repo", tmp_path / "repo" / "docs"):
        result = invoke("check", cwd=cwd)
        assert result.exit_code == 1, result.output
        assert "data/activities/a.yaml:4:1: error[unknown-field]" in result.stdout


@pytest.mark.parametrize("args", [["check"], ["check", "--ledger", "nowhere"]])
def test_ledger_not_found(args: list[str], invoke: Invoke, tmp_path: Path) -> None:
    result = invoke(*args, cwd=tmp_path)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "--ledger" in result.stderr
    assert "lofte init" in result.stderr
    assert "Traceback" not in result.output


def test_folder_without_commitments_is_not_a_ledger(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "activities").mkdir()
    result = invoke("check", "--ledger", str(tmp_path), cwd=tmp_path)
    assert result.exit_code == 2
    assert "lofte init" in result.stderr


@pytest.mark.parametrize("args", [["check", "--bogus"], ["check", "--format", "xml"]])
def test_usage_errors(args: list[str], invoke: Invoke, make_ledger: MakeLedger) -> None:
    result = invoke(*args, cwd=make_ledger(CLEAN))
    assert result.exit_code == 2
    assert result.stdout == ""


def test_all_findings_in_one_run_sorted(invoke: Invoke, make_ledger: MakeLedger) -> None:
    activities = {f"{n}/x.yaml": f"date: 2024-03-14\ncommitment: nope{n}\nsummary: x\n"
                  for n in (9, 3, 7, 1)}
    activities["1/x.yaml"] += "oops: 1\n"
    root = make_ledger(activities, MINI_COMMITMENTS.replace("polisen]\n    max_gap_days: 14",
                                                            "polis]\n    max_gap_days: 14"))
    result = invoke("check", "--format", "json", cwd=root)
    assert result.exit_code == 1
    found = [(f["path"], f["line"], f["code"]) for f in json.loads(result.stdout)["findings"]]
    assert found == [
        ("activities/1/x.yaml", 2, "unknown-commitment"),
        ("activities/1/x.yaml", 4, "unknown-field"),
        ("activities/3/x.yaml", 2, "unknown-commitment"),
        ("activities/7/x.yaml", 2, "unknown-commitment"),
        ("activities/9/x.yaml", 2, "unknown-commitment"),
        ("commitments.yaml", 12, "unknown-party"),
    ]
