"""``auditor rules`` (list the rules) and ``auditor explain CODE`` (one rule's documentation)."""

from __future__ import annotations

import json

import typer

from auditor.cli import fail
from auditor.vocab import severity_word


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_command)
    app.command("explain")(explain_command)


def _specs():
    from auditor.engine.loader import load_specs
    from auditor.errors import AuditorError

    try:
        return load_specs()
    except AuditorError as exc:
        fail(str(exc))


def rules_command(
    output_format: str = typer.Option("text", "--format", "-f", help="text | json | markdown"),
    profile: str | None = typer.Option(None, "--profile", help="标出该方案启用的规则 / mark rules active in a profile"),
) -> None:
    """列出全部规则 / List every rule (code, name, category, severity, status)."""
    from auditor.engine import Options, select_rules
    from auditor.errors import AuditorError

    specs = _specs()
    try:
        active = select_rules(Options(profile=profile, no_config=profile is not None)).rules
    except AuditorError as exc:
        fail(str(exc))
    if output_format == "json":
        data = [
            {
                "code": s.code,
                "name": s.name,
                "category": s.category,
                "severity": active[s.code].severity if s.code in active else s.severity,
                "status": s.status,
                "scope": s.scope,
                "active": s.code in active,
                "summary": s.summary,
                "params": active[s.code].params if s.code in active else s.params,
            }
            for s in specs.values()
        ]
        from auditor.resources import json_text

        typer.echo(json_text(data))
        return
    if output_format == "markdown":
        from auditor.engine.docs import rules_markdown

        typer.echo(rules_markdown(specs.values()), nl=False)
        return
    if output_format != "text":
        fail(f"--format 应为 text | json | markdown，而不是“{output_format}”")
    for s in sorted(specs.values(), key=lambda s: s.code):
        mark = "*" if s.code in active else " "
        level = severity_word(active[s.code].severity if s.code in active else s.severity)
        status = "（预览）" if s.status == "preview" else ""
        typer.echo(f"{mark} {s.code}  {s.name:<34} {s.category:<24} {level}  {s.summary}{status}")
    typer.echo(f"\n共 {len(specs)} 条规则，* 为当前方案启用（{len(active)} 条）。详见 `auditor explain 代码`。")


def _example(case: dict) -> list[str]:
    lines: list[str] = []
    for key in ("form", "forms", "budget"):
        if key in case:
            lines.append(f"    {key}: {json.dumps(case[key], ensure_ascii=False)}")
    for row in case.get("rows", []):
        if isinstance(row, dict):
            cells = [row.get("level1", ""), row.get("level2", ""), row.get("level3", ""),
                     row.get("period", ""), row.get("annual", "")]
        else:
            cells = [str(c) for c in row]
        lines.append("    " + " | ".join(str(c) for c in cells))
    return lines


def _rendered(spec):
    """The finding the first bad example produces, as a user would see it (None if it cannot run)."""
    from auditor.engine import Options, run
    from auditor.engine.cases import build_document
    from auditor.errors import AuditorError

    try:
        result = run([build_document(spec.doc.bad[0], name="example")],
                     Options(select=[spec.code], no_config=True, preview=True))
    except AuditorError:
        return None
    found = result.all_findings()
    return found[0] if found else None


def explain_command(code: str = typer.Argument(..., help="规则代码或名称，如 VAL001")) -> None:
    """显示一条规则的说明、反例和正例 / Show one rule's documentation with a bad and a good example."""
    specs = _specs()
    spec = specs.get(code.upper()) or next((s for s in specs.values() if s.name == code), None)
    if spec is None:
        fail(f"未知规则“{code}”；运行 `auditor rules` 查看全部规则")
    out = [
        f"# {spec.name} ({spec.code})",
        "",
        f"类别：{spec.category}    严重程度：{severity_word(spec.severity)}    状态：{spec.status}    作用范围：{spec.scope}",
        "",
        f"## 检查什么\n{spec.summary}",
        "",
        f"## 为什么\n{spec.doc.why.strip()}",
        "",
        "## 反例（会被报告）",
    ]
    for case in spec.doc.bad:
        out.extend(_example(case))
    out.append("")
    out.append("## 正例（不会被报告）")
    for case in spec.doc.good:
        out.extend(_example(case))
    out += ["", f"## 提示语\n消息模板：{spec.message}"]
    if spec.suggestion:
        out.append(f"建议模板：{spec.suggestion}")
    example = _rendered(spec)
    if example is not None:
        out += ["", "## 反例的报告", f"消息：{example.message}"]
        if example.suggestion:
            out.append(f"建议：{example.suggestion}")
    shown = {k: v for k, v in spec.params.items() if not isinstance(v, list) or len(v) <= 12}
    if spec.params:
        out += ["", "## 参数（可在配置方案或 auditor.toml 的 [params." + spec.code + "] 中修改）"]
        for key, value in spec.params.items():
            if key in shown:
                out.append(f"  {key} = {json.dumps(value, ensure_ascii=False)}")
            else:
                out.append(f"  {key} = [{len(value)} 项，见 {spec.source}]")
    if spec.doc.notes:
        out += ["", f"## 说明\n{spec.doc.notes.strip()}"]
    typer.echo("\n".join(out))
