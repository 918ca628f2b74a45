"""Word documents (.docx) → Document.

Paragraphs and tables are read in document order (python-docx): a table row becomes one line of
TAB-joined cells with a merged cell's text in its first cell (a cell repeated by a horizontal or
vertical merge is blank), a paragraph a line of its own. The lines go to the indicator-grid
reader (:mod:`auditor.ingest.grid`) and, when they hold no grid, to the form parser, as PDF and
XLSX pages do. The zip guard has run before (``ingest.read_document``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.ingest.limits import Deadline, Limits, brief
from auditor.ingest.normalize import normalize_cell

if TYPE_CHECKING:
    from auditor.model import Document


def _open(path: Path) -> Any:
    import zipfile

    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        return docx.Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(str(path), f"Word 文档已损坏或不是 .docx（{brief(exc)}）") from None
    except Exception as exc:
        raise InputError(str(path), f"Word 文档无法读取（{brief(exc)}）") from None


def _table_lines(table: Any, budget: list[int], file: str) -> list[str]:
    lines: list[str] = []
    above: list[Any] = []
    for row in table.rows:
        cells = list(row.cells)
        budget[0] -= len(cells)
        if budget[0] < 0:
            raise InputError(file, "Word 表格过大：超过单元格数上限")
        texts: list[str] = []
        for c, cell in enumerate(cells):
            tc = cell._tc
            repeated = (c > 0 and cells[c - 1]._tc is tc) or (c < len(above) and above[c] is tc)
            texts.append("" if repeated else normalize_cell(cell.text).replace("\t", " "))
        above = [cell._tc for cell in cells]
        while texts and not texts[-1]:
            texts.pop()
        lines.append("\t".join(texts))
    lines.append("")
    return lines


def _blocks(parent: Any, document: Any, budget: list[int], file: str, lines: list[str],
            deadline: Deadline | None, depth: int = 0) -> None:
    """Paragraphs and tables under ``parent`` in order; a layout table (one holding tables) is
    entered cell by cell so that only innermost tables become rows."""
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in parent.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if deadline is not None:
            deadline.check()
        if tag == "p":
            text = normalize_cell(Paragraph(child, document).text)
            if text:
                lines.append(text)
        elif tag == "tbl":
            nested = any(el is not child for el in child.iter(child.tag))
            if nested and depth < 5:
                for tc in child.iter(child.tag.replace("tbl", "tc")):
                    if tc.getparent() is not None and tc.getparent().getparent() is child:
                        _blocks(tc, document, budget, file, lines, deadline, depth + 1)
            else:
                lines.extend(_table_lines(Table(child, document), budget, file))


def docx_lines(path: Path, limits: Limits, deadline: Deadline | None = None) -> list[str]:
    """The document as lines: paragraphs, and table rows of TAB-joined cells, in order."""
    document = _open(path)
    lines: list[str] = []
    _blocks(document.element.body, document, [limits.max_sheet_cells], str(path), lines, deadline)
    return lines


def read_docx(path: Path, limits: Limits, deadline: Deadline | None = None) -> Document:
    """Read a .docx: the indicator grid if it has one, else the form layout."""
    from auditor.ingest import require_forms, source_name
    from auditor.ingest.grid import grid_document
    from auditor.parse import parse_lines

    file = str(path)
    lines = docx_lines(path, limits, deadline)
    doc = grid_document(lines, file, source_name(path), "docx (grid)")
    if doc is None:
        doc = parse_lines(lines, file=file, name=source_name(path))
        doc.source_format = "docx"
    require_forms(doc, file)
    return doc
