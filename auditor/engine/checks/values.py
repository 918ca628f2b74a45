"""Indicator-value checks built on :func:`auditor.values.parse_value` and
:func:`auditor.values.infer_kind`: unit, direction, impossible, malformed, vague, empty, inflated,
and annual-vs-period consistency."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.engine.checks.common import any_in, clean, columns, compiled, norm
from auditor.engine.registry import Rule, check
from auditor.model import Finding, Form, Indicator
from auditor.values import KindInfo, ParsedValue, dimension_fits, infer_kind, parse_value, value_repeats_name

LOWER_OPS = {"<=", "<"}
UPPER_OPS = {">=", ">"}
SYMBOLS = {"<=": "≤", ">=": "≥", "<": "<", ">": ">", "=": "=", "!=": "≠"}


def _in_context(ind: Indicator, value: str, kind: KindInfo | None = None) -> ParsedValue:
    """The value read with its name: a bare number the name completes (人数 220, (人) 116)."""
    from auditor.values.context import parse_in_context

    return parse_in_context(value, ind.level3 or ind.annual_level3 or "", (kind or _kind(ind)).kind)


def bare_money(ind: Indicator, pv: ParsedValue, headings: list[str], markers: list[str]) -> bool:
    """A unitless number with 万/亿 under a cost heading (成本指标 ≤130万): an amount in 万元."""
    heading = (ind.level1 or "") + (ind.level2 or "")
    return bool(pv.unitless and pv.number and any(w in heading for w in headings) and any_in(pv.text, markers))


def _kind(ind: Indicator) -> KindInfo:
    return infer_kind(ind.level1, ind.level2, ind.level3 or ind.annual_level3 or "")


def _expected(kind: KindInfo) -> tuple[str, ...]:
    return tuple(kind.expected_dimensions)


def _label(words: dict[str, str], key: str | None) -> str:
    return words.get(key or "", key or "")


def _skip(pv: ParsedValue) -> bool:
    """Values another rule owns (broken or cut off) are not judged by the measuring rules."""
    return bool(pv.malformed or pv.truncated)


def _base(pv: ParsedValue) -> str:
    """The dimension of what is measured: a unit rate's numerator (589元/人 -> money)."""
    return pv.base_dimension or pv.effective_dimension


def _embedded(pv: ParsedValue, p: dict) -> bool:
    """A number inside a sentence (1-6期培训结束后及时考核): the sentence, not its unit, is the target."""
    return sum(1 for ch in pv.rest if "\u4e00" <= ch <= "\u9fff") > p["max_rest_chars"]


def _rate_named(name: str, kind: KindInfo, p: dict) -> bool:
    """The name ends as a rate does (家庭医生签约率, 检测及时率): its value must be a share."""
    return kind.is_rate and kind.source == "name" and any(name.endswith(w) for w in p["rate_endings"])


def _heading_rejects(ind: Indicator, pv: ParsedValue, p: dict) -> KindInfo | None:
    """The heading's kind when the heading rules the value out whatever the name says (money under
    数量指标: 资助金额 160.77万元 is an amount paid, a 数量 target must count what is delivered)."""
    if _skip(pv) and "double-unit" not in pv.reasons:
        return None
    heading = infer_kind(ind.level1, ind.level2, "")
    if heading.source != "heading" or not ind.level2:
        return None
    rejected = p["heading_rejects"].get(heading.kind, [])
    return heading if _base(pv) in rejected else None


def _per_unit_without_base(kind: KindInfo, pv: ParsedValue, p: dict) -> bool:
    """A unit rate whose numerator is measured but not what the kind needs (cost: money)."""
    bases = p["per_unit_bases"].get(kind.kind)
    if pv.dimension != "rate_per_unit" or bases is None or pv.unitless:
        return False
    return _base(pv) in p["measured_dimensions"] and _base(pv) not in bases


def _unit_wrong(ind: Indicator, kind: KindInfo, pv: ParsedValue, p: dict) -> bool:
    """True when the value's dimension clearly does not fit the indicator's kind."""
    if pv.dimension == "qualitative_graded" and not _skip(pv):
        # 成本指标 中标价 达到预期目标: a cost is an amount, never a grade
        heading_kind = kind.heading_kind or (kind.kind if kind.source == "heading" else None)
        return kind.kind == heading_kind and heading_kind in p["graded_wrong_heading_kinds"]
    if "whole-scale" in pv.reasons and kind.kind in p["scale_wrong_kinds"]:
        return True  # 满意度 高中低: a copied grading scale where a percentage is due
    if _skip(pv) or pv.dimension not in p["measured_dimensions"] or pv.reference:
        return False
    if _embedded(pv, p):
        return False
    name = norm(ind.level3 or ind.annual_level3 or "")
    if pv.dimension == "percent" and any(ch.isdigit() for ch in name):
        return False  # the name holds the standard (餐费不高于140元/天): the value is a compliance rate
    if pv.dimension == "percent" and any(w in name for w in p["change_words"]):
        return False  # 减少不必要的会议数量 100%, 人数不超标 100%: a change or compliance rate
    if pv.dimension == "percent" and any(name.endswith(w) for w in p["rate_endings"]):
        return False  # 资金使用效率 100% under 成本指标: a rate named as a rate takes a percentage
    if _per_unit_without_base(kind, pv, p):
        return True  # 差旅费 470人/天: a cost per person-day with no money in it
    if _rate_named(name, kind, p) and pv.dimension != "ratio":
        return dimension_fits(pv, kind) is False  # 签约率 24694人 under 数量指标: the name decides
    if kind.source == "name" and kind.kind not in p["name_decisive_kinds"]:
        heading_dims = kind.heading_expected
        if pv.dimension in heading_dims or pv.effective_dimension in heading_dims:
            return False  # 成本指标 经费/预算 25万元: the heading accepts the value, the name is the odd part
    if pv.dimension == "rate_per_unit" and (kind.source == "heading" or pv.base_dimension in _expected(kind)):
        return False
    if kind.source == "heading" and pv.dimension in p["heading_only_lenient"].get(kind.kind, []):
        return False
    if kind.kind in p["time_kinds"] and pv.dimension == "percent":
        matched = kind.matched
        if not (name.endswith(matched) and matched in p["time_name_words"]):
            return False  # 规定时间完成 95%: a rate of on-time completion
    return dimension_fits(pv, kind) is False


def _kinds_to_check(ind: Indicator, kind: KindInfo, p: dict) -> KindInfo | None:
    """The kind to judge by: the heading's where it is decisive (满意度), else the name's."""
    heading = kind.heading_kind
    if heading in p["decisive_headings"] and kind.kind != heading:
        return infer_kind(ind.level1, ind.level2, "")
    return kind if kind.kind in p["kinds"] else None


@check("unit_fits_kind", "indicator")
def unit_fits_kind(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """The value's dimension is one the indicator's kind accepts (satisfaction → %, cost → money…)."""
    p = rule.params
    kind = _kinds_to_check(ind, _kind(ind), p)
    if kind is None or kind.kind not in p["kinds"] or not _expected(kind):
        return
    for column, value, line in columns(ind):
        pv = _in_context(ind, value)
        judged = _heading_rejects(ind, pv, p)
        if judged is None:
            if not _unit_wrong(ind, kind, pv, p):
                continue
            judged = kind
        expected = _expected(judged)
        yield rule.finding(
            form,
            ind,
            column=column,
            value=value,
            line=line,
            kind_name=_label(p["kind_names"], judged.kind),
            kind_phrase=_kind_phrase(judged, p),
            unit_name=_label(p["dimension_names"], _base(pv) if judged is not kind else pv.dimension),
            expected_name="或".join(
                dict.fromkeys(name for d, name in p["dimension_names"].items() if d in expected)
            ),
            suggestion=p["suggestions"].get(judged.kind),
        )


def _kind_phrase(kind: KindInfo, p: dict) -> str:
    """"是成本指标", or "衡量的是成本" when the name, not the heading (数量指标), says what it is."""
    heading_kind = kind.heading_kind
    by_name = kind.source == "name" and heading_kind not in (None, kind.kind)
    template = p["kind_phrases"]["name" if by_name else "heading"]
    return template.format(kind=_label(p["kind_names"], kind.kind))


@check("operator_fits_polarity", "indicator")
def operator_fits_polarity(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A "more is better" indicator is not capped (≤), a "less is better" one not floored (≥)."""
    p = rule.params
    kind = _kind(ind)
    if kind.kind not in p["kinds"] or not kind.polarity:
        return
    for column, value, line in columns(ind):
        pv = parse_value(value)
        if _skip(pv) or pv.operator is None or pv.number is None:
            continue
        if pv.dimension not in p["measured_dimensions"]:
            continue
        if kind.kind in p["deadline_kinds"] and pv.dimension in p["time_dimensions"]:
            continue  # "within N days" / "before December" is always an upper bound
        if kind.kind not in p["even_if_unit_wrong"] and dimension_fits(pv, kind) is False:
            continue  # the unit is wrong: the unit rule says it, the direction is moot
        if kind.polarity == "higher" and kind.kind in p["skip_higher_kinds"]:
            continue  # a capped headcount or output count can be a deliberate limit
        if kind.kind == "rate" and kind.matched in p["generic_rate_words"]:
            continue  # 使用率, 比例: which way is better depends on what is used
        wrong = (kind.polarity == "higher" and pv.operator in LOWER_OPS) or (
            kind.polarity in ("lower", "zero") and pv.operator in UPPER_OPS
        )
        if not wrong or (pv.operator in LOWER_OPS and pv.number <= 0):
            continue  # ≤0 is the impossible-value rule's case
        good_op = "≥" if kind.polarity == "higher" else "≤"
        yield rule.finding(
            form,
            ind,
            column=column,
            value=value,
            line=line,
            polarity=p["polarity_names"][kind.polarity],
            operator=SYMBOLS.get(pv.operator, pv.operator),
            good_operator=good_op,
        )


@check("percent_ceiling", "indicator")
def percent_ceiling(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A percentage bounded from below at 100% (≥100%, >100%) or a rate above 100%."""
    p = rule.params
    kind = _kind(ind)
    if kind.polarity in ("lower", "zero") and not (kind.is_rate and kind.matched not in p["over_100_words"]):
        return  # a floor on a less-is-better ratio to something else is a direction problem (水费/预算)
    for column, value, line in columns(ind):
        pv = parse_value(value)
        if _skip(pv) or pv.dimension != "percent" or pv.number is None:
            continue
        top = pv.number_high if pv.number_high is not None else pv.number
        if pv.operator in UPPER_OPS and pv.number >= 100:
            at_100 = pv.operator == ">=" and pv.number == 100
            key = "floor_at_100" if at_100 else "above_100"
        elif top > 100 and kind.kind in p["rate_kinds"]:
            key = "above_100"
        else:
            continue
        yield rule.finding(
            form, ind, column=column, value=value, line=line, reason=p["reasons"][key],
            severity=rule.reason_severity(key), suggestion=p["suggestions"][key],
        )


@check("nonpositive_bound", "indicator")
def nonpositive_bound(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """An upper bound of zero (≤0, <0: means =0 or cannot be met) or a negative target."""
    p = rule.params
    for column, value, line in columns(ind):
        pv = parse_value(value)
        if _skip(pv) or pv.number is None or pv.dimension not in p["measured_dimensions"]:
            continue
        if pv.operator == "<=" and pv.number == 0:
            key = "le_zero"
        elif (pv.operator == "<" and pv.number <= 0) or pv.number < 0:
            key = "negative"
        else:
            continue
        unit = pv.counter or pv.unit or ""
        yield rule.finding(
            form,
            ind,
            column=column,
            value=value,
            line=line,
            reason=p["reasons"][key],
            fixed=f"=0{unit}",
            severity=rule.reason_severity(key),
        )


@check("malformed_value", "indicator")
def malformed_value(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A value that is broken: a typo, text cut off, the indicator's name repeated, unparseable."""
    p = rule.params
    reasons = p["reasons"]
    for column, value, line in columns(ind):
        name = ind.annual_level3 if column == "annual" and ind.annual_level3 else ind.level3
        if len(norm(value)) <= len(norm(name)) and value_repeats_name(name, value):
            reason = reasons["repeats_name"]
        else:
            pv = _in_context(ind, value)
            if pv.dimension == "ratio" and pv.unitless and not (pv.malformed or pv.truncated):
                if any(w in clean(name) for w in p["ratio_name_words"]) or pv.number == 0:
                    continue  # 评审价/预算价 ≤1: a true ratio has no unit; a zero needs none
                if bare_money(ind, pv, p["money_headings"], p["money_markers"]):
                    continue  # 成本指标 ≤130万 is read as 万元 (and checked against the funds by FND008)
                yield rule.finding(
                    form, ind, column=column, value=value, line=line,
                    reason=reasons["no_unit"],
                )
                continue
            if not (pv.malformed or pv.truncated):
                continue
            other = ind.period_value if column == "annual" else ind.annual_value
            if pv.truncated and clean(other).startswith(clean(value)) and clean(other) != clean(value):
                continue  # a cut-off copy of the other half's full value: the PDF cell was narrower
            codes = list(pv.reasons)
            key = next((c for c in codes if c in reasons), None)
            if key is None:
                key = "truncated" if pv.truncated else "unparseable"
            reason = reasons[key]
        yield rule.finding(
            form, ind, column=column, value=value, line=line, reason=reason
        )


@check("vague_value", "indicator")
def vague_value(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A qualitative value with no grade or measure (明显, 提高, 健全 …)."""
    advice = None
    name = clean(ind.level3 or ind.annual_level3 or "")
    for column, value, line in columns(ind):
        pv = parse_value(value)
        if _skip(pv) or not pv.vague:
            continue
        if _answers_name(name, pv, ind, rule.params):
            continue  # 立项依据充分性 充分: the name's own property affirmed, a yes/no check
        if advice is None:
            advice = rule.params["suggestions"].get(_kind(ind).kind, "")
        yield rule.finding(
            form, ind, column=column, value=value, line=line,
            suggestion=advice or None,
        )


def _answers_name(name: str, pv: ParsedValue, ind: Indicator, p: dict) -> bool:
    """The value affirms the property the name asks about (规范性 → 规范), for kinds that have no
    measure of their own (a timeliness has one: 及时性 → 及时 stays vague)."""
    if pv.text not in p["yes_no_answers"] or _kind(ind).kind in p["yes_no_except_kinds"]:
        return False
    return any(name.endswith(pv.text + suffix) for suffix in p["yes_no_suffixes"])


def _name_group(name: str, p: dict) -> str | None:
    """The group of things a name counts (…户数 → households), from its ending; None if not said."""
    key = clean(name)
    return next((group for ending, group in p["name_endings"].items() if key.endswith(ending)), None)


@check("counter_fits_name", "indicator")
def counter_fits_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A count whose counting word counts another thing than the name (户数 valued in 人/次)."""
    p = rule.params
    expected = _name_group(ind.level3 or ind.annual_level3 or "", p)
    if expected is None:
        return
    for column, value, line in columns(ind):
        pv = parse_value(value)
        counter = pv.counter or ""
        if _skip(pv) or pv.dimension != "count" or counter in p["groups"][expected]:
            continue
        if not any(counter in words for words in p["groups"].values()):
            continue  # 个, 项, 次: a counting word that says nothing about what is counted
        yield rule.finding(
            form, ind, column=column, value=value, line=line, counter=counter,
            expected=p["group_names"][expected],
        )


@check("empty_cell", "indicator")
def empty_cell(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A name with no value, or a value with no name (period or annual column)."""
    p = rule.params
    has_name = bool(clean(ind.level3) or clean(ind.annual_level3 or ""))
    if not has_name:
        for column, value, line in columns(ind):
            yield rule.finding(
                form, ind, column=column, value=value, line=line,
                detail=p["details"]["no_name"],
            )
        return
    if ind.period_value and ind.annual_value:
        return  # both halves filled: nothing is empty (the common case, decided first)
    name = norm(ind.level3 or ind.annual_level3 or "")
    if any(pattern.fullmatch(name) for pattern in compiled(tuple(p["skip_names"]))):
        return
    annual_only = form.annual_only or form.kind == "unit"  # unit forms have one (annual) column
    # a wholly blank annual half is the form-level rule's finding, not one finding per row
    annual_blank_form = not annual_only and not any(i.annual_value for i in form.indicators)
    # a row split into two indicators (period name and annual name differ) holds one half each
    split_row = sum(1 for other in form.indicators if other.line == ind.line) > 1
    found: list[tuple[str, str]] = []
    if not ind.period_value and not ind.annual_value:
        if split_row and not p["half_missing"]:
            pass
        elif annual_only:
            found.append(("annual", p["details"]["no_value_single"]))
        else:
            found.append(("period", p["details"]["no_value"]))
    elif not p["half_missing"]:
        pass  # one half blank on one row: in PDF text usually a lost last cell, not the author's gap
    elif not ind.period_value and not annual_only:
        found.append(("period", p["details"]["no_period"]))
    elif not ind.annual_value and not annual_blank_form:
        found.append(("annual", p["details"]["no_annual"]))
    for column, detail in found:
        yield rule.finding(form, ind, column=column, value="", line=ind.line_of(column), column_name="", detail=detail)


@check("satisfaction_at_100", "indicator")
def satisfaction_at_100(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """A satisfaction target of exactly 100% (no survey can evidence it)."""
    kind = _kind(ind)
    name = norm(ind.level3 or ind.annual_level3 or "")
    if kind.kind not in rule.params["kinds"]:
        return
    if kind.name_kind != "satisfaction" and not any(
        name.endswith(w) for w in rule.params["people_words"]
    ):
        return  # under a 满意度 heading but the name measures something else
    for column, value, line in columns(ind):
        pv = parse_value(value)
        if _skip(pv) or pv.dimension != "percent" or pv.number != 100 or pv.number_high is not None:
            continue
        if pv.operator not in (None, "="):
            continue  # ≥100% belongs to the impossible-value rule
        yield rule.finding(
            form, ind, column=column, value=value, line=line,
            target=rule.params["realistic_target"],
        )


@check("all_rates_at_ceiling", "form")
def all_rates_at_ceiling(form: Form, rule: Rule) -> Iterator[Finding]:
    """Every rate of a form is set at 100%."""
    p = rule.params
    rates: list[tuple[Indicator, float]] = []
    for ind in form.indicators:
        kind = _kind(ind)
        if kind.polarity in ("lower", "zero"):
            continue
        for _column, value, _line in columns(ind):
            pv = parse_value(value)
            if pv.dimension == "percent" and pv.number is not None and not _skip(pv):
                if pv.operator in LOWER_OPS:
                    break  # a cap (资金使用率 <100%) is not a target set at the ceiling
                rates.append((ind, pv.number))
                break
    if len(rates) >= p["min_rates"] and all(n >= 100 for _, n in rates):
        yield rule.finding(
            form,
            line=rates[0][0].line,
            n=len(rates),
            names="".join(p["name_item"].format(name=name) for name in dict.fromkeys(i.level3 for i, _ in rates)),
        )


@check("halves_agree", "indicator")
def halves_agree(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """The annual value of an indicator agrees with its period value (unit; not larger)."""
    p = rule.params
    if form.annual_only or not ind.period_value or not ind.annual_value:
        return
    if clean(ind.period_value) == clean(ind.annual_value):
        return
    a, b = parse_value(ind.period_value), parse_value(ind.annual_value)
    if _skip(a) or _skip(b) or a.number is None or b.number is None:
        return
    measured = p["measured_dimensions"]
    if a.dimension not in measured or b.dimension not in measured:
        return
    line = ind.line_of("annual")
    if a.dimension != b.dimension:
        if {a.dimension, b.dimension} <= set(p["compatible_dimensions"]):
            return
        yield rule.finding(
            form, ind, column="annual", value=ind.annual_value, line=line,
            detail=p["details"]["unit"].format(period=ind.period_value, annual=ind.annual_value),
        )
        return
    if a.dimension not in p["additive_dimensions"]:
        return
    if a.dimension == "money":
        va, vb = a.money_yuan, b.money_yuan
    else:
        if (a.counter or a.unit) != (b.counter or b.unit) or a.per or b.per or a.period or b.period:
            return
        va, vb = a.number_high or a.number, b.number_high or b.number
    if va is None or vb is None:
        return
    if vb > va * (1 + p["tolerance_ratio"]):
        yield rule.finding(
            form, ind, column="annual", value=ind.annual_value, line=line,
            detail=p["details"]["larger"].format(period=ind.period_value, annual=ind.annual_value),
        )
    elif vb != va and _one_year(form, p):
        yield rule.finding(
            form, ind, column="annual", value=ind.annual_value, line=line,
            detail=p["details"]["one_year"].format(period=ind.period_value, annual=ind.annual_value),
        )


def _one_year(form: Form, p: dict) -> bool:
    """A project that lasts one year: its annual targets are its period targets."""
    period = clean(form.period or "")
    return period in p["one_year_periods"] or any(w in (form.attribute or "") for w in p["one_year_attributes"])
