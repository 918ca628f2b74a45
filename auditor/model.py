"""Typed data model: document -> forms -> indicators, funds, texts, goals, budget lines, findings.

The JSON shapes produced by :meth:`Form.to_dict` and :meth:`Finding.to_dict` follow
``docs/schema.md`` (the public contract); additive fields only.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from typing import Any, Literal

FUND_SOURCES: tuple[str, ...] = ("central", "provincial", "local", "self", "other")
TEXT_FIELDS: tuple[str, ...] = ("overview", "basis", "necessity", "measures", "plan")
# Indicator fields that only some inputs have (tidy table columns of the same names).
OPTIONAL_INDICATOR_FIELDS: tuple[str, ...] = ("unit", "operator", "direction", "weight", "actual", "score", "deviation")

FormKind = Literal["project", "unit"]
Severity = Literal["error", "warning", "info"]
Column = Literal["period", "annual"]


_WHITESPACE = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)  # cells and headings repeat across a corpus
def compact(text: str | None) -> str:
    """NFKC, all whitespace removed: the form in which two cells or names are compared."""
    if not text:
        return ""
    return _WHITESPACE.sub("", unicodedata.normalize("NFKC", text))


def _empty_sources() -> dict[str, float | None]:
    return dict.fromkeys(FUND_SOURCES)


@dataclass(slots=True)
class FundItem:
    """One line of a stated budget breakdown (the unit form's 合计 / 基本支出 / 项目支出)."""

    name: str
    previous: float | None
    current: float | None
    line: int


@dataclass(slots=True)
class Funds:
    """Money of a form, in 元. ``None`` means the cell was blank."""

    period_total: float | None = None
    annual_total: float | None = None
    period_sources: dict[str, float | None] = field(default_factory=_empty_sources)
    annual_sources: dict[str, float | None] = field(default_factory=_empty_sources)
    line: int | None = None
    breakdown: list[FundItem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "period_total": self.period_total,
            "annual_total": self.annual_total,
            "period_sources": dict(self.period_sources),
            "annual_sources": dict(self.annual_sources),
        }


@dataclass(slots=True)
class Texts:
    overview: str = ""  # 项目概况
    basis: str = ""  # 立项依据
    necessity: str = ""  # 项目设立必要性
    measures: str = ""  # 保证项目实施的制度、措施
    plan: str = ""  # 项目实施计划

    def to_dict(self) -> dict[str, str]:
        return {name: getattr(self, name) for name in TEXT_FIELDS}


@dataclass(slots=True)
class Goals:
    period: str = ""  # 实施期目标
    annual: str = ""  # 年度目标


@dataclass(slots=True)
class Indicator:
    """One indicator triple with its period (实施期) and annual (年度) values."""

    level1: str
    level2: str
    level3: str
    period_value: str = ""
    annual_value: str = ""
    line: int = 0  # 1-based input line of the row (period row if any, else annual row)
    annual_line: int | None = None  # line of the annual half when it sits on another row
    annual_level3: str | None = None  # the annual half's name as written, when it differs
    # Columns of their own in budget-system tables (the value above already carries operator and
    # unit: ``=``, ``116``, ``人`` -> ``=116人``); empty when the input has no such column.
    unit: str = ""  # 计量单位 as printed
    operator: str = ""  # 指标性质 / 计算符号 as printed (≥, ≤, =, 定性)
    direction: str = ""  # 指标方向 as printed (正向, 反向)
    weight: str = ""  # 分值 / 权重
    # self-evaluation forms (自评表): what was achieved, never read as the target
    actual: str = ""  # 实际完成值
    score: str = ""  # 得分
    deviation: str = ""  # 偏差原因分析及改进措施

    def line_of(self, column: str | None) -> int:
        """The input line of one half: the annual half's own row when it has one, else ``line``."""
        return (self.annual_line or self.line) if column == "annual" else self.line

    @property
    def annual_repeats_period(self) -> bool:
        """The annual value is filled and says the same as the period value (one defect, reported once)."""
        return bool(self.annual_value) and compact(self.annual_value) == compact(self.period_value)

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "level1": self.level1,
            "level2": self.level2,
            "level3": self.level3,
            "period_value": self.period_value,
            "annual_value": self.annual_value,
            "line": self.line,
        }
        for key in OPTIONAL_INDICATOR_FIELDS:
            if getattr(self, key):
                data[key] = getattr(self, key)
        return data


@dataclass(slots=True)
class SourceSpan:
    file: str
    line_start: int
    line_end: int


@dataclass(slots=True)
class Form:
    form_id: str
    kind: FormKind
    project_name: str = ""
    department: str = ""
    department_code: str | None = None
    implementing_unit: str | None = None
    attribute: str | None = None
    period: str | None = None
    funds: Funds = field(default_factory=Funds)
    texts: Texts = field(default_factory=Texts)
    goals: Goals = field(default_factory=Goals)
    indicators: list[Indicator] = field(default_factory=list)
    source: SourceSpan = field(default_factory=lambda: SourceSpan("", 0, 0))
    warnings: list[str] = field(default_factory=list)
    # Line numbers of labelled fields, e.g. {"project_name": 664, "overview": 673, "goals": 679}
    field_lines: dict[str, int] = field(default_factory=dict)
    # a self-evaluation form (自评表): its indicator values are the targets, ``actual``/``score``
    # of each indicator what was achieved
    self_evaluation: bool = False

    @property
    def annual_only(self) -> bool:
        """True when the form has only an annual half (schema.md: such forms skip half comparisons)."""
        return (
            not self.goals.period
            and self.funds.period_total is None
            and all(not ind.period_value for ind in self.indicators)
        )

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "form_id": self.form_id,
            "kind": self.kind,
            "project_name": self.project_name,
            "department": self.department,
            "department_code": self.department_code,
            "implementing_unit": self.implementing_unit,
            "attribute": self.attribute,
            "period": self.period,
            "funds": self.funds.to_dict(),
            "texts": self.texts.to_dict(),
            "goals": {"period": self.goals.period, "annual": self.goals.annual},
            "indicators": [ind.to_dict() for ind in self.indicators],
            "source": asdict(self.source),
        }
        if self.funds.breakdown:
            data["funds"]["breakdown"] = [asdict(item) for item in self.funds.breakdown]
        if self.warnings:
            data["warnings"] = list(self.warnings)
        if self.self_evaluation:
            data["self_evaluation"] = True
        return data


@dataclass(slots=True)
class BudgetLine:
    """A project line of the department's 项目支出预算表 (表十二), amounts in 万元 as printed."""

    name: str
    total: float | None
    by_fund: dict[str, float | None] = field(default_factory=dict)
    line: int = 0
    unit: str = ""  # the budget unit column (单位名称) when printed
    category: str = ""  # 项目类别 when printed


@dataclass(slots=True)
class BudgetTable:
    title: str
    lines: list[BudgetLine] = field(default_factory=list)
    stated_total: float | None = None  # the table's 合计 row, 万元
    line_start: int = 0
    line_end: int = 0


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding sits in its input, in that input's own terms."""

    line: int | None = None  # text or CSV line (also the parser's virtual line for PDF/XLSX)
    page: int | None = None  # PDF page
    sheet: str | None = None  # XLSX sheet ...
    row: int | None = None  # ... and row

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in (("page", self.page), ("sheet", self.sheet), ("row", self.row), ("line", self.line))
                if v is not None}

    def label(self) -> str:
        """第 3 页 / 表1 第 12 行 / 第 811 行."""
        if self.page is not None:
            return f"第 {self.page} 页"
        if self.sheet is not None:
            return f"{self.sheet} 第 {self.row} 行"
        return f"第 {self.line} 行" if self.line is not None else ""


@dataclass(slots=True)
class Document:
    """A parsed input file: its forms in document order, plus its budget table if any."""

    path: str
    name: str  # short id used in form ids, e.g. "xiaoyi-2025"
    forms: list[Form] = field(default_factory=list)
    budget_table: BudgetTable | None = None
    headers_found: int = 0  # form headers seen in the input
    warnings: list[str] = field(default_factory=list)
    source_format: str = "text"
    truncated_at: int | None = None  # last line read when the input ends inside a form
    # where each input line came from when it is not a text line: "p3" (PDF page), "表1!12" (sheet row)
    locations: list[str] = field(default_factory=list)

    def where(self, line: int | None) -> str:
        """``file:line`` for text, ``file:p3`` for a PDF line, ``file:表1!12`` for a sheet row."""
        if line is None:
            return self.path
        if 0 < line <= len(self.locations):
            return f"{self.path}:{self.locations[line - 1]}"
        return f"{self.path}:{line}"

    def locate(self, line: int | None) -> Location | None:
        """The :class:`Location` of an input line: page for PDF, sheet and row for XLSX, else the line."""
        if line is None:
            return None
        if 0 < line <= len(self.locations):
            where = self.locations[line - 1]
            if where.startswith("p") and where[1:].isdigit():
                return Location(line=line, page=int(where[1:]))
            sheet, _, row = where.rpartition("!")
            if sheet and row.isdigit():
                return Location(line=line, sheet=sheet, row=int(row))
        return Location(line=line)

    @property
    def truncated(self) -> bool:
        """True when the input ended in the middle of a form (a cut-off copy)."""
        return self.truncated_at is not None

    @property
    def project_forms(self) -> list[Form]:
        return [f for f in self.forms if f.kind == "project"]

    @property
    def budget_lines(self) -> list[BudgetLine]:
        return self.budget_table.lines if self.budget_table else []

    def indicators_frame(self):  # -> pandas.DataFrame
        """The tidy indicator table of schema.md as a pandas DataFrame."""
        from auditor.tidy import forms_to_frame

        return forms_to_frame(self.forms)

    def summary(self) -> str:
        """One line for people: form headers found, forms parsed, forms with warnings."""
        parsed = len(self.forms)
        projects = len(self.project_forms)
        warned = sum(1 for f in self.forms if f.warnings)
        selfeval = sum(1 for f in self.forms if f.self_evaluation)
        note = (f"；{selfeval} 个是绩效自评表（指标值取年度目标值，实际完成值和得分另列）"
                if selfeval else "")
        return (
            f"{self.path}：找到表头 {self.headers_found} 个，解析表单 {parsed} 个"
            f"（项目 {projects}，整体 {parsed - projects}），其中 {warned} 个有提示{note}"
        )


@dataclass(slots=True)
class Finding:
    """One defect reported by a rule. Shape per schema.md (projects[].findings[])."""

    rule: str
    category: str
    severity: Severity
    message: str
    suggestion: str | None = None
    level1: str | None = None
    level2: str | None = None
    level3: str | None = None
    column: Column | None = None
    value: str | None = None
    line: int | None = None
    form_id: str | None = None  # the form the finding is about (None only for a budget-table line)
    partners: list[str] = field(default_factory=list)  # cross checks: other forms involved (a few, for a group)
    name: str = ""  # the rule's kebab name
    file: str = ""
    indicator: int | None = None  # index into the form's indicators when about one row
    location: Location | None = None  # where in the input: page (PDF), sheet+row (XLSX), line (text/CSV)
    group: str | None = None  # clone group id (cross checks about a group; members in the groups table)

    def to_dict(self, cross: bool = False) -> dict[str, Any]:
        data: dict[str, Any] = {
            "rule": self.rule,
            "name": self.name,
            "category": self.category,
            "severity": self.severity,
            "level1": self.level1,
            "level2": self.level2,
            "level3": self.level3,
            "column": self.column,
            "value": self.value,
            "message": self.message,
            "suggestion": self.suggestion,
            "line": self.line,
            "form_id": self.form_id,
            "indicator": self.indicator,
            "location": self.location.to_dict() if self.location else None,
        }
        if cross or self.partners:
            data["partners"] = list(self.partners)
            data["form_ids"] = list(self.partners)  # the older name of partners, kept for readers of 0.1
        if self.group is not None:
            data["group"] = self.group
        return data


@dataclass(slots=True)
class CloneGroup:
    """Forms sharing (near-)identical content: written once, named by the findings of its members."""

    id: str
    kind: str  # the field compared: overview, goal, …, or "indicators"
    members: list[str]  # form ids, in input order
    similarity: float  # the lowest verified similarity inside the group (1.0: identical)

    @property
    def size(self) -> int:
        return len(self.members)

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "size": self.size, "similarity": round(self.similarity, 4),
                "members": list(self.members)}
