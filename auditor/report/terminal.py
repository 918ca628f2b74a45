"""Short terminal summary of an audit (rich). Input text is passed as ``Text``, never as markup."""

from __future__ import annotations

from auditor.report.common import labels
from auditor.result import AuditResult


def print_summary(audit: AuditResult, console, top: int = 5) -> None:
    from rich.console import JustifyMethod
    from rich.table import Table
    from rich.text import Text as RichText

    from auditor.safety import terminal_text

    def Text(text: str, **kwargs) -> RichText:
        return RichText(terminal_text(text), **kwargs)

    lab = labels()
    ranked = audit.ranked()
    sev = audit.severity_counts()
    scores = [p.score for p in ranked]
    mean = sum(scores) / len(scores) if scores else 0.0
    console.print(Text(
        f"{len(audit.inputs)} 个文件，{len(ranked)} 个项目，平均 {mean:.1f} 分；"
        f"问题 {sum(sev.values())} 条（错误 {sev.get('error', 0)}，警告 {sev.get('warning', 0)}，"
        f"提示 {sev.get('info', 0)}）"
    ))

    depts = audit.by_department()
    show_dept = len(depts) > 1
    title = f"得分最低与最高的 {top} 个项目（满分 100）" if len(ranked) > 2 * top else "项目得分（满分 100，由低到高）"
    table = Table(title=title, title_justify="left", show_lines=False)
    columns: tuple[tuple[str, JustifyMethod], ...] = (
        ("排名", "right"), ("项目", "left"), ("部门", "left"), ("得分", "right"),
        ("错误", "right"), ("警告", "right"), ("主要问题", "left"),
    )
    for name, justify in columns:
        if name != "部门" or show_dept:
            table.add_column(name, justify=justify, overflow="fold")
    worst = list(reversed(ranked[-top:])) if len(ranked) > top else list(reversed(ranked))
    best = ranked[:top] if len(ranked) > 2 * top else []
    for group_index, group in enumerate((worst, best)):
        if group_index and group:
            table.add_section()
        for p in group:
            cats = list(dict.fromkeys(lab.category(f.category) for f in p.all_findings))[:2]
            style = "red" if p.score < 60 else "yellow" if p.score < 75 else "green"
            cells: list[str | RichText] = [str(p.rank), Text(p.form.project_name or "（未命名）"), Text(p.form.department),
                     Text(f"{p.score:.1f}", style=style), str(p.count("error")), str(p.count("warning")),
                     Text("、".join(cats))]
            if not show_dept:
                del cells[2]
            table.add_row(*cells)
    console.print(table)

    top_cats = audit.category_counts().most_common(6)
    if top_cats:
        console.print(Text("主要问题：" + "，".join(f"{lab.category(c)} {n}" for c, n in top_cats)))
    if show_dept:
        dt = Table(title="部门", title_justify="left")
        for name in ("部门", "项目数", "平均分", "错误", "警告"):
            dt.add_column(name, justify="left" if name == "部门" else "right")
        for g in depts[:10]:
            dt.add_row(Text(g.name), str(g.projects), f"{g.mean:.1f}", str(g.errors), str(g.warnings))
        console.print(dt)
