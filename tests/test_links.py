"""Nothing in the repository refers to a document the repository does not contain: every
relative link in its Markdown leads to a file or folder that exists, and every document
named in its code, tests and Markdown (`docs/ledger-format.md`, `ordlista.md`) is there."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SKIPPED_FOLDERS = {".git", ".venv", ".ci-venv", "node_modules", "build", "dist",
                   "__pycache__", ".mypy_cache", ".ruff_cache", ".pytest_cache", "corpus"}
LINK = re.compile(r"""\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+["'][^"']*["'])?\s*\)""")
# A document or file of this repository named in text: a path under one of its folders, or
# the name of a Markdown document.
NAMED_PATH = re.compile(r"(?<![\w/.-])((?:docs|schemas|examples|benchmarks)/[\w./-]*\.[a-z]+)\b")
NAMED_DOCUMENT = re.compile(r"(?<![\w/.-])([\w-]+\.md)\b")


def repository_files(*suffixes: str, skipped: frozenset[str] = frozenset()) -> list[Path]:
    """The files with these suffixes, outside generated folders, the corpus of hostile
    input, and the ledgers (thousands of activity files that name nothing)."""
    found: list[Path] = []
    for folder, folders, names in os.walk(REPO):
        folders[:] = [name for name in folders if name not in SKIPPED_FOLDERS | skipped
                      and name not in {"activities", "ledgers"}]
        found.extend(Path(folder, name) for name in names if Path(name).suffix in suffixes)
    return sorted(found)


MARKDOWN = repository_files(".md")
# Tests name the files they create; they are not documents of the repository.
SOURCES = repository_files(".md", ".py", ".yml", ".yaml", ".toml", skipped=frozenset({"tests"}))
DOCUMENT_NAMES = {path.name for path in MARKDOWN}


def relative_links(text: str) -> list[str]:
    """The targets of the Markdown links in `text` that point inside the repository; links
    in fenced code blocks are examples, not links."""
    prose = re.sub(r"^```.*?^```", "", text, flags=re.MULTILINE | re.DOTALL)
    return [target for target in LINK.findall(prose)
            if not re.match(r"[a-z][a-z0-9+.-]*:|#|//", target)]


@pytest.mark.parametrize("document", MARKDOWN, ids=lambda p: str(p.relative_to(REPO)))
def test_every_relative_link_leads_somewhere(document: Path) -> None:
    missing = [target for target in relative_links(document.read_text(encoding="utf-8"))
               if not (document.parent / target.split("#")[0]).exists()]
    assert not missing, f"{document.relative_to(REPO)} links to what is not there: {missing}"


def test_every_named_document_exists() -> None:
    missing: list[str] = []
    for source in SOURCES:
        text = source.read_text(encoding="utf-8", errors="replace")
        name = source.relative_to(REPO)
        for path in NAMED_PATH.findall(text):
            if not (REPO / path).exists() and not path.startswith("benchmarks/ledgers/"):
                missing.append(f"{name}: {path}")
        missing.extend(f"{name}: {document}" for document in NAMED_DOCUMENT.findall(text)
                       if document not in DOCUMENT_NAMES)
    assert not missing, "\n".join(missing)


def test_the_links_are_found() -> None:
    assert relative_links("[a](docs/x.md) [b](https://e.org) [c](#top) [d](../y/ 'z')\n"
                          "```\n[e](nowhere.md)\n```\n") == ["docs/x.md", "../y/"]


def test_the_readme_and_the_code_point_at_the_ledger_format() -> None:
    assert "(docs/ledger-format.md)" in (REPO / "README.md").read_text(encoding="utf-8")
    models = (REPO / "src" / "lofte" / "domain" / "models.py").read_text(encoding="utf-8")
    assert "docs/ledger-format.md" in models


def test_every_demo_and_data_file_has_the_schema_modeline() -> None:
    """The README promises editors a `# yaml-language-server: $schema=...` line in each
    file of a ledger; the demo and the real ledger keep that promise."""
    files = [*(REPO / "examples" / "demo").rglob("*.yaml"), *(REPO / "data").rglob("*.yaml")]
    lacking = [str(path.relative_to(REPO)) for path in files
               if "# yaml-language-server: $schema=" not in path.read_text(encoding="utf-8")]
    assert len(files) > 100
    assert not lacking, lacking
