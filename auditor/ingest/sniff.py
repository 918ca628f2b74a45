"""Content-type detection by magic bytes (the extension is only a tie-breaker).

Kinds: ``pdf``, ``xlsx`` (OOXML workbook), ``docx``, ``zip`` (other zip), ``xls`` (old OLE2
Excel/Word), ``csv`` (delimited text with a tidy-table header), ``text``, ``empty``, ``binary``.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from typing import Literal

Kind = Literal[
    "pdf", "xlsx", "docx", "ods", "zip", "ole", "csv", "text", "empty", "binary", "image", "archive"
]

_MAGIC: tuple[tuple[bytes, Kind], ...] = (
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x89PNG", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF8", "image"),
    (b"\x1f\x8b", "archive"),
    (b"Rar!", "archive"),
    (b"7z\xbc\xaf", "archive"),
    (b"BZh", "archive"),
)


def sniff_bytes(head: bytes, path: Path | None = None) -> Kind:
    """Classify a file by its first bytes (``head`` should hold at least 8 KiB when available)."""
    if not head:
        return "empty"
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return _zip_kind(path)
    for magic, kind in _MAGIC:
        if head.startswith(magic):
            return kind
    return "text"  # text vs binary is decided when decoding (encoding.decode_bytes)


def _zip_kind(path: Path | None) -> Kind:
    if path is None:
        return "zip"
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return "zip"  # a damaged zip: the xlsx reader reports it
    if "xl/workbook.xml" in names or any(n.startswith("xl/") for n in names):
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    if "content.xml" in names and "mimetype" in names:
        return "ods"  # OpenDocument (LibreOffice/WPS native formats)
    return "zip"


def sniff_file(path: Path) -> Kind:
    """Read the head of *path* and classify it; a text file is ``csv`` when its suffix says so."""
    with open(path, "rb") as fh:
        head = fh.read(8192)
    kind = sniff_bytes(head, path)
    if kind == "text" and path.suffix.lower() in (".csv", ".tsv"):
        return "csv"
    return kind
