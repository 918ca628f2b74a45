"""Published pages whose HTML tables were flattened to ``a | b | ||||`` rows (merged and blank
cells dropped) read to the rows of their hand transcription (tests/data/regions/shared)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.ingest import read_document

REGIONS = Path(__file__).resolve().parents[1] / "data" / "regions"
SHARED = REGIONS / "shared"


def transcription(form_id: str) -> list[tuple[str, str]]:
    """(name, annual value) of the transcribed rows that have a name."""
    part = "shared" if form_id.startswith("h") else "found"
    with open(REGIONS / part / "forms.csv", encoding="utf-8-sig") as fh:
        return [(r["level3"], r["annual_value"]) for r in csv.DictReader(fh)
                if r["form_id"] == form_id and r["level3"]]


def printed(ind) -> str:
    """The value as the page prints it: a text value keeps its unit cell beside it (应保尽保 | %)."""
    value, unit = ind.annual_value, ind.unit or ""
    return value if not unit or value.endswith(unit) else value + unit


def read(stem: str, part: str = "shared", forms: int = 1):
    (path,) = (REGIONS / part).glob(f"raw/{stem}_*.txt")
    doc = read_document(path)
    assert doc.source_format == "text (flattened table)"
    assert len(doc.forms) == forms
    return doc.forms[0] if forms == 1 else doc.forms


# pipe rows: h34 黄石, h12 浮梁, h26 岳阳楼 (traditional characters); one cell per line or per
# paragraph: h24 岳阳县, h32 临邑 (产出值/数量值 headings), h22 湘潭, h14 荣昌; found f05 淮北
@pytest.mark.parametrize("stem, form_id", [("34", "h34"), ("12", "h12"), ("26", "h26"), ("24", "h24"),
                                           ("32", "h32"), ("22", "h22"), ("14", "h14")])
def test_flattened_table_reads_to_its_transcription(stem, form_id):
    form = read(stem)
    assert [(i.level3, printed(i)) for i in form.indicators] == transcription(form_id)


@pytest.mark.parametrize("stem, form_id", [("06", "f06"), ("14", "f14")])
def test_rows_with_cells_apart_by_spaces_read_to_their_transcription(stem, form_id):
    # f06 宣城 自评表 (one row per line, cells apart by spaces); f14 甘孜 budget-system export
    # with 指标性质 | 指标值 | 度量单位 | 权重 columns
    form = read(stem, "found")
    assert [(i.level3, printed(i)) for i in form.indicators] == transcription(form_id)


def test_space_rows_put_operator_direction_and_weight_in_their_columns():
    # h28 乌海: 出差人次 正向 = 24 人/次 4 -> the value =24人/次, direction 正向, weight 4
    form = read("28")
    trips = next(i for i in form.indicators if i.level3 == "出差人次")
    assert (trips.annual_value, trips.unit, trips.weight) == ("=24人/次", "人/次", "4")


def test_two_forms_on_one_flattened_page():
    # f23/f24 天津河北区法院: the second form's 单位:万元 line ends the first table
    first, second = read("23", "found", forms=2)
    assert [(i.level3, i.annual_value) for i in first.indicators] == transcription("f23")
    assert [(i.level3, i.annual_value) for i in second.indicators] == transcription("f24")
    assert (first.project_name, second.project_name) == ("安全隐患维修", "办案业务费(陪审员及互联网专线)")


def test_one_cell_per_line_heading_split_over_two_lines():
    # h24 岳阳县: 经济效益 / 指标 printed as two paragraphs is one heading; the 注: line ends the table
    form = read("24")
    grain = next(i for i in form.indicators if i.level3 == "年增粮食")
    assert (grain.level1, grain.level2, grain.annual_value) == ("效益指标", "经济效益指标", "3500公斤")
    assert form.indicators[-1].level3 == "受益脱贫(监测)户满意度"


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


def test_page_whose_cells_run_together_names_the_header_line():
    # h02 青山 runs each row's cells together (产出指标数量指标农村义务教育…100%): nothing is guessed;
    # the error names the line holding the column names
    (path,) = SHARED.glob("raw/02_*.txt")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.line == 22 and "无法分列" in err.value.message


def test_space_rows_with_a_value_shaped_name_are_refused_not_read_as_whole_lines():
    # f01 霍邱: the 时效 row's name is itself a date (2022年底之前 | 2022年底之前): the reader cannot
    # tell name from value, so it refuses with the line instead of reading every line as one name
    (path,) = (REGIONS / "found").glob("raw/01_*.txt")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.line == 20 and "2022年底之前" in err.value.message


def test_flattened_table_that_cannot_be_realigned_is_refused_with_its_line():
    # f13 安居区: 分值 cells between the values (指标1:… | 已完成 | 5) cannot be told from the next
    # row's name: the reader refuses at the first row that comes out wrong instead of inventing rows
    (path,) = (REGIONS / "found").glob("raw/13_*.txt")
    with pytest.raises(InputError) as err:
        read_document(path)
    assert err.value.line == 118 and "无法确定各格所在的列" in err.value.message
