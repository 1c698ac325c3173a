"""The fast paths of reading a ledger, and of starting lofte, do what the careful ones do.

- `parse_simple` (the reader for the common form of an activity file) either has doubts
  (None) or gives the data of the careful reader, `parse_yaml`: on every YAML file of the
  error catalog, the hostile corpus, the examples, and on random texts.
- `lofte check` prints the same bytes with the fast reader and the check of the common
  activity (tests/test_common_activity.py) and without them, on every reproducer of the
  error catalog and every case of the corpus.
- Reading in worker processes (`lofte.storage.parallel`) gives the same findings, in the
  same order, at the same positions, as reading in one process, with and without the parse
  cache, on one ledger holding the whole corpus and catalog.
- A large parse cache, checked in a process of its own, gets the same verdict as one
  checked in this process, on every forgery of tests/test_cache.py.
- `lofte.cli.lazy` imports the module of the command named, and all of them when in doubt.
"""

from __future__ import annotations

import math
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from lofte.cli import app, lazy
from lofte.storage import activity_reader, cache, loader, parallel, simpleyaml
from lofte.storage.simpleyaml import parse_simple
from lofte.storage.yamlsafe import parse_yaml
from tests.conftest import Invoke, MakeLedger
from tests.test_cache import FORGERIES, _cache_of, _forge
from tests.test_corpus import COMMITMENTS, CORPUS, MADE, MANIFEST
from tests.test_corpus import make_ledger as make_case
from tests.test_error_catalog import FOLDERS
from tests.test_error_catalog import _ledger as catalog_ledger

ROOT = Path(__file__).parent.parent

def _yaml_files(*folders: str) -> list[Path]:
    return sorted(path for folder in folders for path in (ROOT / folder).rglob("*.y*ml")
                  if path.is_file())


YAML_FILES = _yaml_files("tests/errors", "tests/corpus")


def same(a: Any, b: Any) -> bool:
    """Equal, with NaN equal to NaN and True never equal to 1."""
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def agrees(text: str) -> bool:
    fast = parse_simple(text)
    if fast is None:
        return True
    careful = parse_yaml(text)
    return not careful.problems and not careful.empty and same(fast, careful.value)


# --- the reader ----------------------------------------------------------------------------


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_simple_reader_agrees_on_every_file_of_the_repository(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8").replace("\r\n", "\n")
    except UnicodeDecodeError:
        return  # never reaches a YAML reader
    assert agrees(text)


def test_simple_reader_agrees_on_the_examples_and_the_data() -> None:
    files = _yaml_files("examples", "data")
    assert len(files) > 100
    read = [path for path in files if parse_simple(path.read_text(encoding="utf-8"))]
    assert len(read) > 100  # the examples are what lofte log writes: the common form
    assert all(agrees(path.read_text(encoding="utf-8")) for path in files)


def test_the_common_form_is_read_fast() -> None:
    text = ('date: 2024-03-14\ncommitment: [trafikkontroller, "fot"]\nsummary: "Kontroll '
            'vid \\"torget\\", två mopeder."\npeople_reached: 40\nhours: 3.5\npublic: false\n'
            'place: Forshaga centrum\ntags: []\n')
    assert parse_simple(text) == {
        "date": "2024-03-14", "commitment": ["trafikkontroller", "fot"],
        "summary": 'Kontroll vid "torget", två mopeder.', "people_reached": 40,
        "hours": 3.5, "public": False, "place": "Forshaga centrum", "tags": []}
    assert agrees(text)


@pytest.mark.parametrize("text", [
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: 1\na: 2\n", "a: 1 # note\n", "- a: 1\n",
    "a:\n  b: 1\n", "a: |\n  x\n", 'a: "\\n"\n', "a: b: c\n", "a: [1,]\n", "a: - x\n",
    "a: 'x'\n", "a: x \n", "---\na: 1\n", "A: 1\n", "a: \x85\n", "a: \ufeffx\n", "",
    "a: [b, [c]]\n", "a: {b: 1}\n", "a: @x\n", "a: `x`\n", "a: %x\n", "a: -\n",
    " # x\na: 1\n", "a: \"x\" # y\n", "a: [x] # y\n", "# only a comment\n",
])
def test_anything_unusual_goes_to_the_careful_reader(text: str) -> None:
    assert parse_simple(text) is None


@pytest.mark.parametrize(("text", "value"), [
    ("a: [b, c]\n", {"a": ["b", "c"]}), ("a: [ b ,c  ]\n", {"a": ["b", "c"]}),
    ("a: [b c, 1, 2.5, null, true]\n", {"a": ["b c", 1, 2.5, None, True]}),
    ("a: [ ]\n", {"a": []}), ("a: [-]\n", None), ("a: [ - ]\n", None), ("a: [- b]\n", None),
    ("a: [-b]\n", {"a": ["-b"]}), ("a: [b,,c]\n", None), ("a: [b, ]\n", None),
    ("a: [,b]\n", None), ("a: [b]c]\n", None), ("a: [\tb]\n", None),
    ('a: ""\n', {"a": ""}), ('a: "\n', None), ('a: "b"c"\n', None), ('a: "b\\"\n', None),
    ('a: "å, b: [c]"\n', {"a": "å, b: [c]"}), ("a: å1\n", {"a": "å1"}),
    ("a: 12\n", {"a": 12}), ("a: ١٢\n", {"a": "١٢"}), ("a b: c\n", None),
    ("a: b: c\n", None), ("a:b\n", None), ("a: \n", None), ("hours: 3\n", {"hours": 3}),
])
def test_the_shortcuts_of_the_simple_reader(text: str, value: Any) -> None:
    """Words, lists without quotes and text without escapes are read without patterns."""
    assert parse_simple(text) == value
    assert agrees(text)


def test_the_common_keys_are_keys() -> None:
    assert all(re.fullmatch(simpleyaml._KEY, key) for key in simpleyaml.COMMON_KEYS)


_KEYS = st.sampled_from(["date", "commitment", "summary", "by", "place", "tags", "hours",
                         "people_reached", "public", "a_b", "Date", "x"])
_PIECES = st.sampled_from([
    "a", "å", "1", "0", "-", ".", "+", "~", " ", "  ", ",", ":", "#", "&", "*", "!", '"',
    "'", "\\", "\\\\", '\\"', "[", "]", "{", "}", "(", ")", "/", "_", "\t", "true", "null",
    "0x1F", "1e3", ".inf", ".nan", "2024-03-14", "- ", "@", "%", "?", "|", ">", "\x00",
    "\x7f", "\u202e", "\U0001f600", "1_000", "0o17", "+1", "-2.5", "Null", "FALSE", "yes",
    "# ", "\n#", " #",
])
_VALUES = st.lists(_PIECES, max_size=8).map("".join)
_LINES = st.one_of(
    st.tuples(_KEYS, _VALUES).map(lambda kv: f"{kv[0]}: {kv[1]}"),
    st.tuples(_KEYS, st.lists(_VALUES, max_size=4)).map(
        lambda kv: f"{kv[0]}: [" + ", ".join(kv[1]) + "]"),
    st.tuples(_KEYS, st.lists(_VALUES, max_size=4)).map(
        lambda kv: f'{kv[0]}: "' + '", "'.join(kv[1]) + '"'),
    _VALUES,
)


@given(st.lists(_LINES, max_size=8).map("\n".join))
def test_simple_reader_agrees_on_random_texts(text: str) -> None:
    assert agrees(text)


@given(st.lists(_LINES, max_size=8).map(lambda lines: "\n".join(lines) + "\n"))
def test_simple_reader_agrees_on_random_texts_ending_in_a_newline(text: str) -> None:
    assert agrees(text)


# --- lofte check, fast and careful ---------------------------------------------------------


def _check_both(invoke: Invoke, root: Path, monkeypatch: pytest.MonkeyPatch,
                *args: str) -> tuple[str, str]:
    monkeypatch.setattr(loader, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(activity_reader, "SIMPLE_READER", None)
    monkeypatch.setattr(activity_reader, "COMMON_CHECK", None)
    careful_run = invoke("check", "--no-cache", *args, cwd=root)
    monkeypatch.undo()
    fast_run = invoke("check", "--no-cache", *args, cwd=root)
    assert fast_run.exit_code == careful_run.exit_code
    return careful_run.stdout, fast_run.stdout


@pytest.mark.parametrize("code", FOLDERS)
def test_check_is_the_same_with_the_fast_reader_on_the_catalog(
        code: str, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = catalog_ledger(code, tmp_path)
    before, after = _check_both(invoke, root, monkeypatch)
    assert before == after


CORPUS_FILES = sorted(name for name in MANIFEST if not name.startswith("(made) "))


@pytest.mark.parametrize("case", CORPUS_FILES)
def test_check_is_the_same_with_the_fast_reader_on_the_corpus(
        case: str, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_case(case, tmp_path / "ledger")
    before, after = _check_both(invoke, root, monkeypatch)
    assert before == after


# --- reading in worker processes -----------------------------------------------------------


def _everything(root: Path) -> Path:
    """One ledger holding every corpus case, every activity file of the catalog, the cases
    that are made (a FIFO, a folder named x.yaml, links), and many valid files between
    them, so that the work is cut into many chunks."""
    activities = root / "activities"
    activities.mkdir(parents=True)
    (root / "commitments.yaml").write_text(COMMITMENTS, encoding="utf-8")
    for name in CORPUS_FILES:
        if not name.startswith("commitments--"):
            shutil.copyfile(CORPUS / name, activities / name)
    for code in FOLDERS:
        source = ROOT / "tests" / "errors" / code / "activities"
        if source.is_dir():
            shutil.copytree(source, activities / "catalog" / code, symlinks=True)
    for name in ("folder-named-x.yaml", "fifo", "symlink-loop"):
        made = activities / "made" / name
        made.mkdir(parents=True)
        MADE[name](made)
    for n in range(60):
        (activities / "valid" / f"{n:03}.yaml").parent.mkdir(exist_ok=True)
        (activities / "valid" / f"{n:03}.yaml").write_text(
            f"date: 2024-03-{n % 28 + 1:02}\ncommitment: fotpatrullering\n"
            f'summary: "Fotpatrull nummer {n}."\nhours: {n % 5}.5\n', encoding="utf-8")
    return root


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked, on Linux only")
@pytest.mark.parametrize("output", ["text", "json"])
def test_workers_give_the_same_findings_in_the_same_order(
        output: str, invoke: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _everything(tmp_path / "ledger")
    monkeypatch.setattr(loader, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(activity_reader, "SIMPLE_READER", None)
    monkeypatch.setattr(activity_reader, "COMMON_CHECK", None)
    alone = invoke("check", "--no-cache", "--format", output, cwd=root)
    assert alone.exit_code == 1
    assert alone.stdout.count("error[") >= 40 or output == "json"

    monkeypatch.undo()
    monkeypatch.setattr(loader, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "CHUNK", 7)
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    for args in (["--no-cache"], [], []):  # without the cache; writing it; reading it
        workers = invoke("check", *args, "--format", output, cwd=root)
        assert workers.exit_code == alone.exit_code
        assert workers.stdout == alone.stdout


@pytest.mark.skipif(not parallel.can_fork(), reason="workers are forked, on Linux only")
def test_read_in_workers_keeps_the_order(tmp_path: Path) -> None:
    files = []
    for n in range(50):
        path = tmp_path / f"{n}.yaml"
        path.write_text(f"date: 2024-01-{n % 28 + 1:02}\ncommitment: a\nsummary: s{n}\n",
                        encoding="utf-8")
        files.append((str(path), None))
    records = parallel.read_in_workers(files, activity_reader.read_activity_file, minimum=1)
    if records is None:
        assert parallel.cores() < 2
        return
    assert records == [activity_reader.read_activity_file(path, None)[0] for path, _ in files]


# --- the cache checked in a process of its own ---------------------------------------------


@pytest.mark.skipif(not parallel.can_fork(), reason="the checker is forked, on Linux only")
@pytest.mark.parametrize("forgery", [*FORGERIES.values(), None],
                         ids=[*FORGERIES.keys(), "none"])
def test_the_cache_checked_beside_gives_the_same_verdict(
        forgery: Callable[[cache.Records], object] | None, make_ledger: MakeLedger,
        cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, path = _cache_of(make_ledger, cache_home)
    if forgery is not None:
        _forge(path, root, forgery)
    monkeypatch.setattr(cache, "_can_check_beside", lambda: True)
    inline = cache.start_reading(path, root, check_from=None).records()
    beside = cache.start_reading(path, root, check_from=0).records()
    assert beside == inline
    assert (inline == {}) == (forgery is not None)


# --- only the command that runs is imported ------------------------------------------------


@pytest.mark.parametrize(("arguments", "modules"), [
    (["--version"], ()),
    (["status", "--as-of", "2025-06-01"], ("status",)),
    (["--ledger", "status", "check"], ("check",)),  # `status` is the value of --ledger
    (["import", "x.csv"], ("import_sheet",)),
    (["site", "out"], ("web",)),
    (["status", "--help"], None),
    (["stauts"], None),  # unknown: all, so that Click can say what there is
    ([], None),
])
def test_only_the_command_named_is_imported(arguments: list[str],
                                            modules: tuple[str, ...] | None) -> None:
    assert lazy.choose(arguments) == modules


def test_every_command_is_known_to_the_lazy_list() -> None:
    import typer.main

    command = typer.main.get_command(app)
    names = set(getattr(command, "commands", {}))
    assert {"check", "status", "export", "log", "show", "report", "import", "site"} <= names
    for name in names:
        assert lazy.choose([name]) is not None
