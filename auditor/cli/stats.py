"""``auditor stats [PATH...]``: corpus-level tables for researchers, as CSV files and an HTML page."""

from __future__ import annotations

from pathlib import Path

import typer

from auditor.cli import fail, report_folder, say


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_command)


def stats_command(
    paths: list[Path] = typer.Argument(None, help="文件或文件夹；省略时统计自带样本 / Files or folders (default: bundled sample)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="输出文件夹（默认 reports/<名称>-stats/）"),
    top: int = typer.Option(30, "--top", help="排行表的行数"),
    check: bool = typer.Option(True, "--check/--no-check", help="同时运行规则，统计各类问题"),
    profile: str | None = typer.Option(None, "--profile", help="规则方案 / rules profile"),
) -> None:
    """语料统计：指标值类型、量化占比、常见指标与指标值、重复文字、问题类别 / Corpus statistics (CSV + HTML)."""
    from rich.console import Console

    from auditor.cli.audit import _report_name
    from auditor.errors import AuditorError
    from auditor.pipeline import read_inputs
    from auditor.report.stats import compute, render_html, write_csvs

    err = Console(stderr=True, highlight=False, markup=False, emoji=False, soft_wrap=True)
    if not paths:
        from auditor.resources import sample_document

        paths = [sample_document()]
        err.print(f"未指定输入，统计自带样本：{paths[0]}")
    try:
        documents, inputs = read_inputs(paths)
        bad = [e for i in inputs for e in i.errors]
        for message in bad:
            say(message)
        if not documents:
            if bad:
                raise typer.Exit(2)
            fail("没有可统计的输入")
        findings = None
        if check:
            from auditor.engine import Options
            from auditor.pipeline import check as run_check

            findings = run_check(options=Options(profile=profile), documents=documents, inputs=inputs).check.all_findings()
        tables = compute(documents, findings, top=top)
    except AuditorError as exc:
        fail(str(exc))
    outdir = output or Path("reports") / f"{_report_name(paths)}-stats"
    from auditor.safety import atomic_write, display_path

    page = outdir / "stats.html"
    names = [f"{t.name}.csv" for t in tables] + [page.name]
    try:
        with report_folder(outdir, names, paths):
            written = write_csvs(tables, outdir)
            html = render_html(tables, "、".join(display_path(p.name) for p in paths), documents)
            with atomic_write(page, "w", encoding="utf-8") as fh:
                fh.write(html)
    except OSError as exc:
        fail(f"{display_path(outdir)}: 无法写入（{exc.strerror or exc}）")
    quant = next((t for t in tables if t.name == "quantified_share"), None)
    if quant and quant.rows:
        err.print(f"量化指标值占比：{quant.rows[0][4]:.1%}（{quant.rows[0][3]}/{quant.rows[0][2]}）")
    err.print(f"统计已写入 {display_path(outdir)}/：")
    for path in [*written, page]:
        typer.echo(display_path(path))
    raise typer.Exit(2 if bad else 0)
