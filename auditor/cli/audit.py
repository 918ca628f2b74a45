"""``auditor audit [PATH...]``: check, score and rank; write report.html, 整改清单.xlsx, findings.json,
indicators.csv into ``reports/<name>/``; print a short summary (stderr) and the written paths (stdout)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from auditor.cli import engine_options, fail, report_folder, say

if TYPE_CHECKING:
    from rich.console import Console

    from auditor.engine import Options
    from auditor.result import AuditResult

ALL_FORMATS = ("html", "xlsx", "json", "csv")


def register(app: typer.Typer) -> None:
    app.command("audit")(audit_command)


def _parse_formats(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values or ["all"]:
        for item in value.replace("，", ",").split(","):
            item = item.strip().lower()
            if not item:
                continue
            if item == "all":
                out.extend(ALL_FORMATS)
            elif item in ALL_FORMATS:
                out.append(item)
            else:
                fail(f"--format 应为 {' | '.join(ALL_FORMATS)} 或 all（可用逗号分隔），而不是“{item}”")
    return list(dict.fromkeys(out))


def _report_name(paths: list[Path]) -> str:
    from auditor.ingest import source_name

    first = source_name(paths[0]) if paths[0].suffix or not paths[0].is_dir() else paths[0].name
    first = first or "audit"
    return first if len(paths) == 1 else f"{first}+{len(paths) - 1}"


def audit_command(
    paths: list[Path] = typer.Argument(None, help="要审核的文件或文件夹；省略时审核自带样本 / Files or folders (default: bundled sample)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="报告文件夹（默认 reports/<名称>/）；“-”表示把 findings.json 输出到标准输出"),
    formats: list[str] = typer.Option(["all"], "--format", "-f", help="写哪些文件：html,xlsx,json,csv 或 all（默认）"),
    select: list[str] = typer.Option([], "--select", help="只运行这些规则（代码、前缀、名称、类别或 ALL）"),
    extend_select: list[str] = typer.Option([], "--extend-select", help="在方案之外再启用这些规则"),
    ignore: list[str] = typer.Option([], "--ignore", help="不运行这些规则"),
    profile: str | None = typer.Option(None, "--profile", help="规则方案 / rules profile"),
    config: Path | None = typer.Option(None, "--config", help="配置文件（默认从当前目录向上查找 auditor.toml）"),
    no_config: bool = typer.Option(False, "--no-config", help="不读取配置文件"),
    baseline: Path | None = typer.Option(None, "--baseline", help="基线文件：其中已接受的发现不再报告"),
    preview: bool | None = typer.Option(None, "--preview/--no-preview", help="同时运行预览（preview）规则"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度和汇总表"),
) -> None:
    """审核、评分并排名，生成报告 / Audit, score and rank forms; write the report folder.

    Exit 0: no error-severity findings; 1: some; 2: an input could not be read (the rest is audited).
    """
    import time

    from auditor.errors import AuditorError

    start = time.perf_counter()
    fmts = _parse_formats(formats)
    to_stdout = output is not None and str(output) == "-"
    if to_stdout and fmts != ["json"] and fmts != list(ALL_FORMATS):
        fail("-o - 只能输出 findings.json（--format json）")
    from rich.console import Console

    err = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)
    if not paths:
        from auditor.resources import sample_document

        paths = [sample_document()]
        if not quiet:
            err.print(f"未指定输入，审核自带样本：{paths[0]}")
    try:
        options = engine_options(select, extend_select, ignore, profile, config, no_config, baseline, preview)
        audit = _run(paths, options, err, quiet or to_stdout)
    except AuditorError as exc:
        fail(str(exc))
    unreadable = [e for i in audit.inputs for e in i.errors]
    for message in unreadable:
        say(message)
    if not audit.documents:
        if unreadable:
            raise typer.Exit(2)
        fail("没有可审核的输入")
    internal = list(audit.check.errors) if audit.check else []
    for message in internal[:5]:
        say(f"内部错误：{message}")
    if len(internal) > 5:
        say(f"…… 共 {len(internal)} 条内部错误（规则出错的部分已跳过，其余结果有效）")
    if to_stdout:
        from auditor.report.findings_json import dumps
        from auditor.safety import json_text

        typer.echo(json_text(dumps(audit)))
    else:
        from auditor.report.audit import FORMATS, write_reports
        from auditor.safety import display_path

        outdir = output or Path("reports") / _report_name(paths)
        try:
            with report_folder(outdir, [FORMATS[f] for f in fmts], paths):
                written = write_reports(audit, outdir, fmts)
        except OSError as exc:
            fail(f"{display_path(outdir)}: 无法写入报告（{exc.strerror or exc}）")
        if not quiet:
            from auditor.report.terminal import print_summary

            print_summary(audit, err)
            err.print(f"用时 {time.perf_counter() - start:.2f} 秒。报告已写入 {display_path(outdir)}/（用浏览器打开 report.html）：")
        for path in written.values():
            typer.echo(display_path(path))
    if unreadable:
        raise typer.Exit(2)
    raise typer.Exit(1 if audit.severity_counts().get("error", 0) else 0)


def _run(paths: list[Path], options: Options, err: Console, quiet: bool) -> AuditResult:
    """Read, check and score with a progress bar on a terminal."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from auditor.pipeline import audit as run_audit
    from auditor.pipeline import read_inputs
    from auditor.safety import terminal_text

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=True, disable=quiet or not err.is_terminal) as progress:
        task = progress.add_task("读取文件", total=None)

        def tick(name: str) -> None:
            progress.update(task, advance=1, description=f"读取 {terminal_text(Path(name).name)}")

        documents, inputs = read_inputs(paths, on_item=tick)
        progress.update(task, description="检查与评分", total=None)
        return run_audit(documents=documents, inputs=inputs, options=options)
