"""Unit tests of the value grammar: operators, ranges, numerals, money, deadlines, flags."""

from __future__ import annotations

import pytest

from auditor.values import DIMENSIONS, cn_to_number, parse_value, value_repeats_name


@pytest.mark.parametrize(
    ("text", "op", "num"),
    [
        ("不低于95%", ">=", 95), ("不少于3次", ">=", 3), ("大于等于90%", ">=", 90), ("不小于2台", ">=", 2),
        ("至少5人", ">=", 5), ("100人以上", ">=", 100), ("达到95%", ">=", 95), ("满意度达85%", ">=", 85),
        ("不高于10万元", "<=", 10), ("不超过30天", "<=", 30), ("不大于5%", "<=", 5), ("小于等于2小时", "<=", 2),
        ("30天以内", "<=", 30), ("3日之内", "<=", 3), ("5%以下", "<=", 5), ("控制在1%以内", "<=", 1),
        ("100个工作日内", "<=", 100), ("低于5%", "<", 5), ("大于85%", ">", 85), ("高于90%", ">", 90),
        ("超过50人", ">", 50), ("小于5分钟", "<", 5), ("少于3起", "<", 3), ("等于100%", "=", 100),
        ("≧98%", ">=", 98), ("≦20万元", "<=", 20), ("＞85%", ">", 85), ("＜3次", "<", 3), (">=95%", ">=", 95),
        ("＝0次", "=", 0), ("≠0", "!=", 0), ("全年0起", "=", 0), ("0次", "=", 0), ("31237平方米", None, 31237),
    ],
)
def test_operators(text, op, num):
    parsed = parse_value(text)
    assert parsed.operator == op
    assert parsed.number == pytest.approx(num)


def test_bound_property():
    assert parse_value("≥95%").bound == "min"
    assert parse_value("≤4次").bound == "max"
    assert parse_value("=0次").bound == "exact"
    assert parse_value("明显").bound is None


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [("90%-95%", 90, 95, "%"), ("3至5次", 3, 5, "次"), ("3-5次", 3, 5, "次"), ("10~20万元", 10, 20, "万元")],
)
def test_ranges(text, low, high, unit):
    parsed = parse_value(text)
    assert (parsed.number, parsed.number_high, parsed.unit) == (low, high, unit)


@pytest.mark.parametrize(
    ("text", "value"),
    [("一", 1), ("两", 2), ("十", 10), ("十二", 12), ("二十", 20), ("一百零五", 105), ("两千", 2000),
     ("三万五千", 35000), ("一亿", 100000000)],
)
def test_chinese_numerals(text, value):
    assert cn_to_number(text) == value


def test_chinese_numerals_in_values():
    assert (parse_value("每半月一次").number, parse_value("每半月一次").counter) == (1, "次")
    assert parse_value("正常工作日每日三班").number == 3
    assert parse_value("两次").number == 2
    three = parse_value("三万元")
    assert (three.number, three.unit, three.money_yuan) == (3, "万元", 30000)
    # an ordinal floor number in a place name is not a quantity
    assert parse_value("八层会议室").dimension == "text"


@pytest.mark.parametrize(
    ("text", "yuan"),
    [("3万元", 30000), ("23.670261万元", 236702.61), ("42,644,155万元", 426441550000), ("≤809029.81元", 809029.81),
     ("2亿元", 200000000), ("5千元", 5000), ("0.45万元", 4500), ("≥2000元", 2000)],
)
def test_money_conversion(text, yuan):
    parsed = parse_value(text)
    assert parsed.dimension == "money"
    assert parsed.money_yuan == pytest.approx(yuan)


def test_thousands_separator_without_unit():
    parsed = parse_value("600,000")
    assert (parsed.number, parsed.dimension, parsed.unitless) == (600000, "ratio", True)


@pytest.mark.parametrize(
    ("text", "unit"),
    [("31237平方米", "平方米"), ("113978m²", "平方米"), ("13000m ²", "平方米"), ("200平米", "平方米"),
     ("50㎡", "平方米"), ("50.5亩", "亩")],
)
def test_area_units(text, unit):
    parsed = parse_value(text)
    assert (parsed.dimension, parsed.unit) == ("area", unit)


@pytest.mark.parametrize(
    ("text", "base", "per", "period"),
    [("13.45元/平米", "money", "平方米", None), ("45元/平方米", "money", "平方米", None),
     ("每月0.2元/m²", "money", "平方米", "月"), ("每年68.6元/m ²", "money", "平方米", "年"),
     ("<3起/年", "count", None, "年"), ("1次/月", "count", None, "月"), ("≤110万元/年", "money", None, "年"),
     ("每班不少于8人", "count", "班", None), ("13192元/部", "money", "部", None)],
)
def test_rates_per_unit(text, base, per, period):
    parsed = parse_value(text)
    assert parsed.dimension == "rate_per_unit"
    assert (parsed.base_dimension, parsed.per, parsed.period) == (base, per, period)
    # a frequency compares as its numerator; a unit rate stays a rate
    assert parsed.effective_dimension == ("rate_per_unit" if per else base)


@pytest.mark.parametrize(
    ("text", "date", "op"),
    [("12月底前", (None, 12, None), "<="), ("每年5月20日前完成", (None, 5, 20), "<="),
     ("2025年6月前", (2025, 6, None), "<="), ("年底前", (None, 12, None), "<="),
     ("2024.3.20", (2024, 3, 20), None), ("十二月底", (None, 12, None), "<=")],
)
def test_deadlines(text, date, op):
    parsed = parse_value(text)
    assert parsed.dimension == "deadline"
    assert (parsed.date, parsed.operator) == (date, op)
    assert not parsed.truncated


def test_months_as_durations_are_not_deadlines():
    assert parse_value("≥1月").dimension == "duration"
    assert parse_value("1个月").dimension == "duration"
    assert parse_value("6个月内").operator == "<="


@pytest.mark.parametrize(
    ("text", "truncated"),
    [("得到有效保", True), ("每年10月20日前完", True), ("每年5月20日前完", True), ("提供一定的就业岗位,", True),
     ("正常运", True), ("得到有效保障", False), ("每年5月20日前完成", False), ("确保", False), ("明显", False),
     ("确保大楼消防安全", False), ("所有机组正常运行", False)],
)
def test_truncation(text, truncated):
    parsed = parse_value(text)
    assert parsed.truncated is truncated
    if truncated:
        assert parsed.malformed


@pytest.mark.parametrize("text", ["明显", "提高", "提升", "健全", "及时", "有效", "降低", "改善", "符合要求", "显著",
                                  "下降", "明显提升", "得到有效保障", "不明显", "长期"])
def test_vague(text):
    parsed = parse_value(text)
    assert (parsed.dimension, parsed.vague, parsed.graded) == ("qualitative_vague", True, False)


@pytest.mark.parametrize("text", ["达到", "基本达到", "未达到", "好", "较好", "一般", "差", "优", "良", "合格", "达标",
                                  "是", "否", "全部完成", "建立", "满意", "所有机组正常运行", "无污渍、无灰尘"])
def test_graded(text):
    parsed = parse_value(text)
    assert (parsed.dimension, parsed.graded, parsed.vague) == ("qualitative_graded", True, False)


def test_zero_phrases_are_counts():
    for text in ("不发生消防事故", "全年无故障", "无"):
        parsed = parse_value(text)
        assert (parsed.dimension, parsed.operator, parsed.number, parsed.zero_phrase) == ("count", "=", 0, True)


def test_references():
    both = parse_value("中标价≤预算价")
    assert (both.dimension, both.operator, both.reference, both.reference_rhs) == ("money", "<=", "中标价", "预算价")
    assert parse_value("<预算价额").reference == "预算价"
    assert parse_value("≦中标价").operator == "<="
    assert (parse_value("大于等于合同数量").dimension, parse_value("大于等于合同数量").operator) == ("count", ">=")
    assert parse_value("合同天数").dimension == "duration"


def test_ceiling_and_typo():
    assert parse_value("≥100%").ceiling
    assert parse_value("100%").ceiling
    assert not parse_value("<100%").ceiling
    assert not parse_value("95%").ceiling
    typo = parse_value("1005")
    assert typo.malformed and "percent-typo" in typo.reasons
    assert not parse_value("2000").malformed
    assert not parse_value("100").malformed


def test_empty_and_text():
    assert parse_value("").dimension == "empty"
    assert parse_value("  ").dimension == "empty"
    assert parse_value("—").dimension == "empty"
    assert parse_value("早中晚就餐时间").dimension == "text"


def test_subjects_are_kept():
    parsed = parse_value("按计划完成率100%")
    assert (parsed.dimension, parsed.number, parsed.rest) == ("percent", 100, "按计划完成率")
    staff = parse_value("技术人员>4人")
    assert (staff.operator, staff.number, staff.counter, staff.rest) == (">", 4, "人", "技术人员")


def test_every_dimension_is_listed():
    samples = ["95%", "≥90分", "3万元", "1天", "年底前", "3次", "300平方米", "2800米", "5立方米", "3吨", "45元/平方米", "100",
               "好", "明显", "早中晚就餐时间", ""]
    assert [parse_value(s).dimension for s in samples] == list(DIMENSIONS)


def test_value_repeats_name():
    assert value_repeats_name("办事人员满意度", "办事人员满意度")
    assert value_repeats_name("生态影响", "生态影响")
    assert value_repeats_name("长效管理制度健全性", "长效管理制度")
    assert not value_repeats_name("长效管理制度健全性", "健全")
    assert not value_repeats_name("满意度", "满意")
    assert not value_repeats_name("资金节约率", "5%")
    assert not value_repeats_name("", "明显")


def test_parse_is_cached_and_frozen():
    a = parse_value("≥95%")
    assert parse_value("≥95%") is a
    with pytest.raises(AttributeError):
        a.number = 1  # type: ignore[misc]


def test_scores_years_clock_times_and_multiplied_counters():
    score = parse_value("≥90分")
    assert (score.dimension, score.operator, score.number) == ("score", ">=", 90)
    assert parse_value("<5分钟").dimension == "duration"
    year = parse_value("2025年底前")
    assert (year.dimension, year.date, year.operator) == ("deadline", (2025, 12, None), "<=")
    assert parse_value("2025年").dimension == "deadline"
    assert parse_value("8:00-18:00").reasons == ("time-of-day",)
    visits = parse_value("1.5万人次")
    assert (visits.number, visits.counter) == (15000, "人次")
    assert parse_value("提高2个百分点").dimension == "percent"


def test_signs_standards_and_approved_amounts():
    assert (parse_value("≥-5%").operator, parse_value("≥-5%").number) == (">=", -5)
    assert parse_value("-5%").number == -5
    assert (parse_value("3-5次").number, parse_value("3-5次").number_high) == (3, 5)
    assert parse_value("≤批复金额").reference == "批复金额"
    assert parse_value("达到国家标准").graded
    assert parse_value("符合要求").vague  # no standard named: vague (spec/findings.md)
    per_person = parse_value("≤1.5万元/人")
    assert (per_person.dimension, per_person.per, per_person.money_yuan) == ("rate_per_unit", "人", 15000)


def test_value_containing_the_name_with_more_words_is_not_a_repeat():
    # seed: 效益指标/社会效益/社会效益 = 对社会效益影响较小 (a vague value, not the name again)
    assert not value_repeats_name("社会效益", "对社会效益影响较小")
