"""`lofte web` over HTTP, with Starlette's test client: every page, every form error, CSRF,
the token, the host check, a body that is too large, `--commit`, and `lofte site`.

The app is built as `lofte web` builds it (`create_app(WebConfig(...))`), on small ledgers in
tmp_path with a fixed "today" inside the promise.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from starlette.testclient import TestClient

from lofte.web.app import WebConfig, create_app
from lofte.web.security import CSP, REPORT_CSP
from tests.conftest import Invoke, MakeLedger

TODAY = dt.date(2024, 3, 15)
BASE = "http://127.0.0.1"
ACTIVITIES = {
    "2024/2024-03-01-fotpatrullering-aaaaaa.yaml":
        "date: 2024-03-01\ncommitment: fotpatrullering\nsummary: Fotpatrull vid torget.\n",
    "2024/2024-03-02-vaktare-bbbbbb.yaml":
        "date: 2024-03-02\ncommitment: vaktare\nsummary: Hemligt samtal med en ungdom.\n"
        "public: false\n",
}
REVIEW = ("period: 2024-02\ndecided_on: 2024-03-04\nby: [polisen, kommunen]\nverdicts:\n"
          "  fotpatrullering: {verdict: done, comment: Varje vecka.}\n")


@pytest.fixture
def root(make_ledger: MakeLedger) -> Path:
    ledger = make_ledger(ACTIVITIES)
    (ledger / "reviews").mkdir()
    (ledger / "reviews" / "2024-02.yaml").write_text(REVIEW, encoding="utf-8")
    return ledger


def client_for(root: Path, **options: object) -> TestClient:
    options.setdefault("today", lambda: TODAY)
    config = WebConfig(root=root, **options)  # type: ignore[arg-type]
    return TestClient(create_app(config), base_url=BASE)


@pytest.fixture
def client(root: Path) -> TestClient:
    return client_for(root)


def csrf_of(client: TestClient, path: str = "/log") -> str:
    page = client.get(path)
    assert page.status_code == 200, page.text
    match = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert match is not None
    return match.group(1)


def activity_files(root: Path) -> list[Path]:
    return sorted((root / "activities").rglob("*.yaml"))


# --- pages --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/", "/c/fotpatrullering", "/c/fot", "/log",
                                  "/log?commitment=vaktare", "/review/2024-02",
                                  "/report", "/report?period=2024-02",
                                  "/?owner=polisen&state=overdue&state=ok",
                                  "/?as_of=2024-03-10&since=2024-03-01"])
def test_every_page_answers_with_the_strict_policy(client: TestClient, path: str) -> None:
    page = client.get(path)
    assert page.status_code == 200, page.text
    assert page.headers["content-security-policy"] == CSP
    assert page.headers["x-content-type-options"] == "nosniff"
    assert "<script>" not in page.text and " style=" not in page.text  # nothing inline
    assert '<html lang="en">' in page.text


def test_the_board_shows_every_commitment_and_its_state_in_words(client: TestClient) -> None:
    page = client.get("/").text
    for title in ("Fotpatrullering kring otrygga platser", "Väktare som åker runt i kommunen"):
        assert title in page
    assert re.search(r'class="state state-(ok|due|overdue)"><span aria-hidden="true">.</span> '
                     r"(ok|due|overdue)</span>", page)


def test_the_board_filters_by_owner_and_state(client: TestClient) -> None:
    police = client.get("/?owner=polisen").text
    assert "Fotpatrullering" in police and "Väktare" not in police
    bad = client.get("/?owner=nobody&as_of=someday")
    assert bad.status_code == 200
    assert 'id="as_of-error"' in bad.text and 'id="owner-error"' in bad.text


def test_a_commitment_page_shows_its_verdicts_and_activities(client: TestClient) -> None:
    page = client.get("/c/fotpatrullering").text
    assert "Fotpatrull vid torget." in page
    assert "2024-02" in page and "Varje vecka." in page
    assert '<svg class="heat"' in page
    assert client.get("/c/nothing").status_code == 404


def test_the_swedish_board(root: Path) -> None:
    with client_for(root, language="sv") as swedish:
        page = swedish.get("/").text
    assert '<html lang="sv">' in page and "Lägestavla" in page and "Registrera aktivitet" in page


def test_static_files_are_served(client: TestClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    assert "fetch(" in client.get("/static/lofte.js").text


# --- logging ------------------------------------------------------------------------------

def test_logging_through_the_form_writes_one_file(client: TestClient, root: Path) -> None:
    before = activity_files(root)
    token = csrf_of(client)
    response = client.post("/log", data={
        "csrf": token, "commitment": "fotpatrullering", "summary": "Fotpatrull i Deje.",
        "date": "2024-03-14", "place": "Deje", "people_reached": "12", "hours": "2,5",
        "tags": "kväll, centrum", "links": "https://example.org/a\nDnr 12"},
        follow_redirects=False)
    assert response.status_code == 303, response.text
    new = sorted(set(activity_files(root)) - set(before))
    assert len(new) == 1
    text = new[0].read_text(encoding="utf-8")
    assert "summary: Fotpatrull i Deje.\n" in text and "hours: 2.5\n" in text
    assert "tags: [kväll, centrum]\n" in text
    board = client.get(response.headers["location"]).text
    assert new[0].name in board


def _post(client: TestClient, **fields: str) -> tuple[int, str]:
    data = {"csrf": csrf_of(client), "commitment": "fotpatrullering", "summary": "Fotpatrull.",
            "date": "2024-03-14", **fields}
    response = client.post("/log", data=data, follow_redirects=False)
    return response.status_code, response.text


@pytest.mark.parametrize(("fields", "field"), [
    ({"summary": ""}, "summary"),
    ({"commitment": ""}, "commitment"),
    ({"commitment": "nothing"}, "commitment"),
    ({"date": "someday"}, "date"),
    ({"date": "2024-04-01"}, "date"),  # after today
    ({"date": "2022-12-31"}, "date"),  # before the promise
    ({"people_reached": "many"}, "people_reached"),
    ({"people_reached": "-3"}, "people_reached"),
    ({"hours": "two"}, "hours"),
    ({"summary": "Ring Anna på 070-123 45 67."}, "summary"),
    ({"place": "anna@example.org"}, "place"),
])
def test_each_form_error_is_shown_next_to_its_field(client: TestClient, root: Path,
                                                   fields: dict[str, str], field: str) -> None:
    before = activity_files(root)
    status, page = _post(client, **fields)
    assert status == 400
    assert f'id="{field}-error"' in page
    assert re.search(rf'id="{field}"[^>]*aria-invalid="true"', page), page
    assert activity_files(root) == before


def test_a_private_activity_may_hold_what_a_public_one_may_not(client: TestClient,
                                                                root: Path) -> None:
    status, _ = _post(client, summary="Samtal, ring 070-123 45 67.", private="1")
    assert status == 303
    assert any("public: false" in p.read_text(encoding="utf-8") for p in activity_files(root)
               if "070" in p.read_text(encoding="utf-8"))


def test_the_same_activity_twice_is_refused(client: TestClient, root: Path) -> None:
    assert _post(client, summary="Samma.")[0] == 303
    count = len(activity_files(root))
    status, page = _post(client, summary="Samma.")
    assert status == 409 and "already" in page
    assert len(activity_files(root)) == count


def test_the_privacy_check_while_typing(client: TestClient) -> None:
    token = csrf_of(client)
    found = client.post("/log/privacy", data={"csrf": token, "summary": "070-123 45 67",
                                              "place": "Torget"}).json()
    assert list(found) == ["summary"] and "phone number" in found["summary"][0]
    assert client.post("/log/privacy", data={"csrf": token, "summary": "070-123 45 67",
                                             "private": "1"}).json() == {}


# --- the safety of a server ---------------------------------------------------------------

@pytest.mark.parametrize("path", ["/log", "/log/privacy", "/review/2024-02"])
def test_a_post_without_a_valid_csrf_token_is_refused(client: TestClient, root: Path,
                                                      path: str) -> None:
    before = activity_files(root)
    token = csrf_of(client)
    for data in ({}, {"csrf": "forged"}, {"csrf": token + "x"}):
        response = client.post(path, data={**data, "commitment": "fotpatrullering",
                                           "summary": "Fotpatrull."})
        assert response.status_code == 403
    fresh = TestClient(client.app, base_url=BASE)  # the right value, but no cookie
    assert fresh.post(path, data={"csrf": token, "summary": "x"}).status_code == 403
    assert activity_files(root) == before


def test_the_token_is_checked_on_every_request(root: Path) -> None:
    with client_for(root, token="hemligt") as guarded:
        assert guarded.get("/").status_code == 401
        assert guarded.get("/static/style.css").status_code == 401
        assert guarded.get("/", headers={"Authorization": "Bearer fel"}).status_code == 401
        assert guarded.get("/", headers={"Authorization": "Bearer hemligt"}).status_code == 200
        entry = guarded.get("/c/vaktare?token=hemligt&x=1", follow_redirects=False)
        assert entry.status_code == 303
        assert entry.headers["location"] == "/c/vaktare?x=1"
        assert "HttpOnly" in entry.headers["set-cookie"]
        assert guarded.get("/").status_code == 200  # the cookie from now on


def test_only_loopback_host_names_are_served(root: Path) -> None:
    with client_for(root) as local:
        assert local.get("/", headers={"host": "evil.example"}).status_code == 400
        assert local.get("/", headers={"host": "localhost:8000"}).status_code == 200
    with client_for(root, local_only=False, token="t") as exposed:
        assert exposed.get("/", headers={"host": "lofte.intranet", "Authorization":
                                         "Bearer t"}).status_code == 200


def test_a_body_that_is_too_large_is_refused(client: TestClient, root: Path) -> None:
    before = activity_files(root)
    token = csrf_of(client)
    big = client.post("/log", data={"csrf": token, "commitment": "fotpatrullering",
                                    "summary": "x" * 100_000})
    assert big.status_code == 413
    streamed = client.post("/log", content=iter([b"summary=" + b"x" * 40_000] * 3),
                           headers={"content-type": "application/x-www-form-urlencoded"})
    assert streamed.status_code == 413
    assert activity_files(root) == before


# --- review and report --------------------------------------------------------------------

def test_the_review_form_sets_verdicts(client: TestClient, root: Path) -> None:
    token = csrf_of(client, "/review/2024-03")
    page = client.post("/review/2024-03", data={
        "csrf": token, "verdict-fotpatrullering": "done",
        "comment-fotpatrullering": "Varje vecka i mars.", "verdict-vaktare": "partly",
        "comment-vaktare": ""})
    assert page.status_code == 200, page.text
    text = (root / "reviews" / "2024-03.yaml").read_text(encoding="utf-8")
    assert "verdict: done" in text and "Varje vecka i mars." in text
    assert "verdict: partly" in text
    bad = client.post("/review/2024-03", data={"csrf": token, "verdict-vaktare": "maybe"})
    assert bad.status_code == 400 and "not a verdict" in bad.text
    assert re.search(r'id="vaktare-error"><li>[^<]*not a verdict', bad.text)
    personal = client.post("/review/2024-03", data={
        "csrf": token, "verdict-vaktare": "done", "comment-vaktare": "Ring 070-123 45 67"})
    assert personal.status_code == 400
    assert 'id="comment-vaktare" name="comment-vaktare" value="Ring 070-123 45 67" ' \
           'aria-invalid="true"' in personal.text
    assert "070" not in (root / "reviews" / "2024-03.yaml").read_text(encoding="utf-8")


def test_review_start_and_an_unknown_period(client: TestClient, root: Path) -> None:
    assert client.get("/review", follow_redirects=False).headers["location"] == "/review/2024-T1"
    assert client.get("/review?period=2024-02", follow_redirects=False).headers[
        "location"] == "/review/2024-02"
    assert client.get("/review/2030").status_code == 404
    ended = client_for(root, today=lambda: dt.date(2027, 5, 1))
    assert ended.get("/review", follow_redirects=False).headers["location"] == "/review/2025-T3"
    assert client.get("/review/nonsense").status_code == 404


@pytest.mark.parametrize(("suffix", "media"), [("html", "text/html"), ("md", "text/markdown"),
                                               ("csv", "text/csv")])
def test_the_report_downloads(client: TestClient, suffix: str, media: str) -> None:
    response = client.get(f"/report/file.{suffix}?period=2024-02")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(media)
    assert "attachment" in response.headers["content-disposition"]
    assert "Hemligt" not in response.text


def test_the_report_as_a_sheet_holds_the_public_activities_of_the_period(
        client: TestClient) -> None:
    from io import BytesIO

    from openpyxl import load_workbook

    response = client.get("/report/file.xlsx?period=2024-03")
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    sheet = load_workbook(BytesIO(response.content), read_only=True).worksheets[0]
    summaries = [row[2] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert summaries == ["Fotpatrull vid torget."]  # the private one is left out
    empty = client.get("/report/file.xlsx?period=2024-02")
    assert len(list(load_workbook(BytesIO(empty.content), read_only=True).worksheets[0]
                    .iter_rows(min_row=2))) == 0


def test_the_report_preview_has_its_own_policy(client: TestClient) -> None:
    response = client.get("/report/file.html?period=2024-02&inline=1")
    assert response.headers["content-disposition"] == "inline"
    assert response.headers["content-security-policy"] == REPORT_CSP
    assert "Varje vecka." in response.text  # the review of exactly that period


def test_a_report_over_errors_is_refused(client: TestClient, root: Path) -> None:
    (root / "activities" / "2024" / "bad.yaml").write_text(
        "date: 2024-03-05\ncommitment: nothing\nsummary: x\n", encoding="utf-8")
    assert client.get("/report/file.md").status_code == 409
    board = client.get("/").text
    assert "1 error in the ledger" in board


# --- --commit -----------------------------------------------------------------------------

@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_commit_commits_each_new_file(root: Path) -> None:
    def git(*args: str) -> str:
        return subprocess.run(["git", "-C", str(root), "-c", "user.name=Test",
                               "-c", "user.email=test@example.org", *args],
                              capture_output=True, text=True, check=True).stdout

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "start")
    (root / ".git" / "config").write_text(
        (root / ".git" / "config").read_text() + "[user]\n\tname = T\n\temail = t@example.org\n")
    with client_for(root, commit=True) as committing:
        status, _ = _post(committing, summary="Incheckad fotpatrull.")
        assert status == 303
    log = git("log", "--format=%s", "-1")
    assert log.startswith("lofte: 2024-03-14 ") and "Incheckad fotpatrull." in log
    assert git("status", "--porcelain") == ""


# --- the command line ---------------------------------------------------------------------

def test_web_refuses_another_address_without_a_token(invoke: Invoke, root: Path) -> None:
    result = invoke("web", "--ledger", str(root), "--host", "0.0.0.0", env={
        "LOFTE_WEB_TOKEN": None})
    assert result.exit_code == 2 and "--token" in result.stderr


def test_web_commit_needs_git(invoke: Invoke, root: Path) -> None:
    result = invoke("web", "--ledger", str(root), "--commit")
    assert result.exit_code == 2 and "git" in result.stderr


# --- lofte site ---------------------------------------------------------------------------

def test_site_writes_the_board_the_commitments_and_the_report(invoke: Invoke, root: Path,
                                                              tmp_path: Path) -> None:
    out = tmp_path / "site"
    result = invoke("site", str(out), "--ledger", str(root))
    assert result.exit_code == 0, result.output
    names = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert names == ["c/alkoholtillsyn.html", "c/fotpatrullering.html", "c/trafikkontroller.html",
                     "c/vaktare.html", "index.html", "rapport.html", "report.html",
                     "static/style.css"]
    board = (out / "index.html").read_text(encoding="utf-8")
    assert 'href="c/fotpatrullering.html"' in board and "<form" not in board
    page = (out / "c" / "vaktare.html").read_text(encoding="utf-8")
    assert 'href="../static/style.css"' in page and "<form" not in page
    everything = "".join(p.read_text(encoding="utf-8") for p in out.rglob("*.html"))
    assert "Hemligt" not in everything  # a private activity is never described
    assert "<script" not in everything and "<form" not in everything
    # Written again over itself: fine; into the ledger or a foreign folder: refused.
    assert invoke("site", str(out), "--ledger", str(root)).exit_code == 0
    assert invoke("site", str(root / "site"), "--ledger", str(root)).exit_code == 2
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    assert invoke("site", str(foreign), "--ledger", str(root)).exit_code == 2


def test_site_refuses_personal_data(invoke: Invoke, root: Path, tmp_path: Path) -> None:
    (root / "activities" / "2024" / "phone.yaml").write_text(
        "date: 2024-03-05\ncommitment: vaktare\nsummary: Ring 070-123 45 67.\n",
        encoding="utf-8")
    result = invoke("site", str(tmp_path / "site"), "--ledger", str(root))
    assert result.exit_code == 1 and "personal data" in result.stderr
    assert not (tmp_path / "site").exists()


# --- what goes wrong, and says so ---------------------------------------------------------

def test_an_unusable_promise_is_a_page_that_says_so(client: TestClient, root: Path) -> None:
    (root / "commitments.yaml").write_text("promise: [\n", encoding="utf-8")
    page = client.get("/")
    assert page.status_code == 500 and "lofte check" in page.text


def test_a_review_file_that_cannot_be_edited_is_left_alone(client: TestClient,
                                                           root: Path) -> None:
    broken = "period: 2024-03\ndecided_on: 2024-03-04\nby: &a [polisen]\nverdicts: {}\n"
    (root / "reviews" / "2024-03.yaml").write_text(broken, encoding="utf-8")
    token = csrf_of(client, "/review/2024-02")
    page = client.post("/review/2024-03", data={"csrf": token,
                                                "verdict-fotpatrullering": "done"})
    assert page.status_code == 409 and "cannot be edited" in page.text
    assert (root / "reviews" / "2024-03.yaml").read_text(encoding="utf-8") == broken


def test_a_review_form_without_changes_writes_nothing(client: TestClient, root: Path) -> None:
    token = csrf_of(client, "/review/2024-02")
    before = (root / "reviews" / "2024-02.yaml").read_bytes()
    page = client.post("/review/2024-02", data={
        "csrf": token, "verdict-fotpatrullering": "done",
        "comment-fotpatrullering": "Varje vecka."})
    assert page.status_code == 200
    assert (root / "reviews" / "2024-02.yaml").read_bytes() == before
    assert client.post("/review/2031-T1", data={"csrf": token}).status_code == 404


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/report?period=someday", 200, "is not a period"),
    ("/report/file.pdf", 404, ""),
    ("/report/file.md?period=someday", 400, "is not a period"),
    ("/report/file.md?period=2031", 409, "Nothing to report"),
])
def test_report_requests_that_cannot_be_met(client: TestClient, path: str, status: int,
                                            words: str) -> None:
    page = client.get(path)
    assert page.status_code == status
    assert words in page.text


def test_a_report_with_personal_data_is_not_served(client: TestClient, root: Path) -> None:
    (root / "activities" / "2024" / "phone.yaml").write_text(
        "date: 2024-03-05\ncommitment: vaktare\nsummary: Ring 070-123 45 67.\n",
        encoding="utf-8")
    page = client.get("/report/file.html")
    assert page.status_code == 409 and "personal data" in page.text


def test_commit_outside_git_writes_and_says_it_did_not_commit(root: Path) -> None:
    with client_for(root, commit=True) as committing:
        data = {"csrf": csrf_of(committing), "commitment": "vaktare", "summary": "Rond.",
                "date": "2024-03-14"}
        response = committing.post("/log", data=data)
    assert response.status_code == 200
    assert "not committed to git" in response.text
    assert any("Rond." in p.read_text(encoding="utf-8") for p in activity_files(root))


def test_web_starts_the_server_with_what_it_was_given(invoke: Invoke, root: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    started: dict[str, object] = {}

    def run(app: object, **options: object) -> None:
        started.update(options, app=app)

    monkeypatch.setattr(uvicorn, "run", run)
    result = invoke("web", "--ledger", str(root), "--host", "0.0.0.0", "--port", "8123",
                    "--token", "hemligt", env={"LOFTE_WEB_TOKEN": None})
    assert result.exit_code == 0, result.output
    assert (started["host"], started["port"]) == ("0.0.0.0", 8123)
    assert "?token=hemligt" in result.stderr and "warning" in result.stderr
    broken = root / "commitments.yaml"
    broken.write_text("promise: [\n", encoding="utf-8")
    assert invoke("web", "--ledger", str(root)).exit_code == 1


def test_site_refuses_a_ledger_with_errors(invoke: Invoke, root: Path, tmp_path: Path) -> None:
    (root / "activities" / "2024" / "bad.yaml").write_text(
        "date: 2024-03-05\ncommitment: nothing\nsummary: x\n", encoding="utf-8")
    result = invoke("site", str(tmp_path / "site"), "--ledger", str(root))
    assert result.exit_code == 1 and "errors in the ledger" in result.stderr
