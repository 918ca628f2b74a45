"""Scoring, ranking and aggregation on the parsed seed with findings built by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.errors import ConfigError
from auditor.model import Finding
from auditor.score import load_weights, score_audit

FIRST = "2019年至2021年期间工程、采购货物等相关款项的项目"  # xiaoyi-2025#2, lines 660-690


def vague(form_id: str, line: int, level3: str, column: str = "period") -> Finding:
    return Finding("T001", "vague_value", "warning", "指标值“明显”没有等级", "改为等级",
                   "效益指标", "社会效益", level3, column, "明显", line, form_id)


def test_weights_file_adds_up_and_maps_every_category():
    w = load_weights()
    assert sum(d.max for d in w.dimensions.values()) == 100
    assert w.dimension_of("vague_value") == "measurability"
    assert w.dimension_of("missing_annual_target") == "completeness"
    assert w.dimension_of("fund_inconsistency") == "consistency"
    assert w.dimension_of("duplicate_indicator_set") == "specificity"


def test_bad_weights_file_is_a_config_error(tmp_path: Path):
    bad = tmp_path / "weights.yaml"
    bad.write_text("dimensions:\n  a: {label: A, max: 50}\nseverity: {error: 1}\n"
                   "form_finding_share: 0.4\nindicator_min_cells: 10\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="100"):
        load_weights(bad)


def test_score_arithmetic_on_the_first_project_form(seed_doc, seed_form):
    form = seed_form(FIRST)
    assert form.form_id == "xiaoyi-2025#2"
    audit = score_audit([seed_doc], {form.form_id: [vague(form.form_id, 686, "服务效果")]})
    p = next(x for x in audit.projects if x.form is form)
    signals = {s.key: s for s in p.signals}
    # 9 indicators × 2 columns; 明显 on three rows (×2) is not quantified: 12 of 18 cells are.
    assert (p.value_cells, p.quantified_cells) == (18, 12)
    assert signals["quantified"].detail == "12/18 格"
    # ≥2000元 under 数量指标 (刮墙), twice, is money where a count is expected: 10 of 12 decidable cells fit.
    assert signals["fitting"].detail == "10/12 格"
    # only 项目金额, 资金节约率 and 满意度 name what they measure (刮墙, 划线, 木门 … do not).
    assert signals["named_measure"].detail == "3/9 个"
    # ≥2000元, 100%, 100个工作日内, ≤809029.81元, 5%, 明显 (×3), 100% → 6 distinct values of 9.
    assert signals["distinct_values"].detail == "6/9 个"
    w = load_weights()
    for sig in p.signals:
        top = w.dimensions[sig.dimension].max
        assert sig.points == pytest.approx(top * w.signals[sig.key].weight * (1 - sig.share), abs=0.02)
    top = w.dimensions["measurability"].max
    # one warning on one of 9 indicator rows loses severity · max / max(9, min rows).
    loss = w.severity["warning"] * top / max(9, w.indicator_min_cells)
    assert [d.points for d in p.deductions] == [round(loss, 2)]
    lost_to_signals = sum(s.points for s in p.signals if s.dimension == "measurability")
    assert p.breakdown["measurability"] == pytest.approx(top - lost_to_signals - loss, abs=0.06)
    assert p.breakdown["completeness"] == w.dimensions["completeness"].max
    assert p.score == pytest.approx(sum(p.breakdown.values()), abs=0.1)


def test_ranks_are_unique_per_kind_and_errors_rank_lower(seed_doc, seed_form):
    a, b = seed_form("办公经费项目", 0), seed_form("办公经费项目", 1)
    missing = Finding("T002", "missing_annual_target", "error", "年度指标值为空", None, line=a.source.line_start,
                      form_id=a.form_id)
    audit = score_audit([seed_doc], {a.form_id: [missing]})
    projects = [p for p in audit.projects if p.form.kind == "project"]
    assert len(projects) == 137
    assert sorted(p.rank for p in projects) == list(range(1, 138))
    units = [p for p in audit.projects if p.form.kind == "unit"]
    assert [p.rank for p in units] == [1]
    pa = next(p for p in projects if p.form is a)
    pb = next(p for p in projects if p.form is b)
    w = load_weights()
    top = w.dimensions["completeness"].max
    assert pa.breakdown["completeness"] == top - w.form_finding_share * top
    assert pa.rank > pb.rank


def test_cross_check_counts_against_every_form_it_names(seed_doc, seed_form):
    a, b = seed_form("办公经费项目", 0), seed_form("办公经费项目", 1)
    clone = Finding("T003", "duplicate_indicator_set", "warning", "两表指标雷同", None, partners=[a.form_id, b.form_id])
    audit = score_audit([seed_doc], {}, [clone])
    for form in (a, b):
        p = next(x for x in audit.projects if x.form is form)
        assert p.cross == [clone]
        w = load_weights()
        top = w.dimensions["specificity"].max
        assert [d.points for d in p.deductions] == [round(w.severity["warning"] * w.form_finding_share * top, 2)]
        assert p.deductions[0].dimension == "specificity"
    assert len(audit.all_findings()) == 1


def test_department_and_document_aggregates(seed_doc):
    audit = score_audit([seed_doc], {})
    (dept,) = audit.by_department()
    assert dept.name == "孝义市机关事务服务中心"
    assert dept.projects == 137  # the unit form is not a project
    (doc,) = audit.by_document()
    assert doc.name == "xiaoyi-2025"
    assert doc.min <= doc.mean <= doc.max <= 100
