"""Money checks: sources vs totals, annual vs period, stated totals vs parts, forms vs the budget
table (表十二, 万元), cost indicators vs the project's funds."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from auditor.engine.checks.common import clean, fmt_yuan, norm
from auditor.engine.registry import Rule, check
from auditor.model import BudgetLine, Document, Finding, Form, Indicator
from auditor.vocab import column_word

SOURCE_NAMES = {"central": "中央财政", "provincial": "省级财政", "local": "市县财政", "self": "单位自筹", "other": "其他资金"}


@check("sources_sum", "form")
def sources_sum(form: Form, rule: Rule) -> Iterator[Finding]:
    """The funding sources add up to the stated total (period and annual)."""
    tol = rule.params["tolerance_yuan"]
    halves = [("annual", form.funds.annual_total, form.funds.annual_sources)]
    if not form.annual_only:
        halves.insert(0, ("period", form.funds.period_total, form.funds.period_sources))
    for column, total, sources in halves:
        filled = {k: v for k, v in sources.items() if v is not None}
        if total is None or not filled:
            continue
        s = sum(filled.values())
        if abs(s - total) > tol:
            parts = " + ".join(f"{SOURCE_NAMES.get(k, k)}{fmt_yuan(v)}" for k, v in filled.items() if v)
            yield rule.finding(
                form,
                column=column,
                value=fmt_yuan(total),
                line=form.field_lines.get(f"local@{column}") or form.field_lines.get("funds"),
                total=fmt_yuan(total),
                sum=fmt_yuan(s),
                parts=parts or "各来源均为 0",
            )


@check("annual_within_period", "form")
def annual_within_period(form: Form, rule: Rule) -> Iterator[Finding]:
    """The annual total is not larger than the whole-period total."""
    f = form.funds
    if form.annual_only or f.period_total is None or f.annual_total is None:
        return
    if f.annual_total > f.period_total + rule.params["tolerance_yuan"]:
        yield rule.finding(
            form,
            column="annual",
            value=fmt_yuan(f.annual_total),
            line=form.field_lines.get("funds"),
            annual=fmt_yuan(f.annual_total),
            period=fmt_yuan(f.period_total),
        )


@check("stated_total_sum", "form")
def stated_total_sum(form: Form, rule: Rule) -> Iterator[Finding]:
    """A stated 合计 of a breakdown (unit form) equals the sum of its parts."""
    items = form.funds.breakdown
    total_re = re.compile(rule.params["total_pattern"])
    sub_re = re.compile(rule.params["subitem_pattern"])
    totals = [i for i in items if total_re.search(norm(i.name))]
    parts = [i for i in items if i not in totals and not sub_re.search(norm(i.name))]
    if len(totals) != 1 or len(parts) < 2:
        return
    total = totals[0]
    for attr, label in (("current", rule.params["current_label"]), ("previous", rule.params["previous_label"])):
        stated = getattr(total, attr)
        values = [getattr(p, attr) for p in parts]
        if stated is None or any(v is None for v in values):
            continue
        s = sum(values)  # type: ignore[arg-type]
        if abs(s - stated) > rule.params["tolerance_yuan"]:
            expr = " + ".join(f"{re.sub(r'^[0-9.、 ]+', '', p.name)} {getattr(p, attr):,.2f}" for p in parts)
            yield rule.finding(
                form,
                value=f"{stated:,.2f}",
                line=total.line,
                item=re.sub(r"^[0-9.、 ]+", "", total.name),
                year=label,
                stated=f"{stated:,.2f}",
                expr=expr,
                sum=f"{s:,.2f}",
            )


@check("budget_table_total", "document")
def budget_table_total(document: Document, rule: Rule) -> Iterator[Finding]:
    """The budget table's 合计 equals the sum of its lines (within rounding of the printed 万元)."""
    table = document.budget_table
    if not table or table.stated_total is None or not table.lines:
        return
    amounts = [b.total for b in table.lines if b.total is not None]
    s = sum(amounts)
    tol = rule.params["rounding_wan_per_line"] * len(amounts) + 1e-6
    if abs(s - table.stated_total) > tol:
        finding = rule.finding(
            value=f"{table.stated_total:.2f}万元",
            line=table.line_start,
            table=table.title,
            stated=f"{table.stated_total:,.2f}",
            sum=f"{s:,.2f}",
            n=len(amounts),
        )
        finding.file = document.path
        yield finding


# --- forms vs the budget table -------------------------------------------------------------


@dataclass(slots=True)
class Match:
    pairs: list[tuple[Form, BudgetLine, float]] = field(default_factory=list)
    lone_lines: list[BudgetLine] = field(default_factory=list)
    lone_forms: list[Form] = field(default_factory=list)
    # for each lone form / line: the most similar name on the other side, and its similarity
    nearest_line: dict[int, tuple[BudgetLine, float]] = field(default_factory=dict)
    nearest_form: dict[int, tuple[Form, float]] = field(default_factory=dict)


_MATCH_CACHE: dict[tuple[int, tuple], tuple[Document, Match]] = {}


def _key(name: str, strip: tuple[str, ...]) -> str:
    text = norm(name)
    for s in strip:
        if text.endswith(s) and len(text) > len(s) + 2:
            text = text[: -len(s)]
    return text


def _best(scores: dict[int, float]) -> tuple[float, int]:
    """The highest of some scores by position, and its position (the last one among equals)."""
    top = max(scores.values())
    return top, max(k for k, v in scores.items() if v == top)


def match_budget(document: Document, params: dict) -> Match | None:
    """Pair each project form with its budget line: names fuzzily, duplicates apart by amount."""
    if not document.budget_lines:
        return None
    cache_key = (id(document), tuple(sorted((k, str(v)) for k, v in params.items())))
    cached = _MATCH_CACHE.get(cache_key)
    if cached and cached[0] is document:
        return cached[1]
    from rapidfuzz import fuzz, process

    strip = tuple(params["strip_suffixes"])
    tol = params["tolerance_yuan"]
    forms = [f for f in document.project_forms]
    lines = [b for b in document.budget_lines if b.total is not None and clean(b.name)]
    fkeys = [_key(f.project_name, strip) for f in forms]
    lkeys = [_key(b.name, strip) for b in lines]
    # every form name against every line name of this document; only scores from the lower of the
    # two thresholds on matter (a candidate pair, a nearest name), so only those are kept
    cutoff = min(params["loose_similarity"], params["nearest_similarity"])
    by_form: dict[int, dict[int, float]] = {}
    by_line: dict[int, dict[int, float]] = {}
    for i, key in enumerate(fkeys):
        for _name, score, j in process.extract(key, lkeys, scorer=fuzz.ratio, limit=None, score_cutoff=cutoff):
            by_form.setdefault(i, {})[j] = by_line.setdefault(j, {})[i] = float(score)
    candidates: list[tuple[float, float, int, int]] = []
    for i, row in by_form.items():
        for j, found in row.items():
            if found < params["loose_similarity"]:
                continue
            form, line = forms[i], lines[j]
            amount = form.funds.annual_total
            score = 100.0 if fkeys[i] == lkeys[j] else found
            diff = abs(amount - line.total * 10000) if amount is not None else float("inf")  # type: ignore[operator]
            if score < params["strict_similarity"] and diff > tol:
                continue  # a loose name match is trusted only when the amounts agree
            candidates.append((-score, diff, i, j))
    candidates.sort()
    used_f: set[int] = set()
    used_l: set[int] = set()
    match = Match()
    for neg_score, _diff, i, j in candidates:
        if i in used_f or j in used_l:
            continue
        used_f.add(i)
        used_l.add(j)
        match.pairs.append((forms[i], lines[j], -neg_score))
    match.lone_forms = [f for i, f in enumerate(forms) if i not in used_f]
    match.lone_lines = [b for j, b in enumerate(lines) if j not in used_l]
    near = params["nearest_similarity"]
    for i, form in enumerate(forms):
        if i not in used_f and i in by_form:
            score, j = _best(by_form[i])
            if score >= near:
                match.nearest_line[id(form)] = (lines[j], score)
    for j, line in enumerate(lines):
        if j not in used_l and j in by_line:
            score, i = _best(by_line[j])
            if score >= near:
                match.nearest_form[id(line)] = (forms[i], score)
    _MATCH_CACHE.clear()
    _MATCH_CACHE[cache_key] = (document, match)
    return match


def _match_params(rule: Rule) -> dict:
    keys = ("strip_suffixes", "tolerance_yuan", "loose_similarity", "strict_similarity", "nearest_similarity")
    return {k: rule.params[k] for k in keys}


@check("form_vs_budget_line", "document")
def form_vs_budget_line(document: Document, rule: Rule) -> Iterator[Finding]:
    """A form's annual funds equal its line in the budget table."""
    match = match_budget(document, _match_params(rule))
    if match is None:
        return
    for form, line, _score in match.pairs:
        amount = form.funds.annual_total
        if amount is None:
            continue
        if abs(amount - line.total * 10000) > rule.params["tolerance_yuan"]:  # type: ignore[operator]
            yield rule.finding(
                form,
                column="annual",
                value=fmt_yuan(amount),
                line=form.field_lines.get("funds"),
                annual=fmt_yuan(amount),
                budget_name=line.name,
                budget_line=line.line,
                budget=f"{line.total:,.2f}万元",
            )


@check("budget_line_without_form", "document")
def budget_line_without_form(document: Document, rule: Rule) -> Iterator[Finding]:
    """A line of the budget table that no project form matches."""
    match = match_budget(document, _match_params(rule))
    if match is None or not document.project_forms:
        return
    lone = match.lone_lines
    if len(lone) > rule.params["summary_over"]:
        # an excerpt (a few forms against the whole table): one finding, not one per line
        names = "、".join(f"{b.name}（第 {b.line} 行）" for b in lone[: rule.params["max_names"]])
        finding = rule.finding(
            value=f"{len(lone)}/{len(document.budget_lines)}",
            line=lone[0].line,
            suggestion=rule.params["summary_suggestion"],
            budget_line=lone[0].line,
            budget_name="",
            budget="",
            hint="",
        )
        finding.message = rule.params["summary_message"].format(
            n=len(lone), total=len(document.budget_lines), forms=len(document.project_forms), names=names
        )
        finding.file = document.path
        finding.level3 = None
        yield finding
        return
    for line in match.lone_lines:
        nearest = match.nearest_form.get(id(line))
        hint = ""
        if nearest:
            form = nearest[0]
            hint = rule.params["nearest_form_hint"].format(
                name=form.project_name, line=form.source.line_start, amount=fmt_yuan(form.funds.annual_total)
            )
        finding = rule.finding(
            value=f"{line.total:,.2f}万元",
            line=line.line,
            budget_name=line.name,
            budget_line=line.line,
            budget=f"{line.total:,.2f}万元",
            hint=hint,
        )
        finding.file = document.path
        finding.level3 = None
        yield finding


@check("form_without_budget_line", "document")
def form_without_budget_line(document: Document, rule: Rule) -> Iterator[Finding]:
    """A project form with no line in the budget table."""
    match = match_budget(document, _match_params(rule))
    if match is None:
        return
    for form in match.lone_forms:
        nearest = match.nearest_line.get(id(form))
        hint = ""
        if nearest:
            line = nearest[0]
            taken = next((f for f, b, _ in match.pairs if b is line), None)
            template = rule.params["taken_hint"] if taken is not None else rule.params["nearest_line_hint"]
            hint = template.format(
                name=line.name,
                line=line.line,
                amount=f"{line.total:,.2f}万元",
                other=taken.source.line_start if taken is not None else "",
                other_name=taken.project_name if taken is not None else "",
            )
        yield rule.finding(
            form, value=fmt_yuan(form.funds.annual_total), line=form.field_lines.get("project_name"), hint=hint
        )


# --- cost indicators vs funds ------------------------------------------------------------------


def _is_cost(ind: Indicator, words: list[str]) -> bool:
    return any(w in ind.level2 or w in ind.level1 for w in words)


@check("cost_over_funds", "indicator")
def cost_over_funds(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A cost indicator states more money than the project has (period or annual funds)."""
    from auditor.engine.checks.values import bare_money
    from auditor.values import parse_value

    if form.kind != "project" or not _is_cost(ind, rule.params["cost_headings"]):
        return
    over: list[tuple[str, str, int, float, float, bool]] = []
    for column, value in (("period", ind.period_value), ("annual", ind.annual_value)):
        funds = form.funds.period_total if column == "period" else form.funds.annual_total
        if not value or not funds:
            continue
        pv = parse_value(value)
        amount = pv.money_yuan
        if amount is None and bare_money(ind, pv, rule.params["cost_headings"], rule.params["money_markers"]):
            amount = pv.number  # ≤130万 under 成本指标: 万元 (the value grammar already scaled it)
        slack = max(rule.params["tolerance_yuan"], funds * rule.params["tolerance_ratio"])
        if amount is None or amount <= funds + slack:
            continue  # 23.670261万元 against 236,701 元 is rounding, not an overrun
        over.append((column, value, ind.line_of(column), amount, funds, bool(pv.per)))
    if len(over) == 2 and clean(over[0][1]) == clean(over[1][1]):
        over = [over[0]]  # one value over both totals: one finding, against the (larger) period total
        label = "实施期和年度"
    else:
        label = ""
    for column, value, line, amount, funds, per_unit in over:
        yield rule.finding(
            form,
            ind,
            column=column,
            value=value,
            line=line,
            column_name=label or column_word(column),
            funds_label=rule.params["funds_labels"]["both" if label else column],
            amount=fmt_yuan(amount),
            funds=fmt_yuan(funds),
            what=rule.params["per_unit_word"] if per_unit else rule.params["total_word"],
        )
