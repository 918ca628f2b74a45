"""Indicator-name checks: template placeholders, unmeasurable names (lexical), duplicates."""

from __future__ import annotations

from collections.abc import Iterator

from auditor.engine.checks.common import any_in, clean, compiled, memo_for, norm
from auditor.engine.registry import Rule, check
from auditor.model import Finding, Form, Indicator
from auditor.values import parse_value
from auditor.values.people import names_people_under_satisfaction


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
    if names_people_under_satisfaction(name, ind.level1 + ind.level2, params["people_words"],
                                       params["satisfaction_headings"]):
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


def name_key(name: str, params: dict, heading: str = "") -> str:
    """The comparison key of a name: normalised, heading word, function and filler words out,
    synonyms unified, words segmented and sorted (安全性操作 → 安全 操作; 根据工作需要开展 → 根据 需要)."""
    from auditor.nlp.tokenize import words

    text = norm(name)
    for word in params["heading_words"]:
        if heading.startswith(word) and text.startswith(word) and len(text) - len(word) >= params["heading_rest_min_chars"]:
            text = text[len(word):]
    for word in params["function_words"]:
        text = text.replace(word, "")
    for word in params["trailing_words"]:
        if text.endswith(word) and len(text) > len(word) + 1:
            text = text[: -len(word)]
    for word, same in params["synonyms"].items():
        text = text.replace(word, same)
    stripped = text
    for word in params["filler_words"]:
        stripped = stripped.replace(word, "")
    if len(stripped) < params["min_key_chars"]:
        stripped = text  # a name made only of filler words is compared as written
    return " ".join(sorted(words(stripped)))


def _name_key_cached(name: str, params: dict, heading: str) -> str:
    """:func:`name_key`, once per name and heading for one rule's params (names repeat across forms)."""
    keys: dict[tuple[str, str], str] = memo_for(params).setdefault("name_keys", {})
    key = (name, heading)
    hit = keys.get(key)
    if hit is None:
        if len(keys) >= 1 << 16:
            keys.clear()
        hit = keys[key] = name_key(name, params, heading)
    return hit


def _truncated_of(short: str, long: str, params: dict) -> bool:
    """``short`` is ``long`` cut off inside a word (提高工作效 of 提高工作效率)."""
    from auditor.nlp.tokenize import words

    if len(short) < params["truncated_min_chars"] or len(short) >= len(long) or not long.startswith(short):
        return False
    end = 0
    for word in words(long):
        end += len(word)
        if end == len(short):
            return False  # the prefix ends on a word boundary: another indicator
        if end > len(short):
            return True
    return False


def duplicate_groups(form: Form, params: dict) -> list[list[Indicator]]:
    """Groups (≥ 2, form order) of indicators of one form whose names are the same or near-same."""
    from rapidfuzz import fuzz

    candidates: list[tuple[Indicator, str, str]] = []
    for ind in form.indicators:
        name = norm(ind.level3)
        if len(name) < params["min_chars"]:
            continue
        if any(p.fullmatch(name) for p in compiled(tuple(params["skip_patterns"]))):
            continue
        candidates.append((ind, name, _name_key_cached(ind.level3, params, norm(ind.level2))))

    similarity = params["similarity"]

    def same(a: tuple[Indicator, str, str], b: tuple[Indicator, str, str]) -> bool:
        if a[2] == b[2] or (similarity < 100 and fuzz.token_sort_ratio(a[2], b[2]) >= similarity):
            return True  # keys are sorted words: at 100 only equal keys reach it
        if a[1][:1] != b[1][:1] and a[1] and b[1]:
            return False  # neither name starts the other
        short, long = sorted((a[1], b[1]), key=len)
        return _truncated_of(short, long, params)

    groups: list[list[tuple[Indicator, str, str]]] = []
    for cand in candidates:
        for group in groups:
            if any(same(cand, other) for other in group):
                group.append(cand)
                break
        else:
            groups.append([cand])
    return [[c[0] for c in group] for group in groups if len(group) > 1]


def _group_lines(group: list[Indicator]) -> list[int]:
    """The lines showing the names: the annual half's rows when the name repeats there only."""
    in_annual = any(not ind.period_value and ind.annual_value for ind in group)
    return [ind.line_of("annual" if in_annual else "period") for ind in group]


def _join_lines(lines: list[int], sep: str) -> str:
    """第 3 行 / 第 3 行和第 5 行 / 第 3、5 和 9 行."""
    if len(lines) == 1:
        return f"第 {lines[0]} 行"
    if len(lines) == 2:
        return f"第 {lines[0]} 行和第 {lines[1]} 行"
    return f"第 {sep.join(str(n) for n in lines[:-1])} 和 {lines[-1]} 行"


@check("duplicate_name", "form")
def duplicate_name(form: Form, rule: Rule) -> Iterator[Finding]:
    """A third-level name repeated in one form, as written or near-same (function/filler words,
    word order): one finding per group, at the first repeat."""
    p = rule.params
    for group in duplicate_groups(form, p):
        written = list(dict.fromkeys(clean(ind.level3) for ind in group))
        member_lines = _group_lines(group)
        lines = sorted(dict.fromkeys(member_lines))
        if len({norm(ind.level3) for ind in group}) == 1:
            times = p["times"].get(len(group)) or p["times_other"].format(n=len(group))
            detail = p["details"]["same"].format(times=times)
            names = p["name_item"].format(name=written[0])
        else:
            detail = p["details"]["near"]
            names = "".join(p["name_item"].format(name=n) for n in written)
        yield rule.finding(
            form,
            group[1],
            line=member_lines[1],
            names=names,
            detail=detail,
            lines=_join_lines(lines, p["line_sep"]),
            first_line=lines[0],
            second_line=member_lines[1],
        )


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
