"""Value shapes a reviewer sends back: a quantity given as a bare percentage, a cost standard
written into the name with `100%` as the value, an annual half listing another indicator."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.engine.checks.common import any_in, clean, columns, compiled, norm
from auditor.engine.registry import Rule, check
from auditor.model import Finding, Form, Indicator
from auditor.values import infer_kind, parse_value


def _heading(ind: Indicator) -> str:
    return (ind.level1 or "") + (ind.level2 or "")


@check("count_as_percent", "indicator")
def count_as_percent(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """Under 数量指标, a bare percentage for a name that is no rate (日常保洁 100%)."""
    p = rule.params
    if not any_in(ind.level2 or ind.level1 or "", p["headings"]):
        return
    name = norm(ind.level3 or ind.annual_level3 or "")
    if not name or any_in(name, p["rate_words"]) or any(ch.isdigit() for ch in name):
        return
    kind = infer_kind(ind.level1, ind.level2, ind.level3 or ind.annual_level3 or "")
    if kind.source == "name" and kind.kind != "count":
        return  # the name says it measures something else (煤炭大楼管理服务费): other rules judge it
    for column, value, line in columns(ind):
        pv = parse_value(value)
        if pv.dimension != "percent" or pv.rest or pv.malformed or pv.truncated:
            continue
        yield rule.finding(form, ind, column=column, value=value, line=line, name=name)


@check("standard_in_name", "indicator")
def standard_in_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A cost row whose name holds the amount (餐费不高于140元/天) and whose value is a percentage."""
    p = rule.params
    if not any_in(ind.level2 or ind.level1 or "", p["headings"]):
        return
    raw = clean(ind.level3 or ind.annual_level3 or "")
    found = compiled((p["amount_pattern"],))[0].search(raw)
    if not found:
        return
    amount = found.group(0)
    subject = re.sub(p["strip_pattern"], "", raw[: found.start()]) or raw[: found.start()]
    for column, value, line in columns(ind):
        pv = parse_value(value)
        if pv.dimension != "percent":
            continue
        yield rule.finding(
            form, ind, column=column, value=value, line=line,
            amount=amount, subject=subject.rstrip(":：,，") or raw, operator=p["operator"],
        )


def _same_name(a: str, b: str, min_chars: int) -> bool:
    """Two names of one indicator: equal, or one cut off from the other (禁止无公函的公务)."""
    a, b = norm(a), norm(b)
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= min_chars and long.startswith(short)


@check("annual_half_other_indicator", "form")
def annual_half_other_indicator(form: Form, rule: Rule) -> Iterator[Finding]:
    """Under one heading the annual half lists an indicator the period half does not, in place of
    one the period half lists (厉行节约 ↔ 提质增效)."""
    p = rule.params
    if form.kind != "project" or form.annual_only:
        return
    if not any(i.annual_value for i in form.indicators):
        return  # a blank annual half is the missing-annual-target rule's finding
    period_only = [i for i in form.indicators if i.period_value and not i.annual_value]
    annual_only = [i for i in form.indicators if i.annual_value and not i.period_value]
    both_names = [n for i in form.indicators if i.period_value and i.annual_value
                  for n in (i.level3, i.annual_level3 or i.level3)]
    for ann in annual_only:
        if any(_same_name(ann.level3, n, p["min_chars"]) for n in both_names):
            continue  # the annual half repeats a name it already has (another rule's case)
        partners = [
            per for per in period_only
            if norm(per.level2) == norm(ann.level2) and not _same_name(per.level3, ann.level3, p["min_chars"])
        ]
        if len(partners) != 1:
            continue
        per = partners[0]
        yield rule.finding(
            form, ann, column="annual", value=ann.annual_value, line=ann.line_of("annual"),
            annual_name=clean(ann.level3), period_name=clean(per.level3), period_line=per.line,
            heading=clean(ann.level2 or ann.level1),
        )
