"""Published pages whose HTML tables were flattened to ``a | b | ||||`` rows (merged and blank
cells dropped) read to the rows of their hand transcription (tests/data/regions/shared)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.ingest import read_document

SHARED = Path(__file__).resolve().parents[1] / "data" / "regions" / "shared"


def transcription(form_id: str) -> list[tuple[str, str]]:
    """(name, annual value) of the transcribed rows that have a name."""
    with open(SHARED / "forms.csv", encoding="utf-8-sig") as fh:
        return [(r["level3"], r["annual_value"]) for r in csv.DictReader(fh)
                if r["form_id"] == form_id and r["level3"]]


def printed(ind) -> str:
    """The value as the page prints it: a text value keeps its unit cell beside it (应保尽保 | %)."""
    value, unit = ind.annual_value, ind.unit or ""
    return value if not unit or value.endswith(unit) else value + unit


def read(stem: str):
    (path,) = SHARED.glob(f"raw/{stem}_*.txt")
    doc = read_document(path)
    assert doc.source_format == "text (flattened table)"
    assert len(doc.forms) == 1
    return doc.forms[0]


@pytest.mark.parametrize("stem, form_id", [("34", "h34"), ("12", "h12"), ("26", "h26")])
def test_flattened_table_reads_to_its_transcription(stem, form_id):
    form = read(stem)
    assert [(i.level3, printed(i)) for i in form.indicators] == transcription(form_id)


def test_truncated_page_keeps_the_transcribed_rows_first():
    # h20 南岳: the excerpt stops inside the 成本 row (补助标准 | 15…), which the transcription left out
    rows = [(i.level3, i.annual_value) for i in read("20").indicators]
    assert rows[:3] == transcription("h20") and rows[3][0] == "补助标准"


def test_two_row_header_and_merged_level1_cell():
    # h34 黄石: 指标值 split into 2021年实际实现值 / 预期2022年实现值; one value per row is the target;
    # the merged 产出指标 cell is printed on the fifth 数量 row and 成本指标 sits under 产出
    form = read("34")
    rows = {i.level3: i for i in form.indicators}
    assert rows["主体班培训人次"].annual_value == "280人次" and not rows["主体班培训人次"].actual
    assert (rows["开设课程数量"].level1, rows["开设课程数量"].level2) == ("产出指标", "数量指标")
    assert (rows["成本控制率"].level1, rows["成本控制率"].level2) == ("产出指标", "成本指标")
    assert rows["培训学员对培训效果满意度"].level2 == "服务对象满意度指标"
    assert form.project_name == "主体班" and form.funds.annual_total == 1640000  # 项目金额 164万元


def test_system_columns_in_a_flattened_table():
    # h12 浮梁: 计算符号 | 目标值 | 度量单位 cells put back in their columns: = | 116 | 人 -> =116人
    form = read("12")
    assert form.kind == "unit"
    first = form.indicators[0]
    assert (first.level3, first.annual_value, first.unit) == ("保障在职职工人数(人)", "=116人", "人")


def test_page_without_a_readable_table_is_one_line():
    # h02 青山 runs each row's cells together: no form is recovered, and the reader says so
    (path,) = SHARED.glob("raw/02_*.txt")
    with pytest.raises(InputError):
        read_document(path)
