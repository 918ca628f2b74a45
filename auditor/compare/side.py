"""One side of a comparison: the forms, scores and findings of an audit.

A side is read from a folder or file of documents (audited on the spot), from a ``findings.json``
written by ``auditor audit`` (or the report folder holding it), or from a ``整改清单.xlsx`` next
to its ``findings.json`` (its filled-in 整改状态 is carried forward).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError, InputError
from auditor.model import Finding, Form

FINDINGS_JSON = "findings.json"
TRACKING_XLSX = "整改清单.xlsx"


@dataclass(slots=True)
class SideForm:
    """A form of one side: identity, score, its findings (own + cross checks about it)."""

    form_id: str
    kind: str
    project_name: str
    department: str
    score: float | None
    rank: int | None
    findings: list[Finding]
    form: Form | None = None  # indicators and funds, when the side knows them


@dataclass(slots=True)
class Side:
    """An audit to compare: its forms in document order and the cross checks about no one form."""

    label: str
    origin: str  # "documents" | "findings.json"
    forms: list[SideForm]
    loose: list[Finding] = field(default_factory=list)
    tracking: dict[str, dict[str, str]] = field(default_factory=dict)  # fingerprint -> columns
    inputs: list[str] = field(default_factory=list)

    @property
    def has_indicators(self) -> bool:
        return any(f.form is not None for f in self.forms)


def finding_from_dict(data: dict[str, Any], form_id: str | None) -> Finding:
    """A :class:`Finding` back from its findings.json object."""
    return Finding(
        rule=str(data.get("rule", "")),
        category=str(data.get("category", "")),
        severity=data.get("severity", "warning"),
        message=str(data.get("message") or ""),
        suggestion=data.get("suggestion"),
        level1=data.get("level1"),
        level2=data.get("level2"),
        level3=data.get("level3"),
        column=data.get("column"),
        value=data.get("value"),
        line=data.get("line"),
        form_id=form_id,
        partners=list(data.get("partners") or data.get("form_ids") or []),
        name=str(data.get("name", "")),
    )


def _from_audit(audit: Any, label: str) -> Side:
    about: dict[str, list[Finding]] = {}
    loose: list[Finding] = []
    for f in audit.cross_checks:
        if f.form_id:
            about.setdefault(f.form_id, []).append(f)
        else:
            loose.append(f)
    forms = [
        SideForm(p.form.form_id, p.form.kind, p.form.project_name, p.form.department, p.score, p.rank,
                 list(p.findings) + about.get(p.form.form_id, []), p.form)
        for p in audit.projects
    ]
    return Side(label, "documents", forms, loose, inputs=[i.file for i in audit.inputs])


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise InputError(str(path), f"无法读取（{exc.strerror}）") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        line = getattr(exc, "lineno", None)
        raise InputError(str(path), "不是有效的 findings.json（JSON 格式错误）", line) from None
    if not isinstance(data, dict) or not isinstance(data.get("projects"), list):
        raise InputError(str(path), "不是 auditor audit 写的 findings.json（缺少 projects 列表）")
    return data


def _forms_of_inputs(data: dict[str, Any], folder: Path) -> dict[str, Form]:
    """Indicators and funds of a findings.json's forms: its inputs read again when they still
    exist, else the indicators.csv written beside it (values only, no funds)."""
    from auditor.ingest import iter_documents, unique_names
    from auditor.resources import resolve_bundled

    files = [resolve_bundled(i["file"]) for i in data.get("inputs", []) if isinstance(i, dict) and i.get("file")]
    found = [f for f in files if f.exists()]
    forms: dict[str, Form] = {}
    if found and len(found) == len(files):
        docs = [d for d in iter_documents(found) if not isinstance(d, InputError)]
        unique_names(docs)
        forms = {f.form_id: f for d in docs for f in d.forms}
    elif (folder / "indicators.csv").exists():
        from auditor.ingest.tidy_read import read_tidy_frame
        from auditor.tidy import frame_to_forms

        try:
            frame = read_tidy_frame(folder / "indicators.csv")
            forms = {f.form_id: f for f in frame_to_forms(frame, str(folder / "indicators.csv"), folder.name)}
            for form in forms.values():  # the csv has no funds: do not compare them
                form.funds.period_total = form.funds.annual_total = None
        except (InputError, ValueError, KeyError):
            forms = {}
    return forms


def _from_json(path: Path, label: str) -> Side:
    data = _read_json(path)
    forms_known = _forms_of_inputs(data, path.parent)
    about: dict[str, list[Finding]] = {}
    loose: list[Finding] = []
    for item in data.get("cross_checks", []):
        subject = item.get("form_id")
        finding = finding_from_dict(item, subject)
        if subject:
            about.setdefault(subject, []).append(finding)
        else:
            loose.append(finding)
    forms = []
    for p in data["projects"]:
        form_id = str(p.get("form_id", ""))
        known = forms_known.get(form_id)
        if known is not None and known.project_name != p.get("project_name", ""):
            known = None  # the input changed since the audit: do not mix two versions
        forms.append(SideForm(
            form_id, str(p.get("kind", "project")), str(p.get("project_name", "")), str(p.get("department", "")),
            p.get("score"), p.get("rank"),
            [finding_from_dict(f, form_id) for f in p.get("findings", [])] + about.get(form_id, []),
            known,
        ))
    inputs = [str(i.get("file", "")) for i in data.get("inputs", []) if isinstance(i, dict)]
    return Side(label, FINDINGS_JSON, forms, loose, inputs=inputs)


def load_side(path: str | Path, status: str | Path | None = None) -> Side:
    """Read one side of a comparison (see the module docstring); ``status`` names a filled-in
    整改清单.xlsx whose tracking columns are carried forward (default: the one beside findings.json)."""
    from auditor.tracking import read_tracking

    p = Path(path)
    if not p.exists():
        raise InputError(str(p), "文件或文件夹不存在")
    xlsx: Path | None = Path(status) if status else None
    if p.is_file() and p.suffix.lower() == ".xlsx" and (p.parent / FINDINGS_JSON).exists():
        xlsx, p = p, p.parent / FINDINGS_JSON  # a 整改清单.xlsx beside its findings.json
    if p.is_dir() and (p / FINDINGS_JSON).is_file():
        p = p / FINDINGS_JSON
    if p.is_file() and p.suffix.lower() == ".json":
        side = _from_json(p, _label(p))
        if xlsx is None and (p.parent / TRACKING_XLSX).exists():
            xlsx = p.parent / TRACKING_XLSX
    else:
        from auditor.pipeline import audit as run_audit

        audit = run_audit([p])
        if not audit.documents:
            errors = [e for i in audit.inputs for e in i.errors]
            raise InputError(str(p), errors[0] if errors else "没有可审核的绩效目标表")
        side = _from_audit(audit, _label(p))
    if xlsx is not None:
        try:
            side.tracking = read_tracking(xlsx)
        except ConfigError:
            if status:  # named by the user: say why it cannot be used
                raise
            # found beside findings.json but written by an older version (no 指纹 column): skip
    return side


def side_from_audit(audit: Any, label: str = "") -> Side:
    """A side from an :class:`~auditor.score.AuditResult` already in memory (tests, the API)."""
    return _from_audit(audit, label or "审核结果")


def _label(path: Path) -> str:
    """A short name for the side: the report folder or the document's file name."""
    if path.name == FINDINGS_JSON:
        return path.parent.name or path.name
    return path.name
