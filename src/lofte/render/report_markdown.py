"""`lofte report --format markdown`: the report as CommonMark. Never prints.

Ledger text is escaped so that it reads as text in any Markdown renderer: no HTML, links,
emphasis or table cells can come from a summary.
"""

from __future__ import annotations

from lofte.domain.report import CommitmentReport, Report, ReportGroup
from lofte.render.report_text import (
    ReportText,
    facts,
    footer_line,
    group_heading,
    group_short_name,
    intro_lines,
    lifetime_notes,
    month_name,
    period_range,
    private_note,
    texts_for,
)
from lofte.render.safe_text import markdown_link as _evidence
from lofte.render.safe_text import markdown_text as md


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _promise(report: Report, text: ReportText) -> list[str]:
    promise = report.promise
    lines = [f"# {md(text.document_title.format(title=promise.title))}", ""]
    details = [
        (text.label_period, period_range(report.start, report.end, text)),
        (text.label_parties, md(", ".join(report.parties.values()))),
        (text.label_valid, period_range(promise.valid_from, promise.valid_until, text)),
    ]
    if promise.focus:
        details.append((text.label_focus, md(promise.focus)))
    if promise.problem_areas:
        details.append((text.label_problem_areas,
                        md(", ".join(promise.problem_areas))))
    lines += [f"- **{label}:** {value}" for label, value in details]
    return [*lines, ""]


def _overview(report: Report, text: ReportText) -> list[str]:
    lines = [f"## {text.intro_heading}", ""]
    for line in intro_lines(report, text):
        lines += [md(line), ""]
    if not report.groups:
        return lines
    lines += [f"### {text.chart_heading}", "",
              md(text.chart_caption.format(start=report.start.isoformat(),
                                           end=report.end.isoformat())), ""]
    names = [md(group_short_name(g, report, text)) for g in report.groups]
    lines.append(_row([text.col_month, *names]))
    lines.append(_row(["---"] + ["---:"] * len(names)))
    for month in report.months:
        lines.append(_row([month_name(month.month, text), *map(str, month.counts)]))
    return [*lines, ""]


def _commitment(item: CommitmentReport, report: Report, text: ReportText) -> list[str]:
    commitment = item.commitment
    lines = [f"### {md(commitment.title)}", ""]
    if commitment.text:
        lines += [f"> {md(commitment.text)}", ""]
    for note in lifetime_notes(item, report, text):
        lines += [md(note), ""]
    if not item.activities:
        return [*lines, f"*{text.nothing_logged}*", ""]
    lines += [f"- {fact.label}: {md(fact.text)}" for fact in facts(item, text)]
    lines.append("")
    if item.published:
        lines.append(_row([text.col_date, text.col_summary, text.col_place]))
        lines.append(_row(["---", "---", "---"]))
        for activity in item.published:
            summary = md(activity.summary)
            if activity.links:
                summary += f" ({text.col_evidence}: " + \
                    ", ".join(_evidence(link) for link in activity.links) + ")"
            lines.append(_row([activity.date.isoformat(), summary,
                               md(activity.place or "")]))
        lines.append("")
    remark = private_note(item, text)
    if remark:
        lines += [md(remark), ""]
    return lines


def _group(group: ReportGroup, report: Report, text: ReportText) -> list[str]:
    lines = [f"## {md(group_heading(group, report, text))}", ""]
    for item in group.commitments:
        lines += _commitment(item, report, text)
    return lines


def render_markdown(report: Report) -> str:
    """The whole report: the promise, the overview with monthly counts, then one section
    per group of commitments."""
    text = texts_for(report.promise.language)
    lines = _promise(report, text) + _overview(report, text)
    for group in report.groups:
        lines += _group(group, report, text)
    lines += ["---", "", md(footer_line(report, text))]
    return "\n".join(lines) + "\n"
