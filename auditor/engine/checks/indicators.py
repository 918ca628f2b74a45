"""Indicator-name checks: template placeholders, unmeasurable names (lexical), duplicates."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.engine.checks.common import any_in, clean, compiled, norm
from auditor.engine.registry import Rule, check
from auditor.model import Finding, Form, Indicator
from auditor.values import parse_value


@check("placeholder_name", "indicator")
def placeholder_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """The third-level name is a template placeholder (指标1, 其他指标, ……)."""
    hints = compiled(tuple(rule.params.get("hint_patterns") or ()))
    for name in (ind.level3, ind.annual_level3 or ""):
        text = norm(name) or name.strip()
        if text and any(p.fullmatch(text) for p in compiled(tuple(rule.params["patterns"]))):
            yield rule.finding(form, ind)
            return
        if name and any(p.search(name) for p in hints):  # 资金到位率(≥**%): the template's hint left in
            yield rule.finding(form, ind)
            return


def _is_task(name: str, params: dict) -> bool:
    """A slogan or task description: 做好后勤保障, 严格控制成本, 专款专用, 各项工作得到有效保障."""
    if any_in(name, params["task_measure_markers"]):
        return False
    if name in params["slogan_names"] or any(p.search(name) for p in compiled(tuple(params["slogan_patterns"]))):
        return True
    if any(name.startswith(v) for v in params["task_prefixes"]):
        return True
    return len(name) >= params["guarantee_min_chars"] and any(
        name.startswith(v) for v in params["guarantee_prefixes"]
    )


def _value_in_name(ind: Indicator, name: str, params: dict) -> str | None:
    """The target ending the name (租赁25辆 → 25辆); with a % value only a bare amount (每月29万元)."""
    amount = params["value_name_pattern"]
    found = compiled((f"(?:{amount})$",))[0].search(name)
    if not found:
        return None
    value = parse_value(ind.period_value or ind.annual_value or "")
    if value.dimension == "percent" and not compiled(
        (f"{params['value_name_period']}(?:{amount})",)
    )[0].fullmatch(name):
        return None
    return found.group(0)


def _vague_reason(ind: Indicator, params: dict) -> str | None:
    """The key of ``params["reasons"]`` that makes the name unmeasurable, or None."""
    name = norm(ind.level3)
    if not name:
        return None
    if name in params["heading_names"]:
        return "heading"
    if _value_in_name(ind, name, params) is not None:
        return "value"
    if _is_task(name, params):
        return "task"
    heading = ind.level1 + ind.level2
    if (
        any_in(heading, params["satisfaction_headings"])
        and "满意" not in name
        and any(name.endswith(w) for w in params["people_words"])
    ):
        return "people"
    heading2 = ind.level2 or ind.level1
    limit = max((n for word, n in params["output_headings"].items() if word in heading2), default=0)
    bare = name
    for word in params["marker_false_friends"]:
        bare = bare.replace(word, "")
    if (
        len(name) <= limit
        and not any_in(bare, params["measure_markers"])
        and not any(p.search(name) for p in compiled(tuple(params["measure_patterns"])))
        and not _value_names_measure(ind, heading2, params)
    ):
        return "bare"
    return None


def _value_names_measure(ind: Indicator, heading: str, params: dict) -> bool:
    """The value's unit says what a short name measures (成本指标 应付未付 7.938万元)."""
    dims = [d for word, ds in params["bare_ok_values"].items() if word in heading for d in ds]
    if not dims:
        return False
    value = parse_value(ind.period_value or ind.annual_value or "")
    return value.dimension in dims


@check("unmeasurable_name", "indicator")
def unmeasurable_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """Lexical part of vague indicator names: task slogans, bare objects, groups of people, targets."""
    key = _vague_reason(ind, rule.params)
    if key:
        heading = ind.level2 or ind.level1
        advice = rule.params["suggestions"][key]
        if isinstance(advice, dict):
            advice = next((text for word, text in advice.items() if word in heading), advice["default"])
        amount = None
        if key == "value":  # quoted as written (10万元/月), falling back to the normalised name
            raw = clean(ind.level3).rstrip("，。,.;；")
            amount = _value_in_name(ind, raw, rule.params) or _value_in_name(ind, norm(ind.level3), rule.params)
        advice = advice.format(level2=heading, level3=norm(ind.level3), amount=amount or "")
        yield rule.finding(form, ind, reason=rule.params["reasons"][key], advice=advice)


@check("duplicate_name", "form")
def duplicate_name(form: Form, rule: Rule) -> Iterator[Finding]:
    """The same third-level name appears twice in one form (after normalising punctuation/space)."""
    first: dict[str, Indicator] = {}
    for ind in form.indicators:
        key = norm(ind.level3)
        if len(key) < rule.params["min_chars"]:
            continue
        if any(p.fullmatch(key) for p in compiled(tuple(rule.params["skip_patterns"]))):
            continue
        if key in first:
            earlier = first[key]
            annual_dup = not ind.period_value and bool(ind.annual_value)  # repeated in the annual half
            first_line = earlier.line_of("annual" if annual_dup else "period")
            line = ind.line_of("annual")
            yield rule.finding(form, ind, line=line, first_line=first_line, second_line=line)
        else:
            first[key] = ind


@check("misfiled_by_name", "indicator")
def misfiled_by_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """The name says what it measures (…满意度) and the row sits under another heading."""
    target = misfiled_target(form, ind, rule.params)
    if target:
        yield rule.finding(form, ind, target=target, filed=ind.level2 or ind.level1)


def misfiled_target(form: Form, ind: Indicator, params: dict) -> str | None:
    """The heading the name itself asks for when the row is under another one (IND004), else None."""
    if form.kind != "project":
        return None
    name = norm(ind.level3 or ind.annual_level3)
    heading = (ind.level1 or "") + (ind.level2 or "")
    if not name or not heading:
        return None
    for word, target in params["words"].items():
        if word not in name or word in heading:
            continue
        parts = (ind.level3 or ind.annual_level3 or "").split(params["compound_separator"])
        if any(word not in part and any_in(part, params["compound_markers"]) for part in parts):
            return None  # another measure shares the cell
        return target
    return None
