"""What a ledger repository installs is a lofte that exists: the CI templates and the
pre-commit example name the release tag of this version (`v` + `lofte.__version__`), the
tag that a release of this version carries. The test reads the files only; it does not need
the tag in the clone."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from lofte import __version__

REPO = Path(__file__).resolve().parent.parent
TAG = f"v{__version__}"
TEMPLATES = ("docs/ci/github-actions.yml", "docs/ci/gitlab-ci.yml",
             "src/lofte/templates/github-actions.yml")
PRE_COMMIT_EXAMPLES = ("README.md", "docs/ci/README.md")


@pytest.mark.parametrize("name", TEMPLATES)
def test_a_template_installs_this_release_from_one_variable_at_its_top(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    sources = re.findall(r'^  LOFTE_SOURCE: "(.+)"$', text, re.MULTILINE)
    assert sources == [f"lofte @ git+https://example.org/lofte.git@{TAG}"]
    assert text.index("LOFTE_SOURCE:") < min(text.index(key) for key in ("jobs:", "lofte-check:")
                                             if key in text)
    assert f'LOFTE_SOURCE: "lofte=={__version__}"' in text  # the index form, in a comment
    assert 'pip install --quiet "$LOFTE_SOURCE"' in text or 'pip install "$LOFTE_SOURCE"' in text
    assert "pip install lofte" not in text


@pytest.mark.parametrize("name", PRE_COMMIT_EXAMPLES)
def test_the_pre_commit_example_names_the_tag_of_this_version(name: str) -> None:
    text = (REPO / name).read_text(encoding="utf-8")
    revisions = re.findall(r"^\s*rev: (\S+)", text, re.MULTILINE)
    assert revisions == [TAG]
