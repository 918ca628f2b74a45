"""The issue-13 seed rows of value shapes and reviewer arithmetic, found in the bundled sample with
the right rule, line and category (each checked by hand in corpora/xiaoyi-2025.txt)."""

from __future__ import annotations

import pytest

from auditor.engine import Options, run
from auditor.model import Document, Finding

CODES = ["VAL003", "VAL004", "VAL005", "VAL011", "VAL012", "VAL013", "FND008", "FND009", "FND010", "FND011", "IND005"]


@pytest.fixture(scope="module")
def found(seed_doc: Document) -> list[Finding]:
    result = run([seed_doc], Options(no_config=True, select=CODES))
    assert not result.errors
    return result.all_findings()


def _at(found: list[Finding], line: int, rule: str) -> list[Finding]:
    return [f for f in found if f.line == line and f.rule == rule]


@pytest.mark.parametrize(
    ("line", "name"),
    [(2216, "禁止无公函的公务活动"), (1755, "日常保洁"), (1753, "设施维护管理"), (3476, "日常保洁")],
)
def test_quantity_as_bare_percentage(found, line: int, name: str) -> None:
    hits = _at(found, line, "VAL011")
    assert len(hits) == 1 and hits[0].level3 == name and hits[0].value == "100%"
    assert hits[0].category == "unit_mismatch"


def test_completion_share_under_quantity_is_left_alone(found) -> None:
    # 部分高层政府办公大楼进行消防整改项目 line 1107: 工程完成量 100%
    assert _at(found, 1107, "VAL011") == []


def test_meal_standard_in_the_name_with_100_percent(found) -> None:
    # 公务接待费项目 line 2223: 成本指标 餐费不高于140元/天 100%
    hits = _at(found, 2223, "VAL012")
    assert len(hits) == 1 and "140元/天" in hits[0].message
    assert "“≤140元/天”" in (hits[0].suggestion or "") and "“餐费”" in (hits[0].suggestion or "")


def test_property_fee_times_area_exceeds_annual_funds(found) -> None:
    # 党政大楼地下停车场物业服务项目: 13.45元/平方米 (line 1309) × 31237平方米 (line 1306) = 420,137.65 > 400,000
    hits = _at(found, 1309, "FND009")
    assert len(hits) == 1 and hits[0].category == "cost_exceeds_budget"
    assert "420,137.65元" in hits[0].message and "400,000元" in hits[0].message and "第 1306 行" in hits[0].message


@pytest.mark.parametrize(("line", "funds", "share"), [(4074, "505,000元", "10%"), (4106, "126,250元", "40%"), (4138, "252,500元", "20%")])
def test_land_lease_unit_cost_times_area_against_funds(found, line: int, funds: str, share: str) -> None:
    # the three 土地租赁费项目 forms: 50.5亩 × 1000元/亩 = 50,500 元, against 505,000 / 126,250 / 252,500 元
    hits = _at(found, line, "FND010")
    assert len(hits) == 1 and hits[0].category == "fund_inconsistency"
    assert "50,500元" in hits[0].message and funds in hits[0].message and share in hits[0].message


def test_bare_wan_under_cost_is_read_as_wanyuan_and_checked(found) -> None:
    # 政府大楼设备间线路改造项目 line 5283: 维修改造成本 ≤130万, annual funds 393,000 元
    over = _at(found, 5283, "FND008")
    assert len(over) == 1 and "1,300,000元" in over[0].message and "393,000元" in over[0].message
    assert _at(found, 5283, "VAL005") == []  # not malformed: any reviewer reads 万元


def test_deadline_before_the_budget_year(found) -> None:
    # 高阳园区办公大楼监控改造项目 line 1980: 按时保质保量完成 2024.3.20 in the 2025 budget
    hits = _at(found, 1980, "VAL013")
    assert len(hits) == 1 and hits[0].value == "2024.3.20" and hits[0].category == "impossible_value"
    assert "2025" in hits[0].message


def test_one_year_project_with_two_fund_totals(found) -> None:
    # 党政大楼职工餐厅购买服务 (一次性项目(1年结束)): 实施期 1,018,000 vs 年度 908,000
    hits = [f for f in found if f.rule == "FND011" and "1,018,000元" in f.message]
    assert len(hits) == 1 and "908,000元" in hits[0].message and hits[0].category == "fund_inconsistency"


def test_annual_half_lists_another_indicator(found) -> None:
    # 公务接待费项目 line 2230: 实施期 厉行节约 100%, 年度 提质增效 100%
    hits = _at(found, 2230, "IND005")
    assert len(hits) == 1 and hits[0].category == "annual_period_mismatch"
    assert "“提质增效”" in hits[0].message and "“厉行节约”" in hits[0].message


@pytest.mark.parametrize(("line", "rule", "fixed"), [(1979, "VAL003", "=100%"), (1307, "VAL004", "=0次")])
def test_idioms_are_warnings_with_the_exact_rewrite(found, line: int, rule: str, fixed: str) -> None:
    # 保证安装质量 ≥100% (line 1979); 安全事故发生次数 ≤0次 (line 1307)
    hits = _at(found, line, rule)
    assert len(hits) == 1 and hits[0].severity == "warning" and f"“{fixed}”" in (hits[0].suggestion or "")


def test_satisfaction_in_times_stays_an_error(seed_doc) -> None:
    result = run([seed_doc], Options(no_config=True, select=["VAL001"]))
    # a satisfaction in 次 stays an error: 直接服务对象满意度 ≤4次 (line 1314)
    assert [f.severity for f in result.all_findings() if f.line == 1314] == ["error"]
