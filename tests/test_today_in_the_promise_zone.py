""""Today" is the date in the promise's time zone, never the machine's."""

from __future__ import annotations

import datetime as dt
import importlib

import pytest

from tests.conftest import MINI_COMMITMENTS, Invoke, MakeLedger

app_module = importlib.import_module("lofte.cli.app")  # `lofte.cli.app` is also the Typer app
# 23:30 UTC on 20 March is 00:30 on 21 March in Stockholm (CET, UTC+1).
LATE_EVENING_UTC = dt.datetime(2024, 3, 20, 23, 30, tzinfo=dt.UTC)


@pytest.fixture
def half_past_midnight_in_sweden(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "utc_now", lambda: LATE_EVENING_UTC)
    monkeypatch.setenv("TZ", "UTC")


@pytest.mark.usefixtures("half_past_midnight_in_sweden")
def test_an_activity_logged_after_midnight_passes_check_on_a_utc_runner(
        make_ledger: MakeLedger, invoke: Invoke) -> None:
    root = make_ledger()
    logged = invoke("log", "fotpatrullering", "Fotpatrull vid torget", cwd=root)
    assert logged.exit_code == 0, logged.output
    assert "2024-03-21-fotpatrullering-" in logged.stdout
    checked = invoke("check", cwd=root)
    assert checked.exit_code == 0, checked.output
    status = invoke("status", "--format", "json", cwd=root)
    assert '"as_of": "2024-03-21"' in status.stdout


@pytest.mark.usefixtures("half_past_midnight_in_sweden")
def test_a_promise_in_another_zone_has_its_own_today(make_ledger: MakeLedger,
                                                     invoke: Invoke) -> None:
    commitments = MINI_COMMITMENTS.replace(
        "  valid_until: 2025-12-31\n", "  valid_until: 2025-12-31\n  timezone: America/New_York\n")
    root = make_ledger({"a.yaml": "date: 2024-03-21\ncommitment: fotpatrullering\n"
                                  "summary: Fotpatrull vid torget.\n"},
                       commitments=commitments)
    checked = invoke("check", cwd=root)  # 19:30 on 20 March in New York
    assert checked.exit_code == 1, checked.output
    assert "date-in-future" in checked.stdout
