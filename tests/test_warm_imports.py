"""A warm `lofte status` (commitments.yaml and every activity in the cache) imports neither
pydantic nor the YAML parser: the validated promise is plain data, the activities are the
cache's columns. The modules it must not load are named here, so that an import added on
that path shows as a failure rather than as a slower benchmark. (Review files are read and
validated on every run: a ledger with reviews/ loads pydantic for them.)

The same for the child process that reads a large sheet while `lofte import` validates
commitments.yaml: it imports the sheet readers, and nothing of the promise or the rows'
checks, which the parent imports anyway."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.conftest import MakeLedger

ROOT = Path(__file__).resolve().parent.parent
NOT_ON_THE_WARM_PATH = ("pydantic", "ruamel.yaml", "lofte.domain.models",
                        "lofte.domain.validation", "lofte.domain.privacy",
                        "lofte.storage.yamlsafe", "lofte.storage.activity_reader")

SCRIPT = textwrap.dedent("""
    import sys
    from lofte.cli.app import main
    sys.argv = ["lofte", *sys.argv[1:]]
    try:
        main()
    except SystemExit as done:
        code = done.code
    loaded = [name for name in {names!r} if name in sys.modules]
    print("LOADED", " ".join(loaded), file=sys.stderr)
    sys.exit(code)
""")


def _ledger(make_ledger: MakeLedger) -> Path:
    """A ledger of a few hundred activities with nothing to report, its files dated an hour
    ago (a file changed within the last moments is never trusted from the cache)."""
    commitments = ("fotpatrullering", "trafikkontroller", "alkoholtillsyn", "vaktare")
    activities = {
        f"{2023 + n % 3}/{n:03d}.yaml": (
            f"date: {2023 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}\n"
            f"commitment: {commitments[n % 4]}\nsummary: Runda nummer {n} vid torget.\n"
            + ("public: false\n" if n % 7 == 0 else ""))
        for n in range(300)}
    activities["2024/två.yaml"] = ("- date: 2024-05-02\n  commitment: vaktare\n"
                                    "  summary: Kväll.\n- date: 2024-05-03\n"
                                    "  commitment: [vaktare, fotpatrullering]\n"
                                    "  summary: Helg.\n  by: kommunen\n")
    root = make_ledger(activities)
    past = time.time() - 3600
    for path in root.rglob("*"):
        os.utime(path, (past, past))
    return root


def _status(ledger: Path, cache: Path, *args: str) -> tuple[int, list[str]]:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "LOFTE_LANG": "sv"}
    env.pop("LOFTE_NO_CACHE", None)
    run = subprocess.run([sys.executable, "-c", SCRIPT.format(names=NOT_ON_THE_WARM_PATH),
                          "status", "--ledger", str(ledger), *args],
                         capture_output=True, text=True, check=False, env=env, cwd=ROOT)
    loaded = [line for line in run.stderr.splitlines() if line.startswith("LOADED")]
    assert loaded, run.stderr
    return run.returncode, loaded[-1].split()[1:]


@pytest.mark.parametrize("args", [(), ("--format", "json")])
def test_a_warm_status_imports_neither_pydantic_nor_the_yaml_parser(
        make_ledger: MakeLedger, tmp_path: Path, args: tuple[str, ...]) -> None:
    ledger = _ledger(make_ledger)
    cold_code, cold = _status(ledger, tmp_path / "cache", *args)
    assert "pydantic" in cold  # the first run validates and fills the cache
    warm_code, warm = _status(ledger, tmp_path / "cache", *args)
    assert (warm_code, warm) == (cold_code, [])
    assert cold_code == 0


def test_a_changed_file_is_read_with_the_careful_modules(make_ledger: MakeLedger,
                                                         tmp_path: Path) -> None:
    ledger = _ledger(make_ledger)
    _status(ledger, tmp_path / "cache")
    changed = ledger / "activities" / "2024" / "001.yaml"
    changed.write_text(changed.read_text(encoding="utf-8") + "# ändrad\n", encoding="utf-8")
    _code, loaded = _status(ledger, tmp_path / "cache")
    assert "lofte.storage.activity_reader" in loaded


NOT_FOR_READING_A_SHEET = ("pydantic", "openpyxl", "lofte.domain.import_mapping",
                           "lofte.domain.promise", "lofte.domain.privacy",
                           "lofte.domain.new_activity", "lofte.usecases.import_sheet")

READ_A_SHEET = textwrap.dedent("""
    import sys
    from pathlib import Path
    from lofte.usecases.sheet_reading import read_sheet
    rows = read_sheet(Path(sys.argv[1]), None, 1)
    print(len(rows), *(str(cell) for cell in rows[1][1]))
    print(" ".join(name for name in {names!r} if name in sys.modules))
""")


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_reading_a_sheet_imports_only_the_readers(tmp_path: Path, suffix: str) -> None:
    from lofte.storage.spreadsheet import Table, workbook_bytes

    sheet = tmp_path / f"ark{suffix}"
    if suffix == ".xlsx":
        sheet.write_bytes(workbook_bytes([Table("Aktiviteter", ["datum", "åtagande"],
                                                [[dt.datetime(2024, 3, 1), "fot"]])]))
    else:
        sheet.write_text("datum;åtagande\n2024-03-01;fot\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-c",
                          READ_A_SHEET.format(names=NOT_FOR_READING_A_SHEET), str(sheet)],
                         capture_output=True, text=True, check=False, cwd=ROOT)
    assert run.returncode == 0, run.stderr
    read, loaded = run.stdout.splitlines()
    day = "2024-03-01 00:00:00" if suffix == ".xlsx" else "2024-03-01"  # a date, or text
    assert read == f"2 {day} fot"
    assert loaded == ""
