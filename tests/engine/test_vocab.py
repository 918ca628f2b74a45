"""The one vocabulary (auditor.vocab): every category has a reader label and a scoring weight."""

from __future__ import annotations

from auditor import vocab
from auditor.score.weights import load_weights


def test_every_category_has_a_label_and_a_weight() -> None:
    weights = load_weights()
    weighted = {c for d in weights.dimensions.values() for c in d.categories}
    for category in vocab.CATEGORIES:
        assert vocab.category_label(category) != category, f"{category}: no label in rules/report.yaml"
        assert category in weighted, f"{category}: no dimension in rules/weights.yaml"
        assert vocab.category_dimension(category) in weights.dimensions
    # the reverse: no label or weight for a category that does not exist
    assert set(weighted) <= set(vocab.CATEGORIES)


def test_severity_words_and_order() -> None:
    assert [vocab.severity_word(s) for s in vocab.SEVERITIES] == ["错误", "警告", "提示"]
    assert sorted(vocab.SEVERITIES, key=vocab.SEVERITY_RANK.__getitem__, reverse=True) == list(vocab.SEVERITIES)
    assert (vocab.column_word("period"), vocab.column_word("annual"), vocab.column_word(None)) == ("实施期", "年度", "")
