"""Corpus-level statistics for researchers (``auditor stats``): tables as CSV and one HTML page of charts.

Tables (each a list of rows with fixed columns):

* ``dimension_by_heading`` — value dimension (value grammar) counted per 一级/二级 heading
* ``quantified_share``     — share of filled value cells that are quantified, per heading and overall
* ``top_indicators``       — most common third-level names, with their most common value
* ``top_values``           — most common values, with their dimension
* ``reused_texts``         — texts (概况, 依据, 必要性, 措施, 计划, 目标) shared by several forms
* ``findings_by_category`` — findings per category and severity (when the rules were run)
"""

from __future__ import annotations

import csv
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.model import Document, Finding
from auditor.report.indicators_csv import Grammar

TEXT_LABELS = {"overview": "项目概况", "basis": "立项依据", "necessity": "项目设立必要性",
               "measures": "保证项目实施的制度、措施", "plan": "项目实施计划",
               "goal_period": "实施期目标", "goal_annual": "年度目标"}
QUANT_EXTRA = ("deadline",)


@dataclass(slots=True)
class Table:
    name: str
    title: str
    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)


def _cells(documents: Sequence[Document]):
    for doc in documents:
        for form in doc.forms:
            for ind in form.indicators:
                for col in ("period", "annual"):
                    value = getattr(ind, f"{col}_value")
                    if value:
                        yield doc, form, ind, col, value


def compute(documents: Sequence[Document], findings: Sequence[Finding] | None = None, top: int = 30) -> list[Table]:
    """All statistics tables of the documents (and findings, when given)."""
    from auditor.values import QUANTITATIVE

    grammar = Grammar()
    quantitative = set(QUANTITATIVE) | set(QUANT_EXTRA)
    dims: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    quant: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    names: Counter[str] = Counter()
    name_values: dict[str, Counter[str]] = defaultdict(Counter)
    values: Counter[str] = Counter()
    value_dim: dict[str, str] = {}
    all_dims: Counter[str] = Counter()
    for _doc, _form, ind, _col, value in _cells(documents):
        dim = grammar.value(value)["dimension"] or "unknown"
        heading = (ind.level1, ind.level2)
        dims[heading][dim] += 1
        all_dims[dim] += 1
        q = quant[heading]
        q[0] += 1
        q[1] += dim in quantitative
        values[value] += 1
        value_dim[value] = dim
    for doc in documents:
        for form in doc.forms:
            for ind in form.indicators:
                names[ind.level3] += 1
                first = ind.period_value or ind.annual_value
                if first:
                    name_values[ind.level3][first] += 1

    dim_order = [d for d, _ in all_dims.most_common()]
    t_dims = Table("dimension_by_heading", "指标值类型（按一级/二级指标）", ["一级指标", "二级指标", "合计", *dim_order])
    for (l1, l2), counter in sorted(dims.items(), key=lambda kv: -sum(kv[1].values())):
        t_dims.rows.append([l1, l2, sum(counter.values()), *(counter.get(d, 0) for d in dim_order)])

    t_quant = Table("quantified_share", "量化指标值占比（按一级/二级指标）", ["一级指标", "二级指标", "指标值格数", "量化格数", "量化占比"])
    total = [0, 0]
    for (l1, l2), (n, k) in sorted(quant.items(), key=lambda kv: -kv[1][0]):
        t_quant.rows.append([l1, l2, n, k, round(k / n, 3) if n else 0])
        total[0] += n
        total[1] += k
    t_quant.rows.insert(0, ["（全部）", "", total[0], total[1], round(total[1] / total[0], 3) if total[0] else 0])

    t_names = Table("top_indicators", "最常见的三级指标", ["三级指标", "出现次数", "最常见指标值", "该值次数"])
    for name, n in names.most_common(top):
        common = name_values[name].most_common(1)
        t_names.rows.append([name, n, common[0][0] if common else "", common[0][1] if common else 0])

    t_values = Table("top_values", "最常见的指标值", ["指标值", "出现次数", "类型"])
    for value, n in values.most_common(top):
        t_values.rows.append([value, n, value_dim.get(value, "")])

    texts: dict[tuple[str, str], list[str]] = defaultdict(list)
    for doc in documents:
        for form in doc.forms:
            fields = dict(form.texts.to_dict(), goal_period=form.goals.period, goal_annual=form.goals.annual)
            for key, text in fields.items():
                text = " ".join(text.split())
                if len(text) >= 4:
                    texts[(key, text)].append(form.project_name)
    by_text: dict[str, dict[str, Any]] = {}
    for (key, text), projects in texts.items():
        entry = by_text.setdefault(text, {"fields": Counter(), "projects": set(), "uses": 0})
        entry["fields"][TEXT_LABELS.get(key, key)] += len(projects)
        entry["projects"].update(projects)
        entry["uses"] += len(projects)
    t_texts = Table("reused_texts", "重复使用最多的文字", ["文字", "使用次数", "涉及项目数", "栏目", "示例项目"])
    reused = sorted(((t, e) for t, e in by_text.items() if e["uses"] > 1), key=lambda te: (-te[1]["uses"], te[0]))
    for text, entry in reused[:top]:
        t_texts.rows.append([text, entry["uses"], len(entry["projects"]),
                             "、".join(f for f, _ in entry["fields"].most_common()),
                             "、".join(sorted(entry["projects"])[:3])])

    tables = [t_dims, t_quant, t_names, t_values, t_texts]
    if findings is not None:
        from auditor.report.common import labels

        lab = labels()
        cat: dict[str, Counter[str]] = defaultdict(Counter)
        for f in findings:
            cat[f.category][f.severity] += 1
        t_cat = Table("findings_by_category", "问题（按类别）", ["类别", "名称", "合计", "错误", "警告", "提示"])
        for key, counter in sorted(cat.items(), key=lambda kv: -sum(kv[1].values())):
            t_cat.rows.append([key, lab.category(key), sum(counter.values()), counter.get("error", 0),
                               counter.get("warning", 0), counter.get("info", 0)])
        tables.append(t_cat)
    return tables


def write_csvs(tables: Sequence[Table], outdir: Path) -> list[Path]:
    from auditor.safety import atomic_write, safe_cell

    outdir.mkdir(parents=True, exist_ok=True)
    paths = []
    for table in tables:
        path = outdir / f"{table.name}.csv"
        with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh)
            writer.writerow([safe_cell(c) for c in table.columns])
            writer.writerows([safe_cell(c) for c in row] for row in table.rows)
        paths.append(path)
    return paths


def _chart(table: Table) -> str:
    from auditor.report import charts

    if table.name == "dimension_by_heading":
        return ""  # shown as a shaded table
    if table.name == "quantified_share":
        items = [(f"{r[0]} {r[1]}".strip(), round(100 * r[4], 1)) for r in table.rows[:15]]
        return charts.hbars(items, max_value=100, value_suffix="%", label_width=240, caption=table.title)
    if table.name in ("top_indicators", "top_values", "reused_texts"):
        items = [(str(r[0]), r[1]) for r in table.rows[:15]]
        return charts.hbars(items, label_width=260, caption=table.title)
    if table.name == "findings_by_category":
        return charts.hbars([(r[1], r[2]) for r in table.rows], caption=table.title)
    return ""


def render_html(tables: Sequence[Table], title: str, documents: Sequence[Document]) -> str:
    import datetime as dt

    import jinja2

    from auditor import __version__
    from auditor.report.html import TEMPLATES

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    heat = {}
    for table in tables:
        if table.name == "dimension_by_heading":
            peak = max((max(r[3:], default=0) for r in table.rows), default=1) or 1
            heat = {"peak": peak}
    from auditor.report.common import labels

    lab = labels()
    env.filters["dim"] = lab.dimension
    return env.get_template("stats.html.j2").render(
        title=title, version=__version__, generated=dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        tables=[(t, _chart(t)) for t in tables], heat=heat,
        n_docs=len(documents), n_forms=sum(len(d.forms) for d in documents),
        n_indicators=sum(len(f.indicators) for d in documents for f in d.forms),
        css=(TEMPLATES / "report.css").read_text(encoding="utf-8"),
    )
