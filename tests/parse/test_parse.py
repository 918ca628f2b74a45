"""Facts about the parse of the bundled sample, each checked by hand against the source text."""

from __future__ import annotations

import pytest

from auditor.parse import parse_text


def test_counts_and_order(seed_doc):
    assert seed_doc.headers_found == 138
    assert len(seed_doc.forms) == 138
    assert len(seed_doc.project_forms) == 137
    unit = [f for f in seed_doc.forms if f.kind == "unit"]
    assert len(unit) == 1 and unit[0].project_name == "孝义市机关事务服务中心"
    starts = [f.source.line_start for f in seed_doc.forms]
    assert starts == sorted(starts)
    assert all(f.source.line_start < f.source.line_end for f in seed_doc.forms)
    assert [f.form_id for f in seed_doc.forms[:2]] == ["xiaoyi-2025#1", "xiaoyi-2025#2"]


def test_every_project_form_has_name_and_period_total(seed_doc):
    for form in seed_doc.project_forms:
        assert form.project_name, form.source
        assert form.funds.period_total is not None and form.funds.period_total > 0, form.project_name


def test_first_project_form_spans_its_lines(seed_doc):
    form = seed_doc.forms[1]
    assert form.project_name == "2019年至2021年期间工程、采购货物等相关款项的项目"
    assert (form.source.line_start, form.source.line_end) == (660, 690)
    assert form.department == "孝义市机关事务服务中心" and form.department_code == "032"
    assert form.period == "1年" and form.attribute == "一次性项目(1年结束)"
    assert form.funds.period_total == 200_000 and form.funds.annual_sources["local"] == 200_000
    assert form.funds.period_sources["other"] is None
    cost = [i for i in form.indicators if i.level2 == "成本指标"]
    assert [(i.level3, i.period_value, i.annual_value, i.line) for i in cost] == [
        ("项目金额", "≤809029.81元", "≤809029.81元", 684)
    ]


def test_thousands_separators_and_blank_annual_funds(seed_form):
    form = seed_form("空调维护费项目")
    assert form.funds.period_total == 217_873.6
    assert form.funds.annual_total is None
    assert form.funds.annual_sources == dict.fromkeys(form.funds.annual_sources)


def test_reordered_annual_half_is_aligned_by_name(seed_form):
    form = seed_form("空调维护费项目")
    by_name = {i.level3: i for i in form.indicators}
    # period row 3032 names 冬季…, the annual half of that row names 夏季…; aligned by name
    winter = by_name["冬季空调维保时间"]
    assert (winter.line, winter.period_value, winter.annual_value) == (3032, "每年10月20日前完", "每年10月20日前完")
    assert winter.annual_line == 3034
    summer = by_name["夏季空调维保时间"]
    assert (summer.line, summer.annual_value, summer.annual_line) == (3034, "每年5月20日前完", 3032)
    assert len(form.indicators) == 19


def test_blank_annual_half(seed_form):
    form = seed_form("政府地下停车场物业服务项目")
    assert form.goals.period == "目标1:完成年度目标100%" and form.goals.annual == ""
    assert len(form.indicators) == 8
    assert all(i.period_value and not i.annual_value for i in form.indicators)
    last = form.indicators[-1]
    assert (last.level1, last.level2, last.level3, last.period_value, last.line) == (
        "满意度指标", "服务对象满意度", "直接服务对象满意度", "≤4次", 5319)


def test_rows_that_lost_leading_cells_keep_their_headings(seed_form):
    form = seed_form("2024年各办公楼垃圾处理项目")
    row = next(i for i in form.indicators if i.line == 788)
    assert (row.level1, row.level2, row.level3) == ("效益指标", "可持续影响", "项目能正常运行,项目依据")
    cut = next(i for i in form.indicators if i.level3 == "减少垃圾处理中对环境的污染")
    assert cut.annual_value == "100%" and cut.annual_level3 == "减少垃圾处理中对"
    econ = next(i for i in form.indicators if i.level2 == "经济效益")
    assert econ.period_value == "1005" and econ.line == 785


def test_unit_form(seed_doc):
    unit = seed_doc.forms[0]
    assert unit.kind == "unit" and (unit.source.line_start, unit.source.line_end) == (627, 658)
    assert unit.funds.annual_total == 755_773_584.79
    parts = {item.name: item.current for item in unit.funds.breakdown}
    assert parts == {"合计": 755_773_584.79, "1 基本支出": 19_300_652.11, "2 项目支出": 56_472_932.68}
    names = [i.level3 for i in unit.indicators]
    assert names[:4] == ["总体工作完成率", "重点工作完成率", "预决算公开程度", "其他指标"]
    assert "指标4" in names
    assert unit.goals.annual == "完成领导安排的各项任务、项目, 保障机关单位高效运转"


def test_budget_table(seed_doc):
    table = seed_doc.budget_table
    assert table is not None and table.stated_total == 5647.29
    assert len(table.lines) == 135  # the 说明 says 135 projects under performance management
    assert round(sum(line.total for line in table.lines), 2) == 5647.30  # rounding of the printed lines
    first, last = table.lines[0], table.lines[-1]
    assert (first.name, first.total, first.line) == ("人大会议表决系统费用", 4.60, 400)
    assert (last.name, last.total) == ("2019年残保金经费项目", 2.94)
    fund_lines = {line.name: line.by_fund for line in table.lines if line.by_fund.get("fund_budget")}
    assert fund_lines == {
        "儿童医院电力系统改造项目": {"fund_budget": 38.0},
        "我市部分高层政府办公大楼进行消防整改项目": {"fund_budget": 150.0},
    }
    assert [line.total for line in table.lines if line.name == "土地租赁费项目"] == [25.25, 50.50, 12.63]


def test_sum_of_form_funds(seed_doc):
    annual = sum(f.funds.annual_total or 0 for f in seed_doc.project_forms)
    period = sum(f.funds.period_total for f in seed_doc.project_forms)
    assert round(annual, 2) == 60_377_907.08  # 136 forms; 空调维护费项目 leaves it blank
    assert round(period, 2) == 132_609_088.26


def test_header_variants_and_both_layouts():
    text = "\n".join([
        "某县项目支出绩效目标表",
        "项目名称\t测试项目",
        "主管部门及代码\t101-某县财政局\t实施单位\t某县财政局",
        "项目属性\t经常性项目\t项目日期\t3年",
        "项目资金（元）\t实施期资金总额：\t1,234,567.5\t年度资金总额：\t400,000",
        "总体目标\t完成三年建设\t完成本年建设",
        "绩效 指标\t一级指标\t二级指标\t三级指标\t指标值\t二级指标\t三级指标\t指标值",
        "\t成本指标\t经济成本指标\t建设成本\t≤123万元\t经济成本指标\t建设成本\t≤40万元",
        "\t产出指标\t数量指标\t培训人数\t≥300人\t数量指标\t培训人数\t≥100人",
        "负责人：\t经办人：",
    ])
    doc = parse_text(text, "x.txt", "x")
    form = doc.forms[0]
    assert form.funds.period_total == 1_234_567.5 and form.funds.annual_total == 400_000
    assert form.period == "3年" and form.department_code == "101"
    assert [(i.level1, i.level2, i.level3) for i in form.indicators] == [
        ("成本指标", "经济成本指标", "建设成本"), ("产出指标", "数量指标", "培训人数")]
    assert form.goals.period == "完成三年建设" and form.goals.annual == "完成本年建设"


@pytest.mark.parametrize("text", ["", "hello\nworld", "项目名称\t孤立的一行"])
def test_text_without_forms_gives_empty_document(text):
    doc = parse_text(text, "y.txt", "y")
    assert doc.forms == [] and doc.headers_found == 0


def test_cut_off_copy_is_flagged(seed_path):
    lines = seed_path.read_text(encoding="utf-8").splitlines()[:3040]  # inside 空调维护费项目's table
    doc = parse_text("\n".join(lines), "cut.txt", "cut")
    assert doc.truncated_at == 3040
    last = doc.forms[-1]
    assert last.project_name == "空调维护费项目" and last.source.line_end == 3040
    assert any("3040" in w and "截断" in w for w in last.warnings)


def test_annual_only_template_in_wan_yuan():
    """A single-half (annual) table, as many provinces print it, with funds in 万元."""
    text = "\n".join([
        "某市项目支出绩效目标申报表",
        "项目名称\t社区养老服务补助",
        "主管部门\t某市民政局\t实施单位\t某市民政局",
        "项目资金（万元）\t年度资金总额\t120.5",
        "\t其中：财政拨款\t100",
        "\t其他资金\t20.5",
        "年度总体目标\t为3000名老人提供居家养老服务",
        "绩效指标\t一级指标\t二级指标\t三级指标\t指标值",
        "\t产出指标\t数量指标\t服务老人数\t≥3000人",
        "\t\t时效指标\t补助发放及时率\t≥95%",
        "\t满意度指标\t服务对象满意度指标\t老人满意度\t≥90%",
        "填表人：",
    ])
    form = parse_text(text, "p.txt", "p").forms[0]
    assert form.funds.annual_total == 1_205_000 and form.funds.period_total is None
    assert form.funds.annual_sources["local"] == 1_000_000 and form.funds.annual_sources["other"] == 205_000
    assert form.goals.annual == "为3000名老人提供居家养老服务" and form.goals.period == ""
    assert [(i.level2, i.level3, i.period_value, i.annual_value) for i in form.indicators] == [
        ("数量指标", "服务老人数", "", "≥3000人"),
        ("时效指标", "补助发放及时率", "", "≥95%"),
        ("服务对象满意度指标", "老人满意度", "", "≥90%"),
    ]
    assert form.annual_only
