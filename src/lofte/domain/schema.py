"""JSON Schemas for editors (yaml-language-server), generated from the models.

They use draft-07 keywords only: `definitions` instead of `$defs`.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from lofte.domain.models import SLUG_MAX, SLUG_PATTERN, Activity, CommitmentsFile
from lofte.domain.reviews import ReviewFile

# A period as a review file names it (`lofte.domain.periods.parse_period` decides).
PERIOD_PATTERN = r"^(?!0000)[0-9]{4}(-(H[12]|T[1-3]|Q[1-4]|(0[1-9]|1[0-2])))?$"

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


def review_schema() -> dict[str, Any]:
    schema = _draft07(ReviewFile)
    # Verdicts are keyed by commitment id: a slug, as lofte checks it.
    schema["properties"]["verdicts"]["propertyNames"] = {"pattern": SLUG_PATTERN,
                                                         "maxLength": SLUG_MAX}
    schema["properties"]["period"]["pattern"] = PERIOD_PATTERN
    schema["title"] = "lofte review file"
    schema["description"] = ("The cooperation meeting's verdict per commitment for one "
                             "follow-up period: reviews/<period>.yaml.")
    return schema


def all_schemas() -> dict[str, dict[str, Any]]:
    """File name -> schema."""
    return {"commitments.schema.json": commitments_schema(),
            "activity.schema.json": activity_schema(),
            "review.schema.json": review_schema()}
