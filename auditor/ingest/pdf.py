"""PDF → the seed's row layout (lines of TAB-joined cells) → :func:`auditor.parse.parse_lines`.

Two passes. Pass 1 reads page by page with pdfplumber (each page closed after use): the ruled
tables (lines strategy) with their rows and cells, and the text lines outside them, split into
cells at wide gaps. Pass 2 lays everything out in reading order:

* a merged cell's text sits in the first row/column of its range and the other positions are
  blank (the parser carries headings down);
* a table that starts a page continues the previous page's table when the previous page ended
  with a table and the column edges agree: its cells are laid on that table's column grid by
  x-position (a continuation page often lacks the merged left columns);
* office renderers draw a vertically merged cell's text in the middle of the whole range, so at a
  page break it lands beside the table, below its last row or above its first one (clipped, but
  still in the text layer). Such a fragment — one cell wide, in a grid column that is blank
  there — is put back into the first row of the blank run it belongs to, across the page break
  if need be; a fragment that repeats the value above it is dropped;
* other text (titles, ``(2025年度)``, notes, footers) becomes lines of its own.

Each virtual line keeps its page (``Document.locations`` = ``p3``) for messages.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.ingest.limits import Deadline, Limits, brief
from auditor.ingest.normalize import normalize_cell
from auditor.safety import display_path

if TYPE_CHECKING:
    from auditor.model import Document

_TABLE_SETTINGS: dict[str, Any] = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_CID_SHARE = 0.05  # share of "(cid:" glyphs from which a page's text layer counts as unreadable
_EDGE_TOL = 2.5  # points: column edges of a continuation must meet the grid's edges
_PAGE_NUMBER = re.compile(r"^[-—–\s第页共/]*\d{1,4}[-—–\s第页共/\d]*$")

Grid = list[tuple[float, float]]


@dataclass(slots=True)
class _Seg:
    x0: float
    x1: float
    text: str


@dataclass(slots=True)
class _Line:
    """A text line outside tables."""

    top: float
    bottom: float
    segs: list[_Seg]


@dataclass(slots=True)
class _TRow:
    top: float
    bottom: float
    cells: list[_Seg]  # detected cells with text (empty cells left out)


@dataclass(slots=True)
class _Table:
    bbox: tuple[float, float, float, float]
    columns: Grid
    rows: list[_TRow]


@dataclass(slots=True)
class _Page:
    number: int
    tables: list[_Table] = field(default_factory=list)
    lines: list[_Line] = field(default_factory=list)


@dataclass(slots=True)
class PdfRows:
    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)  # page number of each line
    page_count: int = 0
    chars: int = 0

    def add(self, cells: list[str], page: int) -> None:
        self.lines.append("\t".join(cells))
        self.pages.append(page)


# -- pass 1: geometry of one page -------------------------------------------------------------


def _columns(table: Any) -> Grid:
    """Column x-ranges of a pdfplumber table (from its distinct cell edges)."""
    xs = sorted({round(c[0], 1) for c in table.cells} | {round(c[2], 1) for c in table.cells})
    merged: list[float] = []
    for x in xs:
        if not merged or x - merged[-1] > _EDGE_TOL:
            merged.append(x)
    return list(itertools.pairwise(merged))


def _segments(chars: list[dict[str, Any]]) -> list[_Seg]:
    """Split a text line into cells at wide gaps (``部门名称:… 单位:万元``); spaces where the gap
    between two characters is wider than a quarter of the font size."""
    out: list[_Seg] = []
    buf = ""
    start = prev = None
    for ch in sorted(chars, key=lambda c: c["x0"]):
        if prev is not None:
            gap = ch["x0"] - prev["x1"]
            size = max(ch.get("size") or 10.0, 1.0)
            if gap > 1.5 * size:
                assert start is not None  # set with the first character of the run
                out.append(_Seg(start["x0"], prev["x1"], normalize_cell(buf)))
                buf, start = "", None
            elif gap > 0.25 * size:
                buf += " "
        if start is None:
            start = ch
        buf += ch["text"]
        prev = ch
    if start is not None and prev is not None:
        out.append(_Seg(start["x0"], prev["x1"], normalize_cell(buf)))
    return [s for s in out if s.text]


def _read_page(page: Any, number: int) -> _Page:
    data = _Page(number)
    tables = sorted(page.find_tables(_TABLE_SETTINGS), key=lambda t: t.bbox[1])
    boxes = [t.bbox for t in tables]
    for table in tables:
        texts = _cell_texts(table, page.chars)
        rows = []
        for row in table.rows:
            cells = [
                _Seg(bbox[0], bbox[2], texts.get(tuple(bbox), "")) for bbox in row.cells if bbox is not None
            ]
            rows.append(_TRow(row.bbox[1], row.bbox[3], [c for c in cells if c.text]))
        data.tables.append(_Table(table.bbox, _columns(table), rows))

    def outside(obj: dict[str, Any]) -> bool:
        cx = (obj["x0"] + obj["x1"]) / 2
        cy = (obj["top"] + obj["bottom"]) / 2
        return not any(b[0] <= cx <= b[2] and b[1] <= cy <= b[3] for b in boxes)

    for ln in page.filter(outside).extract_text_lines(x_tolerance=1.5):
        segs = _segments(ln["chars"])
        if segs:
            data.lines.append(_Line(ln["top"], ln["bottom"], segs))
    return data


_CLOSING = frozenset("，。、；：？！）》」』】〉,.;:?!)]}%")  # may not start a line
_OPENING = frozenset("（《「『【〈“‘([{")  # may not end a line


def _cell_texts(table: Any, chars: list[dict[str, Any]]) -> dict[tuple[float, ...], str]:
    """Text of every cell of *table*, from the characters whose centre lies in it."""
    cells = [tuple(c) for c in table.cells]
    x0, top, x1, bottom = table.bbox
    band = 20.0
    buckets: dict[int, list[tuple[float, ...]]] = {}
    for cell in cells:
        for b in range(int(cell[1] // band), int(cell[3] // band) + 1):
            buckets.setdefault(b, []).append(cell)
    members: dict[tuple[float, ...], list[dict[str, Any]]] = {}
    for ch in chars:
        cx = (ch["x0"] + ch["x1"]) / 2
        cy = (ch["top"] + ch["bottom"]) / 2
        if not (x0 <= cx <= x1 and top <= cy <= bottom):
            continue
        for cell in buckets.get(int(cy // band), ()):
            if cell[0] <= cx <= cell[2] and cell[1] <= cy <= cell[3]:
                members.setdefault(cell, []).append(ch)
                break
    return {cell: _wrapped_text(cell, cs) for cell, cs in members.items()}


def _wrapped_text(cell: tuple[float, ...], chars: list[dict[str, Any]]) -> str:
    """A cell's text with its wrapped lines joined.

    The renderer breaks a line at a space when the next word does not fit; between CJK characters
    it may break anywhere. So where the first line left room for the next line's first character
    (or ASCII word), the break was at a space that the layout swallowed: it is put back.
    """
    lines: list[list[dict[str, Any]]] = []
    for ch in sorted(chars, key=lambda c: (round(c["top"]), c["x0"])):
        if lines and abs(ch["top"] - lines[-1][0]["top"]) <= 3:
            lines[-1].append(ch)
        else:
            lines.append([ch])
    for ln in lines:
        ln.sort(key=lambda c: c["x0"])
    pad = min(min(ln[0]["x0"] - cell[0], cell[2] - ln[-1]["x1"]) for ln in lines)
    inner = cell[2] - cell[0] - 2 * max(pad, 0.0)
    out = ""
    for i, ln in enumerate(lines):
        text = _line_text(ln)
        if i and out.strip() and text.strip() and not out.endswith(" ") and not text.startswith(" "):
            out += _joiner(out, text, lines[i - 1], ln, inner)
        out += text
    return normalize_cell(out)


def _line_text(chars: list[dict[str, Any]]) -> str:
    """One printed line: its characters (spaces the PDF draws kept, also at the line's end), and a
    space where two characters stand apart by more than a quarter of the font size."""
    out = ""
    prev = None
    for ch in chars:
        if prev is not None and ch["x0"] - prev["x1"] > 0.25 * max(ch.get("size") or 10.0, 1.0):
            out += " "
        out += ch["text"]
        prev = ch
    return out


def _joiner(
    before: str, after: str, prev: list[dict[str, Any]], line: list[dict[str, Any]], inner: float
) -> str:
    """What stood at a line break: a space or nothing."""
    a, b = before[-1], after[0]
    if a.isascii() and a.isalnum() and b.isascii() and b.isalnum():
        return " "
    if b in _CLOSING or a in _OPENING or a == " ":
        return ""
    used = prev[-1]["x1"] - prev[0]["x0"]
    word = [line[0]]
    if b.isascii():  # an ASCII word (with its %, units, punctuation) moves to the next line whole
        for ch in line[1:]:
            if not ch["text"].isascii() or ch["text"].isspace():
                break
            word.append(ch)
    for ch in line[len(word) :]:  # a closing mark may not start a line: it travels with the word
        if ch["text"] not in _CLOSING:
            break
        word.append(ch)
    need = word[-1]["x1"] - word[0]["x0"]
    return " " if inner - used >= need + 0.5 else ""


# -- pass 2: stitching and layout ---------------------------------------------------------------


def _col_index(grid: Grid, x0: float, x1: float) -> int:
    """The grid column that overlaps [x0, x1] most (a merged cell maps to its first column)."""
    best, best_overlap = 0, -1.0
    for i, (a, b) in enumerate(grid):
        overlap = min(b, x1) - max(a, x0)
        if overlap > best_overlap + 0.5:
            best, best_overlap = i, overlap
    return best


def _one_column(grid: Grid, seg: _Seg) -> int | None:
    """The grid column that holds the whole segment, if any."""
    for i, (a, b) in enumerate(grid):
        if seg.x0 >= a - _EDGE_TOL and seg.x1 <= b + _EDGE_TOL:
            return i
    return None


def _fits(grid: Grid, columns: Grid) -> bool:
    """True when every column edge of a table lies on an edge of *grid*."""
    edges = {round(x, 0) for col in grid for x in col}
    return all(any(abs(x - e) <= _EDGE_TOL for e in edges) for col in columns for x in col) and bool(columns)


def _is_page_number(line: _Line) -> bool:
    return (
        len(line.segs) == 1 and len(line.segs[0].text) <= 12 and bool(_PAGE_NUMBER.match(line.segs[0].text))
    )


@dataclass(slots=True)
class _Group:
    """Tables stitched across pages: one column grid, rows in order (indices into the rows list)."""

    grid: Grid
    rows: list[int] = field(default_factory=list)


@dataclass(slots=True)
class _Fragment:
    group: int
    col: int
    anchor: int  # index into the rows list
    text: str
    page: int = 0  # index into the pages list, and the line's top: where it goes if not placed
    top: float = 0.0


def _layout(pages: list[_Page]) -> PdfRows:
    rows_cells: list[list[str]] = []  # cells of every table row, by global row index
    groups: list[_Group] = []
    fragments: list[_Fragment] = []
    # per page, items (top, kind, payload): "row" -> row index, "line" -> cells
    page_items: list[list[tuple[float, str, Any]]] = []
    last_group: int | None = None  # the group the previous page ended with (None: ended with text)

    pending: list[_Fragment] = []  # fragments below the previous page's last table
    for p_index, page in enumerate(pages):
        lines = [ln for ln in page.lines if not _is_page_number(ln)]
        first_table = page.tables[0] if page.tables else None
        # lines above the first table: only merged-cell fragments may sit there on a continuation
        above = [ln for ln in lines if first_table is not None and ln.bottom <= first_table.bbox[1] + 1]
        continuing = (
            last_group is not None
            and first_table is not None
            and _fits(groups[last_group].grid, first_table.columns)
            and all(
                len(ln.segs) == 1 and _one_column(groups[last_group].grid, ln.segs[0]) is not None
                for ln in above
            )
        )
        # fragments below the previous page's table count only when the table goes on here
        for frag in pending:
            if continuing and frag.group == last_group:
                fragments.append(frag)
            else:
                _as_line(frag, page_items)
        pending = []
        items: list[tuple[float, str, Any]] = []
        table_group: list[int] = []
        table_rows: list[list[int]] = []  # global row indices of each table on this page
        for t_index, table in enumerate(page.tables):
            if t_index == 0 and continuing and last_group is not None:
                g = last_group
            else:
                groups.append(_Group(table.columns))
                g = len(groups) - 1
            table_group.append(g)
            table_rows.append([])
            grid = groups[g].grid
            for row in table.rows:
                cells = [""] * len(grid)
                for seg in row.cells:
                    i = _col_index(grid, seg.x0, seg.x1)
                    cells[i] = f"{cells[i]}{seg.text}" if cells[i] else seg.text
                rows_cells.append(cells)
                groups[g].rows.append(len(rows_cells) - 1)
                table_rows[-1].append(len(rows_cells) - 1)
                items.append((row.top, "row", len(rows_cells) - 1))
        page_items.append(items)
        for ln in lines:
            found = _fragment_of(ln, page, table_group, table_rows, groups, rows_cells, continuing, lines)
            if found is None:
                items.append((ln.top, "line", [s.text for s in ln.segs]))
                continue
            frag, below = found
            frag.page, frag.top = p_index, ln.top
            (pending if below else fragments).append(frag)
        items.sort(key=lambda it: it[0])
        # the page ends with a table when no text (other than fragments) follows its last table
        last_group = table_group[-1] if page.tables and items and items[-1][1] == "row" else None
    for frag in pending:  # the document ends: nothing continues
        _as_line(frag, page_items)

    for frag in fragments:
        if not _place(frag, groups[frag.group], rows_cells):
            _as_line(frag, page_items)

    out = PdfRows()
    for page, items in zip(pages, page_items, strict=True):
        for _, kind, payload in items:
            out.add(rows_cells[payload] if kind == "row" else payload, page.number)
    return out


def _fragment_of(
    ln: _Line,
    page: _Page,
    table_group: list[int],
    table_rows: list[list[int]],
    groups: list[_Group],
    rows_cells: list[list[str]],
    continuing: bool,
    lines: list[_Line],
) -> tuple[_Fragment, bool] | None:
    """The merged-cell fragment this outside line is (and whether it sits below the page's last
    table, to be confirmed by the next page), or None for an ordinary line."""
    if len(ln.segs) != 1 or not page.tables:
        return None
    seg = ln.segs[0]
    mid = (ln.top + ln.bottom) / 2
    last = len(page.tables) - 1
    for t_index, table in enumerate(page.tables):
        g = table_group[t_index]
        col = _one_column(groups[g].grid, seg)
        rows = table_rows[t_index]
        if col is None or not rows:
            continue
        top, bottom = table.bbox[1], table.bbox[3]
        if top <= mid <= bottom:  # beside the table, in a grid column it does not draw
            return _Fragment(g, col, _row_at(table, rows, mid), seg.text), False
        if (
            t_index == 0
            and continuing
            and mid < top
            and not rows_cells[rows[0]][col]  # the merged range runs on into the first row
            and all(o.bottom <= top + 1 for o in lines if o is not ln and o.top < ln.top)
        ):
            return _Fragment(g, col, rows[0], seg.text), False
        if (
            t_index == last
            and mid > bottom
            and not rows_cells[rows[-1]][col]  # the merged range covers the last row
            and all(o.top < ln.top for o in lines if o is not ln)
        ):
            return _Fragment(g, col, rows[-1], seg.text), True
    return None


def _as_line(frag: _Fragment, page_items: list[list[tuple[float, str, Any]]]) -> None:
    """Give a fragment that could not be placed its own line back, where it was printed."""
    items = page_items[frag.page]
    items.append((frag.top, "line", [frag.text]))
    items.sort(key=lambda it: it[0])


def _row_at(table: _Table, rows: list[int], y: float) -> int:
    best, best_dist = rows[0], float("inf")
    for trow, index in zip(table.rows, rows, strict=True):
        if trow.top <= y <= trow.bottom:
            return index
        dist = min(abs(trow.top - y), abs(trow.bottom - y))
        if dist < best_dist:
            best, best_dist = index, dist
    return best


def _place(frag: _Fragment, group: _Group, rows_cells: list[list[str]]) -> bool:
    """Put a fragment into the first row of the blank run (in its column) that holds its anchor.

    A fragment repeating the value above its run is dropped (True); False when the anchor's cell
    holds a value, so that the text is not a merged cell's after all.
    """
    order = group.rows
    pos = order.index(frag.anchor)
    k = pos
    while k >= 0 and not rows_cells[order[k]][frag.col]:
        k -= 1
    if k >= 0 and rows_cells[order[k]][frag.col] == frag.text:
        return True  # the value above already says it: a repeat of the merged cell on this page
    if k == pos:
        return False
    rows_cells[order[k + 1]][frag.col] = frag.text
    return True


# -- reading ------------------------------------------------------------------------------------


def extract_rows(path: Path, limits: Limits, deadline: Deadline | None = None) -> PdfRows:
    """Read a PDF into lines of TAB-joined cells (plus the page of each line)."""
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError

    file = display_path(path)
    _check_complete(path)
    try:
        pdf = pdfplumber.open(path)
    except PDFSyntaxError as exc:
        raise InputError(file, f"PDF 文件已损坏，无法打开（{brief(exc)}）") from None
    except Exception as exc:
        causes = [exc, *(a for a in exc.args if isinstance(a, BaseException))]
        if any(word in type(c).__name__ for c in causes for word in ("Password", "Encrypt")):
            raise InputError(file, "PDF 已加密，需要密码才能读取（请提供未加密的文件）") from None
        raise InputError(file, f"PDF 文件无法打开（{brief(exc)}）") from None
    pages: list[_Page] = []
    chars = 0
    try:
        try:
            count = len(pdf.pages)
        except Exception as exc:
            raise InputError(file, f"PDF 页面结构已损坏（{brief(exc)}）") from None
        if count == 0:
            raise InputError(file, "PDF 没有页面")
        if count > limits.max_pdf_pages:
            raise InputError(file, f"PDF 共 {count} 页，超过上限 {limits.max_pdf_pages} 页")
        cid_pages: list[int] = []
        for number, page in enumerate(pdf.pages, start=1):
            if deadline is not None:
                deadline.check()
            try:
                clean = page.dedupe_chars().filter(_on_page(page))
                text_chars = [c["text"] for c in clean.chars]
                chars += len(text_chars)
                cid = sum(1 for t in text_chars if t.startswith("(cid:"))
                if cid and cid > _CID_SHARE * len(text_chars):
                    cid_pages.append(number)
                pages.append(_read_page(clean, number))
            except InputError:
                raise
            except Exception as exc:
                raise InputError(file, f"第 {number} 页无法解析（{brief(exc)}）") from None
            finally:
                page.close()
        if cid_pages:
            listed = ", ".join(map(str, cid_pages[:10]))
            raise InputError(
                file,
                f"PDF 文本层无法读取（字体缺少 Unicode 映射，出现 (cid:…) 字符，第 {listed} 页），需要文字识别（OCR）",
            )
        if chars == 0:
            raise InputError(file, "PDF 没有文本层（可能是扫描件），需要文字识别（OCR）后再审核")
    finally:
        _close(pdf)
    rows = _layout(pages)
    rows.page_count = count
    rows.chars = chars
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
        raise InputError(display_path(path), "PDF 文件不完整（缺少 %%EOF 结尾，可能下载中断或被截断）")


def read_pdf(path: Path, limits: Limits, deadline: Deadline | None = None) -> Document:
    """Read a PDF into a Document (forms and budget table) through the text parser."""
    from auditor.ingest import require_forms, source_name
    from auditor.ingest.xlsx_form import relabel_warnings
    from auditor.parse import parse_lines

    file = display_path(path)
    from auditor.ingest.grid import grid_document

    rows = extract_rows(path, limits, deadline)
    locations = [f"p{p}" for p in rows.pages]
    doc = grid_document(rows.lines, file, source_name(path), "pdf (grid)", locations) or parse_lines(
        rows.lines, file=file, name=source_name(path)
    )
    if doc.source_format != "pdf (grid)":
        doc.source_format = "pdf"
    doc.locations = locations
    relabel_warnings(doc)
    require_forms(doc, file)
    return doc
