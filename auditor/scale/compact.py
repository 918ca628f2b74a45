"""Share equal strings among the documents and findings gathered from worker processes.

Every document a worker returns is unpickled with strings of its own: the 产出指标 of every
indicator row, the rule's suggestion of every finding, the cloned 项目概况 of a thousand copies
are each a separate object. Sharing them (one object per distinct text) more than halves the
memory that the forms and findings of a large audit hold in the parent, at ~1 µs a string; the
values are unchanged (``==`` and every output the same).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from auditor.model import TEXT_FIELDS, Document, Finding

__all__ = ["NO_PARTNERS", "StringPool"]

_FORM_FIELDS = ("form_id", "project_name", "department", "department_code", "implementing_unit", "attribute", "period")
_INDICATOR_FIELDS = ("level1", "level2", "level3", "period_value", "annual_value", "annual_level3", "unit",
                     "operator", "direction", "weight", "actual", "score", "deviation")
_FINDING_FIELDS = ("rule", "category", "severity", "message", "suggestion", "level1", "level2", "level3",
                   "column", "value", "form_id", "name", "file", "group")


# the partners of every finding that names none (most of them): one empty list instead of an
# 80-byte list per finding (~140 MB at 100,000 forms). Findings are not changed once gathered, and
# nothing appends to a finding's partners (a rule makes a new list).
NO_PARTNERS: list[str] = []


class StringPool:
    """One object per distinct string, for the lifetime of the pool (the gathering of one audit)."""

    def __init__(self) -> None:
        self._pool: dict[str, str] = {}

    def share(self, text):
        """The pool's object equal to ``text`` (``text`` itself when new); non-strings unchanged."""
        if text.__class__ is not str:
            return text
        return self._pool.setdefault(text, text)

    def document(self, doc: Document) -> None:
        """Share the strings of a document's forms (names, texts, goals, indicator rows)."""
        share = self.share
        doc.path, doc.name = share(doc.path), share(doc.name)
        for form in doc.forms:
            for key in _FORM_FIELDS:
                setattr(form, key, share(getattr(form, key)))
            texts = form.texts
            for key in TEXT_FIELDS:
                setattr(texts, key, share(getattr(texts, key)))
            form.goals.period, form.goals.annual = share(form.goals.period), share(form.goals.annual)
            form.source.file = share(form.source.file)
            for ind in form.indicators:
                for key in _INDICATOR_FIELDS:
                    setattr(ind, key, share(getattr(ind, key)))

    def findings(self, findings: Iterable[Finding]) -> None:
        """Share the strings of findings (messages and suggestions repeat across forms)."""
        share = self.share
        for f in findings:
            for key in _FINDING_FIELDS:
                setattr(f, key, share(getattr(f, key)))
            f.partners = [share(x) for x in f.partners] if f.partners else NO_PARTNERS

    def item(self, item: Any) -> None:
        """Share the strings of a worker's result (:class:`auditor.scale.runner.Item`) as it arrives."""
        if item.document is not None:
            self.document(item.document)
        if item.local is not None:
            self.findings(item.local.findings)
