"""`lofte site OUTDIR`: the board, a page per commitment and the report as static HTML, for
an intranet or GitHub Pages, made from the same templates as `lofte web` (without its forms).

What is published is what the public report publishes: a commitment page lists only public
activities (a private one is shown as "not public", never described), and a report that
would publish personal data, or leave out activities because of errors, is refused.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from lofte.domain.coverage import compute_status
from lofte.domain.problems import Problem, Refused
from lofte.i18n import N_, _
from lofte.storage.atomic import write_bytes_atomic
from lofte.storage.boundary import is_inside, is_ledger_file, real_root
from lofte.usecases.ledger import OpenLedger
from lofte.usecases.report import ReportFormat, ReportOptions, public_report
from lofte.usecases.show import commitment_detail
from lofte.usecases.status import StatusOverview
from lofte.web import pages
from lofte.web.app import HERE, environment
from lofte.web.urls import site_url

INSIDE_LEDGER = N_("{path} lies inside the ledger; write the site somewhere else")
NOT_EMPTY = N_("{path} exists and is not a site lofte wrote (no index.html); choose an "
               "empty or new folder")


def check_site_folder(root: Path, out: Path) -> None:
    """Refused when `out` is inside the ledger, or a folder of something else."""
    if is_ledger_file(root, out) or is_inside(real_root(out), real_root(root)):
        raise Refused([Problem("output-refused", _(INSIDE_LEDGER).format(path=out), "output")])
    if out.exists() and (not out.is_dir() or (any(out.iterdir())
                                              and not (out / "index.html").exists())):
        raise Refused([Problem("output-refused", _(NOT_EMPTY).format(path=out), "output")])


def write_site(opened: OpenLedger, out: Path, today: dt.date, language: str) -> list[Path]:
    """Write the site into `out` (created when missing); the files written. Raises what
    `public_report` raises, Refused, or OSError."""
    check_site_folder(opened.root, out)
    ledger = opened.ledger
    report = public_report(opened, today, None, None, ReportOptions(ReportFormat.html))
    env = environment()
    promise = ledger.promise_file.promise
    common = {"language": language, "static": True, "promise": promise, "csrf": None,
              "csrf_field": "csrf"}
    files: dict[str, bytes] = {}
    status = compute_status(ledger, today)
    board = pages.board(StatusOverview(status), ledger, (), ())
    files["index.html"] = env.get_template("board.html").render(
        board=board, url=site_url(0), errors={}, flash=[], as_of="", since="",
        ledger_errors=0, **common).encode("utf-8")
    for commitment in ledger.promise_file.commitments:
        detail = commitment_detail(ledger, commitment.id, today)
        page = pages.commitment_page(detail, ledger)
        public = tuple(a for a in page.activities if a.public)
        files[f"c/{commitment.id}.html"] = env.get_template("commitment.html").render(
            commitment=replace(page, activities=public, plans=()),
            url=site_url(1), **common).encode("utf-8")
    files["rapport.html"] = report.content
    files["report.html"] = env.get_template("report.html").render(
        url=site_url(0), preview="rapport.html", period="", error=None, reviewed=[],
        query="", xlsx=False, **common).encode("utf-8")
    files["static/style.css"] = (HERE / "static" / "style.css").read_bytes()
    written = []
    for name, data in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(target, data, make_folders=False)
        written.append(target)
    return written
