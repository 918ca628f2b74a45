"""The issue's seed examples, reported with the right rule and line (checked by hand in
corpora/xiaoyi-2025.txt)."""

from __future__ import annotations

import pytest

from auditor.model import Finding


@pytest.fixture(scope="module")
def result(seed_audit):
    return seed_audit.check  # the engine's result on the sample (tests/conftest.py)


def _at(result, line: int, rule: str) -> list[Finding]:
    return [f for f in result.all_findings() if f.line == line and f.rule == rule]


def _form(result, name: str, nth: int = 0):
    forms = [f for f in result.forms.values() if f.project_name == name]
    return forms[nth]


@pytest.mark.parametrize("line", [1314, 3078, 3585, 5319])
def test_satisfaction_in_times_is_unit_and_direction_mismatch(result, line: int) -> None:
    # 直接服务对象满意度 ≤4次
    unit = _at(result, line, "VAL001")
    direction = _at(result, line, "VAL002")
    assert len(unit) == 1 and len(direction) == 1
    assert unit[0].level3 == "直接服务对象满意度" and unit[0].value == "≤4次"
    assert unit[0].category == "unit_mismatch" and direction[0].category == "direction_mismatch"
    assert "百分比" in unit[0].message


@pytest.mark.parametrize("line", [3579, 5251, 5314])
def test_timeliness_at_least_100_percent_is_impossible(result, line: int) -> None:
    # 设施设备维保及时率 ≥100%
    found = _at(result, line, "VAL003")
    assert len(found) == 1 and found[0].level3 == "设施设备维保及时率" and found[0].value == "≥100%"
    assert found[0].category == "impossible_value"


@pytest.mark.parametrize("line", [1307, 3578, 5250, 5313])
def test_accidents_at_most_zero_is_impossible(result, line: int) -> None:
    # 安全事故发生次数 ≤0次
    found = _at(result, line, "VAL004")
    assert len(found) == 1 and found[0].value == "≤0次" and found[0].category == "impossible_value"
    assert "=0次" in (found[0].suggestion or "")


def test_economic_benefit_1005_is_malformed(result) -> None:
    found = _at(result, 785, "VAL005")
    assert len(found) == 1 and found[0].value == "1005" and found[0].category == "malformed_value"
    assert found[0].level2 == "经济效益"


def test_parking_form_misses_annual_targets(result) -> None:
    # 政府地下停车场物业服务项目 (lines 5291-5320): the annual half is blank
    form = _form(result, "政府地下停车场物业服务项目")
    assert form.source.line_start == 5291
    found = [f for f in result.by_form[form.form_id] if f.rule == "FRM001"]
    assert [(f.line, f.category) for f in found] == [
        (5310, "missing_annual_target"),
        (5312, "missing_annual_target"),
    ]
    assert "年度目标为空" in found[0].message and "年度指标值全部为空" in found[1].message
    # no row-by-row empty-value noise for the blank annual half
    assert not [f for f in result.by_form[form.form_id] if f.rule == "VAL007"]


def test_unit_form_total_is_not_the_sum_of_its_parts(result) -> None:
    unit = next(f for f in result.forms.values() if f.kind == "unit")
    found = [f for f in result.by_form[unit.form_id] if f.rule == "FND003"]
    assert len(found) == 2 and all(f.line == 652 for f in found)
    current = next(f for f in found if "本年" in f.message)
    assert "755,773,584.79" in current.message and "75,773,584.79" in current.message
    assert "19,300,652.11" in current.message and "56,472,932.68" in current.message
    assert current.category == "fund_inconsistency"


def test_cost_indicator_exceeds_funds(result) -> None:
    form = _form(result, "2019年至2021年期间工程、采购货物等相关款项的项目")
    assert form.funds.annual_total == 200000
    found = [f for f in result.by_form[form.form_id] if f.rule == "FND008"]
    assert len(found) == 1 and found[0].line == 684 and found[0].value == "≤809029.81元"
    assert found[0].category == "cost_exceeds_budget"


def test_air_conditioning_form_misses_annual_funds(result) -> None:
    form = _form(result, "空调维护费项目")
    found = [f for f in result.by_form[form.form_id] if f.rule == "FRM001"]
    assert len(found) == 1 and found[0].line == 3014 and "年度资金总额为空" in found[0].message


def test_placeholders(result) -> None:
    found = [(f.line, f.level3) for f in result.all_findings() if f.rule == "IND001"]
    # unit form: 其他指标, 指标4; 融媒体中办公楼改造项目 (and its copy): 时效要求1, 时效要求2
    assert found[:2] == [(645, "其他指标"), (650, "指标4")]
    assert (3346, "时效要求1") in found and (3347, "时效要求2") in found and len(found) == 6


def test_bare_object_names(result) -> None:
    names = {(f.line, f.level3) for f in result.all_findings() if f.rule == "IND002"}
    assert {(681, "刮墙"), (682, "划线"), (683, "木门")} <= names


def test_budget_reconciliation(result) -> None:
    cross = [f for f in result.cross_checks if f.rule == "FND005"]
    # 表十二 line 400 人大会议表决系统费用 (4.60 万元) has no form
    assert any(f.line == 400 and "人大会议表决系统费用" in f.message for f in cross)
    dup = [f for f in result.all_findings() if f.rule == "FND006" and f.line == 2580]
    assert dup and "重复编报" in dup[0].message  # the second 会议费项目 form


def test_findings_sorted_by_line_and_no_internal_errors(result) -> None:
    assert not result.errors
    for items in result.by_form.values():
        lines = [f.line or 0 for f in items]
        assert lines == sorted(lines)
