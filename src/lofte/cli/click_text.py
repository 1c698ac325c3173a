"""Click's and Typer's own words (usage errors, help screens, --help itself, the completion
options) in the user's language, through lofte's catalog.

Typer carries its own copy of Click, whose messages are English f-strings rather than
gettext calls, and draws its help screens from module constants. So lofte translates them
where they reach the user, with no change to either library:

- `LofteGroup`, the app's command class, gives every command a context whose formatter
  writes "Usage:" in the user's language, and translates the help of the options Click and
  Typer add (`--help`, `--install-completion`, `--show-completion`). A plain flag shows no
  `<bool>` type in the help.
- `translate_message` turns a usage error's English text into the user's language: every
  template below is a msgid of the catalog, matched against the text with its `{fields}`
  as wildcards; the fields that are themselves messages are translated in turn.
- `translate_help_panels` sets the help screen's titles.

A new Click or Typer message is added here, as an `N_()` template, and in the catalog;
`tests/test_swedish_everywhere.py` fails when one reaches a Swedish user in English.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

import typer
from typer._click.core import Context
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup, TyperOption

from lofte.i18n import N_, _

# The messages of Click (as Typer's copy words them), of Typer, and of Pydantic when Typer
# converts an option's value. `{message}` and `{options}` are translated again.
MESSAGES = (
    N_("Invalid value for {param}: {message}"),
    N_("Invalid value: {message}"),
    N_("Value error, {message}"),
    N_("{value} is not one of {choices}."),
    N_("Input should be a valid integer, unable to parse string as an integer"),
    N_("Input should be a valid integer"),
    N_("Input should be a valid number, unable to parse string as a number"),
    N_("Input should be a valid boolean, unable to interpret input"),
    N_("Input should be greater than or equal to {n}"),
    N_("Missing argument {param}."),
    N_("Missing argument {param}. {message}"),
    N_("Missing option {param}."),
    N_("Missing option {param}. {message}"),
    N_("Missing parameter {param}."),
    N_("Missing parameter: {param}"),
    N_("Choose from:{choices}"),
    N_("No such option: {option}"),
    N_("{message} (Possible options: {options})"),
    N_("Option {option} does not take a value."),
    N_("Option {option} requires an argument."),
    N_("Option {option} requires {n} arguments."),
    N_("Argument {name} takes {n} values."),
    N_("Got unexpected extra argument(s) ({arguments})"),
    N_("Missing command."),
    N_("No such command {name}."),
    N_("Could not open file {name}: {message}"),
    N_("file {name} does not exist."),
    N_("dir {name} does not exist."),
    N_("path {name} does not exist."),
    N_("file {name} is a directory."),
    N_("dir {name} is a file."),
    N_("path {name} is not readable."),
    N_("file {name} is not readable."),
    N_("dir {name} is not readable."),
    N_("path {name} is not writable."),
    N_("file {name} is not writable."),
    N_("dir {name} is not writable."),
    N_("Value {value} is not a valid {kind}."),
    N_("The value you entered was invalid."),
    N_("invalid input"),
    N_("Aborted!"),
)
# The fields whose text is a message of its own.
_NESTED = frozenset({"message"})

# Help texts of the options Click and Typer add to every command.
OPTION_HELP = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)
USAGE_PREFIX = N_("Usage: ")
OPTIONS_METAVAR = N_("[OPTIONS]")
SUBCOMMAND_METAVAR = N_("COMMAND [ARGS]...")
TRY_HELP = N_("Try '{command} {option}' for help.")
ERROR_TITLE = N_("Error")
COMPLETION_INSTALLED = N_("{shell} completion installed in {path}")
COMPLETION_RESTART = N_("Completion will take effect once you restart the terminal")

# Typer's help screen: its module constants and their English.
_PANEL_TEXTS = {
    "ARGUMENTS_PANEL_TITLE": N_("Arguments"),
    "OPTIONS_PANEL_TITLE": N_("Options"),
    "COMMANDS_PANEL_TITLE": N_("Commands"),
    "DEFAULT_STRING": N_("[default: {}]"),
    "ENVVAR_STRING": N_("[env var: {}]"),
    "REQUIRED_LONG_STRING": N_("[required]"),
    "DEPRECATED_STRING": N_("(deprecated) "),
}


@cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each template as a pattern, the ones with the most fixed text first, so that
    `Missing argument {param}. {message}` is tried before `Missing argument {param}.`."""

    def pattern(template: str) -> re.Pattern[str]:
        parts = re.split(r"\{(\w+)\}", template)
        regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.*?)"
                        for index, part in enumerate(parts))
        return re.compile(regex, re.DOTALL)

    def fixed_text(template: str) -> int:
        return len(re.sub(r"\{\w+\}", "", template))

    ordered = sorted(MESSAGES, key=fixed_text, reverse=True)
    return tuple((pattern(template), template) for template in ordered)


def translate_message(text: str) -> str:
    """A message of Click, Typer or Pydantic in the user's language; any other text as it
    is."""
    for pattern, template in _patterns():
        match = pattern.fullmatch(text)
        if match is None:
            continue
        fields = {name: translate_message(value) if name in _NESTED else value
                  for name, value in match.groupdict().items()}
        return _(template).format(**fields)
    return text


def translate_help_panels() -> None:
    """The titles and the notes of Typer's help screen, in the user's language.

    Typer reads these module globals each time it draws help. Importing typer.rich_utils
    costs tens of milliseconds, so it is done only when help is going to be shown.
    """
    import typer.rich_utils  # noqa: PLC0415 - only for help screens

    for name, english in _PANEL_TEXTS.items():
        setattr(typer.rich_utils, name, _(english))


class _Formatter(HelpFormatter):
    """Click's help formatter, with "Usage:" in the user's language."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, _(USAGE_PREFIX) if prefix is None else prefix)


class LofteContext(typer.Context):
    formatter_class = _Formatter


def _install_completion(ctx: Context, param: Any, value: Any) -> Any:
    """Typer's `--install-completion`, saying what it did in the user's language."""
    from typer._completion_shared import install  # noqa: PLC0415 - only when asked

    if not value or ctx.resilient_parsing:
        return value
    shell, path = install(shell=value) if isinstance(value, str) else install()
    typer.echo(_(COMPLETION_INSTALLED).format(shell=shell, path=path))
    typer.echo(_(COMPLETION_RESTART))
    raise typer.Exit(0)


def localize_parameters(params: list[Any]) -> list[Any]:
    """Parameters with the help that Click and Typer give in English translated, and plain
    flags without a `<bool>` type in the help."""
    for param in params:
        if param.help in OPTION_HELP:
            param.help = _(param.help)
        if isinstance(param, TyperOption):
            if param.is_flag and param.metavar is None:
                param.metavar = ""
            if "--install-completion" in param.opts:
                param.callback = _install_completion
    return params


def localize_command(command: Any, ctx: Context) -> None:
    """A subcommand, as `LofteGroup` gives it: the usage line and the help in the user's
    language."""
    command.context_class = LofteContext
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = _(OPTIONS_METAVAR)
    localize_parameters(command.get_params(ctx))


class LofteGroup(TyperGroup):
    """The app's command group: Click's and Typer's words in the user's language, for every
    command, also the ones added later."""

    context_class = LofteContext

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        if self.subcommand_metavar == "COMMAND [ARGS]...":
            self.subcommand_metavar = _(SUBCOMMAND_METAVAR)
        if self.options_metavar == "[OPTIONS]":
            self.options_metavar = _(OPTIONS_METAVAR)

    def get_params(self, ctx: Context) -> list[Any]:
        return localize_parameters(super().get_params(ctx))

    def get_command(self, ctx: Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            localize_command(command, ctx)
        return command
