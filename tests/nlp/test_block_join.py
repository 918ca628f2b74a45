"""The block join's screened looks and the corpus joins on two processes give what the plain
look-by-look join and one process give, on the sample's real text fields."""

from __future__ import annotations

import math
from collections.abc import Sequence

import pytest

from auditor.model import Document
from auditor.nlp.clones import _fuzz_ratio, bigrams, clean, narrow_texts, span_block

FIELDS = ("overview", "basis", "necessity", "measures", "plan")


def _plain_span_block(
    members: Sequence[tuple[int, str, int]], threshold: float, jaccard: float, length_ratio: float, limit: int
) -> list[tuple[int, int, float]]:
    """The reference: every look scored one by one (what span_block did before it screened them)."""
    items = sorted(members, key=lambda m: (m[2], m[0]))
    texts, sizes = [m[1] for m in items], [m[2] for m in items]
    parent = list(range(len(items)))

    def find(x: int) -> int:
        while parent[x] != x:
            x = parent[x]
        return x

    comps: dict[int, list[int]] = {}
    links = []
    for i in range(len(items)):
        budget, joined = limit, []
        li = len(texts[i])
        lo, hi = (li * length_ratio, li / length_ratio) if length_ratio > 0 else (-1.0, math.inf)
        for r in reversed(comps):
            if budget <= 0:
                break
            for j in reversed(comps[r]):
                budget -= 1
                if sizes[j] >= jaccard * sizes[i] and lo <= len(texts[j]) <= hi:
                    sim = _fuzz_ratio()(texts[i], texts[j], score_cutoff=threshold * 100) / 100.0
                    if sim >= threshold:
                        ri, rj = find(i), find(j)
                        parent[max(ri, rj)] = min(ri, rj)
                        links.append((i, j, sim))
                        joined.append(r)
                        break
                if budget <= 0:
                    break
        root = find(i)
        for r in joined:
            if r != root:
                comps[root].extend(comps.pop(r))
        comps.setdefault(root, []).append(i)
    return [(min(items[a][0], items[b][0]), max(items[a][0], items[b][0]), s) for a, b, s in links]


@pytest.fixture(scope="module")
def seed_texts(seed_doc: Document) -> list[str]:
    """The distinct cleaned texts of the sample's text fields, plus near-copies of its 项目概况 with
    one character changed (a family of distinct near-duplicates, as a large corpus has)."""
    texts = [clean(getattr(f.texts, name)) for f in seed_doc.project_forms for name in FIELDS]
    overviews = [clean(f.texts.overview) for f in seed_doc.project_forms]
    edited = [t[:k] + "甲" + t[k + 1 :] for t in overviews if len(t) >= 20 for k in (3, 11)]
    return list(dict.fromkeys(t for t in [*texts, *edited] if len(t) >= 4))


def _block(texts: Sequence[str]) -> list[tuple[int, str, int]]:
    return [(i, t, len(bigrams(t))) for i, t in enumerate(texts)]


@pytest.mark.parametrize("limit", [8, 64])
def test_screened_looks_equal_plain_looks_on_seed(seed_texts: list[str], limit: int) -> None:
    """Blocks of every size class (looked one by one, fully screened, band-screened) link the same
    pairs as scoring each look, on the sample's real texts and their near-copies."""
    ratio = 0.9 / (2 - 0.9)
    for size in (15, 100, len(seed_texts)):
        block = _block(seed_texts[:size])
        ours = span_block(block, 0.9, 0.5, ratio, limit)
        assert ours == _plain_span_block(block, 0.9, 0.5, ratio, limit)
    assert len(seed_texts) > 256  # the whole block is screened in a band
    assert len(ours) >= 100  # the near-copies of the 项目概况 (and the sample's own clones) are linked


def test_narrow_texts_bound_the_ratio_from_above(seed_texts: list[str]) -> None:
    """Renaming characters to one byte never lowers a ratio: the screen drops no near-duplicate."""
    texts = seed_texts[:150]
    narrow = narrow_texts(texts)
    assert all(max(map(ord, t)) < 256 for t in narrow)
    ratio = _fuzz_ratio()
    assert all(ratio(narrow[i], narrow[j]) >= ratio(texts[i], texts[j])
               for i in range(len(texts)) for j in range(i))


def test_a_screened_pair_that_is_no_near_duplicate(seed_texts: list[str]) -> None:
    """Pairs pass the one-byte screen when characters share a code; scored on the real texts, two
    different 项目概况 are no hit (and a chunk without any hit is fine)."""
    from auditor.nlp.clones import _window_hits

    texts = seed_texts[:2]  # the first form's 项目概况 and 立项依据
    assert _fuzz_ratio()(*texts) < 90
    same = ["a" * len(texts[0]), "a" * len(texts[1])]  # every character merged: the screen passes all
    assert _window_hits(texts, same, [len(bigrams(t)) for t in texts], 0.9, 0.0, 0.0, 2) == {}
    near = [texts[1], texts[1][:-1] + "甲"]
    assert _window_hits(near, narrow_texts(near), [len(bigrams(t)) for t in near], 0.9, 0.5, 0.0, 2) == {
        1: {0: _fuzz_ratio()(near[1], near[0], score_cutoff=90) / 100.0}}


@pytest.mark.slow
def test_joins_on_two_processes_equal_one(seed_doc: Document) -> None:
    """The corpus rules' joins computed over two processes (a forked child) are the ones computed
    here: clone clusters of every field, name series, close names, indicator-set clusters."""
    from auditor.engine.engine import select_rules
    from auditor.nlp import checks

    rules = [r for r in select_rules(None).rules.values() if r.spec.scope == "corpus"]
    memos = []
    for lanes in (1, 2):
        corpus = checks._Corpus(seed_doc.project_forms)
        checks.prepare(corpus, rules, lanes)
        memos.append(corpus.memo)
    assert memos[0] == memos[1]
    kinds = {key[:2] for key in memos[0]}
    assert {("partners", "overview"), ("partners", "goal"), ("series", 0.8), ("indicators", 0.8)} <= kinds
    assert any(key[0] == "relevance" for key in memos[0])  # built in this process, beside the child's joins
    overview = next(v for k, v in memos[0].items() if k[:2] == ("partners", "overview"))
    names = [{seed_doc.project_forms[i].project_name for i in m} for m in overview.members]
    assert {"办公家具及办公用品的配置项目", "办公经费项目", "公用经费"} in names


@pytest.mark.slow
def test_check_with_joins_on_two_processes_equals_one(seed_doc: Document, monkeypatch: pytest.MonkeyPatch) -> None:
    """The sample checked with the corpus joins prepared on two processes has the same findings."""
    from auditor import fork
    from auditor.engine import Options, registry, run

    def findings() -> list[str]:
        result = run([seed_doc], Options())
        return [repr(f) for f in result.all_findings()]

    monkeypatch.setattr(registry, "BEFORE_CORPUS", [])
    alone = findings()
    monkeypatch.undo()
    monkeypatch.setattr(fork, "FORK_MIN_FORMS", 1)
    assert fork.worth_forking(len(seed_doc.project_forms))
    assert findings() == alone
    assert any(f.startswith("Finding(rule='NLP001'") for f in alone)
