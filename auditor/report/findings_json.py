"""``findings.json`` of an audit, per spec/schema.md (additive fields: kind, grade, score_details, summary)."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from auditor import __version__
from auditor.result import AuditResult, ProjectScore


def _project(p: ProjectScore, cross_index: dict[int, int]) -> dict[str, Any]:
    """One project object; ``cross_index`` maps id(cross check) to its index in ``cross_checks``."""
    index = {id(f): i for i, f in enumerate(p.findings)}
    details = []
    for d in p.deductions:
        item: dict[str, Any] = {"dimension": d.dimension, "points": d.points}
        if id(d.finding) in index:
            item["finding"] = index[id(d.finding)]
        else:
            item["cross_check"] = cross_index.get(id(d.finding))
        if d.restates is not None:  # merged: the same defect is charged once, at this finding
            key = "finding" if id(d.restates) in index else "cross_check"
            item["restates"] = {key: index[id(d.restates)] if key == "finding" else cross_index.get(id(d.restates))}
        details.append(item)
    return {
        "form_id": p.form.form_id,
        "project_name": p.form.project_name,
        "department": p.form.department,
        "kind": p.form.kind,
        "score": p.score,
        "rank": p.rank,
        "grade": p.grade,
        "score_breakdown": dict(p.breakdown),
        "score_details": {
            "value_cells": p.value_cells,
            "quantified_cells": p.quantified_cells,
            "signals": {x.key: {"share": x.share, "detail": x.detail, "dimension": x.dimension, "points_lost": x.points}
                        for x in p.signals},
            "deductions": details,
        },
        "line": p.form.source.line_start,
        "findings": [f.to_dict() for f in p.findings],
    }


def _head(audit: AuditResult) -> dict[str, Any]:
    """The parts of findings.json before ``projects``."""
    w = audit.weights
    return {
        "tool": {"name": "auditor", "version": __version__, "rules_profile": audit.profile},
        "inputs": [{"file": i.file, "forms": i.forms, "errors": list(i.errors), "warnings": list(i.warnings)}
                   for i in audit.inputs],
        "scoring": {
            "dimensions": {key: {"label": d.label, "max": d.max, "categories": list(d.categories)}
                           for key, d in w.dimensions.items()},
            "signals": {key: {"label": g.label, "dimension": g.dimension, "weight": g.weight}
                        for key, g in w.signals.items()},
            "severity": dict(w.severity),
        },
    }


def _summary(audit: AuditResult) -> dict[str, Any]:
    sev = audit.severity_counts()
    return {
        "projects": sum(1 for p in audit.projects if p.form.kind == "project"),
        "findings": sum(sev.values()),
        "by_severity": dict(sev),
        "by_category": dict(audit.category_counts().most_common()),
        "by_department": [
            {"department": g.name, "projects": g.projects, "mean_score": g.mean, "min_score": g.min,
             "errors": g.errors, "warnings": g.warnings}
            for g in audit.by_department()
        ],
    }


def _sections(audit: AuditResult) -> Iterator[tuple[str, Any]]:
    """(key, value) of findings.json in order; the long lists as iterators (written item by item)."""
    cross_index = {id(f): i for i, f in enumerate(audit.cross_checks)}
    yield from _head(audit).items()
    yield "projects", (_project(p, cross_index) for p in audit.projects)
    yield "cross_checks", (f.to_dict(cross=True) for f in audit.cross_checks)
    # clone groups named by cross checks (``group``): the full membership, written once
    yield "groups", (g.to_dict() for g in (getattr(audit.check, "groups", None) or {}).values())
    yield "summary", _summary(audit)


def audit_to_dict(audit: AuditResult) -> dict[str, Any]:
    """The whole audit as the JSON object of schema.md (in memory: :func:`write_stream` for files)."""
    return {key: list(value) if isinstance(value, Iterator) else value for key, value in _sections(audit)}


def write_stream(audit: AuditResult, fh: IO[str]) -> None:
    """Write findings.json to ``fh`` one item at a time (memory stays flat whatever the audit size).

    The object is laid out with one top-level key per line and each project, cross check and
    group on a line of its own (compact JSON, by the C encoder: a 100,000-form audit in seconds)."""
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    fh.write("{")
    for n, (key, value) in enumerate(_sections(audit)):
        fh.write(("\n" if n == 0 else ",\n") + encode(key) + ":")
        if not isinstance(value, Iterator):
            fh.write(encode(value))
            continue
        first = True
        for item in value:
            fh.write(("[\n" if first else ",\n") + encode(item))
            first = False
        fh.write("[]" if first else "\n]")
    fh.write("\n}\n")


def dumps(audit: AuditResult) -> str:
    out = io.StringIO()
    write_stream(audit, out)
    return out.getvalue()


def write_json(audit: AuditResult, path: Path) -> Path:
    from auditor.safety import atomic_write

    with atomic_write(path, "w", encoding="utf-8") as fh:
        write_stream(audit, fh)
    return path
