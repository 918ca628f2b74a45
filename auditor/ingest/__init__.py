"""Bytes → :class:`~auditor.model.Document` for every input users have.

* :func:`read_document` reads one file by its content (magic bytes), not only its extension:
  text (UTF-8 ± BOM, GB18030/GBK, UTF-16), PDF (pdfplumber), XLSX in the form layout, DOCX
  (python-docx) and HTML pages (lxml) with their tables,
  XLSX/CSV/TSV in the tidy layout of schema.md. Every format is turned into the seed's row
  layout (lines of TAB-joined cells) and handed to :func:`auditor.parse.parse_lines`, or, for a
  tidy table, to :func:`auditor.tidy.frame_to_forms`.
* :func:`iter_documents` walks files and folders (sorted) and yields a ``Document`` or an
  :class:`~auditor.errors.InputError` per file: one bad file never stops the rest.

Heavy libraries (pdfplumber, openpyxl, pandas) are imported inside the readers only.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError
from auditor.ingest.limits import (
    Deadline,
    Limits,
    brief,
    check_size,
    check_zip,
    load_limits,
    run_isolated,
    time_limit,
)
from auditor.ingest.sniff import sniff_file
from auditor.safety import display_path, report_outputs

if TYPE_CHECKING:
    from auditor.model import Document

__all__ = ["InputError", "input_files", "iter_documents", "read_document", "read_text", "source_name", "unique_names"]

_UNSUPPORTED = {
    "ods": "OpenDocument 文件（.ods/.odt）暂不支持，请另存为 .xlsx 或 PDF",
    "zip": "压缩包（zip）不支持，请先解压",
    "ole": "旧版 Office 格式（.xls/.doc）不支持，请另存为 .xlsx 或 PDF",
    "image": "图片文件不支持（需要文字识别），请提供 PDF、Excel 或文本",
    "archive": "压缩包不支持，请先解压",
}


def source_name(path: str | Path) -> str:
    """The document name used in form ids: the file stem, lower-cased (undecodable bytes and
    control characters escaped, see :func:`auditor.safety.display_path`)."""
    return display_path(Path(path).stem).lower()


def read_document(path: str | Path, limits: Limits | None = None) -> Document:
    """Read one input file into a :class:`Document`; raise :class:`InputError` when it cannot."""
    path = Path(path)
    file = display_path(path)
    limits = limits or load_limits()
    if not path.exists():
        raise InputError(file, "文件不存在")
    if path.is_dir():
        raise InputError(file, "这是文件夹，不是文件（请用 iter_documents 或在命令行直接给文件夹）")
    if not path.is_file():
        raise InputError(file, "不是普通文件（设备、管道或套接字），不读取")
    try:
        size = check_size(path, limits)
        kind = sniff_file(path)
    except PermissionError:
        raise InputError(file, "没有读取权限") from None
    except OSError as exc:
        raise InputError(file, f"无法读取: {exc.strerror or exc}") from None
    if kind == "empty" or size == 0:
        raise InputError(file, "空文件（0 字节）")
    if kind in _UNSUPPORTED:
        if kind in ("ods", "zip"):
            check_zip(path, limits, "文件")
        raise InputError(file, _UNSUPPORTED[kind])
    if kind in ("pdf", "xlsx", "docx"):  # parsed in a child process that the time limit can stop
        if kind == "docx":
            check_zip(path, limits, "文件")
        if kind == "xlsx":
            check_zip(path, limits)
            from auditor.ingest.xlsx_form import check_dimensions

            check_dimensions(path, limits)
        return run_isolated(_read_binary, (kind, path, limits), limits.file_seconds, file)
    with time_limit(limits.file_seconds, file):
        if size > limits.max_text_bytes:
            raise InputError(file, f"文本文件过大（{size} 字节），超过上限 {limits.max_text_bytes} 字节")
        return read_text(path.read_bytes(), file, source_name(path), csv_hint=kind == "csv")


def _read_binary(kind: str, path: Path, limits: Limits) -> Document:
    deadline = Deadline(limits.file_seconds)
    if kind == "pdf":
        from auditor.ingest.pdf import read_pdf

        return read_pdf(path, limits, deadline)
    if kind == "docx":
        from auditor.ingest.docx import read_docx

        return read_docx(path, limits, deadline)
    from auditor.ingest import xlsx_form

    return xlsx_form.read_xlsx(path, limits, deadline)


def read_text(data: bytes, file: str, name: str, csv_hint: bool = False) -> Document:
    """Decode, normalise and parse a text input: published text, a tidy CSV/TSV, or a form in
    CSV (``csv_hint``: the suffix says .csv/.tsv; cells are split before normalising)."""
    from auditor.ingest.encoding import decode_bytes

    decoded = decode_bytes(data, file)
    doc = _read_decoded(decoded, file, name, csv_hint)
    doc.warnings[:0] = decoded.warnings
    return doc


def _read_decoded(decoded, file: str, name: str, csv_hint: bool) -> Document:
    from auditor.ingest.normalize import normalize_text
    from auditor.ingest.tidy_read import find_header, looks_tidy_text, read_tidy_rows, split_delimited

    raw = decoded.text
    text = normalize_text(raw)
    if not text.strip():
        raise InputError(file, "文件只有空白，没有内容")
    if _looks_html(raw):  # an HTML page (by content, whatever the suffix): its tables are read
        from auditor.ingest.html import read_html_text

        return read_html_text(raw, file, name)
    if csv_hint or looks_tidy_text(raw):
        rows = split_delimited(raw, file)
        min_hits = 4 if csv_hint else 6
        if find_header(rows, min_hits) is not None:
            doc = read_tidy_rows(rows, file, name, min_hits)
            doc.source_format = "csv"
            return doc
        if csv_hint:  # a form laid out in a CSV export of its sheet
            from auditor.parse import parse_lines

            doc = parse_lines(["\t".join(row) for row in rows], file=file, name=name)
            doc.source_format = "csv (form)"
            require_forms(doc, file)
            return doc
    from auditor.ingest.grid import grid_document
    from auditor.parse import parse_text

    grid = grid_document(text.split("\n"), file, name, "text (grid)")  # an indicator table with a header
    if grid is not None:
        require_forms(grid, file)
        return grid
    from auditor.ingest.loose import (
        Unrecoverable,
        cell_stream_document,
        header_hint,
        pipe_document,
        space_document,
    )

    lines = text.split("\n")
    refused: Unrecoverable | None = None
    if "\t" not in text:  # no cells apart: an HTML table flattened to "a | b |" rows or one cell per line
        for reader in (pipe_document, cell_stream_document, space_document):
            try:
                flattened = reader(lines, file, name)
            except Unrecoverable as exc:
                refused = refused or exc
                continue
            if flattened is not None:
                require_forms(flattened, file)
                return flattened
    if refused is not None:  # the text layout needs TAB-separated cells: it would read whole lines as names
        raise InputError(file, refused.what, refused.line or None)
    doc = parse_text(text, file=file, name=name)
    doc.source_format = "text" if decoded.encoding.startswith("utf-8") else f"text ({decoded.encoding})"
    nothing = doc.headers_found == 0 and doc.budget_table is None and not doc.forms
    if nothing and "\t" not in text and (hint := header_hint(lines)) is not None:
        raise InputError(file, hint[1], hint[0])
    if _looks_html(text) and doc.headers_found == 0 and doc.budget_table is None:
        raise InputError(
            file, "这是网页（HTML）文件，未找到绩效目标表（可能是下载失败时保存的网页；HTML 表格暂不支持）"
        )
    require_forms(doc, file)
    return doc


def _looks_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return head.startswith(("<!doctype html", "<html", "<?xml")) or "<html" in head[:500]


def require_forms(doc: Document, file: str) -> None:
    """Refuse a document in which no form header and no budget table was found."""
    if doc.headers_found == 0 and not doc.forms and doc.budget_table is None:
        raise InputError(file, "未找到绩效目标表（没有“项目支出绩效目标表”等表头，也没有项目支出预算表）")


def _walk(path: Path, errors: list[InputError] | None = None) -> list[Path]:
    """Files under *path*, sorted, skipping hidden files and folders and the tool's own outputs
    (listed by :func:`auditor.safety.mark_report_folder`). Linked folders are followed,
    each real folder once (a link back up is a loop); a folder that cannot be listed is added
    to *errors*."""
    out: list[Path] = []
    seen: set[tuple[int, int]] = set()
    errors = [] if errors is None else errors

    def unreadable(exc: OSError) -> None:
        where = display_path(exc.filename if exc.filename is not None else path)
        reason = "没有读取权限" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        errors.append(InputError(where, f"文件夹无法读取（{reason}），其中的文件未审核"))

    for root, dirs, files in os.walk(path, onerror=unreadable, followlinks=True):
        try:
            st = os.stat(root)
        except OSError as exc:
            unreadable(exc)
            dirs[:] = []
            continue
        if (st.st_dev, st.st_ino) in seen:  # reached again through a link: already read
            dirs[:] = []
            continue
        seen.add((st.st_dev, st.st_ino))
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        own = report_outputs(root)  # the tool's own outputs are never inputs
        out.extend(Path(root) / f for f in sorted(files) if not f.startswith(".") and f not in own)  # FIFOs too
    return sorted(out, key=lambda p: [part for part in p.relative_to(path).parts])


def input_files(paths: Iterable[str | Path]) -> list[Path]:
    """The files a run over *paths* reads (folders walked as :func:`iter_documents` does)."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        out.extend(_walk(path, []) if path.is_dir() else [path])
    return out


def iter_documents(
    paths: Iterable[str | Path], limits: Limits | None = None
) -> Iterator[Document | InputError]:
    """Yield a ``Document`` or an ``InputError`` for each file (folders walked, sorted).

    A file that cannot be read yields its ``InputError``; unexpected failures of a reader are
    wrapped into an ``InputError`` too, so that the other files are still read.
    """
    names = _Names()
    for given in paths:
        path = Path(given)
        walk_errors: list[InputError] = []
        if path.is_dir():
            files = _walk(path, walk_errors)
            if not files and not walk_errors:
                yield InputError(display_path(path), "文件夹中没有文件")
        else:
            files = [path]
        for file in files:
            item = _read_safely(file, limits)
            if not isinstance(item, InputError):
                names.claim(item)
            yield item
        yield from walk_errors


class _Names:
    """Hands out distinct document names: a repeated file stem becomes ``stem-2``, ``stem-3`` …"""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken: set[str] = set(taken)

    def claim(self, doc: Document) -> None:
        if doc.name not in self.taken:
            self.taken.add(doc.name)
            return
        count = 2
        while f"{doc.name}-{count}" in self.taken:
            count += 1
        new = f"{doc.name}-{count}"
        self.taken.add(new)
        prefix = f"{doc.name}#"
        for form in doc.forms:
            if form.form_id.startswith(prefix):
                form.form_id = f"{new}#{form.form_id[len(prefix):]}"
        doc.name = new


def unique_names(documents: Iterable[Document]) -> None:
    """Give documents with the same name (same file stem in two folders) distinct names and form
    ids (``xiaoyi-2025`` and ``xiaoyi-2025-2``), so that their findings and scores do not mix."""
    names = _Names()
    for doc in documents:
        names.claim(doc)


def _read_safely(path: Path, limits: Limits | None) -> Document | InputError:
    try:
        return read_document(path, limits)
    except InputError as exc:
        return exc
    except (RecursionError, MemoryError) as exc:
        return InputError(display_path(path), f"文件结构异常，无法读取（{type(exc).__name__}）")
    except Exception as exc:  # a reader bug must not stop the other files
        return InputError(display_path(path), f"读取失败（{brief(exc, 200)}）")
