"""``indicators.csv``: one row per indicator, with its value grammar and findings (for researchers)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from auditor.report.common import findings_by_indicator, worst_severity
from auditor.result import AuditResult

GRAMMAR_FIELDS = ("dimension", "operator", "number", "unit", "flags")
FLAG_FIELDS = ("truncated", "malformed", "vague", "graded", "ceiling", "unitless", "zero_phrase")

COLUMNS = [
    "document", "form_id", "kind", "project_name", "department", "score", "rank",
    "level1", "level2", "level3", "indicator_kind", "polarity",
    "period_value", *(f"period_{k}" for k in GRAMMAR_FIELDS),
    "annual_value", *(f"annual_{k}" for k in GRAMMAR_FIELDS),
    "n_findings", "worst_severity", "rules", "categories", "line",
]


def _text(x: Any) -> str:
    if x is None:
        return ""
    if hasattr(x, "value") and not isinstance(x, (str, int, float)):  # enums
        return str(x.value)
    if isinstance(x, (set, frozenset, list, tuple)):
        return ";".join(sorted(_text(i) for i in x))
    if isinstance(x, float) and x.is_integer():
        return str(int(x))
    return str(x)


class Grammar:
    """Thin, fault-tolerant access to ``auditor.values`` (value grammar and indicator kind)."""

    def __init__(self) -> None:
        from auditor.values import infer_kind, parse_value

        self._parse, self._kind = parse_value, infer_kind
        self._cache: dict[str, dict[str, str]] = {}
        self._kinds: dict[tuple[str, str, str], tuple[str, str]] = {}

    def value(self, text: str) -> dict[str, str]:
        if not text:
            return dict.fromkeys(GRAMMAR_FIELDS, "")
        if text not in self._cache:
            try:
                parsed = self._parse(text)
                row = {k: _text(getattr(parsed, k, None)) for k in GRAMMAR_FIELDS if k != "flags"}
                row["flags"] = ";".join(k for k in FLAG_FIELDS if getattr(parsed, k, False))
                self._cache[text] = row
            except Exception:  # a grammar bug must not stop the report
                self._cache[text] = dict.fromkeys(GRAMMAR_FIELDS, "")
        return self._cache[text]

    def kind(self, level1: str, level2: str, level3: str) -> tuple[str, str]:
        """(kind, polarity) of an indicator, "" when unknown (cached: names repeat across forms)."""
        key = (level1, level2, level3)
        found = self._kinds.get(key)
        if found is None:
            try:
                info = self._kind(level1, level2, level3)
                found = (_text(info.kind), _text(info.polarity))
            except Exception:
                found = ("", "")
            self._kinds[key] = found
        return found


def iter_rows(audit: AuditResult, grammar: Grammar | None = None) -> Iterator[dict[str, str]]:
    grammar = grammar or Grammar()
    for p in audit.projects:
        form = p.form
        by_ind = findings_by_indicator(p.all_findings)
        for i, ind in enumerate(form.indicators):
            found = by_ind.get(i, [])
            kind, polarity = grammar.kind(ind.level1, ind.level2, ind.level3)
            row = {
                "document": p.document, "form_id": form.form_id, "kind": form.kind,
                "project_name": form.project_name, "department": form.department,
                "score": _text(p.score), "rank": _text(p.rank),
                "level1": ind.level1, "level2": ind.level2, "level3": ind.level3,
                "indicator_kind": kind, "polarity": polarity,
                "period_value": ind.period_value, "annual_value": ind.annual_value,
                "n_findings": str(len(found)), "worst_severity": worst_severity(found) or "",
                "rules": ";".join(dict.fromkeys(f.rule for f in found)),
                "categories": ";".join(dict.fromkeys(f.category for f in found)),
                "line": _text(ind.line),
            }
            for col in ("period", "annual"):
                for k, v in grammar.value(getattr(ind, f"{col}_value")).items():
                    row[f"{col}_{k}"] = v
            yield row


def write_csv(audit: AuditResult, path: Path) -> Path:
    # utf-8-sig so that Excel opens the Chinese text correctly; pandas reads it as utf-8.
    from auditor.safety import atomic_write, safe_cell

    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows({k: safe_cell(v) for k, v in row.items()} for row in iter_rows(audit))
    return path
