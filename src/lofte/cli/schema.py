"""`lofte schema`: JSON Schemas for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import app, fail
from lofte.schema import all_schemas
from lofte.storage.schemas import write_schemas


@app.command()
def schema(
    output_dir: Annotated[Path, typer.Option(
        "--output-dir", help="Where to write commitments.schema.json and activity.schema.json.",
        file_okay=False)] = Path("schemas"),
) -> None:
    """Write JSON Schemas for commitments.yaml and activity files (for editors)."""
    try:
        written = write_schemas(output_dir, all_schemas())
    except OSError as exc:
        fail(f"cannot write schemas to {output_dir}: {exc.strerror or exc}")
    for path in written:
        typer.echo(str(path))
