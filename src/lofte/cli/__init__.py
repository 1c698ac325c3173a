"""The command line: the only layer that parses arguments, prints and exits.

Each command lives in its own module and registers itself on the shared app.
"""

from lofte.cli import (
    check,
    export,
    import_sheet,
    init,
    log,
    plan,
    report,
    review,
    schema,
    show,
    status,
    web,
)
from lofte.cli.app import app, main

__all__ = ["app", "check", "export", "import_sheet", "init", "log", "main", "plan", "report",
           "review", "schema", "show", "status", "web"]
