"""Translation: gettext catalogs, and the choice of language.

English is the source language; `locale/sv/LC_MESSAGES/lofte.po` holds Swedish. The user's
language is chosen by LOFTE_LANG, then LC_ALL, LC_MESSAGES and LANG, as POSIX does: the
first of them that is set decides; `sv...` means Swedish and anything else English.

Strings are marked with `_()` where they are used, so that the language can be switched
(the tests do; a report follows its ledger's language, not the user's). A constant that
must be defined before the language is known is marked with `N_()` and translated with
`_()` where it is used.
"""

from __future__ import annotations

import gettext
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "lofte"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("en", "sv")
LANGUAGE_VARIABLES = ("LOFTE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")


def choose_language(environ: Mapping[str, str]) -> str:
    """`sv` or `en`, from the environment; an unknown value means English."""
    for name in LANGUAGE_VARIABLES:
        value = environ.get(name, "").strip()
        if value:
            return "sv" if value.lower().startswith("sv") else "en"
    return "en"


def load_translations(language: str) -> gettext.NullTranslations:
    if language == "en":
        return gettext.NullTranslations()
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[language], fallback=True)


_active: gettext.NullTranslations | None = None
_language = "en"


def set_language(language: str) -> None:
    global _active, _language  # noqa: PLW0603 - the one place that holds the language
    _language = language if language in LANGUAGES else "en"
    _active = load_translations(_language)


def current_language() -> str:
    if _active is None:
        set_language(choose_language(os.environ))
    return _language


@contextmanager
def language(code: str) -> Iterator[None]:
    """Use another language for a while (a report in its ledger's language)."""
    previous = current_language()
    set_language(code)
    try:
        yield
    finally:
        set_language(previous)


def _(message: str) -> str:
    """The message in the current language."""
    if _active is None:
        set_language(choose_language(os.environ))
    assert _active is not None
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    if _active is None:
        set_language(choose_language(os.environ))
    assert _active is not None
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """The message in the current language, for a msgid that means something else elsewhere
    (the same English word with another translation): `context` tells the two apart."""
    if _active is None:
        set_language(choose_language(os.environ))
    assert _active is not None
    return _active.pgettext(context, message)


def N_(message: str) -> str:
    """Mark a message for extraction without translating it yet."""
    return message
