"""Finding a commitment or a party from what a user typed: one rule for every command.

- A commitment: its id (any case, spaces around ignored), or the start of exactly one id.
- A party: its id (any case, spaces around ignored). No prefixes: a party id is written into
  the activity as typed, and `polis` must not quietly become `polisen`.

Otherwise `Refused`, with a message listing the ids the user most likely meant.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping, Sequence

from lofte.domain.problems import Problem, Refused
from lofte.domain.promise import Commitment, Party
from lofte.domain.references import unknown_party_message
from lofte.i18n import N_, _

NO_COMMITMENTS = N_("commitments.yaml holds no commitments; add one before logging activities")
AMBIGUOUS = N_("`{word}` matches {count} commitments; type more of the id:")
UNKNOWN = N_("no commitment has the id `{word}`, and no id starts with it; closest:")
UNKNOWN_NO_MATCH = N_("no commitment has the id `{word}`, and no id starts with it; the ids are:")

CLOSEST_LIMIT = 5


def normalise(word: str) -> str:
    return word.strip().lower()


def resolve_commitment(word: str, commitments: Sequence[Commitment],
                       field: str = "commitment") -> Commitment:
    """The commitment whose id is `word`, or the only one whose id starts with it."""
    wanted = normalise(word)
    for commitment in commitments:
        if commitment.id == wanted:
            return commitment
    if not commitments:
        raise Refused([Problem("no-commitments", _(NO_COMMITMENTS), field)])
    starting = [c for c in commitments if c.id.startswith(wanted)] if wanted else list(commitments)
    if len(starting) == 1:
        return starting[0]
    if starting:
        raise Refused([Problem("ambiguous-id", _(AMBIGUOUS).format(word=word, count=len(starting))
                               + list_commitments(starting), field)])
    closest = closest_commitments(wanted, commitments)
    message = _(UNKNOWN).format(word=word) + list_commitments(closest) if closest \
        else _(UNKNOWN_NO_MATCH).format(word=word) + list_commitments(commitments)
    raise Refused([Problem("unknown-commitment", message, field)])


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


def resolve_party(word: str, parties: Mapping[str, Party], field: str = "by") -> str:
    """The id of the party `word` names."""
    wanted = normalise(word)
    if wanted in parties:
        return wanted
    raise Refused([party_problem(word, list(parties), field)])


def resolve_parties(words: Iterable[str], parties: Mapping[str, Party],
                    field: str = "by") -> list[str]:
    """Every party named, in order, each once; `Refused` listing every unknown one."""
    found: list[str] = []
    problems: list[Problem] = []
    for word in words:
        try:
            party = resolve_party(word, parties, field)
        except Refused as refused:
            problems.extend(refused.problems)
            continue
        if party not in found:
            found.append(party)
    if problems:
        raise Refused(problems)
    return found


def party_problem(word: str, parties: Sequence[str], field: str = "by") -> Problem:
    """`word` is not a party: the message `lofte check` gives, with "did you mean"."""
    return Problem("unknown-party", unknown_party_message(word, parties), field)
