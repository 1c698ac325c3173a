"""The cells of an .xlsx sheet, read straight from the workbook's XML.

`sheet_values` gives exactly what openpyxl (3.1) gives for the same sheet when it is loaded
read-only with `data_only=True` and read with `iter_rows(values_only=True)` after
`reset_dimensions()` — the same values of the same types, the same rows, each row as long —
at a fraction of the cost: expat with a handler per element, no objects per cell, and the
rows in the plain form Excel, openpyxl and lofte write read with regular expressions
(`_quick_rows`).

Rules:
- It reads only what it knows. Every part openpyxl reads when it loads a workbook (the
  content types, the workbook and its relationships, the styles, the document's core
  properties, the shared strings, each sheet's relationships and the start of each sheet)
  and the whole chosen sheet are checked against the elements and attributes openpyxl
  understands, with the kinds of value it converts them to. Anything else — an element or
  attribute it does not know, a value openpyxl would not convert, the strict OOXML
  namespaces, a chart sheet, external links, pivot caches, a missing part, a zip or XML
  error, any exception at all — raises `Unsure`, and the caller reads the file with
  openpyxl instead. So no file is read differently from openpyxl, and a broken one is
  reported as openpyxl reports it.
- It is no less safe than openpyxl: expat never fetches an external entity, and a DOCTYPE
  (the only way to declare an entity) is refused with `Unsure`. Parts are streamed from
  the zip as openpyxl streams them.
- It never imports openpyxl (the import alone costs a tenth of a second or more).
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final
from xml.parsers import expat

__all__ = ["Unsure", "sheet_values"]

Value = str | bool | int | float | dt.datetime | dt.date | dt.time | dt.timedelta | None


class Unsure(Exception):
    """The file holds something this reader does not know; read it with openpyxl."""


# --- namespaces and part names, as expat names them with "}" between namespace and name ---

MAIN: Final = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
_CP: Final = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
_DC: Final = "http://purl.org/dc/elements/1.1/"
_DCTERMS: Final = "http://purl.org/dc/terms/"
_XML: Final = "http://www.w3.org/XML/1998/namespace"

_CONTENT_TYPES: Final = "[Content_Types].xml"
_CORE: Final = "docProps/core.xml"
_CUSTOM: Final = "docProps/custom.xml"
_THEME: Final = "xl/theme/theme1.xml"
_STYLES: Final = "xl/styles.xml"
_SPREADSHEET: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.%s+xml"
_SHARED_STRINGS: Final = _SPREADSHEET % "sharedStrings"
# The workbook part's content types, in the order openpyxl looks for them.
_WORKBOOK_TYPES: Final = (
    "application/vnd.ms-excel.template.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.template.main+xml",
    "application/vnd.ms-excel.sheet.macroEnabled.main+xml",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
)
_WORKSHEET_REL: Final = _REL + "/worksheet"
_RID: Final = _REL + "}id"  # r:id, as expat names it


def _m(name: str) -> str:
    return f"{MAIN}}}{name}"


def _local(name: str) -> str:
    return name.rpartition("}")[2]


def _namespace(name: str) -> str:
    return name.rpartition("}")[0]


# --- kinds of attribute values: the conversions openpyxl's descriptors make ------------------

Kind = str | frozenset[str]  # a name below, or the allowed words
_RGB: Final = re.compile(r"^([A-Fa-f0-9]{8}|[A-Fa-f0-9]{6})$")
_CELL: Final = r"[A-Z]{1,3}[1-9][0-9]*"
_REF: Final = re.compile(rf"^{_CELL}(:{_CELL})?$")
_SQREF: Final = re.compile(rf"^{_CELL}(:{_CELL})?( {_CELL}(:{_CELL})?)*$")


def _between(low: float, high: float) -> Callable[[str], bool]:
    return lambda value: low <= float(value) <= high


def _converts(kind: Callable[[str], object]) -> Callable[[str], bool]:
    """Whether the text converts (a failure raises, as openpyxl's conversion does)."""
    return lambda value: kind(value) is not None


_CHECKS: Final[dict[str, Callable[[str], bool]]] = {
    "s": lambda value: True,
    "b": lambda value: True,  # openpyxl's Bool takes any text
    "i": _converts(int),
    "f": _converts(float),
    "rgb": lambda value: _RGB.match(value) is not None,
    "tint": _between(-1, 1),
    "family": _between(0, 14),
    "position": _between(0, 1),
    "indent": _between(0, 255),
    "relative": _between(-255, 255),
    "order": _between(0, float("inf")),
    "rotation": lambda value: 0 <= int(value) <= 180,
    "column": lambda value: 1 <= int(value) <= 18278,
    "ref": lambda value: _REF.match(value) is not None,
    "sqref": lambda value: _SQREF.match(value) is not None,
}


def _check(kind: Kind, value: str) -> None:
    if not (value in kind if isinstance(kind, frozenset) else _CHECKS[kind](value)):
        raise Unsure(f"the value {value!r}")


def _words(*words: str, none: bool = False) -> frozenset[str]:
    """A Set (or, with `none`, a NoneSet, which also takes "none") of openpyxl."""
    return frozenset(words) | ({"none"} if none else set())


# --- the elements openpyxl knows, part by part -------------------------------------------------

@dataclass(eq=False)  # compared, and hashed, as itself
class E:
    """An element: its attributes (name -> kind; `required` ones must be there), its
    children (full name -> element), the kind of its text, and whether elements of other
    namespaces may stand among its children (openpyxl ignores those)."""

    attrs: dict[str, Kind] = field(default_factory=dict)
    children: dict[str, E] = field(default_factory=dict)
    text: Kind | None = None
    required: tuple[str, ...] = ()
    foreign: bool = False


def _main(attrs: dict[str, Kind] | None = None, children: dict[str, E] | None = None, *,
          text: Kind | None = None, required: tuple[str, ...] = (),
          foreign: bool = False) -> E:
    """An element whose children are of the main namespace."""
    kids = {_m(name): child for name, child in (children or {}).items()}
    return E(dict(attrs or {}), kids, text, required, foreign)


def _val(kind: Kind) -> E:
    return _main({"val": kind})


_EXT_LIST: Final = _main(children={"ext": _main({"uri": "s"}, required=("uri",), foreign=True)})
_COLOR: Final = _main({"rgb": "rgb", "indexed": "i", "auto": "b", "theme": "i", "tint": "tint",
                       "type": "s"})
_FONT_PARTS: Final = {
    "charset": _val("i"), "family": _val("family"), "b": _val("b"), "i": _val("b"),
    "strike": _val("b"), "outline": _val("b"), "shadow": _val("b"), "condense": _val("b"),
    "extend": _val("b"), "color": _COLOR, "sz": _val("f"),
    "u": _val(_words("single", "double", "singleAccounting", "doubleAccounting", none=True)),
    "vertAlign": _val(_words("baseline", "subscript", "superscript", none=True)),
    "scheme": _val(_words("major", "minor", none=True)),
}
_FONT: Final = _main(children={"name": _val("s"), **_FONT_PARTS})
_INLINE_FONT: Final = _main(children={"rFont": _val("s"), **_FONT_PARTS})
_PATTERNS: Final = _words(
    "solid", "darkDown", "darkGray", "darkGrid", "darkHorizontal", "darkTrellis", "darkUp",
    "darkVertical", "gray0625", "gray125", "lightDown", "lightGray", "lightGrid",
    "lightHorizontal", "lightTrellis", "lightUp", "lightVertical", "mediumGray", none=True)
_FILL: Final = _main(children={
    "patternFill": _main({"patternType": _PATTERNS},
                         {"fgColor": _COLOR, "bgColor": _COLOR}),
    "gradientFill": _main({"type": _words("linear", "path"), "degree": "f", "left": "f",
                           "right": "f", "top": "f", "bottom": "f"},
                          {"stop": _main({"position": "position"}, {"color": _COLOR},
                                         required=("position",))}),
})
_SIDE: Final = _main({"style": _words(
    "dashDot", "dashDotDot", "dashed", "dotted", "double", "hair", "medium", "mediumDashDot",
    "mediumDashDotDot", "mediumDashed", "slantDashDot", "thick", "thin", none=True)},
    {"color": _COLOR})
_BORDER: Final = _main({"outline": "b", "diagonalUp": "b", "diagonalDown": "b"},
                       dict.fromkeys(("start", "end", "left", "right", "top", "bottom",
                                      "diagonal", "vertical", "horizontal"), _SIDE))
_ALIGNMENT: Final = _main({
    "horizontal": _words("general", "left", "center", "right", "fill", "justify",
                         "centerContinuous", "distributed", none=True),
    "vertical": _words("top", "center", "bottom", "justify", "distributed", none=True),
    "textRotation": "rotation", "wrapText": "b", "shrinkToFit": "b", "indent": "indent",
    "relativeIndent": "relative", "justifyLastLine": "b", "readingOrder": "order"})
_PROTECTION: Final = _main({"locked": "b", "hidden": "b"})
_NUM_FMT: Final = _main({"numFmtId": "i", "formatCode": "s"},
                        required=("numFmtId", "formatCode"))
_XF: Final = _main({"numFmtId": "i", "fontId": "i", "fillId": "i", "borderId": "i", "xfId": "i",
                    "quotePrefix": "b", "pivotButton": "b", "applyNumberFormat": "b",
                    "applyFont": "b", "applyFill": "b", "applyBorder": "b",
                    "applyAlignment": "b", "applyProtection": "b"},
                   {"alignment": _ALIGNMENT, "protection": _PROTECTION, "extLst": _EXT_LIST})
_XFS: Final = _main({"count": "i"}, {"xf": _XF})
_STYLESHEET: Final = _main(children={
    "numFmts": _main({"count": "i"}, {"numFmt": _NUM_FMT}),
    "fonts": _main({"count": "i"}, {"font": _FONT}),
    "fills": _main({"count": "i"}, {"fill": _FILL}),
    "borders": _main({"count": "i"}, {"border": _BORDER}),
    "cellStyleXfs": _XFS,
    "cellXfs": _XFS,
    "cellStyles": _main({"count": "i"}, {"cellStyle": _main(
        {"name": "s", "xfId": "i", "builtinId": "i", "iLevel": "i", "hidden": "b",
         "customBuiltin": "b"}, {"extLst": _EXT_LIST}, required=("name", "xfId"))}),
    "dxfs": _main({"count": "i"}, {"dxf": _main(children={
        "font": _FONT, "numFmt": _NUM_FMT, "fill": _FILL, "alignment": _ALIGNMENT,
        "border": _BORDER, "protection": _PROTECTION, "extLst": _EXT_LIST})}),
    "tableStyles": _main({"count": "i", "defaultTableStyle": "s", "defaultPivotStyle": "s"}),
    "colors": _main(children={
        "indexedColors": _main(children={"rgbColor": _main({"rgb": "rgb"})}),
        "mruColors": _main(children={"color": _COLOR})}),
    "extLst": _EXT_LIST,
}, foreign=True)

_BOOK_VIEW: Final = _main({
    "visibility": _words("visible", "hidden", "veryHidden", none=True), "minimized": "b",
    "showHorizontalScroll": "b", "showVerticalScroll": "b", "showSheetTabs": "b",
    "xWindow": "i", "yWindow": "i", "windowWidth": "i", "windowHeight": "i", "tabRatio": "i",
    "firstSheet": "i", "activeTab": "i", "autoFilterDateGrouping": "b"},
    {"extLst": _EXT_LIST})
_WORKBOOK: Final = _main(children={
    "fileVersion": _main({"appName": "s", "lastEdited": "s", "lowestEdited": "s",
                          "rupBuild": "s"}),
    "workbookPr": _main({
        "date1904": "b", "dateCompatibility": "b", "showObjects": _words(
            "all", "placeholders", none=True), "showBorderUnselectedTables": "b",
        "filterPrivacy": "b", "promptedSolutions": "b", "showInkAnnotation": "b",
        "backupFile": "b", "saveExternalLinkValues": "b", "updateLinks": _words(
            "userSet", "never", "always", none=True), "codeName": "s",
        "hidePivotFieldList": "b", "showPivotChartFilter": "b", "allowRefreshQuery": "b",
        "publishItems": "b", "checkCompatibility": "b", "autoCompressPictures": "b",
        "refreshAllConnections": "b", "defaultThemeVersion": "i"}),
    "workbookProtection": _main({"lockStructure": "b", "lockWindows": "b",
                                 "lockRevision": "b"}),
    "bookViews": _main(children={"workbookView": _BOOK_VIEW}),
    "sheets": _main(children={"sheet": _main(
        {"name": "s", "sheetId": "i", "state": _words("visible", "hidden", "veryHidden",
                                                      none=True), _RID: "s"},
        required=("name", "sheetId", _RID))}),
    "definedNames": _main(children={"definedName": _main(
        {"name": "s", "comment": "s", "customMenu": "s", "description": "s", "help": "s",
         "statusBar": "s", "localSheetId": "i", "hidden": "b", "function": "b",
         "vbProcedure": "b", "xlm": "b", "functionGroupId": "i", "shortcutKey": "s",
         "publishToServer": "b", "workbookParameter": "b"}, text="s", required=("name",))}),
    "calcPr": _main({
        "calcId": "i", "calcMode": _words("manual", "auto", "autoNoTable", none=True),
        "fullCalcOnLoad": "b", "refMode": _words("A1", "R1C1", none=True), "iterate": "b",
        "iterateCount": "i", "iterateDelta": "f", "fullPrecision": "b", "calcCompleted": "b",
        "calcOnSave": "b", "concurrentCalc": "b", "concurrentManualCount": "i",
        "forceFullCalc": "b"}),
    "fileRecoveryPr": _main({"autoRecover": "b", "crashSave": "b", "dataExtractLoad": "b",
                             "repairLoad": "b"}),
    "extLst": _EXT_LIST,
}, foreign=True)

_CONTENT_TYPES_ROOT: Final = E(children={
    f"{_CT}}}Default": E({"Extension": "s", "ContentType": "s"},
                         required=("Extension", "ContentType")),
    f"{_CT}}}Override": E({"PartName": "s", "ContentType": "s"},
                          required=("PartName", "ContentType")),
})
_RELATIONSHIPS: Final = E(children={f"{_PKG_REL}}}Relationship": E(
    {"Id": "s", "Type": "s", "Target": "s", "TargetMode": "s"},
    required=("Id", "Type", "Target"))})
_CORE_TEXT: Final = E(text="s")
_CORE_DATE: Final = E({"http://www.w3.org/2001/XMLSchema-instance}type": "s"}, text="date")
_CORE_ROOT: Final = E(children={
    **{f"{_DC}}}{name}": _CORE_TEXT for name in (
        "creator", "title", "description", "subject", "identifier", "language")},
    **{f"{_CP}}}{name}": _CORE_TEXT for name in (
        "lastModifiedBy", "category", "contentStatus", "version", "revision", "keywords")},
    f"{_DCTERMS}}}created": _CORE_DATE,
    f"{_DCTERMS}}}modified": _CORE_DATE,
    f"{_CP}}}lastPrinted": _CORE_DATE,
}, foreign=True)

# A worksheet's elements besides its rows, as openpyxl's reader dispatches them.
_SHEET_VIEW: Final = _main({
    "windowProtection": "b", "showFormulas": "b", "showGridLines": "b",
    "showRowColHeaders": "b", "showZeros": "b", "rightToLeft": "b", "tabSelected": "b",
    "showRuler": "b", "showOutlineSymbols": "b", "defaultGridColor": "b",
    "showWhiteSpace": "b", "view": _words("normal", "pageBreakPreview", "pageLayout",
                                          none=True),
    "topLeftCell": "s", "colorId": "i", "zoomScale": "i", "zoomScaleNormal": "i",
    "zoomScaleSheetLayoutView": "i", "zoomScalePageLayoutView": "i", "zoomToFit": "b",
    "workbookViewId": "i"}, {
    "pane": _main({"xSplit": "f", "ySplit": "f", "topLeftCell": "s",
                   "activePane": _words("bottomRight", "topRight", "bottomLeft", "topLeft"),
                   "state": _words("split", "frozen", "frozenSplit")}),
    "selection": _main({"pane": _words("bottomRight", "topRight", "bottomLeft", "topLeft",
                                       none=True),
                        "activeCell": "s", "activeCellId": "i", "sqref": "s"}),
    "extLst": _EXT_LIST})
_HEADER: Final = E(text="s")
_WORKSHEET_PARTS: Final = {
    "sheetPr": _main({
        "codeName": "s", "enableFormatConditionsCalculation": "b", "filterMode": "b",
        "published": "b", "syncHorizontal": "b", "syncRef": "s", "syncVertical": "b",
        "transitionEvaluation": "b", "transitionEntry": "b"}, {
        "tabColor": _COLOR,
        "outlinePr": _main({"applyStyles": "b", "summaryBelow": "b", "summaryRight": "b",
                            "showOutlineSymbols": "b"}),
        "pageSetUpPr": _main({"autoPageBreaks": "b", "fitToPage": "b"})}),
    "dimension": _main({"ref": "ref"}, required=("ref",)),
    "sheetViews": _main(children={"sheetView": _SHEET_VIEW, "extLst": _EXT_LIST}),
    "sheetFormatPr": _main({
        "baseColWidth": "i", "defaultColWidth": "f", "defaultRowHeight": "f",
        "customHeight": "b", "zeroHeight": "b", "thickTop": "b", "thickBottom": "b",
        "outlineLevelRow": "i", "outlineLevelCol": "i"}),
    "cols": _main(children={"col": _main(
        {"min": "column", "max": "column", "width": "s", "style": "s", "hidden": "s",
         "bestFit": "s", "customWidth": "s", "phonetic": "s", "outlineLevel": "s",
         "collapsed": "s"}, required=("min",))}),
    "autoFilter": _main({"ref": "ref"}),
    "mergeCells": _main({"count": "i"}, {"mergeCell": _main({"ref": "ref"},
                                                            required=("ref",))}),
    "dataValidations": _main({"disablePrompts": "b", "xWindow": "i", "yWindow": "i",
                              "count": "i"}, {"dataValidation": _main({
        "sqref": "sqref", "showDropDown": "b", "showInputMessage": "b",
        "showErrorMessage": "b", "allowBlank": "b", "errorTitle": "s", "error": "s",
        "promptTitle": "s", "prompt": "s",
        "type": _words("custom", "date", "decimal", "list", "textLength", "time", "whole",
                       none=True),
        "errorStyle": _words("information", "stop", "warning", none=True),
        "imeMode": _words("noControl", "off", "on", "disabled", "hiragana", "fullKatakana",
                          "halfKatakana", "fullAlpha", "halfAlpha", "fullHangul",
                          "halfHangul", none=True),
        "operator": _words("between", "notBetween", "equal", "notEqual", "lessThan",
                           "lessThanOrEqual", "greaterThan", "greaterThanOrEqual",
                           none=True)},
        {"formula1": E(text="s"), "formula2": E(text="s")}, required=("sqref",))}),
    "hyperlinks": _main(children={"hyperlink": _main(
        {"ref": "s", "location": "s", "tooltip": "s", "display": "s", _RID: "s"},
        required=("ref",))}),
    "printOptions": _main({"horizontalCentered": "b", "verticalCentered": "b",
                           "headings": "b", "gridLines": "b", "gridLinesSet": "b"}),
    "pageMargins": _main(dict.fromkeys(("left", "right", "top", "bottom", "header",
                                        "footer"), "f")),
    "pageSetup": _main({
        "orientation": _words("default", "portrait", "landscape", none=True),
        "paperSize": "i", "scale": "i", "fitToHeight": "i", "fitToWidth": "i",
        "firstPageNumber": "i", "useFirstPageNumber": "b",
        "pageOrder": _words("downThenOver", "overThenDown", none=True),
        "usePrinterDefaults": "b", "blackAndWhite": "b", "draft": "b",
        "cellComments": _words("asDisplayed", "atEnd", none=True),
        "errors": _words("displayed", "blank", "dash", "NA", none=True),
        "horizontalDpi": "i", "verticalDpi": "i", "copies": "i", _RID: "s"}),
    "headerFooter": _main({"differentOddEven": "b", "differentFirst": "b",
                           "scaleWithDoc": "b", "alignWithMargins": "b"},
                          dict.fromkeys(("oddHeader", "oddFooter", "evenHeader",
                                         "evenFooter", "firstHeader", "firstFooter"),
                                        _HEADER)),
    "drawing": _main({_RID: "s"}),
    "legacyDrawing": _main({_RID: "s"}),
    "tableParts": _main({"count": "i"}, {"tablePart": _main({_RID: "s"})}),
    "extLst": _EXT_LIST,
}
_WORKSHEET: Final = _main(children={**_WORKSHEET_PARTS, "sheetData": _main()}, foreign=True)

# Shared and inline strings (openpyxl's Text): plain text, runs, phonetic runs.
_TEXT_T: Final = E({f"{_XML}}}space": "s"}, text="s")
_TEXT: Final = _main(children={
    "t": _TEXT_T,
    "r": _main(children={"rPr": _INLINE_FONT, "t": _TEXT_T}),
    "rPh": _main({"sb": "i", "eb": "i"}, {"t": _TEXT_T}, required=("sb", "eb")),
    "phoneticPr": _main({"fontId": "i", "type": _words(
        "halfwidthKatakana", "fullwidthKatakana", "Hiragana", "noConversion", none=True),
        "alignment": _words("noControl", "left", "center", "distributed", none=True)},
        required=("fontId",)),
})
_SST: Final = _main({"count": "i", "uniqueCount": "i"}, {"si": _TEXT, "extLst": _EXT_LIST})


# --- one XML part, streamed through expat and checked element by element ----------------------

_SKIP: Final = E(foreign=True)  # a subtree of another namespace, which openpyxl ignores
_HOME: Final = frozenset({MAIN, _CT, _PKG_REL, _CP, _DC, _DCTERMS, ""})
_CHUNK: Final = 64 * 1024


class _Part:
    """Parses one XML part: checks each element against its `E`, and hands the elements
    named in `hooks` (and their text) to the callers. `stop` ends the parse early."""

    def __init__(self, root_name: str, root: E) -> None:
        self.parser = expat.ParserCreate(namespace_separator="}")
        self.parser.buffer_text = True
        self.parser.ordered_attributes = False
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._data
        self.parser.StartDoctypeDeclHandler = _refuse
        self.parser.EntityDeclHandler = _refuse
        self.parser.CommentHandler = _refuse
        self.parser.ProcessingInstructionHandler = _refuse
        self.parser.StartCdataSectionHandler = None
        self.root_name, self.root = root_name, root
        self.stack: list[E] = []
        self.text: list[str] | None = None
        self.stopped = False
        self.opaque: frozenset[str] = frozenset()  # elements whose content is not looked at
        self.skipping = 0  # the depth inside an opaque element
        self.on_start: dict[str, Callable[[dict[str, str]], None]] = {}
        self.on_end: dict[str, Callable[[str | None], None]] = {}

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        if self.skipping:
            self.skipping += 1
            return
        if self.text is not None:
            raise Unsure("an element inside text")
        if not self.stack:
            if name != self.root_name:
                raise Unsure(f"the root element {name}")
            element = self.root
        else:
            parent = self.stack[-1]
            element = parent.children.get(name)  # type: ignore[assignment]
            if element is None:
                element = _foreign(parent, name)
        if element is not _SKIP:
            _check_attrs(element, attrs)
            if element.text is not None:
                self.text = []
        self.stack.append(element)
        hook = self.on_start.get(name)
        if hook is not None:
            hook(attrs)
        if name in self.opaque:
            self.skipping = 1

    def _end(self, name: str) -> None:
        if self.skipping:
            self.skipping -= 1
            if self.skipping:
                return
        element = self.stack.pop()
        text = None
        if self.text is not None:
            text = "".join(self.text) or None
            self.text = None
            if text is not None and element.text is not None:
                _check_text(element.text, text)
        hook = self.on_end.get(name)
        if hook is not None:
            hook(text)

    def _data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def parse(self, source: IO[bytes]) -> None:
        while not self.stopped:
            chunk = source.read(_CHUNK)
            self.parser.Parse(chunk, not chunk)
            if not chunk:
                break

    def parse_bytes(self, data: bytes) -> None:
        self.parser.Parse(data, True)


def _refuse(*_args: object) -> None:
    raise Unsure("a DOCTYPE, an entity, a comment or a processing instruction")


def _foreign(parent: E, name: str) -> E:
    """A child that the element does not list: one of another namespace, under an element
    that allows those, and not named like a child openpyxl would take it for."""
    namespace, local = _namespace(name), _local(name)
    if parent is _SKIP:
        if namespace in _HOME:
            raise Unsure(f"the element {name} inside another namespace's element")
        return _SKIP
    if not parent.foreign or namespace in _HOME or \
            any(_local(known) == local for known in parent.children):
        raise Unsure(f"the element {name}")
    return _SKIP


def _check_attrs(element: E, attrs: dict[str, str]) -> None:
    known = element.attrs
    for name, value in attrs.items():
        kind = known.get(name)
        if kind is None:
            if "}" in name and name not in _OPENPYXL_READS:  # openpyxl drops these
                continue
            raise Unsure(f"the attribute {name}")
        _check(kind, value)
    for name in element.required:
        if name not in attrs:
            raise Unsure(f"no attribute {name}")


# Attributes of other namespaces that openpyxl does read (by their local name).
_OPENPYXL_READS: Final = frozenset({_RID})


def _check_text(kind: Kind, text: str) -> None:
    if kind == "date":
        if not isinstance(from_iso8601(text), dt.datetime):
            raise Unsure(f"the date {text!r}")
    else:
        _check(kind, text)


# --- the workbook: its parts, as openpyxl finds them -------------------------------------------

@dataclass
class _Book:
    archive: zipfile.ZipFile
    names: set[str]
    sheets: list[tuple[str, str]]  # title, part
    epoch: dt.datetime
    date_styles: set[int]
    timedelta_styles: set[int]
    strings: list[str]


def sheet_values(path: Path, sheet: str | None) -> list[tuple[Value, ...]]:
    """The rows of `sheet` (or of the first sheet) of the workbook at `path`, as openpyxl's
    read-only reader gives them (see the module's docstring). Raises Unsure."""
    try:
        with zipfile.ZipFile(path) as archive:
            book = _open_book(archive)
            chosen = _choose(book.sheets, sheet)
            return _read_sheet(book, chosen)
    except (Unsure, MemoryError):
        raise
    except Exception as exc:  # anything odd: openpyxl decides
        raise Unsure(f"{type(exc).__name__}: {exc}") from exc


def _open_book(archive: zipfile.ZipFile) -> _Book:
    names = set(archive.namelist())
    if _CUSTOM in names:
        raise Unsure("custom document properties")
    overrides = _content_types(archive.read(_CONTENT_TYPES))
    strings: list[str] = []
    strings_part = next((part for part, kind in overrides if kind == _SHARED_STRINGS), None)
    if strings_part is not None:
        with archive.open(strings_part[1:]) as source:
            strings = _shared_strings(source)
    workbook_part = _workbook_part(overrides)[1:]
    date1904, sheets = _workbook(archive.read(workbook_part))
    rels_path = _rels_path(workbook_part)
    rels = _relationships(archive.read(rels_path), rels_path)
    if _CORE in names:
        _parse(archive.read(_CORE), f"{_CP}}}coreProperties", _CORE_ROOT)
    if _THEME in names:
        archive.read(_THEME)  # openpyxl keeps it: a broken one fails there
    date_styles: set[int] = set()
    timedelta_styles: set[int] = set()
    if _STYLES in names:
        date_styles, timedelta_styles = _styles(archive.read(_STYLES))
    found: list[tuple[str, str]] = []
    for title, rel_id in sheets:
        kind, target = rels[rel_id]
        if target not in names:
            raise Unsure(f"the missing sheet {target}")
        if kind != _WORKSHEET_REL:
            raise Unsure(f"the sheet {title} of type {kind}")  # a chart sheet, or odder
        _sheet_head(archive, target, names)
        found.append((title, target))
    epoch = _MAC_EPOCH if date1904 else _WINDOWS_EPOCH
    return _Book(archive, names, found, epoch, date_styles, timedelta_styles, strings)


def _choose(sheets: list[tuple[str, str]], sheet: str | None) -> str:
    if not sheets:
        raise Unsure("no sheets")
    if sheet is None:
        return sheets[0][1]
    for title, part in sheets:
        if title.casefold() == sheet.casefold():
            return part
    raise Unsure(f"no sheet {sheet}")  # openpyxl's path says which sheets there are


def _parse(data: bytes, root_name: str, root: E) -> _Part:
    part = _Part(root_name, root)
    part.parse_bytes(data)
    return part


def _content_types(data: bytes) -> list[tuple[str, str]]:
    overrides: list[tuple[str, str]] = []
    part = _Part(f"{_CT}}}Types", _CONTENT_TYPES_ROOT)
    part.on_start[f"{_CT}}}Override"] = \
        lambda attrs: overrides.append((attrs["PartName"], attrs["ContentType"]))
    part.parse_bytes(data)
    return overrides


def _workbook_part(overrides: list[tuple[str, str]]) -> str:
    for kind in _WORKBOOK_TYPES:
        for name, content_type in overrides:
            if content_type == kind:
                return name
    raise Unsure("no workbook part named in the content types")


def _workbook(data: bytes) -> tuple[bool, list[tuple[str, str]]]:
    """Whether dates count from 1904, and the sheets: title and relationship id."""
    sheets: list[tuple[str, str]] = []
    date1904 = [False]

    def properties(attrs: dict[str, str]) -> None:
        # openpyxl's Bool: "false", "f" and "0" are false, any other text true
        value = attrs.get("date1904")
        date1904[0] = value is not None and value not in ("false", "f", "0") and bool(value)

    def defined_name(attrs: dict[str, str]) -> None:
        # openpyxl interprets these two when it binds names to sheets
        if attrs["name"] in ("_xlnm.Print_Titles", "_xlnm.Print_Area"):
            raise Unsure("print titles or a print area")

    part = _Part(_m("workbook"), _WORKBOOK)
    part.on_start[_m("workbookPr")] = properties
    part.on_start[_m("sheet")] = \
        lambda attrs: sheets.append((attrs["name"], attrs[_RID]))
    part.on_start[_m("definedName")] = defined_name
    part.parse_bytes(data)
    return date1904[0], sheets


def _rels_path(part: str) -> str:
    folder, name = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{name}.rels")


def _relationships(data: bytes, rels_path: str) -> dict[str, tuple[str, str]]:
    """Relationship id -> type, and target as a part name (as openpyxl resolves it)."""
    rels: dict[str, tuple[str, str]] = {}
    parent = posixpath.split(posixpath.dirname(rels_path))[0]

    def relationship(attrs: dict[str, str]) -> None:
        if "TargetMode" in attrs:
            raise Unsure("an external relationship")
        target = attrs["Target"]
        target = target[1:] if target.startswith("/") else \
            posixpath.normpath(posixpath.join(parent, target))
        rels[attrs["Id"]] = (attrs["Type"], target)

    part = _Part(f"{_PKG_REL}}}Relationships", _RELATIONSHIPS)
    part.on_start[f"{_PKG_REL}}}Relationship"] = relationship
    part.parse_bytes(data)
    return rels


def _sheet_head(archive: zipfile.ZipFile, target: str, names: set[str]) -> None:
    """What openpyxl reads of every sheet when it loads the workbook: the sheet's
    relationships, and the sheet up to its dimension (or the end of its rows)."""
    rels_path = _rels_path(target)
    if rels_path in names:
        part = _Part(f"{_PKG_REL}}}Relationships", _RELATIONSHIPS)
        part.parse_bytes(archive.read(rels_path))
    head = _Part(_m("worksheet"), _WORKSHEET)
    head.opaque = frozenset({_m("sheetData")})  # openpyxl only parses it, looking for the end

    def stop(_text: str | None) -> None:
        head.stopped = True

    head.on_end[_m("dimension")] = stop
    head.on_end[_m("sheetData")] = stop
    with archive.open(target) as source:
        head.parse(source)


# --- styles: which cell styles show dates and durations ---------------------------------------

class _Styles:
    """What the stylesheet says of cells: each cell style's number format (custom formats
    by id), and what openpyxl looks up of the named styles."""

    def __init__(self, part: _Part) -> None:
        self.formats: dict[int, str] = {}
        self.cell_formats: list[int] = []  # per cell style (<cellXfs>), its number format
        self.style_xfs: list[tuple[int, int, int]] = []  # font, fill, border
        self.named: list[int] = []  # the <cellStyleXfs> each named style uses
        self.counts = {"font": 0, "fill": 0, "border": 0}
        self.where: list[str] = []  # cellXfs, cellStyleXfs or dxfs, when inside one
        for name in ("cellXfs", "cellStyleXfs", "dxfs"):
            part.on_start[_m(name)] = self._enter(name)
            part.on_end[_m(name)] = self._leave
        for name in self.counts:
            part.on_start[_m(name)] = self._count(name)
        part.on_start[_m("xf")] = self._xf
        part.on_start[_m("numFmt")] = self._format
        part.on_start[_m("cellStyle")] = self._named

    def _enter(self, name: str) -> Callable[[dict[str, str]], None]:
        return lambda _attrs: self.where.append(name)

    def _leave(self, _text: str | None) -> None:
        self.where.pop()

    def _count(self, name: str) -> Callable[[dict[str, str]], None]:
        def count(_attrs: dict[str, str]) -> None:
            if not self.where:  # not a differential style's
                self.counts[name] += 1
        return count

    def _xf(self, attrs: dict[str, str]) -> None:
        number, font, fill, border = (int(attrs.get(key, "0")) for key in (
            "numFmtId", "fontId", "fillId", "borderId"))
        if self.where[-1] == "cellXfs":
            self.cell_formats.append(number)
        else:
            self.style_xfs.append((font, fill, border))

    def _format(self, attrs: dict[str, str]) -> None:
        if not self.where:  # not a differential style's
            self.formats[int(attrs["numFmtId"])] = attrs["formatCode"]

    def _named(self, attrs: dict[str, str]) -> None:
        self.named.append(int(attrs["xfId"]))


def _styles(data: bytes) -> tuple[set[int], set[int]]:
    """The cell styles that show dates, and those that show durations."""
    part = _Part(_m("styleSheet"), _STYLESHEET)
    styles = _Styles(part)
    part.parse_bytes(data)
    _check_named_styles(styles.named, styles.style_xfs, styles.counts)
    codes = [styles.formats.get(number, BUILTIN_FORMATS.get(number))
             for number in styles.cell_formats]
    return ({index for index, code in enumerate(codes) if is_date_format(code)},
            {index for index, code in enumerate(codes) if is_timedelta_format(code)})


def _check_named_styles(named: list[int], style_xfs: list[tuple[int, int, int]],
                        counts: dict[str, int]) -> None:
    """openpyxl looks up each named style's format, font, fill and border: one that is not
    there fails its load."""
    def valid(index: int, count: int) -> bool:
        return -count <= index < count

    for xf_id in named:
        if not valid(xf_id, len(style_xfs)):
            raise Unsure("a named style without its format")
        font, fill, border = style_xfs[xf_id]
        if not (valid(font, counts["font"]) and valid(fill, counts["fill"])
                and valid(border, counts["border"])):
            raise Unsure("a named style without its font, fill or border")


# --- rows and strings: the bulk of a workbook, read by handlers of their own ----------------
#
# The generic checking of `_Part` costs too much per cell; inside <sheetData> and <sst> these
# handlers take over, and know the few elements there by heart (openpyxl's WorkSheetParser
# and Text): each state below says which element the parse is in.

_OUTSIDE, _IN_ROWS, _IN_ROW, _IN_CELL, _IN_VALUE, _IN_FORMULA = range(-1, 5)
_IN_STRINGS, _IN_TEXT, _IN_PLAIN, _IN_RUN, _IN_RUN_T, _IN_PHONETIC, _IN_PHONETIC_T = range(5, 12)
_ROW: Final = _m("row")
_C: Final = _m("c")
_V: Final = _m("v")
_F: Final = _m("f")
_IS: Final = _m("is")
_SI: Final = _m("si")
_T: Final = _m("t")
_R: Final = _m("r")
_RPR: Final = _m("rPr")
_RPH: Final = _m("rPh")
_PHONETIC_PR: Final = _m("phoneticPr")
_TEXT_ATTRS: Final = frozenset({f"{_XML}}}space"})
_ROW_ATTRS: Final = frozenset({
    "r", "spans", "s", "customFormat", "ht", "hidden", "customHeight", "outlineLevel",
    "collapsed", "thickTop", "thickBot", "ph"})
_CELL_ATTRS: Final = frozenset({"r", "s", "t", "cm", "vm", "ph"})
_FORMULA_ATTRS: Final = frozenset({
    "t", "ref", "si", "ca", "aca", "dt2D", "dtr", "del1", "del2", "r1", "r2", "bx"})
_TEXT_STATES: Final = frozenset({_IN_VALUE, _IN_FORMULA, _IN_PLAIN, _IN_RUN_T,
                                 _IN_PHONETIC_T})
_TYPES: Final = frozenset({"n", "s", "str", "b", "e", "inlineStr", "d"})


class _Bulk:
    """The handlers for <sheetData> (with `book`, whose strings, styles and epoch turn
    cells into values) or for <sst> (without). They replace the part's handlers from the
    start of that element to its end, and hand the end back to the part."""

    def __init__(self, part: _Part, book: _Book | None) -> None:
        self.part, self.book = part, book
        self.state: int | E = _IN_ROWS  # where the parse is
        self.states: list[int | E] = []  # where it was, in the elements around
        self.text: list[str] | None = None
        self.saved: tuple[Any, Any, Any] = (None, None, None)  # the part's handlers
        # rows
        self.rows: list[tuple[Value, ...]] = []
        self.counter = 1  # the next row number to give
        self.row_number = 0
        self.column = 0
        self.cells: list[tuple[int, Value]] = []
        self.type = "n"
        self.style: int | str = 0
        self.value: str | None = None
        self.seen_value = self.seen_inline = False
        self.inline: str | None = None
        self.columns: dict[str, int] = {}
        # strings: plain text (the last <t>), each run's text (its last <t>)
        self.strings: list[str] = []
        self.plain: str | None = None
        self.runs: list[str] = []
        self.run: str | None = None

    def enter(self, state: int) -> None:
        parser = self.part.parser
        self.saved = (parser.StartElementHandler, parser.EndElementHandler,
                      parser.CharacterDataHandler)
        parser.StartElementHandler, parser.EndElementHandler = self._start, self._end
        parser.CharacterDataHandler = self._data
        self.state, self.states = state, [_OUTSIDE]

    def _leave(self, name: str) -> None:
        parser = self.part.parser
        (parser.StartElementHandler, parser.EndElementHandler,
         parser.CharacterDataHandler) = self.saved
        self.part._end(name)

    def _data(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def _start(self, name: str, attrs: dict[str, str]) -> None:
        state = self.state
        self.states.append(state)
        # the common elements first, most common first
        if state == _IN_ROW and name == _C:
            self._cell(attrs)
            self.state = _IN_CELL
        elif state == _IN_CELL and name == _V and attrs.keys() <= _TEXT_ATTRS:
            self.text = []
            self.state = _IN_VALUE
        elif state == _IN_TEXT and name == _T and attrs.keys() <= _TEXT_ATTRS:
            self.text = []
            self.state = _IN_PLAIN
        elif state == _IN_CELL and name == _IS and not attrs:
            self.plain, self.runs = None, []
            self.state = _IN_TEXT
        elif state == _IN_ROWS and name == _ROW and attrs.keys() <= _ROW_ATTRS:
            self._row(attrs)
            self.state = _IN_ROW
        else:
            self.state = self._other(state, name, attrs)

    def _other(self, state: int | E, name: str, attrs: dict[str, str]) -> int | E:
        """The rarer elements: formulas, inline strings, runs, phonetic runs, and the
        elements checked against their `E` (a run's font, phonetic properties)."""
        if self.text is not None:
            raise Unsure(f"the element {name} inside text")
        if state == _IN_ROWS and name == _ROW and _known(attrs, _ROW_ATTRS):
            self._row(attrs)  # with attributes of other namespaces, as Excel's x14ac:dyDescent
            return _IN_ROW
        if isinstance(state, E):
            element = state.children.get(name)
            if element is None or element.text is not None:
                raise Unsure(f"the element {name}")
            _check_attrs(element, attrs)
            return element
        plain = attrs.keys() <= _TEXT_ATTRS
        if state == _IN_CELL and name == _F and attrs.keys() <= _FORMULA_ATTRS:
            self.text = []  # not kept: the cached value is what counts
            return _IN_FORMULA
        if ((state == _IN_CELL and name == _IS) or (state == _IN_STRINGS and name == _SI)) \
                and not attrs:
            self.plain, self.runs = None, []
            return _IN_TEXT
        if state == _IN_TEXT:
            if name == _T and plain:
                self.text = []
                return _IN_PLAIN
            if name == _R and not attrs:
                self.run = None
                return _IN_RUN
            if name == _RPH:
                _check_attrs(_TEXT.children[_RPH], attrs)
                return _IN_PHONETIC
            if name == _PHONETIC_PR:
                _check_attrs(_TEXT.children[_PHONETIC_PR], attrs)
                return _TEXT.children[_PHONETIC_PR]
        if state == _IN_RUN:
            if name == _T and plain:
                self.text = []
                return _IN_RUN_T
            if name == _RPR and not attrs:
                return _INLINE_FONT
        if state == _IN_PHONETIC and name == _T and plain:
            self.text = []
            return _IN_PHONETIC_T
        if state == _IN_STRINGS and name == _m("extLst") and not attrs:
            return _EXT_LIST
        raise Unsure(f"the element {name}")

    def _end(self, name: str) -> None:
        state = self.state
        self.state = self.states.pop()
        if state in _TEXT_STATES:
            text = "".join(self.text or ()) or None
            self.text = None
            if state == _IN_VALUE:
                if not self.seen_value:  # openpyxl takes a cell's first <v>
                    self.value, self.seen_value = text, True
            elif state == _IN_PLAIN:
                self.plain = text
            elif state == _IN_RUN_T:
                self.run = text
        elif state == _IN_CELL:
            self.cells.append((self.column, self._cell_value()))
        elif state == _IN_TEXT:
            self._text_end()
        elif state == _IN_ROW:
            self._row_end()
        elif state == _IN_RUN:
            if self.run is not None:
                self.runs.append(self.run)
        elif state in (_IN_ROWS, _IN_STRINGS):
            self._leave(name)

    def _text_end(self) -> None:
        """The end of an <si> or <is>: its text, as openpyxl's Text.content."""
        text = "".join(([self.plain] if self.plain is not None else []) + self.runs)
        if self.state == _IN_STRINGS:
            self.strings.append(text.replace("x005F_", ""))  # as openpyxl's shared strings
        elif not self.seen_inline:  # a cell's first <is>
            self.inline, self.seen_inline = text, True

    def _row(self, attrs: dict[str, str]) -> None:
        number = attrs.get("r")
        if number is None:
            self.row_number += 1
        else:
            try:
                self.row_number = int(number)
            except ValueError:
                as_float = float(number)
                if not as_float.is_integer():
                    raise Unsure(f"the row number {number}") from None
                self.row_number = int(as_float)
        self.column = 0
        self.cells = []

    def _cell(self, attrs: dict[str, str]) -> None:
        if not (attrs.keys() <= _CELL_ATTRS or _known(attrs, _CELL_ATTRS)):
            raise Unsure("a cell attribute")
        kind = self.type = attrs.get("t", "n")
        if kind not in _TYPES:
            raise Unsure(f"the cell type {kind}")
        style: int | str = attrs.get("s", 0)
        self.style = int(style) if style else style
        coordinate = attrs.get("r")
        if coordinate:
            letters = coordinate.rstrip("0123456789")
            column = self.columns.get(letters)
            if column is None:
                column = self.columns[letters] = _column_index(letters, coordinate)
            if len(letters) == len(coordinate) or not coordinate.isascii():
                raise Unsure(f"the cell reference {coordinate}")
            self.column = column
        else:
            self.column += 1
        self.value, self.seen_value = None, False
        self.inline, self.seen_inline = None, False

    def _cell_value(self) -> Value:
        assert self.book is not None
        return _value(self.book, self.type, self.style, self.value, self.inline)

    def _row_end(self, whole: tuple[Value, ...] | None = None) -> None:
        """As ReadOnlyWorksheet._cells_by_row without a sheet size: the rows the file
        leaves out, empty; a row out of order or repeated, left out. `whole`: the row's
        values, when its cells went from left to right (`cells` is then empty)."""
        number = self.row_number
        while self.counter < number:
            self.rows.append(())
            self.counter += 1
        if self.counter <= number:
            self.rows.append(whole if whole is not None else _padded(self.cells))
            self.counter += 1


def _value(book: _Book, kind: str, style: int | str, value: str | None,
           inline: str | None) -> Value:
    """A cell's value, as openpyxl's WorkSheetParser gives it: from its type, its style, the
    text of its (first) <v> (None when it has none, or an empty one), and the text of its
    (first) <is> (None when it has none)."""
    if kind == "inlineStr":
        return inline
    if value is None:
        return None
    if kind == "n":
        number = _cast_number(value)
        if style in book.date_styles:
            try:
                return from_excel(number, book.epoch, timedelta=style in book.timedelta_styles)
            except (OverflowError, ValueError):
                return "#VALUE!"  # openpyxl warns, and gives this error value
        return number
    if kind == "s":
        return book.strings[int(value)]
    if kind == "b":
        return bool(int(value))
    if kind == "d":
        return from_iso8601(value)
    return value  # "str", "e": the text


def _known(attrs: dict[str, str], names: frozenset[str]) -> bool:
    """Whether the attributes are among `names`, or of another namespace (which openpyxl
    leaves alone in rows and cells)."""
    return all(name in names or ("}" in name and name != _RID) for name in attrs)


def _padded(cells: list[tuple[int, Value]]) -> tuple[Value, ...]:
    """A row as wide as its last cell's column (not its widest), as openpyxl gives it."""
    if not cells:
        return ()
    width = cells[-1][0]
    row: list[Value] = [None] * width
    for column, value in cells:
        if 1 <= column <= width:
            row[column - 1] = value
    return tuple(row)


def _column_index(letters: str, coordinate: str) -> int:
    """The column of a reference such as "B12" (only that form: openpyxl takes more, and
    this reader leaves the rest to it)."""
    if not (0 < len(letters) <= 3 and letters.isascii() and letters.isupper()
            and letters.isalpha()):
        raise Unsure(f"the cell reference {coordinate}")
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index


def _shared_strings(source: IO[bytes]) -> list[str]:
    part = _Part(_m("sst"), _SST)
    bulk = _Bulk(part, None)
    part.on_start[_m("sst")] = lambda _attrs: bulk.enter(_IN_STRINGS)
    part.parse(source)
    return bulk.strings


def _read_sheet(book: _Book, target: str) -> list[tuple[Value, ...]]:
    with book.archive.open(target) as source:
        data = source.read()
    rows = _quick_rows(book, data)
    if rows is not None:
        return rows
    part = _Part(_m("worksheet"), _WORKSHEET)
    bulk = _Bulk(part, book)
    part.on_start[_m("sheetData")] = lambda _attrs: bulk.enter(_IN_ROWS)
    part.parse_bytes(data)
    return bulk.rows


# --- the rows of the common sheet, read without a handler per element ----------------------
#
# The rows of a sheet as openpyxl, Excel and lofte export write them are one plain form:
# `<row r=".." ..>` with cells `<c r="B2" s=".." t="..">` holding nothing, a `<v>` or one
# inline `<is><t>`, with no formula, rich text, comment or CDATA. `_quick_rows` reads that
# form with regular expressions, and gives each cell's value by the same `_value`; the rest
# of the part is parsed and checked by expat as always. Anything else, anywhere in the rows,
# and the whole part is parsed by expat after all.

_SHEET_DATA: Final = b"<sheetData>"
_SHEET_DATA_END: Final = b"</sheetData>"
_XML_SPACE: Final = r"[ \t\n]*"
_ATTRS: Final = r'((?: [A-Za-z_][\w.:-]*="[^"<&\t\n\r]*")*)'
_CHARACTERS: Final = r"([^<&]*(?:&(?:amp|lt|gt|quot|apos|#[0-9]{1,7}|#x[0-9a-fA-F]{1,6});[^<&]*)*)"
_CELL_FORM: Final = (
    rf'{_XML_SPACE}<c r="([A-Z]{{1,3}})[0-9]+"(?: s="([0-9]+)")?(?: t="([A-Za-z]+)")?'
    rf'(?:/>|>(?:<v>{_CHARACTERS}</v>|(<is><t(?: xml:space="preserve")?>){_CHARACTERS}</t></is>)?'
    r"</c>)")
# A plain cell, or (the last group) a character that is neither white space nor in one.
_QUICK_CELL_OR_NOT: Final = re.compile(f"{_CELL_FORM}|([^ \t\n])")
_QUICK_ROW: Final = re.compile(f"{_XML_SPACE}<row{_ATTRS}{_XML_SPACE}(/?)>")
_QUICK_ATTR: Final = re.compile(' ([^=]+)="([^"]*)"')
_REFERENCE: Final = re.compile(r"&(#x?)?([0-9a-zA-Z]+);")
_NAMED: Final = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
# What expat refuses, or reads otherwise, in the rows (as bytes of UTF-8): C0 controls but
# tab and newline, a carriage return (a line end, read as a newline), the two
# non-characters U+FFFE and U+FFFF, and `]]>`.
_CONTROLS: Final = bytes([*range(0x09), *range(0x0B, 0x20)])
_NOT_PLAIN: Final = (b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"]]>")
_ENCODING: Final = re.compile(rb"""^(?:\xef\xbb\xbf)?<\?xml[^>]*?encoding=["']([^"']*)["']""")


def _quick_rows(book: _Book, data: bytes) -> list[tuple[Value, ...]] | None:
    """The rows of the sheet `data`, when they are all in the plain form above (and the
    rest of the part is fine); None when expat must read them."""
    start = data.find(_SHEET_DATA)
    end = data.find(_SHEET_DATA_END, start)
    encoding = _ENCODING.match(data)
    if start < 0 or end < 0 or (encoding is not None
                                and encoding.group(1).lower() not in (b"utf-8", b"utf8")):
        return None
    raw = data[start + len(_SHEET_DATA):end]
    if len(raw.translate(None, _CONTROLS)) != len(raw) or any(bad in raw for bad in _NOT_PLAIN):
        return None
    try:
        body = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    part = _Part(_m("worksheet"), _WORKSHEET)
    bulk = _Bulk(part, book)
    entered: list[bool] = []
    declared: dict[str, str] = {"xml": _XML}  # the prefixes of the root element

    def declare(prefix: str | None, uri: str) -> None:
        if not part.stack and prefix:
            declared[prefix] = uri

    def enter(_attrs: dict[str, str]) -> None:
        entered.append(True)
        bulk.enter(_IN_ROWS)

    part.parser.StartNamespaceDeclHandler = declare
    part.on_start[_m("sheetData")] = enter
    part.parse_bytes(data[:start + len(_SHEET_DATA)] + data[end:])  # all but the rows
    if entered != [True] or bulk.rows:
        return None
    return _rows_of(bulk, body, declared)


def _rows_of(bulk: _Bulk, body: str, declared: dict[str, str]) -> list[tuple[Value, ...]] | None:
    """The rows in `body`, the text between <sheetData> and </sheetData>, read by `bulk`'s
    rules; None when a row is not in the plain form.

    A row's cells are found by one `findall` over the row, whose last group takes any
    character that is neither white space nor part of a plain cell: a row with one is not
    plain. The values of cells in columns from left to right (nearly every row) make the
    row as they come, each column left out empty; cells in any other order are placed by
    `_padded`."""
    book = bulk.book
    assert book is not None
    columns = bulk.columns
    known: dict[tuple[str, str, str], Any] = {}  # the values of cells with a style or type
    plain = 0 not in book.date_styles  # a number without a style is a number
    position, size = 0, len(body)
    while position < size:
        row = _QUICK_ROW.match(body, position)
        if row is None:
            return None if body[position:].strip(" \t\n") else bulk.rows
        attrs = dict(_QUICK_ATTR.findall(row.group(1)))
        if len(attrs) != row.group(1).count('="') or (
                not attrs.keys() <= _ROW_ATTRS and not _prefixed_known(attrs, declared)):
            return None  # an attribute twice, or one the rows do not have
        bulk._row(attrs)
        position = row.end()
        in_order: list[Value] | None = []  # the values, while the columns go right
        if not row.group(2):  # not <row/>: cells, then </row>
            close = body.find("</row>", position)
            if close < 0:
                return None
            cells = bulk.cells
            for letters, style, kind, value, is_open, inline, other in _QUICK_CELL_OR_NOT.findall(
                    body, position, close):
                if other:
                    return None
                column = columns.get(letters)
                if column is None:
                    column = columns[letters] = _column_index(letters, letters + "1")
                if kind == "inlineStr":  # the most common cells first
                    cell: Value = (_unescaped(inline) if "&" in inline else inline) \
                        if is_open else None
                elif kind and kind not in _TYPES:
                    return None
                elif not value:
                    cell = None
                elif not style and not kind and plain:
                    cell = _cast_number(value)
                else:  # a date is made once for each day: dates repeat from row to row
                    key = (style, kind, value)
                    cell = known.get(key, known)
                    if cell is known:
                        cell = known[key] = _value(
                            book, kind or "n", int(style) if style else 0,
                            _unescaped(value) if "&" in value else value, None)
                if in_order is not None:
                    if column > len(in_order):
                        if column > len(in_order) + 1:  # columns left out: empty
                            in_order.extend([None] * (column - len(in_order) - 1))
                        in_order.append(cell)
                        continue
                    cells.extend(enumerate(in_order, start=1))
                    in_order = None
                cells.append((column, cell))
            position = close + len("</row>")
        bulk._row_end(tuple(in_order) if in_order is not None else None)
    return bulk.rows


def _prefixed_known(attrs: dict[str, str], declared: dict[str, str]) -> bool:
    """Whether each attribute not in `_ROW_ATTRS` is of a namespace the root declares (not
    the relationships' id), as `_known` takes them (Excel's x14ac:dyDescent)."""
    for name in attrs.keys() - _ROW_ATTRS:
        prefix, colon, local = name.partition(":")
        uri = declared.get(prefix)
        if not colon or uri is None or ":" in local or prefix == "xmlns" \
                or f"{uri}}}{local}" == _RID:
            return False
    return True


def _unescaped(text: str) -> str:
    """Text with its character and entity references replaced, as expat replaces them."""
    return _REFERENCE.sub(_referenced, text)


def _referenced(match: re.Match[str]) -> str:
    kind, name = match.groups()
    if kind is None:
        return _NAMED[name]
    code = int(name, 16 if kind == "#x" else 10)
    if not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF):
        raise Unsure(f"the character reference {match.group(0)}")
    return chr(code)


def _cast_number(value: str) -> int | float:
    """As openpyxl: a float when the text has a point or an exponent, else an int."""
    if "." in value or "E" in value or "e" in value:
        return float(value)
    return int(value)


# --- dates, as openpyxl converts them (openpyxl.utils.datetime, openpyxl.styles.numbers) -------

_WINDOWS_EPOCH: Final = dt.datetime(1899, 12, 30)
_MAC_EPOCH: Final = dt.datetime(1904, 1, 1)
_SECONDS_PER_DAY: Final = 86400


def from_excel(value: float, epoch: dt.datetime = _WINDOWS_EPOCH,
               timedelta: bool = False) -> dt.datetime | dt.time | dt.timedelta:
    """An Excel serial number as a datetime, a time of day or a duration."""
    if timedelta:
        td = dt.timedelta(days=value)
        if td.microseconds:  # to the millisecond
            td = dt.timedelta(seconds=td.total_seconds() // 1,
                              microseconds=round(td.microseconds, -3))
        return td
    day, fraction = divmod(value, 1)
    diff = dt.timedelta(milliseconds=round(fraction * _SECONDS_PER_DAY * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return dt.time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1  # Excel's 1900-02-29
    return epoch + dt.timedelta(days=day) + diff


_ISO: Final = re.compile(r"""
(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?""",
                      re.VERBOSE)
_ISO_DURATION: Final = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")


def from_iso8601(text: str) -> dt.datetime | dt.date | dt.time | dt.timedelta | None:
    """A cell of type `d`, or a document date, as openpyxl reads it."""
    if not text:
        return None
    match = _ISO.match(text)
    if match and any(match.groups()):
        parts: dict[str, object] = match.groupdict(0)
        numbers = {key: int(str(parts[key])) for key in
                   ("year", "month", "day", "hour", "minute", "second")}
        micro = int(float(str(parts["microsecond"])) * 1_000_000) if parts["microsecond"] \
            else 0
        if not parts["date"]:
            return dt.time(numbers["hour"], numbers["minute"], numbers["second"], micro)
        if not parts["time"]:
            return dt.date(numbers["year"], numbers["month"], numbers["day"])
        return dt.datetime(numbers["year"], numbers["month"], numbers["day"],
                           numbers["hour"], numbers["minute"], numbers["second"], micro)
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        spans = {key: float(value) for key, value in match.groupdict(0).items() if value}
        return dt.timedelta(**spans)
    raise ValueError(f"Invalid datetime value {text}")


BUILTIN_FORMATS: Final[dict[int, str]] = {
    0: "General", 1: "0", 2: "0.00", 3: "#,##0", 4: "#,##0.00",
    5: '"$"#,##0_);("$"#,##0)', 6: '"$"#,##0_);[Red]("$"#,##0)',
    7: '"$"#,##0.00_);("$"#,##0.00)', 8: '"$"#,##0.00_);[Red]("$"#,##0.00)',
    9: "0%", 10: "0.00%", 11: "0.00E+00", 12: "# ?/?", 13: "# ??/??",
    14: "mm-dd-yy", 15: "d-mmm-yy", 16: "d-mmm", 17: "mmm-yy", 18: "h:mm AM/PM",
    19: "h:mm:ss AM/PM", 20: "h:mm", 21: "h:mm:ss", 22: "m/d/yy h:mm",
    37: "#,##0_);(#,##0)", 38: "#,##0_);[Red](#,##0)", 39: "#,##0.00_);(#,##0.00)",
    40: "#,##0.00_);[Red](#,##0.00)",
    41: r'_(* #,##0_);_(* \(#,##0\);_(* "-"_);_(@_)',
    42: r'_("$"* #,##0_);_("$"* \(#,##0\);_("$"* "-"_);_(@_)',
    43: r'_(* #,##0.00_);_(* \(#,##0.00\);_(* "-"??_);_(@_)',
    44: r'_("$"* #,##0.00_)_("$"* \(#,##0.00\)_("$"* "-"??_)_(@_)',
    45: "mm:ss", 46: "[h]:mm:ss", 47: "mmss.0", 48: "##0.0E+0", 49: "@",
}
_STRIP: Final = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DURATION: Final = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)


def is_date_format(fmt: str | None) -> bool:
    """As openpyxl: the first section, without quoted text and locale brackets, has a date
    or time letter that is not escaped."""
    if fmt is None:
        return False
    first = _STRIP.sub("", fmt.split(";")[0])
    return re.search(r"(?<![_\\])[dmhysDMHYS]", first) is not None


def is_timedelta_format(fmt: str | None) -> bool:
    if fmt is None:
        return False
    return _DURATION.search(fmt.split(";")[0]) is not None

