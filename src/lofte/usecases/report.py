"""The public report: choose the period, build it, refuse to publish personal data, render.

The personal-data policy is part of the use case: a report holding text that `lofte check`
flags as personal data is refused (`PersonalDataRefused`) unless the caller explicitly
allows it. Every front end gets the report from `public_report`, so none can publish such
text by accident.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from lofte.domain.findings import Finding
from lofte.domain.problems import Problem, Refused
from lofte.domain.report import Period, Report, build_report, choose_period, personal_data_findings
from lofte.domain.reviews import review_for
from lofte.i18n import N_, _
from lofte.render.report_csv import render_csv
from lofte.render.report_html import render_html
from lofte.render.report_markdown import render_markdown
from lofte.storage.atomic import write_bytes_atomic
from lofte.storage.boundary import is_ledger_file
from lofte.usecases.ledger import OpenLedger

OUTPUT_IS_LEDGER = N_("--output {path} is a file of the ledger (commitments.yaml, or under "
                      "activities/ or reviews/); a report never replaces one: name another "
                      "file")
OUTPUT_FOLDER_MISSING = N_("--output {path}: {folder} is not an existing folder; create the "
                           "folder first (a report never creates folders)")
OUTPUT_IS_FOLDER = N_("--output {path} is a folder; name a file in it")
OUTPUT_SUFFIX = N_("--output {path} names a {suffix} file, but the report is {format}: add "
                   "--format {suffix_format}, or name a {format_suffix} file")

# What a file name's suffix says its format is. `--format` alone decides the format; a
# suffix that says another is a mistake, refused before anything is written.
SUFFIX_FORMATS: dict[str, str] = {".md": "markdown", ".markdown": "markdown",
                                  ".html": "html", ".htm": "html", ".csv": "csv"}
FORMAT_SUFFIXES: dict[str, str] = {"markdown": ".md", "html": ".html", "csv": ".csv"}


class ReportFormat(StrEnum):
    markdown = "markdown"
    html = "html"
    csv = "csv"


class NothingToReport(Exception):
    """No day of the requested period lies inside the promise and up to today."""

    def __init__(self, first: dt.date, last: dt.date) -> None:
        super().__init__(f"nothing to report for {first} – {last}")
        self.first = first
        self.last = last


class ReportHasErrors(Exception):
    """The ledger has error findings: the activities they concern would be left out."""

    def __init__(self, errors: int) -> None:
        super().__init__(f"{errors} errors in the ledger")
        self.errors = errors


class PersonalDataRefused(Exception):
    """The report would publish text that looks like personal data, in `flagged`."""

    def __init__(self, flagged: list[Finding]) -> None:
        super().__init__(f"personal data in {len(flagged)} places")
        self.flagged = flagged


@dataclass(frozen=True, slots=True)
class PublicReport:
    period: Period
    report: Report
    content: bytes
    flagged: list[Finding]  # published all the same, as the caller allowed


DEFAULT_EXAMPLES = 5


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """How the report is made, beyond its period."""

    output_format: ReportFormat = ReportFormat.markdown
    excel: bool = False
    examples: int | None = DEFAULT_EXAMPLES  # public activities per commitment; None: all
    allow_personal_data: bool = False
    allow_errors: bool = False


def public_report(opened: OpenLedger, today: dt.date, first: dt.date | None,
                  last: dt.date | None, options: ReportOptions) -> PublicReport:
    """The report of [first, last] (by default the whole promise up to today), cut to the
    promise and to today, rendered as `options` say. A ledger with errors is refused
    (`ReportHasErrors`) unless allowed: a public report must not silently leave out the
    activities they concern."""
    if opened.errors and not options.allow_errors:
        raise ReportHasErrors(opened.errors)
    promise = opened.ledger.promise_file.promise
    period = choose_period(promise, today, first, last)
    if period is None:
        raise NothingToReport(first or promise.valid_from, last or promise.valid_until)
    review = review_for(opened.ledger.reviews, period.requested_start, period.requested_end)
    built = build_report(opened.ledger, period.start, period.end, review)
    flagged = personal_data_findings(opened.findings, built)
    if flagged and not options.allow_personal_data:
        raise PersonalDataRefused(flagged)
    return PublicReport(period, built, render_report(built, options), flagged)


def render_report(report: Report, options: ReportOptions) -> bytes:
    if options.output_format is ReportFormat.html:
        text = render_html(report, options.examples)
    elif options.output_format is ReportFormat.csv:
        text = render_csv(report, excel=options.excel)
    else:
        text = render_markdown(report, options.examples)
    return text.encode("utf-8")


def check_suffix(output: Path, output_format: ReportFormat) -> None:
    """Refused when `output`'s suffix names another format than `output_format`."""
    suffix = output.suffix.lower()
    named = SUFFIX_FORMATS.get(suffix)
    if named is None or named == output_format.value:
        return
    raise Refused([Problem("output-refused", _(OUTPUT_SUFFIX).format(
        path=output, suffix=suffix, format=output_format.value, suffix_format=named,
        format_suffix=FORMAT_SUFFIXES[output_format.value]), "output")])


def check_output(root: Path, output: Path) -> None:
    """Refused when writing the report to `output` would replace a file of the ledger or
    need a folder that does not exist (a report never creates folders)."""
    if is_ledger_file(root, output):
        message = _(OUTPUT_IS_LEDGER).format(path=output)
    elif not output.parent.is_dir():
        message = _(OUTPUT_FOLDER_MISSING).format(path=output, folder=output.parent)
    elif output.is_dir():
        message = _(OUTPUT_IS_FOLDER).format(path=output)
    else:
        return
    raise Refused([Problem("output-refused", message, "output")])


def save_report(root: Path, output: Path, content: bytes) -> None:
    """Write the report to `output`, whole or not at all. Raises Refused (see
    `check_output`) or OSError."""
    check_output(root, output)
    write_bytes_atomic(output, content, make_folders=False)
