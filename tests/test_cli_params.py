"""Typer's values without pydantic (`lofte.cli.params`): what Typer's own coercion gives,
or no answer."""

from __future__ import annotations

import enum
from pathlib import Path
from typing import Any

import pytest

from lofte.cli.params import plain_value


class Shape(enum.StrEnum):
    TABLE = "table"
    JSON = "json"


class Count(enum.Enum):
    ONE = 1


@pytest.mark.parametrize(("annotation", "value"), [
    (str, "Fotpatrull."), (str, ""), (str, "å ä ö \x07"), (str, "\udcff"),
    (list[str], ("a", "b")), (list[str], ["x"]), (list[str], ()), (list[str], ("\udcff",)),
    (int, "12"), (int, "0"), (int, "007"), (int, "-1"), (int, "+3"), (int, " 4"),
    (int, "1_000"), (int, "9" * 30), (int, "x"), (int, "١٢"), (float, "3.5"), (Path, "x"),
    (Shape, "table"), (Shape, "json"), (Shape, Shape.JSON), (Shape, "JSON"), (Shape, "csv"),
    (Shape, ""), (Count, "1"), (Count, 1),
])
def test_typers_values_without_pydantic_are_typers(annotation: Any, value: Any) -> None:
    from typer._coercion import build_runtime_param, resolve_type_descriptor
    from typer.models import OptionInfo

    info = OptionInfo()
    plain = plain_value(annotation, info, value)
    descriptor = resolve_type_descriptor(annotation, info)
    try:
        typers: Any = build_runtime_param(descriptor)._coerce_value(value, param=None,
                                                                    ctx=None)
    except Exception as exc:  # Typer refuses it: then the plain way must not answer
        typers = exc
    if plain is not None:
        assert plain == typers and type(plain) is type(typers)
    plain_text = annotation in (str, list[str]) and "\udcff" not in "".join(value)
    if plain_text or value in ("12", "0", "table", "json", Shape.JSON):
        assert plain is not None
