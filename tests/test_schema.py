"""The committed JSON Schemas are current, draft-07 only, and accept what lofte accepts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from lofte.domain.schema import DRAFT_07, all_schemas
from lofte.storage.schemas import schema_text
from tests.conftest import Invoke

REPO = Path(__file__).resolve().parent.parent

# Keywords of JSON Schema draft-07, which yaml-language-server understands.
DRAFT_07_KEYWORDS = {
    "$schema", "$id", "$ref", "$comment", "title", "description", "default", "examples",
    "type", "enum", "const", "properties", "additionalProperties", "required", "items",
    "additionalItems", "minItems", "maxItems", "uniqueItems", "contains", "minLength",
    "maxLength", "pattern", "format", "minimum", "maximum", "exclusiveMinimum",
    "exclusiveMaximum", "multipleOf", "anyOf", "oneOf", "allOf", "not", "if", "then", "else",
    "definitions", "propertyNames", "patternProperties", "dependencies", "minProperties",
    "maxProperties", "readOnly", "writeOnly", "contentMediaType", "contentEncoding",
}
# Maps whose keys are names chosen by us, not keywords.
NAME_MAPS = {"properties", "definitions", "patternProperties"}


def keywords(node: Any) -> set[str]:
    found: set[str] = set()
    if isinstance(node, dict):
        for key, value in node.items():
            found.add(key)
            if key in NAME_MAPS:
                for sub in value.values():
                    found |= keywords(sub)
            elif key not in ("default", "examples", "enum", "const"):
                found |= keywords(value)
    elif isinstance(node, list):
        for item in node:
            found |= keywords(item)
    return found


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_committed_schema_is_current(name: str) -> None:
    committed = (REPO / "schemas" / name).read_text(encoding="utf-8")
    assert committed == schema_text(all_schemas()[name]), (
        f"schemas/{name} is stale: run `lofte schema` and commit the result")


@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_schema_uses_only_draft_07_keywords(name: str) -> None:
    schema = all_schemas()[name]
    assert schema["$schema"] == DRAFT_07
    assert keywords(schema) <= DRAFT_07_KEYWORDS
    assert "$defs" not in json.dumps(schema)


def test_schema_command_writes_both_files(invoke: Invoke, tmp_path: Path) -> None:
    result = invoke("schema", "--output-dir", str(tmp_path / "out"), cwd=tmp_path)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(all_schemas())
    for name, schema in all_schemas().items():
        assert json.loads((tmp_path / "out" / name).read_text(encoding="utf-8")) == schema


def test_schema_command_refuses_an_unwritable_place(invoke: Invoke, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("schema", "--output-dir", str(blocker / "sub"), cwd=tmp_path)
    assert result.exit_code == 2
    assert "cannot write schemas" in result.stderr


def test_modelines_point_at_the_schemas() -> None:
    first_line = (REPO / "data" / "commitments.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../schemas/commitments.schema.json"
    assert (REPO / "data" / "../schemas/commitments.schema.json").resolve().is_file()
