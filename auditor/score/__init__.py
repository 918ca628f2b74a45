"""Score, rank and aggregate audited projects (weights in ``rules/weights.yaml``).

Public API::

    audit = score_audit(documents, by_form, cross_checks, weights=None)
    audit.projects        # ProjectScore per form, document order, with score/rank/breakdown
    audit.ranked()        # project forms, best first
    audit.by_department() # GroupStats per department
    audit.by_document()   # GroupStats per input file
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from auditor.model import Document, Finding, Form
from auditor.result import AuditResult, Deduction, GroupStats, InputInfo, ProjectScore, SignalLoss
from auditor.score.dedupe import Merger
from auditor.score.weights import Dimension, Signal, Weights, load_weights

if TYPE_CHECKING:
    from auditor.engine.engine import CheckResult

__all__ = [
    "AuditResult",
    "Deduction",
    "GroupStats",
    "InputInfo",
    "ProjectScore",
    "Signal",
    "SignalLoss",
    "Weights",
    "load_weights",
    "score_audit",
    "score_form",
]

_DIGIT = re.compile(r"\d")


class _Grammar:
    """Fault-tolerant access to the value grammar (``auditor.values``): a grammar bug must not stop the audit."""

    def __init__(self) -> None:
        from auditor.values import dimension_fits, infer_kind, parse_value

        self.parse, self.kind, self.fits = parse_value, infer_kind, dimension_fits

    def quantified(self, value: str) -> bool:
        try:
            return self.parse(value).is_quantitative
        except Exception:  # a grammar bug must not stop the audit
            return bool(_DIGIT.search(value))

    def fitting(self, value: str, info: Any) -> bool | None:
        try:
            return self.fits(self.parse(value), info)
        except Exception:
            return None


def _signals(form: Form, weights: Weights, grammar: _Grammar) -> tuple[dict[str, tuple[float, str]], int, int]:
    """Shares of good practice in a form: {signal: (share, "n/m")}, plus (value cells, quantified cells)."""
    cells = quantified = fit_yes = fit_known = named = 0
    firsts: list[str] = []
    for ind in form.indicators:
        try:
            info = grammar.kind(ind.level1, ind.level2, ind.level3)
        except Exception:  # a grammar bug must not stop the audit
            info = None
        if info is not None and info.name_kind in weights.measure_kinds:
            named += 1
        values = [v for v in (ind.period_value, ind.annual_value) if v]
        if values:
            firsts.append(values[0])
        for value in values:
            cells += 1
            quantified += grammar.quantified(value)
            if info is not None:
                verdict = grammar.fitting(value, info)
                if verdict is not None:
                    fit_known += 1
                    fit_yes += bool(verdict)
    n = len(form.indicators)
    texts = [*form.texts.to_dict().values(), form.goals.annual]
    if not form.annual_only:
        texts.append(form.goals.period)
    target = max(weights.text_target_chars, 1)
    detail = sum(min(1.0, len("".join(t.split())) / target) for t in texts) / len(texts)
    full = sum(len("".join(t.split())) >= target for t in texts)
    shares: dict[str, tuple[float, str]] = {
        "quantified": (quantified / cells if cells else 0.0, f"{quantified}/{cells} 格"),
        "fitting": (fit_yes / fit_known if fit_known else 1.0, f"{fit_yes}/{fit_known} 格"),
        "named_measure": (named / n if n else 0.0, f"{named}/{n} 个"),
        "distinct_values": (len(set(firsts)) / len(firsts) if firsts else 0.0,
                            f"{len(set(firsts))}/{len(firsts)} 个"),
        "text_detail": (detail, f"{full}/{len(texts)} 栏达 {target} 字"),
    }
    return shares, cells, quantified


_SHARED: dict[tuple[type, Any], Any] = {}  # equal points, shares and "n/m" details held once


def _shared(value: Any) -> Any:
    """One object per distinct (positive) number or detail text: a 100,000-form audit holds ~2
    million deductions and signals whose values repeat (a bounded memo, cleared when full)."""
    if not value:  # 0, -0.0 and "" stay as they are
        return value
    key = (value.__class__, value)
    found = _SHARED.get(key)
    if found is None:
        if len(_SHARED) >= 100_000:
            _SHARED.clear()
        _SHARED[key] = found = value
    return found


def finding_loss(finding: Finding, weights: Weights, denom: int) -> float:
    """Points one (charged) finding costs its dimension, before the dimension's floor of 0."""
    dim: Dimension = weights.dimensions[weights.dimension_of(finding.category)]
    sev = weights.severity.get(finding.severity, 0.0)
    if finding.category in weights.indicator_categories and (finding.level3 is not None or finding.value):
        return sev * weights.category_weight.get(finding.category, 1.0) * dim.max / denom
    return sev * weights.form_finding_share * dim.max


def score_form(
    form: Form, findings: Sequence[Finding], cross: Sequence[Finding], weights: Weights, document: str = "",
    grammar: _Grammar | None = None,
) -> ProjectScore:
    """Score one form: each dimension starts at its max, loses the missing part of its signals and
    points per finding."""
    grammar = grammar or _Grammar()
    shares, cells, quantified = _signals(form, weights, grammar)
    # Indicator-level findings are per row (one finding may cover both halves of a row).
    denom = max(len(form.indicators), weights.indicator_min_cells)
    remaining = {key: dim.max for key, dim in weights.dimensions.items()}
    signal_losses: list[SignalLoss] = []
    for sig in weights.signals.values():
        share, detail = shares.get(sig.key, (1.0, ""))
        loss = weights.dimensions[sig.dimension].max * sig.weight * (1 - share)
        remaining[sig.dimension] -= loss
        signal_losses.append(SignalLoss(sig.key, sig.label, sig.dimension, _shared(round(share, 3)), _shared(detail),
                                        _shared(round(loss, 2))))

    deductions: list[Deduction] = []
    ordered = sorted(
        [*findings, *cross], key=lambda f: -weights.severity.get(f.severity, 0.0)
    )  # most severe first, so a capped dimension shows its worst causes (and a merged defect its worst finding)
    merger = Merger(weights)
    for finding in ordered:
        key = weights.dimension_of(finding.category)
        earlier = merger.restates(finding)
        if earlier is not None:
            deductions.append(Deduction(key, 0.0, finding, earlier))
            continue
        loss = min(finding_loss(finding, weights, denom), max(remaining[key], 0.0))
        remaining[key] -= loss
        deductions.append(Deduction(key, _shared(round(loss, 2)), finding))

    breakdown = {key: _shared(round(max(value, 0.0), 1)) for key, value in remaining.items()}
    score = round(sum(breakdown.values()), 1)  # the sum of the points shown, so readers can add them up
    return ProjectScore(
        form=form,
        document=document,
        findings=list(findings),
        cross=list(cross),
        score=score,
        breakdown=breakdown,
        deductions=deductions,
        value_cells=cells,
        quantified_cells=quantified,
        signals=signal_losses,
        grade=weights.grade(score),
    )


def score_audit(
    documents: Sequence[Document],
    by_form: Mapping[str, Sequence[Finding]],
    cross_checks: Iterable[Finding] = (),
    weights: Weights | None = None,
    inputs: Sequence[InputInfo] | None = None,
    profile: str = "default",
    check: CheckResult | None = None,
) -> AuditResult:
    """Score every form of ``documents`` and rank them (1 = best) within each form kind."""
    weights = weights or load_weights()
    cross_list = list(cross_checks)
    cross_by_form: dict[str, list[Finding]] = {}
    for finding in cross_list:
        # A cross check about one form (form_id; partners = the forms it was compared with) counts
        # against that form only; one with no subject counts against every form it names.
        for form_id in [finding.form_id] if finding.form_id else dict.fromkeys(finding.partners):
            cross_by_form.setdefault(form_id, []).append(finding)
    grammar = _Grammar()
    projects = [
        score_form(
            form,
            list(by_form.get(form.form_id, ())),
            cross_by_form.get(form.form_id, []),
            weights,
            doc.name,
            grammar,
        )
        for doc in documents
        for form in doc.forms
    ]
    _rank(projects)
    info = list(inputs) if inputs is not None else [InputInfo(d.path, len(d.forms)) for d in documents]
    return AuditResult(list(documents), projects, cross_list, weights, info, profile, check)


def _rank(projects: list[ProjectScore]) -> None:
    """Rank within each kind: higher score first, then fewer errors, more quantified, document order."""
    for kind in {p.form.kind for p in projects}:
        group = [(i, p) for i, p in enumerate(projects) if p.form.kind == kind]
        group.sort(key=lambda ip: (-ip[1].score, ip[1].count("error"), -ip[1].quantified_share, ip[0]))
        for rank, (_, project) in enumerate(group, start=1):
            project.rank = rank
