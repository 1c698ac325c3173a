"""`lofte report --format html`: one self-contained, printable, accessible page. Never prints.

- Self-contained: inline CSS, the chart as inline SVG; no JavaScript, no fonts, images or
  anything else fetched. A Content-Security-Policy (`default-src 'none'`) makes browsers
  refuse any fetch or script, even one this module did not mean to write.
- Every piece of ledger text goes through `html.escape`. Evidence links the user wrote become
  links only when they are plain http(s) URLs, with rel="noopener noreferrer"; anything else
  (a diary number, a `javascript:` URL) is shown as text.
- Accessible: `lang`, one h1, h2 per section, h3 per commitment, table headers with scope,
  colours with at least 4.5:1 contrast on white, and the chart has a text equivalent (its
  title and description, and a table of the same figures).
- Print: an A4 print stylesheet; each section starts on a new page.
"""

from __future__ import annotations

import html
import math
import re

from lofte.domain.report import CommitmentReport, Report, ReportGroup
from lofte.domain.reviews import VerdictEntry
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
    verdict_class,
    verdict_word,
)
from lofte.render.safe_text import http_url

# Bar colours, one per group: dark enough for 4.5:1 on white, told apart also by people
# with the common colour-vision deficiencies (blue, bluish green, vermilion).
PALETTE = ("#0b5fa5", "#00775a", "#b34700", "#6b3fa0", "#8a6d00", "#a2195b")

CSS = """\
:root { color-scheme: light; --text: #1b1b1b; --muted: #474747; --rule: #c4c4c4;
  --accent: #0b4f8a; }
* { box-sizing: border-box; }
html { background: #fff; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.25rem 3rem; color: var(--text);
  background: #fff; font-family: system-ui, -apple-system, "Segoe UI", Roboto,
  "Helvetica Neue", Arial, sans-serif; font-size: 1rem; line-height: 1.5; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; }
h2 { font-size: 1.45rem; line-height: 1.25; margin: 2.5rem 0 1rem; padding-bottom: .3rem;
  border-bottom: 3px solid var(--accent); }
h3 { font-size: 1.15rem; line-height: 1.3; margin: 2rem 0 .5rem; }
p { margin: .5rem 0; max-width: 48rem; }
a { color: var(--accent); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
.meta dt { font-weight: 600; }
.meta dd { margin: 0; }
nav ol { margin: .25rem 0; padding-left: 1.5rem; }
blockquote { margin: .5rem 0 .75rem; padding: .1rem 0 .1rem 1rem; max-width: 48rem;
  border-left: 4px solid var(--rule); color: var(--muted); font-style: italic; }
.note { color: var(--muted); }
.facts { display: flex; flex-wrap: wrap; gap: .5rem 2.5rem; margin: .75rem 0 1rem; }
.facts dt { font-size: .85rem; color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; }
.facts .qualifier { font-weight: normal; color: var(--muted); }
.nothing { font-style: italic; color: var(--muted); }
.table-wrap { max-width: 100%; overflow-x: auto; margin: .5rem 0 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0; font-size: .95rem; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { text-align: left; vertical-align: top; padding: .3rem .5rem;
  border-bottom: 1px solid var(--rule); overflow-wrap: break-word; }
td.links { overflow-wrap: anywhere; }
time, td.date, th.month, .num { white-space: nowrap; overflow-wrap: normal; }
thead th { border-bottom: 2px solid var(--text); }
.num { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1rem 0 .5rem; }
svg.chart { display: block; width: 100%; height: auto; }
figcaption { font-size: .9rem; color: var(--muted); max-width: 48rem; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.5rem; list-style: none;
  margin: .5rem 0; padding: 0; }
.legend svg { vertical-align: -1px; margin-right: .4rem; }
table.chart-data { max-width: 36rem; font-size: .9rem; }
table.summary { table-layout: fixed; }
table.summary thead th:nth-child(1) { width: 34%; }
table.summary thead th:nth-child(2) { width: 11rem; }
table.summary thead th:nth-child(3) { width: 6.5rem; }
.verdict { display: inline-block; padding: 0 .4rem; border: 2px solid; border-radius: .3rem;
  font-weight: 600; font-size: .9rem; line-height: 1.5; white-space: nowrap; }
.verdict-done { color: #0a5c36; background: #e3f4ea; }
.verdict-ongoing { color: #0b4f8a; background: #e5eff9; border-style: dashed; }
.verdict-partly { color: #7a4500; background: #fdf1dc; border-style: dotted; }
.verdict-not-done { color: #9b1c1c; background: #fbe6e6; border-style: double;
  border-width: 3px; }
.verdict-not-assessed { color: #474747; background: #fff; border-color: #8a8a8a; }
p.verdict-line { margin: .5rem 0; }
.changes li { margin: .2rem 0; }
@media (max-width: 40rem) {
  body { padding: 1rem .75rem 2rem; }
  .meta { grid-template-columns: 1fr; }
  .meta dd { margin-bottom: .4rem; }
  th, td { padding: .25rem .3rem; }
  /* The summary as one block per commitment: four columns do not fit a phone. The roles
     in the markup keep it a table for screen readers. */
  table.summary, table.summary tbody, table.summary tr, table.summary th,
  table.summary td { display: block; width: auto; }
  table.summary thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip-path: inset(50%); }
  table.summary tr { border-bottom: 1px solid var(--rule); padding: .4rem 0; }
  table.summary th, table.summary td { border: 0; padding: .1rem 0; text-align: left; }
  table.summary td.num::before { content: attr(data-label) ": "; }
}
footer { margin-top: 3rem; padding-top: .75rem; border-top: 1px solid var(--rule);
  font-size: .9rem; color: var(--muted); }
@media print {
  @page { size: A4; margin: 16mm 14mm; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { max-width: none; padding: 0; font-size: 10pt; }
  nav { display: none; }
  section.group { break-before: page; }
  h2, h3, caption, thead { break-after: avoid; }
  tr, figure, .facts, blockquote, .keep, article.commitment, table { break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  .verdict { background: #fff; }
  a { color: inherit; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

# The chart's geometry, in SVG user units (it scales to the page width).
CHART_WIDTH, CHART_HEIGHT = 960, 260
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 44, 8, 12, 46
LABEL_MIN_SLOT = 30  # a month needs this much width to carry its own label
AXIS_COLOUR, GRID_COLOUR, LABEL_COLOUR = "#1b1b1b", "#d0d0d0", "#474747"

def esc(text: str) -> str:
    """Ledger text for HTML content or a quoted attribute value."""
    return html.escape(text, quote=True)


_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def prose(text: str) -> str:
    """Escaped text whose dates never break across lines (`<time>`, nowrap)."""
    return _ISO_DATE.sub(lambda m: f'<time datetime="{m.group()}">{m.group()}</time>',
                         esc(text))


def wrapped(table: str) -> str:
    """A table in a box that scrolls sideways on its own if it must, never the page."""
    return f'<div class="table-wrap">{table}</div>'


# A sign for each verdict, so that a badge reads without colour (print, colour blindness);
# screen readers skip it and read the word.
VERDICT_SIGNS = {"done": "✓", "ongoing": "↻", "partly": "◐", "not-done": "✗",
                 "not-assessed": "–"}


def badge(entry: VerdictEntry | None, text: ReportText) -> str:
    kind = verdict_class(entry)
    return (f'<span class="verdict verdict-{kind}"><span aria-hidden="true">'
            f"{VERDICT_SIGNS[kind]}</span> {esc(verdict_word(entry, text))}</span>")


def safe_url(link: str) -> str | None:
    """The link, when it is a plain http(s) URL that may become an href; otherwise None.
    The same rule as the Markdown report's autolinks."""
    return http_url(link)


def evidence(link: str) -> str:
    url = safe_url(link)
    if url is None:
        return esc(link)
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(link)}</a>'


# --- the chart ----------------------------------------------------------------------------


def nice_step(peak: int, lines: int = 5) -> int:
    """A step of 1, 2 or 5 times a power of ten with at most `lines` grid lines to `peak`."""
    if peak <= lines:
        return 1
    raw = peak / lines
    power = int(10 ** math.floor(math.log10(raw)))
    return next(m * power for m in (1, 2, 5, 10) if m * power >= raw)


def _fmt(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def render_chart(report: Report, text: ReportText) -> str:
    """Grouped bars: one bar per group of commitments in each month."""
    months = report.months
    groups = report.groups
    peak = max((n for month in months for n in month.counts), default=0)
    step = nice_step(peak)
    top = max(step, math.ceil(peak / step) * step)
    plot_w = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    plot_h = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    base = CHART_TOP + plot_h
    slot = plot_w / max(1, len(months))
    bar = slot * 0.8 / max(1, len(groups))
    names = [group_short_name(g, report, text) for g in groups]
    description = text.chart_description.format(groups=", ".join(names))
    if peak:
        description += " " + text.chart_peak.format(n=peak) + "."
    parts = [
        f'<svg class="chart" viewBox="0 0 {CHART_WIDTH} {CHART_HEIGHT}" '
        f'width="{CHART_WIDTH}" height="{CHART_HEIGHT}" role="img" '
        'aria-labelledby="chart-title chart-desc" font-family="system-ui, sans-serif">',
        f'<title id="chart-title">{esc(text.chart_heading)}</title>',
        f'<desc id="chart-desc">{esc(description)}</desc>',
    ]
    for value in range(0, top + 1, step):
        y = base - value / top * plot_h
        colour = AXIS_COLOUR if value == 0 else GRID_COLOUR
        parts.append(f'<line x1="{CHART_LEFT}" y1="{_fmt(y)}" x2="{CHART_WIDTH - CHART_RIGHT}" '
                     f'y2="{_fmt(y)}" stroke="{colour}" stroke-width="1"/>')
        parts.append(f'<text x="{CHART_LEFT - 6}" y="{_fmt(y + 4)}" font-size="13" '
                     f'text-anchor="end" fill="{LABEL_COLOUR}">{value}</text>')
    every = max(1, math.ceil(LABEL_MIN_SLOT / slot))
    for number, month in enumerate(months):
        x0 = CHART_LEFT + number * slot + slot * 0.1
        for index, count in enumerate(month.counts):
            if not count:
                continue
            height = count / top * plot_h
            label = f"{month_name(month.month, text)} · {names[index]}: {count}"
            parts.append(
                f'<rect x="{_fmt(x0 + index * bar)}" y="{_fmt(base - height)}" '
                f'width="{_fmt(max(bar - 0.5, 0.5))}" height="{_fmt(height)}" '
                f'fill="{PALETTE[index % len(PALETTE)]}"><title>{esc(label)}</title></rect>')
        middle = _fmt(CHART_LEFT + (number + 0.5) * slot)
        start = month.month.start
        if number % every == 0:
            parts.append(f'<text x="{middle}" y="{base + 17}" font-size="13" '
                         f'text-anchor="middle" fill="{LABEL_COLOUR}">'
                         f'{esc(text.months_short[start.month - 1])}</text>')
        if number == 0 or start.month == 1:
            parts.append(f'<text x="{middle}" y="{base + 35}" font-size="13" '
                         f'font-weight="600" text-anchor="middle" fill="{AXIS_COLOUR}">'
                         f'{start.year}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _legend(report: Report, text: ReportText) -> str:
    items = []
    for index, group in enumerate(report.groups):
        swatch = (f'<svg width="12" height="12" aria-hidden="true"><rect width="12" '
                  f'height="12" fill="{PALETTE[index % len(PALETTE)]}"/></svg>')
        items.append(f"<li>{swatch}{esc(group_short_name(group, report, text))}</li>")
    return '<ul class="legend">' + "".join(items) + "</ul>"


def _chart_table(report: Report, text: ReportText) -> str:
    head = "".join(f'<th scope="col" class="num">{esc(group_short_name(g, report, text))}'
                   "</th>" for g in report.groups)
    rows = []
    for month in report.months:
        cells = "".join(f'<td class="num">{n}</td>' for n in month.counts)
        rows.append(f'<tr><th scope="row" class="month">'
                    f"{esc(month_name(month.month, text))}</th>{cells}</tr>")
    return wrapped('<table class="chart-data">'
                   f"<caption>{esc(text.chart_heading)}</caption>"
                   f'<thead><tr><th scope="col">{esc(text.col_month)}</th>{head}</tr></thead>'
                   f"<tbody>{''.join(rows)}</tbody></table>")


# --- the page -----------------------------------------------------------------------------


def _header(report: Report, text: ReportText) -> str:
    promise = report.promise
    rows = [
        (text.label_period, period_range(report.start, report.end, text)),
        (text.label_parties, ", ".join(report.parties.values())),
        (text.label_valid, period_range(promise.valid_from, promise.valid_until, text)),
    ]
    if promise.focus:
        rows.append((text.label_focus, promise.focus))
    if promise.problem_areas:
        rows.append((text.label_problem_areas, ", ".join(promise.problem_areas)))
    signatories = signatories_line(report, text)
    if signatories:
        rows.append((text.label_signatories, signatories))
    if promise.contact:
        rows.append((text.label_contact, " ".join(promise.contact.split())))
    items = "".join(f"<dt>{esc(label)}</dt><dd>{prose(value)}</dd>" for label, value in rows)
    title = text.document_title.format(title=promise.title)
    return f'<header>\n<h1>{esc(title)}</h1>\n<dl class="meta">{items}</dl>\n</header>'


def _contents(report: Report, text: ReportText) -> str:
    links = [f'<li><a href="#summary">{esc(text.summary_heading)}</a></li>']
    if report.changes:
        links.append(f'<li><a href="#changes">{esc(text.changes_heading)}</a></li>')
    links.append(f'<li><a href="#overview">{esc(text.intro_heading)}</a></li>')
    for number, group in enumerate(report.groups, start=1):
        links.append(f'<li><a href="#group-{number}">'
                     f"{esc(group_heading(group, report, text))}</a></li>")
    return (f'<nav aria-labelledby="contents-heading">\n<h2 id="contents-heading">'
            f"{esc(text.contents)}</h2>\n<ol>{''.join(links)}</ol>\n</nav>")


def _summary_table(group: ReportGroup, number: int, report: Report, text: ReportText) -> str:
    rows = []
    for item in group.commitments:
        comment = item.verdict.comment if item.verdict is not None else None
        rows.append(
            f'<tr role="row"><th scope="row" role="rowheader">'
            f'<a href="#commitment-{esc(item.id)}">{esc(item.commitment.title)}</a></th>'
            f'<td role="cell">{badge(item.verdict, text)}</td>'
            f'<td role="cell" class="num" data-label="{esc(text.label_activities)}">'
            f"{item.activities}</td>"
            f'<td role="cell">{prose(comment or "")}</td></tr>')
    head = "".join(f'<th scope="col" role="columnheader"{extra}>{esc(label)}</th>'
                   for label, extra in ((text.col_commitment, ""), (text.col_verdict, ""),
                                        (text.label_activities, ' class="num"'),
                                        (text.col_comment, "")))
    name = group_short_name(group, report, text)
    return (f'<div class="keep"><h3 id="summary-{number}">{esc(name)}</h3>'
            + wrapped(f'<table class="summary" role="table" '
                      f'aria-labelledby="summary-{number}">'
                      f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>\n'
                      '<tbody role="rowgroup">\n' + "\n".join(rows)
                      + "\n</tbody></table>") + "</div>")


def _summary(report: Report, text: ReportText) -> str:
    parts = ['<section id="summary" aria-labelledby="summary-heading">',
             f'<h2 id="summary-heading">{esc(text.summary_heading)}</h2>',
             f"<p>{prose(summary_note(report, text))}</p>"]
    parts += [_summary_table(group, number, report, text)
              for number, group in enumerate(report.groups, start=1)]
    parts.append("</section>")
    return "\n".join(parts)


def _changes(report: Report, text: ReportText) -> str:
    if not report.changes:
        return ""
    items = "".join(f"<li>{prose(change_line(change, text))}</li>"
                    for change in report.changes)
    return (f'<section id="changes" aria-labelledby="changes-heading">\n'
            f'<h2 id="changes-heading">{esc(text.changes_heading)}</h2>\n'
            f'<ul class="changes">{items}</ul>\n</section>')


def _overview(report: Report, text: ReportText) -> str:
    parts = ['<section id="overview" aria-labelledby="overview-heading">',
             f'<h2 id="overview-heading">{esc(text.intro_heading)}</h2>']
    parts += [f"<p>{prose(line)}</p>" for line in intro_lines(report, text)]
    if report.groups:
        caption = text.chart_caption.format(start=report.start.isoformat(),
                                            end=report.end.isoformat())
        caption += " " + text.chart_same_figures
        parts += [f"<h3>{esc(text.chart_heading)}</h3>", "<figure>",
                  _legend(report, text), render_chart(report, text),
                  f"<figcaption>{prose(caption)}</figcaption>", "</figure>",
                  _chart_table(report, text)]
    parts.append("</section>")
    return "\n".join(parts)


def _activities(item: CommitmentReport, text: ReportText, examples: int | None) -> str:
    shown = item.examples(examples)
    with_links = any(a.links for a in shown)
    head = [text.col_date, text.col_summary, text.col_place]
    if with_links:
        head.append(text.col_evidence)
    rows = []
    for activity in shown:
        cells = [f'<td class="date">{prose(activity.date.isoformat())}</td>',
                 f"<td>{esc(activity.summary.strip())}</td>",
                 f"<td>{esc(activity.place or '')}</td>"]
        if with_links:
            cells.append('<td class="links">'
                         + "<br>".join(evidence(link) for link in activity.links) + "</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    header = "".join(f'<th scope="col">{esc(h)}</th>' for h in head)
    return wrapped(f'<table class="activities"><caption>{esc(text.list_caption)}</caption>'
                   f"<thead><tr>{header}</tr></thead>\n<tbody>\n" + "\n".join(rows)
                   + "\n</tbody></table>")


def _commitment(item: CommitmentReport, report: Report, text: ReportText,
                examples: int | None) -> str:
    commitment = item.commitment
    parts = [f'<article class="commitment" id="commitment-{esc(commitment.id)}" '
             f'aria-labelledby="commitment-{esc(commitment.id)}-heading">',
             f'<h3 id="commitment-{esc(commitment.id)}-heading">{esc(commitment.title)}</h3>']
    if commitment.text:
        parts.append(f"<blockquote><p>{esc(' '.join(commitment.text.split()))}</p>"
                     "</blockquote>")
    parts += [f'<p class="note">{prose(note)}</p>'
              for note in lifetime_notes(item, report, text)]
    if item.verdict is not None:
        line = f"{esc(text.label_verdict)}: {badge(item.verdict, text)}"
        if item.verdict.comment:
            line += f" {prose(item.verdict.comment)}"
        parts.append(f'<p class="verdict-line">{line}</p>')
    if not item.activities:
        parts += [f'<p class="nothing">{esc(text.nothing_logged)}</p>', "</article>"]
        return "\n".join(parts)
    items = "".join(
        f"<div><dt>{esc(fact.label)}</dt><dd>{esc(fact.value)}"
        + (f' <span class="qualifier">{esc(fact.note)}</span>' if fact.note else "")
        + "</dd></div>" for fact in facts(item, text))
    parts.append(f'<dl class="facts">{items}</dl>')
    if item.published:
        parts.append(_activities(item, text, examples))
    more = more_line(item, examples, text)
    if more:
        parts.append(f'<p class="note">{esc(more)}</p>')
    remark = private_note(item, text)
    if remark:
        parts.append(f'<p class="note">{esc(remark)}</p>')
    parts.append("</article>")
    return "\n".join(parts)


def _group(number: int, group: ReportGroup, report: Report, text: ReportText,
           examples: int | None) -> str:
    parts = [f'<section class="group" id="group-{number}" '
             f'aria-labelledby="group-{number}-heading">',
             f'<h2 id="group-{number}-heading">{esc(group_heading(group, report, text))}</h2>']
    parts += [_commitment(item, report, text, examples) for item in group.commitments]
    parts.append("</section>")
    return "\n".join(parts)


def render_html(report: Report, examples: int | None = 5) -> str:
    """The whole report as one HTML document, with at most `examples` public activities
    per commitment (None: all)."""
    text = texts_for(report.promise.language)
    title = text.document_title.format(title=report.promise.title)
    sections = [_group(n, g, report, text, examples)
                for n, g in enumerate(report.groups, start=1)]
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{esc(text.language)}">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)} ({period_range(report.start, report.end, text)})</title>",
        f"<style>\n{CSS}</style>",
        "</head>",
        "<body>",
        _header(report, text),
        _contents(report, text),
        "<main>",
        _summary(report, text),
        *([_changes(report, text)] if report.changes else []),
        _overview(report, text),
        *sections,
        "</main>",
        f"<footer><p>{prose(footer_line(report, text))}</p></footer>",
        "</body>",
        "</html>",
        "",
    ])

