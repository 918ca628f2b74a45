"""The form-layout vocabulary (``rules/layout.yaml``), loaded once, and cell/row helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from auditor.resources import read_yaml, rules_dir

_LABEL_DROP = re.compile(r"[\s:：]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})
_SPACES = re.compile(r"\s+")
# First cell of the footer row that ends a form (project and unit forms alike).
FOOTER_WORDS = ("负责人", "填表人", "填报人")


@lru_cache(maxsize=65536)
def label_key(text: str) -> str:
    """Normalise a cell for label lookup: no whitespace or colons, ASCII brackets."""
    return _LABEL_DROP.sub("", text.translate(_BRACKETS))


def clean_cell(text: str) -> str:
    """Whitespace-normalise a cell's text (runs of whitespace become one space)."""
    if not text:
        return ""
    text = text.strip()
    if " " in text or "\u3000" in text or "\xa0" in text:
        text = _SPACES.sub(" ", text)
    return text


@dataclass(frozen=True, slots=True)
class Token:
    """A non-empty cell of a row: its column index and cleaned text."""

    col: int
    text: str


def tokens_of(line: str) -> list[Token]:
    """Split a TAB-separated line into its non-empty cells, keeping column positions."""
    out: list[Token] = []
    for col, cell in enumerate(line.split("\t")):
        if cell and not cell.isspace():
            out.append(Token(col, clean_cell(cell)))
    return out


@dataclass(frozen=True, slots=True)
class Layout:
    """Lookup tables built from rules/layout.yaml."""

    title_project: tuple[str, ...]
    title_unit: tuple[str, ...]
    max_title_length: int
    field_by_label: dict[str, str]
    source_by_label: dict[str, str]
    level1: frozenset[str]
    level2_family: dict[str, str]  # normalised level-2 heading -> its level-1 heading
    cost_heading: str
    cost_subheadings: frozenset[str]
    not_headings: frozenset[str]
    unit_field_by_label: dict[str, str]
    unit_header_words: frozenset[str]
    unit_total_names: frozenset[str]
    budget_titles: tuple[str, ...]
    budget_department_labels: tuple[str, ...]
    budget_total_names: frozenset[str]
    budget_columns: tuple[tuple[str, tuple[str, ...]], ...]
    value_starts: tuple[str, ...]
    value_words: frozenset[str]
    name_endings: tuple[str, ...]
    indicator_columns: frozenset[str] = frozenset()  # column-header cells of the indicator table

    def heading_key(self, text: str) -> str:
        key = label_key(text)
        return key[:-2] if key.endswith("指标") and len(key) > 2 else key

    def looks_like_value(self, text: str) -> bool:
        """True when a cell is shaped like a 指标值 rather than an indicator name."""
        if text in self.value_words:
            return True
        if text[0].isdigit():
            return not (len(text) > 4 and text.endswith(self.name_endings))
        return "%" in text or text.startswith(self.value_starts)

    def level2_parent(self, text: str) -> str | None:
        """The level-1 heading a level-2 heading belongs to, or None when text is no heading."""
        key = label_key(text)
        if key in self.not_headings:
            return None
        return self.level2_family.get(self.heading_key(text))


@cache
def layout() -> Layout:
    """Load and index rules/layout.yaml once."""
    data = read_yaml(rules_dir() / "layout.yaml")
    fields = {label_key(lbl): name for name, labels in data["fields"].items() for lbl in labels}
    sources = {label_key(lbl): key for key, labels in data["fund_sources"].items() for lbl in labels}
    family: dict[str, str] = {}
    for parent, children in data["level2"].items():
        for child in children:
            key = label_key(child)
            family[key[:-2] if key.endswith("指标") else key] = parent
    cost = data["ambiguous_cost_heading"]
    unit = data["unit_form"]
    unit_fields = {
        label_key(lbl): name
        for name, labels in unit.items()
        if name not in ("indicator_header_words", "fund_total_names")
        for lbl in labels
    }
    budget = data["budget_table"]
    return Layout(
        title_project=tuple(data["titles"]["project"]),
        title_unit=tuple(data["titles"]["unit"]),
        max_title_length=int(data["titles"]["max_title_length"]),
        field_by_label=fields,
        source_by_label=sources,
        level1=frozenset(label_key(x) for x in data["level1"]),
        level2_family=family,
        cost_heading=label_key(cost),
        cost_subheadings=frozenset(
            label_key(x)[:-2] if label_key(x).endswith("指标") else label_key(x)
            for x in data["level2"][cost]
        ),
        not_headings=frozenset(label_key(x) for x in data["not_headings"]),
        unit_field_by_label=unit_fields,
        unit_header_words=frozenset(label_key(x) for x in unit["indicator_header_words"]),
        unit_total_names=frozenset(label_key(x) for x in unit["fund_total_names"]),
        budget_titles=tuple(budget["titles"]),
        budget_department_labels=tuple(label_key(x) for x in budget["department_label"]),
        budget_total_names=frozenset(label_key(x) for x in budget["total_names"]),
        budget_columns=tuple((key, tuple(words)) for key, words in budget["columns"].items()),
        value_starts=tuple(str(x) for x in data["value_shape"]["starts"]),
        value_words=frozenset(str(x) for x in data["value_shape"]["words"]),
        name_endings=tuple(str(x) for x in data["value_shape"]["name_endings"]),
        indicator_columns=frozenset(label_key(x) for x in data.get("indicator_columns", [])),
    )


_NUMBER = re.compile(r"^[-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?$")


def parse_amount(text: str) -> float | None:
    """Parse a money cell such as ``200,000`` or ``217,873.6``; None when blank or not a number."""
    text = text.replace(" ", "").replace("，", ",").rstrip("元")
    if not text or not _NUMBER.match(text):
        return None
    return float(text.replace(",", ""))


def is_amount(text: str) -> bool:
    return parse_amount(text) is not None
