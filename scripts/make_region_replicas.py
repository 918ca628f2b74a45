#!/usr/bin/env python3
"""Build XLSX/PDF/DOCX/HTML replicas of three regions forms in the column sets other regions use
(issue 12): the test checks that each reads to the same rows as the hand transcription in
``tests/data/regions/shared/forms.csv``.

- h12 浮梁县林业局 (unit-wide, annual-only): 一级指标 | 二级指标 | 三级指标 | 计算符号 | 目标值 |
  度量单位 | 指标值说明, as the Jiangxi system prints it (operator and unit in columns of their own);
- h28 乌海 再生资源回收市场管理经费: 指标性质 | 指标方向 | 目标值 | 计量单位 | 分值 | 备注, one row per
  indicator with the headings repeated (the publisher put 正向/反向 under 指标性质 and =/≥ under 指标方向);
- h06 池州 村级补助及运转经费 自评表: 年度指标值 | 实际完成值 | 分值 | 得分 | 偏差原因分析及改进措施.

The indicator cells come from the published page (``raw/``): operator, target and unit of h12 and
h28 from their separate columns, actual/weight/score of h06 from the three cells after the target.
Heading cells are merged over their runs as offices lay them out. LibreOffice (headless) renders the
workbooks to PDF and the HTML pages to DOCX.

Usage: python scripts/make_region_replicas.py [--out tests/data/regions/replicas]
"""

from __future__ import annotations

import argparse
import csv
import html
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Border, Font, Side

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / "tests" / "data" / "regions" / "shared"
FONT = Font(name="Noto Sans CJK SC", size=10)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")


def tidy_rows(form_id: str) -> list[dict[str, str]]:
    with open(SHARED / "forms.csv", encoding="utf-8-sig") as fh:
        return [r for r in csv.DictReader(fh) if r["form_id"] == form_id]


def raw_text(prefix: str) -> str:
    return next(SHARED.joinpath("raw").glob(f"{prefix}_*.txt")).read_text(encoding="utf-8")


def h12_rows() -> tuple[list[str], list[list[str]]]:
    """h12: operator, target, unit and note from the pipe rows of the published table."""
    lines = raw_text("12").splitlines()
    out = []
    for row in tidy_rows("h12"):
        line = next(ln for ln in lines if f"| {row['level3']} |" in ln)
        cells = [c.strip() for c in line.split("|")]
        i = cells.index(row["level3"])
        op, value, unit, note = cells[i + 1: i + 5]
        out.append([row["level1"], row["level2"], row["level3"], op, value, unit, note])
    return ["一级指标", "二级指标", "三级指标", "计算符号", "目标值", "度量单位", "指标值说明"], out


def h28_rows() -> tuple[list[str], list[list[str]]]:
    """h28: 指标性质, 指标方向, 目标值, 计量单位, 分值 from the space-separated published rows."""
    lines = raw_text("28").splitlines()
    out = []
    for row in tidy_rows("h28"):
        line = next(ln for ln in lines if ln.startswith(f"{row['level1']} {row['level2']} {row['level3']} "))
        rest = line[len(f"{row['level1']} {row['level2']} {row['level3']} "):].split()
        nature, op, value, weight = rest[0], rest[1], rest[2], rest[-1]
        unit = " ".join(rest[3:-1])
        out.append([row["level1"], row["level2"], row["level3"], nature, op, value, unit, weight, ""])
    return ["一级指标", "二级指标", "三级指标", "指标性质", "指标方向", "目标值", "计量单位", "分值", "备注"], out


def h06_rows() -> tuple[list[str], list[list[str]]]:
    """h06: the target, then actual, weight and score as the self-evaluation form prints them."""
    text = " ".join(raw_text("06").split())
    out = []
    for row in tidy_rows("h06"):
        key = f"{row['level3']} {row['annual_value']} "
        actual, weight, score = text[text.index(key) + len(key):].split()[:3]
        out.append([row["level1"], row["level2"], row["level3"], row["annual_value"], actual, weight, score, ""])
    return ["一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "分值", "得分", "偏差原因分析及改进措施"], out


FORMS = {
    "h12_unit_annual": {
        "form_id": "h12", "title": "部门整体绩效目标", "rows": h12_rows, "merge": True,
        "fields": [("部门编码:", "316"), ("部门名称:", "浮梁县林业局"),
                   ("*年度绩效总目标", "保证林业局职能实现,保障人员经费。")],
    },
    "h28_system_columns": {
        "form_id": "h28", "title": "再生资源回收市场管理经费项目绩效目标表", "rows": h28_rows, "merge": False,
        "fields": [("项目名称", "再生资源回收市场管理经费"), ("主管部门", "(433)乌海市供销合作社联合社(部门)"),
                   ("资金总额(万元)", "3")],
    },
    "h06_selfeval": {
        "form_id": "h06", "title": "项目支出绩效自评表", "rows": h06_rows, "merge": True,
        "fields": [("项目名称", "村级补助及运转经费"), ("主管部门", "池州市贵池区棠溪镇人民政府"),
                   ("年度资金总额(万元)", "0")],
    },
}


def _runs(values: list[str]) -> list[tuple[int, int]]:
    """(start, end) index runs of a heading column: a heading cell merged down over its rows."""
    runs, start = [], 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start]:
            runs.append((start, i - 1))
            start = i
    return runs


def _lines(text: str, width: float) -> int:
    """Printed lines a text needs in a column (a CJK character is two width units)."""
    units = sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)
    return max(1, -(-units // max(1, int(width) - 2)))


def write_xlsx(path: Path, spec: dict, header: list[str], rows: list[list[str]]) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "绩效目标表"
    width = len(header)
    ws.cell(1, 1, spec["title"]).font = Font(name="Noto Sans CJK SC", size=14)
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=width)
    r = 2
    for label, value in spec["fields"]:
        ws.cell(r, 1, label)
        ws.cell(r, 2, value)
        ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=width)
        r += 1
    top = r
    for c, name in enumerate(header, start=1):
        ws.cell(r, c, name)
    for row in rows:
        r += 1
        for c, value in enumerate(row, start=1):
            ws.cell(r, c, value).data_type = "s"
    if spec["merge"]:
        for col in (0, 1):
            keys = ["\t".join(row[: col + 1]) for row in rows]
            for a, b in _runs(keys):
                for k in range(a + 1, b + 1):
                    ws.cell(top + 1 + k, col + 1).value = None
                if b > a:
                    ws.merge_cells(start_row=top + 1 + a, start_column=col + 1, end_row=top + 1 + b, end_column=col + 1)
    ws.cell(r + 1, 1, "填报人:")
    for row_cells in ws.iter_rows(min_row=1, max_row=r + 1, max_col=width):
        for cell in row_cells:
            if cell.row != 1:
                cell.font = FONT
            cell.alignment = WRAP
            if cell.row >= 2 and cell.row <= r:
                cell.border = BORDER
    widths = (16, 16, 30, 12, 14, 12, 16, 10, 12)[:width]
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[chr(64 + c)].width = w
    for row_cells in ws.iter_rows(min_row=2, max_row=r, max_col=width):  # room for wrapped text
        need = max(_lines(str(cell.value or ""), widths[cell.column - 1]) for cell in row_cells
                   if not isinstance(cell, MergedCell))
        ws.row_dimensions[row_cells[0].row].height = 15 * need
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToHeight = 0
    wb.save(path)


def write_html(path: Path, spec: dict, header: list[str], rows: list[list[str]]) -> None:
    """An HTML page as disclosure sites publish it: a layout table around the form table."""
    width = len(header)
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>", html.escape(spec["title"]),
           "</title></head><body><table class='layout'><tr><td>",
           f"<h3>{html.escape(spec['title'])}</h3><table border='1'>"]
    for label, value in spec["fields"]:
        out.append(f"<tr><td>{html.escape(label)}</td><td colspan='{width - 1}'>{html.escape(value)}</td></tr>")
    out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
    spans: dict[tuple[int, int], int] = {}
    if spec["merge"]:
        for col in (0, 1):
            keys = ["\t".join(row[: col + 1]) for row in rows]
            for a, b in _runs(keys):
                spans[(a, col)] = b - a + 1
                for k in range(a + 1, b + 1):
                    spans[(k, col)] = 0
    for i, row in enumerate(rows):
        cells = []
        for c, value in enumerate(row):
            span = spans.get((i, c), 1)
            if span == 0:
                continue
            attr = f" rowspan='{span}'" if span > 1 else ""
            cells.append(f"<td{attr}>{html.escape(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</table><p>填报人:</p></td></tr></table></body></html>")
    path.write_text("".join(out), encoding="utf-8")


def convert(soffice: str, src: Path, fmt: str, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", fmt,
             "--outdir", str(out), str(src)],
            check=True, capture_output=True, timeout=300,
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "tests" / "data" / "regions" / "replicas")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui fonts-noto-cjk")
    manifest = {}
    for stem, spec in FORMS.items():
        header, rows = spec["rows"]()
        xlsx = args.out / f"{stem}.xlsx"
        write_xlsx(xlsx, spec, header, rows)
        convert(soffice, xlsx, "pdf", args.out)
        page = args.out / f"{stem}.html"
        write_html(page, spec, header, rows)
        with tempfile.TemporaryDirectory() as tmp:  # Writer's HTML import, saved as Word 2007+
            convert(soffice, page, "docx:MS Word 2007 XML", Path(tmp))
            shutil.move(Path(tmp) / f"{stem}.docx", args.out / f"{stem}.docx")
        manifest[stem] = {"form_id": spec["form_id"], "header": header, "rows": rows}
    (args.out / "replicas.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
