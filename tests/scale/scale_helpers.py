"""Helpers of the scale tests."""

from __future__ import annotations


def signature(audit) -> tuple:
    """Everything an audit says, comparable across runs: findings, groups, scores, input errors."""
    findings = sorted(
        (f.rule, f.form_id or "", f.line or 0, f.message, f.suggestion or "", tuple(f.partners), f.group or "")
        for f in audit.all_findings()
    )
    groups = sorted((g.id, g.kind, tuple(g.members)) for g in audit.check.groups.values())
    scores = sorted((p.form.form_id, p.score, p.rank) for p in audit.projects)
    errors = [(i.file, tuple(i.errors)) for i in audit.inputs]
    return findings, groups, scores, errors
