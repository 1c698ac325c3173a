"""Reading the web forms into the requests the use cases take, each problem by its field.

The form for an activity has the fields of `lofte log`, named as the activity file names
them (`commitment`, `summary`, `date`, `by`, `place`, `people_reached`, `hours`, `tags`,
`links`, `also`, `private`), so that a `Problem` from the use case lands next to its input.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from lofte import messages as m
from lofte.domain.dateparse import parse_day
from lofte.domain.new_activity import ActivityRequest, read_count, read_hours
from lofte.domain.privacy import KIND_NAMES, find_personal_data
from lofte.domain.problems import InputError
from lofte.i18n import N_, _
from lofte.web.pages import FormState

REQUIRED = N_("fill this in")
NEGATIVE = N_("{value} is less than zero")
LOG_FIELDS = ("commitment", "summary", "date", "place", "people_reached", "hours", "tags",
              "links")

Form = Mapping[str, Sequence[str]]


def first(form: Form, name: str) -> str:
    values = form.get(name) or [""]
    return values[0]


def _number(state: FormState, name: str, text: str, read: type[int] | type[float]
            ) -> float | None:
    if not text.strip():
        return None
    try:
        value: float = read_count(text) if read is int else read_hours(text)
    except InputError as exc:
        state.add(name, str(exc))
        return None
    if value < 0:
        state.add(name, _(NEGATIVE).format(value=text.strip()))
        return None
    return value


def read_log_form(form: Form, today: dt.date) -> tuple[ActivityRequest | None, FormState]:
    """The request the form asks for, or None with the problems in `state.errors`."""
    state = FormState(values={name: first(form, name) for name in LOG_FIELDS},
                      lists={"by": list(form.get("by") or []),
                             "also": list(form.get("also") or []),
                             "private": list(form.get("private") or [])})
    commitment = state.values["commitment"].strip()
    summary = state.values["summary"].strip()
    if not commitment:
        state.add("commitment", _(REQUIRED))
    if not summary:
        state.add("summary", _(REQUIRED))
    day = today
    if state.values["date"].strip():
        try:
            day = parse_day(state.values["date"], today)
        except InputError as exc:
            state.add("date", str(exc))
    people = _number(state, "people_reached", state.values["people_reached"], int)
    hours = _number(state, "hours", state.values["hours"], float)
    if state.errors:
        return None, state
    tags = [tag.strip() for tag in state.values["tags"].split(",") if tag.strip()]
    links = [link.strip() for link in state.values["links"].splitlines() if link.strip()]
    request = ActivityRequest(
        commitment=commitment, summary=summary, date=day,
        also=[c for c in state.lists["also"] if c and c != commitment],
        by=[p for p in state.lists["by"] if p], place=state.values["place"].strip() or None,
        people_reached=int(people) if people is not None else None, hours=hours, tags=tags,
        links=links, public=not state.lists["private"])
    return request, state


def privacy_problems(fields: Mapping[str, str]) -> dict[str, list[str]]:
    """What `lofte check` would say of personal data in each text that will be published."""
    found: dict[str, list[str]] = {}
    for name, text in fields.items():
        for match in find_personal_data(text):
            found.setdefault(name, []).append(_(m.PERSONAL_DATA).format(
                field=name, kind=_(KIND_NAMES[match.kind]), masked=match.masked))
    return found
