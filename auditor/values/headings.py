"""Level-1 / level-2 indicator headings normalised to the framework's categories.

Templates write the same heading many ways (``产出 指标``, ``产出指标(50分)``, ``產出指標``,
``产出值``, ``数量目标``, ``产出数量指标``, ``社会公众或服务对象满意度指标``). :func:`heading_category`
maps one heading to its category by the vocabulary in ``rules/headings.yaml``;
:func:`resolve_row` gives the (level-1, level-2) categories of an indicator row, using the
heading classifier for a heading nobody knows.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

from auditor.resources import read_yaml, rules_dir
from auditor.values.simplify import to_simplified

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class HeadingVocabulary:
    drop: tuple[re.Pattern[str], ...]
    suffixes: tuple[str, ...]
    prefixes: tuple[str, ...]
    level1: dict[str, str]  # base word -> level-1 category
    level2: dict[str, str]  # base word -> level-2 category
    parents: dict[str, str]  # level-2 category -> level-1 category
    classifier_classes: dict[str, str]
    min_probability: float


@cache
def vocabulary() -> HeadingVocabulary:
    """``rules/headings.yaml``, loaded once."""
    data = read_yaml(rules_dir() / "headings.yaml") or {}
    norm = data.get("normalise") or {}
    level1 = {str(w): str(cat) for cat, words in (data.get("level1") or {}).items() for w in words or ()}
    level2: dict[str, str] = {}
    parents: dict[str, str] = {}
    for cat, spec in (data.get("level2") or {}).items():
        parents[str(cat)] = str(spec["parent"])
        for w in spec.get("words") or ():
            level2[str(w)] = str(cat)
    return HeadingVocabulary(
        drop=tuple(re.compile(p) for p in norm.get("drop") or ()),
        suffixes=tuple(sorted((str(s) for s in norm.get("suffixes") or ()), key=len, reverse=True)),
        prefixes=tuple(sorted((str(s) for s in norm.get("prefixes") or ()), key=len, reverse=True)),
        level1=level1,
        level2=level2,
        parents=parents,
        classifier_classes={str(k): str(v) for k, v in (data.get("classifier_classes") or {}).items()},
        min_probability=float(data.get("classifier_min_probability", 0.6)),
    )


@lru_cache(maxsize=8192)
def heading_base(text: str) -> str:
    """The heading's base word: simplified, NFKC, no spaces, notes and ``指标/值/目标`` suffix."""
    vocab = vocabulary()
    key = _SPACE.sub("", unicodedata.normalize("NFKC", to_simplified(text or "")))
    for pattern in vocab.drop:
        key = pattern.sub("", key)
    for suffix in vocab.suffixes:
        if key.endswith(suffix) and len(key) > len(suffix):
            return key[: -len(suffix)]
    return key


def _lookup(base: str, table: dict[str, str], prefixes: tuple[str, ...]) -> str | None:
    if base in table:
        return table[base]
    for prefix in prefixes:
        if base.startswith(prefix) and base[len(prefix):] in table:
            return table[base[len(prefix):]]
    return None


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading as understood: its category (``产出指标``, ``数量指标`` …) and level, or unknown."""

    text: str
    category: str | None
    level: int | None  # 1 or 2 (the category's level in the framework), None when unknown
    parent: str | None  # the level-1 category of a level-2 category (itself for level 1)

    @property
    def known(self) -> bool:
        return self.category is not None


@lru_cache(maxsize=8192)
def heading_category(text: str, level: int = 2) -> Heading:
    """Map a heading as written to its category; ``level`` says which table is tried first.

    A level-1 cell may hold a level-2 word and the other way round (成本指标 is both); the other
    table is tried when the first has no entry.
    """
    vocab = vocabulary()
    base = heading_base(text)
    if not base:
        return Heading(text, None, None, None)
    order = ((1, vocab.level1), (2, vocab.level2)) if level == 1 else ((2, vocab.level2), (1, vocab.level1))
    for lvl, table in order:
        found = _lookup(base, table, vocab.prefixes)
        if found:
            parent = vocab.parents.get(found, found) if lvl == 2 else found
            return Heading(text, found, lvl, parent)
    if level == 2:  # 社会公众或服务对象满意度 -> 满意度: a long base ending with a known word
        for word, cat in sorted(vocab.level2.items(), key=lambda p: -len(p[0])):
            if len(word) >= 2 and base.endswith(word):
                return Heading(text, cat, 2, vocab.parents.get(cat, cat))
    return Heading(text, None, None, None)


@dataclass(frozen=True, slots=True)
class RowHeadings:
    """The categories of one indicator row's headings and how they were found."""

    level1: str | None  # level-1 category (given, or implied by the level-2 category)
    level2: str | None
    source: str  # "vocabulary", "classifier" or "none"
    confidence: float = 1.0

    @property
    def understood(self) -> bool:
        return self.level1 is not None or self.level2 is not None


def _classify(name: str, value: str) -> tuple[str | None, float]:
    """The heading classifier's level-2 category for a row, with its probability."""
    if not name:
        return None, 0.0
    try:
        from auditor.nlp.classifier import load_model

        prediction = load_model().predict(name, value)
    except (FileNotFoundError, ValueError, ImportError):  # no trained model: nothing resolved
        return None, 0.0
    return vocabulary().classifier_classes.get(prediction.label), prediction.probability


def resolve_row(level1: str, level2: str, name: str = "", value: str = "") -> RowHeadings:
    """Categories of a row's headings: vocabulary first; a heading that is written but unknown is
    resolved by the classifier (from the name and value) when it is confident enough."""
    h1 = heading_category(level1, 1) if level1.strip() else None
    h2 = heading_category(level2, 2) if level2.strip() else None
    cat1 = h1.parent if h1 and h1.known else None
    cat2 = h2.category if h2 and h2.known and h2.level == 2 else None
    if h2 and h2.known and h2.level == 1 and cat1 is None:
        cat1 = h2.category  # a level-1 word in the level-2 column (layouts without level 1)
    if cat2 and cat1 is None:
        cat1 = vocabulary().parents.get(cat2)
    unknown_written = (h1 is not None and not h1.known) or (h2 is not None and not h2.known)
    if (cat1 or cat2) and (not unknown_written or cat2):
        return RowHeadings(cat1, cat2, "vocabulary")
    if not unknown_written:
        return RowHeadings(cat1, cat2, "vocabulary" if (cat1 or cat2) else "none", 1.0 if cat1 else 0.0)
    predicted, probability = _classify(name, value)
    if predicted and probability >= vocabulary().min_probability:
        parent = vocabulary().parents.get(predicted)
        if cat1 is None or cat1 == parent:
            return RowHeadings(parent, predicted, "classifier", probability)
    if cat1:
        return RowHeadings(cat1, None, "vocabulary")
    return RowHeadings(None, None, "none", probability)
