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
import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.model import Document, Finding, Form
from auditor.score.weights import Dimension, Weights, load_weights

__all__ = [
    "AuditResult",
    "Deduction",
    "GroupStats",
    "InputInfo",
    "ProjectScore",
    "Weights",
    "load_weights",
    "score_audit",
    "score_form",
]

_DIGIT = re.compile(r"\d")


@dataclass(slots=True)
class Deduction:
    """Points one finding took from one dimension (``points`` ≥ 0)."""

    dimension: str
    points: float
    finding: Finding


@dataclass(slots=True)
class ProjectScore:
    form: Form
    document: str  # Document.name
    findings: list[Finding]  # the form's own findings (projects[].findings)
    cross: list[Finding]  # cross checks that name this form
    score: float
    breakdown: dict[str, float]
    deductions: list[Deduction]
    value_cells: int
    quantified_cells: int
    rank: int = 0
    grade: str = ""

    @property
    def all_findings(self) -> list[Finding]:
        return self.findings + self.cross

    @property
    def quantified_share(self) -> float:
        return self.quantified_cells / self.value_cells if self.value_cells else 0.0

    def count(self, severity: str) -> int:
        return sum(1 for f in self.all_findings if f.severity == severity)

    def deducted(self, finding: Finding) -> float:
        return sum(d.points for d in self.deductions if d.finding is finding)


@dataclass(slots=True)
class GroupStats:
    """Aggregate of the project forms of one department or one document."""

    name: str
    projects: int
    mean: float
    median: float
    min: float
    max: float
    errors: int
    warnings: int
    infos: int
    annual_funds: float
    worst: str
    best: str
    categories: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class InputInfo:
    file: str
    forms: int
    errors: list[str] = field(default_factory=list)


@dataclass(slots=True)
class AuditResult:
    documents: list[Document]
    projects: list[ProjectScore]
    cross_checks: list[Finding]
    weights: Weights
    inputs: list[InputInfo] = field(default_factory=list)
    profile: str = "default"
    check: Any = None  # the engine's CheckResult when run through the audit pipeline

    def ranked(self, kind: str = "project") -> list[ProjectScore]:
        return sorted((p for p in self.projects if p.form.kind == kind), key=lambda p: p.rank)

    def all_findings(self) -> list[Finding]:
        out = [f for p in self.projects for f in p.findings]
        return out + list(self.cross_checks)

    def by_department(self) -> list[GroupStats]:
        return _group(self.projects, lambda p: p.form.department or "（未填部门）")

    def by_document(self) -> list[GroupStats]:
        return _group(self.projects, lambda p: p.document)

    def category_counts(self) -> Counter[str]:
        return Counter(f.category for f in self.all_findings())

    def severity_counts(self) -> Counter[str]:
        return Counter(f.severity for f in self.all_findings())


def _is_quantified(value: str) -> bool:
    """A value states a measurable target (number with a unit, or a deadline), per the value grammar."""
    try:
        from auditor.values import QUANTITATIVE, parse_value
    except ImportError:  # value grammar not installed: fall back to "has a digit"
        return bool(_DIGIT.search(value))
    try:
        parsed = parse_value(value)
    except Exception:  # a grammar bug must not stop the audit
        return bool(_DIGIT.search(value))
    return parsed.dimension in QUANTITATIVE or parsed.dimension == "deadline"


def _value_cells(form: Form) -> tuple[int, int]:
    cells = quantified = 0
    for ind in form.indicators:
        for value in (ind.period_value, ind.annual_value):
            if value:
                cells += 1
                quantified += _is_quantified(value)
    return cells, quantified


def score_form(
    form: Form, findings: Sequence[Finding], cross: Sequence[Finding], weights: Weights, document: str = ""
) -> ProjectScore:
    """Score one form: each dimension starts at its max and loses points per finding."""
    cells, quantified = _value_cells(form)
    # Indicator-level findings are per row (one finding may cover both halves of a row).
    denom = max(len(form.indicators), weights.indicator_min_cells)
    remaining: dict[str, float] = {}
    for key, dim in weights.dimensions.items():
        remaining[key] = dim.max
    # The quantified part of measurability: the unquantified share of it is lost up front.
    base_loss: dict[str, float] = {}
    for key, dim in weights.dimensions.items():
        if dim.quantified_share and cells:
            base_loss[key] = dim.max * dim.quantified_share * (1 - quantified / cells)
        elif dim.quantified_share:
            base_loss[key] = dim.max * dim.quantified_share
        remaining[key] -= base_loss.get(key, 0.0)

    deductions: list[Deduction] = []
    ordered = sorted(
        [*findings, *cross], key=lambda f: -weights.severity.get(f.severity, 0.0)
    )  # most severe first, so a capped dimension shows its worst causes
    for finding in ordered:
        key = weights.dimension_of(finding.category)
        dim: Dimension = weights.dimensions[key]
        sev = weights.severity.get(finding.severity, 0.0)
        if finding.category in weights.indicator_categories and (finding.level3 or finding.value):
            loss = sev * dim.max / denom
        else:
            loss = sev * weights.form_finding_share * dim.max
        loss = min(loss, max(remaining[key], 0.0))
        remaining[key] -= loss
        deductions.append(Deduction(key, round(loss, 2), finding))

    breakdown = {key: round(max(value, 0.0), 1) for key, value in remaining.items()}
    score = round(sum(max(v, 0.0) for v in remaining.values()), 1)
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
        grade=weights.grade(score),
    )


def score_audit(
    documents: Sequence[Document],
    by_form: Mapping[str, Sequence[Finding]],
    cross_checks: Iterable[Finding] = (),
    weights: Weights | None = None,
    inputs: Sequence[InputInfo] | None = None,
    profile: str = "default",
) -> AuditResult:
    """Score every form of ``documents`` and rank them (1 = best) within each form kind."""
    weights = weights or load_weights()
    cross_list = list(cross_checks)
    cross_by_form: dict[str, list[Finding]] = {}
    for finding in cross_list:
        for form_id in dict.fromkeys(finding.form_ids or ([finding.form_id] if finding.form_id else [])):
            cross_by_form.setdefault(form_id, []).append(finding)
    projects = [
        score_form(
            form,
            list(by_form.get(form.form_id, ())),
            cross_by_form.get(form.form_id, []),
            weights,
            doc.name,
        )
        for doc in documents
        for form in doc.forms
    ]
    _rank(projects)
    info = list(inputs) if inputs is not None else [InputInfo(d.path, len(d.forms)) for d in documents]
    return AuditResult(list(documents), projects, cross_list, weights, info, profile)


def _rank(projects: list[ProjectScore]) -> None:
    """Rank within each kind: higher score first, then fewer errors, more quantified, document order."""
    for kind in {p.form.kind for p in projects}:
        group = [(i, p) for i, p in enumerate(projects) if p.form.kind == kind]
        group.sort(key=lambda ip: (-ip[1].score, ip[1].count("error"), -ip[1].quantified_share, ip[0]))
        for rank, (_, project) in enumerate(group, start=1):
            project.rank = rank


def _group(projects: Sequence[ProjectScore], key) -> list[GroupStats]:
    groups: dict[str, list[ProjectScore]] = {}
    for project in projects:
        if project.form.kind == "project":
            groups.setdefault(key(project), []).append(project)
    out = []
    for name, members in groups.items():
        scores = [p.score for p in members]
        findings = [f for p in members for f in p.findings]
        best = max(members, key=lambda p: (p.score, -p.rank))
        worst = min(members, key=lambda p: (p.score, -p.rank))
        out.append(
            GroupStats(
                name=name,
                projects=len(members),
                mean=round(statistics.fmean(scores), 1),
                median=round(statistics.median(scores), 1),
                min=min(scores),
                max=max(scores),
                errors=sum(1 for f in findings if f.severity == "error"),
                warnings=sum(1 for f in findings if f.severity == "warning"),
                infos=sum(1 for f in findings if f.severity == "info"),
                annual_funds=sum(p.form.funds.annual_total or 0.0 for p in members),
                worst=worst.form.project_name,
                best=best.form.project_name,
                categories=dict(Counter(f.category for f in findings).most_common()),
            )
        )
    out.sort(key=lambda g: (-g.mean, g.name))
    return out
