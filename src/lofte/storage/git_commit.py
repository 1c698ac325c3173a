"""Committing a file that lofte wrote to the git repository holding the ledger
(`lofte web --commit`). Pushing is left to the user.

One commit at a time per process: git's index allows one writer, and several form
submissions may arrive at once.
"""

from __future__ import annotations

import subprocess
import threading
from pathlib import Path

_LOCK = threading.Lock()
TIMEOUT = 60


class CommitFailed(Exception):
    """git refused or is missing; the file is written all the same. The message is git's."""


def commit_file(path: Path, message: str) -> None:
    """`git add` and `git commit` of exactly `path`, with `message`. Raises CommitFailed."""
    folder = str(path.parent)
    with _LOCK:
        for command in (["git", "-C", folder, "add", "--", path.name],
                        ["git", "-C", folder, "commit", "--quiet", "--no-verify",
                         "-m", message, "--", path.name]):
            try:
                done = subprocess.run(command, capture_output=True, text=True,
                                      timeout=TIMEOUT, check=False)
            except (OSError, subprocess.TimeoutExpired) as exc:
                raise CommitFailed(str(exc)) from exc
            if done.returncode != 0:
                lines = (done.stderr or done.stdout).strip().splitlines()
                raise CommitFailed(lines[-1] if lines else f"git exited {done.returncode}")
