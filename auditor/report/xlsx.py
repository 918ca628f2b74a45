"""``整改清单.xlsx``: one row per finding (the improvement list), a summary sheet by department,
and the project ranking. Frozen header, filters, readable widths."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Finding
from auditor.report.common import column_text, indicator_path, labels, line_cell, row_of
from auditor.result import AuditResult

FINDING_HEADERS = [
    ("序号", 6), ("部门", 22), ("项目", 34), ("表单编号", 16), ("指标", 34), ("栏", 7),
    ("指标值", 18), ("问题类别", 14), ("问题", 48), ("整改建议", 56), ("严重程度", 9),
    ("规则", 9), ("行号", 7), ("扣分", 7),
]
SUMMARY_HEADERS = [
    ("部门", 26), ("项目数", 8), ("平均分", 8), ("中位数", 8), ("最低分", 8), ("最高分", 8),
    ("错误", 7), ("警告", 7), ("提示", 7), ("年度资金(元)", 16), ("最差项目", 34), ("主要问题", 48),
]
RANK_HEADERS = [
    ("排名", 6), ("项目", 36), ("部门", 22), ("表单编号", 16), ("得分", 8), ("等级", 6),
    ("错误", 7), ("警告", 7), ("提示", 7), ("行号", 7),
]
SEVERITY_FILL = {"error": "FDE2E1", "warning": "FFF1D6", "info": "E8F0FE"}


def _sheet(wb, title: str, headers: list[tuple[str, int]], nrows: int):
    """A write-only sheet with a styled, frozen header row, filters and column widths."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for i, (_, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}{nrows + 1}"
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="2F5597")
    align = Alignment(vertical="center", wrap_text=True)
    row = []
    for name, _ in headers:
        cell = WriteOnlyCell(ws, value=name)
        cell.font, cell.fill, cell.alignment = bold, fill, align
        row.append(cell)
    ws.append(row)
    return ws


def _safe(text: str | None) -> str:
    """Cell text that Excel will not run as a formula and openpyxl accepts (no control chars)."""
    if not text:
        return ""
    text = "".join(ch for ch in text if ch in "\t\n" or ord(ch) >= 32)
    return "'" + text if text[0] in "=+-@" else text


def finding_rows(audit: AuditResult) -> list[list]:
    """One row per finding of findings.json: each form's findings, then the cross checks."""
    lab = labels()
    rows: list[list] = []
    forms = {p.form.form_id: p for p in audit.projects}

    def row(f: Finding, dept: str, project: str, form_id: str, points: float | None) -> list:
        form = forms[form_id].form if form_id in forms else None
        column = column_text(row_of(form, f), f)
        return [
            len(rows) + 1, _safe(dept), _safe(project), form_id, _safe(indicator_path(f)), column,
            _safe(f.value), lab.category(f.category), _safe(f.message), _safe(f.suggestion),
            lab.sev(f.severity), f.rule, line_cell(f), points,
        ]

    for p in audit.projects:
        for f in p.findings:
            rows.append(row(f, p.form.department, p.form.project_name, p.form.form_id, p.deducted(f)))
    for f in audit.cross_checks:
        subject = forms.get(f.form_id or "")
        if subject is not None:  # about one form, compared with the others in partners
            rows.append(row(f, subject.form.department, subject.form.project_name, subject.form.form_id,
                            subject.deducted(f)))
            continue
        involved = [forms[i] for i in f.partners if i in forms]
        names = "、".join(dict.fromkeys(p.form.project_name for p in involved))
        depts = "、".join(dict.fromkeys(p.form.department for p in involved if p.form.department))
        rows.append(row(f, depts, names, ", ".join(f.partners), None))
    return rows


MAX_SHEET_ROWS = 1_048_576  # Excel's row limit


def split_by_department(rows: list[list], limit: int) -> list[list[list]]:
    """Rows cut into sheets of at most ``limit`` rows, each cut where the department (column 2)
    changes when one does within the sheet (a department larger than a sheet is cut anyway)."""
    parts: list[list[list]] = []
    start = 0
    while len(rows) - start > limit:
        end = start + limit
        cut = end
        while cut > start + 1 and rows[cut - 1][1] == rows[cut][1]:
            cut -= 1
        parts.append(rows[start : cut if cut > start + 1 else end])
        start = cut if cut > start + 1 else end
    parts.append(rows[start:])
    return parts


def _finding_sheet(wb, title: str, rows: list[list], wrap, wrapped: set[int], sev_col: int, sev_fill) -> None:
    from openpyxl.cell import WriteOnlyCell

    ws = _sheet(wb, title, FINDING_HEADERS, len(rows))
    for values in rows:
        out = []
        for i, value in enumerate(values):
            if i in wrapped or i == sev_col:
                cell = WriteOnlyCell(ws, value=value)
                if i in wrapped:
                    cell.alignment = wrap
                elif value in sev_fill:
                    cell.fill = sev_fill[value]
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)


def write_xlsx(audit: AuditResult, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    lab = labels()
    wb = Workbook(write_only=True)

    rows = finding_rows(audit)
    wrap = Alignment(wrap_text=True, vertical="top")
    wrapped = {2, 4, 8, 9}  # 项目, 指标, 问题, 整改建议 (0-based)
    sev_col = [h for h, _ in FINDING_HEADERS].index("严重程度")
    sev_fill = {lab.sev(k): PatternFill("solid", fgColor=v) for k, v in SEVERITY_FILL.items()}
    parts = split_by_department(rows, MAX_SHEET_ROWS - 1)
    for n, part in enumerate(parts, start=1):
        _finding_sheet(wb, "整改清单" if len(parts) == 1 else f"整改清单{n}", part, wrap, wrapped, sev_col, sev_fill)
    depts = audit.by_department()
    ws = _sheet(wb, "部门汇总", SUMMARY_HEADERS, len(depts))
    for g in depts:
        top = "、".join(f"{lab.category(c)}{n}" for c, n in list(g.categories.items())[:4])
        ws.append([_safe(g.name), g.projects, g.mean, g.median, g.min, g.max, g.errors, g.warnings,
                   g.infos, round(g.annual_funds, 2), _safe(g.worst), top])

    projects = sorted(audit.projects, key=lambda p: (p.form.kind != "project", p.rank))
    ws = _sheet(wb, "项目得分", RANK_HEADERS + [(d.label, 9) for d in audit.weights.dimensions.values()],
                len(projects))
    for p in projects:
        ws.append([p.rank, _safe(p.form.project_name), _safe(p.form.department), p.form.form_id, p.score,
                   p.grade, p.count("error"), p.count("warning"), p.count("info"), p.form.source.line_start,
                   *(p.breakdown[k] for k in audit.weights.dimensions)])

    wb.save(path)
    return path
