"""Read the tidy indicator table of schema.md (CSV/TSV text or an XLSX sheet) into a DataFrame.

Columns are found by header name (the header row may sit below title rows; columns may come in
any order; extra columns are kept). Money columns become numbers, ``line`` an integer; text
columns keep the value as written. Excel cells are read as values: numbers as numbers, a
percentage-formatted number as ``95%``, a date as ``2025-12-31``.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import InputError
from auditor.safety import display_path, unescape_cell

if TYPE_CHECKING:
    import pandas as pd

    from auditor.model import Document

from auditor.tidy import REQUIRED_COLUMNS as TIDY_COLUMNS

NUMERIC_COLUMNS: tuple[str, ...] = ("period_total", "annual_total")
_HEADER_ROWS = 30
_NUMBER_JUNK = re.compile(r"[,\s元]")


def _key(cell: object) -> str:
    return str(cell).strip().lower().replace(" ", "_") if cell is not None else ""


def header_hits(cells: Sequence[object]) -> int:
    """How many required tidy columns a row names (schema names, or the Chinese headers of
    ``rules/columns.yaml``: 一级指标, 三级指标, 指标值, 项目名称 …)."""
    from auditor.ingest.columns import column_name

    keys = {_key(c) for c in cells}
    mapped = [column_name(c) for c in cells if c not in (None, "")]
    if mapped.count("level3") <= 1:  # the two-half form layout repeats 三级指标: not a table header
        keys |= {m for m in mapped if m}
    return sum(1 for name in TIDY_COLUMNS if name in keys)


def find_header(rows: Sequence[Sequence[object]], min_hits: int = 6) -> int | None:
    """Index of the first row (among the first 30) that looks like the tidy header."""
    for i, row in enumerate(rows[:_HEADER_ROWS]):
        if header_hits(row) >= min_hits:
            return i
    return None


def _sniff_delimiter(sample: str) -> str:
    """The delimiter of a CSV/TSV text: the one that splits a tidy header best, else the commonest."""
    lines = [ln for ln in sample.splitlines()[:50] if ln.strip()]
    best, best_hits = ",", 0
    for delim in ("\t", ",", ";", "|"):
        hits = max((header_hits(ln.split(delim)) for ln in lines[:_HEADER_ROWS]), default=0)
        if hits > best_hits:
            best, best_hits = delim, hits
    if best_hits:
        return best
    counts = {d: sum(ln.count(d) for ln in lines) for d in ("\t", ",", ";")}
    return max(counts, key=lambda d: counts[d]) if any(counts.values()) else ","


def split_delimited(text: str, file: str) -> list[list[str]]:
    """Rows of a CSV/TSV text (decoded, not yet normalised), each cell normalised on its own.

    Splitting first matters: a full-width comma inside an unquoted cell is text, not a delimiter.
    """
    from auditor.ingest.normalize import normalize_cell

    delim = _sniff_delimiter(text[:20000])
    out = Rows()
    lines = io.StringIO(text).readlines()  # split at "\n" only, as the csv reader counts
    first = 0  # index into lines where parsing (re)starts
    while True:
        reader = csv.reader(io.StringIO("".join(lines[first:])), delimiter=delim)
        broken = None
        try:
            for row in reader:
                end = first + reader.line_num  # 1-based line the row ends on
                start = end - _physical_lines(row) + 1
                if "".join(lines[start - 1 : end]).count('"') % 2:  # a quote opened, never closed
                    broken = start
                    break
                out.append([normalize_cell(c) for c in row])
                out.lines.append(start)
        except csv.Error as exc:
            raise InputError(file, f"CSV 格式错误: {' '.join(str(exc).split())}", first + reader.line_num) from None
        if broken is None:
            return out
        out.warnings.append(f"{file}:{broken}: 这一行的引号（\"）没有闭合，该行未读取（其后各行照常读取），请核对")
        first = broken  # go on from the next line


class Rows(list):
    """Rows of a delimited text with the line each starts on and the warnings of reading it."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: list[int] = []
        self.warnings: list[str] = []


def _physical_lines(row: list[str]) -> int:
    return 1 + sum(cell.count("\n") for cell in row)


def _ragged(rows: Sequence[Sequence[object]], header: int, file: str) -> list[str]:
    """Warnings for data rows whose cell count differs from the header's (a lost or extra delimiter)."""
    lines = getattr(rows, "lines", None) or list(range(1, len(rows) + 1))
    width = len(rows[header])
    out = []
    for i in range(header + 1, len(rows)):
        row = rows[i]
        filled = len(row)
        while filled and not str(row[filled - 1]).strip():
            filled -= 1
        if filled and (len(row) < width or filled > width):
            out.append(f"{file}:{lines[i]}: 这一行有 {len(row)} 列，表头有 {width} 列（分隔符缺失或多出），已按位置读取，请核对")
    return out


def looks_tidy_text(text: str, min_hits: int = 6) -> bool:
    """True when one of the first lines of *text* is a tidy-table header."""
    head = "\n".join(text[:20000].splitlines()[:_HEADER_ROWS])
    delim = _sniff_delimiter(head)
    return any(header_hits(ln.split(delim)) >= min_hits for ln in head.splitlines())


def _number(value: object) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, int | float):
        return float(value)
    text = _NUMBER_JUNK.sub("", str(value))
    if not text:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _as_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return format_number(value)
    return unescape_cell(str(value).strip())  # our own csv/xlsx read back: '=x → =x


def rows_to_frame(
    rows: Sequence[Sequence[object]], file: str, header: int, first_line: int = 1
) -> pd.DataFrame:
    """Build the DataFrame from raw rows and the header index; check the required columns."""
    import pandas as pd

    from auditor.ingest.columns import column_name, money_factor

    head = [str(c).strip() if c is not None else "" for c in rows[header]]
    names: list[str] = []
    aliased = False  # a header in the words of a budget system (三级指标, 计量单位 …)
    for i, cell in enumerate(head):
        key = _key(cell)
        mapped = None if key in TIDY_COLUMNS else column_name(cell)
        aliased = aliased or (mapped is not None and mapped != key)
        name = key if key in TIDY_COLUMNS else (mapped or cell or f"column_{i + 1}")
        while name in names:
            name += "_"
        names.append(name)
    if aliased:  # only the indicator itself is required; form fields may be absent
        missing = [c for c in ("level3",) if c not in names]
        if "annual_value" not in names and "period_value" not in names:
            missing.append("annual_value")
    else:
        missing = [c for c in TIDY_COLUMNS if c not in names and c not in ("line", "form_id")]
    if missing:
        raise InputError(file, f"指标明细表缺少列: {', '.join(missing)}", first_line + header)
    body = []
    for row in rows[header + 1 :]:
        cells = list(row)[: len(names)]
        if not any(c not in (None, "") and str(c).strip() for c in cells):
            continue
        cells += [None] * (len(names) - len(cells))
        body.append(cells)
    frame = pd.DataFrame(body, columns=names, dtype=object)
    for col, label in zip(names, head, strict=True):
        if col in NUMERIC_COLUMNS:
            factor = money_factor(label)
            frame[col] = [n * factor if (n := _number(v)) is not None else None for v in frame[col]]
        elif col == "line":
            frame[col] = [int(n) if (n := _number(v)) is not None else None for v in frame[col]]
        else:
            frame[col] = [_as_text(v) for v in frame[col]]
    if aliased:
        carry_headings(frame)
    return frame


def carry_headings(frame: pd.DataFrame) -> None:
    """Fill blank level-1/level-2 cells from the row above, within one project: a merged heading
    cell of a budget-system export is blank below its first row."""
    if "level3" not in frame.columns:
        return
    project = frame["project_name"] if "project_name" in frame.columns else [""] * len(frame)
    for col in ("level1", "level2"):
        if col not in frame.columns:
            continue
        values = list(frame[col])
        for i in range(1, len(values)):
            if not values[i] and project[i] == project[i - 1]:
                values[i] = values[i - 1]
        frame[col] = values


def frame_document(frame: pd.DataFrame, file: str, name: str) -> Document:
    """Hand a tidy frame to the lead's reader and wrap the forms into a Document."""
    from auditor.model import Document
    from auditor.tidy import frame_to_forms

    forms = frame_to_forms(frame, file, name)
    return Document(path=file, name=name, forms=forms, headers_found=len(forms), source_format="tidy")


def read_tidy_rows(rows: list[list[str]], file: str, name: str, min_hits: int = 6) -> Document:
    """Read the split rows of a tidy CSV/TSV."""
    header = find_header(rows, min_hits)
    if header is None:
        raise InputError(file, "未找到指标明细表的表头（form_id, level1, level2, level3, ...）")
    frame = rows_to_frame(rows, file, header)
    if frame.empty:
        raise InputError(file, "指标明细表只有表头，没有数据行", header + 1)
    doc = frame_document(frame, file, name)
    doc.warnings[:0] = [*getattr(rows, "warnings", []), *_ragged(rows, header, file)]
    return doc


def cell_value(cell: Any) -> object:
    """An openpyxl cell as a plain value: numbers stay numbers; percent → '95%'; dates → ISO."""
    import datetime as dt

    value = cell.value
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int | float):
        fmt = getattr(cell, "number_format", "General") or "General"
        if "%" in fmt:
            return format_number(value * 100) + "%"
        return value
    return value


def format_number(value: float) -> str:
    """A number as text without a spurious ``.0`` or float noise (``1.0`` → ``1``)."""
    if isinstance(value, int) or float(value).is_integer():
        return str(int(value))
    return f"{value:.10f}".rstrip("0").rstrip(".")


def read_tidy_frame(path: str | Path) -> pd.DataFrame:
    """The tidy table of a CSV/TSV/XLSX file as a DataFrame (header found by name, extras kept)."""
    from auditor.ingest.encoding import decode_bytes
    from auditor.ingest.sniff import sniff_file

    path = Path(path)
    file = display_path(path)
    if sniff_file(path) == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(path, data_only=True, read_only=True)
        try:
            for ws in wb.worksheets:
                rows: Sequence[Sequence[object]] = [[cell_value(c) for c in row] for row in ws.iter_rows()]
                header = find_header(rows)
                if header is not None:
                    return rows_to_frame(rows, file, header)
        finally:
            wb.close()
        raise InputError(file, "未找到指标明细表的表头（form_id, level1, level2, level3, ...）")
    rows = split_delimited(decode_bytes(path.read_bytes(), file).text, file)
    header = find_header(rows)
    if header is None:
        raise InputError(file, "未找到指标明细表的表头（form_id, level1, level2, level3, ...）")
    return rows_to_frame(rows, file, header)
