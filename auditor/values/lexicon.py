"""Load the value and kind word lists from ``rules/lexicons/`` once per process."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError
from auditor.resources import rules_dir


def _lexicon_dir() -> Path:
    return rules_dir() / "lexicons"


def _load_yaml(name: str) -> dict[str, Any]:
    from auditor.resources import read_yaml

    path = _lexicon_dir() / name
    data = read_yaml(path)
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 词表格式错误 (应为 YAML 映射)")
    return data


def _load_list(name: str) -> list[str]:
    path = _lexicon_dir() / name
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取词表: {exc}") from exc
    return [ln.strip() for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]


def _by_length(words: Iterable[object] | None) -> tuple[str, ...]:
    """Deduplicated, longest first (so the longest spelling wins a prefix match)."""
    items = {str(w) for w in (words or [])}
    return tuple(sorted(items, key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True)
class UnitEntry:
    unit: str
    dimension: str
    factor: float | None


@dataclass(frozen=True, slots=True)
class KindRule:
    kind: str
    any: tuple[str, ...]
    all: tuple[str, ...]
    none: tuple[str, ...]
    polarity: str | None
    has_polarity: bool
    expected: tuple[str, ...] | None
    rate: bool | None
    weak: bool = False


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every word list the value grammar and kind inference use."""

    unit_aliases: dict[str, UnitEntry]  # alias -> entry
    unit_alias_order: tuple[str, ...]  # aliases and counters, longest first
    counters: frozenset[str]
    multipliers: dict[str, float]
    per_time: frozenset[str]
    per_prefix: tuple[str, ...]
    per_separators: tuple[str, ...]
    period_aliases: dict[str, str]
    range_separators: tuple[str, ...]
    negative_signs: tuple[str, ...]
    percent_typo_suffixes: tuple[str, ...]
    noun_counters: tuple[tuple[str, str], ...]  # (noun ending, counter), longest first
    zero_is_exact: bool
    op_symbols: tuple[tuple[str, str], ...]  # (spelling, operator), longest first
    op_prefix: tuple[tuple[str, str], ...]
    op_suffix: tuple[tuple[str, str], ...]
    scope_prefix: tuple[tuple[str, str], ...]
    graded: frozenset[str]
    graded_patterns: tuple[re.Pattern[str], ...]
    vague: tuple[str, ...]
    vague_modifiers: tuple[str, ...]
    zero_prefixes: tuple[str, ...]
    zero_objects: tuple[str, ...]
    zero_words: frozenset[str]
    vague_quantifiers: tuple[str, ...]
    empty_placeholders: frozenset[str]
    references: tuple[tuple[str, str, str], ...]  # (alias, name, dimension), longest first
    trunc_words: tuple[str, ...]
    trunc_whole: tuple[str, ...]
    trunc_separators: tuple[str, ...]
    kinds: dict[str, dict[str, Any]]
    name_rules: tuple[KindRule, ...]
    heading_level2: tuple[tuple[str, str], ...]
    heading_level1: tuple[tuple[str, str], ...]
    deadlines: dict[str, Any]  # deadlines.yaml: word lists as tuples, recurrence as a dict
    annotations: tuple[re.Pattern[str], ...] = ()  # removed from values before parsing
    vague_patterns: tuple[re.Pattern[str], ...] = ()  # slogans: matched at the start of a digit-free value
    scale_grades: tuple[str, ...] = ()  # levels of a grading scale, longest first
    scale_separators: tuple[str, ...] = ()
    measure_endings: tuple[str, ...] = ()  # a value ending so names a measure (知识更新率)
    stray_units: tuple[str, ...] = ()  # units that end a digit-free value by mistake (应保尽保%)
    name_drop: tuple[re.Pattern[str], ...] = ()  # removed from names before kind inference


def _pairs(mapping: dict[str, list[str]] | None) -> tuple[tuple[str, str], ...]:
    pairs = [(str(word), str(op)) for op, words in (mapping or {}).items() for word in words or []]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), p[0])))


@cache
def lexicon() -> Lexicon:
    """Read all lexicon files (cached: loaded once per process)."""
    units = _load_yaml("units.yaml")
    ops = _load_yaml("operators.yaml")
    qual = _load_yaml("qualitative.yaml")
    refs = _load_yaml("references.yaml")
    trunc = _load_yaml("truncation.yaml")
    kinds = _load_yaml("kinds.yaml")
    counters = frozenset(_load_list("counters.txt"))
    deadline_words = _load_yaml("deadlines.yaml")
    deadlines: dict[str, Any] = {
        key: (dict(value) if isinstance(value, dict) else tuple(str(w) for w in value or ()))
        for key, value in deadline_words.items()
    }

    aliases: dict[str, UnitEntry] = {}
    for item in units.get("units", []):
        entry = UnitEntry(str(item["unit"]), str(item["dimension"]), item.get("factor"))
        for alias in item.get("aliases", []):
            aliases[str(alias)] = entry
    order = _by_length(list(aliases) + list(counters))

    references = []
    for item in refs.get("references", []):
        for alias in item.get("aliases", []):
            references.append((str(alias), str(item["name"]), str(item["dimension"])))
    references.sort(key=lambda r: (-len(r[0]), r[0]))

    rules = []
    for item in kinds.get("name_rules", []):
        rules.append(
            KindRule(
                kind=str(item["kind"]),
                any=tuple(str(w) for w in item.get("any", [])),
                all=tuple(str(w) for w in item.get("all", [])),
                none=tuple(str(w) for w in item.get("none", [])),
                polarity=item.get("polarity"),
                has_polarity="polarity" in item,
                expected=tuple(item["expected"]) if "expected" in item else None,
                rate=item.get("rate"),
                weak=bool(item.get("weak", False)),
            )
        )
    headings = kinds.get("heading_rules", {})

    def heading_pairs(level: str) -> tuple[tuple[str, str], ...]:
        items = [(str(k), str(v)) for k, v in (headings.get(level) or {}).items()]
        return tuple(sorted(items, key=lambda p: (-len(p[0]), p[0])))

    zero = qual.get("zero_phrases", {}) or {}
    return Lexicon(
        unit_aliases=aliases,
        unit_alias_order=order,
        counters=counters,
        multipliers={str(k): float(v) for k, v in (units.get("multipliers") or {}).items()},
        per_time=frozenset(str(w) for w in units.get("per_time", [])),
        per_prefix=_by_length(units.get("per_prefix", ["每"])),
        per_separators=_by_length(units.get("per_separators", ["/"])),
        period_aliases={str(k): str(v) for k, v in (units.get("period_aliases") or {}).items()},
        range_separators=_by_length(units.get("range_separators", ["-"])),
        negative_signs=_by_length(units.get("negative_signs", ["-"])),
        percent_typo_suffixes=tuple(str(s) for s in units.get("percent_typo_suffixes", [])),
        noun_counters=tuple(
            sorted(((str(k), str(v)) for k, v in (units.get("noun_counters") or {}).items()),
                   key=lambda p: (-len(p[0]), p[0]))
        ),
        zero_is_exact=bool(units.get("zero_is_exact", True)),
        op_symbols=_pairs(ops.get("symbols")),
        op_prefix=_pairs(ops.get("prefix")),
        op_suffix=_pairs(ops.get("suffix")),
        scope_prefix=_pairs(ops.get("scope_prefix")),
        graded=frozenset(str(w) for w in qual.get("graded", [])),
        graded_patterns=tuple(re.compile(p) for p in qual.get("graded_patterns", [])),
        vague=_by_length(qual.get("vague")),
        vague_modifiers=_by_length(qual.get("vague_modifiers")),
        zero_prefixes=_by_length(zero.get("prefixes")),
        zero_objects=_by_length(zero.get("objects")),
        zero_words=frozenset(str(w) for w in zero.get("words", [])),
        vague_quantifiers=_by_length(qual.get("vague_quantifiers")),
        empty_placeholders=frozenset(str(w) for w in qual.get("empty_placeholders", [])),
        references=tuple(references),
        trunc_words=_by_length(trunc.get("words")),
        trunc_whole=_by_length(trunc.get("whole_endings")),
        trunc_separators=_by_length(trunc.get("separators")),
        kinds={str(k): dict(v or {}) for k, v in (kinds.get("kinds") or {}).items()},
        name_rules=tuple(rules),
        heading_level2=heading_pairs("level2"),
        heading_level1=heading_pairs("level1"),
        deadlines=deadlines,
        annotations=tuple(re.compile(p) for p in units.get("annotations") or ()),
        vague_patterns=tuple(re.compile(p) for p in qual.get("vague_patterns") or ()),
        scale_grades=_by_length(qual.get("scale_grades")),
        scale_separators=_by_length(qual.get("scale_separators")),
        measure_endings=_by_length(qual.get("measure_endings")),
        stray_units=_by_length(units.get("stray_units")),
        name_drop=tuple(re.compile(p) for p in kinds.get("name_drop") or ()),
    )
