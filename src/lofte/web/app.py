"""`lofte web`: the promise in a browser. Routes are thin: each reads its request, asks one
use case (the same functions the command line calls) and renders a template.

Routes: `/` the board, `/c/<id>` a commitment, `/log` the form (GET) and its submission
(POST), `/log/privacy` the personal-data check while the summary is typed (POST, JSON),
`/review/<period>` the meeting's verdicts, `/report` the report's preview and downloads.

Requests are answered one at a time (`WebConfig.lock`): the language of the messages is
the process's, and a report switches it to the ledger's language while it is written. A
small tool for one meeting loses nothing by it, and every write stays whole and atomic.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from lofte import __version__, i18n
from lofte.domain.coverage import STATES, State
from lofte.domain.dateparse import parse_day
from lofte.domain.periods import parse_period, period_containing
from lofte.domain.problems import InputError, Refused
from lofte.i18n import N_, _, ngettext, pgettext
from lofte.storage.activity_writer import AlreadyLogged, NameTaken
from lofte.storage.boundary import BoundaryError
from lofte.storage.git_commit import CommitFailed, commit_file
from lofte.storage.review_writer import ReviewNotEditable
from lofte.usecases.export import ExportFormat, export_activities
from lofte.usecases.ledger import LedgerUnusable, OpenLedger, open_ledger
from lofte.usecases.log import prepare_log, write_log
from lofte.usecases.report import (
    NothingToReport,
    PersonalDataRefused,
    ReportFormat,
    ReportHasErrors,
    ReportOptions,
    public_report,
)
from lofte.usecases.review import (
    VerdictRequest,
    check_verdict,
    period_under_review,
    review_rows,
    set_verdict,
)
from lofte.usecases.show import commitment_detail
from lofte.usecases.status import ledger_status
from lofte.web import pages
from lofte.web.forms import first, privacy_problems, read_log_form
from lofte.web.security import (
    CSRF_COOKIE,
    CSRF_FIELD,
    LOOPBACK_HOSTS,
    REPORT_CSP,
    BodyLimit,
    HostGate,
    SecurityHeaders,
    TokenGate,
    cookie,
    csrf_valid,
    new_csrf,
)
from lofte.web.urls import server_url

HERE = Path(__file__).parent
MAX_BODY = 64 * 1024  # a form with the longest summary allowed fits many times over
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

LOGGED = N_("Logged: {path}")
COMMITTED = N_("Committed to git: {message}")
NOT_COMMITTED = N_("Written, but not committed to git: {reason}")
ALREADY = N_("This very activity is logged already, in {path}; nothing written")
TAKEN = N_("{path} exists already with other content; change the summary slightly")
CANNOT_WRITE = N_("cannot write: {reason}")
FORBIDDEN = N_("The form has expired or did not come from this page. Reload it and send it "
               "again.")
UNUSABLE = N_("commitments.yaml cannot be used; run `lofte check` to see why")
COMMIT_MESSAGE = "lofte: {date} {commitment}: {summary}"
VERDICTS_SAVED = N_("Saved in {path}")


@dataclass
class WebConfig:
    """What `lofte web` was started with."""

    root: Path
    today: Callable[[], dt.date]
    language: str = "en"
    token: str | None = None
    commit: bool = False
    cache_dir: Path | None = None
    local_only: bool = True
    max_body: int = MAX_BODY
    lock: threading.Lock = field(default_factory=threading.Lock)


def environment() -> Environment:
    env = Environment(loader=FileSystemLoader(HERE / "templates"),
                      autoescape=select_autoescape(["html"], default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.globals.update(_=_, ngettext=ngettext, pgettext=pgettext, version=__version__)
    return env


class Web:
    """The pages of one ledger."""

    def __init__(self, config: WebConfig) -> None:
        self.config = config
        self.env = environment()

    # --- helpers --------------------------------------------------------------------------

    def render(self, request: Request | None, name: str, status: int = 200,
               **context: Any) -> HTMLResponse:
        token = None
        if request is not None:
            token = cookie(request.headers.get("cookie", ""), CSRF_COOKIE) or new_csrf()
        html = self.env.get_template(name).render(
            language=self.config.language, csrf=token, csrf_field=CSRF_FIELD,
            static=False, url=server_url, **context)
        response = HTMLResponse(html, status_code=status)
        if token is not None:
            response.set_cookie(CSRF_COOKIE, token, httponly=True, samesite="strict",
                                path="/")
        return response

    def opened(self) -> OpenLedger:
        return open_ledger(self.config.root, self.config.today(), self.config.cache_dir)

    def locked(self, work: Callable[[], Response]) -> Callable[[], Response]:
        def run() -> Response:
            with self.config.lock, i18n.language(self.config.language):
                try:
                    return work()
                except LedgerUnusable:
                    return self.render(None, "error.html", 500, message=_(UNUSABLE))
        return run

    async def form(self, request: Request) -> dict[str, list[str]] | Response:
        """The submitted form, or a 403 page when its CSRF value does not match."""
        data = await request.form()
        values: dict[str, list[str]] = {}
        for key, value in data.multi_items():
            if isinstance(value, str):
                values.setdefault(key, []).append(value)
        if not csrf_valid(cookie(request.headers.get("cookie", ""), CSRF_COOKIE),
                          first(values, CSRF_FIELD) or None):
            with i18n.language(self.config.language):
                return self.render(request, "error.html", 403, message=_(FORBIDDEN))
        return values

    # --- the board ------------------------------------------------------------------------

    async def board(self, request: Request) -> Response:
        params = request.query_params
        owners = [o for o in params.getlist("owner") if o]
        states: list[State] = [s for s in STATES if s in params.getlist("state")]

        def work() -> Response:
            today = self.config.today()
            opened = self.opened()
            errors: dict[str, str] = {}
            as_of = self._day(params.get("as_of"), today, "as_of", errors) or today
            since = self._day(params.get("since"), today, "since", errors)
            try:
                overview = ledger_status(opened.ledger, as_of, owners, states, since)
            except Refused as refused:
                errors.update({p.field or "owner": p.message for p in refused.problems})
                overview = ledger_status(opened.ledger, as_of)
            logged = params.get("logged")
            flash = [_(LOGGED).format(path=logged)] if logged else []
            flash += [params["git"]] if logged and params.get("git") else []
            return self.render(request, "board.html", board=pages.board(
                overview, opened.ledger, owners, states), errors=errors,
                as_of=params.get("as_of") or "", since=params.get("since") or "",
                flash=flash,
                promise=opened.ledger.promise_file.promise, ledger_errors=opened.errors)
        return await run_in_threadpool(self.locked(work))

    @staticmethod
    def _day(value: str | None, today: dt.date, name: str,
             errors: dict[str, str]) -> dt.date | None:
        if not value:
            return None
        try:
            return parse_day(value, today)
        except InputError as exc:
            errors[name] = str(exc)
            return None

    # --- one commitment -------------------------------------------------------------------

    async def commitment(self, request: Request) -> Response:
        word = str(request.path_params["id"])

        def work() -> Response:
            opened = self.opened()
            try:
                detail = commitment_detail(opened.ledger, word, self.config.today())
            except Refused as refused:
                return self.render(request, "error.html", 404,
                                   message=refused.problems[0].message)
            return self.render(request, "commitment.html",
                               commitment=pages.commitment_page(detail, opened.ledger),
                               promise=opened.ledger.promise_file.promise)
        return await run_in_threadpool(self.locked(work))

    # --- logging an activity --------------------------------------------------------------

    def _log_page(self, request: Request, opened: OpenLedger, state: pages.FormState,
                  status: int = 200) -> Response:
        ledger = opened.ledger
        today = self.config.today()
        values = {"date": today.isoformat(), **{k: v for k, v in state.values.items() if v}}
        return self.render(
            request, "log.html", status, values=values, errors=state.errors,
            groups=pages.commitment_groups(ledger, values.get("commitment", ""), today),
            parties=pages.party_choices(ledger, state.lists.get("by", [])),
            private=bool(state.lists.get("private")),
            promise=ledger.promise_file.promise)

    async def log_form(self, request: Request) -> Response:
        selected = request.query_params.get("commitment", "")

        def work() -> Response:
            state = pages.FormState(values={"commitment": selected})
            return self._log_page(request, self.opened(), state)
        return await run_in_threadpool(self.locked(work))

    async def log_submit(self, request: Request) -> Response:
        form = await self.form(request)
        if isinstance(form, Response):
            return form

        def work() -> Response:
            today = self.config.today()
            opened = self.opened()
            log_request, state = read_log_form(form, today)
            if log_request is None:
                return self._log_page(request, opened, state, 400)
            promise_file = opened.ledger.promise_file
            try:
                prepared = prepare_log(self.config.root, promise_file, log_request, today)
                written = write_log(prepared)
            except Refused as refused:
                for problem in refused.problems:
                    state.add(problem.field if problem.field in state.values
                              or problem.field in ("by", "also") else None, problem.message)
                return self._log_page(request, opened, state, 400)
            except AlreadyLogged as exc:
                state.add(None, _(ALREADY).format(path=self._shown(exc.path)))
                return self._log_page(request, opened, state, 409)
            except NameTaken as exc:
                state.add(None, _(TAKEN).format(path=self._shown(exc.path)))
                return self._log_page(request, opened, state, 409)
            except (BoundaryError, OSError) as exc:
                state.add(None, _(CANNOT_WRITE).format(reason=exc))
                return self._log_page(request, opened, state, 500)
            target = f"/?logged={quote(self._shown(written))}"
            if self.config.commit:
                words = " ".join(log_request.summary.split())
                message = COMMIT_MESSAGE.format(
                    date=log_request.date.isoformat(), commitment=prepared.path.name,
                    summary=words[:60] + ("…" if len(words) > 60 else ""))
                target += f"&git={quote(self._commit(written, message))}"
            return RedirectResponse(target, status_code=303)
        return await run_in_threadpool(self.locked(work))

    def _shown(self, path: Path) -> str:
        try:
            return path.relative_to(self.config.root).as_posix()
        except ValueError:
            return str(path)

    @staticmethod
    def _commit(path: Path, message: str) -> str:
        """Commit the file: what to tell the user (it is written either way)."""
        try:
            commit_file(path, message)
        except CommitFailed as exc:
            return _(NOT_COMMITTED).format(reason=exc)
        return _(COMMITTED).format(message=message)

    async def privacy(self, request: Request) -> Response:
        form = await self.form(request)
        if isinstance(form, Response):
            return form
        if first(form, "private"):
            return JSONResponse({})
        fields = {name: first(form, name) for name in ("summary", "place")}
        with self.config.lock, i18n.language(self.config.language):
            return JSONResponse(privacy_problems(fields))

    # --- the review -----------------------------------------------------------------------

    async def review_start(self, request: Request) -> Response:
        """`/review?period=P` (the form), or the tertial of today (inside the promise)."""
        name = request.query_params.get("period", "").strip()
        if not name:
            def day() -> dt.date:  # today, or the promise's last day once it has ended
                with self.config.lock:
                    promise = self.opened().ledger.promise_file.promise
                return max(min(self.config.today(), promise.valid_until), promise.valid_from)
            period = period_containing("tertial", await run_in_threadpool(day))
            name = f"{period.start.year}-T{(period.start.month - 1) // 4 + 1}"
        return RedirectResponse(server_url("review", name), status_code=303)

    def _review_page(self, request: Request, opened: OpenLedger, period_text: str,
                     errors: dict[str, list[str]], *, status: int = 200,
                     saved: list[str] | None = None,
                     posted: dict[str, list[str]] | None = None) -> Response:
        promise_file = opened.ledger.promise_file
        try:
            period = period_under_review(period_text, promise_file)
        except Refused as refused:
            return self.render(request, "error.html", 404,
                               message=refused.problems[0].message)
        rows = review_rows(opened.ledger, period, self.config.today())
        return self.render(request, "review.html", status, period=period,
                           lines=pages.review_lines(rows, period.name),
                           choices=pages.verdict_choices(), errors=errors, saved=saved or [],
                           posted=posted or {}, promise=promise_file.promise)

    async def review(self, request: Request) -> Response:
        period_text = str(request.path_params["period"])

        def work() -> Response:
            return self._review_page(request, self.opened(), period_text, {})
        return await run_in_threadpool(self.locked(work))

    async def review_submit(self, request: Request) -> Response:
        period_text = str(request.path_params["period"])
        form = await self.form(request)
        if isinstance(form, Response):
            return form

        def work() -> Response:
            opened = self.opened()
            promise_file = opened.ledger.promise_file
            try:
                period = period_under_review(period_text, promise_file)
            except Refused as refused:
                return self.render(request, "error.html", 404,
                                   message=refused.problems[0].message)
            rows = review_rows(opened.ledger, period, self.config.today())
            requests = []
            for row in rows:
                verdict = first(form, f"verdict-{row.commitment.id}")
                comment = first(form, f"comment-{row.commitment.id}")
                old = row.current.comment or "" if row.current else ""
                if verdict and (row.current is None or verdict != row.current.verdict
                                or comment.strip() != old):
                    requests.append(VerdictRequest(row.commitment.id, verdict, comment))
            errors: dict[str, list[str]] = {}
            if not requests:
                return self._review_page(request, opened, period.name, errors)
            try:
                written = set_verdict(self.config.root, promise_file, period, requests,
                                      self.config.today())
            except Refused as refused:
                for verdict_request in requests:  # each problem next to its commitment
                    _change, found = check_verdict(promise_file, period, verdict_request)
                    errors[verdict_request.commitment] = [p.message for p in found]
                if not any(errors.values()):
                    errors[""] = [problem.message for problem in refused.problems]
                return self._review_page(request, opened, period.name, errors, status=400,
                                         posted=form)
            except (ReviewNotEditable, BoundaryError, OSError) as exc:
                errors[""] = [str(exc)]
                return self._review_page(request, opened, period.name, errors, status=409)
            saved = [_(VERDICTS_SAVED).format(path=self._shown(written.path))]
            if self.config.commit:
                saved.append(self._commit(written.path, f"lofte: review {period.name}"))
            return self._review_page(request, self.opened(), period.name, {},
                                     saved=saved)
        return await run_in_threadpool(self.locked(work))

    # --- the report -----------------------------------------------------------------------

    def _report_range(self, request: Request) -> tuple[str, dt.date | None, dt.date | None]:
        period = request.query_params.get("period", "").strip()
        if not period:
            return "", None, None
        start, end = parse_period(period)
        return period.upper(), start, end

    async def report(self, request: Request) -> Response:
        def work() -> Response:
            try:
                period, _start, _end = self._report_range(request)
                error = None
            except InputError as exc:
                period, error = "", str(exc)
            opened = self.opened()
            reviewed = [r.period for r in sorted(opened.ledger.reviews, key=lambda r: r.start)]
            query = f"?period={quote(period)}" if period else ""
            preview = server_url("report_file", "html") + (f"{query}&" if query else "?") \
                + "inline=1"
            return self.render(request, "report.html", period=period, error=error,
                               reviewed=reviewed, query=query, preview=preview, xlsx=True,
                               promise=opened.ledger.promise_file.promise)
        return await run_in_threadpool(self.locked(work))

    async def report_file(self, request: Request) -> Response:
        suffix = str(request.path_params["suffix"])
        formats = {"md": ReportFormat.markdown, "html": ReportFormat.html,
                   "csv": ReportFormat.csv, "xlsx": ReportFormat.markdown}
        if suffix not in formats:
            return Response(status_code=404)

        def work() -> Response:
            try:
                period, start, end = self._report_range(request)
            except InputError as exc:
                return self.render(request, "error.html", 400, message=str(exc))
            today = self.config.today()
            options = ReportOptions(formats[suffix], excel=suffix == "csv")
            opened = self.opened()
            try:
                made = public_report(opened, today, start, end, options)
            except (ReportHasErrors, PersonalDataRefused, NothingToReport) as exc:
                return self.render(request, "error.html", 409, message=_report_problem(exc))
            name = f"rapport-{period or 'hela-loftet'}.{suffix}"
            if suffix == "xlsx":  # the report's public activities, as a sheet
                sheet = export_activities(opened, ExportFormat.xlsx,
                                          days=(made.period.start, made.period.end))
                return Response(sheet.content, media_type=XLSX, headers={
                    "content-disposition": f'attachment; filename="{name}"'})
            media = {"md": "text/markdown", "html": "text/html", "csv": "text/csv"}[suffix]
            inline = suffix == "html" and request.query_params.get("inline") == "1"
            disposition = "inline" if inline else f'attachment; filename="{name}"'
            return Response(made.content, media_type=f"{media}; charset=utf-8",
                            headers={"content-disposition": disposition,
                                     "content-security-policy": REPORT_CSP})
        return await run_in_threadpool(self.locked(work))


REPORT_ERRORS = N_("{errors} in the ledger: the report would leave out activities. Run "
                   "`lofte check` and correct them.")
REPORT_PERSONAL = N_("The report would publish what looks like personal data; `lofte check` "
                     "lists where.")
REPORT_NOTHING = N_("Nothing to report for that period.")


def _report_problem(exc: Exception) -> str:
    if isinstance(exc, ReportHasErrors):
        return _(REPORT_ERRORS).format(errors=exc.errors)
    if isinstance(exc, PersonalDataRefused):
        return _(REPORT_PERSONAL)
    return _(REPORT_NOTHING)


def create_app(config: WebConfig) -> Any:
    """The ASGI application, with its safety layers outermost."""
    web = Web(config)
    app = Starlette(routes=[
        Route("/", web.board),
        Route("/c/{id}", web.commitment),
        Route("/log", web.log_form, methods=["GET"]),
        Route("/log", web.log_submit, methods=["POST"]),
        Route("/log/privacy", web.privacy, methods=["POST"]),
        Route("/review", web.review_start),
        Route("/review/{period}", web.review, methods=["GET"]),
        Route("/review/{period}", web.review_submit, methods=["POST"]),
        Route("/report", web.report),
        Route("/report/file.{suffix}", web.report_file),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ])
    wrapped: Any = BodyLimit(app, config.max_body)
    if config.token:
        wrapped = TokenGate(wrapped, config.token)
    if config.local_only:
        wrapped = HostGate(wrapped, LOOPBACK_HOSTS)
    return SecurityHeaders(wrapped)
