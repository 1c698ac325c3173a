"""Importing only the command that runs.

Each command lives in its own module (`lofte.cli.status`, ...) and registers itself on the
app when it is imported. Importing all of them costs more than most commands do
(pydantic, rich's tables, openpyxl, the report's templates), so the app's list of
commands imports them only when Typer reads it: all of them for `--help`, completion, an
unknown command or an embedding program (the tests' CliRunner), and only the one named on
the command line when `lofte.cli.app.run` says which (`choose`). `lofte --version` imports
none.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import pkgutil
from collections.abc import Iterator, Sequence
from typing import Any, Final

# A command whose module has another name.
MODULE_OF: Final = {"import": "import_sheet", "site": "web"}
# Modules of the package that hold no command.
HELPERS: Final = frozenset({"app", "click_text", "completion", "import_run", "lazy",
                            "params"})
# Options of the app itself that take a value.
GLOBAL_WITH_VALUE: Final = frozenset({"--ledger"})
HELP: Final = frozenset({"-h", "--help"})
PACKAGE: Final = "lofte.cli"


class LazyCommands(list[Any]):
    """The app's registered commands. Reading them imports the command modules first: the
    ones in `only`, or every one when `only` is None."""

    only: tuple[str, ...] | None = None

    def __iter__(self) -> Iterator[Any]:
        load(self.only)
        return super().__iter__()


def load(only: Sequence[str] | None) -> None:
    """Import the command modules named (each registers its command), or all of them."""
    names = only if only is not None else all_modules()
    for name in names:
        importlib.import_module(f"{PACKAGE}.{name}")


def all_modules() -> list[str]:
    package = importlib.import_module(PACKAGE)
    return sorted(info.name for info in pkgutil.iter_modules(package.__path__)
                  if info.name not in HELPERS)


def choose(arguments: Sequence[str]) -> tuple[str, ...] | None:
    """The command modules `arguments` need: none for `--version`, the named command's,
    or None (all) when that cannot be told or help or completion is asked for."""
    if any(name.startswith("_LOFTE_COMPLETE") for name in os.environ) \
            or any(argument in HELP for argument in arguments):
        return None
    skip = False
    for argument in arguments:
        if skip:
            skip = False
            continue
        if argument == "--version":
            return ()
        if argument in GLOBAL_WITH_VALUE:
            skip = True
            continue
        if argument.startswith("-"):
            continue
        module = MODULE_OF.get(argument, argument)
        if module in HELPERS or not module.isidentifier() \
                or importlib.util.find_spec(f"{PACKAGE}.{module}") is None:
            return None
        return (module,)
    return None
