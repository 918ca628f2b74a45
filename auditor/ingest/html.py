"""HTML pages (budget-disclosure pages that publish the form as an HTML table) → Document.

Tables are laid out as the other readers do it — one line per table row, cells joined by TAB, a
merged cell's text in its first cell and blanks elsewhere (``rowspan``/``colspan`` expanded) —
with paragraphs and headings outside tables as lines of their own, in page order. Only innermost
tables are read (a page-layout table around the form is not). The lines go to the indicator-grid
reader (:mod:`auditor.ingest.grid`) and, when they hold no grid, to the form parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.ingest.limits import Limits, load_limits
from auditor.ingest.normalize import normalize_cell

if TYPE_CHECKING:
    from auditor.model import Document

_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "caption"}
_MAX_SPAN = 200  # rowspan/colspan beyond this are page bugs (or attacks), clamped


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value or "1").strip() or 1), _MAX_SPAN))
    except ValueError:
        return 1


def _text(el: Any) -> str:
    return normalize_cell(" ".join(el.itertext())).replace("\t", " ")


def table_rows(table: Any, budget: list[int], file: str) -> list[list[str]]:
    """The rows of one HTML table, spans expanded (text in the first cell of a merged range)."""
    cells: dict[tuple[int, int], str] = {}
    width = height = 0
    for r, tr in enumerate(tr for tr in table.iter("tr")):
        c = 0
        for td in tr:
            if not isinstance(td.tag, str) or td.tag.lower() not in ("td", "th"):
                continue
            while (r, c) in cells:
                c += 1
            rs, cs = _span(td.get("rowspan")), _span(td.get("colspan"))
            budget[0] -= rs * cs
            if budget[0] < 0:
                raise InputError(file, "网页表格过大：超过单元格数上限")
            text = _text(td)
            for dr in range(rs):
                for dc in range(cs):
                    cells.setdefault((r + dr, c + dc), text if dr == dc == 0 else "")
            c += cs
            width = max(width, c)
        height = max(height, r + 1)
    return [[cells.get((r, c), "") for c in range(width)] for r in range(height)]


def html_lines(text: str, file: str, limits: Limits) -> list[str]:
    """The page as lines of TAB-joined cells (tables) and text lines (paragraphs), in order."""
    from lxml import etree  # type: ignore[import-untyped]
    from lxml import html as lhtml  # type: ignore[import-untyped]

    try:
        root = lhtml.document_fromstring(text.encode("utf-8"), parser=lhtml.HTMLParser(
            encoding="utf-8", remove_comments=True, no_network=True))
    except (etree.ParserError, ValueError) as exc:
        raise InputError(file, f"网页无法解析（{exc}）") from None
    for bad in root.xpath("//script|//style|//noscript"):
        bad.drop_tree()
    budget = [limits.max_sheet_cells]
    lines: list[str] = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        tag = el.tag.lower()
        if tag == "table":
            if el.xpath(".//table"):
                continue  # a layout table: its inner tables are read instead
            for row in table_rows(el, budget, file):
                while row and not row[-1]:
                    row.pop()
                lines.append("\t".join(row))
            lines.append("")
        elif tag in _BLOCKS and not any(a.tag == "table" and not a.xpath(".//table") for a in el.iterancestors()):
            line = _text(el)
            if line:
                lines.append(line)
    return lines


def read_html_text(text: str, file: str, name: str, limits: Limits | None = None) -> Document:
    """Read a decoded HTML page: the indicator grid if it has one, else the form layout."""
    from auditor.ingest import require_forms
    from auditor.ingest.grid import grid_document
    from auditor.parse import parse_lines

    limits = limits or load_limits()
    lines = html_lines(text, file, limits)
    doc = grid_document(lines, file, name, "html (grid)")
    if doc is None:
        doc = parse_lines(lines, file=file, name=name)
        doc.source_format = "html"
    if doc.headers_found == 0 and not doc.forms and doc.budget_table is None:
        raise InputError(file, "这是网页（HTML）文件，未找到绩效目标表（可能是下载失败时保存的网页）")
    require_forms(doc, file)
    return doc
