"""Heading variants of other regions' forms normalised to the framework's categories
(rules/headings.yaml); each heading is one printed on a regions form."""

from __future__ import annotations

import pytest

from auditor.values import infer_kind
from auditor.values.headings import heading_category, resolve_row


@pytest.mark.parametrize(
    ("form", "heading", "level", "category"),
    [
        ("h20", "产出 指标", 1, "产出指标"),
        ("h06", "产出指标(50分)", 1, "产出指标"),
        ("h06", "效益指标(30分)", 1, "效益指标"),
        ("h16", "成本指标(0-20)分", 1, "成本指标"),
        ("h26", "產(chǎn)出指標(biāo)", 1, "产出指标"),
        ("h26", "數(shù)量指標(biāo)", 2, "数量指标"),
        ("h26", "經(jīng)濟(jì)效益指標(biāo)", 2, "经济效益指标"),
        ("h32", "产出值", 1, "产出指标"),
        ("h32", "数量值", 2, "数量指标"),
        ("h32", "可持续影响值", 2, "可持续影响指标"),
        ("h30", "产出目标", 1, "产出指标"),
        ("h30", "数量目标", 2, "数量指标"),
        ("h36", "产出数量指标", 2, "数量指标"),
        ("h02", "社会公众或服务对象满意度指标", 2, "满意度指标"),
        ("h22", "可持续影响", 2, "可持续影响指标"),
        ("h16", "生态环境成本指标", 2, "成本指标"),
    ],
)
def test_heading_variants(form, heading, level, category):
    assert heading_category(heading, level).category == category


def test_unknown_headings_stay_unknown():
    # h36: the form's own grouping words are no category of the framework
    assert not heading_category("项目年度绩效目标(定量指标)", 1).known
    assert not heading_category("制度指标", 2).known


def test_level2_implies_its_level1():
    # h04 prints no level-1 cells: 数量指标 alone says the row is an output indicator
    row = resolve_row("", "数量指标", "办公大楼日常维修维护次数", "2280次")
    assert (row.level1, row.level2, row.source) == ("产出指标", "数量指标", "vocabulary")


def test_rows_without_headings_are_not_understood():
    # h08 (潼南): the published table lost its heading columns
    assert not resolve_row("", "", "发放人数", "≥80人数").understood


def test_unknown_heading_resolved_only_when_the_classifier_is_confident():
    # h36 制度指标 / 规章制度建立与否: the classifier is unsure, the heading stays unresolved
    row = resolve_row("项目年度绩效目标(定量指标)", "制度指标", "规章制度建立与否", "")
    assert row.source == "none" and not row.understood and row.confidence < 0.6


def test_kind_from_value_headings_and_traditional_names():
    # h32 成本值 decides a cost; h26's traditional 金額 name is a cost by its name
    assert infer_kind("产出值", "成本值", "义务教育小学生均公用经费").kind == "cost"
    assert infer_kind("產(chǎn)出指標(biāo)", "數(shù)量指標(biāo)", "業(yè)務(wù)工作支出安排金額").kind == "cost"
    assert infer_kind("产出值", "时效值", "教育均衡化发展").heading_kind == "timeliness"


def test_unknown_heading_resolved_by_a_confident_classifier():
    # h36's unknown 制度指标 heading over h02's 学生家长满意度 ≥90%: the classifier says 满意度
    row = resolve_row("项目年度绩效目标(定量指标)", "制度指标", "学生家长满意度", "≥90%")
    assert (row.level1, row.level2, row.source) == ("满意度指标", "满意度指标", "classifier")
    assert row.confidence >= 0.6
