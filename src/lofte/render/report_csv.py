"""`lofte report --format csv`: one row per public activity. Never prints.

Plain (the default): RFC 4180, comma-separated, CRLF line ends, no BOM, numbers with a
decimal point. `excel=True`: what Excel with Swedish regional settings opens with the
columns split and å/ä/ö intact: a UTF-8 byte order mark, `;` between fields, CRLF, decimal
commas, and text that Excel would run as a formula (starting with =, +, -, @, tab or CR)
prefixed with an apostrophe.

The header keys are English and stable, for scripts. An activity naming several
commitments is one row, its ids and titles joined with `;`, so that the people and hours
columns add up to the true totals. Non-public activities are not in the file at all.
"""

from __future__ import annotations

import csv
import io

from lofte.report import Report

HEADER = ("commitment", "commitment_title", "date", "by", "place", "people_reached", "hours",
          "summary")
JOIN = ";"
BOM = "\ufeff"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _number(value: float | None, excel: bool) -> str:
    if value is None:
        return ""
    text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else str(value)
    return text.replace(".", ",") if excel else text


def _text(value: str, excel: bool) -> str:
    if excel and value.startswith(FORMULA_START):
        return "'" + value
    return value


def render_csv(report: Report, excel: bool = False) -> str:
    """The public activities of the report, oldest first."""
    titles = {item.id: item.commitment.title for item in report.commitments}
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";" if excel else ",", lineterminator="\r\n",
                        quoting=csv.QUOTE_MINIMAL)
    writer.writerow(HEADER)
    for activity in report.published:
        row = [
            JOIN.join(activity.commitments),
            JOIN.join(titles[cid] for cid in activity.commitments),
            activity.date.isoformat(),
            JOIN.join(activity.by),
            activity.place or "",
            _number(activity.people_reached, excel),
            _number(activity.hours, excel),
            " ".join(activity.summary.split()),
        ]
        writer.writerow([row[0], *(_text(cell, excel) for cell in row[1:])])
    return (BOM if excel else "") + out.getvalue()
