"""Swedish and English through the command line: the language choice end to end, golden
tables in both languages, Swedish help and findings, machine output that stays English, a
report that follows its ledger and not the user, and shell completion of ids.

The Swedish golden table lives beside the English one in tests/golden/status/; rewrite both
with `LOFTE_UPDATE_GOLDEN=1 pytest tests/test_i18n_cli.py tests/test_status_cli.py`.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from lofte.cli import app
from lofte.cli.completion import (
    commitment_candidates,
    complete_commitment,
    complete_party,
    party_candidates,
)
from tests.conftest import MINI_COMMITMENTS, WIDTH, Invoke, MakeLedger

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "status"
AS_OF = "2025-06-30"
STATES = {"overdue", "due", "ok", "paused", "not-started", "retired"}
# Every variable that can choose the language, removed: each test names the one it means.
NO_LANGUAGE = {"LOFTE_LANG": None, "LC_ALL": None, "LC_MESSAGES": None, "LANG": None}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LOFTE_UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing {path}; run with LOFTE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def lofte_process(*args: str, env: Mapping[str, str | None],
                  cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    """`python -m lofte ARGS...` as its own process, in an environment that names the
    language only as `env` says."""
    environment = {name: value for name, value in os.environ.items()
                   if name not in NO_LANGUAGE}
    environment.update({"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb",
                        "LOFTE_LEDGER": "", "PYTHONIOENCODING": "utf-8"})
    environment.update({name: value for name, value in env.items() if value is not None})
    return subprocess.run([sys.executable, "-m", "lofte", *args], cwd=cwd, env=environment,
                          capture_output=True, text=True, encoding="utf-8", timeout=60,
                          check=False)


# --- the same table in both languages -------------------------------------------------

@pytest.mark.parametrize(("language", "name"), [("en", "table.txt"), ("sv", "table.sv.txt")])
def test_golden_table_in_both_languages(invoke: Invoke, language: str, name: str) -> None:
    result = invoke("status", "--as-of", AS_OF, "--ledger", "examples/demo", cwd=REPO,
                    env={"LOFTE_LANG": language})
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    check_golden(name, result.stdout)


def test_swedish_table_uses_the_swedish_words(invoke: Invoke) -> None:
    # Wider than the golden table: Swedish needs more room, and at 100 columns the owners
    # and the bars give way (as they do in English on a narrower screen).
    result = invoke("status", "--as-of", AS_OF, "--ledger", "examples/demo", cwd=REPO,
                    env={"LOFTE_LANG": "sv", "COLUMNS": "140"})
    out = result.stdout
    assert "läget per 2025-06-30 (v. 27)" in out
    for words in ("Läge", "Åtagande", "Ansvariga", "Senaste aktivitet", "Antal", "Mål",
                  "Nästa planerade", "✗ försenat", "! snart dags", "✓ i fas", "‖ pausat",
                  "ingen aktivitet registrerad", "2025-03-15  för 107 dagar sedan",
                  "2025-06-30  i dag", "båda", "118/130 veckor",
                  "4 försenade · 2 snart dags · 11 i fas · 1 pausat",
                  "staplar: aktiviteter per vecka, v. 16–v. 27; █ = 4"):
        assert words in out, words
    for english in ("overdue", "days ago", "no activity logged", "both", "bars", "paused",
                    "Next planned"):
        assert english not in out, english


def test_swedish_markdown_and_show(invoke: Invoke) -> None:
    markdown = invoke("status", "--as-of", AS_OF, "--ledger", "examples/demo",
                      "--format", "markdown", cwd=REPO, env={"LOFTE_LANG": "sv"}).stdout
    assert "| Läge | Åtagande | Ansvariga | Senaste aktivitet |" in markdown
    assert "| Mål | Nästa planerade |" in markdown
    assert "✗ försenat" in markdown
    assert "| ‖ pausat |" in markdown
    assert "(för 107 dagar sedan)" in markdown
    show = invoke("show", "kompetensutveckling", "--as-of", AS_OF, "--ledger",
                  "examples/demo", cwd=REPO, env={"LOFTE_LANG": "sv"}).stdout
    for words in ("Läge", "! snart dags: senaste aktivitet", "Ansvariga", "Max uppehåll",
                  "180 dagar: snart dags efter 136 dagar utan aktivitet, försenat efter 181",
                  "Mål", "inget", "Nästa planerade",
                  "2025-10-02 · Utbildning för fritidsledare i att tidigt upptäcka missbruk.",
                  "Aktiviteter per vecka", "Summor, 2023-01-01 – 2025-06-30",
                  "Per part", "Aktiviteter, senaste först"):
        assert words in show, words


# --- the language choice, end to end ---------------------------------------------------

# A process for each row in the full run; the quick run starts two (the choice itself is
# tested row by row in tests/test_i18n.py, and in-process below).
SLOW = pytest.mark.slow


@pytest.mark.parametrize(("env", "swedish"), [
    ({"LANG": "sv_SE.UTF-8"}, True),
    pytest.param({"LANG": "C"}, False, marks=SLOW),
    pytest.param({"LANG": "C.UTF-8"}, False, marks=SLOW),
    pytest.param({}, False, marks=SLOW),
    pytest.param({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, True, marks=SLOW),
    ({"LANG": "sv_SE.UTF-8", "LOFTE_LANG": "en"}, False),
    pytest.param({"LANG": "C", "LOFTE_LANG": "sv"}, True, marks=SLOW),
    pytest.param({"LANG": "tlh_QS.UTF-8"}, False, marks=SLOW),
])
def test_language_from_the_environment_of_a_real_process(env: dict[str, str | None],
                                                         swedish: bool) -> None:
    result = lofte_process("status", "--ledger", "examples/demo", "--as-of", AS_OF,
                           env={**NO_LANGUAGE, **env})
    assert result.returncode == 0, result.stderr
    assert ("läget per" in result.stdout) is swedish
    assert ("status as of" in result.stdout) is not swedish


@pytest.mark.parametrize(("lang", "expected"), [("sv_SE.UTF-8", "ingen liggare hittades"),
                                                ("C", "no ledger found")])
def test_lang_picks_the_language_of_errors(invoke: Invoke, tmp_path: Path, lang: str,
                                           expected: str) -> None:
    result = invoke("status", cwd=tmp_path, env={**NO_LANGUAGE, "LANG": lang})
    assert result.exit_code == 2
    assert result.stderr.startswith(f"lofte: {expected}")


def test_swedish_help_in_a_process() -> None:
    result = lofte_process("--help", env={**NO_LANGUAGE, "LOFTE_LANG": "sv"})
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for words in ("För ett medborgarlöfte som en liggare i vanlig text i git.",
                  "Kontrollera hela liggaren", "Flaggor", "Kommandon",
                  "[miljövariabel: LOFTE_LEDGER]", "--install-completion"):
        assert words in out, words
    assert "Validate the whole ledger" not in out
    log_help = lofte_process("log", "--help", env={**NO_LANGUAGE, "LOFTE_LANG": "sv"}).stdout
    assert "Registrera en aktivitet som en ny fil" in log_help
    assert "Åtagandets id, eller början av det" in log_help


def test_english_help_in_a_process_with_a_swedish_lang_overridden() -> None:
    result = lofte_process("--help", env={**NO_LANGUAGE, "LANG": "sv_SE.UTF-8",
                                          "LOFTE_LANG": "en"})
    assert result.returncode == 0, result.stderr
    assert "Keep a medborgarlöfte (citizen promise)" in result.stdout
    assert "Options" in result.stdout


# --- findings, prompts and errors in Swedish --------------------------------------------

def test_swedish_check_finding_line(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": "date: 2024-03-14\ncommitment: trafikkontrol\n"
                                  "summary: Kontroll vid skolan\n"})
    result = invoke("check", cwd=root, env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "activities/x.yaml:2:13: error[unknown-commitment]: inget åtagande har id:t "
        "`trafikkontrol`; menade du `trafikkontroller`?",
        "1 fel i 4 åtaganden, 1 aktivitet i 2 filer",
    ]


def test_swedish_check_summary_when_all_is_well(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": "date: 2024-03-14\ncommitment: vaktare\nsummary: Rond\n"})
    result = invoke("check", cwd=root, env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 0
    assert result.stdout == "ok: 4 åtaganden, 1 aktivitet i 2 filer, inga problem hittades\n"


def test_swedish_log_refusal(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger()
    result = invoke("log", "fot", "Rond", "--date", "2026-01-01", cwd=root,
                    env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 2
    assert "datumet 2026-01-01 ligger efter löftets slut (2025-12-31) (--date)" in result.stderr
    assert result.stderr.endswith("lofte: inget sparat\n")


def test_swedish_log_pick_list(monkeypatch: pytest.MonkeyPatch, invoke: Invoke,
                               make_ledger: MakeLedger) -> None:
    from lofte.cli import log as log_command

    monkeypatch.setattr(log_command, "stdin_is_terminal", lambda: True)
    root = make_ledger()
    result = invoke("log", "--dry-run", cwd=root, env={"LOFTE_LANG": "sv"},
                    input="99\n1\nRond vid torget\n2024-03-14\n\n\n\n\n")
    assert result.exit_code == 0, result.output
    assert "Vilket åtagande?" in result.stdout
    assert "Lokalpolisområde Testköping och Testköpings kommun" in result.stdout
    assert "Åtagande (nummer, id eller början av ett id):" in result.stdout
    assert "det finns inget åtagande nummer 99; välj 1 till 4" in result.stderr
    assert "Vad gjordes (inga personuppgifter):" in result.stdout
    assert "Datum [i dag]:" in result.stdout
    assert "provkörning: inget sparat" in result.stderr


# --- what scripts read stays English ----------------------------------------------------

def test_json_and_csv_stay_english_in_swedish(invoke: Invoke) -> None:
    def status(fmt: str, language: str) -> str:
        result = invoke("status", "--as-of", AS_OF, "--ledger", "examples/demo", "--format",
                        fmt, cwd=REPO, env={"LOFTE_LANG": language})
        assert result.exit_code == 0, result.output
        return result.stdout

    document = json.loads(status("json", "sv"))
    assert list(document) == ["as_of", "promise", "commitments"]
    assert list(document["commitments"][0]) == [
        "id", "title", "owners", "state", "last_activity", "days_since", "max_gap_days",
        "activity_count", "target", "periods_met", "periods_total", "gap_state",
        "target_state", "paused", "current_period", "next_planned", "new_since"]
    assert {row["state"] for row in document["commitments"]} <= STATES
    assert status("json", "sv") == status("json", "en")
    assert status("csv", "sv") == status("csv", "en")
    rows = list(csv.DictReader(io.StringIO(status("csv", "sv"))))
    assert {row["state"] for row in rows} <= STATES


def test_check_json_keeps_keys_and_codes(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({"x.yaml": "date: 2024-03-14\ncommitment: trafikkontrol\n"
                                  "summary: Kontroll\n"})
    result = invoke("check", "--format", "json", cwd=root, env={"LOFTE_LANG": "sv"})
    document = json.loads(result.stdout)
    assert list(document) == ["ok", "findings", "counts"]
    finding = document["findings"][0]
    assert list(finding) == ["path", "line", "column", "severity", "code", "message"]
    assert (finding["severity"], finding["code"]) == ("error", "unknown-commitment")
    assert finding["message"].startswith("inget åtagande har id:t")


def test_status_state_option_takes_the_english_codes(invoke: Invoke) -> None:
    result = invoke("status", "--as-of", AS_OF, "--ledger", "examples/demo", "--state",
                    "overdue", "--format", "json", cwd=REPO, env={"LOFTE_LANG": "sv"})
    assert result.exit_code == 0, result.output
    assert {row["state"] for row in json.loads(result.stdout)["commitments"]} == {"overdue"}


# --- the report follows its ledger, not the user ----------------------------------------

@pytest.mark.parametrize("ledger_language", ["sv", "en"])
def test_report_ignores_the_users_language(invoke: Invoke, make_ledger: MakeLedger,
                                           ledger_language: str) -> None:
    commitments = MINI_COMMITMENTS.replace(
        "  valid_until: 2025-12-31\n",
        f"  valid_until: 2025-12-31\n  language: {ledger_language}\n")
    root = make_ledger({"a.yaml": "date: 2024-02-01\ncommitment: fotpatrullering\n"
                                  "summary: Rond vid torget\npeople_reached: 12\n"},
                       commitments)
    outputs = {}
    for fmt in ("markdown", "html", "csv"):
        for user in ("sv", "en"):
            result = invoke("report", "--period", "2024-Q1", "--format", fmt, cwd=root,
                            env={"LOFTE_LANG": user})
            assert result.exit_code == 0, result.output
            outputs[fmt, user] = result.stdout
        assert outputs[fmt, "sv"] == outputs[fmt, "en"], fmt
    assert f'lang="{ledger_language}"' in outputs["html", "sv"]


# --- shell completion -------------------------------------------------------------------

def _ctx(**params: str) -> typer.Context:
    ctx = typer.Context(get_command(app))
    ctx.params.update(params)
    return ctx


def test_completion_candidates_for_a_prefix(make_ledger: MakeLedger) -> None:
    root = make_ledger()
    ctx = _ctx(ledger=str(root))
    assert [value for value, _title in complete_commitment(ctx, "")] == [
        "fotpatrullering", "trafikkontroller", "alkoholtillsyn", "vaktare"]
    assert complete_commitment(ctx, "f") == [
        ("fotpatrullering", "Fotpatrullering kring otrygga platser")]
    assert complete_commitment(ctx, "x") == []
    assert complete_party(ctx, "") == [("polisen", "Lokalpolisområde Testköping"),
                                       ("kommunen", "Testköpings kommun")]
    assert [value for value, _name in complete_party(ctx, "k")] == ["kommunen"]


def test_completion_finds_the_ledger_like_the_commands(make_ledger: MakeLedger,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       tmp_path: Path) -> None:
    root = make_ledger()
    empty = tmp_path / "empty"
    empty.mkdir()
    monkeypatch.chdir(empty)
    monkeypatch.delenv("LOFTE_LEDGER", raising=False)
    assert commitment_candidates(None, "") == []  # no ledger: nothing, and no error
    assert party_candidates(_ctx(ledger=str(empty / "nowhere")), "") == []
    monkeypatch.setenv("LOFTE_LEDGER", str(root))
    assert [v for v, _t in commitment_candidates(None, "tr")] == ["trafikkontroller"]
    monkeypatch.delenv("LOFTE_LEDGER")
    monkeypatch.chdir(root / "activities")  # found by walking up
    assert [v for v, _t in party_candidates(None, "p")] == ["polisen"]
    # --ledger on the command line wins over the working directory
    other = make_ledger(commitments=MINI_COMMITMENTS.replace("vaktare", "vakter"), name="b")
    assert [v for v, _t in commitment_candidates(_ctx(ledger=str(other)), "va")] == ["vakter"]


def test_completion_of_a_broken_ledger_offers_nothing(make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments="promise: [unclosed\n")
    assert complete_commitment(_ctx(ledger=str(root)), "") == []
    assert complete_party(_ctx(ledger=str(root)), "") == []


@pytest.mark.parametrize(("words", "expected"), [
    ("lofte log --ledger {root} ", ["fotpatrullering", "trafikkontroller", "alkoholtillsyn",
                                    "vaktare"]),
    ("lofte log --ledger {root} tr", ["trafikkontroller"]),
    ("lofte --ledger {root} log a", ["alkoholtillsyn"]),
    ("lofte log --ledger {root} fot Rond --also v", ["vaktare"]),
    ("lofte log --ledger {root} fot Rond --by k", ["kommunen"]),
    ("lofte show --ledger {root} f", ["fotpatrullering"]),
    ("lofte status --ledger {root} --owner p", ["polisen"]),
    ("lofte status --owner ", ["polisen", "kommunen"]),  # LOFTE_LEDGER
    ("lofte show zz", []),
])
def test_completion_through_typer(make_ledger: MakeLedger, words: str,
                                  expected: list[str]) -> None:
    root = make_ledger()
    line = words.format(root=root)
    cword = len(line.split()) - (0 if line.endswith(" ") else 1)
    result = CliRunner().invoke(app, [], prog_name="lofte", env={
        "_LOFTE_COMPLETE": "complete_bash", "COMP_WORDS": line, "COMP_CWORD": str(cword),
        "LOFTE_LEDGER": str(root)})
    assert result.exit_code == 0, result.output
    assert [line for line in result.stdout.splitlines() if line] == expected


def test_completion_can_be_installed(invoke: Invoke) -> None:
    result = invoke("--help")
    assert "--install-completion" in result.stdout
    assert "--show-completion" in result.stdout
