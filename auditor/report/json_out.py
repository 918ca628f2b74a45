"""JSON of ``auditor check`` per schema.md (no scores: those come from ``auditor audit``)."""

from __future__ import annotations

from typing import Any

from auditor import __version__
from auditor.resources import json_text
from auditor.result import CheckRun


def check_to_dict(run: CheckRun) -> dict[str, Any]:
    """The check result as the schema.md object; additive fields: kind, file, line, summary."""
    result = run.check
    inputs = [{"file": i.file, "forms": i.forms, "errors": list(i.errors), "warnings": list(i.warnings)}
              for i in run.inputs]
    projects = []
    for document in result.documents:
        for form in document.forms:
            findings = result.by_form.get(form.form_id, [])
            projects.append(
                {
                    "form_id": form.form_id,
                    "project_name": form.project_name,
                    "department": form.department,
                    "kind": form.kind,
                    "file": form.source.file or document.path,
                    "line": form.source.line_start,
                    "findings": [f.to_dict() for f in findings],
                }
            )
    findings = result.all_findings()
    by_severity = {level: sum(1 for f in findings if f.severity == level) for level in ("error", "warning", "info")}
    by_rule: dict[str, int] = {}
    for f in findings:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    return {
        "tool": {"name": "auditor", "version": __version__, "rules_profile": result.profile},
        "inputs": inputs,
        "projects": projects,
        "cross_checks": [f.to_dict(cross=True) for f in result.cross_checks],
        "summary": {
            "findings": len(findings),
            "by_severity": by_severity,
            "by_rule": dict(sorted(by_rule.items())),
            "suppressed_by_baseline": result.suppressed,
            "rules": [spec.code for spec in result.rules],
            "internal_errors": list(result.errors),
        },
    }


def dumps(run: CheckRun) -> str:
    return json_text(check_to_dict(run))
