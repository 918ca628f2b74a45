"""Clone join: same pairs as all-pairs rapidfuzz on real seed fields, found without comparing all pairs."""

from __future__ import annotations

import pytest

from auditor.model import Document
from auditor.nlp.clones import (
    JoinStats,
    all_pairs_baseline,
    bigrams,
    clean,
    jaccard_join,
    set_join,
    similarity_groups,
    similarity_join,
)

FIELDS = ("overview", "basis", "necessity", "measures", "plan")


@pytest.mark.parametrize("field", FIELDS)
def test_join_equals_all_pairs_on_seed(seed_doc: Document, field: str) -> None:
    texts = [clean(getattr(f.texts, field)) for f in seed_doc.project_forms]
    stats = JoinStats()
    ours = {(i, j) for i, j, _ in similarity_join(texts, 0.9, min_length=4, stats=stats)}
    base = set(all_pairs_baseline(texts, 0.9, min_length=4))
    assert ours == base
    assert ours  # the sample is full of cloned text
    n = stats.distinct
    assert stats.candidates < n * (n - 1) // 2 / 4  # blocking compares a small share of the pairs


def test_seed_overview_clusters(seed_doc: Document) -> None:
    forms = seed_doc.project_forms
    texts = [clean(f.texts.overview) for f in forms]
    clusters = similarity_groups(texts, 0.9, min_length=4).clusters()
    names = [{forms[i].project_name for i in c} for c in clusters]
    # 项目概况 = 保障日常工作 on the 办公家具 form, both 办公经费项目 forms and 公用经费
    assert {"办公家具及办公用品的配置项目", "办公经费项目", "公用经费"} in names
    # the 2019年至2021年 pair of one project series
    assert {"2019年至2021年期间工程、采购货物等相关款项的项目", "2019年至2021年期间工程、采购货物等相关欠款项目"} in names


def test_near_duplicates_with_edits() -> None:
    a = "对我中心所服务的高层及部分集中办公场所的消防设施进行改造和完善满足基本的消防要求"
    b = a.replace("完善", "完备")
    c = "为各办公楼租摆和养护绿植三百盆"
    pairs = similarity_join([a, b, c, a], 0.9)
    assert {(i, j) for i, j, _ in pairs} == {(0, 1), (0, 3), (1, 3)}
    assert dict(((i, j), s) for i, j, s in pairs)[(0, 3)] == 1.0


def test_prefix_filter_is_complete_for_jaccard() -> None:
    sets = [bigrams(t) for t in ("保障日常工作", "保障日常工作开展", "做好后勤保障工作", "保障工作")]
    cands = set(set_join(sets, 0.5))
    for i in range(len(sets)):
        for j in range(i + 1, len(sets)):
            jac = len(sets[i] & sets[j]) / len(sets[i] | sets[j])
            if jac >= 0.5:
                assert (i, j) in cands


def test_indicator_sets_of_seed_office_forms(seed_doc: Document) -> None:
    forms = seed_doc.project_forms
    sets = [frozenset(clean(ind.level3) for ind in f.indicators) - {""} for f in forms]
    pairs = {(forms[i].project_name, forms[j].project_name) for i, j, _ in jaccard_join(sets, 0.8, min_size=5)}
    assert ("办公经费项目", "办公经费项目") in pairs
    # 办公设备购置项目 and 吕梁市乡村旅游重点村建设项目 share 8 of 10 names
    assert ("办公设备购置项目", "吕梁市乡村旅游重点村建设项目") in pairs


def _family(base: str, n: int) -> list[str]:
    """``n`` distinct near-copies of ``base``: one character replaced by a numbered variant."""
    out = []
    for k in range(n):
        pos = k % len(base)
        out.append(base[:pos] + str(k % 10) + base[pos + 1 :] + f"第{k}号")
    return out


def test_block_join_gives_the_join_clusters_on_seed(seed_doc: Document) -> None:
    """The distributed join's unit (blocks by prefix key, :func:`span_block`) finds the same clusters
    and the same canonical similarities as the local join, on every text field of the sample."""
    from auditor.nlp.clones import local_block_join, use_block_join

    forms = seed_doc.project_forms
    for field in FIELDS:
        texts = [clean(getattr(f.texts, field)) for f in forms]
        local = similarity_groups(texts, 0.9, min_length=4, spanning=True)
        use_block_join(local_block_join)
        try:
            blocked = similarity_groups(texts, 0.9, min_length=4, spanning=True)
        finally:
            use_block_join(None)
        assert blocked.clusters() == local.clusters()
        assert blocked.links == local.links
    overview = [clean(f.texts.overview) for f in forms]
    assert any(len(c) >= 3 for c in similarity_groups(overview, 0.9, min_length=4, spanning=True).clusters())


@pytest.mark.slow
def test_a_family_of_thousands_costs_linear_comparisons() -> None:
    """5,000 distinct near-copies of one 项目概况 are one cluster, found with a bounded number of
    comparisons per text (no pair list), and the similarity is each member's to the first."""
    base = "对我中心所服务的高层及部分集中办公场所的消防设施进行改造和完善满足基本的消防要求"
    texts = [*_family(base, 5000), "为各办公楼租摆和养护绿植三百盆"]
    stats = JoinStats()
    joined = similarity_groups(texts, 0.9, spanning=True, stats=stats)
    assert joined.clusters() == [list(range(5000))]
    assert stats.candidates < 5 * 5000
    assert len(joined.links) == 4999 and all(a == 0 for a, _, _ in joined.links)
    assert min(s for _, _, s in joined.links) >= 0.85


def test_ratio_prefix_keeps_every_near_copy() -> None:
    """The shorter prefix derived from the ratio threshold still finds every pair at ratio >= 0.9
    (checked against all pairs on near-copies with one to three edits)."""
    import random

    rng = random.Random(7)
    base = "按照相关规定做好办公楼日常维修养护工作保障机关正常运转提高服务质量"
    texts = []
    for _ in range(300):
        t = list(base)
        for _ in range(rng.randint(1, 3)):
            t[rng.randrange(len(t))] = rng.choice("甲乙丙丁戊己庚辛")
        texts.append("".join(t))
    ours = {(i, j) for i, j, _ in similarity_join(texts, 0.9)}
    assert ours == set(all_pairs_baseline(texts, 0.9))
    assert ours
