"""Build hook: compile the gettext catalogs (`.po`, in git) to `.mo` files for the wheel.

The `.mo` files are written beside their `.po` files, so that an editable install finds
them too, and are force-included in the wheel, since git (and so hatch) ignores them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CompileCatalogs(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "compile-catalogs"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        root = Path(self.root)
        for po_path in sorted((root / "src" / "lofte" / "locale").glob("*/LC_MESSAGES/*.po")):
            with po_path.open("rb") as po_file:
                catalog = read_po(po_file)
            mo_path = po_path.with_suffix(".mo")
            with mo_path.open("wb") as mo_file:
                write_mo(mo_file, catalog, use_fuzzy=False)
            relative = mo_path.relative_to(root / "src").as_posix()
            build_data.setdefault("force_include", {})[str(mo_path)] = relative
