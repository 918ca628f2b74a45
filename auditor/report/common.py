"""Helpers shared by the report writers: wording from ``rules/report.yaml``, finding ↔ indicator."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from auditor.model import Finding, Form, Indicator
from auditor.vocab import SEVERITY_ORDER


@dataclass(frozen=True, slots=True)
class Labels:
    categories: dict[str, str]
    severity: dict[str, str]
    column: dict[str, str]
    kind: dict[str, str]
    dimensions: dict[str, str]

    def dimension(self, key: str) -> str:
        label = self.dimensions.get(key)
        return f"{label}（{key}）" if label else key

    def category(self, key: str) -> str:
        return self.categories.get(key, key)

    def sev(self, key: str) -> str:
        return self.severity.get(key, key)

    def col(self, key: str | None) -> str:
        return self.column.get(key, "") if key else ""


@cache
def labels() -> Labels:
    """Reader-facing wording (Chinese) of categories, severities, columns."""
    from auditor.resources import read_yaml, rules_dir

    data: dict[str, Any] = read_yaml(rules_dir() / "report.yaml")
    return Labels(
        categories=dict(data.get("categories", {})),
        severity=dict(data.get("severity", {})),
        column=dict(data.get("column", {})),
        kind=dict(data.get("kind", {})),
        dimensions=dict(data.get("dimensions", {})),
    )


def indicator_path(finding: Finding) -> str:
    """``产出指标 > 数量指标 > 刮墙`` (empty for form-level findings)."""
    return " > ".join([x for x in (finding.level1, finding.level2, finding.level3) if x])


def findings_by_indicator(findings: Sequence[Finding]) -> dict[int, list[Finding]]:
    """Findings grouped by the indicator row they name (``Finding.indicator``)."""
    out: dict[int, list[Finding]] = {}
    for finding in findings:
        if finding.indicator is not None:
            out.setdefault(finding.indicator, []).append(finding)
    return out


def row_of(form: Form | None, finding: Finding) -> Indicator | None:
    """The indicator row a finding is about, or None."""
    if form is None or finding.indicator is None or finding.indicator >= len(form.indicators):
        return None
    return form.indicators[finding.indicator]


def where(finding: Finding) -> str:
    """Where the finding sits in its input: 第 3 页 (PDF), 表1 第 12 行 (XLSX), 第 811 行 (text)."""
    if finding.location is not None:
        return finding.location.label()
    return f"第 {finding.line} 行" if finding.line else ""


def line_cell(finding: Finding) -> int | str | None:
    """The 行号 cell of a table: the line for text input, else the page or sheet row in words."""
    loc = finding.location
    if loc is None or (loc.page is None and loc.sheet is None):
        return finding.line
    return loc.label()


def repeats_period(indicator: Indicator | None, finding: Finding) -> bool:
    """A finding on the period value also covers the annual cell when the annual half repeats it
    (the engine reports such a defect once, at the period column, as 实施期和年度)."""
    return indicator is not None and finding.column == "period" and indicator.annual_repeats_period


def column_text(indicator: Indicator | None, finding: Finding) -> str:
    """实施期 / 年度 / 实施期和年度 for a finding's column."""
    if repeats_period(indicator, finding):
        return labels().col("period") + "和" + labels().col("annual")
    return labels().col(finding.column)


def flagged_cells(indicator: Indicator, findings: Sequence[Finding]) -> set[str]:
    """Which cells of an indicator row the findings point at: 'period', 'annual', 'name'."""
    cells: set[str] = set()
    for f in findings:
        if f.column:
            cells.add(f.column)
            if repeats_period(indicator, f):
                cells.add("annual")
        elif f.value and f.value in (indicator.period_value, indicator.annual_value):
            cells.update(c for c, v in (("period", indicator.period_value), ("annual", indicator.annual_value))
                         if v == f.value)
        else:
            cells.add("name")
    return cells


def worst_severity(findings: Sequence[Finding]) -> str | None:
    if not findings:
        return None
    return min((f.severity for f in findings), key=lambda s: SEVERITY_ORDER.get(s, 9))


def sort_findings(findings: Sequence[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (SEVERITY_ORDER.get(f.severity, 9), f.line or 0, f.rule))


def row_suggestion(finding: Finding) -> str:
    """The suggestion as a row of a list reads it: naming the indicator and its heading when the
    rule's text does not already (a list of hundreds of rows must not repeat one generic text)."""
    text = finding.suggestion or ""
    if finding.level3 is None or not text or (finding.level3 and finding.level3 in text):
        return text
    if not finding.level3:  # a row whose name is blank: name its heading
        where = f"“{finding.level2 or finding.level1}”下名称空白的指标"
    else:
        where = f"“{finding.level3}”（{finding.level2}）" if finding.level2 else f"“{finding.level3}”"
    return f"{where}：{text}"
