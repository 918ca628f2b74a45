"""Bytes → str for text inputs: UTF-8 (with or without BOM), GB18030/GBK, UTF-16/32.

Order: a BOM decides; then strict UTF-8; then UTF-16 without BOM (NUL pattern); then GB18030
when it decodes strictly to plausible Chinese text; then charset-normalizer's best guess.
Binary data (NUL bytes, control characters) is refused with a clear message.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass

from auditor.errors import InputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_OK = frozenset("\t\n\r\f\v")


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str  # the codec used, e.g. "utf-8", "utf-8-sig", "gb18030", "utf-16-le"
    warnings: tuple[str, ...] = ()  # "file:line: …" for bytes replaced while decoding


def plausibility(text: str) -> float:
    """Share of characters that look like real text (printable, CJK, common punctuation)."""
    if not text:
        return 1.0
    sample = text[:20000]
    good = 0
    for ch in sample:
        cp = ord(ch)
        if (
            (0x20 <= cp < 0x7F)
            or ch in _CONTROL_OK
            or 0x4E00 <= cp <= 0x9FFF  # CJK unified ideographs
            or 0x3000 <= cp <= 0x303F  # CJK punctuation
            or 0xFF00 <= cp <= 0xFFEF  # full-width forms
            or 0x2010 <= cp <= 0x2312  # dashes, quotes, ≥ ≤, arrows, math
            or cp in (0x00A0, 0x00B7, 0x00D7, 0x00F7, 0x00B1, 0x00B0)
            or 0x2460 <= cp <= 0x24FF  # circled numbers ①
            or 0x3400 <= cp <= 0x4DBF
        ):
            good += 1
    return good / len(sample)


def _control_share(text: str) -> float:
    sample = text[:20000]
    if not sample:
        return 0.0
    bad = sum(1 for ch in sample if (ord(ch) < 0x20 and ch not in _CONTROL_OK) or ch == "\ufffd")
    return bad / len(sample)


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 LE or BE without a BOM: the byte order whose decoding reads as real text."""
    if len(data) < 4 or len(data) % 2:
        return None
    best, best_score = None, 0.95
    for enc in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        score = plausibility(text)
        if score > best_score:
            best, best_score = enc, score
    return best


def decode_bytes(data: bytes, file: str = "<bytes>") -> Decoded:
    """Decode *data*; raise :class:`InputError` when it is not text in a known encoding."""
    text: str | None
    for bom, enc in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom) :].decode(enc)
            except UnicodeDecodeError as exc:
                raise InputError(
                    file, f"文件以 {enc} 字节序标记开头，但内容无法按 {enc} 解码（第 {exc.start} 字节）"
                ) from None
            return Decoded(text, enc + ("-sig" if enc == "utf-8" else ""))
    if b"\x00" in data[:65536]:
        enc16 = _utf16_without_bom(data)
        if enc16:
            return Decoded(data.decode(enc16), enc16)
        raise InputError(file, "二进制文件，不是文本、PDF 或 Excel 表格（含 NUL 字节）")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        # a UTF-8 file cut off inside its last character (an interrupted download or copy)
        text = None
        if exc.start >= len(data) - 3 and exc.reason == "unexpected end of data":
            text = data[: exc.start].decode("utf-8")
    if text is not None:
        if _control_share(text) > 0.01:
            raise InputError(file, "二进制文件，不是文本（含大量控制字符）")
        return Decoded(text, "utf-8")
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError as exc:
        text = None
        if exc.start >= len(data) - 3 and exc.reason in (
            "incomplete multibyte sequence",
            "unexpected end of data",
        ):
            text = data[: exc.start].decode("gb18030", errors="strict")
    if text is not None and plausibility(text) > 0.97:
        return Decoded(text, "gb18030")
    mostly = _mostly_utf8(data, file)
    if mostly is not None:
        return mostly
    return _charset_normalizer(data, file)


def _mostly_utf8(data: bytes, file: str) -> Decoded | None:
    """UTF-8 with a few stray bytes (a damaged copy): decoded with U+FFFD in their place and a
    warning naming each line, instead of losing the whole file. ``None`` when the bad bytes are
    more than a few per 10,000 (then it is another encoding)."""
    limit = max(8, len(data) // 5000)
    bad: list[int] = []
    parts: list[str] = []
    pos = 0
    while True:
        try:
            parts.append(data[pos:].decode("utf-8"))
            break
        except UnicodeDecodeError as exc:
            parts.append(data[pos : pos + exc.start].decode("utf-8"))
            parts.append("\ufffd")
            bad.append(pos + exc.start)
            pos += exc.end
            if len(bad) > limit:
                return None
    text = "".join(parts)
    if _control_share(text) > 0.01 or plausibility(text) < 0.97:
        return None
    counts: dict[int, int] = {}
    for pos in bad:
        line = data.count(b"\n", 0, pos) + 1
        counts[line] = counts.get(line, 0) + 1
    warnings = tuple(
        f"{file}:{line}: 第 {line} 行有 {n} 处字节不是有效的 UTF-8，已替换为 �（其余内容照常读取，请核对此行）"
        for line, n in counts.items()
    )
    return Decoded(text, "utf-8", warnings)


def _charset_normalizer(data: bytes, file: str) -> Decoded:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        raise InputError(file, "无法识别文本编码（不是 UTF-8、GB18030 或 UTF-16），可能是二进制文件")
    enc = best.encoding
    try:
        text = data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        raise InputError(file, f"无法按识别出的编码 {enc} 解码，可能是二进制文件") from None
    if _control_share(text) > 0.01 or plausibility(text) < 0.9:
        raise InputError(file, "二进制文件或无法识别的编码（解码后多为乱码）")
    return Decoded(text, enc)
