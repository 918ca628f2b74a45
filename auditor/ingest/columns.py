"""Column vocabulary of indicator tables (``rules/columns.yaml``): header cells -> tidy column
names, and a value read together with its operator and unit cells."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from auditor.resources import read_yaml, rules_dir

_NOTE = re.compile(r"[(（\[【][^()（）\[\]【】]*[)）\]】]")
_DROP = re.compile(r"[\s:：*＊]+")
_MONEY_NOTE = re.compile(r"[(（]\s*万元\s*[)）]")


@dataclass(frozen=True, slots=True)
class ColumnVocabulary:
    by_label: dict[str, str]  # normalised header cell -> column name
    optional: tuple[str, ...]
    operator_values: dict[str, str]  # normalised cell -> operator symbol or "qualitative"
    direction_values: dict[str, str]  # normalised cell -> higher / lower / neutral
    form_fields: tuple[str, ...]
    self_evaluation_titles: tuple[str, ...]
    unit_titles: tuple[str, ...]
    table_end_words: tuple[str, ...] = ()
    table_end_marks: tuple[str, ...] = ()


def _key(text: object) -> str:
    from auditor.values.simplify import to_simplified

    raw = unicodedata.normalize("NFKC", to_simplified(str(text or "")))
    return _DROP.sub("", raw).lower()


@lru_cache(maxsize=16384)
def header_key(text: str) -> str:
    """A header cell as looked up: simplified, NFKC, no spaces or colons, no bracketed note, lower case."""
    key = _key(text)
    stripped = _NOTE.sub("", key)
    return stripped or key


@cache
def vocabulary() -> ColumnVocabulary:
    """``rules/columns.yaml``, loaded once (the schema's English names always map to themselves)."""
    from auditor.tidy import REQUIRED_COLUMNS

    data = read_yaml(rules_dir() / "columns.yaml") or {}
    by_label: dict[str, str] = {}
    optional = tuple(str(c) for c in data.get("optional") or ())
    for name in (*REQUIRED_COLUMNS, *optional):
        by_label[name] = name
    for name, labels in (data.get("columns") or {}).items():
        for label in labels or ():
            by_label.setdefault(header_key(str(label)), str(name))
    ops = {_key(v): str(op) for op, values in (data.get("operator_values") or {}).items() for v in values or ()}
    dirs = {_key(v): str(d) for d, values in (data.get("direction_values") or {}).items() for v in values or ()}
    return ColumnVocabulary(
        by_label=by_label,
        optional=optional,
        operator_values=ops,
        direction_values=dirs,
        form_fields=tuple(str(f) for f in data.get("form_fields") or ()),
        self_evaluation_titles=tuple(str(t) for t in data.get("self_evaluation_titles") or ()),
        unit_titles=tuple(str(t) for t in data.get("unit_titles") or ()),
        table_end_words=tuple(str(t) for t in data.get("table_end_words") or ()),
        table_end_marks=tuple(str(t) for t in data.get("table_end_marks") or ()),
    )


def column_name(cell: object) -> str | None:
    """The tidy column a header cell stands for (``计量单位`` -> ``unit``), or None."""
    if cell is None:
        return None
    return _column_name(str(cell).strip())


@lru_cache(maxsize=1 << 14)  # every row of every table is tried as a header: cells repeat
def _column_name(text: str) -> str | None:
    if not text:
        return None
    vocab = vocabulary()
    lower = text.lower().replace(" ", "_")
    if lower in vocab.by_label:
        return vocab.by_label[lower]
    return vocab.by_label.get(header_key(text))


def money_factor(label: object) -> float:
    """10000 when a money label says its unit is 万元 (``年度资金总额(万元)``), else 1."""
    return 10000.0 if _MONEY_NOTE.search(str(label or "")) else 1.0


def read_operator(*cells: str) -> tuple[str | None, str | None]:
    """(operator symbol, direction) found in the given cells, each read by its content.

    ``"qualitative"`` as operator means a 定性 cell, ``"none"`` a 定量 cell: no operator is added.
    """
    vocab = vocabulary()
    operator = direction = None
    for cell in cells:
        key = _key(cell)
        if not key:
            continue
        if operator is None and key in vocab.operator_values:
            operator = vocab.operator_values[key]
        elif direction is None and key in vocab.direction_values:
            direction = vocab.direction_values[key]
    return operator, direction


_OP_START = re.compile(r"^\s*(?:[<>=≥≤≧≦＞＜＝≠]|不低于|不少于|不高于|不超过|大于|小于|等于)")


def combine_value(value: str, operator: str = "", unit: str = "", direction: str = "") -> str:
    """The indicator value as one cell: ``=``, ``116``, ``人`` -> ``=116人``.

    The operator comes from the operator cell (or the direction cell when the two were printed the
    other way round); it is put in front unless the value already starts with one. The unit is
    appended unless the value already ends with it. A blank value stays blank.
    """
    text = (value or "").strip()
    if not text:
        return ""
    op, _direction = read_operator(operator, direction)
    unit = (unit or "").strip()
    ends = _key(text).endswith(_key(unit)) and len(_key(text)) > len(_key(unit))
    if unit and unit not in ("/", "-", "—", "无") and not ends and re.search(r"\d", text):
        text = f"{text} {unit}" if unit[:1].isdigit() else f"{text}{unit}"
    if op and op not in ("qualitative", "none") and not _OP_START.match(text) and re.search(r"\d", text):
        text = f"{_SYMBOLS.get(op, op)}{text}"
    return text


_SYMBOLS = {">=": "≥", "<=": "≤"}
