"""Report writers (html, xlsx, json, csv, terminal) on the parsed seed with hand-built findings."""

from __future__ import annotations

import copy
import csv
import io
import json
import re

import pytest

from auditor.model import Finding
from auditor.score import score_audit

EVIL = '<script>alert("x")</script>[bold]办公经费项目'


@pytest.fixture(scope="module")
def audit(seed_doc):
    doc = copy.deepcopy(seed_doc)
    first = doc.forms[1]  # xiaoyi-2025#2: 刮墙 ≥2000元 (line 681), 满意度 100% (line 689)
    clone_a, clone_b = (f for f in doc.forms if f.project_name == "办公经费项目")
    clone_b.project_name = EVIL
    row = {ind.level3: k for k, ind in enumerate(first.indicators)}
    by_form = {
        first.form_id: [
            Finding("T010", "unit_mismatch", "error", "数量指标的值是金额", "改为数量+计量单位",
                    "产出指标", "数量指标", "刮墙", "period", "≥2000元", 681, first.form_id, indicator=row["刮墙"]),
            Finding("T011", "inflated_value", "warning", "满意度目标为100%", "改为≥90%",
                    "满意度指标", "服务对象满意度", "满意度", "annual", "100%", 689, first.form_id,
                    indicator=row["满意度"]),
            Finding("T012", "generic_goal", "warning", "总体目标<b>空泛</b>", None, line=679, form_id=first.form_id),
        ]
    }
    cross = [Finding("T013", "duplicate_indicator_set", "warning", "两表指标雷同", None,
                     partners=[clone_a.form_id, clone_b.form_id])]
    return score_audit([doc], by_form, cross)


def test_html_is_self_contained_and_escapes_input(audit, tmp_path):
    from auditor.report.html import write_html

    html = write_html(audit, tmp_path / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;[bold]办公经费项目" in html
    assert '<script>alert("x")' not in html
    assert "总体目标&lt;b&gt;空泛&lt;/b&gt;" in html
    assert html.count("<script>") == 1  # our own inline script only
    assert not re.search(r'(src|href)="(https?:)?//', html)  # nothing loaded from the network
    # the flagged cells of 刮墙 (period) and 满意度 (annual) are highlighted, with finding numbers
    page = html[html.index('id="view-p1"'):html.index('id="view-p2"')]
    assert re.search(r'class="flag flag-error">≥2000元<a class="badge sev-error"', page)
    assert re.search(r'class="flag flag-warning">100%<a class="badge sev-warning"', page)
    assert page.count("<svg") == 0 and html.count("<svg") >= 5


def test_xlsx_has_one_row_per_finding_with_frozen_header_and_filter(audit, tmp_path):
    import openpyxl
    import pandas as pd

    from auditor.report.xlsx import write_xlsx

    path = write_xlsx(audit, tmp_path / "整改清单.xlsx")
    df = pd.read_excel(path, sheet_name="整改清单")
    assert len(df) == 4 == len(audit.all_findings())
    row = df[df["规则"] == "T010"].iloc[0]
    assert (row["项目"], row["指标值"], row["行号"], row["严重程度"]) == (
        "2019年至2021年期间工程、采购货物等相关款项的项目", "≥2000元", 681, "错误")
    assert row["指标"] == "产出指标 > 数量指标 > 刮墙"
    cross = df[df["规则"] == "T013"].iloc[0]
    assert "办公经费项目" in cross["项目"]
    wb = openpyxl.load_workbook(path)
    for name in ("整改清单", "部门汇总", "项目得分"):
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref
    assert wb["整改清单"].column_dimensions["J"].width >= 40  # 整改建议 is readable
    summary = pd.read_excel(path, sheet_name="部门汇总")
    assert summary.iloc[0]["部门"] == "孝义市机关事务服务中心" and summary.iloc[0]["项目数"] == 137


def test_findings_json_follows_schema(audit):
    from auditor.report.findings_json import audit_to_dict

    data = json.loads(json.dumps(audit_to_dict(audit), ensure_ascii=False))
    assert set(data) >= {"tool", "inputs", "projects", "cross_checks"}
    assert data["tool"]["name"] == "auditor"
    first = next(p for p in data["projects"] if p["form_id"] == "xiaoyi-2025#2")
    assert set(first) >= {"form_id", "project_name", "department", "score", "rank", "score_breakdown", "findings"}
    assert 0 <= first["score"] <= 100
    assert sum(first["score_breakdown"].values()) == pytest.approx(first["score"], abs=0.1)
    f = first["findings"][0]
    assert set(f) >= {"rule", "category", "severity", "level1", "level2", "level3", "column", "value", "message",
                      "suggestion", "line"}
    assert data["cross_checks"][0]["form_ids"] == ["xiaoyi-2025#7", "xiaoyi-2025#8"]
    ranks = sorted(p["rank"] for p in data["projects"] if p["kind"] == "project")
    assert ranks == list(range(1, 138))


def test_indicators_csv_is_tidy_with_value_grammar(audit, tmp_path):
    from auditor.report.indicators_csv import write_csv

    text = write_csv(audit, tmp_path / "indicators.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == sum(len(f.indicators) for d in audit.documents for f in d.forms)
    row = next(r for r in rows if r["form_id"] == "xiaoyi-2025#2" and r["level3"] == "刮墙")
    assert (row["period_value"], row["period_dimension"], row["period_operator"], row["period_number"],
            row["period_unit"]) == ("≥2000元", "money", ">=", "2000", "元")
    assert row["indicator_kind"] == "count" and row["categories"] == "unit_mismatch" and row["line"] == "681"
    vague = next(r for r in rows if r["form_id"] == "xiaoyi-2025#2" and r["level3"] == "服务效果")
    assert vague["period_dimension"] == "qualitative_vague" and "vague" in vague["period_flags"]


def test_terminal_summary_prints_markup_in_names_as_written(audit):
    from rich.console import Console

    from auditor.report.terminal import print_summary

    console = Console(file=io.StringIO(), width=200, color_system=None, markup=False)
    print_summary(audit, console, top=200)
    out = console.file.getvalue()
    assert "[bold]办公经费项目" in out
    assert "2019年至2021年期间工程、采购货物等相关款项的项目" in out
