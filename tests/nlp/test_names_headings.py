"""The issue's examples: slogans and task names as indicator names, and misfiled rows, found on the sample.

Each row is a real row of ``corpora/xiaoyi-2025.txt``; "found" means the lexical rule or the model
rule reports it (IND002 / NLP007 for names, IND004 / NLP006 for headings), once.
"""

from __future__ import annotations

import pytest
from nlp_helpers import named

from auditor.model import Document, Finding

SLOGANS = [  # (project, third-level name)
    ("吕梁市审计局对我市财政决算审计相关费用", "高效集约"),
    ("吕梁市审计局对我市财政决算审计相关费用", "保质保量完成任务"),
    ("吕梁市审计局对我市财政决算审计相关费用", "提升服务效能"),
    ("吕梁市审计局对我市财政决算审计相关费用", "促进我市经济发展"),
    ("公务接待费项目", "树立我市形象"),
    ("会议费项目", "各项工作更好的开展"),
    ("公务接待费项目", "饭菜可口美味"),
    ("会议费项目", "饭菜可口美味"),
    ("公务接待费项目", "展现我市形象的重要窗口"),
    ("孝义市市民服务中心餐厅购买服务项目", "解决单位职工就餐难"),
]

CANTEEN = "党政大楼职工餐厅购买服务"
MISFILED = [  # (project, filed heading, name, heading it belongs under)
    (CANTEEN, "时效指标", "环境卫生", "质量指标"),
    (CANTEEN, "时效指标", "安全操作", "质量指标"),
    (CANTEEN, "成本指标", "食品安全", "质量指标"),
    (CANTEEN, "社会效益", "服务态度", None),  # found by the lexical rule or the model; target argued
    (CANTEEN, "生态效益", "菜肴卫生", "质量指标"),
    (CANTEEN, "服务对象满意度", "服务质量", "质量指标"),
    ("市委、市政府领导临时用房项目", "质量指标", "按时完成保障任务", "时效指标"),
]


def _hits(findings: list[Finding], form_id: str, name: str, rules: tuple[str, ...]) -> list[Finding]:
    return [f for f in findings if f.form_id == form_id and f.level3 == name and f.rule in rules]


@pytest.mark.parametrize(("project", "name"), SLOGANS)
def test_slogan_names_are_found(
    seed_doc: Document, seed_names: list[Finding], project: str, name: str
) -> None:
    hits = _hits(seed_names, named(seed_doc, project).form_id, name, ("IND002", "NLP007"))
    assert len(hits) == 1, hits  # found, and reported once (NLP007 defers to IND002)
    assert hits[0].category == "vague_indicator_name"


@pytest.mark.parametrize(("project", "filed", "name", "target"), MISFILED)
def test_misfiled_rows_are_found(
    seed_doc: Document, seed_names: list[Finding], project: str, filed: str, name: str, target: str | None
) -> None:
    hits = _hits(seed_names, named(seed_doc, project).form_id, name, ("IND004", "NLP006"))
    assert len(hits) == 1, hits
    assert hits[0].level2 == filed and hits[0].category == "misfiled_indicator"
    if target:
        assert target in hits[0].message


def test_measurable_rows_of_the_same_forms_are_left_alone(
    seed_doc: Document, seed_names: list[Finding]
) -> None:
    """Precision first: well-named, well-filed rows of these forms get no name or heading finding."""
    for project, name in [
        ("孝义市市民服务中心餐厅购买服务项目", "食品安全事故数量"),
        ("孝义市市民服务中心餐厅购买服务项目", "大楼人员就餐满意度"),
        ("吕梁市审计局对我市财政决算审计相关费用", "使用天数"),
        ("电梯维修及保养项目", "电梯维修时间"),
        ("经济开发区管理委员会物业项目", "物业管理平均费用"),
    ]:
        assert not _hits(
            seed_names, named(seed_doc, project).form_id, name, ("IND002", "NLP007", "IND004", "NLP006")
        )
