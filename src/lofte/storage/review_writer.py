"""Writing a review file, `reviews/<period>.yaml`: edited in place, whole or not at all.

A review is edited, unlike an activity: the meeting sets one verdict, then another. The file
is read with ruamel.yaml's round-trip loader, so that every other verdict, the order of the
keys and any comments a coordinator wrote stay as they are; the changed verdicts are set, a
new one is placed in the order of commitments.yaml. The new text is validated before it is
written, and replaces the old one atomically (a temporary file, then a rename), inside the
folder opened from the ledger's root (`lofte.storage.boundary`). While one `lofte review`
reads and replaces the file, another waits (an exclusive lock on the reviews/ folder), so
that two at once cannot lose a verdict.

A new review lists every commitment of its period, each as `id:` alone (not assessed yet),
and a verdict is written as a block of its own (`id:`, `verdict:`, `comment:` on lines of
their own). So two coordinators who set different commitments' verdicts in two clones
change lines with an unchanged line between them, which git merges without a conflict; the
same verdict changed in both is a conflict that git shows, never a silent choice. (A verdict
added where a hand-written file has no place for it is inserted in the order of
commitments.yaml; two such insertions at the same spot are a conflict, as loud.)
"""

from __future__ import annotations

import datetime as dt
import io
import os
import secrets
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import SingleQuotedScalarString

from lofte.domain.findings import Issue
from lofte.domain.promise import CommitmentsFile
from lofte.domain.reviews import Review, Verdict, validate_review
from lofte.i18n import N_, _
from lofte.storage.activity_writer import MODELINE, schema_reference
from lofte.storage.boundary import open_folder, read_regular_at
from lofte.storage.discovery import REVIEWS_DIR
from lofte.storage.listing import YAML_SUFFIXES, list_ledger_files
from lofte.storage.textfile import MAX_FILE_BYTES
from lofte.storage.yamlsafe import parse_yaml

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no lock, the rename stays atomic
    fcntl = None  # type: ignore[assignment]

REVIEW_SCHEMA: Final = "review.schema.json"

CANNOT_EDIT = N_("{path} cannot be edited: {problem}; correct it first (`lofte check` "
                 "shows where)")
NOT_A_FILE = N_("is not a regular file")
WOULD_BE_INVALID = N_("the edited review would not be valid: {problem}")


class ReviewNotEditable(Exception):
    """The review file is there but cannot be read back as a review. The message is for
    the user."""


@dataclass(frozen=True, slots=True)
class VerdictChange:
    commitment: str  # a commitment id of the promise
    verdict: Verdict
    comment: str | None  # None keeps the comment there is; "" removes it


@dataclass(frozen=True, slots=True)
class WrittenReview:
    path: Path
    review: Review
    created: bool  # the file is new


def review_path(root: Path, period: str) -> Path:
    """Where the review of `period` is: an existing `<period>.yaml` or `.yml` in reviews/,
    else one in a folder below it (`lofte check` reads those too, and a second file for the
    period would make both unusable), else `reviews/<period>.yaml`."""
    folder = root / REVIEWS_DIR
    names = [f"{period}{suffix}" for suffix in YAML_SUFFIXES]
    for name in names:
        candidate = folder / name
        if candidate.exists():
            return candidate
    for listed in list_ledger_files(root, REVIEWS_DIR).files:
        if Path(listed.path).name in names:
            return Path(listed.path)
    return folder / names[0]


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # a comment stays on one line: diffs and merges stay line by line
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    return yaml


def _first_problem(issues: Sequence[Issue]) -> str | None:
    errors = [issue for issue in issues if issue.severity == "error"]
    return errors[0].message if errors else None


@contextmanager
def _locked(folder: int) -> Iterator[None]:
    if fcntl is None:
        yield
        return
    fcntl.flock(folder, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(folder, fcntl.LOCK_UN)


def _new_document(period: str, decided_on: dt.date, by: Sequence[str],
                  places: Sequence[str]) -> CommentedMap:
    """A new review: every commitment of the period listed, each with no verdict yet
    (`id:` alone), so that verdicts set later change lines of their own (see above)."""
    data = CommentedMap()
    data["period"] = period
    data["decided_on"] = decided_on
    data["by"] = by_list(by)
    data["verdicts"] = CommentedMap((commitment, None) for commitment in places)
    return data


def by_list(by: Sequence[str]) -> CommentedSeq:
    """`by: [polisen, kommunen]`, on one line."""
    parties = CommentedSeq(by)
    parties.fa.set_flow_style()
    return parties


def _place(verdicts: CommentedMap, change: VerdictChange, order: Sequence[str]) -> None:
    """Set one verdict: in place when there is one, else as a new block, in the order of
    commitments.yaml."""
    entry = verdicts.get(change.commitment)
    if isinstance(entry, CommentedMap):
        entry["verdict"] = change.verdict
        if change.comment == "":
            entry.pop("comment", None)
        elif change.comment is not None:
            # In a flow mapping (`{verdict: done, comment: ...}`) a plain `Varför?` or
            # `kl. 10:00` would not read back: there, the comment is quoted.
            entry["comment"] = SingleQuotedScalarString(change.comment) \
                if entry.fa.flow_style() else change.comment
        return
    block = CommentedMap()
    block["verdict"] = change.verdict
    if change.comment:
        block["comment"] = change.comment
    if change.commitment in verdicts and entry is None:  # its place, kept empty until now
        verdicts[change.commitment] = block
        return
    rank = {cid: number for number, cid in enumerate(order)}
    mine = rank.get(change.commitment, len(order))
    keys = list(verdicts)
    position = next((index for index, key in enumerate(keys)
                     if rank.get(key, len(order)) > mine), len(keys))
    if change.commitment in verdicts:  # there, but not a mapping: replaced whole
        del verdicts[change.commitment]
        position = min(position, len(verdicts))
    verdicts.insert(position, change.commitment, block)


def set_verdicts(root: Path, promise_file: CommitmentsFile, period: str,
                 changes: Sequence[VerdictChange], today: dt.date, *,
                 decided_on: dt.date | None = None, by: Sequence[str] = (),
                 places: Sequence[str] = ()) -> WrittenReview:
    """Set verdicts in the review of `period` (a valid period: the caller checked it),
    creating the file when there is none, with a place for each commitment in `places`.
    Raises ReviewNotEditable, a BoundaryError, or OSError; then the file is as it was."""
    path = review_path(root, period)
    parts = path.parent.relative_to(root).parts
    with open_folder(root, parts, create=True) as (folder, _created), \
            _locked(folder):
        try:
            old = read_regular_at(folder, path.name, MAX_FILE_BYTES)
        except FileNotFoundError:
            old = None
        else:
            if old is None:
                raise ReviewNotEditable(_(CANNOT_EDIT).format(path=path,
                                                              problem=_(NOT_A_FILE)))
        data = _edited(path, old, period, changes, promise_file, today=today,
                       decided_on=decided_on, by=by, places=places)
        text = _dump(data, None if old is not None else
                     schema_reference(root, path.parent, REVIEW_SCHEMA))
        review = _verified(text, path, promise_file, today)
        _replace(folder, path.name, text.encode("utf-8"))
    return WrittenReview(path, review, old is None)


def _edited(path: Path, old: bytes | None, period: str, changes: Sequence[VerdictChange],
            promise_file: CommitmentsFile, *, today: dt.date, decided_on: dt.date | None,
            by: Sequence[str], places: Sequence[str]) -> CommentedMap:
    if old is None:
        data = _new_document(period, decided_on or today,
                             by or list(promise_file.parties), places)
    else:
        data = _loaded(path, old, promise_file, today)
        if decided_on is not None:
            data["decided_on"] = decided_on
        if by:
            data["by"] = by_list(by)
    verdicts = data.get("verdicts")
    if not isinstance(verdicts, CommentedMap):
        verdicts = CommentedMap()
        data["verdicts"] = verdicts
    # Every verdict on a line of its own, also where a file wrote them all on one line
    # (`verdicts: {a: {verdict: done}}`): a new verdict is then a block of its own.
    data.fa.set_block_style()
    verdicts.fa.set_block_style()
    order = [c.id for c in promise_file.commitments]
    for change in changes:
        _place(verdicts, change, order)
    return data


def _loaded(path: Path, old: bytes, promise_file: CommitmentsFile,
            today: dt.date) -> CommentedMap:
    """The existing file, for a round trip: only one that passes the safe parser (no
    anchors, tags or duplicate keys) and holds a usable review is edited."""
    problem = None
    if len(old) > MAX_FILE_BYTES:
        problem = _("file is larger than 1 MiB")
    else:
        try:
            text = old.decode("utf-8")
        except UnicodeDecodeError:
            problem = _("file is not UTF-8")
        else:
            parsed = parse_yaml(text)
            if parsed.problems:
                problem = parsed.problems[0].message
            else:
                doc = validate_review(parsed.value, path.name, promise_file, today)
                problem = _first_problem(doc.issues)
                if problem is None and doc.review is None:
                    problem = _("it holds no usable review")
    if problem is not None:
        raise ReviewNotEditable(_(CANNOT_EDIT).format(path=path, problem=problem))
    data = _yaml().load(text)
    assert isinstance(data, CommentedMap)
    return data


def _dump(data: CommentedMap, reference: str | None) -> str:
    out = io.StringIO()
    if reference:
        out.write(MODELINE.format(reference=reference))
    _yaml().dump(data, out)
    return out.getvalue()


def _verified(text: str, path: Path, promise_file: CommitmentsFile, today: dt.date) -> Review:
    """The review the new text holds: it must parse safely and validate without errors."""
    parsed = parse_yaml(text)
    problem = parsed.problems[0].message if parsed.problems else None
    review = None
    if problem is None:
        doc = validate_review(parsed.value, path.name, promise_file, today)
        problem = _first_problem(doc.issues)
        review = doc.review
    if problem is not None or review is None:
        raise ReviewNotEditable(_(WOULD_BE_INVALID).format(problem=problem or "?"))
    return review


def _replace(folder: int, name: str, data: bytes) -> None:
    """Replace `name` in the open folder with `data`, whole: a temporary file, then a
    rename; the file's permissions are kept."""
    temp = f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        mode = os.stat(name, dir_fd=folder, follow_symlinks=False).st_mode & 0o777
    except FileNotFoundError:
        mode = 0o666
    descriptor = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                         | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0),
                         mode, dir_fd=folder)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(descriptor, view):]
            os.fsync(descriptor)
        finally:
            os.close(descriptor)
        os.replace(temp, name, src_dir_fd=folder, dst_dir_fd=folder)
        os.fsync(folder)
    except BaseException:
        with suppress(OSError):
            os.unlink(temp, dir_fd=folder)
        raise

