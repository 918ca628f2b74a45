"""Indicator tables printed as a grid with a column header (一级指标 | 二级指标 | 三级指标 | 指标性质
| 指标值 | 计量单位 | 分值 …), as budget-management systems print annual-only forms and
self-evaluation forms, in any format that gives rows of cells (XLSX, PDF, DOCX, HTML).

:func:`read_grid` finds each header row (``rules/columns.yaml``: ``三级指标`` once, a value column,
``一级指标`` or ``二级指标``), reads the label cells above it as the form's fields (项目名称 | X,
主管部门 | Y, 年度资金总额(万元) | Z, a 自评表 title), the rows below it as indicators (merged heading
cells carried down) until a footer row or the next form, and hands the records to the tidy reader
(:func:`auditor.tidy.frame_to_forms`), so a value is read with its operator and unit columns.
The seed's two-half layout repeats ``三级指标`` and is left to the form parser.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import repeat
from typing import TYPE_CHECKING, Any

from auditor.ingest.columns import column_name, money_factor, vocabulary

if TYPE_CHECKING:
    from auditor.model import Document

_VALUE_COLUMNS = ("annual_value", "period_value")
_LABEL_SPLIT = re.compile(r"^([^:：]{2,20})[:：]\s*(.+)$")


def _cells(row: Sequence[object]) -> list[str]:
    return [str(c).strip() if c is not None else "" for c in row]


def header_columns(row: Sequence[object]) -> dict[int, str] | None:
    """Column index -> tidy column name when the row is an indicator-table header, else None."""
    if len(row) < 3:  # a name, a value and a heading column: three cells at least
        return None
    names = _names(row)
    if names.count("level3") != 1:  # most rows: no header cell at all
        return None
    mapping: dict[int, str] = {}
    seen: list[str] = []
    for i, name in enumerate(names):
        if name is None:
            continue
        seen.append(name)
        if name not in mapping.values():
            mapping[i] = name
    if not any(v in seen for v in _VALUE_COLUMNS):
        return None
    if sum(seen.count(v) for v in _VALUE_COLUMNS) > 1 and "actual" not in seen:
        return None  # two value columns without a self-evaluation layout: the two-half form
    if "level1" not in seen and "level2" not in seen:
        return None
    return mapping


_UNSEEN = "\0"  # never a column name
_NAMES: dict[str, str | None] = {}  # a cell as given -> its column (every row of a text is tried as a header)


def _names(row: Sequence[object]) -> list[str | None]:
    """The column each cell of ``row`` names (None for most cells): :func:`column_name` of the
    stripped cell, remembered per cell text (looked up in C: most rows are seen once)."""
    names = list(map(_NAMES.get, row, repeat(_UNSEEN)))  # type: ignore[arg-type]
    if _UNSEEN in names:
        for k, cell in enumerate(row):
            if names[k] != _UNSEEN:
                continue
            if isinstance(cell, str):
                if len(_NAMES) >= 1 << 16:
                    _NAMES.clear()
                names[k] = _NAMES[cell] = column_name(cell.strip())
            else:
                names[k] = None if cell is None else column_name(str(cell).strip())
    return names


def _form_field(cell: str) -> str | None:
    name = column_name(cell)
    return name if name in vocabulary().form_fields else None


def _fields(rows: Sequence[Sequence[object]]) -> tuple[dict[str, Any], bool, bool]:
    """Form fields from the label cells above a header; (fields, self-evaluation, unit form)."""
    vocab = vocabulary()
    fields: dict[str, Any] = {}
    selfeval = unit = False
    for row in rows:
        cells = _cells(row)
        filled = [c for c in cells if c]
        if len(filled) == 1 and len(filled[0]) <= 60:
            from auditor.values.simplify import to_simplified

            title = to_simplified(filled[0])
            selfeval = selfeval or any(w in title for w in vocab.self_evaluation_titles)
            unit = unit or any(w in title for w in vocab.unit_titles)
        for i, cell in enumerate(cells):
            if not cell:
                continue
            name, value, label = _form_field(cell), "", cell
            if name is None:
                match = _LABEL_SPLIT.match(cell)
                if match and (name := _form_field(match.group(1))):
                    value, label = match.group(2).strip(), match.group(1)
            elif (rest := next((c for c in cells[i + 1:] if c), "")) and _form_field(rest) is None:
                value = rest
            if name and value and name not in fields:
                if name in ("annual_total", "period_total"):
                    number = _money(value)
                    if number is None:
                        continue
                    factor = money_factor(label) if money_factor(label) != 1 else money_factor(f"({value[-2:]})")
                    fields[name] = round(number * factor, 2)
                else:
                    fields[name] = value
    return fields, selfeval, unit


def _money(text: str) -> float | None:
    cleaned = re.sub(r"[,，\s元]", "", text)
    match = re.match(r"^-?\d+(?:\.\d+)?", cleaned)
    return float(match.group(0)) if match else None


def _ends_table(cells: list[str]) -> bool:
    first = next((c for c in cells if c), "")
    return any(first.startswith(w) for w in vocabulary().table_end_words)


def grid_document(
    lines: Sequence[str], file: str, name: str, source_format: str, locations: list[str] | None = None
) -> Document | None:
    """:func:`read_grid` on TAB-joined lines (the row layout every reader produces), with the
    document's format and line locations set; None when the lines hold no indicator grid."""
    doc = read_grid([line.split("\t") for line in lines], file, name)
    if doc is None:
        return None
    doc.source_format = source_format
    if locations is not None:
        doc.locations = list(locations)
    return doc


def read_grid(rows: Sequence[Sequence[object]], file: str, name: str) -> Document | None:
    """The forms of every indicator-table grid in ``rows`` (line ``i+1`` is ``rows[i]``), or None."""
    records: list[dict[str, Any]] = []
    forms = 0
    start = 0
    i = 0
    while i < len(rows):
        mapping = header_columns(rows[i])
        if mapping is None:
            i += 1
            continue
        fields, selfeval, unit = _fields(rows[start:i])
        forms += 1
        if unit and not fields.get("project_name") and fields.get("department"):
            fields["project_name"] = fields["department"]  # a unit-wide form is named by its unit
        base = {
            "form_id": f"{name}#{forms}", "kind": "unit" if unit else "project",
            "self_evaluation": "是" if selfeval else "", **fields,
        }
        carried = {"level1": "", "level2": ""}
        j = i + 1
        while j < len(rows):
            cells = _cells(rows[j])
            if header_columns(cells) is not None:
                if any(_form_field(c) for c in cells):
                    break
                j += 1  # the header repeated on a new page
                continue
            first = next((c for c in cells if c), "")
            first_col = next((k for k, c in enumerate(cells) if c), -1)
            if _ends_table(cells) or (_form_field(first) and mapping.get(first_col) not in ("level3",)):
                break
            record = {col: cells[k] if k < len(cells) else "" for k, col in mapping.items()}
            own = any(record.get(c) for c in ("level1", "level2", "level3", *_VALUE_COLUMNS))
            for level in ("level1", "level2"):
                if record.get(level):
                    if level == "level1" and record[level] != carried["level1"]:
                        carried["level2"] = ""
                    carried[level] = record[level]
                else:
                    record[level] = carried[level]
            if own:
                records.append({**base, **record, "line": j + 1})
            j += 1
        if not any(r["form_id"] == base["form_id"] for r in records):
            records.append({**base, "line": i + 1})  # a header with no rows: a form without indicators
        start = i = j
    if not records:
        return None
    import pandas as pd  # only when a grid was found: importing pandas costs half a second

    from auditor.ingest.tidy_read import frame_document

    frame = pd.DataFrame(records, dtype=object).fillna("")
    for col in ("annual_total", "period_total"):
        if col in frame.columns:
            frame[col] = [v if isinstance(v, float) else None for v in frame[col]]
    doc = frame_document(frame, file, name)
    doc.headers_found = forms
    return doc
