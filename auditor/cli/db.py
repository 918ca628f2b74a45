"""``auditor db REPORT_DIR``: load an audit's ``parquet/`` tables into a DuckDB file for queries."""

from __future__ import annotations

from pathlib import Path

import typer

from auditor.cli import fail


def register(app: typer.Typer) -> None:
    app.command("db")(db_command)


def db_command(
    report: Path = typer.Argument(..., help="报告文件夹（含 parquet/，由 auditor audit --format parquet 写出）"),
    output: Path | None = typer.Option(None, "--output", "-o", help="DuckDB 文件（默认 <报告文件夹>/audit.duckdb）"),
) -> None:
    """把审核结果装入 DuckDB 数据库 / Load the audit's Parquet tables into a DuckDB file.

    Tables: projects, findings, indicators, groups, departments (docs/scale.md has example queries).
    """
    folder = report / "parquet" if (report / "parquet").is_dir() else report
    if not (folder / "findings.parquet").is_file():
        fail(f"{report}: 没有 parquet/findings.parquet（先运行 auditor audit … --format parquet）")
    from auditor.report.parquet import load_duckdb

    target = output or report / "audit.duckdb"
    try:
        load_duckdb(folder, target)
    except Exception as exc:  # duckdb raises its own error types
        fail(f"{target}: 无法写入数据库（{type(exc).__name__}: {exc}）")
    typer.echo(str(target))
