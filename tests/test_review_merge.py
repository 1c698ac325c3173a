"""Two coordinators, two clones: verdicts set with `lofte review` in each, then `git merge`.

README ("Two coordinators, two clones"): verdicts set for different commitments merge without
a conflict; the same commitment's verdict changed in both is a conflict that git shows, never
a silent choice, and a file committed with conflict markers fails `lofte check`
(`yaml-syntax`).

Everything runs in tmp_path with local clones (no network), git configured on the command
line only (no global or system configuration is read).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from lofte.storage.loader import load_ledger
from tests.conftest import MINI_COMMITMENTS, Invoke

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

app_module = importlib.import_module("lofte.cli.app")  # `lofte.cli.app` is also the app

NOON = dt.datetime(2025, 6, 10, 10, 0, tzinfo=dt.UTC)
TODAY = dt.date(2025, 6, 10)
REVIEW = "reviews/2025-T1.yaml"
HEADER = "period: 2025-T1\ndecided_on: 2025-05-12\nby: [polisen, kommunen]\nverdicts:\n"
# commitments.yaml's order: fotpatrullering, trafikkontroller, alkoholtillsyn, vaktare
BLOCKS = {
    "fotpatrullering": "  fotpatrullering:\n    verdict: done\n    comment: Varje vecka.\n",
    "trafikkontroller": "  trafikkontroller:\n    verdict: ongoing\n",
    "alkoholtillsyn": "  alkoholtillsyn:\n    verdict: partly\n    comment: Två av tre.\n",
    "vaktare": "  vaktare:\n    verdict: not-done\n",
}


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "utc_now", lambda: NOON)


def git(cwd: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
                   "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    result = subprocess.run(
        ["git", "-c", "user.name=Samordnare", "-c", "user.email=samordnare@example.org",
         "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false",
         "-c", "core.autocrlf=false", "-c", "merge.conflictStyle=merge", *args],
        cwd=cwd, capture_output=True, text=True, env=environment, check=False, timeout=60)
    if check:
        assert result.returncode == 0, f"git {' '.join(args)}: {result.stdout}{result.stderr}"
    return result


@dataclass
class Clones:
    a: Path
    b: Path
    base: str  # the commit both start from

    def merge(self) -> tuple[subprocess.CompletedProcess[str], str]:
        """Commit in both clones, then merge b into a: git's answer, and, when git refused,
        what each clone changed in the review since the common base."""
        for clone, name in ((self.a, "a"), (self.b, "b")):
            git(clone, "add", "--all")
            git(clone, "commit", "-q", "-m", f"verdicts from {name}")
        git(self.a, "fetch", "-q", str(self.b), "main")
        merged = git(self.a, "merge", "--no-edit", "FETCH_HEAD", check=False)
        diffs = ""
        if merged.returncode != 0:
            diffs = "".join(f"--- clone {name}:\n" + git(
                self.a, "diff", self.base, head, "--", REVIEW).stdout
                for name, head in (("a", "HEAD"), ("b", "FETCH_HEAD")))
        return merged, diffs


MakeClones = Callable[[str | None], Clones]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A repository holding the promise, made once: each test copies it."""
    base = tmp_path_factory.mktemp("template") / "base"
    (base / "activities").mkdir(parents=True)
    (base / "commitments.yaml").write_text(MINI_COMMITMENTS, encoding="utf-8")
    (base / "activities" / "README.md").write_text("Aktiviteter.\n", encoding="utf-8")
    git(base.parent, "init", "-q", str(base))
    git(base, "add", "--all")
    git(base, "commit", "-q", "-m", "the promise")
    return base


@pytest.fixture
def clones(template: Path, tmp_path: Path) -> MakeClones:
    """Two clones of one history: the promise, then the review `start` (when given)."""

    def make(start: str | None) -> Clones:
        base = tmp_path / "base"
        shutil.copytree(template, base, symlinks=True)
        if start is not None:
            (base / "reviews").mkdir()
            (base / REVIEW).write_text(start, encoding="utf-8")
            git(base, "add", "--all")
            git(base, "commit", "-q", "-m", "the review so far")
        for name in ("a", "b"):
            shutil.copytree(base, tmp_path / name, symlinks=True)
        commit = git(base, "rev-parse", "HEAD").stdout.strip()
        return Clones(tmp_path / "a", tmp_path / "b", commit)

    return make


def review(invoke: Invoke, clone: Path, commitment: str, verdict: str,
           comment: str | None = None) -> None:
    args = ["review", "--ledger", str(clone), "2025-T1", commitment, "--verdict", verdict]
    if comment is not None:
        args += ["--comment", comment]
    result = invoke(*args)
    assert result.exit_code == 0, result.output


def verdicts(root: Path) -> dict[str, tuple[str, str | None]]:
    loaded = load_ledger(root, TODAY)
    assert loaded.ledger is not None
    [found] = loaded.ledger.reviews
    return {cid: (e.verdict, e.comment) for cid, e in found.verdicts.items()}


def assert_clean(invoke: Invoke, both: Clones, expected: dict[str, tuple[str, str | None]]
                 ) -> None:
    merged, diffs = both.merge()
    assert merged.returncode == 0, f"{merged.stdout}{merged.stderr}\n{diffs}"
    assert verdicts(both.a) == expected
    check = invoke("check", "--strict", "--ledger", str(both.a))
    assert check.exit_code == 0, check.output


# --- different commitments: merged without a conflict ---------------------------------------

def test_edits_of_adjacent_verdicts_merge(invoke: Invoke, clones: MakeClones) -> None:
    both = clones(HEADER + BLOCKS["fotpatrullering"] + BLOCKS["trafikkontroller"])
    review(invoke, both.a, "fotpatrullering", "partly", "Inte v. 2.")
    review(invoke, both.b, "trafikkontroller", "done")
    assert_clean(invoke, both, {"fotpatrullering": ("partly", "Inte v. 2."),
                                "trafikkontroller": ("done", None)})


@pytest.mark.slow
def test_a_comment_added_and_a_verdict_changed_next_to_it_merge(invoke: Invoke,
                                                                 clones: MakeClones) -> None:
    both = clones(HEADER + BLOCKS["trafikkontroller"] + BLOCKS["vaktare"]
                  .replace("  vaktare", "  alkoholtillsyn"))
    review(invoke, both.a, "trafikkontroller", "ongoing", "Fortsätter i höst.")
    review(invoke, both.b, "alkoholtillsyn", "done")
    assert_clean(invoke, both, {"trafikkontroller": ("ongoing", "Fortsätter i höst."),
                                "alkoholtillsyn": ("done", None)})


@pytest.mark.slow
def test_a_comment_removed_and_the_next_verdict_changed_merge(invoke: Invoke,
                                                              clones: MakeClones) -> None:
    both = clones(HEADER + BLOCKS["fotpatrullering"] + BLOCKS["trafikkontroller"])
    review(invoke, both.a, "fotpatrullering", "done", "")
    review(invoke, both.b, "trafikkontroller", "not-done", "Inställt.")
    assert_clean(invoke, both, {"fotpatrullering": ("done", None),
                                "trafikkontroller": ("not-done", "Inställt.")})


def test_new_verdicts_with_a_verdict_between_them_merge(invoke: Invoke, clones: MakeClones) -> None:
    both = clones(HEADER + BLOCKS["fotpatrullering"] + BLOCKS["alkoholtillsyn"])
    review(invoke, both.a, "trafikkontroller", "done")
    review(invoke, both.b, "vaktare", "ongoing", "Rond varje natt.")
    assert_clean(invoke, both, {"fotpatrullering": ("done", "Varje vecka."),
                                "trafikkontroller": ("done", None),
                                "alkoholtillsyn": ("partly", "Två av tre."),
                                "vaktare": ("ongoing", "Rond varje natt.")})


@pytest.mark.slow
def test_a_new_verdict_and_an_edit_elsewhere_merge(invoke: Invoke, clones: MakeClones) -> None:
    both = clones(HEADER + BLOCKS["fotpatrullering"] + BLOCKS["vaktare"])
    review(invoke, both.a, "fotpatrullering", "ongoing")
    review(invoke, both.b, "vaktare", "done", "Klart.")
    assert_clean(invoke, both, {"fotpatrullering": ("ongoing", "Varje vecka."),
                                "vaktare": ("done", "Klart.")})


# A review that lofte begins lists every commitment of the period, each with no verdict yet
# (`id:` alone): a verdict set later fills its own place.
PLACES = HEADER + "".join(f"  {cid}:\n" for cid in BLOCKS)


def test_a_new_review_has_a_place_for_every_commitment(invoke: Invoke,
                                                       clones: MakeClones) -> None:
    both = clones(None)
    review(invoke, both.a, "alkoholtillsyn", "partly", "Två av tre.")
    text = (both.a / REVIEW).read_text(encoding="utf-8")
    assert text == PLACES.replace("decided_on: 2025-05-12", "decided_on: 2025-06-10").replace(
        "  alkoholtillsyn:\n", BLOCKS["alkoholtillsyn"])
    assert verdicts(both.a) == {"alkoholtillsyn": ("partly", "Två av tre.")}


@pytest.mark.parametrize(("first", "second"), [
    pytest.param("trafikkontroller", "alkoholtillsyn", id="adjacent-between"),
    pytest.param("alkoholtillsyn", "vaktare", id="both-last", marks=pytest.mark.slow),
    pytest.param("fotpatrullering", "trafikkontroller", id="both-first",
                 marks=pytest.mark.slow),
])
def test_new_verdicts_for_different_commitments_merge(invoke: Invoke, clones: MakeClones,
                                                      first: str, second: str) -> None:
    both = clones(PLACES)
    review(invoke, both.a, first, "done", "Från a.")
    review(invoke, both.b, second, "partly", "Från b.")
    assert_clean(invoke, both, {first: ("done", "Från a."), second: ("partly", "Från b.")})


# Where a hand-written review has no place for a verdict, lofte inserts it in the order of
# commitments.yaml; two clones inserting at the same spot, or a review begun in both clones,
# is a conflict that git shows: never a silent choice.
@pytest.mark.parametrize("start", [
    pytest.param(HEADER + BLOCKS["fotpatrullering"] + BLOCKS["vaktare"], id="same-gap"),
    pytest.param(None, id="begun-in-both", marks=pytest.mark.slow),
])
def test_two_insertions_at_one_place_are_a_conflict_never_silent(
        invoke: Invoke, clones: MakeClones, start: str | None) -> None:
    both = clones(start)
    review(invoke, both.a, "trafikkontroller", "done", "Från a.")
    review(invoke, both.b, "alkoholtillsyn", "partly", "Från b.")
    merged, _diffs = both.merge()
    assert merged.returncode != 0
    assert "CONFLICT" in merged.stdout


@pytest.mark.slow
def test_the_same_verdict_set_in_both_clones_merges(invoke: Invoke, clones: MakeClones) -> None:
    both = clones(HEADER + BLOCKS["fotpatrullering"] + BLOCKS["trafikkontroller"])
    for clone in (both.a, both.b):
        review(invoke, clone, "trafikkontroller", "done", "Tre kontroller.")
    assert_clean(invoke, both, {"fotpatrullering": ("done", "Varje vecka."),
                                "trafikkontroller": ("done", "Tre kontroller.")})


# --- the same commitment: a conflict git shows --------------------------------------------

SAME_COMMITMENT = {
    "verdict": (("partly", None), ("not-done", None)),
    "verdict and comment": (("partly", "Från a."), ("ongoing", "Från b.")),
    "the verdict in one, the comment in the other": (("ongoing", None), ("done", "Ny.")),
    "the comment in both": (("done", "Från a."), ("done", "Från b.")),
    "the comment removed in one": (("done", ""), ("not-done", None)),
}


@pytest.mark.parametrize(("mine", "theirs"), [
    pytest.param(*changes, id=name, marks=[pytest.mark.slow] if index else [])
    for index, (name, changes) in enumerate(SAME_COMMITMENT.items())])
def test_the_same_verdict_changed_in_both_is_a_conflict(
        invoke: Invoke, clones: MakeClones, mine: tuple[str, str | None],
        theirs: tuple[str, str | None]) -> None:
    both = clones(HEADER + BLOCKS["fotpatrullering"] + BLOCKS["trafikkontroller"])
    review(invoke, both.a, "fotpatrullering", *mine)
    review(invoke, both.b, "fotpatrullering", *theirs)
    merged, diffs = both.merge()
    assert merged.returncode != 0, diffs
    assert "CONFLICT (content): Merge conflict in reviews/2025-T1.yaml" in merged.stdout
    text = (both.a / REVIEW).read_text(encoding="utf-8")
    assert "<<<<<<< " in text and "\n=======\n" in text and ">>>>>>> " in text
    # committed as it is, the file fails lofte check
    git(both.a, "commit", "-q", "-a", "-m", "merged without looking")
    check = invoke("check", cwd=both.a)
    assert check.exit_code == 1
    assert [line.split(": ")[1] for line in check.output.splitlines()
            if f"{REVIEW}:" in line] == ["error[yaml-syntax]"], check.output


def test_the_same_new_verdict_set_differently_in_both_is_a_conflict(
        invoke: Invoke, clones: MakeClones) -> None:
    both = clones(HEADER + BLOCKS["fotpatrullering"])
    review(invoke, both.a, "vaktare", "done")
    review(invoke, both.b, "vaktare", "not-done")
    merged, diffs = both.merge()
    assert merged.returncode != 0, diffs
    assert "CONFLICT" in merged.stdout
    git(both.a, "commit", "-q", "-a", "-m", "merged without looking")
    check = invoke("check", "--ledger", str(both.a))
    assert check.exit_code == 1 and "error[yaml-syntax]" in check.output
