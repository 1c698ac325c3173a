"""Writing the JSON Schema files."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any


def schema_text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def write_text_atomic(path: Path, text: str) -> None:
    """Replace `path` with `text` whole: a temporary file in the same folder, then rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_schemas(directory: Path, schemas: dict[str, dict[str, Any]]) -> list[Path]:
    written = []
    for name, schema in schemas.items():
        target = directory / name
        write_text_atomic(target, schema_text(schema))
        written.append(target)
    return written
