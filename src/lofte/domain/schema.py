"""JSON Schemas for editors (yaml-language-server), generated from the models.

They use draft-07 keywords only: `definitions` instead of `$defs`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lofte.domain.models import SLUG_MAX, SLUG_PATTERN, Activity, CommitmentsFile

DRAFT_07 = "http://json-schema.org/draft-07/schema#"


def _draft07(model: type[BaseModel]) -> dict[str, Any]:
    schema = model.model_json_schema(ref_template="#/definitions/{model}")
    definitions = schema.pop("$defs", {})
    result: dict[str, Any] = {"$schema": DRAFT_07}
    result.update(schema)
    if definitions:
        result["definitions"] = definitions
    return result


def commitments_schema() -> dict[str, Any]:
    schema = _draft07(CommitmentsFile)
    # pydantic writes the slug keys of `parties` as patternProperties, which lets any other
    # key through; lofte refuses a key that is not a slug (bad-slug), and so does this.
    parties = schema["properties"]["parties"]
    party = parties.pop("patternProperties")[SLUG_PATTERN]
    parties["propertyNames"] = {"pattern": SLUG_PATTERN, "maxLength": SLUG_MAX}
    parties["additionalProperties"] = party
    schema["title"] = "lofte commitments.yaml"
    schema["description"] = "A medborgarlöfte: the promise, its parties and its commitments."
    return schema


def activity_schema() -> dict[str, Any]:
    activity = _draft07(Activity)
    definitions = activity.pop("definitions", {})
    activity.pop("$schema")
    definitions["Activity"] = activity
    return {
        "$schema": DRAFT_07,
        "title": "lofte activity file",
        "description": "One activity (a mapping), or a list of activities for bulk imports.",
        "oneOf": [
            {"$ref": "#/definitions/Activity"},
            {"type": "array", "items": {"$ref": "#/definitions/Activity"}},
        ],
        "definitions": definitions,
    }


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema."""
    return {"commitments.schema.json": commitments_schema(),
            "activity.schema.json": activity_schema()}
