"""Translations: the language choice, and a Swedish catalog that is complete and consistent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from lofte import i18n

SRC = Path(__file__).resolve().parent.parent / "src" / "lofte"
SV_PO = SRC / "locale" / "sv" / "LC_MESSAGES" / "lofte.po"
KEYWORDS = {"_": None, "N_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}


@pytest.mark.parametrize(("environ", "language"), [
    ({}, "en"),
    ({"LANG": "sv_SE.UTF-8"}, "sv"),
    ({"LANG": "C"}, "en"),
    ({"LANG": "C.UTF-8"}, "en"),
    ({"LANG": "klingon"}, "en"),
    ({"LOFTE_LANG": "sv", "LANG": "en_US.UTF-8"}, "sv"),
    ({"LOFTE_LANG": "en", "LANG": "sv_SE.UTF-8"}, "en"),
    ({"LC_ALL": "sv_FI.UTF-8", "LANG": "en_GB"}, "sv"),
    ({"LC_ALL": "", "LC_MESSAGES": "sv_SE", "LANG": "C"}, "sv"),
    ({"LC_ALL": "C", "LANG": "sv_SE.UTF-8"}, "en"),
])
def test_language_choice(environ: dict[str, str], language: str) -> None:
    assert i18n.choose_language(environ) == language


def test_an_unknown_language_falls_back_to_english() -> None:
    with i18n.language("xx"):
        assert i18n._("no activity logged") == "no activity logged"


# Python sources, and the web's Jinja2 templates (which call `_()` and `ngettext()` too).
METHODS = [("**.py", "python"), ("**/templates/**.html", "jinja2.ext:babel_extract")]
OPTIONS = {"**/templates/**.html": {"trim_blocks": "true", "lstrip_blocks": "true"}}


def _source_messages() -> set[tuple[str, str | None]]:
    found: set[tuple[str, str | None]] = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(SRC), method_map=METHODS, options_map=OPTIONS, keywords=KEYWORDS,
            comment_tags=()):
        # A plural (ngettext) is one catalog entry, found by its singular msgid; a pgettext
        # entry by its msgid and its context.
        found.add((message if isinstance(message, str) else message[0], context))
    return found


PLACEHOLDER = re.compile(r"\{[a-z_0-9]*(?:![rsa])?(?::[^{}]*)?\}|%\(?[a-z_]*\)?[sd]")


def test_every_message_has_a_swedish_translation() -> None:
    with SV_PO.open("rb") as handle:
        catalog = read_po(handle)
    missing = []
    for message, context in sorted(_source_messages(), key=lambda m: (m[0], m[1] or "")):
        entry = catalog.get(message, context)
        if entry is None or entry.fuzzy or not all(
                entry.string if isinstance(entry.string, tuple) else [entry.string]):
            missing.append(message if context is None else f"{context}: {message}")
    assert not missing, "untranslated in sv/lofte.po:\n" + "\n".join(missing)


def test_placeholders_match_between_msgid_and_msgstr() -> None:
    with SV_PO.open("rb") as handle:
        catalog = read_po(handle)
    wrong = []
    for entry in catalog:
        if not entry.id or not entry.string:
            continue
        ids = entry.id if isinstance(entry.id, tuple) else (entry.id,)
        strings = entry.string if isinstance(entry.string, tuple) else (entry.string,)
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            if sorted(PLACEHOLDER.findall(text)) != wanted:
                wrong.append(f"{ids[0]!r} -> {text!r}")
    assert not wrong, "placeholders differ:\n" + "\n".join(wrong)
