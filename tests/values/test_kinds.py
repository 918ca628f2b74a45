"""Indicator kind inference, on typical names and on hand-checked rows of the bundled sample."""

from __future__ import annotations

import pytest

from auditor.values import KINDS, dimension_fits, infer_kind, parse_value


def _indicator(seed_form, project: str, level3: str):
    form = seed_form(project)
    return next(i for i in form.indicators if i.level3 == level3)


@pytest.mark.parametrize(
    ("levels", "kind", "polarity"),
    [
        (("满意度指标", "服务对象满意度", "直接服务对象满意度"), "satisfaction", "higher"),
        (("产出指标", "时效指标", "设施设备维保及时率"), "timeliness", "higher"),
        (("产出指标", "质量指标", "安全事故发生次数"), "count", "zero"),
        (("产出指标", "成本指标", "项目金额"), "cost", "lower"),
        (("产出指标", "成本指标", "物业管理平均费用"), "cost", "lower"),
        (("产出指标", "质量指标", "验收合格率"), "rate", "higher"),
        (("效益指标", "经济效益", "资金节约率"), "rate", "higher"),
        (("产出指标", "质量指标", "返修率"), "rate", "lower"),
        (("产出指标", "数量指标", "用电设备损坏率"), "rate", "lower"),
        (("产出指标", "质量指标", "安全事故发生率"), "rate", "lower"),
        (("履职效益", "部门履行职责带来的效果", "会议活动保障失误率"), "rate", "lower"),
        (("产出指标", "数量指标", "物业管理面积"), "count", "higher"),
        (("产出指标", "数量指标", "服务就餐人数"), "count", "higher"),
        (("产出指标", "质量指标", "安保工作投诉数量"), "count", "lower"),
        (("产出指标", "时效指标", "突发情况响应时间"), "duration", "lower"),
        (("产出指标", "时效指标", "线路故障恢复时间"), "duration", "lower"),
        (("产出指标", "时效指标", "完成时间"), "deadline", "lower"),
        (("产出指标", "时效指标", "供电及时性"), "timeliness", "higher"),
        (("效益指标", "社会效益", "空调使用年限"), "duration", "higher"),
        (("效益指标", "可持续影响", "长效管理制度"), "sustainability", "higher"),
        (("产出指标", "成本指标", "经费/预算"), "rate", "lower"),
        # headings decide when the name says nothing
        (("产出指标", "数量指标", "刮墙"), "count", "higher"),
        (("产出指标", "时效指标", "木门"), "timeliness", "higher"),
        (("产出指标", "成本指标", "定点采购"), "cost", "lower"),
        (("满意度指标", "服务对象满意度", "工作人员"), "satisfaction", "higher"),
        (("效益指标", "生态效益", "绿色环保"), "benefit", "higher"),
        # the 2021 national layout: 成本指标 as a first-level heading
        (("成本指标", "经济成本指标", "设备购置"), "cost", "lower"),
        (("成本指标", "社会成本指标", "占用道路"), "cost", "lower"),
        (("成本指标", "生态环境成本指标", "植被破坏"), "cost", "lower"),
        (("成本指标", "", "项目总投入"), "cost", "lower"),
        (("", "", ""), "unknown", None),
    ],
)
def test_kinds(levels, kind, polarity):
    info = infer_kind(*levels)
    assert (info.kind, info.polarity) == (kind, polarity)
    assert info.kind in KINDS


def test_expected_dimensions():
    assert infer_kind("满意度指标", "服务对象满意度", "满意度").expected_dimensions == {"percent", "score"}
    assert infer_kind("产出指标", "成本指标", "项目金额").expected_dimensions == {"money", "rate_per_unit"}
    timely = infer_kind("产出指标", "时效指标", "完成时限要求")
    assert {"deadline", "duration"} <= timely.expected_dimensions
    assert infer_kind("产出指标", "时效指标", "设施设备维保及时率").is_rate
    assert infer_kind("产出指标", "数量指标", "物业管理面积").expected_dimensions == {"area"}


def test_weak_name_keeps_heading_and_reports_name_kind():
    info = infer_kind("产出指标", "成本指标", "食品安全")
    assert (info.kind, info.source, info.name_kind, info.name_weak) == ("cost", "heading", "quality_state", True)
    misfiled = infer_kind("效益指标", "社会效益", "满意度")
    assert (misfiled.kind, misfiled.heading_kind) == ("satisfaction", "benefit")


def test_seed_satisfaction_counted_in_times(seed_form):
    """党政大楼地下停车场物业服务项目: 直接服务对象满意度 = ≤4次 (a count capped from above)."""
    ind = _indicator(seed_form, "党政大楼地下停车场物业服务项目", "直接服务对象满意度")
    value, kind = parse_value(ind.period_value), infer_kind(ind.level1, ind.level2, ind.level3)
    assert (value.dimension, value.operator, value.number, value.counter) == ("count", "<=", 4, "次")
    assert dimension_fits(value, kind) is False
    assert kind.polarity == "higher" and value.bound == "max"


def test_seed_timeliness_rate_at_ceiling(seed_form):
    """市民服务中心保洁社会化服务项目: 设施设备维保及时率 = ≥100%."""
    ind = _indicator(seed_form, "市民服务中心保洁社会化服务项目", "设施设备维保及时率")
    value, kind = parse_value(ind.period_value), infer_kind(ind.level1, ind.level2, ind.level3)
    assert (value.operator, value.number, value.ceiling) == (">=", 100, True)
    assert kind.is_rate and dimension_fits(value, kind)


def test_seed_accidents_capped_at_zero(seed_form):
    ind = _indicator(seed_form, "党政大楼地下停车场物业服务项目", "安全事故发生次数")
    value, kind = parse_value(ind.period_value), infer_kind(ind.level1, ind.level2, ind.level3)
    assert (value.operator, value.number) == ("<=", 0)
    assert kind.polarity == "zero" and dimension_fits(value, kind)


def test_seed_unit_costs(seed_form):
    ind = _indicator(seed_form, "党政大楼地下停车场物业服务项目", "物业管理平均费用")
    value, kind = parse_value(ind.period_value), infer_kind(ind.level1, ind.level2, ind.level3)
    assert (value.dimension, value.per, value.money_yuan) == ("rate_per_unit", "平方米", 13.45)
    assert dimension_fits(value, kind)
    amount = _indicator(seed_form, "2019年至2021年期间工程、采购货物等相关欠款项目", "项目金额")
    parsed = parse_value(amount.period_value)
    assert (parsed.operator, parsed.money_yuan) == ("<=", 809029.81)
    assert dimension_fits(parsed, infer_kind(amount.level1, amount.level2, amount.level3))


def test_seed_unit_mismatches(seed_form):
    """Money under 数量指标 (刮墙 ≥20000元) and a percentage under 成本指标 (定点采购 100%)."""
    wall = _indicator(seed_form, "2019年至2021年期间工程、采购货物等相关欠款项目", "刮墙")
    assert dimension_fits(parse_value(wall.period_value), infer_kind(wall.level1, wall.level2, wall.level3)) is False
    buy = _indicator(seed_form, "办公家具及办公用品的配置项目", "定点采购")
    assert dimension_fits(parse_value(buy.period_value), infer_kind(buy.level1, buy.level2, buy.level3)) is False


def test_seed_vague_and_typo(seed_form):
    vague = _indicator(seed_form, "党政大楼地下停车场物业服务项目", "工作效率提升情况")
    parsed = parse_value(vague.period_value)
    assert (parsed.text, parsed.vague) == ("明显", True)
    assert dimension_fits(parsed, infer_kind(vague.level1, vague.level2, vague.level3)) is None
    typo = _indicator(seed_form, "2024年各办公楼垃圾处理项目", "产生较高的经济效益")
    assert parse_value(typo.period_value).malformed


def test_seed_count_under_satisfaction_heading(seed_form):
    ind = _indicator(seed_form, "机关办公大楼电费项目", "电费绩效申报数")
    kind = infer_kind(ind.level1, ind.level2, ind.level3)
    assert (kind.kind, kind.heading_kind, kind.heading_expected) == ("count", "satisfaction", {"percent", "score"})
    assert parse_value(ind.period_value).effective_dimension not in kind.heading_expected
