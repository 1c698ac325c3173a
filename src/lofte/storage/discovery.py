"""Finding the ledger: `--ledger`, `LOFTE_LEDGER`, or a walk up from the working directory.

A *group* is a folder whose immediate subfolders are ledgers, or several `--ledger`
options: `find_ledgers` gives every ledger of one, `find_ledger` refuses it (for the
commands that work on one ledger).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from lofte.i18n import N_, _

COMMITMENTS_FILE = "commitments.yaml"
ACTIVITIES_DIR = "activities"
REVIEWS_DIR = "reviews"

NOT_AT = N_("no ledger at {path}: expected a folder holding {file}, or the file itself. "
            "Check --ledger / LOFTE_LEDGER, or start one with `lofte init`.")
NOT_FOUND = N_("no ledger found: no {file} or data/{file} in {cwd} or any folder above it. "
               "Name one with --ledger PATH (or LOFTE_LEDGER), or start one with `lofte init`.")


GROUP_NOT_ONE = N_("{path} is a group of {n} ledgers; this command works on one ledger. "
                  "Name one of them with --ledger, e.g. --ledger {example}.")
SEVERAL_NOT_ONE = N_("{n} ledgers were named with --ledger; this command works on one "
                     "ledger. Name only one.")
EMPTY_GROUP = N_("no ledger at {path}: it is neither a ledger (no {file}) nor a group "
                 "(no subfolder holds a {file}). Check --ledger / LOFTE_LEDGER, or start "
                 "one with `lofte init`.")


class LedgerNotFound(Exception):
    """No ledger where one was named or looked for. The message is for the user."""


class GroupNotAllowed(LedgerNotFound):
    """A group was named for a command that works on one ledger. The message is for the
    user."""


def find_ledger(explicit: str | None, cwd: Path) -> Path:
    """The ledger folder (the one holding commitments.yaml). A group is refused
    (GroupNotAllowed), naming one of its ledgers."""
    if explicit:
        path = cwd / explicit  # never resolve(): on a loop of links it raises; here a loop
        # is simply no ledger, relative or absolute
        if path.is_file() and path.name == COMMITMENTS_FILE:
            return path.parent
        if path.is_dir() and (path / COMMITMENTS_FILE).is_file():
            return path
        members = group_members(path)
        if members:
            raise GroupNotAllowed(_(GROUP_NOT_ONE).format(
                path=explicit, n=len(members), example=Path(explicit) / members[0].name))
        raise LedgerNotFound(_(NOT_AT).format(path=explicit, file=COMMITMENTS_FILE))
    for folder in (cwd, *cwd.parents):
        if (folder / COMMITMENTS_FILE).is_file():
            return folder
        if (folder / "data" / COMMITMENTS_FILE).is_file():
            return folder / "data"
    raise LedgerNotFound(_(NOT_FOUND).format(file=COMMITMENTS_FILE, cwd=cwd))


def group_members(folder: Path) -> list[Path]:
    """The immediate subfolders of `folder` that are ledgers, by name; empty when there are
    none or `folder` cannot be listed. Hidden folders (`.git`) are passed over."""
    try:
        names = sorted(entry.name for entry in os.scandir(folder)
                       if not entry.name.startswith(".") and entry.is_dir())
    except OSError:
        return []
    return [folder / name for name in names if (folder / name / COMMITMENTS_FILE).is_file()]


class Ledgers(NamedTuple):
    """The ledgers named, and whether they were named as a group (a folder of ledgers, or
    several --ledger), which the views show with the promise of each row."""

    roots: list[Path]
    group: bool


def find_ledgers(explicit: Sequence[str], cwd: Path) -> Ledgers:
    """Every ledger named: each PATH a ledger (its folder or its commitments.yaml) or a
    group folder (its ledgers, by name), in the order given, each ledger once. Without
    any, the one ledger found as `find_ledger` finds it."""
    if not explicit:
        return Ledgers([find_ledger(None, cwd)], group=False)
    found: list[Path] = []
    seen: set[str] = set()
    group = len(explicit) > 1
    for given in explicit:
        path = cwd / given
        if path.is_dir() and not (path / COMMITMENTS_FILE).is_file():
            members = group_members(path)
            if not members:
                raise LedgerNotFound(_(EMPTY_GROUP).format(path=given, file=COMMITMENTS_FILE))
            group = True
        else:
            members = [find_ledger(given, cwd)]
        for member in members:
            key = os.path.realpath(member)
            if key not in seen:
                seen.add(key)
                found.append(member)
    return Ledgers(found, group)


def refuse_several(count: int) -> LedgerNotFound:
    """What a command that works on one ledger says when several were named."""
    return GroupNotAllowed(_(SEVERAL_NOT_ONE).format(n=count))
