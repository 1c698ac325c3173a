"""Every word of `lofte report`, in Swedish and in English, in one place for translators.

The report is written in the ledger's language (`promise.language`): `sv` (the default) or
`en`; any other language falls back to Swedish. To add a language, add a `ReportText` to
`TEXTS` with every field translated. Templates are formatted with `str.format` and named
placeholders. Never write "not done": a commitment without activities reads that nothing
was *recorded*.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lofte.coverage import TargetProgress
from lofte.periods import PeriodKind, Span
from lofte.report import CommitmentReport, Report, ReportGroup

DEFAULT_LANGUAGE = "sv"


@dataclass(frozen=True, slots=True)
class ReportText:
    language: str  # the BCP 47 tag for the HTML `lang` attribute
    # the promise
    document_title: str
    label_period: str
    label_parties: str
    label_valid: str
    label_focus: str
    label_problem_areas: str
    range: str
    list_separator: str
    last_separator: str
    contents: str
    # the overview
    intro_heading: str
    intro_activities: str
    intro_private_one: str
    intro_private: str
    intro_nothing: str
    intro_caveat: str
    chart_heading: str
    chart_caption: str
    chart_same_figures: str
    chart_description: str
    chart_peak: str
    col_month: str
    together_short: str
    # the three sections
    group_alone: str
    group_together: str
    group_some_together: str
    # one commitment
    label_activities: str
    label_people: str
    label_hours: str
    label_target: str
    activities_private: str
    not_reported: str
    reported_in: str
    target_rule: str
    target_met: str
    target_unjudged: str
    added_on: str
    retired_on: str
    nothing_logged: str
    list_caption: str
    col_date: str
    col_summary: str
    col_place: str
    col_evidence: str
    private_note_one: str
    private_note_many: str
    private_only_one: str
    private_only_many: str
    # the end
    footer: str
    # words
    one_activity: str
    many_activities: str
    units: dict[PeriodKind, tuple[str, str]]
    months: tuple[str, ...]  # full names, January first
    months_short: tuple[str, ...]
    decimal_mark: str
    thousands_separator: str


SWEDISH = ReportText(
    language="sv",
    document_title="{title} – uppföljning",
    label_period="Period",
    label_parties="Parter",
    label_valid="Löftet gäller",
    label_focus="Fokus",
    label_problem_areas="Problemområden",
    range="{start} – {end}",
    list_separator=", ",
    last_separator=" och ",
    contents="Innehåll",
    intro_heading="Så har vi uppfyllt vårt löfte",
    intro_activities=("Under perioden {start} – {end} registrerades {activities} inom "
                      "löftets {commitments} åtaganden."),
    intro_private_one=("1 av aktiviteterna är inte publik: den räknas med i antalen men "
                       "beskrivs inte."),
    intro_private=("{n} av aktiviteterna är inte publika: de räknas med i antalen men "
                   "beskrivs inte."),
    intro_nothing=("Ingen aktivitet registrerades under perioden {start} – {end} inom "
                   "löftets {commitments} åtaganden."),
    intro_caveat=("Rapporten bygger på de aktiviteter som parterna har registrerat. Står det "
                  "att ingen aktivitet är registrerad betyder det just det, inte att inget "
                  "har gjorts."),
    chart_heading="Aktiviteter per månad",
    chart_caption=("Registrerade aktiviteter per månad och grupp av åtaganden, {start} – "
                   "{end}. En aktivitet som hör till två grupper räknas i båda."),
    chart_same_figures="Samma siffror finns i tabellen under diagrammet.",
    chart_description="Stapeldiagram över registrerade aktiviteter per månad: {groups}.",
    chart_peak="flest under en månad: {n}",
    col_month="Månad",
    together_short="Tillsammans",
    group_alone="Detta har {party} genomfört",
    group_together="Detta har vi genomfört tillsammans",
    group_some_together="Detta har {parties} genomfört tillsammans",
    label_activities="Aktiviteter",
    label_people="Personer som nåtts",
    label_hours="Arbetstimmar",
    label_target="Mål",
    activities_private="(varav {private} ej publika)",
    not_reported="ej redovisat",
    reported_in="(redovisat för {n} av {total} publika aktiviteter)",
    target_rule="(minst {at_least} per {unit})",
    target_met="uppfyllt {met} av {total} {units}",
    target_unjudged="inga hela {units} under perioden att bedöma",
    added_on="Åtagandet tillkom {date}.",
    retired_on="Åtagandet upphörde {date}.",
    nothing_logged="Ingen aktivitet registrerad under perioden",
    list_caption="Genomförda aktiviteter",
    col_date="Datum",
    col_summary="Vad",
    col_place="Plats",
    col_evidence="Underlag",
    private_note_one="Ytterligare 1 aktivitet är inte publik och redovisas bara i antalet.",
    private_note_many=("Ytterligare {n} aktiviteter är inte publika och redovisas bara i "
                       "antalet."),
    private_only_one="Aktiviteten är inte publik och redovisas bara i antalet.",
    private_only_many=("Ingen av de {n} aktiviteterna är publik; de redovisas bara i "
                       "antalet."),
    footer=("Sammanställd med lofte ur medborgarlöftets register ({id}) för perioden "
            "{start} – {end}."),
    one_activity="1 aktivitet",
    many_activities="{n} aktiviteter",
    units={"week": ("vecka", "veckor"), "month": ("månad", "månader"),
           "quarter": ("kvartal", "kvartal"), "tertial": ("tertial", "tertial"),
           "year": ("år", "år")},
    months=("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
            "september", "oktober", "november", "december"),
    months_short=("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt",
                  "nov", "dec"),
    decimal_mark=",",
    thousands_separator="\u00a0",
)

ENGLISH = ReportText(
    language="en",
    document_title="{title} – follow-up",
    label_period="Period",
    label_parties="Parties",
    label_valid="The promise runs",
    label_focus="Focus",
    label_problem_areas="Problem areas",
    range="{start} – {end}",
    list_separator=", ",
    last_separator=" and ",
    contents="Contents",
    intro_heading="How we have kept our promise",
    intro_activities=("From {start} to {end}, {activities} were recorded for the promise's "
                      "{commitments} commitments."),
    intro_private_one=("1 of the activities is not public: it is counted but not "
                       "described."),
    intro_private=("{n} of the activities are not public: they are counted but not "
                   "described."),
    intro_nothing=("No activity was recorded from {start} to {end} for the promise's "
                   "{commitments} commitments."),
    intro_caveat=("This report is built from the activities the parties have recorded. "
                  "Where it says that no activity was recorded, it means exactly that, not "
                  "that nothing was done."),
    chart_heading="Activities per month",
    chart_caption=("Recorded activities per month and group of commitments, {start} – "
                   "{end}. An activity that belongs to two groups counts in both."),
    chart_same_figures="The same figures are in the table below the chart.",
    chart_description="Bar chart of the activities recorded per month: {groups}.",
    chart_peak="most in one month: {n}",
    col_month="Month",
    together_short="Together",
    group_alone="What {party} has done",
    group_together="What we have done together",
    group_some_together="What {parties} have done together",
    label_activities="Activities",
    label_people="People reached",
    label_hours="Staff hours",
    label_target="Target",
    activities_private="(of which {private} not public)",
    not_reported="not reported",
    reported_in="(reported for {n} of {total} public activities)",
    target_rule="(at least {at_least} per {unit})",
    target_met="met in {met} of {total} {units}",
    target_unjudged="no complete {units} in the period to judge",
    added_on="The commitment was added on {date}.",
    retired_on="The commitment was retired on {date}.",
    nothing_logged="No activity recorded in the period",
    list_caption="Activities carried out",
    col_date="Date",
    col_summary="What",
    col_place="Place",
    col_evidence="Evidence",
    private_note_one="Another activity is not public and is only counted.",
    private_note_many="Another {n} activities are not public and are only counted.",
    private_only_one="The activity is not public and is only counted.",
    private_only_many="None of the {n} activities is public; they are only counted.",
    footer=("Compiled with lofte from the citizen promise's ledger ({id}) for the period "
            "{start} – {end}."),
    one_activity="1 activity",
    many_activities="{n} activities",
    units={"week": ("week", "weeks"), "month": ("month", "months"),
           "quarter": ("quarter", "quarters"), "tertial": ("tertial", "tertials"),
           "year": ("year", "years")},
    months=("January", "February", "March", "April", "May", "June", "July", "August",
            "September", "October", "November", "December"),
    months_short=("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct",
                  "Nov", "Dec"),
    decimal_mark=".",
    thousands_separator=",",
)

TEXTS: dict[str, ReportText] = {"sv": SWEDISH, "en": ENGLISH}


def texts_for(language: str) -> ReportText:
    """The report's wording for a ledger language; Swedish for any language not known."""
    return TEXTS.get(language, TEXTS[DEFAULT_LANGUAGE])


def format_number(value: float, text: ReportText) -> str:
    """1234 -> "1 234" (sv) or "1,234" (en); 6.5 -> "6,5" or "6.5"; at most two decimals."""
    rounded = round(value, 2)
    whole, _, decimals = f"{rounded:,.2f}".partition(".")
    decimals = decimals.rstrip("0")
    whole = whole.replace(",", text.thousands_separator)
    return whole + (text.decimal_mark + decimals if decimals else "")


def count_activities(n: int, text: ReportText) -> str:
    """"1 aktivitet", "12 aktiviteter"."""
    template = text.one_activity if n == 1 else text.many_activities
    return template.format(n=format_number(n, text))


def join_names(names: list[str], text: ReportText) -> str:
    """"A", "A och B", "A, B och C"."""
    if len(names) <= 1:
        return "".join(names)
    return text.list_separator.join(names[:-1]) + text.last_separator + names[-1]


# --- sentences built from a report, shared by every format --------------------------------


def group_heading(group: ReportGroup, report: Report, text: ReportText) -> str:
    """"Detta har Forshaga kommun genomfört", "Detta har vi genomfört tillsammans"."""
    if not group.joint:
        return text.group_alone.format(party=report.party_name(group.owners[0]))
    if set(group.owners) >= set(report.parties):
        return text.group_together
    return text.group_some_together.format(
        parties=join_names([report.party_name(p) for p in group.owners], text))


def group_short_name(group: ReportGroup, report: Report, text: ReportText) -> str:
    """The name of a group in the chart's legend and table."""
    if not group.joint:
        return report.party_name(group.owners[0])
    if set(group.owners) >= set(report.parties):
        return text.together_short
    return join_names([report.party_name(p) for p in group.owners], text)


def period_range(start: dt.date, end: dt.date, text: ReportText) -> str:
    return text.range.format(start=start.isoformat(), end=end.isoformat())


def month_name(month: Span, text: ReportText) -> str:
    """"mars 2024"."""
    return f"{text.months[month.start.month - 1]} {month.start.year}"


def intro_lines(report: Report, text: ReportText) -> list[str]:
    """What the overview says before the chart: totals, private activities, the caveat."""
    start, end = report.start.isoformat(), report.end.isoformat()
    commitments = format_number(len(report.commitments), text)
    if report.activities:
        lines = [text.intro_activities.format(
            start=start, end=end, activities=count_activities(report.activities, text),
            commitments=commitments)]
    else:
        lines = [text.intro_nothing.format(start=start, end=end, commitments=commitments)]
    if report.private == 1:
        lines.append(text.intro_private_one)
    elif report.private:
        lines.append(text.intro_private.format(n=format_number(report.private, text)))
    lines.append(text.intro_caveat)
    return lines


@dataclass(frozen=True, slots=True)
class Fact:
    """One figure of a commitment: "Arbetstimmar", "39,5", "(redovisat för 13 av 16 ...)"."""

    label: str
    value: str
    note: str = ""  # a qualification, shown after the value

    @property
    def text(self) -> str:
        return f"{self.value} {self.note}" if self.note else self.value


def _reported(label: str, value: float, reported: int, total: int, text: ReportText) -> Fact:
    if not reported:
        return Fact(label, text.not_reported)
    if reported < total:
        return Fact(label, format_number(value, text), text.reported_in.format(
            n=format_number(reported, text), total=format_number(total, text)))
    return Fact(label, format_number(value, text))


def target_fact(target: TargetProgress, text: ReportText) -> Fact:
    """"Mål: uppfyllt 15 av 16 veckor (minst 1 per vecka)"."""
    one, many = text.units[target.per]
    rule = text.target_rule.format(at_least=format_number(target.at_least, text), unit=one)
    if not target.periods_total:
        return Fact(text.label_target, text.target_unjudged.format(units=many), rule)
    return Fact(text.label_target, text.target_met.format(
        met=format_number(target.periods_met, text),
        total=format_number(target.periods_total, text),
        units=one if target.periods_total == 1 else many), rule)


def facts(item: CommitmentReport, text: ReportText) -> list[Fact]:
    """Activities; people reached and staff hours (of the public activities); target."""
    note = text.activities_private.format(private=format_number(item.private, text)) \
        if item.private else ""
    rows = [Fact(text.label_activities, format_number(item.activities, text), note)]
    public = len(item.published)
    if public:
        rows.append(_reported(text.label_people, item.people_reached, item.with_people,
                              public, text))
        rows.append(_reported(text.label_hours, item.hours, item.with_hours, public, text))
    if item.target is not None:
        rows.append(target_fact(item.target, text))
    return rows


def lifetime_notes(item: CommitmentReport, report: Report, text: ReportText) -> list[str]:
    """When the commitment was added or retired inside the period."""
    commitment = item.commitment
    notes = []
    if commitment.active_from is not None and report.start < commitment.active_from:
        notes.append(text.added_on.format(date=commitment.active_from.isoformat()))
    if commitment.retired_on is not None and commitment.retired_on <= report.end:
        notes.append(text.retired_on.format(date=commitment.retired_on.isoformat()))
    return notes


def private_note(item: CommitmentReport, text: ReportText) -> str | None:
    """Under the list of public activities: how many more there are that are not public."""
    if not item.private:
        return None
    one, many = ((text.private_note_one, text.private_note_many) if item.published
                 else (text.private_only_one, text.private_only_many))
    return one if item.private == 1 else many.format(n=format_number(item.private, text))


def footer_line(report: Report, text: ReportText) -> str:
    return text.footer.format(id=report.promise.id, start=report.start.isoformat(),
                              end=report.end.isoformat())
