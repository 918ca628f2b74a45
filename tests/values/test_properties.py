"""Invariants of parse_value on generated strings built from the grammar's own vocabulary."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.values import DIMENSIONS, KINDS, OPERATORS, infer_kind, parse_value

PIECES = [
    *"0123456789.,%-~/ ",
    "元", "万元", "亿", "千", "十", "两", "三", "年", "月", "日", "底", "前", "内", "以上", "以下", "≥", "≤", "<", ">",
    "=", "≠", "每", "次", "个", "人", "平方米", "m²", "㎡", "明显", "提高", "中标价", "预算价", "合同天数", "达到",
    "不少于", "超过", "全年", "无", "事故", "保", "完", ",", "《", "》",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=8).map("".join))
def test_parse_invariants(text):
    p = parse_value(text)
    assert p.dimension in DIMENSIONS
    assert p.operator is None or p.operator in OPERATORS
    if p.truncated:
        assert p.malformed
    if p.dimension in ("empty", "text", "qualitative_graded", "qualitative_vague"):
        assert p.money_yuan is None
    if p.dimension == "money" and p.number is not None:
        assert p.money_yuan is not None
    if p.dimension == "rate_per_unit":
        assert p.base_dimension is not None and (p.per or p.period)
    if p.ceiling:
        assert p.dimension == "percent" and p.number is not None and p.number >= 100
    assert not (p.vague and p.graded)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=12), st.text(max_size=12), st.text(max_size=12))
def test_kind_invariants(l1, l2, l3):
    k = infer_kind(l1, l2, l3)
    assert k.kind in KINDS
    assert k.polarity in ("higher", "lower", "zero", None)
    assert (k.kind == "unknown") == (not k.expected_dimensions)
