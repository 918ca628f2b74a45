"""``auditor parse``: forms and indicators as jsonl (schema.md) or the tidy csv/xlsx table."""

from __future__ import annotations

import contextlib
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from auditor.cli import fail, say


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
    from auditor.errors import AuditorError
    from auditor.ingest import input_files
    from auditor.pipeline import read_inputs
    from auditor.safety import atomic_write, display_path, refuse_inputs, terminal_text

    if fmt is ParseFormat.xlsx and output is None:
        fail("--format xlsx 需要 -o 输出文件 / needs -o FILE")
    if output is not None:
        if not output.parent.is_dir():
            fail(f"{display_path(output)}: 输出文件夹不存在")
        try:
            refuse_inputs([output], input_files(paths))
        except AuditorError as exc:
            fail(str(exc))
    documents, inputs = read_inputs(paths)
    failed = sum(1 for i in inputs if i.errors)
    for message in (e for i in inputs for e in i.errors):
        say(message)
    forms = []
    truncated = 0
    for item in documents:
        typer.echo(terminal_text(item.summary()), err=True)
        for warning in item.warnings:
            typer.echo(f"提示: {terminal_text(warning)}", err=True)
        forms.extend(item.forms)
        if item.truncated:
            truncated += 1
    if output is not None and failed and not forms:
        # nothing could be read: leave no empty output file behind
        typer.echo(f"auditor: 没有读出任何表单，未写入 {display_path(output)}", err=True)
        raise typer.Exit(2)
    try:
        if fmt is ParseFormat.jsonl:
            with contextlib.ExitStack() as stack:
                out = stack.enter_context(atomic_write(output, "w", encoding="utf-8")) if output else sys.stdout
                for form in forms:
                    out.write(json.dumps(form.to_dict(), ensure_ascii=False) + "\n")
        else:
            from auditor.safety import safe_cell
            from auditor.tidy import forms_to_frame, write_tidy

            if output is None:
                forms_to_frame(forms).map(safe_cell).to_csv(sys.stdout, index=False)
            else:
                write_tidy(forms, str(output), fmt.value)
    except OSError as exc:
        fail(f"{display_path(output or '-')}: 无法写入（{exc.strerror or exc}）")
    if output is not None:
        typer.echo(f"已写入 {len(forms)} 个表单：{display_path(output)}", err=True)
    if failed:
        raise typer.Exit(2)
    if truncated:  # partial forms were written; say so through the exit code
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("parse")(parse_command)
