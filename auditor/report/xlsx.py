"""``整改清单.xlsx``: one row per finding (the improvement list), a summary sheet by department,
and the project ranking. Frozen header, filters, readable widths."""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from pathlib import Path
from typing import Any

from auditor.model import Finding
from auditor.report.common import column_text, indicator_path, labels, line_cell, row_of, row_suggestion
from auditor.result import AuditResult

FINDING_HEADERS = [
    ("序号", 6), ("部门", 22), ("项目", 34), ("表单编号", 16), ("指标", 34), ("栏", 7),
    ("指标值", 18), ("问题类别", 14), ("问题", 48), ("整改建议", 56), ("严重程度", 9),
    ("规则", 9), ("行号", 7), ("扣分", 7), ("相关表单", 26), ("涉及内容（相同文字、金额等）", 32),
]
TRACKING_WIDTHS = {"整改责任单位": 18, "整改期限": 12, "整改状态": 11, "备注": 24}
SUMMARY_HEADERS = [
    ("部门", 26), ("项目数", 8), ("平均分", 8), ("中位数", 8), ("最低分", 8), ("最高分", 8),
    ("错误", 7), ("警告", 7), ("提示", 7), ("年度资金(元)", 16), ("最差项目", 34), ("主要问题", 48),
]
RANK_HEADERS = [
    ("类型", 10), ("排名", 6), ("项目", 36), ("部门", 22), ("表单编号", 16), ("得分", 8), ("等级", 6),
    ("错误", 7), ("警告", 7), ("提示", 7), ("行号", 7),
]
SEVERITY_FILL = {"error": "FDE2E1", "warning": "FFF1D6", "info": "E8F0FE"}


def _sheet(wb, title: str, headers: list[tuple[str, int]], nrows: int, hidden: tuple[str, ...] = (),
           before: Callable[[Any], None] | None = None):
    """A write-only sheet with a styled, frozen header row, filters, column widths (``hidden``
    columns hidden) and print setup; ``before`` adjusts the sheet before the header row is written."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(title)
    for i, (name, width) in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
        if name in hidden:
            ws.column_dimensions[get_column_letter(i)].hidden = True
    ws.freeze_panes = "A2"
    print_setup(ws)
    if before is not None:
        before(ws)
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


def print_setup(ws) -> None:
    """Landscape A3 (the list is wide), all columns on one page width, the header row repeated
    on every page."""
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = 8  # A3
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as needed
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True


def status_list(ws, column: str, nrows: int) -> None:
    """A drop-down of the 整改状态 words on ``column`` (free text still allowed)."""
    from openpyxl.worksheet.datavalidation import DataValidation

    from auditor.tracking import tracking_spec

    statuses = tracking_spec().statuses
    if not statuses or nrows < 1:
        return
    dv = DataValidation(type="list", formula1='"' + ",".join(statuses) + '"', allow_blank=True,
                        showErrorMessage=False)
    dv.add(f"{column}2:{column}{nrows + 1}")
    ws.data_validations.append(dv)


LINE_HEIGHT = 15.0  # points per wrapped line (11 pt text)
MAX_LINES = 12


def _text_width(text: str) -> int:
    """Width in Excel column units: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E7F else 1 for ch in text)


def row_height(values: list, widths: list[int], wrapped: set[int]) -> float | None:
    """The height a row's wrapped cells need (None: one line). Excel and LibreOffice do not size
    rows of a streamed sheet themselves, and a printed list with clipped text is no use."""
    lines = 1
    for i in wrapped:
        text = str(values[i] or "")
        room = max(int(widths[i] * 0.8), 1)  # fonts run wider than the nominal column units
        need = sum(max(1, -(-_text_width(part) // room)) for part in text.split("\n"))
        lines = max(lines, need)
    return min(lines, MAX_LINES) * LINE_HEIGHT if lines > 1 else None


def _safe(text: str | None) -> str:
    """Cell text that Excel will not run as a formula and openpyxl accepts (no control chars)."""
    from auditor.safety import safe_cell

    return safe_cell(text or "", xlsx=True)


def _partners(f: Finding, forms: dict, subject: str | None) -> str:
    """The other forms a cross check names: "项目名称（表单编号）", one per line."""
    ids = [i for i in f.partners if i != subject]
    return "\n".join(f"{forms[i].form.project_name}（{i}）" if i in forms else i for i in ids)


def finding_rows(audit: AuditResult, tracking: dict[str, dict[str, str]] | None = None) -> list[list]:
    """One row per finding of findings.json: each form's findings, then the cross checks.

    指标值 holds an indicator's value only; what a form-level or cross finding quotes (the shared
    text of a clone, an amount) goes to 涉及内容, and the partner forms to 相关表单. The tracking
    columns are empty, or carried from a filled-in list by fingerprint (``tracking``)."""
    from auditor.tracking import finding_fingerprint, tracking_spec

    lab = labels()
    rows: list[list] = []
    forms = {p.form.form_id: p for p in audit.projects}
    names = {k: p.form.project_name for k, p in forms.items()}
    fps = getattr(audit.check, "fingerprints", None) or {}
    columns = tracking_spec().columns
    tracking = tracking or {}

    def row(f: Finding, dept: str, project: str, form_id: str, points: float | None) -> list:
        form = forms[form_id].form if form_id in forms else None
        column = column_text(row_of(form, f), f)
        on_indicator = f.level3 is not None
        fp = fps.get(id(f)) or finding_fingerprint(f, names)
        carried = tracking.get(fp, {})
        return [
            len(rows) + 1, _safe(dept), _safe(project), form_id, _safe(indicator_path(f)), column,
            _safe(f.value) if on_indicator else "", lab.category(f.category), _safe(f.message),
            _safe(row_suggestion(f)), lab.sev(f.severity), f.rule, line_cell(f), points,
            _safe(_partners(f, forms, f.form_id)), "" if on_indicator else _safe(f.value),
            *(_safe(carried.get(c, "")) for c in columns), fp,
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
        names_ = "、".join(dict.fromkeys(p.form.project_name for p in involved))
        depts = "、".join(dict.fromkeys(p.form.department for p in involved if p.form.department))
        rows.append(row(f, depts, names_, "", None))
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


def finding_headers() -> list[tuple[str, int]]:
    """The 整改清单 columns: the finding, the tracking columns for the units, the fingerprint."""
    from auditor.tracking import FINGERPRINT_HEADER, tracking_spec

    return [*FINDING_HEADERS, *((c, TRACKING_WIDTHS.get(c, 14)) for c in tracking_spec().columns),
            (FINGERPRINT_HEADER, 18)]


def _finding_sheet(wb, title: str, rows: list[list], headers: list[tuple[str, int]]) -> None:
    """One sheet of finding rows: wrapped text, severity fills, 整改状态 drop-down, hidden 指纹."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    lab = labels()
    names = [h for h, _ in headers]
    # 指纹 is for re-reading the list, not for print: hidden; 整改状态 gets its drop-down first
    ws = _sheet(wb, title, headers, len(rows), hidden=(names[-1],),
                before=lambda ws: status_list(ws, get_column_letter(names.index("整改状态") + 1), len(rows)))
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")
    wrapped = {names.index(h) for h in ("项目", "指标", "问题", "整改建议", "相关表单", "涉及内容（相同文字、金额等）")}
    sev_col = names.index("严重程度")
    sev_fill = {lab.sev(k): PatternFill("solid", fgColor=v) for k, v in SEVERITY_FILL.items()}
    wrap_style, top_style = WriteOnlyCell(ws), WriteOnlyCell(ws)
    wrap_style.alignment, top_style.alignment = wrap, top
    sev_style = {}
    for word, fill in sev_fill.items():
        model = WriteOnlyCell(ws)
        model.alignment, model.fill = top, fill
        sev_style[word] = model._style
    wrap_style, top_style = wrap_style._style, top_style._style
    widths = [w for _, w in headers]
    for n, values in enumerate(rows, start=2):
        height = row_height(values, widths, wrapped)
        if height:
            ws.row_dimensions[n].height = height
        out = []
        for i, value in enumerate(values):
            value = _safe(value) if isinstance(value, str) else value  # every column, form ids too
            cell = WriteOnlyCell(ws, value=value)
            # rows grow with their text: every cell at the top (style arrays copied, not re-hashed)
            model = sev_style.get(value) if i == sev_col else None
            cell._style = copy(model or (wrap_style if i in wrapped else top_style))
            out.append(cell)
        ws.append(out)


def write_xlsx(audit: AuditResult, path: Path, tracking: dict[str, dict[str, str]] | None = None) -> Path:
    """Write 整改清单.xlsx (continued on further sheets past Excel's row limit, cut between
    departments); ``tracking`` (from a filled-in list) pre-fills the tracking columns."""
    from openpyxl import Workbook

    lab = labels()
    wb = Workbook(write_only=True)
    rows = finding_rows(audit, tracking)
    headers = finding_headers()
    parts = split_by_department(rows, MAX_SHEET_ROWS - 1)
    for n, part in enumerate(parts, start=1):
        _finding_sheet(wb, "整改清单" if len(parts) == 1 else f"整改清单{n}", part, headers)

    depts = audit.by_department()
    ws = _sheet(wb, "部门汇总", SUMMARY_HEADERS, len(depts))
    for g in depts:
        top = "、".join(f"{lab.category(c)}{n}" for c, n in list(g.categories.items())[:4])
        ws.append([_safe(g.name), g.projects, g.mean, g.median, g.min, g.max, g.errors, g.warnings,
                   g.infos, round(g.annual_funds, 2), _safe(g.worst), _safe(top)])

    projects = sorted(audit.projects, key=lambda p: (p.form.kind != "project", p.rank))
    ws = _sheet(wb, "项目得分", RANK_HEADERS + [(d.label, 9) for d in audit.weights.dimensions.values()],
                len(projects))
    for p in projects:
        ws.append([lab.kind.get(p.form.kind, p.form.kind), p.rank, _safe(p.form.project_name),
                   _safe(p.form.department), _safe(p.form.form_id), p.score,
                   p.grade, p.count("error"), p.count("warning"), p.count("info"), p.form.source.line_start,
                   *(p.breakdown[k] for k in audit.weights.dimensions)])

    from auditor.safety import atomic_write

    with atomic_write(path) as fh:
        wb.save(fh)
    return path
