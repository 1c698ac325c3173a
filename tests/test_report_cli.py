"""`lofte report`: golden Markdown, safe HTML, CSV for Excel, periods, privacy, --output.

Golden files live in tests/golden/report/; after a deliberate change to the wording, rewrite
them with `LOFTE_UPDATE_GOLDEN=1 pytest tests/test_report_cli.py` and review the diff.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import Invoke, MakeLedger

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden" / "report"

COMMITMENTS = """\
promise:
  id: testlofte-2023-2025
  title: Medborgarlöfte Testköping 2023–2025
  valid_from: 2023-01-01
  valid_until: 2025-12-31
  focus: Trygghet i centrum och kring skolorna
  language: {language}
parties:
  polisen: {{name: Lokalpolisområde Testköping}}
  kommunen: {{name: Testköpings kommun}}
commitments:
  - id: fotpatrullering
    title: Fotpatrullering kring otrygga platser
    text: >-
      Arbete med synlighet i kombination med uniformerad fotpatrullering kring platser
      som utmärkt sig som otrygga.
    owners: [polisen]
    target: {{per: month, at_least: 1}}
  - id: trafikkontroller
    title: Trafikkontroller mot trimmade mopeder
    owners: [polisen]
  - id: alkoholtillsyn
    title: Gemensam tillsyn av krogar med alkoholtillstånd
    owners: [polisen, kommunen]
  - id: vaktare
    title: Väktare som åker runt i kommunen
    owners: [kommunen]
"""

SECRET = "Samtal med ungdom om hemlig sak"
PRIVATE_DAY = "2024-02-10"
INJECTION = "<script>alert(1)</script>"
EVIDENCE = "https://example.org/protokoll?dnr=12&typ=krog"
SWEDISH_TEXT = "Väktarrunda: åtta platser, två samtal på Ölstugan."

ACTIVITIES = {
    "2023/2023-06-01-fotpatrullering-aaaaaa.yaml": (
        "date: 2023-06-01\ncommitment: fotpatrullering\n"
        "summary: Före perioden, syns inte i kvartalet.\n"),
    "2024/2024-01-15-fotpatrullering-bbbbbb.yaml": (
        "date: 2024-01-15\ncommitment: fotpatrullering\n"
        "summary: Fotpatrullering vid torget, lugnt läge.\nplace: Torget\n"
        "people_reached: 12\nhours: 2\n"),
    "2024/2024-02-03-alkoholtillsyn-cccccc.yaml": (
        "date: 2024-02-03\ncommitment: [alkoholtillsyn, fotpatrullering]\n"
        "summary: Gemensam krogkontroll på två restauranger.\nby: [polisen, kommunen]\n"
        f"hours: 4\nlinks: ['{EVIDENCE}', 'Dnr KS 2024/12', 'javascript:alert(2)']\n"),
    "2024/2024-02-10-alkoholtillsyn-dddddd.yaml": (
        f"date: {PRIVATE_DAY}\ncommitment: alkoholtillsyn\nsummary: {SECRET}\n"
        "place: Hemliga gatan 1\npeople_reached: 1\nhours: 1\npublic: false\n"
        "links: ['https://example.org/hemligt']\n"),
    "2024/2024-03-01-vaktare-eeeeee.yaml": (
        f"date: 2024-03-01\ncommitment: vaktare\nsummary: '{INJECTION}'\n"
        "place: Centrum & torget\npeople_reached: 0\nhours: 8\n"),
    "2024/2024-03-20-vaktare-ffffff.yaml": (
        f"date: 2024-03-20\ncommitment: vaktare\nsummary: '{SWEDISH_TEXT}'\nhours: 6.5\n"),
}


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("LOFTE_UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    assert path.exists(), f"missing {path}; run with LOFTE_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.fixture
def ledger(make_ledger: MakeLedger) -> Path:
    return make_ledger(ACTIVITIES, COMMITMENTS.format(language="sv"))


def report(invoke: Invoke, root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke("report", "--ledger", str(root), *args, cwd=root)
    return result.exit_code, result.stdout, result.stderr


# --- Markdown -----------------------------------------------------------------------------

# The meeting's verdicts for the quarter: two commitments judged, two not assessed.
REVIEW = """\
period: 2024-Q1
decided_on: 2024-04-08
by: [polisen, kommunen]
verdicts:
  fotpatrullering: {verdict: done, comment: Fotpatrull varje månad.}
  alkoholtillsyn:
    verdict: partly
    comment: En av två planerade kontroller.
"""


@pytest.mark.parametrize(("language", "name"), [("sv", "quarter.md"), ("en", "quarter-en.md")])
def test_golden_markdown(invoke: Invoke, make_ledger: MakeLedger, language: str,
                         name: str) -> None:
    root = make_ledger(ACTIVITIES, COMMITMENTS.format(language=language))
    (root / "reviews").mkdir()
    (root / "reviews" / "2024-Q1.yaml").write_text(REVIEW, encoding="utf-8")
    code, stdout, stderr = report(invoke, root, "--period", "2024-Q1")
    assert code == 0, stdout + stderr
    assert stderr == ""
    check_golden(name, stdout)


def test_markdown_is_the_default_and_covers_the_promise_up_to_today(
        invoke: Invoke, ledger: Path) -> None:
    code, stdout, stderr = report(invoke, ledger)
    assert code == 0, stdout + stderr
    end = min(dt.date.today(), dt.date(2025, 12, 31))
    assert f"- **Period:** 2023-01-01 – {end.isoformat()}" in stdout
    assert "Före perioden, syns inte i kvartalet." in stdout


def test_nothing_logged_reads_as_not_recorded(invoke: Invoke, ledger: Path) -> None:
    code, stdout, _ = report(invoke, ledger, "--period", "2024-Q1")
    assert code == 0
    section = stdout.split("### Trafikkontroller mot trimmade mopeder")[1].split("##")[0]
    assert section.strip() == "*Ingen aktivitet registrerad under perioden*"
    assert "inte gjort" not in stdout and "not done" not in stdout


# --- HTML ---------------------------------------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
SVG_SELF_CLOSING = {"line", "rect", "path", "circle"}


class PageParser(HTMLParser):
    """Collects every tag with its attributes and the text, and checks that elements nest."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse_page(page: str) -> PageParser:
    parser = PageParser()
    parser.feed(page)
    parser.close()
    assert parser.errors == []
    assert parser.stack == []
    return parser


def test_html_is_self_contained_escaped_and_accessible(invoke: Invoke, ledger: Path) -> None:
    code, page, stderr = report(invoke, ledger, "--period", "2024-Q1", "--format", "html")
    assert code == 0, page + stderr
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"sv\">")
    parsed = parse_page(page)
    names = [tag for tag, _ in parsed.tags]

    # Nothing that runs, nothing fetched.
    assert "<script" not in page.lower()
    assert not any(tag in {"script", "img", "iframe", "object", "embed", "link", "base"}
                   for tag in names)
    assert "src=" not in page.lower()
    assert "url(" not in page.lower() and "@import" not in page.lower()
    assert not any(name.startswith("on") for _, attrs in parsed.tags for name in attrs)
    hrefs = [attrs["href"] for _, attrs in parsed.tags if "href" in attrs]
    outside = [h for h in hrefs if h is None or not h.startswith("#")]
    assert set(outside) == {EVIDENCE}  # under both commitments the activity names
    anchor = next(attrs for tag, attrs in parsed.tags if attrs.get("href") == EVIDENCE)
    assert anchor["rel"] == "noopener noreferrer"
    ids = {attrs["id"] for _, attrs in parsed.tags if attrs.get("id")}
    assert all(h is not None and h[1:] in ids for h in hrefs if h not in outside)
    assert "javascript:" not in hrefs
    assert "Dnr KS 2024/12" in "".join(parsed.text)

    # The injection is text.
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert INJECTION in "".join(parsed.text)
    assert "Centrum &amp; torget" in page

    # Headings: one h1, no level skipped; table headers have a scope.
    levels = [int(tag[1]) for tag in names if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))
    assert all(attrs.get("scope") in {"col", "row"} for tag, attrs in parsed.tags
               if tag == "th")
    # The chart is an image with a name, a description and a table with the figures.
    svg = next(attrs for tag, attrs in parsed.tags if tag == "svg" and attrs.get("role"))
    assert svg["role"] == "img" and svg["aria-labelledby"] == "chart-title chart-desc"
    assert {"chart-title", "chart-desc"} <= ids
    assert "figcaption" in names
    assert '<caption>Aktiviteter per månad</caption>' in page
    # Printing: a print stylesheet with a page break before each section.
    assert "@media print" in page and "break-before: page" in page
    for heading in ("Detta har Lokalpolisområde Testköping gjort",
                    "Detta har vi gjort tillsammans",
                    "Detta har Testköpings kommun gjort", "Så har vi arbetat med löftet"):
        assert heading in "".join(parsed.text)


def test_html_in_english(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger(ACTIVITIES, COMMITMENTS.format(language="en"))
    code, page, _ = report(invoke, root, "--period", "2024-Q1", "--format", "html")
    assert code == 0
    assert '<html lang="en">' in page
    assert "What we have done together" in page
    assert "No activity recorded in the period" in page


def test_demo_report_renders(invoke: Invoke) -> None:
    result = invoke("report", "--ledger", "examples/demo", "--format", "html", cwd=REPO)
    assert result.exit_code == 0, result.output
    parsed = parse_page(result.stdout)
    text = "".join(parsed.text)
    for heading in ("Detta har Lokalpolisområde Karlstad gjort",
                    "Detta har vi gjort tillsammans", "Detta har Forshaga kommun gjort"):
        assert heading in text
    # The talks with young people at risk are logged with public: false.
    assert "Förebyggande samtal med en ungdom i riskzon" not in result.stdout


# --- private activities -------------------------------------------------------------------

@pytest.mark.parametrize("args", [("--format", "markdown"), ("--format", "html"),
                                  ("--format", "csv"), ("--excel",)])
def test_private_activity_never_appears(invoke: Invoke, ledger: Path,
                                        args: tuple[str, ...]) -> None:
    for period in ("2024-Q1", "2024-02"):
        code, stdout, stderr = report(invoke, ledger, "--period", period, *args)
        assert code == 0, stdout + stderr
        for secret in (SECRET, PRIVATE_DAY, "Hemliga gatan", "hemligt"):
            assert secret not in stdout


def test_private_activity_is_counted(invoke: Invoke, ledger: Path) -> None:
    code, stdout, _ = report(invoke, ledger, "--period", "2024-02")
    assert code == 0
    assert "- Aktiviteter: 2 (varav 1 ej publik)" in stdout
    assert "Ytterligare 1 aktivitet är inte publik och redovisas bara i antalet." in stdout


# --- personal data ------------------------------------------------------------------------

PERSONAL = {
    "2024/2024-03-05-vaktare-111111.yaml": (
        "date: 2024-03-05\ncommitment: vaktare\n"
        "summary: Ring 070-123 45 67 om du ser något.\n"
        "place: anna.svensson@forshaga.se\n"),
    "2024/2024-03-06-vaktare-222222.yaml": (
        "date: 2024-03-06\ncommitment: vaktare\n"
        "summary: Samtal med 811218-9876 om trygghet.\npublic: false\n"),
    "2023/2023-05-06-vaktare-333333.yaml": (
        "date: 2023-05-06\ncommitment: vaktare\n"
        "summary: Bil ABC 123 stod felparkerad.\n"),
}


def check_places(invoke: Invoke, root: Path) -> set[str]:
    result = invoke("check", "--ledger", str(root), "--format", "json", cwd=root)
    document = json.loads(result.stdout)
    return {f"{f['path']}:{f['line']}:{f['column']}" for f in document["findings"]
            if f["code"] == "personal-data"}


def test_report_refuses_personal_data_listing_each_place(invoke: Invoke,
                                                         make_ledger: MakeLedger) -> None:
    root = make_ledger({**ACTIVITIES, **PERSONAL}, COMMITMENTS.format(language="sv"))
    code, stdout, stderr = report(invoke, root, "--period", "2024-Q1")
    assert code == 1
    assert stdout == ""
    listed = re.findall(r"^(\S+:\d+:\d+): warning\[personal-data\]: ", stderr, re.M)
    # The same places as `lofte check`, but only those this report would publish: not the
    # private activity, nor the one from 2023.
    everywhere = check_places(invoke, root)
    assert len(everywhere) == 3
    assert sorted(listed) == sorted(p for p in everywhere if "2024-03-05" in p)
    assert [p.split(":")[1] for p in sorted(listed)] == ["3", "4"]
    assert "in 2 places listed above" in stderr
    assert "--allow-personal-data" in stderr

    whole = report(invoke, root)
    assert whole[0] == 1
    assert len(re.findall(r"warning\[personal-data\]", whole[2])) == 3


def test_allow_personal_data(invoke: Invoke, make_ledger: MakeLedger) -> None:
    root = make_ledger({**ACTIVITIES, **PERSONAL}, COMMITMENTS.format(language="sv"))
    code, stdout, stderr = report(invoke, root, "--period", "2024-Q1",
                                  "--allow-personal-data")
    assert code == 0, stderr
    assert "Ring 070-123 45 67 om du ser något." in stdout
    assert "811218-9876" not in stdout  # still private
    assert "personal data in 2 places (--allow-personal-data)" in stderr
    # A period without the flagged activity needs no permission.
    assert report(invoke, root, "--period", "2024-01")[0] == 0


# --- CSV ----------------------------------------------------------------------------------

HEADER = ["commitment", "commitment_title", "date", "by", "place", "people_reached", "hours",
          "summary"]


def test_csv_is_plain_rfc_4180(invoke: Invoke, ledger: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "rapport.csv"
    target.parent.mkdir()  # a report never creates folders
    code, stdout, stderr = report(invoke, ledger, "--period", "2024-Q1", "--format", "csv",
                                  "--output", str(target))
    assert code == 0, stdout + stderr
    data = target.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") == data.count(b"\n") == 5
    rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    assert rows[0] == HEADER
    assert rows[1] == ["fotpatrullering", "Fotpatrullering kring otrygga platser",
                       "2024-01-15", "polisen", "Torget", "12", "2",
                       "Fotpatrullering vid torget, lugnt läge."]
    assert rows[2][:4] == ["alkoholtillsyn;fotpatrullering",
                           "Gemensam tillsyn av krogar med alkoholtillstånd;"
                           "Fotpatrullering kring otrygga platser",
                           "2024-02-03", "polisen;kommunen"]
    assert rows[3][7] == INJECTION
    assert rows[4][6] == "6.5"
    assert rows[4][7] == SWEDISH_TEXT
    assert len(rows) == 5


def test_csv_for_excel(invoke: Invoke, make_ledger: MakeLedger, tmp_path: Path) -> None:
    formula = {"2024/2024-03-25-vaktare-444444.yaml": (
        "date: 2024-03-25\ncommitment: vaktare\nsummary: '=HYPERLINK(\"x\")'\n"
        "place: '-Torget'\n")}
    root = make_ledger({**ACTIVITIES, **formula}, COMMITMENTS.format(language="sv"))
    target = tmp_path / "rapport.csv"
    code, stdout, stderr = report(invoke, root, "--period", "2024-Q1", "--excel",
                                  "--output", str(target))
    assert code == 0, stdout + stderr
    assert stdout.strip() == str(target)
    data = target.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfcommitment;commitment_title;date;")
    assert data.count(b"\r\n") == data.count(b"\n") == 6
    with target.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0] == HEADER
    by_date = {row[2]: row for row in rows[1:]}
    assert by_date["2024-03-20"][7] == SWEDISH_TEXT  # å, ä, ö intact
    assert by_date["2024-03-20"][6] == "6,5"  # a decimal comma
    assert by_date["2024-02-03"][0] == "alkoholtillsyn;fotpatrullering"
    assert by_date["2024-03-25"][7] == "'=HYPERLINK(\"x\")"  # never a formula
    assert by_date["2024-03-25"][4] == "'-Torget"


def test_excel_only_with_csv(invoke: Invoke, ledger: Path) -> None:
    code, _, stderr = report(invoke, ledger, "--format", "html", "--excel")
    assert code == 2
    assert "--excel applies only to --format csv" in stderr


# --- periods ------------------------------------------------------------------------------

@pytest.mark.parametrize(("period", "shown"), [
    ("2024", "2024-01-01 – 2024-12-31"),
    ("2024-H1", "2024-01-01 – 2024-06-30"),
    ("2024-T2", "2024-05-01 – 2024-08-31"),
    ("2024-Q3", "2024-07-01 – 2024-09-30"),
    ("2024-05", "2024-05-01 – 2024-05-31"),
    ("2023-T1", "2023-01-01 – 2023-04-30"),
])
def test_period_forms(invoke: Invoke, ledger: Path, period: str, shown: str) -> None:
    code, stdout, stderr = report(invoke, ledger, "--period", period)
    assert code == 0, stdout + stderr
    assert f"- **Period:** {shown}\n" in stdout
    assert stderr == ""


def test_from_and_until(invoke: Invoke, ledger: Path) -> None:
    code, stdout, stderr = report(invoke, ledger, "--from", "2024-02-01", "--until",
                                  "2024-03-10")
    assert code == 0, stderr
    assert "- **Period:** 2024-02-01 – 2024-03-10\n" in stdout
    assert "Fotpatrullering vid torget" not in stdout
    assert "Gemensam krogkontroll" in stdout


def test_a_period_reaching_outside_the_promise_is_cut(invoke: Invoke, ledger: Path) -> None:
    code, stdout, stderr = report(invoke, ledger, "--from", "2022-07-01", "--until",
                                  "2023-01-31")
    assert code == 0, stderr
    assert "- **Period:** 2023-01-01 – 2023-01-31\n" in stdout
    assert ("reporting 2023-01-01 – 2023-01-31, the part of 2022-07-01 – 2023-01-31 "
            "inside the promise") in stderr


@pytest.mark.parametrize(("args", "message"), [
    (("--period", "2024-Q5"), "--period: `2024-Q5` is not a period"),
    (("--period", "2024", "--from", "2024-01-01"), "cannot be combined"),
    (("--from", "2024-02-01", "--until", "2024-01-01"), "--from 2024-02-01 is after --until"),
    (("--from", "2024-13-01"), "--from: `2024-13-01` is not a real date"),
    (("--period", "2022"), "nothing to report for 2022-01-01 – 2022-12-31"),
    (("--from", "2030-01-01"), "nothing to report"),
])
def test_bad_periods_exit_2(invoke: Invoke, ledger: Path, args: tuple[str, ...],
                            message: str) -> None:
    code, stdout, stderr = report(invoke, ledger, *args)
    assert code == 2
    assert stdout == ""
    assert message in stderr
    assert "Traceback" not in stderr


# --- --output -----------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["markdown", "html", "csv"])
def test_output_writes_the_whole_report(invoke: Invoke, ledger: Path, tmp_path: Path,
                                        fmt: str) -> None:
    _, printed, _ = report(invoke, ledger, "--period", "2024-Q1", "--format", fmt)
    target = tmp_path / "publicerat" / f"rapport.{fmt}"
    target.parent.mkdir()
    target.write_text("an older report, longer than the new one " * 1000, encoding="utf-8")
    code, stdout, stderr = report(invoke, ledger, "--period", "2024-Q1", "--format", fmt,
                                  "--output", str(target))
    assert code == 0, stderr
    assert stdout == f"{target}\n"
    # (the runner's stdout has \r\n turned into \n; the CSV has CRLF line ends)
    assert target.read_bytes().replace(b"\r\n", b"\n") == printed.encode("utf-8")
    assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


def test_a_refused_write_exits_2_and_names_the_path(invoke: Invoke, ledger: Path,
                                                    tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder\n", encoding="utf-8")
    target = blocker / "rapport.html"
    code, stdout, stderr = report(invoke, ledger, "--format", "html", "--output", str(target))
    assert code == 2
    assert stdout == ""
    assert f"--output {target}: {blocker} is not an existing folder" in stderr
    assert blocker.read_text(encoding="utf-8") == "not a folder\n"

    folder = tmp_path / "a-folder"
    folder.mkdir()
    code, _, stderr = report(invoke, ledger, "--output", str(folder))
    assert code == 2
    assert str(folder) in stderr or folder.name in stderr
    assert list(folder.iterdir()) == []


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_output_has_the_mode_of_a_plain_write(invoke: Invoke, ledger: Path,
                                              tmp_path: Path) -> None:
    """A report is for publishing: not the private 0600 of a temporary file."""
    mask = os.umask(0)
    os.umask(mask)
    target = tmp_path / "rapport.html"
    assert report(invoke, ledger, "--format", "html", "--output", str(target))[0] == 0
    assert target.stat().st_mode & 0o777 == 0o666 & ~mask
    target.chmod(0o640)
    assert report(invoke, ledger, "--format", "html", "--output", str(target))[0] == 0
    assert target.stat().st_mode & 0o777 == 0o640
