"""Indicator-name checks: template placeholders, unmeasurable names (lexical), duplicates."""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from auditor.engine.checks.common import any_in, norm
from auditor.engine.registry import Rule, check
from auditor.model import Finding, Form, Indicator


@lru_cache(maxsize=64)
def _compile(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    return tuple(re.compile(p) for p in patterns)


@check("placeholder_name", "indicator")
def placeholder_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """The third-level name is a template placeholder (指标1, 其他指标, ……)."""
    for name in (ind.level3, ind.annual_level3 or ""):
        text = norm(name) or name.strip()
        if text and any(p.fullmatch(text) for p in _compile(tuple(rule.params["patterns"]))):
            yield rule.finding(form, ind)
            return


def _vague_reason(ind: Indicator, params: dict) -> str | None:
    name = norm(ind.level3)
    if not name:
        return None
    if name in params["heading_names"]:
        return params["reasons"]["heading"]
    if any(name.startswith(v) for v in params["task_prefixes"]) and not any_in(name, params["measure_markers"]):
        return params["reasons"]["task"]
    heading = ind.level1 + ind.level2
    if (
        any_in(heading, params["satisfaction_headings"])
        and "满意" not in name
        and any(name.endswith(w) for w in params["people_words"])
    ):
        return params["reasons"]["people"]
    heading2 = ind.level2 or ind.level1
    limit = max((n for word, n in params["output_headings"].items() if word in heading2), default=0)
    if (
        len(name) <= limit
        and not any_in(name, params["measure_markers"])
        and not any(p.search(name) for p in _compile(tuple(params["measure_patterns"])))
    ):
        return params["reasons"]["bare"]
    return None


@check("unmeasurable_name", "indicator")
def unmeasurable_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """Lexical part of vague indicator names: task slogans, bare objects, groups of people."""
    reason = _vague_reason(ind, rule.params)
    if reason:
        yield rule.finding(form, ind, reason=reason)


@check("duplicate_name", "form")
def duplicate_name(form: Form, rule: Rule) -> Iterator[Finding]:
    """The same third-level name appears twice in one form (after normalising punctuation/space)."""
    first: dict[str, Indicator] = {}
    for ind in form.indicators:
        key = norm(ind.level3)
        if len(key) < rule.params["min_chars"]:
            continue
        if any(p.fullmatch(key) for p in _compile(tuple(rule.params["skip_patterns"]))):
            continue
        if key in first:
            earlier = first[key]
            annual_dup = not ind.period_value and bool(ind.annual_value)  # repeated in the annual half
            first_line = (earlier.annual_line or earlier.line) if annual_dup else earlier.line
            line = ind.annual_line or ind.line
            yield rule.finding(form, ind, line=line, first_line=first_line, second_line=line)
        else:
            first[key] = ind
