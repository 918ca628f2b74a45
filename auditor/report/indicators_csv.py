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


_EMPTY = ("",) * len(GRAMMAR_FIELDS)
_CACHED = 200_000  # value texts remembered (memory stays bounded on a province-size audit)


class Grammar:
    """Thin, fault-tolerant access to ``auditor.values`` (value grammar and indicator kind)."""

    def __init__(self) -> None:
        from auditor.values import infer_kind, parse_value

        self._parse, self._kind = parse_value, infer_kind
        self._cache: dict[str, tuple[str, ...]] = {}
        self._kinds: dict[tuple[str, str, str], tuple[str, str]] = {}

    def fields(self, text: str) -> tuple[str, ...]:
        """The :data:`GRAMMAR_FIELDS` of a value text, in order ("" when unknown; cached)."""
        if not text:
            return _EMPTY
        found = self._cache.get(text)
        if found is None:
            try:
                parsed = self._parse(text)
                found = (*(_text(getattr(parsed, k, None)) for k in GRAMMAR_FIELDS if k != "flags"),
                         ";".join(k for k in FLAG_FIELDS if getattr(parsed, k, False)))
            except Exception:  # a grammar bug must not stop the report
                found = _EMPTY
            if len(self._cache) >= _CACHED:
                self._cache.clear()
            self._cache[text] = found
        return found

    def value(self, text: str) -> dict[str, str]:
        """:meth:`fields` by name."""
        return dict(zip(GRAMMAR_FIELDS, self.fields(text), strict=True))

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
            if len(self._kinds) >= _CACHED:
                self._kinds.clear()
            self._kinds[key] = found
        return found


def iter_rows(audit: AuditResult, grammar: Grammar | None = None) -> Iterator[list[str]]:
    """The rows of indicators.csv: one list of texts per indicator, in :data:`COLUMNS` order."""
    grammar = grammar or Grammar()
    fields, kind = grammar.fields, grammar.kind
    for p in audit.projects:
        form = p.form
        by_ind = findings_by_indicator(p.all_findings)
        head = (p.document, form.form_id, form.kind, form.project_name, form.department, _text(p.score),
                _text(p.rank))
        for i, ind in enumerate(form.indicators):
            found = by_ind.get(i)
            if found:
                tail = (str(len(found)), worst_severity(found) or "", ";".join(dict.fromkeys(f.rule for f in found)),
                        ";".join(dict.fromkeys(f.category for f in found)), _text(ind.line))
            else:
                tail = ("0", "", "", "", _text(ind.line))
            yield [*head, ind.level1, ind.level2, ind.level3, *kind(ind.level1, ind.level2, ind.level3),
                   ind.period_value, *fields(ind.period_value), ind.annual_value, *fields(ind.annual_value), *tail]


_GUARD = frozenset("=+-@\t\r")  # first characters safe_cell may have to change


def write_csv(audit: AuditResult, path: Path, grammar: Grammar | None = None) -> Path:
    """Write indicators.csv (``grammar``: one to share with the parquet writer)."""
    # utf-8-sig so that Excel opens the Chinese text correctly; pandas reads it as utf-8.
    from auditor.safety import atomic_write, safe_cell

    guard = _GUARD
    with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(COLUMNS)
        writer.writerows([safe_cell(v) if v and v[0] in guard else v for v in row] for row in iter_rows(audit, grammar))
    return path
