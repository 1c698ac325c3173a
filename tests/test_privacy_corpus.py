"""The personal-data guard over a labelled set of realistic Swedish activity sentences.

Precision and recall are asserted on detection per sentence (is there any personal data?) and
on the kinds found (is it the right kind?). `python benchmarks/privacy_scores.py` prints the
whole table.
"""

from __future__ import annotations

from lofte.domain.privacy import find_personal_data
from tests.privacy_corpus import CLEAN, CORPUS, KINDS, WITH_PERSONAL_DATA, Report, score

TARGET = 0.97


def _report() -> Report:
    return score(lambda text: [m.kind for m in find_personal_data(text)])


def _misses(report: Report) -> str:
    return "\n".join(f"expected {sorted(sample.kinds)}, found {sorted(found)}: {sample.text}"
                     for sample, found in report.misses)


def test_the_corpus_is_large_varied_and_about_half_personal_data() -> None:
    assert len(CORPUS) >= 150
    assert 0.4 <= len(WITH_PERSONAL_DATA) / len(CORPUS) <= 0.6
    assert len({sample.text for sample in CORPUS}) == len(CORPUS), "a sentence is there twice"
    assert all(sample.kinds for sample in WITH_PERSONAL_DATA)
    assert not any(sample.kinds for sample in CLEAN)
    for kind in KINDS:
        assert sum(kind in sample.kinds for sample in CORPUS) >= 15, kind


def test_personal_data_is_found_in_sentences() -> None:
    report = _report()
    assert report.sentence.recall >= TARGET, _misses(report)
    assert report.sentence.precision >= TARGET, _misses(report)


def test_personal_data_is_found_with_its_kind() -> None:
    report = _report()
    assert report.kinds.recall >= TARGET, _misses(report)
    assert report.kinds.precision >= TARGET, _misses(report)


def test_what_is_found_in_the_corpus_is_masked() -> None:
    for sample in WITH_PERSONAL_DATA:
        for match in find_personal_data(sample.text):
            original = sample.text[match.start:match.end]
            hidden = sum(c.isalnum() for c in original) - sum(c.isalnum() for c in match.masked
                                                             if c != "*")
            assert hidden >= 4, (original, match.masked)
