"""A new activity for `lofte log`: build the activity, validate it.

Pure: no files, no clock, no console. The promise is given as a `CommitmentsFile` and
"today" as a date; problems are raised as `Refused`, each `Problem` naming its field.

`by` is always filled in: with the parties given (`--by`), else with the owners of the
named commitments (the contract's default). The file therefore records who did the work
as the promise stood on that day, even if a later revision changes the owners, and the
same activity gives the same file (and the same content hash) whether or not `--by` was
typed out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from lofte.domain.problems import InputError, Problem, Refused
from lofte.i18n import N_, _

if TYPE_CHECKING:
    from lofte.domain.findings import Issue
    from lofte.domain.models import Activity
    from lofte.domain.promise import Commitment, CommitmentsFile

# The models, pydantic and the validation are imported where they are used: the request,
# the parties and the numbers below are all that `lofte log` needs when the promise and
# the activity are known to be fine (`lofte.domain.known_activity`).

# What the user reads. Kept together so that it can be reviewed and translated.
NOT_A_NUMBER = N_("there is no commitment number {number}; choose 1 to {count}")
NOT_TEXT = N_("this holds bytes that are not UTF-8 text; type it again")
TOGETHER = N_(" and ")


@dataclass(frozen=True, slots=True)
class CommitmentGroup:
    """Commitments with the same owners, as the promise groups them (police alone,
    together, municipality alone). `title` is built from the parties' names."""

    title: str
    owners: tuple[str, ...]
    commitments: tuple[Commitment, ...]


def group_commitments(promise_file: CommitmentsFile) -> list[CommitmentGroup]:
    """Commitments grouped by their owners, groups in the order they first appear.

    A commitment with one owner goes into that party's group; one with several owners
    into the group of that set of parties (a joint commitment).
    """
    groups: dict[frozenset[str], list[Commitment]] = {}
    owners_of: dict[frozenset[str], tuple[str, ...]] = {}
    for commitment in promise_file.commitments:
        key = frozenset(commitment.owners)
        groups.setdefault(key, []).append(commitment)
        owners_of.setdefault(key, tuple(commitment.owners))
    result = []
    for key, members in groups.items():
        owners = owners_of[key]
        names = [promise_file.parties[p].name if p in promise_file.parties else p
                 for p in owners]
        result.append(CommitmentGroup(_(TOGETHER).join(names), owners, tuple(members)))
    return result


def numbered(groups: Sequence[CommitmentGroup]) -> list[Commitment]:
    """The commitments in the order of the pick list: number n is item n - 1."""
    return [c for group in groups for c in group.commitments]


def pick_commitment(answer: str, groups: Sequence[CommitmentGroup]) -> Commitment:
    """An answer to the pick list: a number from the list, an id or a prefix of one."""
    from lofte.domain.ids import resolve_commitment  # noqa: PLC0415 - see the imports

    choices = numbered(groups)
    text = answer.strip()
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(choices):
            return choices[number - 1]
        raise Refused([Problem("not-a-choice", _(NOT_A_NUMBER).format(
            number=number, count=len(choices)), "commitment")])
    return resolve_commitment(text, choices)


# --- building the activity ----------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ActivityRequest:
    """What the user asked for, as typed (after the date has been read)."""

    commitment: str
    summary: str
    date: dt.date
    also: Sequence[str] = ()
    by: Sequence[str] = ()
    place: str | None = None
    people_reached: int | None = None
    hours: float | None = None
    tags: Sequence[str] = ()
    links: Sequence[str] = ()
    public: bool = True
    planned: bool = False  # a plan (`lofte plan`): dated today or later, never counted


def default_by(commitment_ids: Iterable[str], promise_file: CommitmentsFile) -> list[str]:
    """The owners of the named commitments, in order, each once: the default of `by`."""
    by_id = {c.id: c for c in promise_file.commitments}
    owners: list[str] = []
    for commitment_id in commitment_ids:
        commitment = by_id.get(commitment_id)
        for party in commitment.owners if commitment else ():
            if party not in owners:
                owners.append(party)
    return owners


def split_parties(values: Iterable[str]) -> list[str]:
    """`--by polisen --by kommunen` and `--by polisen,kommunen` mean the same."""
    parties: list[str] = []
    for value in values:
        for part in value.split(","):
            name = part.strip()
            if name and name not in parties:
                parties.append(name)
    return parties


def activity_values(request: ActivityRequest, commitment_ids: list[str],
                    by: list[str]) -> dict[str, Any]:
    """The fields `request` asks for, with its commitments and parties found: texts
    without spaces around them, an empty place or list of parties left out."""
    return {
        "date": request.date,
        "commitment": commitment_ids,
        "summary": request.summary.strip(),
        "by": by or None,
        "place": (request.place or "").strip() or None,
        "people_reached": request.people_reached,
        "hours": request.hours,
        "tags": [tag.strip() for tag in request.tags],
        "links": [link.strip() for link in request.links],
        "public": request.public,
        "planned": request.planned,
    }


def build_activity(request: ActivityRequest, promise_file: CommitmentsFile,
                   today: dt.date) -> Activity:
    """The activity to write, checked like `lofte check` would check it.

    Raises `Refused` listing every problem, warnings included (an inactive commitment,
    personal data in a public text): a new activity is written only when nothing at all
    is wrong with it, so that it also passes `lofte check --strict`.
    """
    from pydantic import ValidationError  # noqa: PLC0415 - see the imports

    from lofte.domain.ids import resolve_commitment, resolve_parties  # noqa: PLC0415
    from lofte.domain.models import Activity  # noqa: PLC0415
    from lofte.domain.references import ReferenceCheck, References  # noqa: PLC0415
    from lofte.domain.validation import (  # noqa: PLC0415
        check_privacy,
        issues_from_error,
        salvaged_references,
    )

    problems: list[Problem] = []
    commitment_ids: list[str] = []
    for number, word in enumerate((request.commitment, *request.also)):
        try:
            found = resolve_commitment(word, promise_file.commitments,
                                       "commitment" if number == 0 else "also")
        except Refused as refused:
            problems.extend(refused.problems)
            continue
        if found.id not in commitment_ids:
            commitment_ids.append(found.id)

    party_problems: list[Problem] = []
    try:
        named = resolve_parties(split_parties(request.by), promise_file.parties)
    except Refused as refused:
        party_problems = refused.problems
        named = []
    raw = activity_values(request, commitment_ids,
                          named or default_by(commitment_ids, promise_file))
    not_text = _not_text(raw)
    if not_text:
        raise Refused(problems + not_text)

    unresolved = bool(problems)  # a commitment not found has said so already, once
    privacy: list[Issue] = []
    # A plan may lie ahead; one dated before today has passed already.
    check = ReferenceCheck(promise_file, today)
    judge = check.plan_issues if request.planned else check.issues
    try:
        activity = Activity.model_validate(raw)
    except ValidationError as error:
        fields = issues_from_error(error, Activity)
        references = judge(salvaged_references(raw), ())
    else:
        fields = []
        references = judge(References.of(activity), ())
        privacy = check_privacy(activity, ())
    # In the order `lofte check` reports them: the fields, the parties, the other
    # references (the date), personal data.
    def shown(issues: list[Issue]) -> list[Problem]:
        return [issue_problem(i) for i in issues
                if not (unresolved and i.loc[:1] == ("commitment",))]

    problems += [*shown(fields), *party_problems, *shown(references), *shown(privacy)]
    if problems:
        raise Refused(problems)
    return activity


def issue_problem(issue: Issue) -> Problem:
    """A validation issue of a new activity, addressed by the field it concerns."""
    names = [step for step in issue.loc if isinstance(step, str)]
    return Problem(issue.code, issue.message, names[0] if names else None,
                   severity=issue.severity)


def _not_text(raw: dict[str, Any]) -> list[Problem]:
    """Lone surrogates: what Python makes of bytes in the command line that are not UTF-8."""
    problems = []
    for key, value in raw.items():
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str) and not _encodable(text):
                problems.append(Problem("not-text", _(NOT_TEXT), key))
                break
    return problems


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


# --- checks for single answers in interactive mode ------------------------------------

def day_problems(day: dt.date, promise_file: CommitmentsFile,
                 today: dt.date) -> list[Problem]:
    """What is wrong with `day` for a new activity: the same checks as `lofte check`."""
    from lofte.domain.references import References, check_references  # noqa: PLC0415

    refs = References(day, (), ())
    return [issue_problem(issue) for issue in check_references(refs, (), promise_file, today)]


NOT_A_NUMBER_OF_HOURS = N_("`{value}` is not a number of hours (for example 2 or 3.5)")
NOT_A_COUNT = N_("`{value}` is not a whole number")


def read_hours(value: str) -> float:
    """Hours as typed: `3.5`, or `3,5` with the Swedish decimal comma."""
    text = value.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise InputError(_(NOT_A_NUMBER_OF_HOURS).format(value=value.strip())) from None


def read_count(value: str) -> int:
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        raise InputError(_(NOT_A_COUNT).format(value=text)) from None
