"""``report.html``: one self-contained, offline page (inline CSS, vanilla JS, inline SVG charts).

Every string from the input goes through jinja2 autoescape; the charts escape their own labels.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any
from urllib.parse import quote

from auditor import __version__
from auditor.report import charts
from auditor.report.common import (
    column_text,
    findings_by_indicator,
    flagged_cells,
    indicator_path,
    labels,
    sort_findings,
    where,
    worst_severity,
)
from auditor.result import AuditResult, ProjectScore

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _money(x: float | None) -> str:
    return "" if x is None else f"{x:,.2f}"


def _project_context(i: int, p: ProjectScore, audit: AuditResult, total: dict[str, int]) -> dict[str, Any]:
    lab = labels()
    findings = sort_findings(p.findings) + sort_findings(p.cross)
    number = {id(f): n for n, f in enumerate(findings, start=1)}
    by_ind = findings_by_indicator(findings)
    rows = []
    prev1 = prev2 = None
    for k, ind in enumerate(p.form.indicators):
        found = by_ind.get(k, [])
        cells = flagged_cells(ind, found)
        sev = worst_severity(found) or ""

        def badges(cell: str, found=found, ind=ind) -> list[dict[str, Any]]:
            out = []
            for f in found:
                hit = flagged_cells(ind, [f])
                if cell in hit:
                    out.append({"n": number[id(f)], "sev": f.severity,
                                "tip": f"{lab.category(f.category)}：{f.message}"})
            return out

        rows.append({
            "level1": ind.level1 if ind.level1 != prev1 else "",
            "level2": ind.level2 if (ind.level1, ind.level2) != (prev1, prev2) else "",
            "level3": ind.level3, "period": ind.period_value, "annual": ind.annual_value,
            "annual_name": ind.annual_level3 or "",
            "flag": {c: (sev if c in cells else "") for c in ("name", "period", "annual")},
            "badges": {c: badges(c) for c in ("name", "period", "annual")},
            "line": ind.line,
        })
        prev1, prev2 = ind.level1, ind.level2
    row_of = {id(f): p.form.indicators[k] for k, fs in by_ind.items() for f in fs}
    fitems = [{
        "n": number[id(f)], "sev": f.severity, "sev_label": lab.sev(f.severity),
        "category": lab.category(f.category), "category_key": f.category, "rule": f.rule,
        "where": indicator_path(f), "column": column_text(row_of.get(id(f)), f), "value": f.value or "",
        "message": f.message, "suggestion": f.suggestion or "", "line": where(f),
        "points": p.deducted(f), "cross": f in p.cross,
    } for f in findings]
    dims = []
    for key, d in audit.weights.dimensions.items():
        got = p.breakdown[key]
        lost = [x for x in p.deductions if x.dimension == key and x.points > 0]
        lost.sort(key=lambda x: -x.points)
        sigs = [{"label": x.label, "detail": x.detail, "points": x.points, "pct": round(100 * x.share)}
                for x in p.signals if x.dimension == key and x.points >= 0.05]
        dims.append({
            "label": d.label, "desc": d.description, "max": d.max, "got": got,
            "pct": 100 * got / d.max if d.max else 0,
            "lost": [{"points": x.points, "n": number.get(id(x.finding)),
                      "category": lab.category(x.finding.category)} for x in lost],
            "signals": sigs,
        })
    f = p.form
    return {
        "i": i, "p": p, "form": f, "rows": rows, "findings": fitems, "dims": dims,
        "kind_label": lab.kind.get(f.kind, f.kind), "total": total[f.kind],
        "funds": {"period": _money(f.funds.period_total), "annual": _money(f.funds.annual_total)},
        "texts": [("项目概况", f.texts.overview), ("立项依据", f.texts.basis), ("项目设立必要性", f.texts.necessity),
                  ("保证项目实施的制度、措施", f.texts.measures), ("项目实施计划", f.texts.plan),
                  ("实施期目标", f.goals.period), ("年度目标", f.goals.annual)],
        "errors": p.count("error"), "warnings": p.count("warning"), "infos": p.count("info"),
        "top": [lab.category(c) for c in dict.fromkeys(x.category for x in sort_findings(p.all_findings))][:3],
        "cats": " ".join(dict.fromkeys(x.category for x in p.all_findings)),
        "color": charts.score_color(p.score),
    }


def build_context(audit: AuditResult, title: str = "") -> dict[str, Any]:
    lab = labels()
    total = {k: sum(1 for p in audit.projects if p.form.kind == k) for k in ("project", "unit")}
    projects = [_project_context(i, p, audit, total) for i, p in enumerate(audit.projects)]
    ranked = sorted((x for x in projects if x["form"].kind == "project"), key=lambda x: x["p"].rank)
    order = ranked + [x for x in projects if x["form"].kind != "project"]
    for pos, x in enumerate(order):
        x["prev"] = order[pos - 1]["i"] if pos > 0 else None
        x["next"] = order[pos + 1]["i"] if pos + 1 < len(order) else None
    scores = [x["p"].score for x in ranked]
    cats = audit.category_counts().most_common()
    sev = audit.severity_counts()
    depts = audit.by_department()
    best, worst = ranked[:5], list(reversed(ranked[-5:])) if ranked else []
    chart = {
        "hist": charts.histogram(scores, caption="得分分布"),
        "cats": charts.hbars([(lab.category(c), n) for c, n in cats], caption="按问题类别",
                             links=[f"#cat={c}" for c, _ in cats]),
        "depts": charts.hbars([(g.name, g.mean) for g in depts], max_value=100, width=1000, label_width=300,
                              links=[f"#dept={quote(g.name)}" for g in depts],
                              colors=[charts.score_color(g.mean) for g in depts], caption="部门平均分"),
        "best": charts.hbars([(x["form"].project_name or "（未命名）", x["p"].score) for x in best], max_value=100,
                             colors=[charts.score_color(x["p"].score) for x in best],
                             links=[f"#p{x['i']}" for x in best], caption="得分最高的项目"),
        "worst": charts.hbars([(x["form"].project_name or "（未命名）", x["p"].score) for x in worst], max_value=100,
                              colors=[charts.score_color(x["p"].score) for x in worst],
                              links=[f"#p{x['i']}" for x in worst], caption="得分最低的项目"),
    }
    by_id = {x["form"].form_id: (x["i"], x["form"].project_name) for x in projects}
    cross = [{
        "sev": f.severity, "sev_label": lab.sev(f.severity), "category": lab.category(f.category),
        "message": f.message, "suggestion": f.suggestion or "", "rule": f.rule, "line": where(f),
        "subject": by_id.get(f.form_id or ""),
        "forms": [by_id[i] for i in f.partners if i in by_id],
    } for f in sort_findings(audit.cross_checks)]
    names = [Path(i.file).name for i in audit.inputs]
    return {
        "title": title or "、".join(names) or "审核报告",
        "version": __version__, "profile": audit.profile,
        "generated": _dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        "inputs": audit.inputs, "projects": projects, "ranked": ranked, "order": order,
        "units": [x for x in projects if x["form"].kind != "project"],
        "n_projects": total["project"], "n_findings": sum(sev.values()),
        "n_error": sev.get("error", 0), "n_warning": sev.get("warning", 0), "n_info": sev.get("info", 0),
        "mean": round(sum(scores) / len(scores), 1) if scores else 0,
        "median": sorted(scores)[len(scores) // 2] if scores else 0,
        "chart": chart, "depts": depts, "docs": audit.by_document(), "cross": cross,
        "dims": list(audit.weights.dimensions.values()), "weights": audit.weights,
        "categories": [(c, lab.category(c), n) for c, n in cats],
        "dept_names": sorted({x["form"].department for x in ranked}),
        "grades": [g for _, g in audit.weights.grades],
        "lab": lab,
    }


def render_html(audit: AuditResult, title: str = "") -> str:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        autoescape=True,  # every input string is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["money"] = _money
    env.filters["basename"] = lambda path: Path(str(path)).name
    ctx = build_context(audit, title)
    ctx["css"] = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    ctx["js"] = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(**ctx)


def write_html(audit: AuditResult, path: Path, title: str = "") -> Path:
    path.write_text(render_html(audit, title), encoding="utf-8")
    return path
