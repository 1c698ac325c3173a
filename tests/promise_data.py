"""commitments.yaml's data validated as lofte validates it, for tests that build a promise
from a dict: the pydantic models check it, the rest of lofte gets the plain records."""

from __future__ import annotations

from typing import Any

from lofte.domain import models
from lofte.domain.promise import CommitmentsFile


def validated_promise(data: Any) -> CommitmentsFile:
    return models.plain_file(models.CommitmentsFile.model_validate(data))
