"""Typer's coercion of parameter values, without pydantic for text, numbers and choices.

Typer coerces every value typed on the command line through a pydantic `TypeAdapter`,
built for each parameter of the command when the command runs, also for parameters not
given. Importing pydantic and building those adapters costs more than the rest of a
`lofte log`. So each parameter's coercion is made lazily (`_Lazy`): a parameter not given
never builds anything, and text (`str`, `list[str]`), plain whole numbers (`int` typed as
ASCII digits, or a default, within its bounds), choices (an `Enum`, given as one of its
values exactly) and paths (`Path`, then Typer's own checks of it) are taken as Typer's
adapters take them: the same text, number, member or path. Anything else (a sign, a lone
surrogate, a number out of bounds) goes to Typer's own coercion, built when first needed,
so its values and its messages are Typer's.

Typer's coercion lives in private modules; with a Typer that has none of them, `install`
does nothing and Typer works as it always does.
"""

from __future__ import annotations

import enum
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def install() -> None:
    """Make Typer's parameters coerce lazily (see the module's docstring)."""
    try:
        from typer._coercion import (  # noqa: PLC0415 - private: may be missing
            RuntimeParam,
            TypeDescriptor,
            build_runtime_param,
        )
        from typer._param_types import coerce_cli_path  # noqa: PLC0415
        from typer.core import _TyperParameter  # noqa: PLC0415
    except ImportError:  # another Typer: nothing to do
        return
    if not hasattr(_TyperParameter, "get_runtime_param"):
        return

    @dataclass(frozen=True)
    class _Lazy(RuntimeParam):
        descriptor: TypeDescriptor

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            descriptor = self.descriptor
            if descriptor.file_annotation is not None:
                plain = None
            elif (path := plain_path(descriptor.annotation, descriptor.parameter_info,
                                     value)) is not None:
                # what Typer's adapter does, after making the Path as pydantic makes it
                return coerce_cli_path(path, descriptor.parameter_info, path_type=Path,
                                       param=param, ctx=ctx)
            else:
                plain = plain_value(descriptor.annotation, descriptor.parameter_info, value)
            if plain is not None:
                return plain
            return build_runtime_param(self.descriptor)._coerce_value(value, param=param,
                                                                      ctx=ctx)

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            descriptor = self.type_descriptor
            self._runtime_param = _Lazy(parameter_info=descriptor.parameter_info,
                                        annotation=descriptor.annotation,
                                        descriptor=descriptor)
        return self._runtime_param

    _TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]


def _text(value: Any) -> bool:
    """Text Typer's `str` adapter returns as it is: a str that is UTF-8."""
    if type(value) is not str:
        return False
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def plain_value(annotation: Any, parameter_info: Any, value: Any) -> Any:
    """The value Typer's adapter gives for `value`, when it plainly is text, a list of
    text, an unbounded whole number written as digits, or a choice's value as written (or
    the choice itself: a default); None for anything else."""
    if parameter_info.parser is not None:
        return None
    if annotation is str:
        return value if _text(value) else None
    if typing.get_origin(annotation) is list and typing.get_args(annotation) == (str,):
        if type(value) in (list, tuple) and all(_text(item) for item in value):
            return list(value)
        return None
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        if isinstance(value, annotation):
            return value
        members = annotation._value2member_map_
        return members.get(value) if type(value) is str else None
    if annotation is int and not parameter_info.clamp:
        number = _whole_number(value)
        low, high = parameter_info.min, parameter_info.max
        if number is not None and (low is None or number >= low) and (
                high is None or number <= high):
            return number
    return None


def _whole_number(value: Any) -> int | None:
    """A whole number given as one (a default), or typed as plain ASCII digits."""
    if type(value) is int:
        return value
    if (type(value) is str and value.isascii() and value.isdigit() and len(value) <= 18
            and (value == "0" or value[0] != "0")):
        return int(value)
    return None


def plain_path(annotation: Any, parameter_info: Any, value: Any) -> Path | None:
    """The `Path` Typer's adapter makes of `value` (pydantic's `Path(value)`) before its
    own checks of it, when `value` is text that the Path writes as it is (so that Typer's
    messages, which quote the text, are the same); None for anything else."""
    if (annotation is not Path or parameter_info.parser is not None
            or parameter_info.path_type is not None or type(value) is not str):
        return None
    path = Path(value)
    return path if str(path) == value else None
