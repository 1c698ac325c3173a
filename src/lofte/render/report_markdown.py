"""`lofte report --format markdown`: the report as CommonMark. Never prints.

Ledger text is escaped so that it reads as text in any Markdown renderer: no HTML, links,
emphasis or table cells can come from a summary.
"""

from __future__ import annotations

from lofte.domain.report import CommitmentReport, Report, ReportGroup
from lofte.render.report_text import (
    ReportText,
    change_line,
    facts,
    footer_line,
    group_heading,
    group_short_name,
    intro_lines,
    lifetime_notes,
    month_name,
    more_line,
    period_range,
    private_note,
    signatories_line,
    summary_note,
    texts_for,
    verdict_word,
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
    signatories = signatories_line(report, text)
    if signatories:
        details.append((text.label_signatories, md(signatories)))
    if promise.contact:
        details.append((text.label_contact, md(" ".join(promise.contact.split()))))
    lines += [f"- **{label}:** {value}" for label, value in details]
    return [*lines, ""]


def _summary(report: Report, text: ReportText) -> list[str]:
    """The verdict and the number of activities of every commitment, a table per group."""
    lines = [f"## {text.summary_heading}", "", md(summary_note(report, text)), ""]
    for group in report.groups:
        lines += [f"### {md(group_short_name(group, report, text))}", "",
                  _row([text.col_commitment, text.col_verdict, text.label_activities,
                        text.col_comment]),
                  _row(["---", "---", "---:", "---"])]
        for item in group.commitments:
            comment = item.verdict.comment if item.verdict is not None else None
            lines.append(_row([md(item.commitment.title), verdict_word(item.verdict, text),
                               str(item.activities), md(comment or "")]))
        lines.append("")
    return lines


def _changes(report: Report, text: ReportText) -> list[str]:
    if not report.changes:
        return []
    return [f"## {text.changes_heading}", "",
            *(f"- {md(change_line(change, text))}" for change in report.changes), ""]


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


def _verdict_line(item: CommitmentReport, text: ReportText) -> list[str]:
    if item.verdict is None:
        return []
    line = f"**{text.label_verdict}: {verdict_word(item.verdict, text)}**"
    if item.verdict.comment:
        line += f" – {md(item.verdict.comment)}"
    return [line, ""]


def _commitment(item: CommitmentReport, report: Report, text: ReportText,
                examples: int | None) -> list[str]:
    commitment = item.commitment
    lines = [f"### {md(commitment.title)}", ""]
    if commitment.text:
        lines += [f"> {md(commitment.text)}", ""]
    for note in lifetime_notes(item, report, text):
        lines += [md(note), ""]
    lines += _verdict_line(item, text)
    if not item.activities:
        return [*lines, f"*{text.nothing_logged}*", ""]
    lines += [f"- {fact.label}: {md(fact.text)}" for fact in facts(item, text)]
    lines.append("")
    shown = item.examples(examples)
    if shown:
        lines.append(_row([text.col_date, text.col_summary, text.col_place]))
        lines.append(_row(["---", "---", "---"]))
        for activity in shown:
            summary = md(activity.summary)
            if activity.links:
                summary += f" ({text.col_evidence}: " + \
                    ", ".join(_evidence(link) for link in activity.links) + ")"
            lines.append(_row([activity.date.isoformat(), summary,
                               md(activity.place or "")]))
        lines.append("")
    more = more_line(item, examples, text)
    if more:
        lines += [md(more), ""]
    remark = private_note(item, text)
    if remark:
        lines += [md(remark), ""]
    return lines


def _group(group: ReportGroup, report: Report, text: ReportText,
           examples: int | None) -> list[str]:
    lines = [f"## {md(group_heading(group, report, text))}", ""]
    for item in group.commitments:
        lines += _commitment(item, report, text, examples)
    return lines


def render_markdown(report: Report, examples: int | None = 5) -> str:
    """The whole report: the promise; the verdicts in a table per group; the changes to the
    promise; the overview with monthly counts; then one section per group of commitments,
    each with at most `examples` public activities (None: all), newest first."""
    text = texts_for(report.promise.language)
    lines = (_promise(report, text) + _summary(report, text) + _changes(report, text)
             + _overview(report, text))
    for group in report.groups:
        lines += _group(group, report, text, examples)
    lines += ["---", "", md(footer_line(report, text))]
    return "\n".join(lines) + "\n"
