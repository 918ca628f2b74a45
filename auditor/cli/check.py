"""``auditor check FILE...``: run the rules and print findings (text for people, json per schema.md)."""

from __future__ import annotations

import time
from pathlib import Path

import typer

from auditor.cli import engine_options, fail, say

FORMATS = ("text", "json")


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)


def check_command(
    files: list[Path] = typer.Argument(..., help="要检查的文件或文件夹 / Files or folders to check."),
    output_format: str = typer.Option("text", "--format", "-f", help="输出格式 / text | json"),
    select: list[str] = typer.Option([], "--select", help="只运行这些规则（代码、前缀、名称、类别或 ALL）"),
    extend_select: list[str] = typer.Option([], "--extend-select", help="在方案之外再启用这些规则"),
    ignore: list[str] = typer.Option([], "--ignore", help="不运行这些规则"),
    profile: str | None = typer.Option(None, "--profile", help="规则方案 / rules profile (rules/profiles)"),
    config: Path | None = typer.Option(None, "--config", help="配置文件（默认从当前目录向上查找 auditor.toml）"),
    no_config: bool = typer.Option(False, "--no-config", help="不读取配置文件"),
    baseline: Path | None = typer.Option(None, "--baseline", help="基线文件：其中已接受的发现不再报告"),
    write_baseline: Path | None = typer.Option(None, "--write-baseline", help="把本次全部发现写成基线文件"),
    preview: bool | None = typer.Option(None, "--preview/--no-preview", help="同时运行预览（preview）规则"),
    fail_on: str | None = typer.Option(None, "--fail-on", help="退出码 1 的门槛：error | warning | info | never"),
    output: Path | None = typer.Option(None, "--output", "-o", help="写入文件而不是标准输出"),
    statistics: bool = typer.Option(False, "--statistics", help="文本报告末尾附按规则统计"),
    show_clean: bool = typer.Option(False, "--show-clean", help="也列出没有发现的表"),
) -> None:
    """检查绩效目标表并列出发现 / Check forms and list findings. Exit 0 clean, 1 findings, 2 error."""
    from auditor.errors import AuditorError
    from auditor.pipeline import check
    from auditor.safety import display_path

    if output_format not in FORMATS:
        fail(f"--format 应为 {' | '.join(FORMATS)}，而不是“{output_format}”")
    options = engine_options(select, extend_select, ignore, profile, config, no_config, baseline, preview, fail_on)
    start = time.perf_counter()
    try:
        run = check(files, options)
        for message in run.unreadable:
            say(message)
        result = run.check
        if write_baseline:
            from auditor.engine.baseline import write_baseline as write

            write(write_baseline, result.baseline_entries())
            typer.echo(f"已写入基线 {display_path(write_baseline)}：{len(result.all_findings())} 条发现", err=True)
    except AuditorError as exc:
        fail(str(exc))
    if output_format == "json":
        from auditor.report.json_out import dumps
        from auditor.safety import json_text

        text = json_text(dumps(run))
    else:
        from auditor.report.text import render

        text = render(result, show_clean=show_clean, statistics=statistics)
    if output:
        from auditor.safety import atomic_write, display_path

        try:
            with atomic_write(output, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        except OSError as exc:
            fail(f"{display_path(output)}: 无法写入（{exc.strerror or exc}）")
    else:
        typer.echo(text)
    for err in result.errors:
        say(f"内部错误：{err}")
    if output_format == "text" and not output:
        typer.echo(f"用时 {time.perf_counter() - start:.2f} 秒", err=True)
    if run.unreadable:
        raise typer.Exit(2)
    if write_baseline:
        raise typer.Exit(0)
    raise typer.Exit(1 if result.failed() else 0)
