"""Writing the JSON Schema files."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from lofte.storage.atomic import write_text_atomic


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_schemas(directory: Path, schemas: dict[str, dict[str, Any]]) -> list[Path]:
    written = []
    for name, schema in schemas.items():
        target = directory / name
        write_text_atomic(target, schema_text(schema))
        written.append(target)
    return written
