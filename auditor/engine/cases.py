"""Build documents from small YAML/dict cases (rule doc examples and test fixtures).

A case::

    form:                       # optional; a complete project form is assumed otherwise
      kind: project             # or unit
      project_name: 示例项目
      period: 1年
      attribute: 一次性项目(1年结束)
      funds: {period_total: 200000, annual_total: 200000,
              period_sources: {local: 200000}, annual_sources: {local: 200000},
              breakdown: [{name: 合计, previous: 1, current: 2}]}
      texts: {overview: ..., basis: ..., necessity: ..., measures: ..., plan: ...}
      goals: {period: ..., annual: ...}
      tidy: true                # as read from a tidy table (no labelled fields / field lines)
    rows:                       # level1, level2, level3, period value, annual value
      - [产出指标, 数量指标, 物业管理面积, 31237平方米, 31237平方米]
      - {level1: 满意度指标, level2: 服务对象满意度, level3: 直接服务对象满意度, period: "≥90%"}
    forms: [ {<form keys>, rows: [...]}, ... ]   # several forms instead of form/rows
    budget: [{name: 某项目, total: 20.0}]        # 表十二 lines, 万元
    budget_total: 20.0                           # the table's 合计 row, 万元
    budget_title: 2025年项目支出预算表           # the table's title (default 项目支出预算表)
    file: xiaoyi-2025.txt                        # the document's file name (default <name>.txt)

Row ``i`` (1-based) of a form sits on line ``FIRST_ROW_LINE + i - 1`` (+1000 per further form).
A single form gets complete default texts and goals; with ``forms:`` unspecified texts are blank.
"""

from __future__ import annotations

from typing import Any

from auditor.model import (
    BudgetLine,
    BudgetTable,
    Document,
    Form,
    FundItem,
    Funds,
    Goals,
    Indicator,
    SourceSpan,
    Texts,
)

FIRST_ROW_LINE = 101
FORM_LINE = 80
DEFAULT_TEXTS = {
    "overview": "为党政大楼地下停车场提供保洁、设施维保和绿化养护服务。",
    "basis": "关于申请政府地下停车场物业服务项目费用的请示报告",
    "necessity": "停车场设施需要日常维护，保障车辆安全停放。",
    "measures": "签订物业服务合同，按月考核服务质量。",
    "plan": "1月签订合同，全年按合同提供服务，12月考核验收。",
}
DEFAULT_GOALS = {
    "period": "完成停车场31237平方米的保洁和设施维保，安全事故为零。",
    "annual": "完成停车场31237平方米的保洁和设施维保，安全事故为零。",
}


def _num(value: Any) -> float | None:
    if value is None or value == "":
        return None
    return float(str(value).replace(",", ""))


def build_indicator(row: Any, line: int) -> Indicator:
    if isinstance(row, dict):
        return Indicator(
            level1=str(row.get("level1", "")),
            level2=str(row.get("level2", "")),
            level3=str(row.get("level3", "")),
            period_value=str(row.get("period", "") or ""),
            annual_value=str(row.get("annual", "") or ""),
            line=int(row.get("line", line)),
            annual_level3=row.get("annual_level3"),
        )
    cells = [str(c) if c is not None else "" for c in row] + [""] * 5
    return Indicator(cells[0], cells[1], cells[2], cells[3], cells[4], line=line)


def build_form(spec: dict[str, Any], index: int = 1, name: str = "case", defaults: bool = True) -> Form:
    kind = spec.get("kind", "project")
    funds_spec = dict(spec.get("funds") or {})
    funds = Funds(
        period_total=_num(funds_spec.get("period_total")),
        annual_total=_num(funds_spec.get("annual_total")),
        line=FORM_LINE + 4,
    )
    for key in ("period_sources", "annual_sources"):
        for source, amount in (funds_spec.get(key) or {}).items():
            getattr(funds, key)[source] = _num(amount)
    for i, item in enumerate(funds_spec.get("breakdown") or []):
        funds.breakdown.append(
            FundItem(str(item["name"]), _num(item.get("previous")), _num(item.get("current")), FORM_LINE + 4 + i)
        )
    base_texts = DEFAULT_TEXTS if defaults else dict.fromkeys(DEFAULT_TEXTS, "")
    base_goals = DEFAULT_GOALS if defaults else dict.fromkeys(DEFAULT_GOALS, "")
    texts = Texts(**{**base_texts, **(spec.get("texts") or {})})
    goals = Goals(**{**base_goals, **(spec.get("goals") or {})})
    rows = spec.get("rows") or []
    indicators = [build_indicator(row, FIRST_ROW_LINE + i) for i, row in enumerate(rows)]
    form = Form(
        form_id=f"{name}#{index}",
        kind=kind,
        project_name=str(spec.get("project_name", "示例项目" if kind == "project" else "示例单位")),
        department=str(spec.get("department", "示例部门")),
        attribute=spec.get("attribute", "经常性项目(长期开展)"),
        period=spec.get("period", "1年"),
        funds=funds,
        texts=texts,
        goals=goals,
        indicators=indicators,
        source=SourceSpan(f"{name}.txt", FORM_LINE, FIRST_ROW_LINE + len(rows)),
        field_lines={
            "project_name": FORM_LINE,
            "funds": FORM_LINE + 4,
            "overview": FORM_LINE + 10,
            "basis": FORM_LINE + 11,
            "necessity": FORM_LINE + 12,
            "measures": FORM_LINE + 13,
            "plan": FORM_LINE + 14,
            "goals": FORM_LINE + 16,
        },
    )
    if spec.get("tidy"):
        form.field_lines = {}  # read from a tidy table: no labelled fields
    return form


def build_document(case: dict[str, Any], name: str = "case") -> Document:
    """A document holding the case's form(s) and budget lines."""
    specs = case.get("forms")
    several = specs is not None
    if specs is None:
        specs = [{**(case.get("form") or {}), "rows": case.get("rows") or []}]
    # several forms get blank default texts, so that shared defaults never look like clones
    forms = [build_form(spec, i + 1, name, defaults=not several) for i, spec in enumerate(specs)]
    # keep line numbers of several forms apart
    for i, form in enumerate(forms):
        shift = i * 1000
        if shift:
            form.source = SourceSpan(form.source.file, form.source.line_start + shift, form.source.line_end + shift)
            for ind in form.indicators:
                ind.line += shift
            form.field_lines = {k: v + shift for k, v in form.field_lines.items()}
            if form.funds.line:
                form.funds.line += shift
    document = Document(path=str(case.get("file") or f"{name}.txt"), name=name, forms=forms, headers_found=len(forms))
    if "budget" in case:
        lines = [
            BudgetLine(name=str(item["name"]), total=_num(item.get("total")), line=10 + i)
            for i, item in enumerate(case["budget"] or [])
        ]
        document.budget_table = BudgetTable(
            title=str(case.get("budget_title") or "项目支出预算表"),
            lines=lines,
            stated_total=_num(case.get("budget_total")),
            line_start=9,
            line_end=10 + len(lines),
        )
    return document
