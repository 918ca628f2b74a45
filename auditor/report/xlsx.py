"""``整改清单.xlsx``: one row per finding (the improvement list), a summary sheet by department,
and the project ranking. Frozen header, filters, readable widths."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

from auditor.model import Finding
from auditor.report.common import column_text, indicator_path, labels, line_cell, row_of, row_suggestion
from auditor.result import AuditResult
from auditor.safety import safe_cell

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


_WIDE = re.compile("[^\x00-\u2e7f]+")  # characters (from U+2E80 on) that take two units


def row_height(values: Sequence, widths: Sequence[int], wrapped: Iterable[int]) -> float | None:
    """The height a row's wrapped cells need (None: one line). Excel and LibreOffice do not size
    rows of a streamed sheet themselves, and a printed list with clipped text is no use."""
    return row_heights(widths, wrapped)(values)


def row_heights(widths: Sequence[int], wrapped: Iterable[int]) -> Callable[[Sequence], float | None]:
    """:func:`row_height` for one set of columns, as a function of the row (rooms computed once)."""
    # fonts run wider than the nominal column units; the lines a text needs, per column: the
    # texts of a list repeat (one rule's message on many rows), so they are counted once
    rooms: list[tuple[int, int, dict[str, int]]] = [(i, max(int(widths[i] * 0.8), 1), {}) for i in wrapped]
    wide = _WIDE

    def height(values: Sequence) -> float | None:
        lines = 1
        for i, room, known in rooms:
            text = values[i]
            if not text:
                continue
            if text.__class__ is not str:
                text = str(text)
            if 2 * len(text) <= room and "\n" not in text:  # one line whatever the characters
                continue
            need = known.get(text)
            if need is None:
                need = 0
                for part in text.split("\n"):
                    # width in Excel column units: a CJK character (from U+2E80 on) takes two
                    width = len(part) if part.isascii() else 2 * len(part) - len(wide.sub("", part))
                    need += max(1, -(-width // room))
                if len(known) >= _KNOWN:
                    known.clear()
                known[text] = need
            if need > lines:
                lines = need
        return min(lines, MAX_LINES) * LINE_HEIGHT if lines > 1 else None

    return height


_KNOWN = 20_000  # texts remembered per column (memory stays bounded)


_GUARD = frozenset("=+-@\t\r")  # first characters safe_cell may have to change


def _safe(text: str | None) -> str:
    """Cell text that Excel will not run as a formula and openpyxl accepts (no control chars)."""
    if not text:
        return ""
    if text[0] in _GUARD or not text.isprintable():
        return safe_cell(text, xlsx=True)
    return text


def _partners(f: Finding, forms: dict, subject: str | None) -> str:
    """The other forms a cross check names: "项目名称（表单编号）", one per line."""
    ids = [i for i in f.partners if i != subject]
    return "\n".join(f"{forms[i].form.project_name}（{i}）" if i in forms else i for i in ids)


def _subjects(audit: AuditResult, forms: dict) -> Iterator[tuple[Finding, str, str, str, Any]]:
    """(finding, department, project, form id, its ProjectScore or None) of every 整改清单 row, in
    findings.json order: each form's findings, then the cross checks."""
    for p in audit.projects:
        for f in p.findings:
            yield f, p.form.department, p.form.project_name, p.form.form_id, p
    for f in audit.cross_checks:
        subject = forms.get(f.form_id or "")
        if subject is not None:  # about one form, compared with the others in partners
            yield f, subject.form.department, subject.form.project_name, subject.form.form_id, subject
            continue
        involved = [forms[i] for i in f.partners if i in forms]
        names_ = "、".join(dict.fromkeys(p.form.project_name for p in involved))
        depts = "、".join(dict.fromkeys(p.form.department for p in involved if p.form.department))
        yield f, depts, names_, "", None


def iter_finding_rows(audit: AuditResult, tracking: dict[str, dict[str, str]] | None = None) -> Iterator[list]:
    """One row per finding of findings.json: each form's findings, then the cross checks.

    指标值 holds an indicator's value only; what a form-level or cross finding quotes (the shared
    text of a clone, an amount) goes to 涉及内容, and the partner forms to 相关表单. The tracking
    columns are empty, or carried from a filled-in list by fingerprint (``tracking``). Every text
    is a safe cell (:func:`auditor.safety.safe_cell`)."""
    from auditor.tracking import finding_fingerprint, tracking_spec

    lab = labels()
    forms = {p.form.form_id: p for p in audit.projects}
    names = {k: p.form.project_name for k, p in forms.items()}
    columns = tracking_spec().columns
    tracking = tracking or {}
    blank = ["" for _ in columns]
    deducted: dict[int, float] = {}  # id(finding) -> points, of the project being listed
    listed: Any = None
    head: tuple[str, str, str] = ("", "", "")
    category, sev = lab.category, lab.sev
    for n, (f, dept, project, form_id, p) in enumerate(_subjects(audit, forms), start=1):
        if p is None or p is not listed:  # the cells of the form (or forms) a row is about
            head = (_safe(dept), _safe(project), _safe(form_id))
            listed, deducted = p, {}
            if p is not None:
                for d in p.deductions:  # as ProjectScore.deducted adds them up
                    deducted[id(d.finding)] = deducted.get(id(d.finding), 0) + d.points
        form = p.form if p is not None and form_id else None
        column = column_text(row_of(form, f), f)
        on_indicator = f.level3 is not None
        fp = finding_fingerprint(f, names)  # made here: the audit keeps no fingerprints (memory)
        carried = tracking.get(fp)
        yield [
            n, *head, _safe(indicator_path(f)), column,
            _safe(f.value) if on_indicator else "", category(f.category), _safe(f.message),
            _safe(row_suggestion(f)), sev(f.severity), _safe(f.rule), line_cell(f),
            deducted.get(id(f), 0) if p is not None else None,
            _safe(_partners(f, forms, f.form_id)) if f.partners else "", "" if on_indicator else _safe(f.value),
            *([_safe(carried.get(c, "")) for c in columns] if carried else blank), fp,
        ]


def finding_rows(audit: AuditResult, tracking: dict[str, dict[str, str]] | None = None) -> list[list]:
    """All rows of :func:`iter_finding_rows` as a list."""
    return list(iter_finding_rows(audit, tracking))


MAX_SHEET_ROWS = 1_048_576  # Excel's row limit


def split_sizes(departments: Sequence[str], limit: int) -> list[int]:
    """Rows (given by their departments, in order) cut into sheets of at most ``limit`` rows, each
    cut where the department changes when one does within the sheet (a department larger than a
    sheet is cut anyway): the number of rows of each sheet."""
    sizes: list[int] = []
    start = 0
    while len(departments) - start > limit:
        end = start + limit
        cut = end
        while cut > start + 1 and departments[cut - 1] == departments[cut]:
            cut -= 1
        stop = cut if cut > start + 1 else end
        sizes.append(stop - start)
        start = stop
    sizes.append(len(departments) - start)
    return sizes


def split_by_department(rows: list[list], limit: int) -> list[list[list]]:
    """Rows cut into sheets as :func:`split_sizes` says (department in column 2)."""
    parts: list[list[list]] = []
    start = 0
    for size in split_sizes([r[1] for r in rows], limit):
        parts.append(rows[start : start + size])
        start += size
    return parts


def finding_headers() -> list[tuple[str, int]]:
    """The 整改清单 columns: the finding, the tracking columns for the units, the fingerprint."""
    from auditor.tracking import FINGERPRINT_HEADER, tracking_spec

    return [*FINDING_HEADERS, *((c, TRACKING_WIDTHS.get(c, 14)) for c in tracking_spec().columns),
            (FINGERPRINT_HEADER, 18)]


def _finding_sheet(wb, title: str, rows: Iterator[list], nrows: int, headers: list[tuple[str, int]]):
    """One sheet of finding rows (streamed, :mod:`auditor.report.xlsx_stream`): wrapped text,
    severity fills, rows as high as their text, 整改状态 drop-down, hidden 指纹."""
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, PatternFill
    from openpyxl.utils import get_column_letter

    from auditor.report.xlsx_stream import RawSheet, style_id

    lab = labels()
    names = [h for h, _ in headers]
    # 指纹 is for re-reading the list, not for print: hidden; 整改状态 gets its drop-down first
    ws = _sheet(wb, title, headers, nrows, hidden=(names[-1],),
                before=lambda ws: status_list(ws, get_column_letter(names.index("整改状态") + 1), nrows))
    wrapped = {names.index(h) for h in ("项目", "指标", "问题", "整改建议", "相关表单", "涉及内容（相同文字、金额等）")}
    sev_col = names.index("严重程度")

    def style(**kw) -> int:
        model = WriteOnlyCell(ws)
        for key, value in kw.items():
            setattr(model, key, value)
        return style_id(wb, model)

    # rows grow with their text: every cell at the top
    wrap, top = style(alignment=Alignment(wrap_text=True, vertical="top")), style(alignment=Alignment(vertical="top"))
    sev_style = {lab.sev(k): style(alignment=Alignment(vertical="top"), fill=PatternFill("solid", fgColor=v))
                 for k, v in SEVERITY_FILL.items()}
    widths = [w for _, w in headers]
    wrapped_cols = sorted(wrapped)
    return RawSheet(ws, rows, styles=[wrap if i in wrapped else top for i in range(len(headers))],
                    value_styles={sev_col: sev_style}, height=row_heights(widths, wrapped_cols))


def _departments(audit: AuditResult) -> list[str]:
    """The 部门 of every 整改清单 row, in order (where the list may be cut into sheets)."""
    forms = {p.form.form_id: p for p in audit.projects}
    return [dept for _, dept, _, _, _ in _subjects(audit, forms)]


def _import_openpyxl() -> None:
    """Import openpyxl, without numpy when this process has not loaded it: openpyxl imports numpy
    only to accept numpy numbers in cells, and a process that never imported numpy holds none (a
    tenth of a second of a small audit's 整改清单). The cells written here are Python numbers."""
    import sys

    if "openpyxl" in sys.modules or "numpy" in sys.modules:
        return
    sys.modules["numpy"] = None  # type: ignore[assignment]  # import numpy now raises ImportError
    try:
        import openpyxl  # noqa: F401
    finally:
        del sys.modules["numpy"]


def write_xlsx(audit: AuditResult, path: Path, tracking: dict[str, dict[str, str]] | None = None) -> Path:
    """Write 整改清单.xlsx (continued on further sheets past Excel's row limit, cut between
    departments); ``tracking`` (from a filled-in list) pre-fills the tracking columns.

    The list and the ranking are streamed (bounded memory, ~1 µs a cell): see
    :mod:`auditor.report.xlsx_stream`."""
    from itertools import islice

    _import_openpyxl()
    from openpyxl import Workbook

    from auditor.report.xlsx_stream import RawSheet, save_with_rows

    lab = labels()
    wb = Workbook(write_only=True)
    headers = finding_headers()
    sizes = split_sizes(_departments(audit), MAX_SHEET_ROWS - 1)
    rows = iter_finding_rows(audit, tracking)
    raw: list[RawSheet] = []
    for n, size in enumerate(sizes, start=1):
        title = "整改清单" if len(sizes) == 1 else f"整改清单{n}"
        raw.append(_finding_sheet(wb, title, islice(rows, size), size, headers))

    depts = audit.by_department()
    ws = _sheet(wb, "部门汇总", SUMMARY_HEADERS, len(depts))
    for g in depts:
        top = "、".join(f"{lab.category(c)}{n}" for c, n in list(g.categories.items())[:4])
        ws.append([_safe(g.name), g.projects, g.mean, g.median, g.min, g.max, g.errors, g.warnings,
                   g.infos, round(g.annual_funds, 2), _safe(g.worst), _safe(top)])

    projects = sorted(audit.projects, key=lambda p: (p.form.kind != "project", p.rank))
    rank_headers = RANK_HEADERS + [(d.label, 9) for d in audit.weights.dimensions.values()]
    ws = _sheet(wb, "项目得分", rank_headers, len(projects))
    raw.append(RawSheet(ws, (
        [lab.kind.get(p.form.kind, p.form.kind), p.rank, _safe(p.form.project_name),
         _safe(p.form.department), _safe(p.form.form_id), p.score,
         p.grade, *_counts(p), p.form.source.line_start,
         *(p.breakdown[k] for k in audit.weights.dimensions)] for p in projects), styles=[None] * len(rank_headers)))

    from auditor.safety import atomic_write

    with atomic_write(path) as fh:
        save_with_rows(wb, raw, fh)
    return path


def _counts(p) -> tuple[int, int, int]:
    """(errors, warnings, infos) of a project's findings, its cross checks included."""
    sev = [f.severity for f in p.findings] + [f.severity for f in p.cross]
    return sev.count("error"), sev.count("warning"), sev.count("info")
