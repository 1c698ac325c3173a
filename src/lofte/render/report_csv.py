"""`lofte report --format csv`: one row per public activity. Never prints.

Plain (the default): RFC 4180, comma-separated, CRLF line ends, no BOM, numbers with a
decimal point. `excel=True`: what Excel with Swedish regional settings opens with the
columns split and å/ä/ö intact: a UTF-8 byte order mark, `;` between fields, CRLF and
decimal commas. Both are formula-safe: text that a spreadsheet would run as a formula
(starting with =, +, -, @, tab or CR) is prefixed with an apostrophe; the numbers stay
numbers.

The header keys are English and stable, for scripts. An activity naming several
commitments is one row, its ids and titles joined with `;`, so that the people and hours
columns add up to the true totals. Non-public activities are not in the file at all.
"""

from __future__ import annotations

from lofte.domain.report import Report
from lofte.render.numbers import EXCEL_SV, PLAIN, format_number
from lofte.render.safe_text import CsvCell, Number, csv_document

HEADER = ("commitment", "commitment_title", "date", "by", "place", "people_reached", "hours",
          "summary")
JOIN = ";"
BOM = "\ufeff"


def _number(value: float | None, excel: bool) -> CsvCell:
    if value is None:
        return ""
    return Number(format_number(value, EXCEL_SV if excel else PLAIN))


def render_csv(report: Report, excel: bool = False) -> str:
    """The public activities of the report, oldest first."""
    titles = {item.id: item.commitment.title for item in report.commitments}
    rows: list[list[CsvCell]] = []
    for activity in report.published:
        rows.append([
            JOIN.join(activity.commitments),
            JOIN.join(titles[cid] for cid in activity.commitments),
            activity.date.isoformat(),
            JOIN.join(activity.by),
            activity.place or "",
            _number(activity.people_reached, excel),
            _number(activity.hours, excel),
            " ".join(activity.summary.split()),
        ])
    return (BOM if excel else "") + csv_document(HEADER, rows, delimiter=";" if excel else ",",
                                                 lineterminator="\r\n")
