"""The glossary (docs/ordlista.md) holds for the Swedish catalog: no msgstr uses a word that
the glossary lists under "Använd inte", and the state words agree with "åtagande"."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from lofte.domain.scaffold import LedgerSettings, ledger_files

REPO = Path(__file__).resolve().parent.parent
GLOSSARY = REPO / "docs" / "ordlista.md"
CATALOG = REPO / "src" / "lofte" / "locale" / "sv" / "LC_MESSAGES" / "lofte.po"
DO_NOT_USE_COLUMN = 3


def forbidden_words() -> dict[str, str]:
    """Each word of the "Använd inte" column, with the word to use instead."""
    words: dict[str, str] = {}
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if not line.startswith("|") or len(cells) <= DO_NOT_USE_COLUMN \
                or set(cells[0]) <= {"-", " "} or cells[0] == "Svenska":
            continue
        for word in re.findall(r"`([^`]+)`", cells[DO_NOT_USE_COLUMN]):
            words[word] = cells[0]
    return words


def translations() -> list[tuple[str, str]]:
    """(msgid, msgstr) for every translated text, plural forms one by one."""
    with CATALOG.open("rb") as file:
        catalog = read_po(file)
    pairs: list[tuple[str, str]] = []
    for message in catalog:
        if not message.id:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        strings = message.string if isinstance(message.string, tuple | list) \
            else (message.string,)
        pairs.extend((msgid, text) for text in strings if text)
    return pairs


def prose(text: str) -> str:
    """The words of a message: no `code` spans, no {placeholders}."""
    return re.sub(r"`[^`]*`|\{[^{}]*\}", " ", text)


def uses(word: str, text: str) -> bool:
    """Whether `text` holds `word` as a whole word or phrase, in any case (a hyphen joins:
    "YAML-händelse" is not "händelse")."""
    return re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text, re.IGNORECASE) \
        is not None


def test_the_glossary_has_words_not_to_use() -> None:
    words = forbidden_words()
    assert len(words) > 40, words
    assert {"offentlig", "register", "försenad", "längsta uppehåll", "nåddes",
            "arbetade timmar", "uppgivet", "redovisning", "YYYY-MM-DD"} <= set(words)


def test_no_translation_uses_a_word_the_glossary_forbids() -> None:
    words = forbidden_words()
    found = [f"{msgid!r}: {msgstr!r} uses `{word}`; the glossary says {use!r}"
             for msgid, msgstr in translations()
             for word, use in words.items() if uses(word, prose(msgstr))]
    assert not found, "\n".join(found)


@pytest.mark.parametrize(("text", "word", "expected"), [
    ("visar läget försenad", "försenad", True),
    ("4 försenade", "försenad", False),
    ("oväntad YAML-händelse", "händelse", False),
    ("kör `lofte status`", "status", False),
    ("Arbetade Timmar", "arbetade timmar", True),
])
def test_a_word_is_matched_whole(text: str, word: str, expected: bool) -> None:
    assert uses(word, prose(text)) is expected


@pytest.mark.parametrize(("msgid", "msgstr"), [
    ("overdue", "försenat"), ("not-started", "ej påbörjat"), ("retired", "avslutat"),
    ("paused", "pausat"), ("not public", "ej publik"), ("Max gap", "Max uppehåll"),
])
def test_state_words_agree_with_atagande(msgid: str, msgstr: str) -> None:
    assert (msgid, msgstr) in translations()


def test_the_files_of_a_new_ledger_use_the_glossary() -> None:
    """The Swedish that `lofte init` writes (commitments.yaml's comments, the README) uses
    the glossary's words too."""
    settings = LedgerSettings("Forshaga kommun", "Lokalpolisområde Karlstad",
                              dt.date(2026, 1, 1), dt.date(2028, 12, 31))
    words = forbidden_words()
    found = [f"{name}: `{word}` (the glossary says {use!r})"
             for name, text in ledger_files(settings).items() if not name.endswith(".json")
             for word, use in words.items() if uses(word, prose(text))]
    assert not found, "\n".join(found)
