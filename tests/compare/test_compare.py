"""auditor compare on the bundled sample against its revised copy and its next budget year
(the edits are planned in edit_sample.py; every expected row below was checked by hand)."""

from __future__ import annotations

import pytest
from edit_sample import REVISION_RENAMES, YEAR_COPIED, YEAR_DROPPED

pytestmark = pytest.mark.slow

# (project as in the revised copy, rule, indicator) of each defect the revision fixed / introduced
FIXED = {
    ("党政大楼喷泉设施升级改造项目", "VAL001", "材料"),  # 100% -> ≤50000元: a cost written as money
    ("关于追加档案馆临时性过渡搬迁相关费用", "VAL006", "效率提升"),  # 明显 -> ≥10%
    ("更换自来水主管道、水泵及其控制柜配件项目", "VAL006", "节水率"),  # 提高 -> ≥5%
    ("儿童医院电力改造设计监理费用项目", "VAL001", "设计人员"),  # 100% -> ≤13000元
    # emptied, the count 电视电话所需设备 no longer holds a bare 100% (VAL011); VAL007 reports it empty
    ("升级改造二层多功能会议室改造工程项目", "VAL011", "电视电话所需设备"),
}
INTRODUCED = {
    ("公务接待费项目", "VAL006", "高效集约"),  # 100% -> 明显
    ("升级改造二层多功能会议室改造工程项目", "VAL007", "电视电话所需设备"),  # 100% -> empty
    ("后勤保障经费项目", "VAL001", "后勤保障人数"),  # ≤127人 -> ≥2000元 under 数量指标
    # with its value gone, the bare name 电视电话所需设备 is judged by the model (NLP007) too
    ("升级改造二层多功能会议室改造工程项目", "NLP007", "电视电话所需设备"),
}


def _listed(cmp, status: str) -> set[tuple[str, str, str]]:
    return {(p.subject.project_name, c.finding.rule, c.finding.level3 or "")
            for p in cmp.projects for c in p.by_status(status)} | {
        ("", c.finding.rule, c.finding.level3 or "") for c in cmp.loose if c.status == status}


def test_revision_lists_exactly_the_fixed_and_introduced_defects(revision, base_audit):
    assert _listed(revision, "fixed") == FIXED
    assert _listed(revision, "new") == INTRODUCED
    assert revision.count("open") == len(base_audit.all_findings()) - len(FIXED)  # the rest stay open


def test_renamed_forms_are_paired_and_the_unsure_one_reported(revision):
    paired = [p for p in revision.projects if p.pair.old and p.pair.new]
    assert len(paired) == 138 and not revision.with_status("appeared") and not revision.with_status("vanished")
    pairs = {p.pair.old.project_name: p for p in paired}
    close, far = (pairs[old] for old, _ in REVISION_RENAMES)
    assert close.pair.new.project_name == "党政大楼喷泉设施升级改造项目" and close.status == "matched"
    assert far.pair.new.project_name == "儿童医院电力改造设计监理费用项目" and far.status == "unsure"
    assert 60 <= far.pair.similarity < 92
    assert [p.subject.project_name for p in revision.with_status("unsure")] == ["儿童医院电力改造设计监理费用项目"]


def test_revision_indicator_changes_and_score_change(revision):
    changed = {(p.subject.project_name, i.path.split(" > ")[-1], i.change, i.new)
               for p in revision.projects for i in p.indicators}
    assert ("党政大楼喷泉设施升级改造项目", "材料", "changed", ("≤50000元", "≤50000元")) in changed
    assert ("升级改造二层多功能会议室改造工程项目", "电视电话所需设备", "changed", ("", "")) in changed
    assert len(changed) == 7  # one row per planned value edit, nothing else
    fountain = next(p for p in revision.projects if p.subject.project_name == "党政大楼喷泉设施升级改造项目")
    # the change is the difference of the two scores (the fix frees no points once the dimension is spent)
    assert fountain.score_change == round(fountain.pair.new.score - fountain.pair.old.score, 1) >= 0
    # a revision changes no funds: no copied or lowered target is claimed
    assert not revision.flags("copied") and not revision.flags("lowered")


def test_two_years_flag_the_planted_copied_and_lowered_targets(two_years):
    copied = [(p.subject.project_name, f.message) for p, f in two_years.flags("copied")]
    assert [name for name, _ in copied] == ["公务接待费项目"]  # 后勤保障经费项目: funds +30% but a target moved
    assert "3,800,000.00 元变为 5,700,000.00 元（+50%）" in copied[0][1]
    lowered = [(p.subject.project_name, f.old_value, f.new_value) for p, f in two_years.flags("lowered")]
    assert lowered == [("更换自来水主管道、水泵及其控制柜配件项目", "98%", "90%")]  # ≥95% -> ≥98% is not lowered
    assert [p.subject.project_name for p in two_years.with_status("vanished")] == [YEAR_DROPPED]
    assert [p.subject.project_name for p in two_years.with_status("appeared")] == [YEAR_COPIED[1]]
