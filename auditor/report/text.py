"""Plain-text report of ``auditor check``: grouped by file and project, with the form's line numbers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from auditor.model import Finding
from auditor.report.common import SEVERITY_ORDER, labels
from auditor.safety import terminal_lines
from auditor.safety import terminal_text as t

if TYPE_CHECKING:
    from auditor.engine.engine import CheckResult


def _row(f: Finding) -> list[str]:
    where = f"{f.line:>5}" if f.line else "    -"
    target = ""
    if f.level3 is not None and f.level3 not in f.message:
        target = f"{t(f.level3 or '(无名称)')}："
    lines = [f"  {where}  {f.rule} {labels().sev(f.severity)}  {target}{t(f.message)}"]
    if f.suggestion:
        lines.append(f"{'':9}建议：{t(f.suggestion)}")
    return lines


def render(result: CheckResult, show_clean: bool = False, statistics: bool = False) -> str:
    """Human-readable report; deterministic order (document order, then line)."""
    out: list[str] = []
    forms_with = 0
    about: dict[str, list[Finding]] = {}
    for f in result.cross_checks:  # a cross check about one form is shown with that form
        if f.form_id:
            about.setdefault(f.form_id, []).append(f)
    for document in result.documents:
        out.append(f"== {t(document.path)}")
        for form in document.forms:
            findings = sorted(
                [*result.by_form.get(form.form_id, []), *about.get(form.form_id, [])], key=lambda f: f.line or 0
            )
            if not findings and not show_clean:
                continue
            forms_with += bool(findings)
            kind = "整体" if form.kind == "unit" else "项目"
            span = f"第 {form.source.line_start}–{form.source.line_end} 行"
            out.append(f"{t(form.project_name or '(未命名)')}  [{t(form.form_id)}，{kind}，{span}]")
            for f in findings:
                out.extend(_row(f))
            out.append("")
        cross = [f for f in result.cross_checks if not f.form_id and (not f.file or f.file == document.path)]
        if cross:
            out.append("跨表核对（不属于单个绩效目标表）")
            for f in cross:
                out.extend(_row(f))
                if f.partners:
                    out.append(f"{'':9}涉及：{t(', '.join(f.partners))}")
            out.append("")
    findings = result.all_findings()
    counts = {level: sum(1 for f in findings if f.severity == level) for level in SEVERITY_ORDER}
    summary = (
        f"共 {len(findings)} 条发现（错误 {counts['error']}，警告 {counts['warning']}，提示 {counts['info']}），"
        f"涉及 {forms_with} 个绩效目标表；规则方案 {result.profile}，启用规则 {len(result.rules)} 条"
    )
    if result.suppressed:
        summary += f"；基线已接受并隐藏 {result.suppressed} 条"
    out.append(summary)
    if statistics:
        by_rule: dict[str, int] = {}
        for f in findings:
            by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
        names = {s.code: s for s in result.rules}
        out.append("")
        out.append("按规则统计：")
        for code, n in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
            spec = names.get(code)
            out.append(f"  {n:>5}  {code}  {spec.name if spec else ''}  {spec.summary if spec else ''}")
    for err in result.errors:
        out.append(f"内部错误：{err}")
    return terminal_lines("\n".join(out))  # anything left (rule names from user rule files)
