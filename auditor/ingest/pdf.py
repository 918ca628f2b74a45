"""PDF → the seed's row layout (lines of TAB-joined cells) → :func:`auditor.parse.parse_lines`.

Page by page with pdfplumber (each page closed after use): ruled tables are found with the
lines strategy; a merged cell's text sits in its first row/column and the other positions are
blank (the parser carries headings down); text outside tables (titles, ``(2025年度)``, notes)
becomes a line of its own, in reading order. A table continuing from the previous page is
stitched to it: its cells are mapped onto the previous table's columns by x-position, and text
that only repeats a merged heading cell on the new page is dropped. Each virtual line keeps its
page (``Document.locations`` = ``p3``) for messages.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.ingest.limits import Deadline, Limits, brief
from auditor.ingest.normalize import normalize_cell

if TYPE_CHECKING:
    from auditor.model import Document

_TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_CID_SHARE = 0.05  # share of "(cid:" glyphs from which a page's text layer counts as unreadable


@dataclass(slots=True)
class _TableState:
    """The table seen last, for stitching a continuation on the next page."""

    columns: list[tuple[float, float]]
    last_values: list[str] = field(default_factory=list)


@dataclass(slots=True)
class PdfRows:
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # page number of each line
    page_count: int = 0
    chars: int = 0

    def add(self, cells: list[str], page: int) -> None:
        self.lines.append("\t".join(cells))
        self.pages.append(page)


def _columns(table: Any) -> list[tuple[float, float]]:
    """Column x-ranges of a pdfplumber table (from its distinct cell edges)."""
    xs = sorted({round(c[0], 1) for c in table.cells} | {round(c[2], 1) for c in table.cells})
    return [(a, b) for a, b in itertools.pairwise(xs)]


def _col_index(columns: list[tuple[float, float]], x0: float, x1: float) -> int:
    """The column whose range overlaps [x0, x1] most (a merged cell maps to its first column)."""
    best, best_overlap = 0, -1.0
    for i, (a, b) in enumerate(columns):
        overlap = min(b, x1) - max(a, x0)
        if overlap > best_overlap + 0.5:
            best, best_overlap = i, overlap
    return best


def _table_rows(table: Any, columns: list[tuple[float, float]]) -> list[list[str]]:
    """Rows of *table* as lists of cell strings laid on *columns* (blank where merged/empty)."""
    texts = table.extract(x_tolerance=1.5, y_tolerance=3)
    out: list[list[str]] = []
    for row, row_texts in zip(table.rows, texts, strict=False):
        cells = [""] * len(columns)
        for bbox, text in zip(row.cells, row_texts, strict=False):
            if bbox is None or text is None:
                continue
            i = _col_index(columns, bbox[0], bbox[2])
            value = normalize_cell(text)
            if value:
                cells[i] = (cells[i] + value) if cells[i] else value
        out.append(cells)
    return out


def _page_items(
    page: Any, state: _TableState | None
) -> tuple[list[tuple[float, list[str]]], _TableState | None]:
    """Lines of one page as (top, cells), in reading order; returns the last table's state."""
    tables = sorted(page.find_tables(_TABLE_SETTINGS), key=lambda t: t.bbox[1])
    items: list[tuple[float, list[str]]] = []
    boxes = [t.bbox for t in tables]
    first_table_top = boxes[0][1] if boxes else None

    def outside(obj: dict[str, Any]) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    # A table that starts the page continues the previous page's table (same column grid).
    continuing = state is not None and bool(tables)
    if continuing and first_table_top is not None:
        above = [ln for ln in page.filter(outside).extract_text_lines() if ln["bottom"] <= first_table_top]
        continuing = all(_repeats_heading(normalize_cell(ln["text"]), state) for ln in above)

    for index, table in enumerate(tables):
        if index == 0 and continuing and state is not None:
            columns = state.columns
        else:
            columns = _columns(table)
            state = _TableState(columns)
        for row_cells, row in zip(_table_rows(table, columns), table.rows, strict=False):
            items.append((row.bbox[1], row_cells))
            for i, value in enumerate(row_cells):
                if value:
                    if len(state.last_values) < len(row_cells):
                        state.last_values += [""] * (len(row_cells) - len(state.last_values))
                    state.last_values[i] = value
    for ln in page.filter(outside).extract_text_lines(x_tolerance=1.5):
        cells = [c for c in _segments(ln["chars"]) if c]
        if not cells:
            continue
        if continuing and state is not None and all(_repeats_heading(c, state) for c in cells):
            continue  # a merged heading cell printed again on the continuation page
        items.append((ln["top"], cells))
    if not tables:
        state = None
    elif items and len(items[-1][1]) == 1 and items[-1][0] > tables[-1].bbox[3]:
        # text below the last table (a footer): the table ends on this page unless it is a page number
        if not items[-1][1][0].strip("-— 第页/0123456789"):
            pass
        else:
            state = None
    items.sort(key=lambda it: it[0])
    return items, state


def _segments(chars: list[dict[str, Any]]) -> list[str]:
    """Split a text line outside tables into cells at wide gaps (``部门名称:… 单位:万元``)."""
    out: list[str] = []
    buf = ""
    prev: dict[str, Any] | None = None
    for ch in sorted(chars, key=lambda c: c["x0"]):
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            size = max(ch.get("size") or 10.0, 1.0)
            if gap > 1.5 * size:
                out.append(normalize_cell(buf))
                buf = ""
            elif gap > 0.25 * size:
                buf += " "
        buf += ch["text"]
        prev = ch
    out.append(normalize_cell(buf))
    return out


def _repeats_heading(text: str, state: _TableState | None) -> bool:
    if state is None or not text:
        return False
    if not text.strip("-— 第页/0123456789"):
        return True  # a page number is no reason to end a table
    return text in state.last_values


def extract_rows(path: Path, limits: Limits, deadline: Deadline | None = None) -> PdfRows:
    """Read a PDF into lines of TAB-joined cells (plus the page of each line)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    file = str(path)
    _check_complete(path)
    rows = PdfRows()
    try:
        pdf = pdfplumber.open(path)
    except PDFSyntaxError as exc:
        raise InputError(file, f"PDF 文件已损坏，无法打开（{brief(exc)}）") from None
    except Exception as exc:
        causes = [exc, *(a for a in exc.args if isinstance(a, BaseException))]
        if any(word in type(c).__name__ for c in causes for word in ("Password", "Encrypt")):
            raise InputError(file, "PDF 已加密，需要密码才能读取（请提供未加密的文件）") from None
        raise InputError(file, f"PDF 文件无法打开（{brief(exc)}）") from None
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise InputError(file, f"PDF 页面结构已损坏（{type(exc).__name__}）") from None
        if count == 0:
            raise InputError(file, "PDF 没有页面")
        if count > limits.max_pdf_pages:
            raise InputError(file, f"PDF 共 {count} 页，超过上限 {limits.max_pdf_pages} 页")
        rows.page_count = count
        state: _TableState | None = None
        cid_pages: list[int] = []
        for number, page in enumerate(pdf.pages, start=1):
            if deadline is not None:
                deadline.check()
            try:
                clean = page.dedupe_chars().filter(_on_page(page))
                text_chars = [c["text"] for c in clean.chars]
                rows.chars += len(text_chars)
                cid = sum(1 for t in text_chars if t.startswith("(cid:"))
                if cid and cid > _CID_SHARE * len(text_chars):
                    cid_pages.append(number)
                items, state = _page_items(clean, state)
            except InputError:
                raise
            except Exception as exc:
                raise InputError(file, f"第 {number} 页无法解析（{brief(exc)}）") from None
            finally:
                page.close()
            for _, cells in items:
                rows.add(cells, number)
        if cid_pages:
            pages = ", ".join(map(str, cid_pages[:10]))
            raise InputError(
                file,
                f"PDF 文本层无法读取（字体缺少 Unicode 映射，出现 (cid:…) 字符，第 {pages} 页），需要文字识别（OCR）",
            )
        if rows.chars == 0:
            raise InputError(file, "PDF 没有文本层（可能是扫描件），需要文字识别（OCR）后再审核")
    finally:
        _close(pdf)
    return rows


def _close(pdf: Any) -> None:
    """Close a pdfplumber PDF even when its page tree is broken (close() walks the pages)."""
    try:
        pdf.close()
    except Exception:
        stream = getattr(pdf, "stream", None)
        if stream is not None and not getattr(pdf, "stream_is_external", False):
            stream.close()


def _on_page(page: Any) -> Any:
    width, height = page.width, page.height

    def keep(obj: dict[str, Any]) -> bool:
        if obj.get("object_type") != "char":
            return True
        return obj["x1"] > 0 and obj["x0"] < width and obj["bottom"] > 0 and obj["top"] < height

    return keep


def _check_complete(path: Path) -> None:
    """A PDF cut off during download lacks its ``%%EOF`` trailer: say so instead of half-reading."""
    size = path.stat().st_size
    with open(path, "rb") as fh:
        fh.seek(max(0, size - 2048))
        tail = fh.read()
    if b"%%EOF" not in tail:
        raise InputError(str(path), "PDF 文件不完整（缺少 %%EOF 结尾，可能下载中断或被截断）")


def read_pdf(path: Path, limits: Limits, deadline: Deadline | None = None) -> Document:
    """Read a PDF into a Document (forms and budget table) through the text parser."""
    from auditor.ingest import require_forms, source_name
    from auditor.ingest.xlsx_form import relabel_warnings
    from auditor.parse import parse_lines

    file = str(path)
    rows = extract_rows(path, limits, deadline)
    doc = parse_lines(rows.lines, file=file, name=source_name(path))
    doc.source_format = "pdf"
    doc.locations = [f"p{p}" for p in rows.pages]
    relabel_warnings(doc)
    require_forms(doc, file)
    return doc
