"""Outputs of ``auditor compare``: compare.json, 对比.xlsx and compare.html (the report's style)."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.compare.core import Comparison, FindingChange, ProjectDiff, summary
from auditor.compare.side import Side, SideForm
from auditor.report.common import indicator_path, labels, row_suggestion

FILES = {"html": "compare.html", "xlsx": "对比.xlsx", "json": "compare.json"}
STATUS_LABEL = {"fixed": "已整改", "new": "新增", "open": "仍存在"}
PAIR_LABEL = {"matched": "已配对", "unsure": "名称相近，请核对", "appeared": "新出现", "vanished": "已消失"}
FLAG_LABEL = {"copied": "目标照抄", "lowered": "目标降低"}


def _form(form: SideForm | None) -> dict[str, Any] | None:
    if form is None:
        return None
    funds = form.form.funds.annual_total if form.form is not None else None
    return {"form_id": form.form_id, "project_name": form.project_name, "department": form.department,
            "kind": form.kind, "score": form.score, "rank": form.rank, "annual_funds": funds}


def _change(c: FindingChange) -> dict[str, Any]:
    data = c.finding.to_dict()
    data["fingerprint"] = c.fingerprint
    if c.tracking:
        data["tracking"] = dict(c.tracking)
    if c.old is not None and c.status == "open" and c.old.message != c.finding.message:
        data["old_message"] = c.old.message
    return data


def _project(p: ProjectDiff) -> dict[str, Any]:
    return {
        "status": p.status,
        "similarity": p.pair.similarity,
        "old": _form(p.pair.old),
        "new": _form(p.pair.new),
        "score_change": p.score_change,
        "findings": {s: [_change(c) for c in p.by_status(s)] for s in ("fixed", "new", "open")},
        "indicators_known": p.indicators_known,
        "indicators": [{"change": i.change, "path": i.path,
                        "old": list(i.old) if i.old else None, "new": list(i.new) if i.new else None}
                       for i in p.indicators],
        "flags": [{"kind": f.kind, "message": f.message, "path": f.path, "old_value": f.old_value,
                   "new_value": f.new_value} for f in p.flags],
    }


def _side(side: Side) -> dict[str, Any]:
    return {"label": side.label, "origin": side.origin, "inputs": list(side.inputs),
            "indicators_known": side.has_indicators, "tracked_rows": len(side.tracking)}


def to_dict(cmp: Comparison) -> dict[str, Any]:
    """The comparison as one JSON object (documented in docs/compare.md)."""
    return {
        "tool": {"name": "auditor", "version": __version__},
        "old": _side(cmp.old),
        "new": _side(cmp.new),
        "summary": summary(cmp),
        "projects": [_project(p) for p in cmp.projects],
        "cross_checks": {s: [_change(c) for c in cmp.loose if c.status == s] for s in ("fixed", "new", "open")},
    }


def write_json(cmp: Comparison, path: Path) -> Path:
    from auditor.safety import atomic_write

    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(to_dict(cmp), ensure_ascii=False, indent=1) + "\n")
    return path


# ---------------------------------------------------------------- xlsx

PROJECT_HEADERS = [
    ("状态", 14), ("部门", 22), ("原项目名称", 34), ("新项目名称", 34), ("名称相似度", 9), ("原得分", 8),
    ("新得分", 8), ("得分变化", 8), ("已整改", 7), ("新增", 7), ("仍存在", 7), ("指标增", 7), ("指标删", 7),
    ("指标改", 7), ("跨年度提示", 48),
]
CHANGE_HEADERS = [
    ("变化", 8), ("部门", 22), ("项目", 34), ("指标", 34), ("栏", 7), ("指标值", 18), ("问题类别", 14),
    ("问题", 48), ("整改建议", 48), ("严重程度", 9), ("规则", 9), ("新行号", 8),
]
INDICATOR_HEADERS = [("项目", 34), ("变化", 8), ("指标", 40), ("原实施期值", 16), ("原年度值", 16),
                     ("新实施期值", 16), ("新年度值", 16)]
FLAG_HEADERS = [("类型", 10), ("部门", 22), ("项目", 34), ("指标", 40), ("上年", 18), ("本年", 18), ("说明", 60)]


def _name(p: ProjectDiff) -> str:
    return p.subject.project_name


def _change_rows(cmp: Comparison) -> list[tuple[str, str, str, FindingChange]]:
    """(变化, 部门, 项目, change) for every finding change, fixed and new first."""
    out = []
    order = {"new": 0, "fixed": 1, "open": 2}
    for p in cmp.projects:
        for c in p.findings:
            out.append((c.status, p.subject.department, _name(p), c))
    for c in cmp.loose:
        out.append((c.status, "", "（跨表）", c))
    out.sort(key=lambda r: order[r[0]])
    return out


def write_xlsx(cmp: Comparison, path: Path) -> Path:
    from openpyxl import Workbook

    from auditor.report.xlsx import _safe, _sheet
    from auditor.tracking import FINGERPRINT_HEADER, tracking_spec

    lab = labels()
    wb = Workbook(write_only=True)
    ws = _sheet(wb, "项目对比", PROJECT_HEADERS, len(cmp.projects))
    for p in cmp.projects:
        old, new = p.pair.old, p.pair.new
        kinds = {i.change for i in p.indicators}
        counts = {k: sum(i.change == k for i in p.indicators) for k in kinds}
        ws.append([
            PAIR_LABEL[p.status], _safe(p.subject.department), _safe(old.project_name if old else ""),
            _safe(new.project_name if new else ""), p.pair.similarity if old and new else None,
            old.score if old else None, new.score if new else None, p.score_change,
            len(p.by_status("fixed")), len(p.by_status("new")), len(p.by_status("open")),
            counts.get("added", 0), counts.get("removed", 0), counts.get("changed", 0),
            _safe("；".join(f.message for f in p.flags)),
        ])
    columns = tracking_spec().columns
    headers = [*CHANGE_HEADERS, *((c, 14) for c in columns), (FINGERPRINT_HEADER, 18)]
    rows = _change_rows(cmp)
    ws = _sheet(wb, "问题变化", headers, len(rows))
    for status, dept, name, c in rows:
        finding = c.finding
        ws.append([
            STATUS_LABEL[status], _safe(dept), _safe(name), _safe(indicator_path(finding)), lab.col(finding.column),
            _safe(finding.value) if finding.level3 is not None else "", lab.category(finding.category),
            _safe(finding.message), _safe(row_suggestion(finding)), lab.sev(finding.severity), finding.rule,
            None if status == "fixed" else finding.line,
            *(_safe(c.tracking.get(col, "")) for col in columns), c.fingerprint,
        ])
    changes = [(p, i) for p in cmp.projects for i in p.indicators]
    ws = _sheet(wb, "指标变化", INDICATOR_HEADERS, len(changes))
    word = {"added": "新增", "removed": "删除", "changed": "修改"}
    for p, i in changes:
        ws.append([_safe(_name(p)), word[i.change], _safe(i.path), *(_safe(v) for v in (i.old or ("", ""))),
                   *(_safe(v) for v in (i.new or ("", "")))])
    flags = [(p, f) for p in cmp.projects for f in p.flags]
    moved = [p for p in cmp.projects if p.status in ("appeared", "vanished")]
    ws = _sheet(wb, "跨年度检查", FLAG_HEADERS, len(flags) + len(moved))
    for p, f in flags:
        ws.append([FLAG_LABEL[f.kind], _safe(p.subject.department), _safe(_name(p)), _safe(f.path),
                   _safe(f.old_value), _safe(f.new_value), _safe(f.message)])
    for p in moved:
        ws.append([PAIR_LABEL[p.status], _safe(p.subject.department), _safe(_name(p)), "", "", "",
                   "只在新的一方出现" if p.status == "appeared" else "只在原来的一方出现"])
    from auditor.safety import atomic_write

    with atomic_write(path) as fh:
        wb.save(fh)
    return path


# ---------------------------------------------------------------- html

def _html_context(cmp: Comparison, title: str) -> dict[str, Any]:
    lab = labels()
    projects = []
    for n, p in enumerate(cmp.projects):
        old, new = p.pair.old, p.pair.new
        changes = [{
            "status": c.status, "status_label": STATUS_LABEL[c.status], "sev": c.finding.severity,
            "sev_label": lab.sev(c.finding.severity), "category": lab.category(c.finding.category),
            "rule": c.finding.rule, "where": indicator_path(c.finding), "column": lab.col(c.finding.column),
            "value": c.finding.value or "", "message": c.finding.message,
            "suggestion": row_suggestion(c.finding), "tracking": c.tracking,
        } for c in sorted(p.findings, key=lambda c: {"new": 0, "fixed": 1, "open": 2}[c.status])]
        projects.append({
            "n": n, "status": p.status, "status_label": PAIR_LABEL[p.status], "similarity": p.pair.similarity,
            "old": old, "new": new, "name": _name(p), "dept": p.subject.department,
            "score_change": p.score_change, "fixed": len(p.by_status("fixed")), "added": len(p.by_status("new")),
            "open": len(p.by_status("open")), "changes": changes, "indicators": p.indicators,
            "indicators_known": p.indicators_known, "flags": p.flags,
        })
    loose = [{"status": c.status, "status_label": STATUS_LABEL[c.status], "message": c.finding.message,
              "rule": c.finding.rule, "sev": c.finding.severity, "sev_label": lab.sev(c.finding.severity)}
             for c in cmp.loose if c.status != "open"]
    return {
        "title": title or f"{cmp.old.label} → {cmp.new.label}",
        "version": __version__, "generated": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "old": cmp.old, "new": cmp.new, "s": summary(cmp), "projects": projects,
        "unsure": [x for x in projects if x["status"] == "unsure"],
        "moved": [x for x in projects if x["status"] in ("appeared", "vanished")],
        "flags": [(x, f) for x, p in zip(projects, cmp.projects, strict=True) for f in p.flags],
        "loose": loose, "flag_label": FLAG_LABEL, "pair_label": PAIR_LABEL,
        "depts": sorted({x["dept"] for x in projects if x["dept"]}),
    }


def render_html(cmp: Comparison, title: str = "") -> str:
    from auditor.report.html import TEMPLATES, environment

    env = environment()
    ctx = _html_context(cmp, title)
    ctx["css"] = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    ctx["js"] = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    return env.get_template("compare.html.j2").render(**ctx)


def write_html(cmp: Comparison, path: Path, title: str = "") -> Path:
    from auditor.safety import atomic_write

    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(render_html(cmp, title))
    return path


def write_outputs(cmp: Comparison, outdir: Path, formats: list[str] | None = None) -> dict[str, Path]:
    """Write the selected outputs into ``outdir`` (created); return {format: path}."""
    outdir.mkdir(parents=True, exist_ok=True)
    writers: dict[str, Callable[[Comparison, Path], Path]] = {
        "html": write_html, "xlsx": write_xlsx, "json": write_json}
    return {fmt: writers[fmt](cmp, outdir / FILES[fmt]) for fmt in formats or list(FILES)}
