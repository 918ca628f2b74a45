"""``report.html``: one self-contained, offline page (inline CSS, vanilla JS, inline SVG charts).

Every string from the input goes through jinja2 autoescape; the charts escape their own labels.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
from pathlib import Path
from typing import Any
from urllib.parse import quote

from auditor import __version__
from auditor.model import Finding, Form
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
# cross-check categories whose two forms are shown side by side: their texts or their indicators
CLONE_CATEGORIES = {"boilerplate_text": "texts", "duplicate_indicator_set": "indicators"}


def _money(x: float | None) -> str:
    return "" if x is None else f"{x:,.2f}"


def _partners(f: Finding, subject: str | None, index: dict[str, tuple[int, Form]]) -> list[dict[str, Any]]:
    """The other forms a cross check names, as links (i = project page number)."""
    return [{"i": index[k][0], "name": index[k][1].project_name or k, "form_id": k}
            for k in f.partners if k != subject and k in index]


def _clone_view(f: Finding, form: Form, partners: list[dict[str, Any]],
                index: dict[str, tuple[int, Form]]) -> list[Any]:
    """Side-by-side diff of a cloned form's texts (or indicator table) with its first partner."""
    if not partners or f.category not in CLONE_CATEGORIES:
        return []
    from auditor.report.textdiff import compare_forms

    other = index[partners[0]["form_id"]][1]
    return compare_forms(form, other, indicators=CLONE_CATEGORIES[f.category] == "indicators")


def _project_context(i: int, p: ProjectScore, audit: AuditResult, total: dict[str, int],
                     index: dict[str, tuple[int, Form]]) -> dict[str, Any]:
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
    partners = {id(f): _partners(f, p.form.form_id, index) for f in p.cross}
    fitems = [{
        "n": number[id(f)], "sev": f.severity, "sev_label": lab.sev(f.severity),
        "category": lab.category(f.category), "category_key": f.category, "rule": f.rule,
        "where": indicator_path(f), "column": column_text(row_of.get(id(f)), f), "value": f.value or "",
        "message": f.message, "suggestion": f.suggestion or "", "line": where(f),
        "points": p.deducted(f), "cross": f in p.cross,
        "partners": partners.get(id(f), []),
        "diff": _clone_view(f, p.form, partners.get(id(f), []), index),
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
        "numbers": number,
    }


def build_context(audit: AuditResult, title: str = "") -> dict[str, Any]:
    lab = labels()
    total = {k: sum(1 for p in audit.projects if p.form.kind == k) for k in ("project", "unit")}
    index = {p.form.form_id: (i, p.form) for i, p in enumerate(audit.projects)}
    projects = [_project_context(i, p, audit, total, index) for i, p in enumerate(audit.projects)]
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
    cross: list[dict[str, Any]] = []
    for f in sort_findings(audit.cross_checks):
        subject = index.get(f.form_id or "")
        anchor = ""
        if subject is not None:
            n = projects[subject[0]]["numbers"].get(id(f))
            anchor = f"#p{subject[0]}-f{n}-diff" if n else f"#p{subject[0]}"
        cross.append({
            "sev": f.severity, "sev_label": lab.sev(f.severity), "category": lab.category(f.category),
            "category_key": f.category, "message": f.message, "suggestion": f.suggestion or "", "rule": f.rule,
            "line": where(f), "anchor": anchor,
            "subject": (subject[0], subject[1].project_name or f.form_id) if subject else None,
            "forms": _partners(f, f.form_id, index),
            "clone": f.category in CLONE_CATEGORIES and subject is not None and bool(f.partners),
        })
    cross_rules = sorted({f.rule for f in audit.cross_checks})
    cross_cats = sorted({(f.category, lab.category(f.category)) for f in audit.cross_checks})
    totals = _totals(audit)
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
        "lab": lab, "totals": totals, "cross_rules": cross_rules, "cross_cats": cross_cats,
    }


def _totals(audit: AuditResult) -> dict[str, dict[str, int]]:
    """Finding counts by where they sit, so that every total on the page can be explained:
    project forms' own + unit forms' own + cross checks = the overview's total."""
    out: dict[str, dict[str, int]] = {}
    groups = {
        "project": [f for p in audit.projects if p.form.kind == "project" for f in p.findings],
        "unit": [f for p in audit.projects if p.form.kind != "project" for f in p.findings],
        "cross": list(audit.cross_checks),
    }
    for key, found in groups.items():
        counts = {s: sum(1 for f in found if f.severity == s) for s in ("error", "warning", "info")}
        counts["all"] = len(found)
        out[key] = counts
    out["all"] = {k: sum(out[g][k] for g in groups) for k in ("error", "warning", "info", "all")}
    return out


@functools.lru_cache(maxsize=1)
def environment() -> Any:
    """The jinja2 environment of the html reports (audit, overview, comparison), made once: it
    keeps the compiled templates between reports."""
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        bytecode_cache=_bytecode_cache(),
        autoescape=True,  # every input string is escaped
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["money"] = _money
    env.filters["basename"] = lambda path: Path(str(path)).name
    return env


CACHE_ENV = "AUDITOR_CACHE_DIR"  # where compiled templates are kept; empty: nowhere


def cache_dir() -> Path | None:
    """This user's folder for compiled report templates (``$AUDITOR_CACHE_DIR``, else
    ``$XDG_CACHE_HOME/auditor`` or ``~/.cache/auditor``), created private; None when unset to
    empty, not creatable, or not private to this user (its files are loaded as code)."""
    import os
    import stat

    chosen = os.environ.get(CACHE_ENV)
    if chosen is not None and not chosen.strip():
        return None
    try:
        if chosen:
            folder = Path(chosen)
        else:
            base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
            folder = Path(base) / "auditor"
        folder = folder / "templates"
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        info = folder.stat()
    except (OSError, RuntimeError):  # no home, read-only file system ...
        return None
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)):
        return None
    return folder


def _bytecode_cache() -> Any:
    """A jinja2 bytecode cache in :func:`cache_dir` (compiling report.html.j2 costs a tenth of a
    second on every run otherwise); a cache that cannot be written is skipped, never an error."""
    import jinja2

    folder = cache_dir()
    if folder is None:
        return None

    class _Cache(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket: Any) -> None:
            with contextlib.suppress(OSError):  # a full disk, a read-only cache: compiled again next time
                super().dump_bytecode(bucket)

    return _Cache(str(folder), "%s.cache")


def render_html(audit: AuditResult, title: str = "") -> str:
    env = environment()
    ctx = build_context(audit, title)
    ctx["css"] = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    ctx["js"] = (TEMPLATES / "report.js").read_text(encoding="utf-8")
    return env.get_template("report.html.j2").render(**ctx)


def write_html(audit: AuditResult, path: Path, title: str = "") -> Path:
    from auditor.safety import atomic_write

    text = render_html(audit, title)
    with atomic_write(path, "w", encoding="utf-8") as fh:
        fh.write(text)
    return path
