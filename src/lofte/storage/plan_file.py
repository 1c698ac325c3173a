"""A plan's file (`planned: true`), for `lofte log --from-plan`: read it, and remove it once
the deed is logged.

Only a file that holds one activity with `planned: true`, under the ledger's `activities/`
and reached without leaving the ledger, is ever read as a plan; it is removed only while it
still holds the very bytes that were read, so that nothing else is ever deleted. The folder
is opened from the root one step at a time (`lofte.storage.boundary.open_folder`), and the
file itself is never a link.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from lofte.domain.models import Activity
from lofte.storage.boundary import is_inside, open_folder, read_regular_at, real_root
from lofte.storage.discovery import ACTIVITIES_DIR
from lofte.storage.textfile import MAX_FILE_BYTES
from lofte.storage.yamlsafe import parse_yaml

Reason = Literal[
    "outside-ledger",  # not below the ledger's activities/ folder
    "not-an-activity-file",  # not a .yaml file (a hidden or temporary one included)
    "missing",  # no such file
    "not-a-file",  # a folder, a link, a pipe, a device
    "not-one-activity",  # not YAML, a list, or not a valid activity
    "not-planned",  # an activity that is not a plan (a deed)
    "changed",  # the file changed after it was read: it is left alone
]


class NotAPlan(Exception):
    """`path` cannot be used as a plan, for `reason`."""

    def __init__(self, path: Path, reason: Reason) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason: Reason = reason


@dataclass(frozen=True, slots=True)
class PlanFile:
    """A plan as read: where it is (relative to the ledger's root), its bytes, what it
    says."""

    path: Path  # as the user gave it
    root: Path
    folder: tuple[str, ...]  # the folders from the root, `activities` first
    name: str
    data: bytes
    activity: Activity


def read_plan(root: Path, path: Path) -> PlanFile:
    """The plan in `path` (relative to the working directory, or absolute). Raises NotAPlan
    when it is not one activity with `planned: true` in a file under the ledger's
    activities/, OutsideLedger or NotAFolder when the way to it leaves the ledger, OSError
    when it cannot be read."""
    name = path.name
    if not name.endswith(".yaml") or name.startswith("."):
        raise NotAPlan(path, "not-an-activity-file")
    root_real = real_root(root)
    folder_real = os.path.realpath(path.absolute().parent)  # the file itself: never a link
    if not is_inside(folder_real, root_real) or folder_real == root_real:
        raise NotAPlan(path, "outside-ledger")
    folder = Path(os.path.relpath(folder_real, root_real)).parts
    if folder[0] != ACTIVITIES_DIR:
        raise NotAPlan(path, "outside-ledger")
    try:
        with open_folder(root, folder, create=False) as (descriptor, _created):
            data = read_regular_at(descriptor, name, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise NotAPlan(path, "missing") from None
    if data is None:
        raise NotAPlan(path, "not-a-file")
    activity = _one_activity(data)
    if activity is None:
        raise NotAPlan(path, "not-one-activity")
    if not activity.planned:
        raise NotAPlan(path, "not-planned")
    return PlanFile(path, root, folder, name, data, activity)


def _one_activity(data: bytes) -> Activity | None:
    if len(data) > MAX_FILE_BYTES:
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return None
    parsed = parse_yaml(text)
    if parsed.problems or not isinstance(parsed.value, dict):
        return None
    try:
        return Activity.model_validate(parsed.value)
    except ValidationError:
        return None


def remove_plan(plan: PlanFile) -> None:
    """Remove the plan's file, if it still holds the bytes that were read. Raises NotAPlan
    ("changed" or "missing") when it does not, OutsideLedger or NotAFolder when the way to
    it now leaves the ledger, OSError when it cannot be removed."""
    try:
        with open_folder(plan.root, plan.folder, create=False) as (descriptor, _created):
            current = read_regular_at(descriptor, plan.name, len(plan.data))
            if current is None:
                raise NotAPlan(plan.path, "changed")
            if current != plan.data:
                raise NotAPlan(plan.path, "changed")
            os.unlink(plan.name, dir_fd=descriptor)
            os.fsync(descriptor)
    except FileNotFoundError:
        raise NotAPlan(plan.path, "missing") from None
