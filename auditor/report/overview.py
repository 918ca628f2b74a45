"""``report.html`` for large audits: an overview page plus one page per department.

From ``large_audit_forms`` forms on (``rules/limits.yaml``), one page holding every project would be
hundreds of megabytes; the overview holds the departments, the score distribution, the categories,
the worst projects and the largest clone groups, and links to ``departments/NNNN.html`` (that
department's projects and findings). Every string goes through jinja2 autoescape.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any, NamedTuple

from markupsafe import Markup, escape

from auditor import __version__
from auditor.report import charts
from auditor.report.common import indicator_path, labels, sort_findings
from auditor.report.html import TEMPLATES, environment
from auditor.safety import atomic_write
from auditor.score import AuditResult

WORST = 100
GROUPS = 30

# the template's rows: named tuples, which jinja reads as attributes at once (a dict costs it a
# failed attribute lookup for every field of every finding)
class _Dept(NamedTuple):
    name: str
    projects: int
    mean: float
    min: float
    errors: int
    warnings: int
    href: str
def _items(findings: list[tuple[str, str, str, str, str, str, str]]) -> Markup:
    """The ``<li>`` of a project's findings (severity, its label, category, rule, where, message,
    suggestion), every text escaped as jinja's autoescape does (tens of thousands per page: built
    here, not by a template loop)."""
    out = []
    for severity, sev, category, rule, where, message, suggestion in findings:
        at = f"<i>{escape(where)}</i> " if where else ""
        tip = f'<div class="small">建议：{escape(suggestion)}</div>' if suggestion else ""
        out.append(f'      <li class="sev-{escape(severity)}">[{escape(sev)}·{escape(category)}·{escape(rule)}] '
                   f"{at}{escape(message)}{tip}</li>\n")
    return Markup("".join(out))


class _Project(NamedTuple):
    rank: Any
    name: str
    form_id: str
    anchor: str
    score: float
    grade: str
    n: int  # findings
    items: Markup  # their <li>


def _atomic(path: Path, text: str) -> None:
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)


def write_overview(audit: AuditResult, path: Path, title: str = "") -> Path:
    """Write ``path`` (the overview) and ``departments/*.html`` next to it; return ``path``."""
    lab = labels()
    env = environment()
    template = env.get_template("overview.html.j2")
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    common = {"title": title or f"{len(audit.inputs)} 个文件", "generated": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
              "version": __version__, "profile": audit.profile, "css": css}
    folder = path.parent / "departments"
    folder.mkdir(parents=True, exist_ok=True)
    cross_of: dict[str, list] = {}
    for f in audit.cross_checks:
        if f.form_id:
            cross_of.setdefault(f.form_id, []).append(f)
    by_dept: dict[str, list] = {}
    for p in audit.projects:
        by_dept.setdefault(p.form.department or "（未填部门）", []).append(p)
    href: dict[str, str] = {}
    depts = []
    for k, g in enumerate(audit.by_department(), start=1):
        href[g.name] = f"departments/{k:04d}.html"
        depts.append(_Dept(g.name, g.projects, g.mean, g.min, g.errors, g.warnings, href[g.name]))
        projects: list[_Project] = []
        for p in sorted(by_dept.get(g.name, []), key=lambda p: (p.rank or 10**9, p.form.form_id)):
            found = sort_findings(p.findings) + sort_findings(cross_of.get(p.form.form_id, []))
            projects.append(_Project(
                p.rank or "", p.form.project_name or "（未命名）", p.form.form_id, f"p{len(projects) + 1}", p.score,
                p.grade, len(found), _items([(f.severity, lab.sev(f.severity), lab.category(f.category), f.rule,
                                              indicator_path(f), f.message, f.suggestion or "") for f in found]),
            ))
        page = template.render(dept=depts[-1], projects=projects, **common)
        _atomic(folder / f"{k:04d}.html", page)
    ranked = sorted((p for p in audit.projects if p.form.kind == "project" and p.rank), key=lambda p: p.rank)
    scores = [p.score for p in ranked]
    worst = [{"rank": p.rank, "name": p.form.project_name or "（未命名）", "dept": p.form.department,
              "score": p.score, "n": len(p.findings) + len(cross_of.get(p.form.form_id, [])),
              "href": href.get(p.form.department or "（未填部门）", "")} for p in reversed(ranked[-WORST:])]
    sev = audit.severity_counts()
    cats = audit.category_counts().most_common()
    groups = sorted((getattr(audit.check, "groups", None) or {}).values(), key=lambda g: (-g.size, g.id))[:GROUPS]
    page = template.render(
        dept=None, n_projects=len(ranked), n_docs=len(audit.documents),
        n_unreadable=sum(1 for i in audit.inputs if i.errors),
        mean=round(sum(scores) / len(scores), 1) if scores else 0,
        median=sorted(scores)[len(scores) // 2] if scores else 0,
        n_findings=sum(sev.values()), n_error=sev.get("error", 0), n_warning=sev.get("warning", 0),
        n_info=sev.get("info", 0),
        hist=charts.histogram(scores, caption="得分分布"),
        cats=charts.hbars([(lab.category(c), n) for c, n in cats], caption="按问题类别"),
        depts=depts, worst=worst,
        groups=[{"id": g.id, "kind": g.kind, "size": g.size, "examples": "、".join(g.members[:3])} for g in groups],
        **common,
    )
    _atomic(path, page)
    return path
