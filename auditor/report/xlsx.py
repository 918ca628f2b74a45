"""``整改清单.xlsx``: one row per finding (the improvement list), a summary sheet by department,
and the project ranking. Frozen header, filters, readable widths."""

from __future__ import annotations

from pathlib import Path

from auditor.model import Finding
from auditor.report.common import indicator_path, labels
from auditor.score import AuditResult

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


def _sheet(wb, title: str, headers: list[tuple[str, int]]):
    from openpyxl.styles import Alignment, Font, PatternFill

    ws = wb.create_sheet(title)
    ws.append([h for h, _ in headers])
    bold = Font(bold=True, color="FFFFFF")
    fill = PatternFill("solid", fgColor="2F5597")
    for i, (_, width) in enumerate(headers, start=1):
        cell = ws.cell(row=1, column=i)
        cell.font, cell.fill = bold, fill
        cell.alignment = Alignment(vertical="center", wrap_text=True)
        ws.column_dimensions[cell.column_letter].width = width
    ws.freeze_panes = "A2"
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
        return [
            len(rows) + 1, _safe(dept), _safe(project), form_id, _safe(indicator_path(f)), lab.col(f.column),
            _safe(f.value), lab.category(f.category), _safe(f.message), _safe(f.suggestion),
            lab.sev(f.severity), f.rule, f.line, points,
        ]

    for p in audit.projects:
        for f in p.findings:
            rows.append(row(f, p.form.department, p.form.project_name, p.form.form_id, p.deducted(f)))
    for f in audit.cross_checks:
        involved = [forms[i] for i in f.form_ids if i in forms]
        names = "、".join(dict.fromkeys(p.form.project_name for p in involved))
        depts = "、".join(dict.fromkeys(p.form.department for p in involved if p.form.department))
        rows.append(row(f, depts, names, ", ".join(f.form_ids), None))
    return rows


def write_xlsx(audit: AuditResult, path: Path) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, PatternFill

    lab = labels()
    wb = Workbook()
    wb.remove(wb.active)

    ws = _sheet(wb, "整改清单", FINDING_HEADERS)
    wrap = Alignment(wrap_text=True, vertical="top")
    sev_col = [h for h, _ in FINDING_HEADERS].index("严重程度") + 1
    sev_fill = {lab.sev(k): PatternFill("solid", fgColor=v) for k, v in SEVERITY_FILL.items()}
    for values in finding_rows(audit):
        ws.append(values)
        r = ws.max_row
        for c in (5, 9, 10):
            ws.cell(row=r, column=c).alignment = wrap
        fill = sev_fill.get(values[sev_col - 1])
        if fill:
            ws.cell(row=r, column=sev_col).fill = fill
    ws.auto_filter.ref = ws.dimensions

    ws = _sheet(wb, "部门汇总", SUMMARY_HEADERS)
    for g in audit.by_department():
        top = "、".join(f"{lab.category(c)}{n}" for c, n in list(g.categories.items())[:4])
        ws.append([_safe(g.name), g.projects, g.mean, g.median, g.min, g.max, g.errors, g.warnings,
                   g.infos, round(g.annual_funds, 2), _safe(g.worst), top])
    ws.auto_filter.ref = ws.dimensions

    ws = _sheet(wb, "项目得分", RANK_HEADERS + [(d.label, 9) for d in audit.weights.dimensions.values()])
    for p in sorted(audit.projects, key=lambda p: (p.form.kind != "project", p.rank)):
        ws.append([p.rank, _safe(p.form.project_name), _safe(p.form.department), p.form.form_id, p.score,
                   p.grade, p.count("error"), p.count("warning"), p.count("info"), p.form.source.line_start,
                   *(p.breakdown[k] for k in audit.weights.dimensions)])
    ws.auto_filter.ref = ws.dimensions

    wb.save(path)
    return path
