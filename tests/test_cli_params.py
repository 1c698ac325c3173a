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


@pytest.mark.parametrize(("low", "high", "value"), [
    (1, None, 1), (1, None, "1"), (1, None, "20"), (1, None, 0), (1, None, "0"),
    (1, None, "-2"), (None, 5, "5"), (None, 5, 6), (1, 3, "2"), (1, 3, "4"), (1, None, True),
])
def test_bounded_whole_numbers_are_typers(low: int | None, high: int | None,
                                          value: Any) -> None:
    from typer._coercion import build_runtime_param, resolve_type_descriptor
    from typer.models import OptionInfo

    info = OptionInfo(min=low, max=high)
    plain = plain_value(int, info, value)
    descriptor = resolve_type_descriptor(int, info)
    try:
        typers: Any = build_runtime_param(descriptor)._coerce_value(value, param=None,
                                                                    ctx=None)
    except Exception as exc:
        typers = exc
    if plain is not None:
        assert plain == typers and type(plain) is type(typers)
    else:  # left to Typer: out of bounds, or not plainly a number
        assert isinstance(typers, Exception) or type(value) is not int or value is True


@pytest.mark.parametrize("options", [
    {}, {"exists": True}, {"dir_okay": False}, {"file_okay": False}, {"resolve_path": True},
    {"exists": True, "readable": True}, {"allow_dash": True},
])
@pytest.mark.parametrize("name", ["ark.csv", "mapp", "saknas.csv", "-", "", "a//b/"])
def test_paths_are_typers(options: dict[str, bool], name: str, tmp_path: Path,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    from typer._coercion import build_runtime_param, resolve_type_descriptor
    from typer._param_types import coerce_cli_path
    from typer.models import ArgumentInfo

    from lofte.cli.params import plain_path

    monkeypatch.chdir(tmp_path)
    (tmp_path / "ark.csv").write_text("a\n", encoding="utf-8")
    (tmp_path / "mapp").mkdir()
    info = ArgumentInfo(**options)  # type: ignore[arg-type]

    def outcome(coerce: Any) -> Any:
        try:
            return coerce()
        except Exception as exc:
            return type(exc), str(exc)

    path = plain_path(Path, info, name)
    if name in ("", "a//b/"):  # written otherwise by the Path: left to Typer
        assert path is None
        return
    assert path is not None
    descriptor = resolve_type_descriptor(Path, info)
    typers = outcome(lambda: build_runtime_param(descriptor)._coerce_value(
        name, param=None, ctx=None))
    plain = outcome(lambda: coerce_cli_path(path, info, path_type=Path))
    assert plain == typers and type(plain) is type(typers)
    assert plain_path(Path, info, Path(name)) is None  # a path already: Typer's own way
    assert plain_path(str, info, name) is None
