"""Every word of `lofte report`, in one place for translators.

The report is written in the ledger's language (`promise.language`): `sv` (the default) or
`en`; any other language falls back to Swedish. The words are English msgids translated
with gettext (`lofte.i18n`), in the ledger's language and never the user's: `texts_for`
builds a `ReportText` inside `i18n.language(...)`, and the sentences with a count call
`ngettext` the same way. The Swedish lives in `locale/sv/LC_MESSAGES/lofte.po`. Where the
report words an English text differently from the rest of lofte, or the same English word
means two things (a month and its abbreviation), the msgid has a context (`pgettext`).
Number formatting is locale data, not words: `lofte.render.numbers.NUMBER_STYLES`. To add a
language, translate its catalog and add it there. Templates are formatted with `str.format` and
named placeholders. Only the parties judge whether something was done (a verdict of a review,
`lofte review`); the report itself never does: a commitment without activities reads that
nothing was *recorded*, and a period without a review reads "not assessed".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lofte import i18n
from lofte.domain.coverage import TargetProgress
from lofte.domain.periods import PeriodKind, Span
from lofte.domain.report import CommitmentReport, PromiseChange, Report, ReportGroup
from lofte.domain.reviews import NOT_ASSESSED, VERDICT_WORDS, VerdictEntry
from lofte.i18n import _, ngettext, pgettext
from lofte.render import numbers
from lofte.render.numbers import DEFAULT_LANGUAGE, NUMBER_STYLES, NumberStyle


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
    label_signatories: str
    label_contact: str
    range: str
    list_separator: str
    last_separator: str
    contents: str
    # the summary
    summary_heading: str
    summary_reviewed: str
    summary_not_assessed: str
    col_commitment: str
    col_verdict: str
    col_comment: str
    verdicts: dict[str, str]  # verdict id -> its word
    not_assessed: str
    label_verdict: str
    # changes to the promise
    changes_heading: str
    change_added: str
    change_retired: str
    # the overview
    intro_heading: str
    intro_activities: str
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
    more_examples: str
    private_only_one: str
    private_only_many: str
    # the end
    footer: str
    # words
    months: tuple[str, ...]  # full names, January first
    months_short: tuple[str, ...]
    number_style: NumberStyle


def _build(language: str) -> ReportText:
    """The wording in `language`, which must be one of NUMBER_STYLES."""
    with i18n.language(language):
        return ReportText(
            language=language,
            document_title=_("{title} – report"),
            label_period=_("Period"),
            label_parties=_("Parties"),
            label_valid=_("The promise runs"),
            label_focus=_("Focus"),
            label_problem_areas=_("Problem areas"),
            label_signatories=_("Signed by"),
            label_contact=_("Contact"),
            range=_("{start} – {end}"),
            list_separator=_(", "),
            last_separator=_(" and "),
            contents=_("Contents"),
            summary_heading=_("Summary"),
            summary_reviewed=_("The parties' verdict on each commitment for {period}, agreed "
                               "by {parties} on {date}."),
            summary_not_assessed=_("The parties have not yet assessed this period: every "
                                   "verdict reads “{not_assessed}”. The figures show what "
                                   "has been recorded."),
            col_commitment=_("Commitment"),
            col_verdict=_("Verdict"),
            col_comment=_("Comment"),
            verdicts={verdict: _(word) for verdict, word in VERDICT_WORDS.items()},
            not_assessed=_(NOT_ASSESSED),
            label_verdict=_("Verdict"),
            changes_heading=_("Changes to the promise"),
            change_added=_("{date}: the commitment “{title}” was added."),
            change_retired=_("{date}: the commitment “{title}” was retired."),
            intro_heading=_("How we have worked on the promise"),
            intro_activities=_("From {start} to {end}, {activities} were recorded for the "
                               "promise's {commitments} commitments."),
            intro_nothing=_("No activity was recorded from {start} to {end} for the "
                            "promise's {commitments} commitments."),
            intro_caveat=_("This report is built from the activities the parties have "
                           "recorded. Where it says that no activity was recorded, it means "
                           "exactly that, not that nothing was done."),
            chart_heading=_("Activities per month"),
            chart_caption=_("Recorded activities per month and group of commitments, "
                            "{start} – {end}. An activity that belongs to two groups counts "
                            "in both."),
            chart_same_figures=_("The same figures are in the table below the chart."),
            chart_description=_("Bar chart of the activities recorded per month: {groups}."),
            chart_peak=_("most in one month: {n}"),
            col_month=_("Month"),
            together_short=_("Together"),
            group_alone=_("What {party} has done"),
            group_together=_("What we have done together"),
            group_some_together=_("What {parties} have done together"),
            label_activities=_("Activities"),
            label_people=pgettext("report", "People reached"),
            label_hours=pgettext("report", "Staff hours"),
            label_target=_("Target"),
            not_reported=pgettext("report", "not reported"),
            reported_in=_("(reported for {n} of {total} public activities)"),
            target_rule=_("(at least {at_least} per {unit})"),
            target_met=_("met in {met} of {total} {units}"),
            target_unjudged=_("no complete {units} in the period to judge"),
            added_on=_("The commitment was added on {date}."),
            retired_on=_("The commitment was retired on {date}."),
            nothing_logged=_("No activity recorded in the period"),
            list_caption=_("Activities carried out"),
            col_date=_("Date"),
            col_summary=_("What"),
            col_place=_("Place"),
            col_evidence=_("Evidence"),
            more_examples=_("and {n} more"),
            private_only_one=_("The activity is not public and is only counted."),
            private_only_many=_("None of the {n} activities is public; they are only "
                                "counted."),
            footer=_("Compiled with lofte from the citizen promise's ledger ({id}) for the "
                     "period {start} – {end}."),
            months=(pgettext("month", "January"), pgettext("month", "February"),
                    pgettext("month", "March"), pgettext("month", "April"),
                    pgettext("month", "May"), pgettext("month", "June"),
                    pgettext("month", "July"), pgettext("month", "August"),
                    pgettext("month", "September"), pgettext("month", "October"),
                    pgettext("month", "November"), pgettext("month", "December")),
            months_short=(pgettext("abbreviated month", "Jan"),
                          pgettext("abbreviated month", "Feb"),
                          pgettext("abbreviated month", "Mar"),
                          pgettext("abbreviated month", "Apr"),
                          pgettext("abbreviated month", "May"),
                          pgettext("abbreviated month", "Jun"),
                          pgettext("abbreviated month", "Jul"),
                          pgettext("abbreviated month", "Aug"),
                          pgettext("abbreviated month", "Sep"),
                          pgettext("abbreviated month", "Oct"),
                          pgettext("abbreviated month", "Nov"),
                          pgettext("abbreviated month", "Dec")),
            number_style=NUMBER_STYLES[language],
        )


_TEXTS: dict[str, ReportText] = {}


def texts_for(language: str) -> ReportText:
    """The report's wording for a ledger language; Swedish for any language not known.
    Built once per language (the catalogs do not change while lofte runs)."""
    code = language if language in NUMBER_STYLES else DEFAULT_LANGUAGE
    if code not in _TEXTS:
        _TEXTS[code] = _build(code)
    return _TEXTS[code]


def format_number(value: float, text: ReportText) -> str:
    """`value` as the report's language writes numbers (`lofte.render.numbers`)."""
    return numbers.format_number(value, text.number_style)


def count_activities(n: int, text: ReportText) -> str:
    """"1 aktivitet", "12 aktiviteter"."""
    with i18n.language(text.language):
        template = ngettext("{n} activity", "{n} activities", n)
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
    if report.private:
        with i18n.language(text.language):
            template = ngettext(
                "{n} of the activities is not public: it is counted but not described.",
                "{n} of the activities are not public: they are counted but not described.",
                report.private)
        lines.append(template.format(n=format_number(report.private, text)))
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


def unit_word(kind: PeriodKind, n: int, text: ReportText) -> str:
    """"vecka" (n = 1: "per vecka"), "veckor" ("15 av 16 veckor", "inga hela veckor")."""
    with i18n.language(text.language):
        words = {"week": ngettext("week", "weeks", n),
                 "month": ngettext("month", "months", n),
                 "quarter": ngettext("quarter", "quarters", n),
                 "tertial": ngettext("tertial", "tertials", n),
                 "year": ngettext("year", "years", n)}
    return words[kind]


def target_fact(target: TargetProgress, text: ReportText) -> Fact:
    """"Mål: uppfyllt 15 av 16 veckor (minst 1 per vecka)"."""
    rule = text.target_rule.format(at_least=format_number(target.at_least, text),
                                   unit=unit_word(target.per, 1, text))
    units = unit_word(target.per, target.periods_total, text)
    if not target.periods_total:
        return Fact(text.label_target, text.target_unjudged.format(units=units), rule)
    return Fact(text.label_target, text.target_met.format(
        met=format_number(target.periods_met, text),
        total=format_number(target.periods_total, text), units=units), rule)


def facts(item: CommitmentReport, text: ReportText) -> list[Fact]:
    """Activities; people reached and staff hours (of the public activities); target."""
    with i18n.language(text.language):
        template = ngettext("(of which {private} not public)",
                            "(of which {private} not public)", item.private)
    note = template.format(private=format_number(item.private, text)) \
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
    if not item.published:
        # every activity of the commitment is private: "the activity", "none of the 3"
        if item.private == 1:
            return text.private_only_one
        return text.private_only_many.format(n=format_number(item.private, text))
    with i18n.language(text.language):
        template = ngettext("Another activity is not public and is only counted.",
                            "Another {n} activities are not public and are only counted.",
                            item.private)
    return template.format(n=format_number(item.private, text))


def footer_line(report: Report, text: ReportText) -> str:
    return text.footer.format(id=report.promise.id, start=report.start.isoformat(),
                              end=report.end.isoformat())


# --- version 2: verdicts, changes, examples ---------------------------------------------------


def verdict_word(entry: VerdictEntry | None, text: ReportText) -> str:
    """"Genomfört", or "Ej bedömt" without a verdict."""
    return text.verdicts[entry.verdict] if entry is not None else text.not_assessed


def verdict_class(entry: VerdictEntry | None) -> str:
    """The verdict's id, or `not-assessed`: a CSS class, never shown as text."""
    return entry.verdict if entry is not None else "not-assessed"


def summary_note(report: Report, text: ReportText) -> str:
    """Once, near the top: who agreed the verdicts and when, or that nobody has yet."""
    review = report.review
    if review is None:
        return text.summary_not_assessed.format(not_assessed=text.not_assessed)
    parties = join_names([report.party_name(p) for p in review.by], text)
    return text.summary_reviewed.format(period=review.period, parties=parties,
                                        date=review.decided_on.isoformat())


def change_line(change: PromiseChange, text: ReportText) -> str:
    template = text.change_added if change.kind == "added" else text.change_retired
    return template.format(date=change.date.isoformat(), title=change.commitment.title)


def more_line(item: CommitmentReport, limit: int | None, text: ReportText) -> str | None:
    """"och 12 till", under a list cut at `limit` public activities."""
    hidden = len(item.published) - len(item.examples(limit))
    return text.more_examples.format(n=format_number(hidden, text)) if hidden else None


def signatories_line(report: Report, text: ReportText) -> str | None:
    names = [f"{s.name} ({s.role})" if s.role else s.name
             for s in report.promise.signatories]
    return join_names(names, text) if names else None
