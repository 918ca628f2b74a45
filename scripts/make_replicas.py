#!/usr/bin/env python3
"""Build the Excel/PDF replicas of seed forms used by tests/ingest (issue 7).

The forms are laid out as offices keep them (merged heading cells, the period and annual halves
side by side, one form after another down a sheet, a page break before each), from the text
parser's reading of the bundled seed document; the 项目支出预算表 is laid out on its own sheet
with its two header rows repeated on each printed page. LibreOffice (headless) then renders the
workbook to PDF, as an office would.

Usage: python scripts/make_replicas.py [--out tests/ingest/data] [--forms 2,3,4,...]

Writes: replicas.xlsx (budget sheet + all forms down one sheet), replicas.pdf (LibreOffice
rendering of it), replicas_by_sheet.xlsx (one form per sheet), tidy_other_tool.xlsx (the tidy table
as another tool writes it: a title row, extra columns, number formats, dates), replicas.json (which
seed forms were used, in order).
"""

from __future__ import annotations

import argparse
import json
import math
import re
import shutil
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from auditor.model import BudgetTable, Form, Indicator

# Seed form ordinals (1-based, document order): a mix of 9..23 indicators, cut-short annual names,
# one-half-only indicators, 1年/2年/3年/99年 periods, unequal period/annual funds, a blank annual total.
DEFAULT_FORMS = (2, 3, 4, 5, 10, 12, 14, 15, 20, 23, 35, 47, 57, 71, 132)
CONTINUOUS = 6  # the last forms are printed without page breaks between them
TITLE = "某县(区)级预算部门(单位)项目支出绩效目标表"
YEAR_LINE = "(2025年度)"
FONT = Font(name="Noto Sans CJK SC", size=10)
TITLE_FONT = Font(name="Noto Sans CJK SC", size=14)
THIN = Side(style="thin")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="center")
FORM_WIDTHS = (14, 12, 13, 22, 13, 13, 22, 13)  # columns A..H
UNIT_WIDTHS = (14, 14, 16, 30, 16, 16, 14)  # the unit-wide form, columns A..G
SOURCE_LABELS = (
    ("central", "其中:中央财政资金"),
    ("provincial", "省级财政资金"),
    ("local", "市县(区)财政资金"),
    ("self", "单位自筹"),
    ("other", "其他资金"),
)
TEXT_LABELS = (
    ("overview", "项目概况"),
    ("basis", "立项依据"),
    ("necessity", "项目设立必要性"),
    ("measures", "保证项目实施的制度、措施"),
    ("plan", "项目实施计划"),
)
BUDGET_FUNDS = ("general_budget", "fund_budget", "state_capital", "special_account", "unit_funds")


def text_units(text: str) -> float:
    """Approximate width of *text* in Excel column units at 10 pt."""
    return sum(1.05 if ord(ch) < 0x2E80 else 1.9 for ch in text)


def lines_needed(text: str, width: float) -> int:
    avail = max(width - 2.0, 4.0)
    return sum(max(1, math.ceil(text_units(part) / avail)) for part in str(text).split("\n"))


class Sheet:
    """Writes bordered cells and merges, and sizes rows so wrapped text is never clipped."""

    def __init__(self, ws: Worksheet, widths: tuple[float, ...]) -> None:
        self.ws = ws
        self.widths = widths
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = w
        self.row_lines: dict[int, int] = {}

    def put(self, row: int, col: int, value: object, to_col: int | None = None, to_row: int | None = None,
            number_format: str | None = None, border: bool = True, font: Font = FONT) -> None:
        to_col = to_col or col
        to_row = to_row or row
        cell = self.ws.cell(row=row, column=col)
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"  # "=0次" is a value, not a formula
        cell.font = font
        cell.alignment = WRAP
        if number_format:
            cell.number_format = number_format
        if to_col > col or to_row > row:
            self.ws.merge_cells(start_row=row, start_column=col, end_row=to_row, end_column=to_col)
        if border:
            for r in range(row, to_row + 1):
                for c in range(col, to_col + 1):
                    self.ws.cell(row=r, column=c).border = BORDER
        if value not in (None, "") and to_row == row:
            width = sum(self.widths[col - 1 : to_col])
            shown = value if isinstance(value, str) else f"{value:,.2f}" if isinstance(value, int | float) else str(value)
            self.row_lines[row] = max(self.row_lines.get(row, 1), lines_needed(shown, width))

    def finish(self) -> None:
        for row, lines in self.row_lines.items():
            self.ws.row_dimensions[row].height = min(409, lines * 15.5 + 5)


def money_format(value: float | None) -> str:
    return "#,##0" if value is None or float(value).is_integer() else "#,##0.00"


def write_form(sh: Sheet, form: Form, row: int) -> int:
    """Lay out one project form from *row*; return the next free row."""
    put = sh.put
    put(row, 1, TITLE, to_col=8, border=False, font=TITLE_FONT)
    put(row + 1, 1, YEAR_LINE, to_col=8, border=False)
    r = row + 2
    put(r, 1, "项目名称")
    put(r, 2, form.project_name, to_col=8)
    r += 1
    dept = f"{form.department_code}-{form.department}" if form.department_code else form.department
    put(r, 1, "主管部门及代码")
    put(r, 2, dept, to_col=4)
    put(r, 5, "实施单位")
    put(r, 6, form.implementing_unit or "", to_col=8)
    r += 1
    put(r, 1, "项目属性")
    put(r, 2, form.attribute or "", to_col=4)
    put(r, 5, "项目期")
    put(r, 6, form.period or "", to_col=8)
    r += 1
    funds = form.funds
    put(r, 1, "项目资金 (元)", to_row=r + 5)
    put(r, 2, "实施期资金总额:", to_col=3)
    put(r, 4, funds.period_total, number_format=money_format(funds.period_total))
    put(r, 5, "年度资金总额:", to_col=6)
    put(r, 7, funds.annual_total, to_col=8, number_format=money_format(funds.annual_total))
    for k, (source, label) in enumerate(SOURCE_LABELS, start=1):
        pv, av = funds.period_sources.get(source), funds.annual_sources.get(source)
        put(r + k, 2, label, to_col=3)
        put(r + k, 4, pv, number_format=money_format(pv))
        put(r + k, 5, label, to_col=6)
        put(r + k, 7, av, to_col=8, number_format=money_format(av))
    r += 6
    for attr, label in TEXT_LABELS:
        put(r, 1, label)
        put(r, 2, getattr(form.texts, attr), to_col=8)
        r += 1
    put(r, 1, None)
    put(r, 2, "实施期目标", to_col=5)
    put(r, 6, "年度目标", to_col=8)
    put(r + 1, 1, "总体目标")
    put(r + 1, 2, form.goals.period, to_col=5)
    put(r + 1, 6, form.goals.annual, to_col=8)
    r += 2
    rows = form.indicators
    put(r, 1, "绩效指标", to_row=r + len(rows))
    for c, head in enumerate(("一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"), 2):
        put(r, c, head)
    r += 1
    write_indicators(sh, rows, r)
    r += len(rows)
    put(r, 1, "负责人:", border=False)
    put(r, 3, "经办人:", border=False)
    put(r, 5, "联系电话:", border=False)
    put(r, 7, "填报日期:", border=False)
    put(r, 8, date(2025, 2, 28), number_format="yyyy-mm-dd", border=False)
    return r + 1


def _runs(keys: list[str]) -> list[tuple[int, int]]:
    """(start, end) index ranges of equal consecutive non-blank keys."""
    out, start = [], 0
    for i in range(1, len(keys) + 1):
        if i == len(keys) or keys[i] != keys[start] or not keys[i]:
            out.append((start, i - 1))
            start = i
    return out


def write_indicators(sh: Sheet, rows: list[Indicator], top: int) -> None:
    """Indicator rows: B 一级, C 二级, D 三级, E 指标值 | F 二级, G 三级, H 指标值 (headings merged down)."""
    def has_period(ind: Indicator) -> bool:
        return bool(ind.period_value) or not ind.annual_value

    def has_annual(ind: Indicator) -> bool:
        return bool(ind.annual_value or ind.annual_level3) or not ind.period_value

    l1 = [ind.level1 for ind in rows]
    for a, b in _runs(l1):
        sh.put(top + a, 2, l1[a], to_row=top + b)
    l2p = [f"{ind.level1}/{ind.level2}" if has_period(ind) else "" for ind in rows]
    for a, b in _runs(l2p):
        sh.put(top + a, 3, rows[a].level2 if l2p[a] else None, to_row=top + b)
    for i, ind in enumerate(rows):  # the annual half prints its level-2 heading on every row
        sh.put(top + i, 6, ind.level2)
    for i, ind in enumerate(rows):
        r = top + i
        sh.put(r, 4, ind.level3 if has_period(ind) else None)
        put_value(sh, r, 5, ind.period_value)
        sh.put(r, 7, (ind.annual_level3 or ind.level3) if has_annual(ind) else None)
        put_value(sh, r, 8, ind.annual_value)


PERCENT = re.compile(r"^(\d{1,3})(\.\d)?%$")


def put_value(sh: Sheet, row: int, col: int, value: str) -> None:
    """An indicator value; a bare percentage is typed as offices do: a number with a % format."""
    m = PERCENT.match(value)
    if m:
        number = float(value[:-1]) / 100
        sh.put(row, col, number, number_format="0.0%" if m.group(2) else "0%")
    else:
        sh.put(row, col, value or None)


def write_unit_form(ws: Worksheet, rows: list[str]) -> None:
    """The unit-wide form (整体支出绩效目标申报表), copied row by row from the seed's text layout:
    each TAB-separated cell into its column, bordered; a one-cell line (the title, the year)
    merged across the sheet without borders. Its layout varies too much between offices to
    rebuild from the model."""
    sh = Sheet(ws, UNIT_WIDTHS)
    page_setup(ws)
    for r, line in enumerate(rows, start=1):
        cells = line.split("\t")
        if len(cells) == 1:
            sh.put(r, 1, cells[0].strip() or None, to_col=len(UNIT_WIDTHS), border=False)
            continue
        for c, value in enumerate(cells[: len(UNIT_WIDTHS)], start=1):
            sh.put(r, c, value.strip() or None)
    sh.finish()


def page_setup(ws: Worksheet) -> None:
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5


def write_budget(ws: Worksheet, table: BudgetTable, department: str) -> None:
    sh = Sheet(ws, (44, 12, 13, 13, 13, 13, 12))
    page_setup(ws)
    put = sh.put
    put(1, 1, table.title, to_col=7, border=False, font=TITLE_FONT)
    put(2, 1, f"部门名称:{department}", to_col=5, border=False)
    put(2, 6, "单位:万元", to_col=7, border=False)
    put(3, 1, "项目名称", to_row=4)
    put(3, 2, "合计", to_row=4)
    put(3, 3, "2025年财政拨款", to_col=5)
    put(3, 6, "财政专户管理资金", to_row=4)
    put(3, 7, "单位资金", to_row=4)
    for c, head in enumerate(("一般公共预算", "政府性基金预算", "国有资本经营预算"), 3):
        put(4, c, head)
    for c in range(1, 8):
        put(5, c, c)
    put(6, 1, department)
    put(6, 2, table.stated_total, number_format="0.00")
    for c, key in enumerate(BUDGET_FUNDS, 3):
        total = sum(v for ln in table.lines if (v := ln.by_fund.get(key)) is not None) if any(
            ln.by_fund.get(key) is not None for ln in table.lines) else None
        put(6, c, round(total, 2) if total is not None else None, number_format="0.00")
    for i, line in enumerate(table.lines):
        r = 7 + i
        put(r, 1, line.name)
        put(r, 2, line.total, number_format="0.00")
        for c, key in enumerate(BUDGET_FUNDS, 3):
            put(r, c, line.by_fund.get(key), number_format="0.00")
    ws.print_title_rows = "3:5"
    sh.finish()


def write_tidy_other_tool(path: Path, forms: list[Form]) -> None:
    """The tidy table as another tool would write it: title rows, columns reordered, extras."""
    wb = Workbook()
    ws = wb.active
    ws.title = "指标明细"
    ws.append(["绩效指标明细导出", None, None, f"导出日期 {date(2025, 3, 5).isoformat()}"])
    ws.append([])
    header = ["序号", "form_id", "kind", "project_name", "department", "level1", "level2", "level3",
              "period_value", "annual_value", "period_total", "annual_total", "goal_period",
              "goal_annual", "line", "填报日期", "备注"]
    ws.append(header)
    n = 0
    for k, form in enumerate(forms, start=1):
        for ind in form.indicators:
            n += 1
            row = [n, f"other#{k}", form.kind, form.project_name, form.department, ind.level1, ind.level2,
                   ind.level3, ind.period_value, ind.annual_value, form.funds.period_total,
                   form.funds.annual_total, form.goals.period, form.goals.annual, ind.line,
                   date(2025, 2, 28), ""]
            ws.append(row)
            r = ws.max_row
            for c in (11, 12):
                ws.cell(r, c).number_format = "#,##0.00"
            ws.cell(r, 16).number_format = "yyyy-mm-dd"
            for c in range(1, len(row) + 1):  # values are text, not formulas ("=0次")
                if isinstance(ws.cell(r, c).value, str):
                    ws.cell(r, c).data_type = "s"
            # a percentage typed as a number with a % format, as spreadsheets store it
            if ind.period_value == "100%" and ind.annual_value == "100%":
                ws.cell(r, 9).value = 1
                ws.cell(r, 9).number_format = "0%"
    wb.save(path)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "tests/ingest/data")
    ap.add_argument("--forms", default=",".join(map(str, DEFAULT_FORMS)))
    ap.add_argument("--unit", type=int, default=1, help="ordinal of the unit-wide form to copy (0: none)")
    args = ap.parse_args()
    import auditor
    from auditor.resources import sample_document

    seed = auditor.load(sample_document())
    ordinals = [int(x) for x in args.forms.split(",")]
    forms = [seed.forms[i - 1] for i in ordinals]
    if any(f.kind != "project" for f in forms):
        raise SystemExit("only project forms can be replicated")
    args.out.mkdir(parents=True, exist_ok=True)

    wb = Workbook()
    ws_budget = wb.active
    ws_budget.title = "项目支出预算表"
    department = forms[0].department
    assert seed.budget_table is not None
    write_budget(ws_budget, seed.budget_table, department)
    unit = seed.forms[args.unit - 1] if args.unit else None
    if unit is not None:
        if unit.kind != "unit":
            raise SystemExit(f"form {args.unit} is not a unit-wide form")
        lines = sample_document().read_text(encoding="utf-8").splitlines()
        write_unit_form(wb.create_sheet("整体支出"), lines[unit.source.line_start - 1 : unit.source.line_end])
    ws = wb.create_sheet("绩效目标表")
    sh = Sheet(ws, FORM_WIDTHS)
    page_setup(ws)
    row = 1
    for i, form in enumerate(forms):
        # a page break before each of the first forms; the last ones run on continuously, so that
        # some of them (and their merged 绩效指标 / 一级指标 cells) are split across pages
        if 0 < i <= len(forms) - CONTINUOUS:
            ws.row_breaks.append(Break(id=row - 1))
        row = write_form(sh, form, row) + 1
    sh.finish()
    xlsx = args.out / "replicas.xlsx"
    wb.save(xlsx)

    wb2 = Workbook()
    wb2.remove(wb2.active)
    for i, form in enumerate(forms[:4], start=1):
        ws2 = wb2.create_sheet(f"表{i}")
        sh2 = Sheet(ws2, FORM_WIDTHS)
        page_setup(ws2)
        write_form(sh2, form, 1)
        sh2.finish()
    wb2.save(args.out / "replicas_by_sheet.xlsx")
    write_tidy_other_tool(args.out / "tidy_other_tool.xlsx", forms[:3])

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise SystemExit("LibreOffice (soffice) not found: apt-get install libreoffice-calc-nogui fonts-noto-cjk")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", tmp, str(xlsx)],
            check=True, capture_output=True, timeout=300,
        )
        shutil.copy(Path(tmp) / "replicas.pdf", args.out / "replicas.pdf")
    in_order = ([(args.unit, unit)] if unit is not None else []) + list(zip(ordinals, forms, strict=True))
    manifest = {
        "seed": "corpora/xiaoyi-2025.txt",
        # replicas.xlsx / replicas.pdf, in document order (the unit form first, when copied)
        "forms": [{"ordinal": o, "kind": f.kind, "form_id": f.form_id, "project_name": f.project_name,
                   "indicators": len(f.indicators)} for o, f in in_order],
        "by_sheet": ordinals[:4],
        "tidy_other_tool": ordinals[:3],
        "budget_lines": len(seed.budget_table.lines),
    }
    (args.out / "replicas.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    for p in [*sorted(args.out.glob("replicas*")), args.out / "tidy_other_tool.xlsx"]:
        print(f"{p}: {p.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
