"""Large sheets of an xlsx written as streamed XML rows, inside a workbook openpyxl made.

openpyxl (even write-only) spends ~50 µs per cell: 40 minutes for the 35 million cells of a
100,000-form 整改清单. Here openpyxl still builds the workbook (styles, column widths, frozen
header, filters, drop-downs, print setup, the header row), with the big sheets holding their header
row only; then the saved package is copied into the output and each big sheet's rows are written
into its ``<sheetData>`` as XML text, a few thousand rows at a time (memory stays flat)::

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("清单")  # settings and header row as usual, nrows known in advance
    sheet = RawSheet(ws, rows, styles=[wb_style_id, ...], height=lambda values: None)
    save_with_rows(wb, [sheet], fh)

Cells are inline strings (as openpyxl writes them) or numbers; text is written as UTF-8, not as
numeric character references, and characters XML cannot hold are dropped.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from openpyxl.utils import get_column_letter

__all__ = ["RawSheet", "save_with_rows", "style_id"]

CHUNK = 2_000  # rows per write
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SHEET_DATA_END = b"</sheetData>"
# the C0 controls XML cannot hold (all but TAB LF CR): single bytes in UTF-8, never inside a sequence
_C0 = bytes(c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D))
_NONCHARACTERS = (b"\xef\xbf\xbe", b"\xef\xbf\xbf")  # U+FFFE, U+FFFF


def _utf8(text: str) -> bytes:
    """``text`` as UTF-8 without the characters XML cannot hold (:data:`_ILLEGAL`), made at the
    byte level: lone surrogates cannot be encoded and are left out, then C0 controls and U+FFFE/F."""
    data = text.encode("utf-8", "ignore").translate(None, _C0)
    if b"\xef\xbf" in data:
        for seq in _NONCHARACTERS:
            data = data.replace(seq, b"")
    return data


@dataclass
class RawSheet:
    """A sheet of an openpyxl write-only workbook whose data rows (after its header row) are
    streamed: ``rows`` of cell values, ``styles`` the cell format index per column (None: default),
    ``value_styles`` per-value overrides of a column's format ({column: {value: index}}),
    ``height`` the row height."""

    ws: Any
    rows: Iterable[Sequence[Any]]
    styles: Sequence[int | None]
    value_styles: Mapping[int, Mapping[Any, int]] = field(default_factory=dict)
    height: Callable[[Sequence[Any]], float | None] | None = None
    first_row: int = 2


def style_id(wb, cell) -> int:
    """The workbook's format index of a (Write-only) cell's style, registered if new."""
    return wb._cell_styles.add(cell._style)


def _escape(text: str) -> str:
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


_SPACE = frozenset(" \t\n\r\u3000\xa0")


class _Column:
    """The fixed XML around a cell of one column with one format: the cell's text goes after
    ``open`` + row number + the tail of its type."""

    __slots__ = ("empty", "number", "open", "spaced", "string", "true_false")

    def __init__(self, letter: str, index: int | None) -> None:
        s = f'" s="{index}"' if index is not None else '"'
        self.open = f'<c r="{letter}'
        self.empty = s + "/>" if index is not None else ""  # an unstyled empty cell is left out
        self.string = s + ' t="inlineStr"><is><t>'
        self.spaced = s + ' t="inlineStr"><is><t xml:space="preserve">'
        self.number = s + ' t="n"><v>'
        self.true_false = s + ' t="b"><v>'


def _rows_xml(sheet: RawSheet) -> Iterable[str]:
    """The ``<row>`` elements of a sheet, joined in chunks of :data:`CHUNK` rows."""
    columns = [_Column(get_column_letter(i + 1), index) for i, index in enumerate(sheet.styles)]
    while len(columns) <= max(sheet.value_styles, default=-1):
        columns.append(_Column(get_column_letter(len(columns) + 1), None))
    # the column lists of the rows whose cell in a value-styled column has a style of its own
    # (one such column: picked once per row; more: cell by cell)
    special = {i: {value: _Column(get_column_letter(i + 1), index) for value, index in by_value.items()}
               for i, by_value in sheet.value_styles.items()}
    keyed = len(special) == 1
    key, variants = -1, {}
    if keyed:
        key, = special
        variants = {value: [*columns[:key], col, *columns[key + 1:]] for value, col in special[key].items()}
        special = {}
    height = sheet.height
    space = _SPACE
    out: list[str] = []
    n = sheet.first_row
    for values in sheet.rows:
        while len(columns) < len(values):  # a row longer than the styles given
            columns.append(_Column(get_column_letter(len(columns) + 1), None))
            for variant in variants.values() if keyed else ():
                variant.append(columns[-1])
        h = height(values) if height else None
        row = str(n)
        parts = [f'<row r="{row}" ht="{h}" customHeight="1">' if h else f'<row r="{row}">']
        cols = variants.get(values[key], columns) if keyed and len(values) > key else columns
        for i, value in enumerate(values):
            col = cols[i]
            if special and i in special:
                col = special[i].get(value, col)
            if value is None or value == "":
                if col.empty:
                    parts += (col.open, row, col.empty)
            elif value.__class__ is str:
                tail = col.spaced if value[0] in space or value[-1] in space else col.string
                if "&" in value or "<" in value or ">" in value or "\r" in value:
                    value = _escape(value)
                parts += (col.open, row, tail, value, "</t></is></c>")
            elif isinstance(value, bool):
                parts += (col.open, row, col.true_false, str(int(value)), "</v></c>")
            else:
                parts += (col.open, row, col.number, str(value), "</v></c>")
        parts.append("</row>")
        out.append("".join(parts))
        n += 1
        if len(out) >= CHUNK:
            yield "".join(out)
            out = []
    if out:
        yield "".join(out)


def save_with_rows(wb, sheets: Sequence[RawSheet], fh: IO[bytes], compresslevel: int = 1) -> None:
    """Save ``wb`` into ``fh`` with the rows of ``sheets`` streamed into their sheet XML.

    ``compresslevel`` 1: a large list compresses to ~1.3× the size of level 6 in a third of the time.
    """
    with tempfile.TemporaryFile() as template:
        wb.save(template)  # assigns each sheet its part name (ws.path)
        raw = {ws_part(s.ws): s for s in sheets}
        template.seek(0)
        with zipfile.ZipFile(template) as src, zipfile.ZipFile(
            fh, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=compresslevel
        ) as dst:
            for info in src.infolist():
                sheet = raw.get(info.filename)
                if sheet is None:
                    with src.open(info) as a, dst.open(info.filename, "w") as b:
                        shutil.copyfileobj(a, b)
                    continue
                data = src.read(info)
                if _SHEET_DATA_END not in data:  # no header row either: <sheetData/>
                    data = data.replace(b"<sheetData/>", b"<sheetData>" + _SHEET_DATA_END, 1)
                cut = data.index(_SHEET_DATA_END)
                with dst.open(info.filename, "w", force_zip64=True) as b:
                    b.write(data[:cut])
                    for chunk in _rows_xml(sheet):
                        b.write(_utf8(chunk))
                    b.write(data[cut:])


def ws_part(ws) -> str:
    """The zip part name of a saved worksheet (``xl/worksheets/sheet1.xml``)."""
    return ws.path.lstrip("/")
