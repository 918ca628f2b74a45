"""The typed result model of a run: what the pipeline produces and the report writers only read.

``CheckRun`` is the result of ``auditor check`` (rules only); ``AuditResult`` adds scores and ranks
(``auditor audit``). Both carry the inputs read (:class:`InputInfo`) and the engine's
:class:`~auditor.engine.CheckResult`.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from auditor.model import Document, Finding, Form

if TYPE_CHECKING:
    from auditor.engine.engine import CheckResult
    from auditor.score.weights import Weights

__all__ = ["AuditResult", "CheckRun", "Deduction", "GroupStats", "InputInfo", "ProjectScore", "SignalLoss"]


@dataclass(slots=True)
class Deduction:
    """Points one finding took from one dimension (``points`` ≥ 0); ``restates`` is the charged
    finding of the same defect when this one was merged into it (then ``points`` is 0; see
    ``auditor/score/dedupe.py``)."""

    dimension: str
    points: float
    finding: Finding
    restates: Finding | None = None


@dataclass(slots=True)
class SignalLoss:
    """How much of a good-practice signal a form shows, and the points the rest cost."""

    key: str
    label: str
    dimension: str
    share: float
    detail: str  # "n/m"
    points: float


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
    signals: list[SignalLoss] = field(default_factory=list)
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
    errors: list[str] = field(default_factory=list)  # the file could not be read (or not at all)
    warnings: list[str] = field(default_factory=list)  # read, with parser warnings


@dataclass(slots=True)
class AuditResult:
    documents: list[Document]
    projects: list[ProjectScore]
    cross_checks: list[Finding]
    weights: Weights
    inputs: list[InputInfo] = field(default_factory=list)
    profile: str = "default"
    check: CheckResult | None = None  # the engine's result (rules run, baseline, internal errors)

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




def _group(projects: Sequence[ProjectScore], key: Callable[[ProjectScore], str]) -> list[GroupStats]:
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


@dataclass(slots=True)
class CheckRun:
    """The result of ``auditor check``: the inputs read and the engine's findings (no scores)."""

    documents: list[Document]
    inputs: list[InputInfo]
    check: CheckResult

    @property
    def unreadable(self) -> list[str]:
        return [e for i in self.inputs for e in i.errors]
