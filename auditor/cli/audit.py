"""``auditor audit [PATH...]``: check, score and rank; write report.html, 整改清单.xlsx, findings.json,
indicators.csv into ``reports/<name>/``; print a short summary (stderr) and the written paths (stdout)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from auditor.cli import engine_options, fail, report_folder, say

if TYPE_CHECKING:
    from rich.console import Console

    from auditor.engine import Options
    from auditor.result import AuditResult

ALL_FORMATS = ("html", "xlsx", "json", "csv")
EXTRA_FORMATS = ("parquet",)  # asked for by name; "all" adds it for large audits (limits: large_audit_forms)


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
            elif item in ALL_FORMATS or item in EXTRA_FORMATS:
                out.append(item)
            else:
                fail(f"--format 应为 {' | '.join(ALL_FORMATS + EXTRA_FORMATS)} 或 all（可用逗号分隔），而不是“{item}”")
    return list(dict.fromkeys(out))


def _report_name(paths: list[Path]) -> str:
    from auditor.ingest import source_name

    first = source_name(paths[0]) if paths[0].suffix or not paths[0].is_dir() else paths[0].name
    first = first or "audit"
    return first if len(paths) == 1 else f"{first}+{len(paths) - 1}"


def audit_command(
    paths: list[Path] = typer.Argument(None, help="要审核的文件或文件夹；省略时审核自带样本 / Files or folders (default: bundled sample)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="报告文件夹（默认 reports/<名称>/）；“-”表示把 findings.json 输出到标准输出"),
    formats: list[str] = typer.Option(["all"], "--format", "-f", help="写哪些文件：html,xlsx,json,csv,parquet 或 all（默认；大批量审核时含 parquet）"),
    select: list[str] = typer.Option([], "--select", help="只运行这些规则（代码、前缀、名称、类别或 ALL）"),
    extend_select: list[str] = typer.Option([], "--extend-select", help="在方案之外再启用这些规则"),
    ignore: list[str] = typer.Option([], "--ignore", help="不运行这些规则"),
    profile: str | None = typer.Option(None, "--profile", help="规则方案 / rules profile"),
    config: Path | None = typer.Option(None, "--config", help="配置文件（默认从当前目录向上查找 auditor.toml）"),
    no_config: bool = typer.Option(False, "--no-config", help="不读取配置文件"),
    baseline: Path | None = typer.Option(None, "--baseline", help="基线文件：其中已接受的发现不再报告；也可给填好的整改清单.xlsx（整改状态随之带入新清单）"),
    preview: bool | None = typer.Option(None, "--preview/--no-preview", help="同时运行预览（preview）规则"),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="不显示进度和汇总表"),
    jobs: int = typer.Option(0, "--jobs", "-j", help="并行进程数（默认 0 = 全部 CPU 核；1 = 单进程）/ worker processes"),
    limit: list[str] = typer.Option([], "--limit", help="输入限制，如 max_text_bytes=104857600（可重复；默认值见 rules/limits.yaml）"),
    engine: str = typer.Option("local", "--engine", help="local（本机进程）或 dask（dask.distributed 集群）"),
    scheduler: str | None = typer.Option(None, "--scheduler", help="--engine dask 的调度器地址（如 tcp://host:8786；默认启动本机 LocalCluster）"),
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
            from auditor.resources import bundled_name

            err.print(f"未指定输入，审核自带样本：{bundled_name(paths[0]) or paths[0].name}")
    try:
        options = engine_options(select, extend_select, ignore, profile, config, no_config, baseline, preview)
        for item in limit:
            key, sep, value = item.partition("=")
            if not sep:
                fail(f"--limit 应为 名称=数值，而不是“{item}”")
            options.limits[key.strip()] = value.strip()
        if jobs < 0:
            fail("--jobs 应为 0（全部 CPU 核）或正整数")
        if jobs == 0:
            from auditor.scale.runner import default_jobs

            jobs = default_jobs()
        if engine not in ("local", "dask"):
            fail(f"--engine 应为 local 或 dask，而不是“{engine}”")
        if scheduler and engine != "dask":
            fail("--scheduler 只用于 --engine dask")
        audit = _run(paths, options, err, quiet or to_stdout, jobs, engine, scheduler)
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
        from auditor.report.audit import is_large

        large = is_large(audit, options)
        if large and "parquet" not in fmts and any(v.strip().lower() == "all" for v in (formats or ["all"])):
            fmts.append("parquet")
        if baseline and "xlsx" in fmts and (outdir / "整改清单.xlsx").resolve() == baseline.resolve():
            fail(f"{baseline}: 新的整改清单会覆盖作为基线的这份清单，请用 -o 另选报告文件夹")
        try:
            from auditor.tracking import read_tracking

            tracking = read_tracking(baseline) if baseline and baseline.suffix.lower() == ".xlsx" else None
            t_write = time.perf_counter()
            with report_folder(outdir, [FORMATS[f] for f in fmts], paths), \
                    _progress(err, quiet) as progress:
                task = progress.add_task("写出报告", total=len(fmts), rate=f"{len(audit.all_findings())} 条问题")

                def on_file(name: str, k: int, n: int) -> None:
                    progress.update(task, completed=k - 1, description=f"写出 {name}")

                per_file: dict[str, float] = {}
                # --jobs 1: one process throughout; else the outputs are written in two (report.audit)
                written = write_reports(audit, outdir, fmts, large=large, tracking=tracking, timings=per_file,
                                        on_file=on_file, parallel=_write_in_two(jobs, fmts))
            _STAGES["write"] = time.perf_counter() - t_write
            _STAGES.update({f"  write {name}": seconds for name, seconds in per_file.items()})
            _peak("write")
        except AuditorError as exc:
            fail(str(exc))
        except OSError as exc:
            fail(f"{display_path(outdir)}: 无法写入报告（{exc.strerror or exc}）")
        if not quiet:
            from auditor.report.terminal import print_summary

            print_summary(audit, err)
            err.print(f"用时 {time.perf_counter() - start:.2f} 秒。报告已写入 {display_path(outdir)}/（用浏览器打开 report.html）：")
        for path in written.values():
            typer.echo(display_path(path))
        _record_stages()
    if unreadable:
        raise typer.Exit(2)
    raise typer.Exit(1 if audit.severity_counts().get("error", 0) else 0)


_STAGES: dict[str, float] = {}


def _write_in_two(jobs: int, formats: list[str]) -> bool | None:
    """Whether the outputs are written by two processes: with more than one core allowed, also a
    small audit's (report.html and 整改清单.xlsx each take a good part of a second, a fork a few
    milliseconds); None leaves it to the writers (by the audit's size and free memory)."""
    import os

    if jobs == 1:
        return False
    if len(formats) > 1 and hasattr(os, "fork"):
        from auditor.fork import room_to_fork

        return room_to_fork()
    return None


_CPU = [0.0]


def _peak(stage: str) -> None:
    """Record this process's peak RSS so far (MB) and the CPU seconds of ``stage`` (this process
    and its finished workers), when stage times are recorded: on a loaded machine wall seconds
    say little."""
    import os
    import resource

    if not os.environ.get("AUDITOR_STAGE_TIMES"):
        return
    cpu = 0.0
    for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN):
        usage = resource.getrusage(who)
        cpu += usage.ru_utime + usage.ru_stime
    _STAGES[f"cpu {stage}"] = cpu - _CPU[0]
    _CPU[0] = cpu
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            hwm = next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    except (OSError, StopIteration, ValueError):  # not Linux
        return
    _STAGES[f"peak RSS after {stage} (MB)"] = hwm / 1024


def _record_stages() -> None:
    """Write the seconds per stage as JSON to $AUDITOR_STAGE_TIMES when set (benchmarks/bench_scale.py)."""
    import json
    import os

    target = os.environ.get("AUDITOR_STAGE_TIMES")
    if target:
        Path(target).write_text(json.dumps(_STAGES), encoding="utf-8")


def _progress(err: Console, quiet: bool):
    """A progress display on the terminal (stage, count, rate, elapsed time); nothing when quiet
    or when stderr is not a terminal."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TaskProgressColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TaskProgressColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                    console=err, transient=True, disable=quiet or not err.is_terminal)


@contextmanager
def _long_lived() -> Iterator[dict[str, int]]:
    """No cyclic garbage collection while the inputs are read, and what was read is then kept out
    of later collections (``gc.freeze``): at 100,000 forms each full collection would walk millions
    of objects that live until the process ends. The caller tells how many forms were read
    (``state["forms"]``): below :data:`_COLLECT_FROM` the garbage of reading is too little to be
    worth a full collection before freezing. For the CLI process only (a library caller's objects
    are left alone)."""
    import gc

    state = {"forms": _COLLECT_FROM}
    gc.disable()
    try:
        yield state
    finally:
        gc.enable()
        if state["forms"] >= _COLLECT_FROM:
            gc.collect()
        gc.freeze()


_COLLECT_FROM = 1_000  # forms read from which reading's garbage is collected before freezing


def _run(paths: list[Path], options: Options, err: Console, quiet: bool, jobs: int = 1, engine: str = "local",
         scheduler: str | None = None) -> AuditResult:
    """Read, check and score (``jobs`` processes) with a progress display on a terminal: the stage,
    the count and the rate."""
    from auditor.pipeline import audit as run_audit
    from auditor.pipeline import read_and_check
    from auditor.safety import terminal_text
    from auditor.scale.runner import list_files

    with _progress(err, quiet) as progress:
        walked = list_files(paths) if err.is_terminal and not quiet else None  # for the bar; not walked again
        task = progress.add_task("读取文件", total=None if walked is None else len(walked), rate="")

        def tick(name: str) -> None:
            progress.update(task, advance=1, description=f"读取并检查 {terminal_text(Path(name).name)}")
            speed = progress.tasks[task].speed
            progress.update(task, rate=f"{speed:.1f} 个文件/秒" if speed else "")

        import time

        start = time.perf_counter()
        with _long_lived() as lived:  # what is read lives until the process ends
            documents, inputs, local = read_and_check(walked if walked is not None else paths, options, jobs,
                                                      engine, scheduler, on_item=tick)
            lived["forms"] = sum(len(d.forms) for d in documents)
        _STAGES["read+parse" + ("" if local is None else "+check")] = time.perf_counter() - start
        _peak("read")
        n_forms = sum(len(d.forms) for d in documents)
        progress.update(task, description="跨表检查、评分与建议", total=None, rate=f"{n_forms} 个表单")
        start = time.perf_counter()

        def stage(name: str) -> None:
            progress.update(task, description=name)

        audit = run_audit(documents=documents, inputs=inputs, options=options, local=local, on_stage=stage)
        _STAGES["rules+corpus+score+suggest"] = time.perf_counter() - start
        _peak("rules+corpus+score+suggest")
        timings = audit.check.timings if audit.check else {}
        for code, seconds in sorted(timings.items(), key=lambda x: -x[1])[:6]:
            _STAGES[f"  rule {code} (cpu, summed over processes)"] = seconds
        return audit
