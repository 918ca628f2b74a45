"""Indicator kind and polarity from the three indicator levels (名称先, 标题后)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from auditor.values.headings import heading_base
from auditor.values.lexicon import KindRule, lexicon
from auditor.values.simplify import to_simplified

KINDS: tuple[str, ...] = (
    "satisfaction",
    "rate",
    "cost",
    "count",
    "duration",
    "deadline",
    "timeliness",
    "quality_state",
    "benefit",
    "sustainability",
    "unknown",
)
POLARITIES: tuple[str | None, ...] = ("higher", "lower", "zero", None)


@dataclass(frozen=True, slots=True)
class KindInfo:
    """What an indicator measures and which way is better.

    ``kind`` is decided by the third-level name when a name rule matches (``source="name"``),
    otherwise by the headings (``source="heading"``).  ``heading_kind`` is what the headings
    alone say (for misfiled checks: a satisfaction name under 社会效益 has kind satisfaction and
    heading_kind benefit).  ``expected_dimensions`` is empty when nothing is known.
    """

    kind: str
    polarity: str | None  # "higher", "lower", "zero" or None
    expected_dimensions: frozenset[str]
    is_rate: bool = False  # the value should be a percentage of something
    source: str = "none"  # "name", "heading" or "none"
    matched: str = ""  # the keyword or heading that decided
    name_kind: str | None = None
    heading_kind: str | None = None
    heading_expected: frozenset[str] = frozenset()  # what the headings alone expect
    name_weak: bool = False  # the name matched only a weak rule (the heading decided)


def _clean(text: str) -> str:
    return re.sub(r"\s+", "", text or "")


def _rule_matches(rule: KindRule, name: str) -> str | None:
    if rule.none and any(w in name for w in rule.none):
        return None
    if rule.all and not all(w in name for w in rule.all):
        return None
    return next((w for w in rule.any if w in name), None)


def _heading_kind(level1: str, level2: str) -> tuple[str | None, str]:
    lex = lexicon()
    for heading, pairs in ((level2, lex.heading_level2), (level1, lex.heading_level1)):
        if not _clean(heading):
            continue
        base = heading_base(heading)  # 產出指標(50分), 数量值, 产出 指标 -> 产出 / 数量
        for word, kind in pairs:
            if base == word:
                return kind, heading
        for word, kind in pairs:  # looser: 服务对象满意度指标 -> 满意度
            if base.endswith(word) and len(word) >= 2:
                return kind, heading
    return None, ""


def _info(kind: str, source: str, matched: str, rule: KindRule | None, name_kind: str | None,
          heading_kind: str | None, name_weak: bool = False) -> KindInfo:
    kinds = lexicon().kinds
    spec = kinds.get(kind, {})
    heading_expected = frozenset((kinds.get(heading_kind or "", {}) or {}).get("expected") or ())
    polarity = spec.get("polarity")
    expected = tuple(spec.get("expected") or ())
    rate = bool(spec.get("rate", False))
    if rule is not None:
        if rule.has_polarity:
            polarity = rule.polarity
        if rule.expected is not None:
            expected = rule.expected
        if rule.rate is not None:
            rate = rule.rate
    return KindInfo(kind, polarity, frozenset(expected), rate, source, matched, name_kind, heading_kind,
                    heading_expected, name_weak)


@lru_cache(maxsize=4096)
def infer_kind(level1: str, level2: str, level3: str) -> KindInfo:
    """Infer the indicator kind, polarity and expected value dimensions.

    The third-level name decides first (满意度, …率, 费用, 次数, 事故 …, rules in
    ``rules/lexicons/kinds.yaml``); then the second-level heading (数量指标, 成本指标 …), then the
    first-level heading (成本指标 / 满意度指标 in the national layout).
    """
    name = _clean(to_simplified(level3 or ""))
    for pattern in lexicon().name_drop:
        name = pattern.sub("", name)
    heading_kind, heading = _heading_kind(level1, level2)
    has_heading = bool(heading_kind and heading_kind != "unknown")
    weak: KindRule | None = None
    for rule in lexicon().name_rules:
        word = _rule_matches(rule, name) if name else None
        if not word:
            continue
        if rule.weak and has_heading:
            weak = rule
            break
        return _info(rule.kind, "name", word, rule, rule.kind, heading_kind)
    if has_heading:
        return _info(heading_kind or "unknown", "heading", heading, None, weak.kind if weak else None,
                     heading_kind, name_weak=weak is not None)
    return _info("unknown", "none", "", None, None, heading_kind)
