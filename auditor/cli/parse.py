"""``auditor parse``: forms and indicators as jsonl (schema.md) or the tidy csv/xlsx table."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli import fail


class ParseFormat(StrEnum):
    jsonl = "jsonl"
    csv = "csv"
    xlsx = "xlsx"


def parse_command(
    paths: Annotated[list[Path], typer.Argument(help="输入文件或文件夹 / input files or folders")],
    fmt: Annotated[
        ParseFormat, typer.Option("--format", "-f", case_sensitive=False, help="输出格式 / output format")
    ] = ParseFormat.jsonl,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="输出文件（默认标准输出）/ output file (default stdout)")
    ] = None,
) -> None:
    """解析绩效目标表，输出表单与指标 / Parse forms and indicators (jsonl, csv or xlsx).

    Exit codes: 0 all read; 1 some input ends in the middle of a form (partial forms written,
    a warning names the line); 2 some input could not be read (one line each on stderr).
    """
    from auditor.pipeline import read_inputs

    if fmt is ParseFormat.xlsx and output is None:
        fail("--format xlsx 需要 -o 输出文件 / needs -o FILE")
    documents, inputs = read_inputs(paths)
    failed = sum(1 for i in inputs if i.errors)
    for message in (e for i in inputs for e in i.errors):
        typer.echo(f"auditor: {message}", err=True)
    forms = []
    truncated = 0
    for item in documents:
        typer.echo(item.summary(), err=True)
        for warning in item.warnings:
            typer.echo(f"提示: {warning}", err=True)
        forms.extend(item.forms)
        if item.truncated:
            truncated += 1
    if output is not None and failed and not forms:
        # nothing could be read: leave no empty output file behind
        typer.echo(f"auditor: 没有读出任何表单，未写入 {output}", err=True)
        raise typer.Exit(2)
    if output is not None:
        _write_atomic(output, lambda path: _write(forms, fmt, path))
    else:
        _write(forms, fmt, None)
    if output is not None:
        typer.echo(f"已写入 {len(forms)} 个表单：{output}", err=True)
    if failed:
        raise typer.Exit(2)
    if truncated:  # partial forms were written; say so through the exit code
        raise typer.Exit(1)


def _write(forms: list, fmt: ParseFormat, path: Path | None) -> None:
    """Write the forms to ``path`` (stdout when None) in ``fmt``."""
    if fmt is ParseFormat.jsonl:
        out = open(path, "w", encoding="utf-8") if path else sys.stdout  # noqa: SIM115
        try:
            for form in forms:
                out.write(json.dumps(form.to_dict(), ensure_ascii=False) + "\n")
        finally:
            if path:
                out.close()
        return
    from auditor.tidy import forms_to_frame, write_tidy

    if path is None:
        forms_to_frame(forms).to_csv(sys.stdout, index=False)
    else:
        write_tidy(forms, str(path), fmt.value)


def _write_atomic(output: Path, write: Callable[[Path], None]) -> None:
    """Write through a temporary file beside ``output`` and rename it into place, so that a failed
    run leaves no half-written file (auditor.safety.atomic_write once it is on main)."""
    tmp = output.with_name(f".{output.name}.tmp{output.suffix}")
    try:
        write(tmp)
        os.replace(tmp, output)
    except OSError as exc:
        fail(f"{output}: 无法写入（{exc.strerror or exc}）")
    finally:
        tmp.unlink(missing_ok=True)


def register(app: typer.Typer) -> None:
    app.command("parse")(parse_command)
