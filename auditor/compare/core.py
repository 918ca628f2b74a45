"""Compare two audits form by form: findings fixed / new / still open (by content, never by line),
indicators added / removed / changed, score change, and — across budget years — targets copied
unchanged although the funds changed, targets lowered, projects that vanished or appeared."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from auditor.compare.match import Pair, pair_forms
from auditor.compare.side import Side, SideForm
from auditor.engine.baseline import fingerprint
from auditor.model import Finding, Form, Indicator, compact

_FORM_REF = re.compile(r"（[^（）]*#\d+）")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


@dataclass(frozen=True, slots=True)
class YearSpec:
    funds_change: float
    copied_share: float
    copied_min_targets: int


@cache
def year_spec() -> YearSpec:
    from auditor.resources import rules_section

    data = rules_section("compare.yaml", "years")
    return YearSpec(float(data.get("funds_change", 0.2)), float(data.get("copied_share", 1.0)),
                    int(data.get("copied_min_targets", 3)))


@dataclass(slots=True)
class FindingChange:
    """One finding of a pair: ``fixed`` (old only), ``new`` (new only) or ``open`` (both)."""

    status: str
    finding: Finding  # the new side's finding (the old one for ``fixed``)
    old: Finding | None = None
    tracking: dict[str, str] = field(default_factory=dict)  # carried from the old 整改清单
    fingerprint: str = ""  # of ``finding`` with its own side's project name


@dataclass(slots=True)
class IndicatorChange:
    change: str  # added | removed | changed
    path: str  # 一级 > 二级 > 三级
    old: tuple[str, str] | None  # (实施期值, 年度值)
    new: tuple[str, str] | None


@dataclass(slots=True)
class TargetFlag:
    kind: str  # copied | lowered
    message: str
    path: str = ""
    old_value: str = ""
    new_value: str = ""


@dataclass(slots=True)
class ProjectDiff:
    pair: Pair
    findings: list[FindingChange]
    indicators: list[IndicatorChange]
    flags: list[TargetFlag]
    indicators_known: bool

    @property
    def status(self) -> str:
        if self.pair.old is None:
            return "appeared"
        if self.pair.new is None:
            return "vanished"
        return "unsure" if self.pair.unsure else "matched"

    @property
    def subject(self) -> SideForm:
        return self.pair.new or self.pair.old  # type: ignore[return-value]

    def by_status(self, status: str) -> list[FindingChange]:
        return [c for c in self.findings if c.status == status]

    @property
    def score_change(self) -> float | None:
        old, new = self.pair.old, self.pair.new
        if old is None or new is None or old.score is None or new.score is None:
            return None
        return round(new.score - old.score, 1)


@dataclass(slots=True)
class Comparison:
    old: Side
    new: Side
    projects: list[ProjectDiff]
    loose: list[FindingChange]  # cross checks about no one form (budget lines without a form …)

    def count(self, status: str) -> int:
        return sum(len(p.by_status(status)) for p in self.projects) + sum(c.status == status for c in self.loose)

    def flags(self, kind: str) -> list[tuple[ProjectDiff, TargetFlag]]:
        return [(p, f) for p in self.projects for f in p.flags if f.kind == kind]

    def with_status(self, status: str) -> list[ProjectDiff]:
        return [p for p in self.projects if p.status == status]


def _message_key(message: str, name: str) -> str:
    """A form-level message without what a rename, a shifted line or a recount changes
    (form ids, the project's name, numbers: "21 个指标中 19 个" is the same defect as "中 18 个")."""
    text = _FORM_REF.sub("", message)
    text = _NUMBER.sub("#", text)
    if name:
        text = text.replace(name, "{project}")
    return compact(text)


def content_key(finding: Finding, project_name: str) -> tuple[str, ...]:
    """What a finding is about, independent of line numbers, form ids and the project's name:
    rule + indicator + column + value (+ the message for a form-level finding without a value;
    a cross check is the same defect whatever its partner forms are now)."""
    parts = [finding.rule, compact(finding.level3), finding.column or "", compact(finding.value)]
    if not finding.level3 and not finding.value and not finding.partners:
        parts.append(_message_key(finding.message, project_name))
    return tuple(parts)


def _form_level(finding: Finding) -> bool:
    return not finding.level3 and not finding.value


def _same_defect(old: Finding, new: Finding) -> bool:
    """Two findings the content key keeps apart that still report one defect: a form-level
    finding of the same rule re-worded (a recount: "18 个百分比指标" → "17 个"), or the same
    category on the same indicator cell and value reported by another rule (the word-list rule
    IND002 and the model NLP007 both find a name unmeasurable)."""
    if _form_level(old) and _form_level(new):
        return old.rule == new.rule
    return (old.category == new.category and compact(old.level3) == compact(new.level3)
            and old.column == new.column and compact(old.value) == compact(new.value))


def _diff_findings(old: list[Finding], old_name: str, new: list[Finding], new_name: str,
                   tracking: dict[str, dict[str, str]]) -> list[FindingChange]:
    """Match by content key; then pair what is left by :func:`_same_defect`."""
    waiting: dict[tuple[str, ...], list[Finding]] = {}
    for f in old:
        waiting.setdefault(content_key(f, old_name), []).append(f)
    matched: list[tuple[Finding, Finding | None]] = []
    for f in new:
        queue = waiting.get(content_key(f, new_name))
        matched.append((f, queue.pop(0) if queue else None))
    left = [f for queue in waiting.values() for f in queue]
    for n, (f, before) in enumerate(matched):
        if before is None:
            same = next((o for o in left if _same_defect(o, f)), None)
            if same is not None:
                left.remove(same)
                matched[n] = (f, same)
    out: list[FindingChange] = []
    for f, before in matched:
        fp = fingerprint(f, new_name)
        if before is not None:
            out.append(FindingChange("open", f, before, dict(tracking.get(fingerprint(before, old_name), {})), fp))
        else:
            out.append(FindingChange("new", f, None, {}, fp))
    for f in left:
        fp = fingerprint(f, old_name)
        out.append(FindingChange("fixed", f, f, dict(tracking.get(fp, {})), fp))
    return out


def _path(ind: Indicator) -> str:
    return " > ".join(x for x in (ind.level1, ind.level2, ind.level3 or ind.annual_level3 or "") if x)


def _ind_key(ind: Indicator) -> tuple[str, str, str]:
    return (compact(ind.level1), compact(ind.level2), compact(ind.level3 or ind.annual_level3))


def _pair_indicators(old: Form, new: Form) -> tuple[list[tuple[Indicator, Indicator]], list[Indicator], list[Indicator]]:
    waiting: dict[tuple[str, str, str], list[Indicator]] = {}
    for ind in old.indicators:
        waiting.setdefault(_ind_key(ind), []).append(ind)
    both: list[tuple[Indicator, Indicator]] = []
    added: list[Indicator] = []
    for ind in new.indicators:
        queue = waiting.get(_ind_key(ind))
        if queue:
            both.append((queue.pop(0), ind))
        else:
            added.append(ind)
    removed = [i for q in waiting.values() for i in q]
    return both, added, removed


def _values(ind: Indicator) -> tuple[str, str]:
    return (ind.period_value, ind.annual_value)


def _diff_indicators(old: Form, new: Form) -> list[IndicatorChange]:
    both, added, removed = _pair_indicators(old, new)
    out = [IndicatorChange("changed", _path(b), _values(a), _values(b)) for a, b in both
           if tuple(map(compact, _values(a))) != tuple(map(compact, _values(b)))]
    out += [IndicatorChange("added", _path(b), None, _values(b)) for b in added]
    out += [IndicatorChange("removed", _path(a), _values(a), None) for a in removed]
    return out


def _target(ind: Indicator) -> str:
    """The year's target of a row: the annual value, else the period value."""
    return ind.annual_value or ind.period_value


def _money(x: float) -> str:
    return f"{x:,.2f}"


def _year_flags(old: Form, new: Form, spec: YearSpec) -> list[TargetFlag]:
    from auditor.values import infer_kind, parse_value

    flags: list[TargetFlag] = []
    both, _, _ = _pair_indicators(old, new)
    quantified = unchanged = 0
    for a, b in both:
        va, vb = parse_value(_target(a)), parse_value(_target(b))
        if not (va.is_quantitative and va.number is not None):
            continue
        quantified += 1
        if compact(_target(a)) == compact(_target(b)):
            unchanged += 1
            continue
        if not (vb.is_quantitative and vb.number is not None) or va.unit != vb.unit or va.dimension != vb.dimension:
            continue
        kind = infer_kind(b.level1, b.level2, b.level3)
        lowered = ((kind.polarity == "higher" and vb.number < va.number)
                   or (kind.polarity == "lower" and va.dimension != "money" and vb.number > va.number))
        if lowered:
            flags.append(TargetFlag(
                "lowered",
                f"“{b.level3}”的目标由“{_target(a)}”{'降为' if kind.polarity == 'higher' else '放宽为'}“{_target(b)}”",
                _path(b), _target(a), _target(b)))
    fa, fb = old.funds.annual_total, new.funds.annual_total
    if fa and fb is not None and quantified >= spec.copied_min_targets:
        change = (fb - fa) / fa
        if abs(change) >= spec.funds_change and unchanged / quantified >= spec.copied_share:
            flags.insert(0, TargetFlag(
                "copied",
                f"年度资金由 {_money(fa)} 元变为 {_money(fb)} 元（{change:+.0%}），"
                f"{unchanged} 个量化目标却与上年完全相同，目标照抄未随资金调整",
                old_value=_money(fa), new_value=_money(fb)))
    return flags


def compare(old: Side, new: Side) -> Comparison:
    """Pair the forms of ``old`` and ``new`` and compare each pair."""
    spec = year_spec()
    projects = []
    for pair in pair_forms(old.forms, new.forms):
        a, b = pair.old, pair.new
        changes = _diff_findings(
            a.findings if a else [], a.project_name if a else "",
            b.findings if b else [], b.project_name if b else "", old.tracking)
        known = a is not None and b is not None and a.form is not None and b.form is not None
        indicators: list[IndicatorChange] = []
        flags: list[TargetFlag] = []
        if known:
            assert a is not None and b is not None and a.form is not None and b.form is not None
            indicators = _diff_indicators(a.form, b.form)
            flags = _year_flags(a.form, b.form, spec)
        projects.append(ProjectDiff(pair, changes, indicators, flags, known))
    loose = _diff_findings(old.loose, "", new.loose, "", old.tracking)
    return Comparison(old, new, projects, loose)


def summary(cmp: Comparison) -> dict[str, Any]:
    """Counts for the terminal and the JSON."""
    return {
        "pairs": sum(1 for p in cmp.projects if p.pair.old is not None and p.pair.new is not None),
        "unsure": len(cmp.with_status("unsure")),
        "appeared": len(cmp.with_status("appeared")),
        "vanished": len(cmp.with_status("vanished")),
        "fixed": cmp.count("fixed"),
        "new": cmp.count("new"),
        "open": cmp.count("open"),
        "copied_targets": len(cmp.flags("copied")),
        "lowered_targets": len(cmp.flags("lowered")),
    }
