"""Scoring as a reviewer sends a form back: one defect charged once, idioms cheaper than errors,
misfiled and slogan-heavy forms low in the ranking (real forms of the bundled sample)."""

from __future__ import annotations

import pytest

from auditor.engine import Options, run
from auditor.model import Document, Finding, Form
from auditor.score import load_weights, score_audit, score_form

CANTEEN = "党政大楼职工餐厅购买服务"  # xiaoyi-2025#33: 14 rows all ≥96%, items under wrong headings
FIRE_CHECKS = "部分高层政府办公大楼进行消防整改项目"  # xiaoyi-2025#10: annual goal and annual values blank
PARKING = "党政大楼地下停车场物业服务项目"  # xiaoyi-2025#21: 直接服务对象满意度 ≤4次 (line 1314)


def _finding(rule: str, category: str, severity: str, form: Form, line: int | None = None, level3: str | None = None,
             value: str | None = None, column: str | None = None) -> Finding:
    return Finding(rule, category, severity, "测试", None, None, None, level3, column, value, line, form.form_id)  # type: ignore[arg-type]


def test_empty_annual_goal_and_values_charged_once(seed_form):
    form = seed_form(FIRE_CHECKS)
    goal = _finding("FRM001", "missing_annual_target", "error", form)
    values = _finding("FRM001", "missing_annual_target", "error", form)
    scored = score_form(form, [goal, values], [], load_weights())
    assert [d.points for d in scored.deductions] == [8.0, 0.0]  # 1.0 × 0.4 × 20, then merged
    assert scored.deductions[1].restates is goal
    assert scored.breakdown["completeness"] == 12.0


def test_unit_and_direction_on_one_cell_charged_once(seed_form):
    form = seed_form(PARKING)
    unit = _finding("VAL001", "unit_mismatch", "error", form, 1314, "直接服务对象满意度", "≤4次", "period")
    direction = _finding("VAL002", "direction_mismatch", "error", form, 1314, "直接服务对象满意度", "≤4次", "period")
    other_cell = _finding("VAL004", "impossible_value", "error", form, 1307, "安全事故发生次数", "≤0次", "period")
    scored = score_form(form, [unit, direction, other_cell], [], load_weights())
    points = {d.finding.rule: d.points for d in scored.deductions}
    assert points == {"VAL001": round(40 / 9, 2), "VAL002": 0.0, "VAL004": round(40 / 9, 2)}


def test_name_found_by_two_rules_charged_once(seed_form):
    form = seed_form(CANTEEN)
    lexical = _finding("IND002", "vague_indicator_name", "warning", form, 1725, "耐心工作")
    model = _finding("NLP007", "vague_indicator_name", "warning", form, 1725, "耐心工作")
    scored = score_form(form, [lexical, model], [], load_weights())
    assert sorted(d.points for d in scored.deductions) == [0.0, round(0.5 * 1.5 * 40 / 14, 2)]


def test_different_dimensions_on_one_cell_both_charged(seed_form):
    form = seed_form("高阳园区办公大楼监控改造项目")  # line 1981: 改造项目总成本 ≥120万元
    over = _finding("FND008", "cost_exceeds_budget", "error", form, 1981, "改造项目总成本", "≥120万元", "annual")
    direction = _finding("VAL002", "direction_mismatch", "error", form, 1981, "改造项目总成本", "≥120万元", "period")
    scored = score_form(form, [over, direction], [], load_weights())
    assert all(d.points > 0 for d in scored.deductions)


@pytest.fixture(scope="module")
def checked(seed_doc: Document):
    result = run([seed_doc], Options(no_config=True))
    return result


def _audit(seed_doc, checked, extra: dict[str, list[Finding]] | None = None):
    by_form = {k: list(v) for k, v in checked.by_form.items()}
    for form_id, found in (extra or {}).items():
        by_form.setdefault(form_id, []).extend(found)
    return score_audit([seed_doc], by_form, checked.cross_checks)


def test_idioms_cost_a_warning(seed_doc, checked):
    audit = _audit(seed_doc, checked)
    parking = next(p for p in audit.projects if p.form.project_name == PARKING)
    idiom = next(f for f in parking.findings if f.rule == "VAL004" and f.line == 1307)  # 安全事故发生次数 ≤0次
    assert idiom.severity == "warning" and parking.deducted(idiom) == round(0.5 * 40 / 9, 2)


def test_ranking_bottom_and_top(seed_doc, checked):
    ranked = _audit(seed_doc, checked).ranked()
    low20 = [p.form.project_name for p in ranked[-20:]]
    top = [p.form.project_name for p in ranked[:10]]
    # 14 rows all ≥96%, hygiene and safety items under 时效/成本/效益/满意度: among the very worst
    assert CANTEEN in [p.form.project_name for p in ranked[-5:]]  # was 80th of 137 with 62.4
    # nothing in 办公经费项目 or 四办电话费项目 is measurable (根据工作需要, 做好后勤保障, 保障通话质量 100%)
    assert low20.count("办公经费项目") == 2 and "四办电话费项目" in low20
    assert "政府地下停车场物业服务项目" in low20  # annual half blank, 满意度 ≤4次
    # specific counts, response times and realistic satisfaction targets
    assert "消防设施保养项目" in top and "孝义市市民服务中心保安服务项目" in top


def test_misfiled_findings_sink_the_canteen_form(seed_doc, checked):
    # the rows the issue names as misfiled, reported by whatever rule: scoring reacts to the category
    form = next(f for f in seed_doc.forms if f.project_name == CANTEEN)
    misfiled = {"环境卫生", "安全操作", "食品安全", "服务态度", "菜肴卫生", "服务质量"}
    extra = [
        _finding("XYZ001", "misfiled_indicator", "warning", form, ind.line, ind.level3)
        for ind in form.indicators if ind.level3 in misfiled
    ]
    assert len(extra) == 6
    ranked = _audit(seed_doc, checked, {form.form_id: extra}).ranked()
    canteen = next(p for p in ranked if p.form.project_name == CANTEEN)
    assert canteen.rank > len(ranked) - 10
