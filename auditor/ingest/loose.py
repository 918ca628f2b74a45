"""Indicator tables whose cells lost their columns: HTML tables flattened to ``a | b | ||||`` lines.

A page flattened this way keeps each row's non-empty cells in order but drops the merged cells
(a level-1 heading spanning rows appears once; the rows below it start with the level-2 heading
or the name) and the blank ones. :func:`pipe_document` finds the column header (as
:mod:`auditor.ingest.grid` does, ``rules/columns.yaml``), a second header row under it
(``指标值`` split into ``2021年实际实现值 | 预期2022年实现值``), and puts every row's cells back under
their columns by what they hold: headings known to ``rules/headings.yaml`` first, then the name,
then operator, value, unit and notes in the header's order, a column whose type the cell does not
fit being taken as blank. The realigned rows are read by :func:`auditor.ingest.grid.read_grid`.

:func:`cell_stream_document` reads pages flattened one cell per line (or per paragraph, ``x |``
lines): the rows are cut from the stream after the column header by the same typing (headings,
a name, then the header's value and note columns).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from auditor.ingest.columns import column_name, read_operator, vocabulary
from auditor.ingest.grid import header_columns, read_grid

if TYPE_CHECKING:
    from auditor.model import Document

class Unrecoverable(Exception):
    """A flattened table was found but its cells cannot be put back under their columns."""

    def __init__(self, line: int, what: str) -> None:
        super().__init__(what)
        self.line = line
        self.what = what


_YEAR = re.compile(r"\d{4}\s*年度?")
_TARGETS = ("annual_value", "period_value")
_OPTIONAL = ("actual", "score", "weight", "deviation")
_NUMBER = re.compile(r"^\d+(?:\.\d+)?$")


def pipe_cells(line: str) -> list[str]:
    """The non-empty cells of a flattened row (``| a | b | |||`` -> ``[a, b]``)."""
    return [c.strip() for c in line.split("|") if c.strip()]


def _is_pipe_text(lines: Sequence[str], min_rows: int = 3) -> bool:
    return sum(1 for line in lines if line.count("|") >= 2) >= min_rows


def _sub_header(cells: list[str]) -> list[str] | None:
    """Column names of a second header row (every cell a value column once years are dropped)."""
    if len(cells) < 2:
        return None
    names = [column_name(_YEAR.sub("", c)) for c in cells]
    if all(n in (*_TARGETS, *_OPTIONAL) for n in names) and any(n in _TARGETS for n in names):
        return [str(n) for n in names]
    return None


def _heading(cell: str, cur1: str = "") -> tuple[int, str] | None:
    """(level, category) of a cell that is a known indicator heading; a word of both levels
    (成本指标) is a level 2 under a level-1 heading it belongs to."""
    from auditor.values.headings import heading_category

    h = heading_category(cell, 1)
    if not h.known or h.level is None or h.category is None:
        return None
    if h.level == 1 and cur1:
        h2 = heading_category(cell, 2)
        parent1 = heading_category(cur1, 1).category
        if h2.known and h2.level == 2 and h2.parent == parent1 and (h2.category != parent1 or h.category == parent1):
            return 2, str(h2.category)  # 成本指标 under 产出指标; 服务对象满意度指标 under 满意度指标
    return h.level, h.category


def _step(h: tuple[int, str], cell: str, cur1: str, cur2: str) -> tuple[str, str]:
    """The current (level-1, level-2) headings after a heading cell."""
    level, category = h
    if level == 1 and not cur1 and cur2 and _parent(cur2) == category:
        return cell, cur2  # a merged level-1 cell printed mid-block keeps the block's level 2
    if level == 1:
        return cell, ""
    return cur1, cell


def _fits(column: str | None, cell: str) -> bool:
    """Whether a cell can stand in a column of this type."""
    operator, direction = read_operator(cell)
    if column == "operator":
        return operator is not None or direction is not None
    if column == "direction":
        return direction is not None or operator is not None
    if column == "unit":
        return len(cell) <= 6 and not re.search(r"\d", cell) and operator is None and direction is None
    if column in ("weight", "score"):
        return bool(_NUMBER.match(cell))
    return operator is None or column is None


def _align(cells: list[str], columns: list[str | None]) -> dict[int, str]:
    """Cells (after the name) placed under the header's columns, in order, by type."""
    out: dict[int, str] = {}
    k = 0
    for pos, column in enumerate(columns):
        if k >= len(cells):
            break
        if column not in _TARGETS:
            targets_ahead = sum(1 for c in columns[pos + 1:] if c in _TARGETS)
            if len(cells) - k <= targets_ahead:
                continue  # too few cells left: the target column is filled first
        if _fits(column, cells[k]):
            out[pos] = cells[k]
            k += 1
    return out


def _ends(cells: list[str]) -> bool:
    vocab = vocabulary()
    first = cells[0] if cells else ""
    if any(first.startswith(w) for w in vocab.table_end_words):
        return True
    return any(mark in c for c in cells for mark in vocab.table_end_marks)


def pipe_document(lines: Sequence[str], file: str, name: str) -> Document | None:
    """The indicator forms of a page flattened to pipe rows, or None when it holds none."""
    if not _is_pipe_text(lines):
        return None
    rows = [pipe_cells(line) if "|" in line else ([line.strip()] if line.strip() else []) for line in lines]
    return _rows_document(rows, file, name)


def space_document(lines: Sequence[str], file: str, name: str) -> Document | None:
    """The indicator forms of a page whose rows keep one line each, cells apart by spaces
    (``产出指标 数量指标 出差人数 正向 = 8 4``), or None when it holds none."""
    return _rows_document([_join_split_headings(line.split()) for line in lines], file, name)


def _join_split_headings(cells: list[str]) -> list[str]:
    """``经济效益`` + ``指标`` -> ``经济效益指标`` (a heading printed with a space or line break)."""
    from auditor.values.headings import heading_category
    from auditor.values.headings import vocabulary as heading_vocabulary

    suffixes = heading_vocabulary().suffixes
    out: list[str] = []
    for cell in cells:
        if out and cell in suffixes and heading_category(out[-1] + cell, 1).known:
            out[-1] += cell
        else:
            out.append(cell)
    return out


def _record_under(header: list[str | None], level1: str, level2: str) -> list[str]:
    """An empty row of the header's width with the current headings in their columns."""
    record = [""] * len(header)
    if "level1" in header:
        record[header.index("level1")] = level1
    if "level2" in header:
        record[header.index("level2")] = level2
    return record


def _rows_document(rows: list[list[str]], file: str, name: str) -> Document | None:
    """Rows of cells whose positions were lost, put back under the header's columns and read."""
    out: list[list[str]] = [list(r) for r in rows]
    found = False
    i = 0
    while i < len(rows):
        mapping = header_columns(rows[i])
        if mapping is None:
            i += 1
            continue
        header = [mapping.get(k) for k in range(len(rows[i]))]
        if any(c in ("project_name", "department", "implementing_unit") for c in header[:header.index("level3")]):
            i += 1  # project columns before the indicator columns: a list of projects, not a form
            continue
        found = True
        j = i + 1
        sub = _sub_header(rows[j]) if j < len(rows) else None
        if sub is not None:  # 指标值 split in two: the spanning column becomes the sub-columns
            at = next(k for k, c in enumerate(header) if c in _TARGETS)
            header = header[:at] + list(sub) + header[at + 1:]
            out[j] = []
            j += 1
        out[i] = [c or f"-{k}" for k, c in enumerate(header)]  # a header the grid reader maps back
        level3_at = header.index("level3")
        after = header[level3_at + 1:]
        cur1 = cur2 = ""
        while j < len(rows):
            cells = rows[j]
            if not cells:
                j += 1
                continue
            if header_columns(cells) is not None:
                break
            if _ends(cells):
                out[j] = [vocabulary().table_end_words[0]]  # the grid reader stops here too
                break
            rest = list(cells)
            last = 0  # level of the last heading of this row: a row holds a level 1, then a level 2
            while (len(rest) > 2 and (not _value_like(rest[1]) or (_value_like(rest[2]) and not _operator(rest[1])))
                   and (h := _heading(rest[0], cur1)) is not None and h[0] > last):
                cur1, cur2 = _step(h, rest[0], cur1, cur2)
                last = 2 if cur2 == rest[0] else 1
                rest = rest[1:]
            if rest and (h := _heading(rest[0], cur1)) is not None and not any(_value_like(c) for c in rest[1:]):
                cur1, cur2 = _step(h, rest[0], cur1, cur2)  # a heading row with no indicator under it
                out[j] = []
                j += 1
                continue
            record = _record_under(header, cur1, cur2)
            if len(rest) >= 2:
                record[level3_at] = rest[0]
                for pos, cell in _align(rest[1:], after).items():
                    record[level3_at + 1 + pos] = cell
                out[j] = record
            else:
                out[j] = []
            j += 1
        i = j
    if not found:
        return None
    return _checked(out, file, name)


def _checked(out: list[list[str]], file: str, name: str) -> Document | None:
    """The realigned rows read by the grid reader, refused when a row came out wrong (a name that
    is a value or a unit, a value that is a heading): guessing further would invent indicators."""
    doc = read_grid(out, file, name)
    if doc is None:
        return None
    if not any(form.indicators for form in doc.forms):
        line = next((k + 1 for k, row in enumerate(out) if header_columns(row) is not None), 0)
        raise Unrecoverable(line, "找到指标表的列名，但其下的各行无法按列还原为指标（单元格连在一起或次序打乱）")
    for form in doc.forms:
        for ind in form.indicators:
            bad = ""
            if ind.level3 and (_plainly_value(ind.level3) or len(ind.level3) <= 2):
                bad = f"“{ind.level3}”像指标值或单位，不像指标名称"
            elif ind.annual_value and _heading(ind.annual_value) is not None:
                bad = f"指标值“{ind.annual_value}”是指标标题"
            if bad:
                raise Unrecoverable(ind.line or 0, f"表格被展平（单元格连续排列、空格和合并单元格丢失），无法确定各格所在的列：{bad}")
    doc.source_format = "text (flattened table)"
    return doc


def _value_like(cell: str) -> bool:
    """A cell shaped like a target (a number, an operator, a grade word), not like a name."""
    from auditor.parse.layout import layout

    lay = layout()
    if read_operator(cell) != (None, None) or cell in lay.value_words:
        return True
    return cell[:1].isdigit() or cell.startswith(lay.value_starts)


def _plainly_value(cell: str) -> bool:
    """A cell that can only be a value: a number, a comparison, an operator or a grade word."""
    from auditor.parse.layout import layout

    return cell[:1].isdigit() or cell[:1] in "≥≤≧≦<>=＞＜＝±" or _operator(cell) or cell in layout().value_words


def _operator(cell: str) -> bool:
    """An operator or direction cell (≥, 定性, 正向 …)."""
    return read_operator(cell) != (None, None)


def _parent(level2_heading: str) -> str | None:
    from auditor.values.headings import heading_category

    h = heading_category(level2_heading, 2)
    return h.parent if h.known else None


_EDGE_PIPES = re.compile(r"^[\s|]+|[\s|]+$")


_COLUMN_WORDS = ("一级指标", "二级指标", "三级指标", "指标值", "指标名称", "绩效指标")


def header_hint(lines: Sequence[str]) -> tuple[int, str] | None:
    """(line, what) for a page that names the indicator columns but whose table could not be read."""
    for k, line in enumerate(lines):
        hits = [w for w in _COLUMN_WORDS if w in line]
        if len(hits) >= 2:
            return k + 1, (f"此行有指标表的列名（{'、'.join(hits)}），但表格的单元格连成一行或次序打乱，"
                           "无法分列读取；请提供原表（Excel/PDF/Word）或按列整理成表格")
    return None


def _cell_text(line: str) -> str:
    """A one-cell line's text (``数量指标 |`` -> ``数量指标``; ``3500 | |`` -> ``3500``; ``| |||`` -> blank)."""
    return _EDGE_PIPES.sub("", line)


def _stream(lines: Sequence[str]) -> list[tuple[int, str]]:
    """(line index, cell) of every non-blank one-cell line; a heading split over two lines
    (``经济效益`` / ``指标``) is joined."""
    from auditor.values.headings import heading_category
    from auditor.values.headings import vocabulary as heading_vocabulary

    suffixes = heading_vocabulary().suffixes
    out: list[tuple[int, str]] = []
    for k, line in enumerate(lines):
        cell = _cell_text(line)
        if not cell:
            continue
        if out and cell in suffixes and heading_category(out[-1][1] + cell, 1).known:
            out[-1] = (out[-1][0], out[-1][1] + cell)
            continue
        out.append((k, cell))
    return out


def cell_stream_document(lines: Sequence[str], file: str, name: str) -> Document | None:
    """The indicator forms of a page flattened one cell per line, or None when it holds none."""
    from auditor.ingest.grid import _form_field

    cells = _stream(lines)
    out: list[list[str]] = [[] for _ in lines]
    found = False
    i = 0
    while i < len(cells):
        # a column header: consecutive cells naming level 1/2, level 3 and a value column
        j = i
        while j < len(cells) and _heading(cells[j][1]) is None and j - i < 12:
            j += 1
        run = [c for _, c in cells[i:j]]
        mapping = header_columns(run) if run and column_name(run[0]) in ("level1", "level2") else None
        if mapping is None:
            k, cell = cells[i]
            if _form_field(cell) and i + 1 < len(cells) and not _form_field(cells[i + 1][1]):
                out[k] = [cell, cells[i + 1][1]]  # 项目名称 / 小学教育公用经费 -> one field row
            i += 1
            continue
        found = True
        header = [mapping.get(k) for k in range(len(run))]
        out[cells[i][0]] = [c or f"-{k}" for k, c in enumerate(header)]
        level3_at = header.index("level3")
        after = header[level3_at + 1:]
        cur1 = cur2 = ""
        while j < len(cells):
            k, cell = cells[j]
            if (header_columns([c for _, c in cells[j:j + len(run)]]) is not None or _ends([cell])
                    or "|" in cell):  # a line of several cells: the one-cell stream has ended
                out[k] = [vocabulary().table_end_words[0]]
                break
            nxt = cells[j + 1][1] if j + 1 < len(cells) else ""
            h = _heading(cell, cur1)
            if h is not None and not nxt:
                break  # the page stops after a heading
            nxt2 = cells[j + 2][1] if j + 2 < len(cells) else ""
            if h is not None and (not _value_like(nxt) or (_value_like(nxt2) and not _operator(nxt))):
                cur1, cur2 = _step(h, cell, cur1, cur2)
                j += 1
                continue
            record = _record_under(header, cur1, cur2)
            record[level3_at] = cell
            j += 1
            for pos, column in enumerate(after):
                if j >= len(cells):
                    break
                value = cells[j][1]
                if "|" in value or _ends([value]):
                    break
                if _heading(value, cur1) is not None and not (pos == 0 and column in _TARGETS):
                    break
                following = cells[j + 1][1] if j + 1 < len(cells) else ""
                if column not in _TARGETS and not _fits(column, value):
                    continue
                if column not in _TARGETS and column not in ("unit", "operator", "direction") and _value_like(following):
                    break  # a note column left blank: this cell names the next row
                record[level3_at + 1 + pos] = value
                j += 1
            targets = [level3_at + 1 + p for p, c in enumerate(after) if c in _TARGETS]
            if any(record[t] for t in targets):  # one cell per line: a name without a value is no row
                out[k] = record
        i = j
    if not found:
        return None
    return _checked(out, file, name)
