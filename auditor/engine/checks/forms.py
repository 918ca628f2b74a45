"""Form-level checks: annual half missing, required fields, required dimensions, generic goals."""

from __future__ import annotations

import re
from collections.abc import Iterator

from auditor.engine.checks.common import any_in, clean, norm
from auditor.engine.registry import Rule, check
from auditor.model import Finding, Form


@check("annual_half_missing", "form")
def annual_half_missing(form: Form, rule: Rule) -> Iterator[Finding]:
    """The annual half is blank (funds, goal or indicator values) while the period half is filled."""
    if form.kind != "project" or form.annual_only:
        return
    parts = rule.params["parts"]
    funds = form.funds
    if funds.period_total is not None and funds.annual_total is None:
        yield rule.finding(form, line=form.field_lines.get("funds"), detail=parts["funds"])
    if clean(form.goals.period) and not clean(form.goals.annual):
        yield rule.finding(form, line=form.field_lines.get("goals"), detail=parts["goal"])
    filled = [i for i in form.indicators if i.period_value]
    if not filled:
        return
    blank = [i for i in filled if not i.annual_value and not i.annual_level3]
    if len(blank) == len(filled):
        yield rule.finding(form, line=filled[0].line, detail=parts["all_values"].format(n=len(filled)))


@check("required_fields", "form")
def required_fields(form: Form, rule: Rule) -> Iterator[Finding]:
    """Required header and text fields of a project form are filled."""
    if form.kind != "project":
        return
    # A form read from a tidy table has no labelled fields (no field_lines): only the columns the
    # table must carry (the goals) can be judged; absent text columns are not blank fields.
    tidy = not form.field_lines
    for key, label in rule.params["fields"].items():
        if tidy and key not in rule.params["tidy_fields"]:
            continue
        if key.startswith("texts."):
            value = getattr(form.texts, key.split(".", 1)[1], "")
            line_key = key.split(".", 1)[1]
        elif key == "goals":
            value = form.goals.period or form.goals.annual
            line_key = "goals"
        else:
            value = getattr(form, key, "") or ""
            line_key = key
        text = norm(str(value or ""))
        if text and text not in rule.params["filler_texts"]:
            continue
        states = rule.params["states"]
        state = states["filler"].format(text=clean(str(value))) if text else states["blank"]
        yield rule.finding(
            form, line=form.field_lines.get(line_key) or form.source.line_start, field=label, state=state
        )


def _has(form: Form, words: list[str]) -> bool:
    """True when a filled indicator row sits under a heading (level1 or level2) holding a word."""
    return any(any_in(ind.level1, words) or any_in(ind.level2, words) for ind in _filled(form))


def _filled(form: Form) -> list:
    return [i for i in form.indicators if i.level3 or i.period_value or i.annual_value or i.annual_level3]


@check("required_dimensions", "form")
def required_dimensions(form: Form, rule: Rule) -> Iterator[Finding]:
    """Every required first-level dimension, and every required second-level one, has an indicator.

    Headings are read as categories (``rules/headings.yaml``: 产出 指标, 产出值, 數量指標 …); when a
    row's heading is not understood (blank everywhere, or unknown and not resolved by the heading
    classifier), no dimension can be said to be missing and nothing is reported.
    """
    if form.kind != "project":
        return
    line = form.field_lines.get("indicators") or (form.indicators[0].line if form.indicators else None)
    if not form.indicators:
        yield rule.finding(form, line=line, dimension=rule.params["all_label"])
        return
    from auditor.values import infer_kind
    from auditor.values.headings import resolve_row, vocabulary

    present: set[str] = set()
    kinds_under: set[tuple[str | None, str | None]] = set()  # (name kind, level-1 category) per row
    for ind in _filled(form):
        row = resolve_row(ind.level1, ind.level2, ind.level3 or ind.annual_level3 or "",
                          ind.annual_value or ind.period_value)
        if not row.understood:
            return  # a heading nobody knows may be the "missing" one: say nothing
        present.update(c for c in (row.level1, row.level2) if c)
        if ind.level3:
            kinds_under.add((infer_kind(ind.level1, ind.level2, ind.level3).name_kind, row.level1))
    parents = vocabulary().parents
    # a template without second-level headings (产出指标 / 效益指标 over the names, as the old
    # national form) has no 数量/质量/时效/成本 slots: only first-level dimensions can be missing
    second_level = any(c in parents and parents[c] != c for c in present)
    for dim in rule.params["dimensions"]:
        if dim["label"] in present or _has(form, dim["match"]):
            continue
        parent = parents.get(dim["label"], dim["label"])
        if parent != dim["label"] and not second_level:
            continue
        # an indicator of this kind filed under another heading of the same first-level dimension
        # is misfiled, not missing (a 及时率 under 质量); one under another first-level dimension
        # does not make up for it (an accident count under 效益 is no 数量 under 产出)
        wanted = set(dim.get("kinds", []))
        if any(kind in wanted and (parent == dim["label"] or level1 in (None, parent))
               for kind, level1 in kinds_under):
            continue
        yield rule.finding(form, line=line, dimension=dim["label"])


@check("generic_goal_text", "form")
def generic_goal_text(form: Form, rule: Rule) -> Iterator[Finding]:
    """A goal that is a generic phrase (lexicon of patterns) with nothing about the project."""
    patterns = [re.compile(p) for p in rule.params["patterns"]]
    prefix = re.compile(rule.params["goal_prefix"])
    seen: set[str] = set()
    for column, text in (("period", form.goals.period), ("annual", form.goals.annual)):
        if not clean(text):
            continue
        parts = [norm(p) for p in prefix.split(clean(text)) if norm(p)]
        if parts and all(any(p.fullmatch(part) for p in patterns) for part in parts):
            key = clean(text)
            if key in seen:
                continue
            seen.add(key)
            label = "实施期目标" if column == "period" else "年度目标"
            if column == "period" and clean(form.goals.annual) == key:
                label = "实施期目标和年度目标"
            yield rule.finding(
                form, column=column, value=text.strip(), line=form.field_lines.get("goals"), goal_label=label
            )


@check("generic_text_fields", "form")
def generic_text_fields(form: Form, rule: Rule) -> Iterator[Finding]:
    """Short text fields that are nothing but a generic phrase (根据工作需要, 保障日常工作 …)."""
    if form.kind != "project":
        return
    p = rule.params
    patterns = [re.compile(x) for x in p["patterns"]]
    items: list[str] = []
    lines: list[int] = []
    texts = {key: norm(getattr(form.texts, key, "") or "") for key in p["fields"]}
    texts["goal"] = norm(form.goals.period or form.goals.annual)
    for key, label in p["fields"].items():
        text = clean(getattr(form.texts, key, "") or "")
        key_text = texts[key]
        if not key_text or len(key_text) > p["max_chars"]:
            continue
        if p["skip_repeated"] and any(k != key and t == key_text for k, t in texts.items()):
            continue
        if any(pattern.fullmatch(key_text) for pattern in patterns):
            items.append(p["item"].format(field=label, text=text))
            if form.field_lines.get(key):
                lines.append(form.field_lines[key])
    if items:
        yield rule.finding(form, line=min(lines) if lines else None, items="，".join(items))
