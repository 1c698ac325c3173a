"""Writing plain data as YAML in the ledger's style: block style, UTF-8, å/ä/ö literal."""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML


def dump_yaml(data: Any, width: int = 88) -> str:
    """YAML text for plain data (dict, list, str, int, float, bool, None, date)."""
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = False
    yaml.allow_unicode = True
    yaml.sort_base_mapping_type_on_output = False  # type: ignore[assignment]  # keep key order
    yaml.width = width
    stream = io.StringIO()
    yaml.dump(data, stream)
    return stream.getvalue()
