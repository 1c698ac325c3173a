"""`show`, `log` and `status --owner` resolve ids and parties by one rule: the same input
gives the same answer, or the same message, in every command."""

from __future__ import annotations

import pytest

from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

TWO_TRAFFIC = MINI_COMMITMENTS + """\
  - id: trafiksakerhet
    title: Trafiksäkerhet vid skolor
    owners: [kommunen]
"""


def _log(invoke: Invoke, root: object, word: str) -> tuple[int, str]:
    result = invoke("log", word, "Kontroll vid skolan.", "--date", "2024-03-14", "--dry-run",
                    "--ledger", str(root))
    if result.exit_code != 0:
        return result.exit_code, result.stderr.removesuffix("lofte: nothing written\n")
    [line] = [line for line in result.stdout.splitlines() if line.startswith("commitment: ")]
    return 0, line.removeprefix("commitment: ")


def _show(invoke: Invoke, root: object, word: str) -> tuple[int, str]:
    result = invoke("show", word, "--as-of", "2024-03-20", "--ledger", str(root))
    return result.exit_code, result.stdout.split(" ", 1)[0] if result.exit_code == 0 \
        else result.stderr


@pytest.mark.parametrize(("word", "resolved"), [
    ("trafikkontroller", "trafikkontroller"),
    ("TRAFIKKONTROLLER", "trafikkontroller"),
    ("  trafikk ", "trafikkontroller"),
    ("fot", "fotpatrullering"),
    ("trafik", None),  # two ids start with it
    ("fotpatrulering", None),  # a typo
    ("xyzzy", None),
])
def test_show_and_log_resolve_commitments_alike(word: str, resolved: str | None,
                                                invoke: Invoke, make_ledger: MakeLedger
                                                ) -> None:
    root = make_ledger(commitments=TWO_TRAFFIC)
    logged, shown = _log(invoke, root, word), _show(invoke, root, word)
    if resolved is None:
        assert logged[0] == shown[0] == 2
        assert logged[1] == shown[1]  # the very same message
    else:
        assert logged == shown == (0, resolved)


@pytest.mark.parametrize(("word", "resolved"), [
    ("polisen", True), ("POLISEN", True), (" kommunen ", True),
    ("polis", False), ("pol", False), ("nobody", False),
])
def test_log_by_and_status_owner_resolve_parties_alike(word: str, resolved: bool,
                                                       invoke: Invoke,
                                                       make_ledger: MakeLedger) -> None:
    root = make_ledger()
    logged = invoke("log", "fot", "Fotpatrull.", "--date", "2024-03-14", "--dry-run",
                    "--by", word, "--ledger", str(root))
    status = invoke("status", "--as-of", "2024-03-20", "--owner", word, "--ledger", str(root))
    if resolved:
        assert logged.exit_code == status.exit_code == 0, (logged.output, status.output)
        assert f"by: [{word.strip().lower()}]" in logged.stdout
        return
    assert logged.exit_code == status.exit_code == 2
    message = status.stderr.removeprefix("lofte: ").removesuffix(" (--owner)\n")
    assert logged.stderr.startswith(f"lofte: {message} (--by)\n")
