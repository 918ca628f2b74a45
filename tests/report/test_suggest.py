"""Corpus-derived suggestions on the seed (auditor/suggest.py)."""

from __future__ import annotations

import pytest

from auditor.model import Finding
from auditor.suggest import kind_of, learn


@pytest.fixture(scope="module")
def audit(seed_audit):
    return seed_audit  # the session's audit of the sample (tests/conftest.py)


def _finding(audit, project: str, level3: str, category: str) -> Finding:
    return next(f for p in audit.projects if p.form.project_name == project for f in p.findings
                if f.level3 == level3 and f.category == category)


def test_kind_pools_rates_by_name_ending_and_others_by_value_grammar():
    assert kind_of("服务对象满意度", "直接服务对象满意度") == "满意度"
    assert kind_of("时效指标", "设施设备维保及时率") == "及时率"
    assert kind_of("成本指标", "项目金额", "产出指标") == "成本"


def test_typical_satisfaction_value_is_learned_from_clean_seed_cells(seed_doc):
    # The seed's satisfaction cells: 100% ×127, >85% ×40, ≥95% ×24, ≥85% ×18 … A bare "100%" has no
    # operator, so it is not a well-formed target; the typical one is ">85%".
    assert learn([seed_doc], {}).typical("满意度") == (">85%", 40)
    # cells a rule flagged do not count: flag every ">85%" and the next one, "≥95%", is typical.
    flagged = {
        f.form_id: [Finding("T", "inflated_value", "warning", "", None, ind.level1, ind.level2, ind.level3, col,
                            ">85%", ind.line, f.form_id)
                    for ind in f.indicators if ind.level3.endswith("满意度")
                    for col in ("period", "annual") if getattr(ind, f"{col}_value") == ">85%"]
        for f in seed_doc.forms
    }
    assert learn([seed_doc], flagged).typical("满意度") == ("≥95%", 24)


def test_satisfaction_in_times_gets_the_corpus_typical_percentage(audit):
    f = _finding(audit, "政府地下停车场物业服务项目", "直接服务对象满意度", "unit_mismatch")
    assert f.value == "≤4次"
    assert "同类指标（满意度）最常见的规范写法是“>85%”（40 处）" in f.suggestion


def test_vague_name_gets_an_indicator_from_the_library(audit):
    f = _finding(audit, "办公经费项目", "工作人员", "vague_indicator_name")
    assert "“机关工作人员满意度：≥90%”" in f.suggestion


def test_similar_project_examples_come_from_better_scored_forms(audit):
    scores = {p.form.project_name: p.score for p in audit.projects}
    seen = 0
    for p in audit.projects:
        for f in p.findings:
            text = f.suggestion or ""
            if "写得较好的相近项目“" in text:
                other = text.split("写得较好的相近项目“", 1)[1].split("”", 1)[0]
                assert scores[other] > p.score
                seen += 1
    assert seen >= 5
