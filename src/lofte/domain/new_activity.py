"""A new activity for `lofte log`: find the commitment, build the activity, validate it.

Pure: no files, no clock, no console. The promise is given as a `CommitmentsFile` and
"today" as a date; problems are raised as `LogRefused`, holding one message per problem.

`by` is always filled in: with the parties given (`--by`), else with the owners of the
named commitments (the contract's default). The file therefore records who did the work
as the promise stood on that day, even if a later revision changes the owners, and the
same activity gives the same file (and the same content hash) whether or not `--by` was
typed out.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from lofte.domain.findings import Issue
from lofte.domain.models import Activity, Commitment, CommitmentsFile
from lofte.domain.validation import References, check_privacy, check_references, issues_from_error
from lofte.i18n import N_, _

# What the user reads. Kept together so that it can be reviewed and translated.
NO_COMMITMENTS = N_("commitments.yaml holds no commitments; add one before logging activities")
AMBIGUOUS = N_("`{word}` matches {count} commitments; type more of the id:")
UNKNOWN = N_("no commitment has the id `{word}`, and no id starts with it; closest:")
UNKNOWN_NO_MATCH = N_("no commitment has the id `{word}`, and no id starts with it; the ids are:")
NOT_A_NUMBER = N_("there is no commitment number {number}; choose 1 to {count}")
NOT_TEXT = N_("{option} holds bytes that are not UTF-8 text; type it again")
TOGETHER = N_(" and ")
OPTION_NAMES: dict[str, str] = {
    "date": "--date", "commitment": "COMMITMENT/--also", "summary": "SUMMARY",
    "by": "--by", "place": "--place", "people_reached": "--people", "hours": "--hours",
    "tags": "--tag", "links": "--link", "public": "--private",
}

CLOSEST_LIMIT = 5


class LogRefused(Exception):
    """The activity cannot be logged. Each problem is one message for the user."""

    def __init__(self, problems: Sequence[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = list(problems)


# --- finding the commitment ---------------------------------------------------------

def resolve_commitment(word: str, commitments: Sequence[Commitment]) -> Commitment:
    """The commitment whose id is `word`, or the only one whose id starts with it."""
    wanted = word.strip().lower()
    for commitment in commitments:
        if commitment.id == wanted:
            return commitment
    if not commitments:
        raise LogRefused([_(NO_COMMITMENTS)])
    starting = [c for c in commitments if c.id.startswith(wanted)] if wanted else list(commitments)
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise LogRefused([_(AMBIGUOUS).format(word=word, count=len(starting))
                          + list_commitments(starting)])
    closest = closest_commitments(wanted, commitments)
    if closest:
        raise LogRefused([_(UNKNOWN).format(word=word) + list_commitments(closest)])
    raise LogRefused([_(UNKNOWN_NO_MATCH).format(word=word) + list_commitments(commitments)])


def closest_commitments(word: str, commitments: Sequence[Commitment],
                        limit: int = CLOSEST_LIMIT) -> list[Commitment]:
    """The commitments whose ids look most like `word`, best first."""
    by_id = {c.id: c for c in commitments}
    names = difflib.get_close_matches(word, list(by_id), n=limit, cutoff=0.5)
    for commitment_id in by_id:  # a word inside the id counts as close too
        if len(names) < limit and word and word in commitment_id and commitment_id not in names:
            names.append(commitment_id)
    return [by_id[name] for name in names]


def list_commitments(commitments: Iterable[Commitment]) -> str:
    """Indented lines `id  title`, to follow a message."""
    chosen = list(commitments)
    width = max((len(c.id) for c in chosen), default=0)
    return "".join(f"\n  {c.id.ljust(width)}  {c.title}" for c in chosen)


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
    choices = numbered(groups)
    text = answer.strip()
    if text.isdigit():
        number = int(text)
        if 1 <= number <= len(choices):
            return choices[number - 1]
        raise LogRefused([_(NOT_A_NUMBER).format(number=number, count=len(choices))])
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


def build_activity(request: ActivityRequest, promise_file: CommitmentsFile,
                   today: dt.date) -> Activity:
    """The activity to write, checked like `lofte check` would check it.

    Raises `LogRefused` listing every problem, warnings included (an inactive commitment,
    personal data in a public text): a new activity is written only when nothing at all
    is wrong with it, so that it also passes `lofte check --strict`.
    """
    problems: list[str] = []
    commitment_ids: list[str] = []
    for word in (request.commitment, *request.also):
        try:
            found = resolve_commitment(word, promise_file.commitments)
        except LogRefused as refused:
            problems.extend(refused.problems)
            continue
        if found.id not in commitment_ids:
            commitment_ids.append(found.id)

    by = split_parties(request.by) or default_by(commitment_ids, promise_file)
    raw: dict[str, Any] = {
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
    }
    not_text = _not_text(raw)
    if not_text:
        raise LogRefused(problems + not_text)

    try:
        activity = Activity.model_validate(raw)
    except ValidationError as error:
        issues = issues_from_error(error, Activity)
        issues += check_references(References.salvage(raw), (), promise_file, today)
    else:
        issues = check_references(References.of(activity), (), promise_file, today)
        issues += check_privacy(activity, ())
    if problems:  # the commitment was not found: its own message says so, once
        issues = [i for i in issues if i.loc[:1] != ("commitment",)]
    problems.extend(_message(issue) for issue in issues)
    if problems:
        raise LogRefused(problems)
    return activity


def _not_text(raw: dict[str, Any]) -> list[str]:
    """Lone surrogates: what Python makes of bytes in the command line that are not UTF-8."""
    problems = []
    for key, value in raw.items():
        texts = value if isinstance(value, list) else [value]
        for text in texts:
            if isinstance(text, str) and not _encodable(text):
                problems.append(_(NOT_TEXT).format(option=OPTION_NAMES.get(key, key)))
                break
    return problems


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _message(issue: Issue) -> str:
    names = [step for step in issue.loc if isinstance(step, str)]
    option = OPTION_NAMES.get(names[0]) if names else None
    return f"{issue.message} ({option})" if option else issue.message


# --- checks for single answers in interactive mode ------------------------------------

def day_problems(day: dt.date, promise_file: CommitmentsFile, today: dt.date) -> list[str]:
    """What is wrong with `day` for a new activity: the same checks as `lofte check`."""
    refs = References(day, (), ())
    return [issue.message for issue in check_references(refs, (), promise_file, today)]


def party_problems(parties: Sequence[str], promise_file: CommitmentsFile,
                   today: dt.date) -> list[str]:
    """Party ids that are not in the promise, with "did you mean"."""
    refs = References(None, (), tuple(parties))
    return [issue.message for issue in check_references(refs, (), promise_file, today)]


NOT_A_NUMBER_OF_HOURS = N_("`{value}` is not a number of hours (for example 2 or 3.5)")
NOT_A_COUNT = N_("`{value}` is not a whole number")


def read_hours(value: str) -> float:
    """Hours as typed: `3.5`, or `3,5` with the Swedish decimal comma."""
    text = value.strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        raise ValueError(_(NOT_A_NUMBER_OF_HOURS).format(value=value.strip())) from None


def read_count(value: str) -> int:
    text = value.strip()
    try:
        return int(text)
    except ValueError:
        raise ValueError(_(NOT_A_COUNT).format(value=text)) from None
