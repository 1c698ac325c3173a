"""`lofte web` in a real browser: headless Chromium, driven by Playwright, against a real
uvicorn server on 127.0.0.1 serving a small ledger in the test's temporary folder.

What is checked, as a coordinator without a terminal would meet it:
- the status board lists the commitments, each state a word and not a colour alone;
- an activity logged through the form becomes one new file under `activities/`, and the
  board says so (the flash names the file) and counts it;
- a form error (an empty summary, a phone number the privacy guard refuses) appears next
  to its field: the input is `aria-invalid` and its `aria-describedby` names the message;
  nothing is written;
- with JavaScript, the privacy guard speaks while the summary is typed (`/log/privacy`);
- the form can be filled in and sent with the keyboard alone, in the order it is read;
- no page breaks the strict Content-Security-Policy, and the report's preview shows;
- screenshots at 1280 and 390 px wide; at 390 px no page scrolls sideways;
- axe-core finds nothing serious or critical on the board, a commitment, the form (also
  with its errors shown), the review and the report (the report's own document: slow);
- 20 form submissions at once, over HTTP from threads, give 20 files and no error.

Chromium is Debian's (`/usr/bin/chromium`, installed by `.ci/run`): Playwright cannot
download its own here. Skipped, with the reason, when it or the `playwright` package is
missing. One browser per module; each test gets its own ledger and its own server.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import MINI_COMMITMENTS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip("headless Chromium is not installed (Debian package `chromium`, installed "
                "by .ci/run); the browser test of `lofte web` needs it",
                allow_module_level=True)
sync_api = pytest.importorskip(
    "playwright.sync_api",
    reason="the `playwright` package is not installed; the browser test of `lofte web` "
           "needs it (with the system's Chromium, no browser download)")
httpx = pytest.importorskip("httpx", reason="httpx is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")

from lofte.web.app import WebConfig, create_app  # noqa: E402

expect = sync_api.expect

TODAY = dt.date(2025, 6, 10)
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
WAIT_MS = 10_000
PHONE = "070-123 45 67"

COMMITMENTS = MINI_COMMITMENTS

ACTIVITIES = {
    "2025/2025-06-02-fotpatrullering-a1b2c3.yaml": """\
date: 2025-06-02
commitment: fotpatrullering
summary: "Fotpatrull kring resecentrum en fredagskväll; lugnt läge."
place: "Resecentrum"
hours: 3
""",
    "2025/2025-05-20-fotpatrullering-d4e5f6.yaml": """\
date: 2025-05-20
commitment: fotpatrullering
summary: "Fotpatrull i parken vid skolan efter tips om oro."
""",
    "2025/2025-03-14-alkoholtillsyn-0a1b2c.yaml": """\
date: 2025-03-14
commitment: alkoholtillsyn
by: [polisen, kommunen]
summary: "Gemensam tillsyn av tre krogar i centrum."
people_reached: 40
""",
    "2025/2025-04-01-vaktare-3d4e5f.yaml": """\
date: 2025-04-01
commitment: vaktare
summary: "Väktarna körde runt i ytterområdena under helgen."
""",
}

REVIEW = """\
period: 2025-T1
decided_on: 2025-05-12
by: [polisen, kommunen]
verdicts:
  fotpatrullering:
    verdict: done
    comment: "Fotpatrull varje vecka kring de platser som trygghetsmätningen pekade ut."
  alkoholtillsyn:
    verdict: partly
    comment: "En gemensam tillsyn; fler planeras till hösten."
  vaktare:
    verdict: not-done
    comment: "Väktarna kom i gång först i april."
"""

# --- the ledger, the server, the browser -------------------------------------------------

def make_ledger(root: Path) -> Path:
    (root / "activities").mkdir(parents=True)
    (root / "commitments.yaml").write_bytes(COMMITMENTS.encode("utf-8"))
    for relative, text in ACTIVITIES.items():
        target = root / "activities" / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    (root / "reviews").mkdir()
    (root / "reviews" / "2025-T1.yaml").write_bytes(REVIEW.encode("utf-8"))
    return root


def activity_files(root: Path) -> set[Path]:
    return set((root / "activities").rglob("*.yaml"))


@dataclass(frozen=True)
class Site:
    root: Path
    url: str


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """A ledger of its own and `lofte web` serving it on a free port of 127.0.0.1."""
    root = make_ledger(tmp_path / "ledger")
    config = WebConfig(root=root, today=lambda: TODAY, language="en",
                       cache_dir=tmp_path / "cache")
    # A socket bound here, so that no other process can take the port first; uvicorn
    # serves on it. TCP_NODELAY: without it, each answer on this socket waits ~40 ms
    # (Nagle's algorithm against delayed acknowledgements).
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(config), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]},
                              daemon=True)
    thread.start()
    while not server.started:  # as long as it takes on a loaded machine
        thread.join(0.02)
        assert thread.is_alive(), "the server stopped while starting"
    try:
        yield Site(root, f"http://127.0.0.1:{port}")
    finally:
        server.should_exit = True
        thread.join(timeout=15)
        listener.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM),
                                              args=["--no-sandbox"])
        try:
            yield launched
        finally:
            launched.close()


@pytest.fixture
def page(browser: Browser, request: pytest.FixtureRequest) -> Iterator[Page]:
    """A page of a fresh browser context, with JavaScript unless the test is marked
    `@pytest.mark.parametrize("page", ["no-js"], indirect=True)`."""
    javascript = getattr(request, "param", "js") != "no-js"
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB",
                                  java_script_enabled=javascript)
    context.set_default_timeout(WAIT_MS)
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()


def row(page: Page, commitment: str) -> Locator:
    return page.locator("table.board tbody tr").filter(
        has=page.locator(f'a[href="/c/{commitment}"]'))


def count_of(page: Page, commitment: str) -> int:
    return int(row(page, commitment).locator("td.num").first.inner_text().strip())


def submit(page: Page) -> int:
    """Press the form's button; the status of the answer to the POST."""
    with page.expect_navigation(), page.expect_response(
            lambda r: r.request.method == "POST" and r.url.endswith("/log")) as answer:
        page.get_by_role("button", name="Save the activity").click()
    status: int = answer.value.status
    return status


# --- the board --------------------------------------------------------------------------

STATES = {"fotpatrullering": "ok", "trafikkontroller": "overdue",
          "alkoholtillsyn": "ok", "vaktare": "overdue"}


def test_the_board_lists_the_commitments_with_their_states_in_words(site: Site,
                                                                    page: Page) -> None:
    response = page.goto(site.url + "/")
    assert response is not None and response.status == 200
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".warning").count() == 0, "the test ledger has errors"
    rows = page.locator("table.board tbody tr")
    expect(rows).to_have_count(len(STATES))
    for commitment, state in STATES.items():
        line = row(page, commitment)
        expect(line).to_have_count(1)
        badge = line.locator(".state")
        # The state is a word in the text, not only a colour or a symbol.
        assert badge.inner_text().split()[-1] == state, (commitment, badge.inner_text())
        assert badge.get_attribute("class") == f"state state-{state}"
        symbol = badge.locator('[aria-hidden="true"]')
        expect(symbol).to_have_count(1)
    assert count_of(page, "fotpatrullering") == 2
    assert count_of(page, "trafikkontroller") == 0
    expect(page.get_by_role("link", name="Fotpatrullering kring otrygga platser")
           ).to_have_attribute("href", "/c/fotpatrullering")


# --- logging an activity ----------------------------------------------------------------

@pytest.mark.parametrize("page", ["no-js"], indirect=True)
def test_an_activity_logged_through_the_form_is_a_new_file_and_on_the_board(
        site: Site, page: Page) -> None:
    before = activity_files(site.root)
    page.goto(site.url + "/")
    assert count_of(page, "trafikkontroller") == 0
    page.get_by_role("link", name="Log an activity").first.click()
    expect(page).to_have_url(site.url + "/log")
    expect(page.locator("#date")).to_have_value(TODAY.isoformat())
    page.get_by_label("Commitment").select_option("trafikkontroller")
    page.get_by_label("What was done").fill("Kontroll av trimmade mopeder vid torget.")
    page.get_by_label("Place").fill("Stortorget")
    page.get_by_label("People reached").fill("12")
    assert submit(page) == 303
    assert page.url.startswith(site.url + "/?logged=")

    new = activity_files(site.root) - before
    assert len(new) == 1, new
    (written,) = new
    relative = written.relative_to(site.root).as_posix()
    assert re.fullmatch(r"activities/2025/2025-06-10-trafikkontroller-[0-9a-z-]+\.yaml",
                        relative), relative
    text = written.read_text(encoding="utf-8")
    assert "commitment: trafikkontroller" in text
    assert "Kontroll av trimmade mopeder vid torget." in text
    assert "Stortorget" in text and "12" in text

    flash = page.locator(".flash")
    expect(flash).to_have_count(1)
    expect(flash).to_have_text(f"Logged: {relative}")
    expect(flash).to_have_attribute("role", "status")
    assert count_of(page, "trafikkontroller") == 1
    expect(page.locator(".warning")).to_have_count(0)  # the new file is valid
    expect(row(page, "trafikkontroller").locator(".state")).to_contain_text("ok")


def describing(page: Page, field: str) -> list[str]:
    """The ids the field's aria-describedby names; each of them is on the page."""
    described = page.locator(f"#{field}").get_attribute("aria-describedby") or ""
    ids = described.split()
    for name in ids:
        expect(page.locator(f"#{name}")).to_have_count(1)
    return ids


def error_next_to(page: Page, field: str) -> str:
    """The message of the field's error, checked to be announced and beside the field."""
    control = page.locator(f"#{field}")
    expect(control).to_have_attribute("aria-invalid", "true")
    ids = describing(page, field)
    assert f"{field}-error" in ids, (field, ids)
    message = page.locator(f"#{field}-error")
    expect(message).to_be_visible()
    # Next to its field: in the same `.field` box, just below it on the screen.
    same_box = page.locator(".field").filter(has=control).filter(has=message)
    expect(same_box).to_have_count(1)
    field_box = control.bounding_box()
    message_box = message.bounding_box()
    assert field_box is not None and message_box is not None
    assert 0 <= message_box["y"] - (field_box["y"] + field_box["height"]) < 200, (
        field_box, message_box)
    text: str = message.inner_text()
    return text


def test_empty_fields_are_errors_next_to_their_fields(site: Site, page: Page) -> None:
    before = activity_files(site.root)
    page.goto(site.url + "/log")
    assert submit(page) == 400
    assert "fill this in" in error_next_to(page, "commitment")
    assert "fill this in" in error_next_to(page, "summary")
    expect(page.get_by_role("alert")).to_contain_text("Nothing was written")
    for other in ("date", "place", "people_reached", "hours", "tags", "links"):
        expect(page.locator(f"#{other}")).not_to_have_attribute("aria-invalid", "true")
    # The commitment chosen (here from the link of its page) is kept; the summary is not.
    page.goto(site.url + "/log?commitment=vaktare")
    expect(page.get_by_label("Commitment")).to_have_value("vaktare")
    assert submit(page) == 400
    assert "fill this in" in error_next_to(page, "summary")
    expect(page.locator("#commitment")).not_to_have_attribute("aria-invalid", "true")
    expect(page.locator("#commitment-error")).to_have_count(0)
    expect(page.get_by_label("Commitment")).to_have_value("vaktare")
    assert activity_files(site.root) == before


def test_a_phone_number_in_the_summary_is_refused_next_to_its_field(site: Site,
                                                                    page: Page) -> None:
    before = activity_files(site.root)
    page.goto(site.url + "/log")
    page.get_by_label("Commitment").select_option("fotpatrullering")
    summary = f"Samtal med boende, ring {PHONE} vid frågor."
    page.get_by_label("What was done").fill(summary)
    assert submit(page) == 400
    message = error_next_to(page, "summary")
    assert "phone" in message.lower(), message
    assert "123 45 67" not in message  # the number is masked, not repeated
    expect(page.get_by_label("What was done")).to_have_value(summary)
    expect(page.get_by_label("Commitment")).to_have_value("fotpatrullering")
    assert activity_files(site.root) == before


def privacy_message(page: Page, *, empty: bool) -> str:
    """What `#summary-privacy` says once it says something (or nothing, if `empty`). The
    page asks the server after a pause in the typing; checked at every animation frame."""
    page.wait_for_function(
        "empty => (document.getElementById('summary-privacy').textContent === '') === empty",
        arg=empty)
    text: str = page.locator("#summary-privacy").inner_text()
    return text


def test_the_privacy_guard_speaks_while_the_summary_is_typed(site: Site,
                                                             page: Page) -> None:
    posted: list[str] = []
    page.on("request", lambda r: posted.append(r.url) if r.method == "POST" else None)
    page.goto(site.url + "/log")
    live = page.locator("#summary-privacy")
    expect(live).to_have_attribute("aria-live", "polite")
    expect(live).to_have_text("")
    assert "summary-privacy" in describing(page, "summary")
    page.get_by_label("What was done").press_sequentially(f"Ring {PHONE}", delay=5)
    message = privacy_message(page, empty=False)
    assert "phone" in message and "123 45 67" not in message, message
    assert f"{site.url}/log/privacy" in posted
    # Ticking "not public" quiets it (such a summary is never published); unticking it
    # brings the message back, and a summary without the number quiets it again.
    page.get_by_label("Not public").check()
    privacy_message(page, empty=True)
    page.get_by_label("Not public").uncheck()
    assert "phone" in privacy_message(page, empty=False)
    page.get_by_label("What was done").fill("Fotpatrull vid torget.")
    privacy_message(page, empty=True)
    assert page.url == site.url + "/log"  # nothing was submitted


def tab_to(page: Page, selector: str, limit: int = 40) -> list[str]:
    """Press Tab until `selector` has the focus; what had it on the way (id, or name)."""
    passed: list[str] = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.id || document.activeElement.name || "
                             "document.activeElement.textContent.trim()")
        if not passed or passed[-1] != name or name == "by":  # a date has three parts
            passed.append(name)
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return passed
    raise AssertionError(f"{selector} never had the focus; in turn: {passed}")


def test_an_activity_logged_with_the_keyboard_alone(site: Site, page: Page) -> None:
    before = activity_files(site.root)
    page.goto(site.url + "/log")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to the content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # hidden until it has the focus, then seen
    tab_to(page, "#commitment")
    page.keyboard.type("Trafik")  # a closed select chooses by the first letters
    expect(page.locator("#commitment")).to_have_value("trafikkontroller")
    page.keyboard.press("Tab")
    expect(page.locator("#summary")).to_be_focused()
    page.keyboard.type("Mopedkontroll vid skolan.")
    order = tab_to(page, "button[type=submit]")
    assert order == ["date", "by", "by", "place", "people_reached", "hours", "tags",
                     "links", "private", "Save the activity"], order
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid", "the focused button shows no focus ring"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.startswith(site.url + "/?logged=")
    new = activity_files(site.root) - before
    assert len(new) == 1, new
    assert "Mopedkontroll vid skolan." in next(iter(new)).read_text(encoding="utf-8")


# --- the Content-Security-Policy, and the report's preview ------------------------------

def test_no_page_breaks_its_content_security_policy(site: Site, page: Page) -> None:
    """Every page loads whole under the strict policy: no message in the console (a blocked
    style, script, fetch or frame says so there), and the report's preview is shown."""
    complaints: list[str] = []
    page.on("console", lambda m: complaints.append(f"{page.url}: {m.text}")
            if m.type == "error" else None)
    page.on("pageerror", lambda e: complaints.append(f"{page.url}: {e}"))
    for path in ("/", "/c/fotpatrullering", "/review/2025-T1", "/log", "/report"):
        # `goto` returns once the page and its frames (the report's preview) have loaded.
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, path
        # The stylesheet applies (it is served by lofte, under 'self').
        assert page.evaluate("getComputedStyle(document.body).margin") == "0px", path
        if path == "/log":  # the script runs, and its fetch is let through
            page.get_by_label("What was done").press_sequentially(PHONE, delay=5)
            privacy_message(page, empty=False)
    # The browser asks for /favicon.ico on its own; lofte has none, which is no fault.
    complaints = [c for c in complaints if "status of 404" not in c]
    assert not complaints, "\n".join(complaints)
    preview = page.frame_locator("iframe.report").locator("h1")
    expect(preview).to_contain_text("Testköping", timeout=1_000)


# --- screenshots and narrow screens -----------------------------------------------------

def no_sideways_scroll(page: Page) -> tuple[int, int]:
    widths: list[int] = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    return widths[0], widths[1]


@pytest.mark.parametrize("width", [1280, 390])
def test_screenshots_and_no_sideways_scroll(site: Site, page: Page, tmp_path: Path,
                                            width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    pages = {"board": "/", "log": "/log"}
    if width < 600:  # every page fits a phone's width
        pages.update(commitment="/c/fotpatrullering", review="/review/2025-T1",
                     report="/report")
    for name, path in pages.items():
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, path
        if name in ("board", "log"):
            shot = tmp_path / f"{name}-{width}.png"
            page.screenshot(path=str(shot), full_page=True)
            assert shot.read_bytes().startswith(PNG_SIGNATURE), shot
            assert shot.stat().st_size > 5_000, shot
        if width < 600:
            scroll_width, client_width = no_sideways_scroll(page)
            assert scroll_width <= client_width, (path, scroll_width, client_width)


# --- accessibility ----------------------------------------------------------------------

SERIOUS = ("serious", "critical")


def serious_violations(axe: Any, page: Page) -> list[str]:
    """Each violation of impact serious or critical: its id, impact, targets and help."""
    results = axe.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation.get("impact") in SERIOUS:
            targets = [node.get("target") for node in violation.get("nodes", [])][:3]
            found.append(f"{violation['id']} ({violation['impact']}): {targets} "
                         f"{violation.get('help', '')}")
    return found


def axe_runner() -> Any:
    module = pytest.importorskip(
        "axe_playwright_python.sync_playwright",
        reason="axe-playwright-python (axe-core for Playwright) is not installed")
    return module.Axe()


def report_lines(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{path}: {line}" for path, lines in found.items() for line in lines)


def test_axe_finds_nothing_serious(site: Site, page: Page) -> None:
    axe = axe_runner()
    found: dict[str, list[str]] = {}
    for path in ("/", "/c/fotpatrullering", "/log", "/review/2025-T1", "/report"):
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, path
        found[path] = serious_violations(axe, page)
    # The form with its errors shown: no commitment, no summary, people reached not a
    # number, hours below zero.
    page.goto(site.url + "/log")
    page.get_by_label("People reached").fill("många")
    page.get_by_label("Staff hours").fill("-2")
    assert submit(page) == 400
    expect(page.locator("[aria-invalid=true]")).to_have_count(4)
    found["/log (with errors)"] = serious_violations(axe, page)
    assert not any(found.values()), report_lines(found)


@pytest.mark.slow
def test_axe_finds_nothing_serious_in_the_report_preview(site: Site, page: Page) -> None:
    """The document the report page shows in its frame, as a page of its own (axe-core
    does not look into a frame it was not loaded in). It is `lofte report --format html`,
    larger than the other pages, hence slow."""
    axe = axe_runner()
    path = "/report/file.html?inline=1"
    response = page.goto(site.url + path)
    assert response is not None and response.status == 200, path
    found = {path: serious_violations(axe, page)}
    assert not any(found.values()), report_lines(found)


# --- many at once -----------------------------------------------------------------------

CSRF_INPUT = re.compile(r'<input type="hidden" name="csrf" value="([^"]+)">')
SUBMISSIONS = 20
BOARD_COUNT = re.compile(r'href="/c/alkoholtillsyn".*?<td class="num"[^>]*>(\d+)</td>', re.S)


def submit_one(base: str, number: int, start: threading.Barrier) -> tuple[int, str]:
    """GET the form for its CSRF cookie and value, wait for the others, then POST one
    activity of its own."""
    with httpx.Client(base_url=base, timeout=30.0, follow_redirects=False) as client:
        form = client.get("/log")
        assert form.status_code == 200, form.status_code
        match = CSRF_INPUT.search(form.text)
        assert match is not None, "no CSRF value in the form"
        start.wait()
        answer = client.post("/log", data={
            "csrf": match.group(1), "commitment": "alkoholtillsyn",
            "summary": f"Tillsyn nummer {number} av krogarna i centrum.",
            "date": "2025-06-09", "hours": "1,5"})
        return answer.status_code, answer.headers.get("location", answer.text[:300])


def test_twenty_submissions_at_once_give_twenty_files(site: Site) -> None:
    before = activity_files(site.root)
    start = threading.Barrier(SUBMISSIONS, timeout=30)
    # a deadlock shows as the barrier's or a request's timeout, not as a slow machine
    with ThreadPoolExecutor(max_workers=SUBMISSIONS) as pool:
        answers = list(pool.map(lambda n: submit_one(site.url, n, start), range(SUBMISSIONS)))
    assert [status for status, _ in answers] == [303] * SUBMISSIONS, answers
    assert all(where.startswith("/?logged=activities/2025/2025-06-09-alkoholtillsyn-")
               for _, where in answers), answers
    new = activity_files(site.root) - before
    assert len(new) == SUBMISSIONS
    texts = [path.read_text(encoding="utf-8") for path in new]
    for number in range(SUBMISSIONS):
        assert sum(f"Tillsyn nummer {number} av" in text for text in texts) == 1, number
    assert all("hours: 1.5" in text for text in texts), texts[0]
    leftovers = [p for p in (site.root / "activities").rglob("*") if p.is_file()
                 and p.suffix != ".yaml"]
    assert not leftovers
    with httpx.Client(base_url=site.url, timeout=30.0) as client:
        board = client.get("/")
    assert board.status_code == 200
    count = BOARD_COUNT.search(board.text)
    assert count is not None and int(count.group(1)) == 1 + SUBMISSIONS
