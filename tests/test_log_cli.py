"""`lofte log` on small ledgers: what is written, what is refused, and that nothing else
changes."""

import datetime as dt
import sys
from pathlib import Path

import pytest
import typer

from lofte.cli import log as log_command
from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger, ledger_today

# Valid until far in the future, so that "today" is inside the promise.
OPEN_ENDED = MINI_COMMITMENTS.replace("valid_until: 2025-12-31", "valid_until: 2099-12-31")

TWO_TRAFFIC = MINI_COMMITMENTS + """\
  - id: trafiksakerhet
    title: Trafiksäkerhet vid skolor
    owners: [kommunen]
"""


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def new_files(before: dict[str, bytes], root: Path) -> dict[str, bytes]:
    """The files added since `before`; every file that was there is byte for byte the same."""
    after = snapshot(root)
    for name, content in before.items():
        assert after.get(name) == content, f"{name} changed"
    return {name: content for name, content in after.items() if name not in before}


EXISTING = {"2024/2024-03-01-fotpatrullering-aaaaaa.yaml":
            "date: 2024-03-01\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n",
            "import-2023.yaml": "- date: 2023-05-01\n  commitment: vaktare\n  summary: Runda.\n"}


@pytest.fixture
def ledger(make_ledger: MakeLedger) -> Path:
    return make_ledger(EXISTING)


def test_log_writes_one_file_prints_its_path_and_check_passes(invoke: Invoke,
                                                               ledger: Path) -> None:
    before = snapshot(ledger)
    result = invoke("log", "trafik", "Hastighetskontroll vid skolan, 2 trimmade mopeder",
                    "--people", "12", "--date", "2024-03-14", cwd=ledger)
    assert result.exit_code == 0, result.output
    [(name, content)] = new_files(before, ledger).items()
    assert name.startswith("activities/2024/2024-03-14-trafikkontroller-")
    assert result.stdout == name + "\n"
    assert result.stderr == ""
    assert content.decode() == ("date: 2024-03-14\ncommitment: trafikkontroller\n"
                                "summary: Hastighetskontroll vid skolan, 2 trimmade mopeder\n"
                                "by: [polisen]\npeople_reached: 12\npublic: true\n")
    check = invoke("check", cwd=ledger)
    assert check.exit_code == 0, check.output
    assert "3 activities in 4 files" in check.stdout


def test_the_path_is_relative_to_the_working_directory(invoke: Invoke, ledger: Path) -> None:
    result = invoke("log", "vakt", "Väktarrunda i Deje.", "--date", "2024-03-14",
                    "--ledger", str(ledger), cwd=ledger.parent)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("ledger/activities/2024/2024-03-14-vaktare-")
    assert (ledger.parent / result.stdout.strip()).is_file()


def test_every_option(invoke: Invoke, ledger: Path) -> None:
    before = snapshot(ledger)
    result = invoke("log", "alko", "Tillsyn av tre krogar i centrum.", "--date", "2024-03-14",
                    "--by", "kommunen", "--place", "Storgatan", "--people", "3",
                    "--hours", "2,5", "--tag", "krogar", "--tag", "tillsyn",
                    "--link", "Dnr KS 2024/12", "--also", "vakt", "--private", cwd=ledger)
    assert result.exit_code == 0, result.output
    [content] = new_files(before, ledger).values()
    assert content.decode() == """\
date: 2024-03-14
commitment: [alkoholtillsyn, vaktare]
summary: Tillsyn av tre krogar i centrum.
by: [kommunen]
place: Storgatan
people_reached: 3
hours: 2.5
tags: [krogar, tillsyn]
links: [Dnr KS 2024/12]
public: false
"""
    assert invoke("check", cwd=ledger).exit_code == 0


def test_date_defaults_to_today_and_accepts_words(invoke: Invoke,
                                                  make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    today = ledger_today()
    for word, day in (("", today), ("igår", today - dt.timedelta(days=1))):
        date_args = ("--date", word) if word else ()
        result = invoke("log", "fot", f"Runda {word or 'idag'}", *date_args, cwd=root)
        assert result.exit_code == 0, result.output
        assert f"activities/{day.year}/{day.isoformat()}-fotpatrullering-" in result.stdout


def test_an_ambiguous_prefix_exits_2_listing_the_ids(invoke: Invoke,
                                                     make_ledger: MakeLedger) -> None:
    root = make_ledger(EXISTING, commitments=TWO_TRAFFIC)
    before = snapshot(root)
    result = invoke("log", "trafik", "x", "--date", "2024-03-14", cwd=root)
    assert result.exit_code == 2
    assert result.stderr == (
        "lofte: `trafik` matches 2 commitments; type more of the id:\n"
        "  trafikkontroller  Trafikkontroller mot trimmade mopeder\n"
        "  trafiksakerhet    Trafiksäkerhet vid skolor\n"
        "lofte: nothing written\n")
    assert new_files(before, root) == {}


def test_an_unknown_commitment_exits_2_listing_the_closest(invoke: Invoke,
                                                           ledger: Path) -> None:
    before = snapshot(ledger)
    result = invoke("log", "fotpatrulering", "x", "--date", "2024-03-14", cwd=ledger)
    assert result.exit_code == 2
    assert result.stderr == (
        "lofte: no commitment has the id `fotpatrulering`, and no id starts with it; closest:\n"
        "  fotpatrullering  Fotpatrullering kring otrygga platser\n"
        "lofte: nothing written\n")
    assert new_files(before, ledger) == {}


@pytest.mark.parametrize(("args", "message"), [
    (("trafik", "x", "--date", "2024-03-14", "--by", "polis"),
     "`polis` is not a party in commitments.yaml; did you mean `polisen`? (--by)"),
    (("trafik", "x", "--date", "2999-01-01"), "is after today"),
    (("trafik", "x", "--date", "2022-12-31"),
     "date 2022-12-31 is before the promise starts (2023-01-01) (--date)"),
    (("trafik", "x", "--date", "2026-01-01"),
     "date 2026-01-01 is after the promise ends (2025-12-31) (--date)"),
    (("trafik", "x", "--date", "2024-03-14", "--people", "-3"),
     "`people_reached`: must be at least 0 (--people)"),
    (("trafik", "x", "--date", "2024-03-14", "--hours", "-0.5"),
     "`hours`: must be at least 0 (--hours)"),
    (("trafik", "", "--date", "2024-03-14"), "`summary`: must not be empty (SUMMARY)"),
    (("trafik", "   ", "--date", "2024-03-14"), "`summary`: must not be empty (SUMMARY)"),
    (("trafik", "x", "--date", "2024-03-14", "--tag", ""), "`tags[1]`: must not be empty"),
    (("trafik", "x", "--date", "2024-03-14", "--also", "nonesuch"),
     "no commitment has the id `nonesuch`"),
    (("trafik", "x", "--date", "sometime"), "`sometime` is not a date: use YYYY-MM-DD"),
    (("trafik", "x", "--date", "2024-02-30"), "`2024-02-30` is not a real date"),
    (("trafik", "x", "--date", "2024-03-14", "--hours", "tre"),
     "`tre` is not a number of hours"),
    (("trafik", "x", "--date", "2024-03-14", "--hours", "inf"), "must be a finite number"),
    (("trafik", "x", "--date", "2024-03-14", "--people", "many"), "Invalid value"),
    (("trafik", "Stoppade ABC 123.", "--date", "2024-03-14"),
     "`summary` seems to contain a vehicle registration number"),
])
def test_every_refusal_exits_2_and_writes_nothing(invoke: Invoke, ledger: Path,
                                                  args: tuple[str, ...], message: str) -> None:
    before = snapshot(ledger)
    result = invoke("log", *args, cwd=ledger)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert new_files(before, ledger) == {}


def test_the_same_activity_twice_is_refused_naming_the_first(invoke: Invoke,
                                                              ledger: Path) -> None:
    args = ("log", "trafik", "Kontroll vid skolan.", "--date", "2024-03-14", "--by", "polisen")
    first = invoke(*args, cwd=ledger)
    assert first.exit_code == 0, first.output
    before = snapshot(ledger)
    # --by polisen is the default: the very same activity, the very same file
    for again in (args, args[:-2], (*args, "--dry-run")):
        second = invoke(*again, cwd=ledger)
        assert second.exit_code == 2
        assert second.stderr == (f"lofte: this activity is already logged, in "
                                 f"{first.stdout.strip()}; nothing written\n")
    assert new_files(before, ledger) == {}


def test_dry_run_prints_path_and_content_and_writes_nothing(invoke: Invoke,
                                                            ledger: Path) -> None:
    before = snapshot(ledger)
    result = invoke("log", "fot", "Kvällsrunda.", "--date", "2024-03-14", "--dry-run",
                    cwd=ledger)
    assert result.exit_code == 0, result.output
    path, content = result.stdout.split("\n", 1)
    assert path.startswith("activities/2024/2024-03-14-fotpatrullering-")
    assert content == ("date: 2024-03-14\ncommitment: fotpatrullering\n"
                       "summary: Kvällsrunda.\nby: [polisen]\npublic: true\n")
    assert result.stderr == "dry run: nothing written\n"
    assert new_files(before, ledger) == {}
    real = invoke("log", "fot", "Kvällsrunda.", "--date", "2024-03-14", cwd=ledger)
    assert real.stdout.strip() == path
    assert (ledger / path).read_text(encoding="utf-8") == content


def test_a_modeline_points_to_the_schema_of_the_repository(invoke: Invoke,
                                                           make_ledger: MakeLedger,
                                                           tmp_path: Path) -> None:
    make_ledger(name="data")
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "activity.schema.json").write_text("{}")
    (tmp_path / ".git").mkdir()
    result = invoke("log", "fot", "Runda.", "--date", "2024-03-14", cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("data/activities/2024/")
    text = (tmp_path / result.stdout.strip()).read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../../schemas/"
                           "activity.schema.json\ndate: 2024-03-14\n")
    assert invoke("check", cwd=tmp_path).exit_code == 0


def test_an_unusable_commitments_file_refuses(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments="promise: [\n")
    result = invoke("log", "fot", "x", "--date", "2024-03-14", cwd=root)
    assert result.exit_code == 1  # a broken ledger is findings, for every command
    assert result.stderr.startswith("commitments.yaml:2:1: error[yaml-syntax]")
    assert list((root / "activities").iterdir()) == []


def test_no_ledger_exits_2(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("log", "fot", "x", cwd=tmp_path)
    assert result.exit_code == 2
    assert "--ledger" in result.stderr


# --- missing arguments --------------------------------------------------------------

@pytest.mark.parametrize(("args", "missing"), [
    ((), "missing COMMITMENT and SUMMARY: stdin is not a terminal, so lofte cannot ask for them"),
    (("fot",), "missing SUMMARY: stdin is not a terminal, so lofte cannot ask for it"),
])
def test_missing_arguments_without_a_terminal_exit_2(
        invoke: Invoke, ledger: Path, args: tuple[str, ...], missing: str) -> None:
    before = snapshot(ledger)
    result = invoke("log", *args, cwd=ledger, input="")  # stdin at its end: never waits
    assert result.exit_code == 2
    assert result.stderr.startswith(f"lofte: {missing}")
    assert new_files(before, ledger) == {}


# --- interactive mode ---------------------------------------------------------------

@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(log_command, "stdin_is_terminal", lambda: True)


@pytest.mark.usefixtures("terminal")
def test_interactive_pick_list_prompts_preview_and_confirm(invoke: Invoke,
                                                           make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    answers = ["3", "Krogtillsyn i centrum.", "", "", "Storgatan", "4", "", "y"]
    result = invoke("log", cwd=root, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    today = ledger_today().isoformat()
    out = result.stdout
    assert out.startswith("""\
Which commitment?

Lokalpolisområde Testköping
  1  fotpatrullering   Fotpatrullering kring otrygga platser
  2  trafikkontroller  Trafikkontroller mot trimmade mopeder

Lokalpolisområde Testköping and Testköpings kommun
  3  alkoholtillsyn    Gemensam tillsyn av krogar med alkoholtillstånd

Testköpings kommun
  4  vaktare           Väktare som åker runt i kommunen

Commitment (number, id or the start of an id): """)
    assert "Date [today]: " in out
    assert "By (party ids, comma-separated) [polisen, kommunen]: " in out
    [written] = (root / "activities").rglob("*.yaml")
    content = written.read_text(encoding="utf-8")
    assert content == (f"date: {today}\ncommitment: alkoholtillsyn\n"
                       "summary: Krogtillsyn i centrum.\nby: [polisen, kommunen]\n"
                       "place: Storgatan\npeople_reached: 4\npublic: true\n")
    relative = str(written.relative_to(root))
    assert f"New file {relative}:\n{content}Write it? [Y/n]: " in out
    assert out.endswith(relative + "\n")
    assert invoke("check", cwd=root).exit_code == 0


@pytest.mark.usefixtures("terminal")
def test_interactive_asks_again_after_a_wrong_answer(invoke: Invoke,
                                                     make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    answers = ["9", "traf", "  ", "Kontroll.", "i morgon", "2999-01-01", "2024-03-14",
               "polis", "polisen", "", "-1", "ett", "7", "3,5", "y"]
    result = invoke("log", cwd=root, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    for complaint in ("there is no commitment number 9; choose 1 to 4",
                      "the summary must not be empty", "`i morgon` is not a date",
                      "is after today", "did you mean `polisen`?", "`-1` must be at least 0",
                      "`ett` is not a whole number"):
        assert complaint in result.stderr
    [written] = (root / "activities").rglob("*.yaml")
    assert written.read_text(encoding="utf-8") == (
        "date: 2024-03-14\ncommitment: trafikkontroller\nsummary: Kontroll.\n"
        "by: [polisen]\npeople_reached: 7\nhours: 3.5\npublic: true\n")


@pytest.mark.usefixtures("terminal")
def test_interactive_with_commitment_given_asks_only_what_is_missing(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    result = invoke("log", "vakt", "--date", "2024-03-14", "--place", "Deje", "--people", "0",
                    "--hours", "1", "--by", "kommunen", cwd=root, input="Runda.\ny\n")
    assert result.exit_code == 0, result.output
    assert "Which commitment?" not in result.stdout
    assert "Date" not in result.stdout
    [written] = (root / "activities").rglob("*.yaml")
    assert "summary: Runda.\n" in written.read_text(encoding="utf-8")


@pytest.mark.usefixtures("terminal")
def test_interactive_no_at_the_confirmation_writes_nothing(invoke: Invoke,
                                                           make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    before = snapshot(root)
    result = invoke("log", "fot", cwd=root, input="Runda.\n\n\n\n\n\nn\n")
    assert result.exit_code == 0  # answering no is no finding (1) and no error (2)
    assert "cancelled; nothing written" in result.stderr
    assert new_files(before, root) == {}


@pytest.mark.usefixtures("terminal")
def test_interactive_with_an_unknown_commitment_given_exits_2(invoke: Invoke,
                                                              ledger: Path) -> None:
    result = invoke("log", "nonesuch", cwd=ledger, input="")
    assert result.exit_code == 2
    assert "no commitment has the id `nonesuch`" in result.stderr


def test_log_help_names_every_option(invoke: Invoke) -> None:
    result = invoke("log", "--help")
    assert result.exit_code == 0
    for option in ("--date", "--by", "--place", "--people", "--hours", "--tag", "--link",
                   "--also", "--private", "--dry-run", "--ledger", "COMMITMENT", "SUMMARY"):
        assert option in result.stdout


# --- asking: personal data at once, and the ways out ------------------------------------

PHONE = "Ring 070-123 45 67 om det händer igen."


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("no", ["n", "no", "nej", "NEJ"])
def test_personal_data_in_a_typed_summary_is_caught_at_once(
        invoke: Invoke, make_ledger: MakeLedger, no: str) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    answers = [PHONE, no, "Runda vid torget.", "2024-03-14", "", "", "", "", "y"]
    result = invoke("log", "fot", cwd=root, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "`summary` seems to contain a phone number" in result.stderr
    assert "Mark the activity private (counted, but never published in detail)? No: type " \
        "the summary again, without it [Y/n]: " in result.stdout
    assert result.stdout.count("What was done (no personal data): ") == 2
    [written] = (root / "activities").rglob("*.yaml")
    text = written.read_text(encoding="utf-8")
    assert "summary: Runda vid torget.\n" in text and "public: true\n" in text


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("yes", ["", "y", "yes", "j", "ja", "Ja"])
def test_personal_data_marked_private_right_there(invoke: Invoke, make_ledger: MakeLedger,
                                                  yes: str) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    answers = [PHONE, yes, "2024-03-14", "", "", "", "", "y"]
    result = invoke("log", "fot", cwd=root, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    [written] = (root / "activities").rglob("*.yaml")
    text = written.read_text(encoding="utf-8")
    assert f"summary: {PHONE}\n" in text and "public: false\n" in text
    assert invoke("check", cwd=root).exit_code == 0


@pytest.mark.usefixtures("terminal")
def test_personal_data_in_a_typed_place_and_an_unclear_answer(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    answers = ["Runda.", "2024-03-14", "", "Hos ABC 123 på gården", "kanske", "nej", "Gården",
               "", "", "ja"]
    result = invoke("log", "fot", cwd=root, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "`place` seems to contain" in result.stderr
    assert "answer y (yes) or n (no)" in result.stderr
    [written] = (root / "activities").rglob("*.yaml")
    text = written.read_text(encoding="utf-8")
    assert "place: Gården\n" in text and "public: true\n" in text


@pytest.mark.usefixtures("terminal")
def test_a_private_activity_is_not_asked_about_personal_data(
        invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    answers = [PHONE, "2024-03-14", "", "", "", "", "y"]
    result = invoke("log", "fot", "--private", cwd=root, input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert "personal data" not in result.stderr


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("no", ["n", "no", "nej"])
def test_no_at_the_confirmation_exits_0_and_says_so(invoke: Invoke, make_ledger: MakeLedger,
                                                    no: str) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    before = snapshot(root)
    result = invoke("log", "fot", cwd=root, input=f"Runda.\n2024-03-14\n\n\n\n\n{no}\n")
    assert result.exit_code == 0, result.output
    assert "cancelled; nothing written" in result.stderr
    assert new_files(before, root) == {}


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("answered", ["", "3\n", "3\nRunda.\n", "3\nRunda.\n2024-03-14\n\n\n\n\n"])
def test_end_of_input_at_any_question_is_an_interruption(
        invoke: Invoke, make_ledger: MakeLedger, answered: str) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    before = snapshot(root)
    result = invoke("log", cwd=root, input=answered)  # then Ctrl-D
    assert result.exit_code == 130, result.output
    assert "interrupted; nothing written" in result.stderr
    assert "Aborted" not in result.output
    assert new_files(before, root) == {}


@pytest.mark.usefixtures("terminal")
@pytest.mark.parametrize("at", [1, 3, 7])
def test_ctrl_c_at_any_question_is_an_interruption(invoke: Invoke, make_ledger: MakeLedger,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   at: int) -> None:
    root = make_ledger(commitments=OPEN_ENDED)
    before = snapshot(root)
    answers = iter(["Runda.", "2024-03-14", "", "", "", ""])
    asked = 0

    def answer(prompt: str) -> str:
        nonlocal asked
        asked += 1
        if asked == at:
            raise KeyboardInterrupt
        return next(answers)

    # where typer's prompt reads a line: a Ctrl-C there is a KeyboardInterrupt
    prompt_module = sys.modules[typer.prompt.__module__]
    monkeypatch.setattr(prompt_module, "visible_prompt_func", answer)
    result = invoke("log", "fot", cwd=root)
    assert result.exit_code == 130, result.output
    assert "interrupted; nothing written" in result.stderr
    assert new_files(before, root) == {}
