"""Arithmetic a reviewer does on one form: unit cost × the quantity the form states against its
funds, the two fund totals of a one-year project, deadlines against the budget year."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from auditor.engine.checks.common import clean, columns, fmt_yuan, memo_for, norm
from auditor.engine.registry import Rule, check
from auditor.model import Document, Finding, Form, Indicator
from auditor.values import ParsedValue, parse_value


def _is_heading(ind: Indicator, words: list[str]) -> bool:
    return any(w in (ind.level2 or "") or w in (ind.level1 or "") for w in words)


def _value(ind: Indicator) -> tuple[str, str]:
    """(column, value) of the row judged against the year: the annual value, else the period's."""
    if ind.annual_value:
        return "annual", ind.annual_value
    return "period", ind.period_value


def _common(a: str, b: str) -> int:
    """Length of the longest common substring of two names."""
    best = 0
    for i in range(len(a)):
        for j in range(i + best + 1, len(a) + 1):
            if a[i:j] in b:
                best = j - i
            else:
                break
    return best


UnitPair = tuple[Indicator, ParsedValue, str, Indicator, ParsedValue, float]


def _unit_pairs(form: Form, p: dict) -> list[UnitPair]:
    """The pairs of ``form`` (see :func:`_form_unit_pairs`), computed once per form and rule: the
    indicator-scope rules below ask for them at every row of the form."""
    memo = memo_for(p)
    hit = memo.get("unit_pairs")
    if hit is not None and hit[0] is form:
        return hit[1]
    pairs = list(_form_unit_pairs(form, p))
    memo["unit_pairs"] = (form, pairs)
    return pairs


def _form_unit_pairs(form: Form, p: dict) -> Iterator[UnitPair]:
    """(cost row, its per-unit value, column, quantity row, its value, yearly product in 元)."""
    units = p["unit_aliases"]
    quantities: list[tuple[Indicator, ParsedValue]] = []
    for ind in form.indicators:
        if _is_heading(ind, p["quantity_headings"]):
            pv = parse_value(_value(ind)[1] or "")
            single = len(pv.numbers) == 1  # 室内16000m² 室外2000m²: which area the cost is for is unclear
            if pv.dimension in p["quantity_dimensions"] and pv.number and single and not pv.number_high and not pv.per:
                quantities.append((ind, pv))
    for ind in form.indicators:
        if not _is_heading(ind, p["cost_headings"]):
            continue
        column, value = _value(ind)
        cost = parse_value(value or "")
        if cost.dimension != "rate_per_unit" or cost.base_dimension != "money" or not cost.money_yuan:
            continue
        if cost.number_high is not None or (cost.period or "") not in p["periods_per_year"]:
            continue
        per = units.get(cost.per or "", cost.per)
        matching = [(q, qv) for q, qv in quantities if units.get(qv.counter or qv.unit or "", qv.counter or qv.unit) == per]
        if not matching:
            continue
        cost_name = norm(ind.level3)
        # several quantities in the same unit: the one whose name shares most with the cost's
        matching.sort(key=lambda pair: -_common(cost_name, norm(pair[0].level3)))
        if len(matching) > 1 and _common(cost_name, norm(matching[0][0].level3)) == _common(
            cost_name, norm(matching[1][0].level3)
        ):
            continue  # ambiguous: which quantity the unit cost applies to is not clear
        q, qv = matching[0]
        factor = p["periods_per_year"][cost.period or ""]
        yield ind, cost, column, q, qv, cost.money_yuan * (qv.number or 0.0) * factor


def _related(form: Form, cost: Indicator, quantity: Indicator, p: dict) -> bool:
    """The unit cost, the quantity and the project name are about the same thing (土地租赁)."""
    a, b = norm(cost.level3), norm(quantity.level3)
    stem_len = _common(a, b)
    if stem_len < p["stem_min_chars"]:
        return False
    stem = next(a[i : i + stem_len] for i in range(len(a) - stem_len + 1) if a[i : i + stem_len] in b)
    project = norm(form.project_name)
    return _common(stem, project) >= p["stem_min_chars"]


def _product_fields(cost: Indicator, cost_value: str, quantity: Indicator, product: float) -> dict:
    return {
        "unit_cost": clean(cost_value),
        "quantity_name": clean(quantity.level3),
        "quantity": clean(quantity.annual_value or quantity.period_value),
        "quantity_line": quantity.line,
        "product": fmt_yuan(product),
    }


def _funds_for(form: Form, column: str, p: dict) -> tuple[float | None, str]:
    """The funds a row's value is judged against: the year's, or for a period-only value of a
    multi-year project the whole period's (with its label)."""
    if column == "period" and not one_year(form, p) and not form.annual_only:
        return form.funds.period_total, p["funds_labels"]["period"]
    return form.funds.annual_total, p["funds_labels"]["annual"]


@check("unit_cost_over_funds", "indicator")
def unit_cost_over_funds(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """Unit cost × the quantity the form states is more than the year's funds."""
    p = rule.params
    if form.kind != "project":
        return
    for cost, cv, column, quantity, _qv, product in _unit_pairs(form, p):
        funds, label = _funds_for(form, column, p)
        if cost is not ind or not funds:
            continue
        slack = max(p["tolerance_yuan"], funds * p["tolerance_ratio"])
        if product > funds + slack:
            value = ind.annual_value if column == "annual" else ind.period_value
            yield rule.finding(
                form, ind, column=column, value=value, line=ind.line_of(column),
                funds=fmt_yuan(funds), funds_label=label, **_product_fields(cost, cv.raw, quantity, product),
            )


@check("unit_cost_explains_funds", "indicator")
def unit_cost_explains_funds(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """Unit cost × quantity of the project's own item explains only a small part of its funds."""
    p = rule.params
    funds = form.funds.annual_total
    if form.kind != "project" or not funds:
        return
    for cost, cv, column, quantity, _qv, product in _unit_pairs(form, p):
        if cost is not ind or not _related(form, cost, quantity, p):
            continue
        if product < funds * p["min_share"]:
            value = ind.annual_value if column == "annual" else ind.period_value
            others = [fmt_yuan(x) for x in (form.funds.period_total,) if x and abs(x - funds) > 1]
            yield rule.finding(
                form, ind, column=column, value=value, line=ind.line_of(column),
                funds=fmt_yuan(funds), share=f"{product / funds:.0%}",
                period_note=p["period_note"].format(period=others[0]) if others else "",
                **_product_fields(cost, cv.raw, quantity, product),
            )


def one_year(form: Form, p: dict) -> bool:
    """A project that lasts one year (期限 1年, or 属性 一次性/1年结束)."""
    period = clean(form.period or "")
    return period in p["one_year_periods"] or any(w in (form.attribute or "") for w in p["one_year_attributes"])


@check("one_year_funds_differ", "form")
def one_year_funds_differ(form: Form, rule: Rule) -> Iterator[Finding]:
    """A one-year project whose period and annual fund totals differ."""
    f = form.funds
    if form.kind != "project" or form.annual_only or not f.period_total or not f.annual_total:
        return  # a blank (or zero) half is the missing-annual-target rule's finding
    if not one_year(form, rule.params) or abs(f.period_total - f.annual_total) <= rule.params["tolerance_yuan"]:
        return
    yield rule.finding(
        form, column="annual", value=fmt_yuan(f.annual_total), line=form.field_lines.get("funds"),
        period=fmt_yuan(f.period_total), annual=fmt_yuan(f.annual_total),
        term=clean(form.period or "") or clean(form.attribute or ""),
    )


def budget_year(document: Document, p: dict) -> tuple[int, str] | None:
    """The budget year of a document and where it was read: the title of its project budget table
    (2025年项目支出预算表), else a year in the file name (xiaoyi-2025.txt)."""
    table = document.budget_table
    if table is not None:
        found = re.search(p["title_year_pattern"], table.title or "")
        if found:
            return int(found.group(1)), p["sources"]["table"].format(title=table.title)
    for text in (Path(document.path).name, document.name):
        found = re.search(p["name_year_pattern"], text or "")
        if found:
            return int(found.group(1)), p["sources"]["name"].format(name=Path(document.path).name)
    return None


@check("deadline_before_budget_year", "document")
def deadline_before_budget_year(document: Document, rule: Rule) -> Iterator[Finding]:
    """A deadline dated before the budget year begins (a 2025 form due 2024.3.20)."""
    p = rule.params
    year = budget_year(document, p)
    if year is None:
        return
    for form in document.forms:
        lasts_one_year = one_year(form, p)
        for ind in form.indicators:
            for column, value, line in columns(ind):
                repeated = column == "period" and ind.annual_repeats_period
                if column == "period" and not (repeated or lasts_one_year):
                    continue  # a multi-year period may hold milestones of past years
                pv = parse_value(value)
                if pv.dimension != "deadline" or not pv.date or pv.date[0] is None or pv.date[0] >= year[0]:
                    continue
                yield rule.finding(
                    form, ind, column=column, value=value, line=line,
                    year=year[0], deadline_year=pv.date[0], source=year[1],
                )
