"""Other regions' column sets and formats: replicas of three regions forms (built by
scripts/make_region_replicas.py with LibreOffice) read to the rows of their hand transcription."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.ingest import read_document

REGIONS = Path(__file__).resolve().parents[1] / "data" / "regions"
REPLICAS = REGIONS / "replicas"
MANIFEST = json.loads((REPLICAS / "replicas.json").read_text(encoding="utf-8"))


def transcription(form_id: str) -> list[tuple[str, str, str, str]]:
    with open(REGIONS / "shared" / "forms.csv", encoding="utf-8-sig") as fh:
        return [(r["level1"], r["level2"], r["level3"], r["annual_value"])
                for r in csv.DictReader(fh) if r["form_id"] == form_id]


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx", "html"])
@pytest.mark.parametrize("stem", sorted(MANIFEST))
def test_replica_reads_to_its_transcription(stem, fmt):
    doc = read_document(REPLICAS / f"{stem}.{fmt}")
    assert doc.source_format == f"{fmt} (grid)"
    assert len(doc.forms) == 1
    rows = [(i.level1, i.level2, i.level3, i.annual_value) for i in doc.forms[0].indicators]
    assert rows == transcription(MANIFEST[stem]["form_id"])


def test_operator_and_unit_columns_make_the_value():
    # h12 浮梁: = | 116 | 人 -> "=116人"; ≥ | 95 | % -> "≥95%"; the parts are kept as printed
    form = read_document(REPLICAS / "h12_unit_annual.xlsx").forms[0]
    assert form.kind == "unit" and form.project_name == form.department == "浮梁县林业局"
    first, last = form.indicators[0], form.indicators[-1]
    assert (first.level3, first.annual_value, first.operator, first.unit) == ("保障在职职工人数(人)", "=116人", "=", "人")
    assert (last.level1, last.level2, last.annual_value) == ("产出指标", "质量指标", "≥95%")
    assert form.goals.annual == "保证林业局职能实现,保障人员经费。"


def test_operator_printed_under_direction_is_read_by_content():
    # h28 乌海: 指标性质 holds 正向/反向, 指标方向 holds =; 目标值 24 + 计量单位 人/次
    form = read_document(REPLICAS / "h28_system_columns.pdf").forms[0]
    trips = next(i for i in form.indicators if i.level3 == "出差人次")
    assert (trips.annual_value, trips.operator, trips.direction, trips.weight) == ("=24人/次", "正向", "=", "4")
    assert form.funds.annual_total == 30000  # 资金总额(万元) 3
    assert form.department == "(433)乌海市供销合作社联合社(部门)"


@pytest.mark.parametrize("fmt", ["xlsx", "pdf", "docx", "html"])
def test_self_evaluation_form_reads_targets_not_actuals(fmt):
    # h06 池州 自评表: 年度指标值 =8个 is the value; 实际完成值 8, 分值 8, 得分 8 kept beside it
    doc = read_document(REPLICAS / f"h06_selfeval.{fmt}")
    form = doc.forms[0]
    assert form.self_evaluation
    cost = next(i for i in form.indicators if i.level3 == "项目总成本")
    assert (cost.annual_value, cost.actual, cost.weight, cost.score) == ("≤202.6万元", "132.9", "10", "10")
    villages = form.indicators[0]
    assert (villages.annual_value, villages.actual) == ("=8个", "8")
    assert "1 个是绩效自评表" in doc.summary()
    assert form.to_dict()["self_evaluation"] is True
    assert form.to_dict()["indicators"][0]["actual"] == "8"


def test_self_evaluation_kept_in_the_tidy_table(tmp_path):
    from auditor.tidy import write_tidy

    form = read_document(REPLICAS / "h06_selfeval.xlsx").forms[0]
    path = tmp_path / "selfeval.csv"
    write_tidy([form], str(path), "csv")
    back = read_document(path).forms[0]
    assert back.self_evaluation
    assert [(i.annual_value, i.actual, i.score) for i in back.indicators] == [
        (i.annual_value, i.actual, i.score) for i in form.indicators]


def test_tidy_csv_with_chinese_headers(tmp_path):
    # the h12 rows as a budget system exports them: Chinese headers, operator and unit columns,
    # merged heading cells blank below, no form_id column
    spec = MANIFEST["h12_unit_annual"]
    path = tmp_path / "export.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["项目名称", "主管部门", *spec["header"]])
        for row in spec["rows"]:
            writer.writerow(["林业局运转", "浮梁县林业局", *row])
    doc = read_document(path)
    assert len(doc.forms) == 1
    form = doc.forms[0]
    assert form.project_name == "林业局运转"
    assert [i.annual_value for i in form.indicators] == [r[3] for r in transcription("h12")]
    assert {i.level1 for i in form.indicators} == {"产出指标"}


def test_html_page_without_a_form_is_named(tmp_path):
    path = tmp_path / "page.html"
    path.write_text("<html><body><table><tr><td>通知</td><td>公告</td></tr></table></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="网页（HTML）"):
        read_document(path)


def test_html_spans_are_clamped(tmp_path):
    # a hostile rowspan/colspan cannot make the reader build millions of cells
    path = tmp_path / "spans.html"
    path.write_text("<html><body><table><tr><td rowspan='99999999' colspan='99999999'>x</td></tr>"
                    "</table></body></html>", encoding="utf-8")
    with pytest.raises(InputError):
        read_document(path)


def test_broken_docx_is_one_line(tmp_path):
    import zipfile

    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("word/document.xml", "<w:document>not closed")
    with pytest.raises(InputError, match="Word 文档"):
        read_document(path)


def test_text_with_an_indicator_grid(tmp_path):
    # the h28 form as text extracted from a PDF (TAB-separated cells): read as a grid, like the PDF
    spec = MANIFEST["h28_system_columns"]
    lines = ["再生资源回收市场管理经费项目绩效目标表", "项目名称\t再生资源回收市场管理经费",
             "\t".join(spec["header"]), *("\t".join(row) for row in spec["rows"])]
    path = tmp_path / "h28.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path)
    assert doc.source_format == "text (grid)"
    rows = [(i.level1, i.level2, i.level3, i.annual_value) for i in doc.forms[0].indicators]
    assert rows == transcription("h28")
