"""The domain tokenizer: dictionary words stay whole, stopwords go, output is deterministic."""

from __future__ import annotations

from auditor.nlp.tokenize import normalize, stopwords, tokenize, words


def test_domain_terms_stay_whole() -> None:
    toks = words("党政大楼安保购买社会化服务项目，服务对象满意度≥90%，设施设备维保及时率")
    for term in ("党政大楼", "社会化服务", "服务对象满意度", "及时率", "维保"):
        assert term in toks


def test_stopwords_and_numbers_dropped() -> None:
    # seed goal of 办公家具及办公用品的配置项目: only 水 carries content
    assert tokenize("确保水的正常保障") == ["水"]
    assert tokenize("完成年度目标100%") == []
    assert "项目" in stopwords() and "满意度" not in stopwords()


def test_deterministic_and_normalised() -> None:
    text = "２０２５年度党政大楼地下停车场物业服务项目（３１２３７平方米）"
    assert tokenize(text) == tokenize(text)
    assert normalize("ＡＢ　１２％") == "ab 12%"
    assert words("") == []


def test_pretokenize_gives_the_same_words_as_one_process(seed_doc, monkeypatch) -> None:
    """Texts segmented ahead in forked processes are the words one process finds (the sample's
    项目概况 and goals), and release() forgets them."""
    from auditor.nlp import tokenize as tk

    # the real segmentation, here and in the forked processes (not tests/conftest.py's memo of it)
    monkeypatch.setattr(tk, "_segment", getattr(tk._segment, "__wrapped__", tk._segment))
    texts = [t for f in seed_doc.project_forms for t in (f.texts.overview, f.goals.period) if t]
    expected = [tk._segment(t) for t in texts]
    tk.release()
    try:
        done = tk.pretokenize(texts, jobs=2, min_texts=1)
        assert done == len(set(texts))
        assert [tk._words(t) for t in texts] == expected
    finally:
        tk.release()
    assert not tk._READY
