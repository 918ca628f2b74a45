"""``auditor compare OLD NEW``: what a revision fixed and introduced, or what changed from one
budget year to the next; writes compare.html, 对比.xlsx and compare.json."""

from __future__ import annotations

from pathlib import Path

import typer

from auditor.cli import fail

FORMATS = ("html", "xlsx", "json")


def register(app: typer.Typer) -> None:
    app.command("compare")(compare_command)


def compare_command(
    old: Path = typer.Argument(..., help="原来的：文件/文件夹，或 auditor audit 写的 findings.json（或其报告文件夹、整改清单.xlsx）"),
    new: Path = typer.Argument(..., help="新的：同上"),
    output: Path | None = typer.Option(None, "--output", "-o", help="报告文件夹（默认 reports/compare-<原>-<新>/）"),
    formats: str = typer.Option("html,xlsx,json", "--format", "-f", help="写哪些文件：html,xlsx,json"),
    status: Path | None = typer.Option(None, "--status", help="填好整改状态的整改清单.xlsx（默认用原审核结果旁的那份）"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示汇总"),
) -> None:
    """对比两次审核：已整改、新增、仍存在的问题，指标变化，跨年度照抄/降低的目标 / Compare two audits.

    Exit 0: no new finding; 1: some new findings; 2: an input could not be read.
    """
    from auditor.errors import AuditorError

    fmts = [f.strip().lower() for f in formats.replace("，", ",").split(",") if f.strip()]
    bad = [f for f in fmts if f not in FORMATS]
    if bad or not fmts:
        fail(f"--format 应为 {' | '.join(FORMATS)}（可用逗号分隔），而不是“{','.join(bad) or formats}”")
    for path in (old, new):
        if not path.exists():
            fail(f"{path}: 文件或文件夹不存在")
    from auditor.compare import compare, load_side, summary
    from auditor.compare.report import write_outputs

    try:
        before = load_side(old, status)
        after = load_side(new)
        result = compare(before, after)
    except AuditorError as exc:
        fail(str(exc))
    outdir = output or Path("reports") / f"compare-{_stem(old)}-{_stem(new)}"
    try:
        written = write_outputs(result, outdir, fmts)
    except OSError as exc:
        fail(f"{outdir}: 无法写入报告（{exc.strerror or exc}）")
    s = summary(result)
    if not quiet:
        typer.echo(
            f"{_visible(before.label)} → {_visible(after.label)}：配对 {s['pairs']} 张表（名称相近待核对 {s['unsure']}），"
            f"新出现 {s['appeared']}，已消失 {s['vanished']}；问题 已整改 {s['fixed']}、新增 {s['new']}、"
            f"仍存在 {s['open']}；目标照抄 {s['copied_targets']}，目标降低 {s['lowered_targets']}", err=True)
    for path in written.values():
        typer.echo(str(path))
    raise typer.Exit(1 if s["new"] else 0)


def _visible(text: str) -> str:
    """Control characters of a label made visible (auditor.safety.terminal_text once on main)."""
    return "".join(ch if ch.isprintable() else f"\\x{ord(ch):02x}" for ch in text)


def _stem(path: Path) -> str:
    p = path.parent if path.name in ("findings.json", "整改清单.xlsx") else path
    return p.stem or p.name or "x"
