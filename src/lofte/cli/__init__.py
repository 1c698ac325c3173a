"""The command line: the only layer that parses arguments, prints and exits.

Each command lives in its own module and registers itself on the shared app when it is
imported; the app imports only the command that runs (`lofte.cli.lazy`), or every one
when something reads the whole list (`--help`, the tests' CliRunner).
"""

from lofte.cli.app import app, main

__all__ = ["app", "main"]
