"""XLSX → Document: the form layout (merged cells, two halves; one or many forms per sheet) or
the tidy table of schema.md (decided per sheet by its header row).

Form-layout sheets become lines of TAB-joined cells (a merged range's value in its top-left cell,
blank elsewhere, like the published text) and go through :func:`auditor.parse.parse_lines`; a
blank line separates sheets. Cell values are read as values (``data_only``): numbers without a
spurious ``.0``, percentage formats as ``95%``, dates as ISO dates.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.ingest.limits import Deadline, Limits, brief
from auditor.ingest.normalize import normalize_cell
from auditor.ingest.tidy_read import cell_value, find_header, format_number, rows_to_frame
from auditor.safety import display_path

if TYPE_CHECKING:
    from auditor.model import Document


def cell_text(cell: Any) -> str:
    """A cell as the text a reader sees."""
    value = cell_value(cell)
    if value is None:
        return ""
    if isinstance(value, int | float):
        return format_number(value)
    return normalize_cell(str(value))


def _open(path: Path) -> Any:
    import zipfile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    file = display_path(path)
    try:
        # read-only: rows stream from the zip (memory bounded by the row budget, not the file);
        # a merged range's value sits in its top-left cell, the other cells read as empty
        return load_workbook(path, data_only=True, read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError) as exc:
        raise InputError(file, f"Excel 文件已损坏或不是 .xlsx（{brief(exc)}）") from None
    except Exception as exc:
        raise InputError(file, f"Excel 文件无法读取（{brief(exc)}）") from None


def sheet_rows(ws: Any, limits: Limits, budget: list[int], deadline: Deadline | None) -> list[list[Any]]:
    """The cells of a worksheet as rows of openpyxl cells (trailing empty columns dropped)."""
    rows: list[list[Any]] = []
    if hasattr(ws, "reset_dimensions"):  # read-only: the declared dimension may be wrong or missing
        ws.reset_dimensions()
    for row in ws.iter_rows(min_row=1):
        budget[0] -= 1
        budget[1] -= len(row)
        if budget[0] < 0 or budget[1] < 0:
            raise InputError(
                "", f"表格过大：超过 {limits.max_sheet_rows} 行或 {limits.max_sheet_cells} 个单元格的上限"
            )
        if deadline is not None and len(rows) % 500 == 0:
            deadline.check()
        rows.append(list(row))
    return rows


_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?"')


def check_dimensions(path: Path, limits: Limits) -> None:
    """Refuse a workbook whose sheets declare more rows or cells (``<dimension ref=…>``) than the
    limits allow, before any sheet is loaded. A sheet without the tag is bounded while reading."""
    import zipfile
    import zlib

    from openpyxl.utils import column_index_from_string

    file = display_path(path)
    total = 0
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = info.filename
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with zf.open(info) as fh:
                    head = fh.read(4096)
                m = _DIMENSION.search(head)
                if not m:
                    continue
                c1, r1, c2_, r2_ = (g.decode() if g else "" for g in m.groups())
                c2, r2 = c2_ or c1, r2_ or r1
                rows = int(r2) - int(r1) + 1
                cols = column_index_from_string(c2) - column_index_from_string(c1) + 1
                total += rows * cols
                if rows > limits.max_sheet_rows or total > limits.max_sheet_cells:
                    ref = f"{c1}{r1}:{c2}{r2}"
                    raise InputError(
                        file,
                        f"表格过大：工作表 {Path(name).stem} 声明范围 {ref}（{rows} 行 × {cols} 列），"
                        f"超过 {limits.max_sheet_rows} 行或共 {limits.max_sheet_cells} 个单元格的上限",
                    )
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error, NotImplementedError) as exc:
        raise InputError(file, f"Excel 文件已损坏，无法打开（{brief(exc)}）") from None


def read_xlsx(path: Path, limits: Limits, deadline: Deadline | None = None) -> Document:
    """Read every sheet; tidy sheets through the tidy reader, form sheets through the parser."""
    from auditor.ingest import require_forms, source_name

    file = display_path(path)
    name = source_name(path)
    wb = _open(path)
    lines: list[str] = []
    locations: list[str] = []
    tidy_docs: list[Document] = []
    budget = [limits.max_sheet_rows, limits.max_sheet_cells]
    try:
        for ws in wb.worksheets:
            try:
                rows = sheet_rows(ws, limits, budget, deadline)
            except InputError as exc:
                raise InputError(file, f"工作表“{ws.title}”: {exc.message}") from None
            values = [[cell_value(c) for c in row] for row in rows]
            header = find_header(values)
            if header is not None:
                frame = rows_to_frame(values, file, header)
                from auditor.ingest.tidy_read import frame_document

                tidy_docs.append(frame_document(frame, file, name))
                continue
            for r, row in enumerate(rows, start=1):
                cells = [cell_text(c) for c in row]
                while cells and not cells[-1]:
                    cells.pop()
                lines.append("\t".join(cells))
                locations.append(f"{ws.title}!{r}")
            lines.append("")
            locations.append(f"{ws.title}!{len(rows) + 1}")
    finally:
        wb.close()
    if tidy_docs and not any(line.strip() for line in lines):
        doc = tidy_docs[0]
        for extra in tidy_docs[1:]:
            doc.forms.extend(extra.forms)
            doc.headers_found += extra.headers_found
        doc.source_format = "xlsx (tidy)"
        if not doc.forms:
            raise InputError(file, "指标明细表没有数据行")
        return doc
    from auditor.ingest.grid import grid_document
    from auditor.parse import parse_lines

    grid = grid_document(lines, file, name, "xlsx (grid)", locations)
    doc = grid if grid is not None else parse_lines(lines, file=file, name=name)
    doc.source_format = doc.source_format if grid is not None else "xlsx"
    doc.locations = locations
    if tidy_docs:  # a workbook mixing both layouts: tidy forms follow the laid-out ones
        for extra in tidy_docs:
            doc.forms.extend(extra.forms)
            doc.headers_found += extra.headers_found
    relabel_warnings(doc)
    require_forms(doc, file)
    return doc


def relabel_warnings(doc: Document) -> None:
    """Rewrite ``file:12`` / ``file:12-40`` in warnings as ``file:表1!12`` / ``file:p3-p4``."""
    import re

    if not doc.locations:
        return
    pattern = re.compile(re.escape(doc.path) + r":(\d+)(?:-(\d+))?")

    def where(n: str) -> str:
        i = int(n)
        return doc.locations[i - 1] if 0 < i <= len(doc.locations) else n

    def sub(m: re.Match[str]) -> str:
        start = where(m.group(1))
        if m.group(2):
            end = where(m.group(2))
            return f"{doc.path}:{start}" if end == start else f"{doc.path}:{start}-{end}"
        return f"{doc.path}:{start}"

    doc.warnings = [pattern.sub(sub, w) for w in doc.warnings]
    for form in doc.forms:
        form.warnings = [pattern.sub(sub, w) for w in form.warnings]
