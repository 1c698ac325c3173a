"""The fast .xlsx reader (`lofte.storage.xlsx_cells`) gives exactly the cells openpyxl's
read-only reader gives — the same values of the same types, the same rows, each as long —
on the workbooks lofte writes, the sheets coordinators have (as the import tests make them),
workbooks openpyxl writes with every kind of cell, workbooks written here XML by XML where
openpyxl cannot write them, and random grids; and it leaves what it does not know to
openpyxl (`Unsure`), so that such files are read, or refused, as before."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.chart import BarChart, Reference
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from lofte.storage import spreadsheet, xlsx_cells
from lofte.storage.spreadsheet import SheetUnreadable, Table, read_rows, workbook_bytes
from tests.conftest import Invoke, MakeLedger, examples
from tests.test_import_cli import HEADER, forms_export, log_activities, write_xlsx

Grid = list[tuple[object, ...]]


def openpyxl_values(path: Path, sheet: str | None = None) -> Grid:
    """What lofte read before the fast reader: openpyxl, read-only, cached values."""
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet is None:
            worksheet = book.worksheets[0]
        else:
            worksheet = book[next(name for name in book.sheetnames
                                  if name.casefold() == sheet.casefold())]
        worksheet.reset_dimensions()  # type: ignore[union-attr]
        return [tuple(row) for row in worksheet.iter_rows(values_only=True)]
    finally:
        book.close()


def assert_same(path: Path, sheet: str | None = None) -> Grid:
    """The fast reader reads the file (it is not unsure of it), and gives openpyxl's cells,
    of openpyxl's types; `read_rows` too."""
    fast = xlsx_cells.sheet_values(path, sheet)
    expected = openpyxl_values(path, sheet)
    assert fast == expected
    assert [[type(value) for value in row] for row in fast] == \
        [[type(value) for value in row] for row in expected]
    assert read_rows(path, sheet) == spreadsheet._openpyxl_rows(path, sheet)
    with pytest.MonkeyPatch.context() as patch:  # the rows as expat reads them, one by one
        patch.setattr(xlsx_cells, "_quick_rows", lambda _book, _data: None)
        assert xlsx_cells.sheet_values(path, sheet) == fast
    return fast


def quick_path_taken(path: Path) -> bool:
    """Whether the rows were read in their plain form (`_quick_rows`), not element by
    element."""
    taken: list[bool] = []
    real = xlsx_cells._quick_rows

    def spy(book: Any, data: bytes) -> Any:
        rows = real(book, data)
        taken.append(rows is not None)
        return rows

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(xlsx_cells, "_quick_rows", spy)
        xlsx_cells.sheet_values(path, None)
    return taken == [True]


def assert_unsure(path: Path, sheet: str | None = None) -> None:
    """The fast reader leaves the file to openpyxl, and `read_rows` reads it (or fails) as
    it did before there was a fast reader."""
    with pytest.raises(xlsx_cells.Unsure):
        xlsx_cells.sheet_values(path, sheet)
    got = _outcome(path, sheet)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(spreadsheet, "_xlsx_rows", spreadsheet._openpyxl_rows)
        assert got == _outcome(path, sheet)


def _outcome(path: Path, sheet: str | None) -> object:
    try:
        return read_rows(path, sheet)
    except Exception as exc:  # whatever happens, it must happen the same way
        return type(exc), str(exc)


def save(book: openpyxl.Workbook, path: Path) -> Path:
    book.save(path)
    return path


# --- the workbooks lofte writes -----------------------------------------------------------------

def test_workbook_bytes_with_every_kind_of_cell(tmp_path: Path) -> None:
    tables = [
        Table("Aktiviteter", ["date", "what", "people", "hours", "public"], [
            [dt.date(2024, 3, 14), "Fotpatrull", 40, 3.5, True],
            [dt.date(1900, 2, 28), "=SUMMA(A1)", None, 0.0, False],
            [None, "kontroll\x07tecken", 0, -1.25, None],
            [dt.date(2025, 12, 31), "  mellanslag  \nny rad", 10**15, 1e-7, True],
        ], widths=[12, 40], lists={4: ["ja", "nej"]}, dates=frozenset({0})),
        Table("Åtaganden", ["id"], [["fot"], ["trafik"]], filter=False),
    ]
    path = tmp_path / "a.xlsx"
    path.write_bytes(workbook_bytes(tables, empty_rows=20))
    rows = assert_same(path)
    assert rows[1] == (dt.datetime(2024, 3, 14), "Fotpatrull", 40, 3.5, True)
    assert_same(path, "åtaganden")


def test_lofte_export_and_template(invoke: Invoke, make_ledger: MakeLedger,
                                   tmp_path: Path) -> None:
    root = make_ledger()
    log_activities(invoke, root)
    out = tmp_path / "export.xlsx"
    assert invoke("export", "--output", str(out), "--include-private", cwd=root).exit_code == 0
    assert len(assert_same(out)) == 5
    assert quick_path_taken(out)
    template = tmp_path / "mall.xlsx"
    assert invoke("import", "--template", str(template), cwd=root).exit_code == 0
    assert_same(template)
    assert_same(template, "COMMITMENTS")


def test_the_fast_path_is_taken_for_lofte_exports(invoke: Invoke, make_ledger: MakeLedger,
                                                  tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    root = make_ledger()
    log_activities(invoke, root)
    out = tmp_path / "export.xlsx"
    assert invoke("export", "--output", str(out), "--include-private", cwd=root).exit_code == 0
    expected = read_rows(out)

    def no_openpyxl(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("openpyxl read the file")

    monkeypatch.setattr(openpyxl, "load_workbook", no_openpyxl)
    assert read_rows(out) == expected
    copy = make_ledger(name="copy")
    result = invoke("import", str(out), cwd=copy)
    assert result.exit_code == 0, result.output
    assert result.stdout == "imported 4, already logged 0\n"


# --- the sheets of the import tests -------------------------------------------------------------

def test_swedish_headers_merged_title_rows_empty_rows_and_text_dates(tmp_path: Path) -> None:
    rows: list[list[Any]] = [
        HEADER, [dt.date(2024, 3, 14), "fot", "Runda", "polisen", "Torget", 40, 2.5, "ja"],
        [], [None, None, None], [dt.datetime(2024, 3, 15, 18, 30), "trafik", "Kontroll"]]
    assert_same(write_xlsx(tmp_path / "a.xlsx", rows, title_rows=2))
    assert_same(write_xlsx(tmp_path / "b.xlsx", rows, title_rows=1, text_dates=True))


def test_microsoft_forms_export(tmp_path: Path) -> None:
    rows = assert_same(forms_export(tmp_path / "Aktivitetsrapport(1-3).xlsx"))
    assert rows[1][1] == dt.datetime(2024, 5, 2, 9, 14, 3)


# --- workbooks openpyxl writes ---------------------------------------------------------------

def test_every_kind_of_cell_openpyxl_writes(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["text", " spaces ", "", True, False, 0, -7, 2**40, 1.5, -0.0, 1e300])
    sheet.append([dt.date(2024, 2, 29), dt.datetime(1900, 1, 1, 12), dt.datetime(1900, 3, 1),
                  dt.time(13, 45, 30), dt.time(0, 0), dt.timedelta(hours=30, minutes=5),
                  dt.timedelta(seconds=1.5), dt.datetime(2024, 1, 1, 0, 0, 0, 500_000)])
    sheet.append(["#N/A", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#NULL!"])
    sheet.append([CellRichText(["vanlig ", TextBlock(InlineFont(b=True, sz=12), "fet"),
                                TextBlock(InlineFont(i=True, color="FF0000"), " kursiv")])])
    sheet["D10"] = "ensam"  # rows left out above it, columns before it
    sheet["B12"] = 12
    sheet["Z12"] = "långt bort"
    custom = [("yyyy-mm-dd hh:mm", 45000.5), ("[h]:mm:ss", 1.25), ("mm:ss", 0.01),
              ("d/m/yyyy;@", 45000), ('"Datum: "0', 45000), ("[Red]0.00", 45000),
              ("[$-41D]d mmmm yyyy", 45000), ("0.00E+00", 45000), ("@", 45000),
              ("[ss]", 2), ('_-* #,##0 "kr"_-', 12), ("h AM/PM", 0.75)]
    for column, (code, value) in enumerate(custom, start=1):
        cell = sheet.cell(row=14, column=column, value=value)
        cell.number_format = code
    rows = assert_same(save(book, tmp_path / "a.xlsx"))
    assert rows[2][:3] == ("#N/A", "#DIV/0!", "#VALUE!")
    assert rows[3] == ("vanlig fet kursiv",)
    assert rows[4:9] == [(), (), (), (), ()]
    assert rows[11] == (None, 12, *[None] * 23, "långt bort")


def test_the_1904_date_system(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    sheet.append([dt.date(2024, 3, 14), dt.datetime(1904, 1, 1, 6), dt.time(8, 30),
                  dt.timedelta(days=2)])
    rows = assert_same(save(book, tmp_path / "a.xlsx"))
    assert rows[0][0] == dt.datetime(2024, 3, 14)


def test_several_sheets_and_the_sheet_option(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "Första"
    first.append(["ett"])
    second = book.create_sheet("Andra Blad")
    second.append(["två", 2])
    book.create_sheet("Tom")
    path = save(book, tmp_path / "a.xlsx")
    assert assert_same(path) == [("ett",)]
    assert assert_same(path, "andra blad") == [("två", 2)]
    assert assert_same(path, "TOM") == []
    assert_unsure(path, "finns inte")  # openpyxl's path names the sheets
    with pytest.raises(SheetUnreadable, match="has no sheet `finns inte`; its sheets are"):
        read_rows(path, "finns inte")


def test_a_chart_sheet_is_left_to_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for number in range(1, 5):
        sheet.append([number, number * 2])
    chart = BarChart()
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=4))
    charts = book.create_chartsheet("Diagram", 0)
    charts.add_chart(chart)
    path = save(book, tmp_path / "a.xlsx")
    assert_unsure(path)
    assert read_rows(path)[0] == (1, (1, 2))


# --- workbooks written XML by XML -----------------------------------------------------------------

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
RELS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
STYLES = (f'<styleSheet {MAIN}><numFmts count="1"><numFmt numFmtId="164" '
          'formatCode="yyyy-mm-dd"/></numFmts><fonts count="1"><font><sz val="11"/></font>'
          '</fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
          '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" '
          'fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="3">'
          '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
          '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" '
          'applyNumberFormat="1"/><xf numFmtId="46" fontId="0" fillId="0" borderId="0"/>'
          '</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/>'
          '</cellStyles></styleSheet>')


def raw_xlsx(path: Path, sheet_data: str, *, strings: Sequence[str] | None = None,
             head: str = "", tail: str = "", workbook_pr: str = "",
             styles: str | None = STYLES, sheet_root: str = f"<worksheet {MAIN}>") -> Path:
    """A workbook of one sheet, as Excel writes one: `sheet_data` the XML inside
    <sheetData>, `strings` the <si> elements of the shared strings."""
    overrides = [("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument."
                  "spreadsheetml.sheet.main+xml"), ("/xl/worksheets/sheet1.xml", SHEET_TYPE)]
    parts = {
        "_rels/.rels": '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
                       'relationships"><Relationship Id="rId1" Type="http://schemas.'
                       'openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                       'Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {MAIN} {RELS}>{workbook_pr}<sheets><sheet name="Blad1" '
                           'sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels":
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
            'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            '</Relationships>',
        "xl/worksheets/sheet1.xml": f"{sheet_root}{head}<sheetData>{sheet_data}</sheetData>"
                                    f"{tail}</worksheet>",
    }
    if styles is not None:
        parts["xl/styles.xml"] = styles
        overrides.append(("/xl/styles.xml", "application/vnd.openxmlformats-officedocument."
                          "spreadsheetml.styles+xml"))
    if strings is not None:
        parts["xl/sharedStrings.xml"] = f'<sst {MAIN}>{"".join(strings)}</sst>'
        overrides.append(("/xl/sharedStrings.xml", "application/vnd.openxmlformats-"
                          "officedocument.spreadsheetml.sharedStrings+xml"))
    parts["[Content_Types].xml"] = (
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{name}" ContentType="{kind}"/>'
                  for name, kind in overrides) + "</Types>")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            archive.writestr(name, '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                             + text)
    path.write_bytes(out.getvalue())
    return path


def test_shared_strings_rich_text_phonetic_runs_and_spaces(tmp_path: Path) -> None:
    strings = [
        "<si><t>enkel</t></si>",
        '<si><t xml:space="preserve">  med mellanslag  </t></si>',
        "<si><r><t>fet</t></r><r><rPr><b/><sz val=\"11\"/><color rgb=\"FFFF0000\"/>"
        '<rFont val="Calibri"/><family val="2"/><scheme val="minor"/></rPr>'
        '<t xml:space="preserve"> och röd</t></r></si>',
        '<si><t>漢字</t><rPh sb="0" eb="2"><t>カンジ</t></rPh><phoneticPr fontId="1"/></si>',
        "<si><t/></si>",
        "<si><t>a_x005F_x000D_b</t></si>",
        "<si><t>&lt;&amp;&gt;&quot;</t></si>",
        "<si/>",
    ]
    cells = "".join(f'<c r="{chr(65 + number)}1" t="s"><v>{number}</v></c>'
                    for number in range(len(strings)))
    path = raw_xlsx(tmp_path / "a.xlsx", f'<row r="1">{cells}</row>'
                    '<row r="2"><c r="A2" t="s"><v>-1</v></c></row>', strings=strings)
    rows = assert_same(path)
    assert rows[0][:3] == ("enkel", "  med mellanslag  ", "fet och röd")


def test_inline_strings_formulas_errors_booleans_and_iso_dates(tmp_path: Path) -> None:
    data = (
        '<row r="1" spans="1:9"><c r="A1" t="inlineStr"><is><t>inline</t></is></c>'
        '<c r="B1" t="inlineStr"><is><r><t>rik</t></r><r><rPr><i/></rPr><t>text</t></r></is>'
        '</c><c r="C1" t="inlineStr"/><c r="D1" t="inlineStr"><is/></c>'
        '<c r="E1" t="str"><f>A1&amp;"x"</f><v>inlinex</v></c>'
        '<c r="F1"><f>1+1</f><v>2</v></c><c r="G1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="H1" t="b"><v>1</v></c><c r="I1" t="b"><v>0</v></c></row>'
        '<row r="2"><c r="A2" t="d"><v>2024-03-14T10:15:00</v></c>'
        '<c r="B2" t="d"><v>2024-03-14</v></c><c r="C2" t="d"><v>10:15</v></c>'
        '<c r="D2" s="1"><f>TODAY()</f><v>45365</v></c><c r="E2" s="2"><v>1.5</v></c>'
        '<c r="F2" s="1"><v>-1</v></c><c r="G2" s="1"><v>99999999</v></c>'
        '<c r="H2"><v>1E3</v></c><c r="I2"><v></v></c><c r="J2" t="str"><v/></c></row>'
        '<row r="3"><c r="A3" s="1"><f t="shared" ref="A3:A4" si="0">A2+1</f><v>45366</v>'
        '</c></row><row r="4"><c r="A4" s="1"><f t="shared" si="0"/><v>45367</v></c></row>'
    )
    rows = assert_same(raw_xlsx(tmp_path / "a.xlsx", data))
    assert rows[0][:5] == ("inline", "riktext", None, "", "inlinex")
    assert rows[1][6] == "#VALUE!"  # a date Python cannot hold


def test_missing_rows_gaps_and_rows_and_cells_without_numbers(tmp_path: Path) -> None:
    data = (
        '<row r="2"><c r="C2"><v>1</v></c></row>'
        '<row r="5"><c r="B5"><v>2</v></c><c r="A5"><v>3</v></c></row>'  # last column first
        '<row><c><v>4</v></c><c><v>5</v></c><c r="E6"><v>6</v></c><c><v>7</v></c></row>'
        '<row r="7"/>'
        '<row r="6"><c r="A6"><v>8</v></c></row>'  # out of order: openpyxl skips it
        '<row r="9.0"><c r="XFD9"><v>9</v></c></row>'
    )
    rows = assert_same(raw_xlsx(tmp_path / "a.xlsx", data))
    assert rows[:6] == [(), (None, None, 1), (), (), (3,), (4, 5, None, None, 6, 7)]


def test_plain_rows_whose_cells_skip_go_back_or_repeat(tmp_path: Path) -> None:
    data = (
        '<row r="1"><c r="B1"><v>2</v></c><c r="A1"><v>3</v></c></row>'  # last column first
        '<row r="2"><c r="A2"><v>1</v></c><c r="C2"><v>2</v></c><c r="C2"><v>3</v></c></row>'
        '<row r="3"><c r="B3"><v>1</v></c><c r="E3"><v>4</v></c><c r="C3"><v>2</v></c></row>'
        '<row r="4"></row><row r="5"><c r="C5"/><c r="D5"><v>5</v></c></row>'
    )
    path = raw_xlsx(tmp_path / "a.xlsx", data)
    assert quick_path_taken(path)
    rows = assert_same(path)
    # as openpyxl: a row as wide as its last cell, a later cell of a column the one kept
    assert rows == [(3,), (1, None, 3), (None, 1, 2), (), (None, None, None, 5)]


@pytest.mark.parametrize("dimension", ["A1:B2", "A1", "C3:D1000000", None])
def test_a_dimension_that_lies_or_is_missing(dimension: str | None, tmp_path: Path) -> None:
    head = f'<dimension ref="{dimension}"/>' if dimension else ""
    data = '<row r="1"><c r="A1"><v>1</v></c></row><row r="3"><c r="F3"><v>2</v></c></row>'
    assert_same(raw_xlsx(tmp_path / "a.xlsx", data, head=head))


def test_what_excel_writes_around_the_rows(tmp_path: Path) -> None:
    root = (f'<worksheet {MAIN} {RELS} xmlns:mc="http://schemas.openxmlformats.org/'
            'markup-compatibility/2006" xmlns:x14ac="http://schemas.microsoft.com/office/'
            'spreadsheetml/2009/9/ac" mc:Ignorable="x14ac">')
    head = ('<sheetPr><tabColor rgb="FF00B050"/><pageSetUpPr fitToPage="1"/></sheetPr>'
            '<dimension ref="A1:B2"/><sheetViews><sheetView tabSelected="1" workbookViewId="0">'
            '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="B2" sqref="B2"/></sheetView>'
            '</sheetViews><sheetFormatPr defaultRowHeight="15" x14ac:dyDescent="0.25"/>'
            '<cols><col min="1" max="2" width="20.7109375" customWidth="1"/></cols>')
    tail = ('<autoFilter ref="A1:B2"/><mergeCells count="1"><mergeCell ref="A3:B3"/>'
            '</mergeCells><dataValidations count="1"><dataValidation type="list" '
            'allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="B2:B10 C2">'
            "<formula1>\"ja,nej\"</formula1></dataValidation></dataValidations>"
            '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" '
            'footer="0.3"/><pageSetup paperSize="9" orientation="portrait"/>'
            "<headerFooter><oddFooter>&amp;P</oddFooter></headerFooter>")
    data = ('<row r="1" spans="1:2" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
            '<c r="B1" s="1"><v>45365</v></c></row>')
    workbook_pr = ('<fileVersion appName="xl" lastEdited="7" lowestEdited="7" rupBuild="27425"/>'
                   '<workbookPr date1904="1" defaultThemeVersion="166925"/>'
                   '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-'
                   'compatibility/2006"><mc:Choice Requires="x15"><x15ac:absPath url="C:" '
                   'xmlns:x15ac="http://schemas.microsoft.com/office/spreadsheetml/2010/11/ac"/>'
                   "</mc:Choice></mc:AlternateContent>"
                   '<bookViews><workbookView xWindow="-120" yWindow="-120" windowWidth="29040" '
                   'windowHeight="15840"/></bookViews>')
    path = raw_xlsx(tmp_path / "a.xlsx", data, strings=["<si><t>Datum</t></si>"], head=head,
                    tail=tail, workbook_pr=workbook_pr, sheet_root=root)
    _rewrite(path, "xl/worksheets/_rels/sheet1.xml.rels", "",
             '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
             '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
             'relationships/hyperlink" Target="https://example.se/" TargetMode="External"/>'
             "</Relationships>")
    assert assert_same(path) == [("Datum", dt.datetime(2028, 3, 15))]


def test_the_rows_of_excel_are_read_in_their_plain_form(tmp_path: Path) -> None:
    root = (f'<worksheet {MAIN} {RELS} xmlns:x14ac="http://schemas.microsoft.com/office/'
            'spreadsheetml/2009/9/ac">')
    data = ('<row r="1" spans="1:3" x14ac:dyDescent="0.25"><c r="A1" t="s"><v>0</v></c>'
            '<c r="B1" s="1"><v>45365</v></c><c r="C1" s="2"/></row>'
            '<row r="2" spans="1:3" ht="30" customHeight="1"><c r="A2" s="1"><v>45366</v></c>'
            '<c r="C2" t="inlineStr"><is><t xml:space="preserve"> Möte &amp; fika&#x21; </t>'
            "</is></c></row>\n  <row r=\"4\"/><row r=\"5\"><c r=\"B5\"><v></v></c>"
            '<c r="C5" t="inlineStr"><is><t></t></is></c><c r="D5" t="b"><v>1</v></c></row>')
    path = raw_xlsx(tmp_path / "a.xlsx", data, strings=["<si><t>Datum &lt;3</t></si>"],
                    sheet_root=root)
    assert quick_path_taken(path)
    assert assert_same(path) == [
        ("Datum <3", dt.datetime(2024, 3, 14), None),
        (dt.datetime(2024, 3, 15), None, " Möte & fika! "), (), (), (None, None, "", True)]


@pytest.mark.parametrize("data", [
    '<row r="1"><c r="A1"><f>1+1</f><v>2</v></c></row>',  # a formula
    '<row r="1"><c r="A1" t="inlineStr"><is><r><t>fet</t></r></is></c></row>',  # rich text
    '<row r="1"><c t="n" r="A1"><v>2</v></c></row>',  # the attributes in another order
    '<row r="1"><c><v>2</v></c></row>',  # no reference
    '<row r="1" spans="1:1" spans="1:2"><c r="A1"><v>2</v></c></row>',  # an attribute twice
    '<row r="1" x:y="1"><c r="A1"><v>2</v></c></row>',  # a prefix nobody declared
    '<row r="1" r:id="rId1"><c r="A1"><v>2</v></c></row>',  # a relationship
    '<row r="1"><c r="A1" t="x"><v>2</v></c></row>',  # no such type
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a\rb</t></is></c></row>',  # a line end
    '<row r="1"><c r="A1" t="inlineStr"><is><t>a&#1;b</t></is></c></row>',  # no character
    "<!-- a comment --><row r=\"1\"/>",
])
def test_rows_in_any_other_form_are_read_element_by_element(data: str,
                                                            tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "a.xlsx", data, sheet_root=f"<worksheet {MAIN} {RELS}>")
    try:
        xlsx_cells.sheet_values(path, None)
    except xlsx_cells.Unsure:  # as expat reads it too: openpyxl decides
        assert_unsure(path)
        return
    assert not quick_path_taken(path)
    assert_same(path)


def test_without_styles_no_number_is_a_date(tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "a.xlsx", '<row r="1"><c r="A1" s="1"><v>45365</v></c></row>',
                    styles=None)
    assert assert_same(path) == [(45365,)]


# --- what the fast reader leaves to openpyxl ----------------------------------------------------

ROW = '<row r="1"><c r="A1"><v>1</v></c></row>'


@pytest.mark.parametrize(("what", "kwargs"), [
    ("an unknown element among the rows",
     {"sheet_data": '<row r="1"><c r="A1"><v>1</v><x/></c></row>'}),
    ("an element inside a value", {"sheet_data": '<row r="1"><c r="A1"><v>1<x/></v></c></row>'}),
    ("an unknown cell attribute",
     {"sheet_data": '<row r="1"><c r="A1" foo="1"><v>1</v></c></row>'}),
    ("an unknown cell type", {"sheet_data": '<row r="1"><c r="A1" t="q"><v>1</v></c></row>'}),
    ("a reference with dollars", {"sheet_data": '<row r="1"><c r="$A$1"><v>1</v></c></row>'}),
    ("a reference in lower case", {"sheet_data": '<row r="1"><c r="a1"><v>1</v></c></row>'}),
    ("a row number with a fraction", {"sheet_data": '<row r="1.5"><c><v>1</v></c></row>'}),
    ("a boolean openpyxl cannot read",
     {"sheet_data": '<row r="1"><c r="A1" t="b"><v>true</v></c></row>'}),
    ("a shared string that is not there",
     {"sheet_data": '<row r="1"><c r="A1" t="s"><v>5</v></c></row>'}),
    ("conditional formatting", {"sheet_data": "", "tail":
        '<conditionalFormatting sqref="A1"><cfRule type="expression" priority="1">'
        "<formula>TRUE</formula></cfRule></conditionalFormatting>"}),
    ("a comment", {"sheet_data": '<row r="1"><!-- x --><c r="A1"><v>1</v></c></row>'}),
    ("a DOCTYPE", {"sheet_data": "", "sheet_root":
        f'<!DOCTYPE worksheet [<!ENTITY a "b">]><worksheet {MAIN}>'}),
    ("strict OOXML", {"sheet_data": "", "sheet_root":
        '<worksheet xmlns="http://purl.oclc.org/ooxml/spreadsheetml/main">'}),
    ("a main element inside another namespace's", {"sheet_data": ROW, "tail":
        '<mc:AlternateContent xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/'
        f'2006"><mc:Choice Requires="x"><mergeCells {MAIN}/></mc:Choice></mc:AlternateContent>'}),
    ("a dimension openpyxl cannot read", {"sheet_data": "", "head":
        '<dimension ref="nonsense"/>'}),
    ("a style attribute openpyxl cannot read", {"sheet_data": "", "styles":
        STYLES.replace('<sz val="11"/>', '<sz val="elva"/>')}),
    ("an unknown style element", {"sheet_data": "", "styles":
        STYLES.replace("<fonts", "<unknown/><fonts")}),
    ("a number format without its code", {"sheet_data": "", "styles":
        STYLES.replace(' formatCode="yyyy-mm-dd"', "")}),
    ("a named style without its font", {"sheet_data": "", "styles":
        STYLES.replace('<xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>',
                       '<xf numFmtId="0" fontId="3" fillId="0" borderId="0"/></cellStyleXfs>')}),
    ("a named style without its format", {"sheet_data": "", "styles":
        STYLES.replace('<cellStyle name="Normal" xfId="0"', '<cellStyle name="Normal" xfId="4"')}),
    ("an unknown workbook attribute", {"sheet_data": ROW,
                                       "workbook_pr": '<workbookPr unknown="1"/>'}),
])
def test_what_it_does_not_know_is_read_by_openpyxl(what: str, kwargs: dict[str, str],
                                                   tmp_path: Path) -> None:
    assert_unsure(raw_xlsx(tmp_path / "a.xlsx", **kwargs))  # type: ignore[arg-type]


@pytest.mark.parametrize(("what", "part", "old", "new"), [
    ("a print area", "xl/workbook.xml", "</sheets>",
     '</sheets><definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">'
     "Blad1!$A$1:$B$2</definedName></definedNames>"),
    ("custom document properties", "docProps/custom.xml", "", "<Properties/>"),
    ("a document date openpyxl cannot read", "docProps/core.xml", "",
     '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
     'core-properties" xmlns:dcterms="http://purl.org/dc/terms/"><dcterms:created>2024-03-14'
     "</dcterms:created></cp:coreProperties>"),
    ("a sheet whose part is missing", "xl/_rels/workbook.xml.rels", "worksheets/sheet1.xml",
     "worksheets/sheet9.xml"),
    ("an external workbook relationship", "xl/_rels/workbook.xml.rels", 'Target="worksheets',
     'TargetMode="External" Target="worksheets'),
    ("no sheets", "xl/workbook.xml", '<sheet name="Blad1" sheetId="1" r:id="rId1"/>', ""),
    ("no workbook part", "[Content_Types].xml", "sheet.main+xml", "other+xml"),
])
def test_parts_it_does_not_know_are_read_by_openpyxl(what: str, part: str, old: str, new: str,
                                                     tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "a.xlsx", ROW)
    _rewrite(path, part, old, new)
    assert_unsure(path)


def _rewrite(path: Path, part: str, old: str, new: str) -> None:
    """Replaces `old` by `new` in the part (or adds the part, when `old` is empty)."""
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts[part] = parts[part].replace(old.encode(), new.encode()) if old else new.encode()
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)


@pytest.mark.parametrize("content", [b"", b"PK\x03\x04 not really", b"not a zip at all"])
def test_broken_files_give_the_same_message(content: bytes, tmp_path: Path) -> None:
    path = tmp_path / "a.xlsx"
    path.write_bytes(content)
    assert_unsure(path)
    with pytest.raises(SheetUnreadable, match="not an Excel workbook"):
        read_rows(path)


def test_a_truncated_workbook_gives_the_same_message(tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "a.xlsx", '<row r="1"><c r="A1"><v>1</v></c></row>')
    path.write_bytes(path.read_bytes()[:-200])
    assert_unsure(path)


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(SheetUnreadable, match="cannot read it"):
        read_rows(tmp_path / "saknas.xlsx")


# --- random grids -------------------------------------------------------------------------------

_TEXT = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"],
                              exclude_characters="\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b"
                                                 "\x0c\x0e\x0f\x10\x11\x12\x13\x14\x15\x16"
                                                 "\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f\r"),
                max_size=12)
_VALUES = st.one_of(
    st.none(), _TEXT, st.booleans(), st.integers(-(2**53), 2**53),
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.dates(dt.date(1900, 1, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 1, 1), dt.datetime(9999, 12, 30)),
    st.times(), st.timedeltas(dt.timedelta(0), dt.timedelta(days=1000)),
    st.sampled_from(["#N/A", "#DIV/0!", "#REF!"]),
)
_FORMATS = st.sampled_from([None, "General", "0.00", "yyyy-mm-dd", "d/m/yy h:mm", "[h]:mm",
                            "mm:ss.0", '"kl" hh', "@", "0%", "[Blue]#,##0"])


@settings(max_examples=examples(100), suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(grid=st.lists(st.lists(st.tuples(_VALUES, _FORMATS), max_size=6), max_size=8),
       holes=st.lists(st.integers(1, 12), max_size=3), epoch_1904=st.booleans())
def test_random_grids_read_as_openpyxl_reads_them(grid: list[list[tuple[object, str | None]]],
                                                  holes: list[int], epoch_1904: bool,
                                                  tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    if epoch_1904:
        book.epoch = CALENDAR_MAC_1904
    sheet = book.active
    assert sheet is not None
    for number, row in enumerate(grid, start=1):
        if number in holes:
            continue  # a row left out of the file
        for column, (value, code) in enumerate(row, start=1):
            if value is None and code is None:
                continue  # a cell left out of the row
            cell = sheet.cell(row=number, column=column, value=value)
            if code is not None:
                cell.number_format = code
    assert_same(save(book, tmp_path / "random.xlsx"))
