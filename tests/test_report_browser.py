"""The HTML report in a real browser: headless Chromium renders the demo ledger's report to
a PNG screenshot and to a PDF, and the page makes no network requests.

How "no network requests" is checked: Chromium is started with `--remote-debugging-pipe`
and driven over the DevTools protocol (JSON messages separated by NUL bytes on file
descriptors 3 and 4; no extra packages, no port). The test enables the Network domain,
loads the report from a file:// URL, waits for the load event and a quiet moment, and
collects the URL of every `Network.requestWillBeSent` event: every resource the page asks
for (stylesheets, fonts, images, frames, fetches) passes through it, whether or not it
would succeed. Only the report's own file:// URL may appear. A control page with one
external image proves that the monitor does see a fetch. The report also carries a
Content-Security-Policy that forbids fetches; the check runs a second time on a copy
without it, so that it is the markup itself that is proven self-contained. Logging to
stderr (`--enable-logging --v=1`) was not used: its wording changes between versions.

Skipped, with the reason, when Chromium is not installed (Debian: `apt-get install
chromium`); `.ci/run` installs it.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium"
                                        if Path("/usr/bin/chromium").exists() else None)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--mute-audio")
TIMEOUT = 60.0
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
CSP_META = re.compile(r'<meta http-equiv="Content-Security-Policy"[^>]*>\n')

pytestmark = pytest.mark.skipif(
    CHROMIUM is None or not sys.platform.startswith("linux"),
    reason="headless Chromium is not installed (Debian package `chromium`, installed by "
           ".ci/run); the real-browser test of the HTML report needs it")


@pytest.fixture(scope="module")
def demo_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo ledger's HTML report of 2025-T1, the tertial its meeting reviewed."""
    target = tmp_path_factory.mktemp("report") / "rapport.html"
    subprocess.run(
        [sys.executable, "-m", "lofte", "report", "--ledger", str(REPO / "examples" / "demo"),
         "--period", "2025-T1", "--format", "html", "--output", str(target)],
        check=True, capture_output=True, timeout=TIMEOUT)
    return target


def run_chromium(profile: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, timeout=TIMEOUT, check=False)


def test_screenshot(demo_report: Path, tmp_path: Path) -> None:
    png = tmp_path / "report.png"
    result = run_chromium(tmp_path / "profile", "--window-size=1000,1400",
                          f"--screenshot={png}", demo_report.as_uri())
    assert png.exists(), result.stderr.decode(errors="replace")[-2000:]
    data = png.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 10_000


def test_pdf_with_a_page_per_section(demo_report: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    result = run_chromium(tmp_path / "profile", "--no-pdf-header-footer",
                          f"--print-to-pdf={pdf}", demo_report.as_uri())
    assert pdf.exists(), result.stderr.decode(errors="replace")[-2000:]
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(data) > 10_000
    # The overview, then three sections that each start on a new page.
    pages = max(int(n) for n in re.findall(rb"/Count (\d+)", data))
    assert pages >= 4


def test_dom_after_loading(demo_report: Path, tmp_path: Path) -> None:
    result = run_chromium(tmp_path / "profile", "--dump-dom", demo_report.as_uri())
    dom = result.stdout.decode("utf-8")
    assert '<html lang="sv">' in dom
    assert "Detta har vi gjort tillsammans" in dom
    assert "<svg" in dom and "<script" not in dom


# --- the network, over the DevTools protocol --------------------------------------------


class DevTools:
    """A minimal DevTools-protocol client over --remote-debugging-pipe."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None
        # The browser reads commands on fd 3 and writes replies and events on fd 4: hand it
        # our pipes there (and nothing on stdin/stdout).
        self.process = subprocess.Popen(
            ["/bin/sh", "-c", 'exec "$0" "$@" 3<&0 4>&1 0</dev/null 1>/dev/null', CHROMIUM,
             *FLAGS, f"--user-data-dir={profile}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert self.process.stdin is not None and self.process.stdout is not None
        self.writer = self.process.stdin
        self.reader = self.process.stdout.fileno()
        self.buffer = b""
        self.next_id = 0
        self.events: list[dict[str, Any]] = []

    def _read(self, deadline: float) -> dict[str, Any] | None:
        while b"\0" not in self.buffer:
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.reader], [], [], left)
            if ready:
                chunk = os.read(self.reader, 65536)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self.buffer += chunk
        message, _, self.buffer = self.buffer.partition(b"\0")
        parsed: dict[str, Any] = json.loads(message)
        return parsed

    def send(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        self.next_id += 1
        command: dict[str, Any] = {"id": self.next_id, "method": method,
                                   "params": params or {}}
        if session:
            command["sessionId"] = session
        self.writer.write(json.dumps(command).encode() + b"\0")
        self.writer.flush()
        deadline = time.monotonic() + TIMEOUT
        while True:
            message = self._read(deadline)
            if message is None:
                raise TimeoutError(method)
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                result: dict[str, Any] = message.get("result", {})
                return result
            self.events.append(message)

    def wait_for(self, method: str, seconds: float) -> bool:
        deadline = time.monotonic() + seconds
        if any(e.get("method") == method for e in self.events):
            return True
        while (message := self._read(deadline)) is not None:
            self.events.append(message)
            if message.get("method") == method:
                return True
        return False

    def collect(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while (message := self._read(deadline)) is not None:
            self.events.append(message)

    def close(self) -> None:
        with contextlib.suppress(OSError, RuntimeError, TimeoutError):
            self.send("Browser.close")
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def requested_urls(page: Path, profile: Path) -> list[str]:
    """Every URL the page asked for while loading it."""
    browser = DevTools(profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget",
                               {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Network.enable", session=session)
        browser.send("Page.enable", session=session)
        browser.events.clear()
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        assert browser.wait_for("Page.loadEventFired", TIMEOUT), "the page did not load"
        browser.collect(1.0)  # anything the page might still start after its load event
        return [event["params"]["request"]["url"] for event in browser.events
                if event.get("method") == "Network.requestWillBeSent"]
    finally:
        browser.close()


def test_the_monitor_sees_a_fetch(tmp_path: Path) -> None:
    control = tmp_path / "control.html"
    control.write_text('<!DOCTYPE html><html lang="sv"><body><p>kontroll</p>'
                       '<img alt="" src="http://127.0.0.1:9/bild.png"></body></html>',
                       encoding="utf-8")
    urls = requested_urls(control, tmp_path / "profile")
    assert control.as_uri() in urls
    assert "http://127.0.0.1:9/bild.png" in urls


@pytest.mark.parametrize("keep_csp", [True, False], ids=["as-written", "without-csp"])
def test_the_report_makes_no_network_requests(demo_report: Path, tmp_path: Path,
                                              keep_csp: bool) -> None:
    page = demo_report
    if not keep_csp:
        html = demo_report.read_text(encoding="utf-8")
        page = tmp_path / "without-csp.html"
        page.write_text(CSP_META.sub("", html, count=1), encoding="utf-8")
        assert "Content-Security-Policy" not in page.read_text(encoding="utf-8")
    urls = requested_urls(page, tmp_path / "profile")
    assert urls == [page.as_uri()]


# --- layout at a phone's width and at a desktop's, over the DevTools protocol ------------

LAYOUT = """JSON.stringify({
  page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
  summary: [...document.querySelectorAll('table.summary')].map(
    t => [t.scrollWidth, t.parentElement.clientWidth, t.getBoundingClientRect().right]),
  wrapped: [...document.querySelectorAll('time')].filter(
    t => t.getClientRects().length > 1 || t.getBoundingClientRect().height > 30).length,
  times: document.querySelectorAll('time').length,
})"""


def layout_at(page: Path, profile: Path, width: int) -> dict[str, Any]:
    """What the page looks like in a viewport `width` CSS pixels wide."""
    browser = DevTools(profile)
    try:
        target = browser.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = browser.send("Target.attachToTarget",
                               {"targetId": target, "flatten": True})["sessionId"]
        browser.send("Emulation.setDeviceMetricsOverride",
                     {"width": width, "height": 844, "deviceScaleFactor": 1,
                      "mobile": width < 600}, session=session)
        browser.send("Page.enable", session=session)
        browser.events.clear()
        browser.send("Page.navigate", {"url": page.as_uri()}, session=session)
        assert browser.wait_for("Page.loadEventFired", TIMEOUT), "the page did not load"
        result = browser.send("Runtime.evaluate", {"expression": LAYOUT,
                                                   "returnByValue": True}, session=session)
        return dict(json.loads(result["result"]["value"]))
    finally:
        browser.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_no_horizontal_scroll_and_no_date_broken_in_two(demo_report: Path, tmp_path: Path,
                                                        width: int) -> None:
    layout = layout_at(demo_report, tmp_path / "profile", width)
    scroll_width, client_width = layout["page"]
    assert scroll_width <= client_width, layout
    assert len(layout["summary"]) == 3
    for table_width, box_width, right in layout["summary"]:
        assert table_width <= box_width, layout  # the summary never scrolls sideways
        assert right <= width
    assert layout["times"] > 20
    assert layout["wrapped"] == 0, layout


HEADING = re.compile(r"<h[23][^>]*>(.*?)</h[23]>", re.S)
TABLE_HEAD = re.compile(r"<thead><tr>(.*?)</tr></thead>", re.S)


def _texts(pattern: re.Pattern[str], page: str) -> set[str]:
    return {" ".join(re.sub(r"<[^>]+>", " ", m).split()) for m in pattern.findall(page)}


def test_print_leaves_no_heading_alone_at_the_foot_of_a_page(demo_report: Path,
                                                              tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pdf = tmp_path / "report.pdf"
    run_chromium(tmp_path / "profile", "--no-pdf-header-footer", f"--print-to-pdf={pdf}",
                 demo_report.as_uri())
    html = demo_report.read_text(encoding="utf-8")
    headings = _texts(HEADING, html) | _texts(TABLE_HEAD, html)
    assert "Sammanfattning" in headings and "Datum Vad Plats" in headings
    pages = [[" ".join(line.split()) for line in page.extract_text().splitlines()
              if line.strip()] for page in pypdf.PdfReader(pdf).pages]
    assert len(pages) >= 4
    for number, lines in enumerate(pages[:-1], start=1):
        assert lines[-1] not in headings, f"page {number} ends with {lines[-1]!r}"
