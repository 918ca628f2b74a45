"""One text normaliser used by every reader and by the parser on each line.

What it does (and nothing more, so that it stays fast and safe for values):

* full-width ASCII (U+FF01..U+FF5E: ``０-９ Ａ-Ｚ ａ-ｚ （ ） ： ， ％ ＜ ＝ ＞`` ...) → the ASCII character;
* ideographic space (U+3000), NBSP and the other Unicode space characters → one ASCII space;
* zero-width characters and stray BOMs are removed;
* ``\\r\\n`` and lone ``\\r`` become ``\\n`` (:func:`normalize_text`).

It does **not** touch TAB (the cell separator), ``≥ ≤ ± × ÷``, ``、 。 “ ” 《 》`` or any CJK character.
"""

from __future__ import annotations

import re

_TABLE: dict[int, int | str | None] = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
for _cp in (0x00A0, 0x1680, 0x202F, 0x205F, 0x3000, *range(0x2000, 0x200B)):
    _TABLE[_cp] = " "
for _cp in (0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD):
    _TABLE[_cp] = None
# vertical tab / form feed / other line separators inside a line: spaces
for _cp in (0x0B, 0x0C, 0x85, 0x2028, 0x2029):
    _TABLE[_cp] = " "

_NEWLINES = re.compile(r"\r\n?")


def normalize_line(line: str) -> str:
    """Normalise one line (no newline inside): width, spaces, invisible characters. TABs are kept."""
    return line.translate(_TABLE)


def normalize_text(text: str) -> str:
    """Normalise a whole text: newlines to ``\\n``, then :func:`normalize_line` on everything."""
    if "\r" in text:
        text = _NEWLINES.sub("\n", text)
    return text.translate(_TABLE)


def normalize_cell(value: str) -> str:
    """A table cell (PDF/XLSX): normalised, inner newlines joined, TABs as spaces, trimmed.

    Wrapped CJK text is joined without a space; a wrap between two ASCII letters/digits keeps
    one space (the renderer broke the line at a space there).
    """
    value = normalize_text(value).replace("\t", " ")
    if "\n" in value:
        parts = [p.strip() for p in value.split("\n")]
        out = parts[0]
        for part in parts[1:]:
            if not part:
                continue
            if out and _is_ascii_word(out[-1]) and _is_ascii_word(part[0]):
                out += " " + part
            else:
                out += part
        value = out
    return value.strip()


def _is_ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()
