"""Helpers of the NLP tests: run the NLP rules through the engine on a document."""

from __future__ import annotations

from auditor.engine import Options, run
from auditor.model import Document, Finding, Form


def nlp_findings(doc: Document, select: str | list[str] = "NLP") -> list[Finding]:
    """All findings of the selected NLP rules (per form and cross-checks)."""
    import auditor.nlp.checks as checks

    checks._LAST.clear()  # a mutated copy must not reuse the joins of the original
    result = run([doc], Options(select=[select] if isinstance(select, str) else select, no_config=True))
    assert not result.errors, result.errors
    out = [f for items in result.by_form.values() for f in items]
    return out + list(result.cross_checks)


def of_form(findings: list[Finding], form: Form, rule: str | None = None) -> list[Finding]:
    return [f for f in findings if f.form_id == form.form_id and (rule is None or f.rule == rule)]


def named(doc: Document, name: str, nth: int = 0) -> Form:
    """The nth form of ``doc`` whose project name is ``name``."""
    return [f for f in doc.forms if f.project_name == name][nth]
