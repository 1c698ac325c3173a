"""`lofte schema`: JSON Schemas for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from lofte.cli.app import app, fail
from lofte.domain.schema import all_schemas
from lofte.i18n import _
from lofte.storage.schemas import write_schemas


@app.command(help=_("Write JSON Schemas for commitments.yaml and activity files (for "
                    "editors)."))
def schema(
    output_dir: Annotated[Path, typer.Option(
        "--output-dir",
        help=_("Where to write commitments.schema.json and activity.schema.json."),
        file_okay=False)] = Path("schemas"),
) -> None:
    """`lofte schema`: write the schemas, and print their paths."""
    try:
        written = write_schemas(output_dir, all_schemas())
    except OSError as exc:
        fail(_("cannot write schemas to {path}: {reason}").format(
            path=output_dir, reason=exc.strerror or exc))
    for path in written:
        typer.echo(str(path))
