"""Write the report folder of an audit (the audit itself is :func:`auditor.pipeline.audit`).

::

    audit = pipeline.audit(["corpora/xiaoyi-2025.txt"])
    written = write_reports(audit, Path("reports/xiaoyi-2025"))
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from auditor.result import AuditResult

__all__ = ["FORMATS", "is_large", "write_reports"]

FORMATS: dict[str, str] = {
    "html": "report.html",
    "xlsx": "整改清单.xlsx",
    "json": "findings.json",
    "csv": "indicators.csv",
    "parquet": "parquet",  # a folder of tables (auditor.report.parquet)
}


def is_large(audit: AuditResult, options=None) -> bool:
    """An audit big enough for the overview report.html and parquet/ (limit ``large_audit_forms``)."""
    from auditor.ingest.limits import resolve_limits

    return sum(len(d.forms) for d in audit.documents) >= resolve_limits(options).large_audit_forms


PARALLEL_FORMS = 2_000  # from this many forms on, the writers run in two processes (fork)
# CPU seconds of each writer at 10,000 forms (measured on a busy 2-core machine), to share the work between two processes
_COST = {"xlsx": 15.0, "html": 4.0, "parquet": 6.5, "csv": 4.0, "json": 5.0}


def write_reports(
    audit: AuditResult,
    outdir: Path,
    formats: Iterable[str] = FORMATS,
    large: bool | None = None,
    tracking: dict[str, dict[str, str]] | None = None,
    timings: dict[str, float] | None = None,
    on_file: Callable[[str, int, int], None] | None = None,
    parallel: bool | None = None,
) -> dict[str, Path]:
    """Write the selected outputs into ``outdir`` (created); return {format: path}.

    ``large`` (default: :func:`is_large`) writes report.html as an overview with department pages;
    ``tracking`` (fingerprint → 整改责任单位/整改期限/整改状态/备注 of a filled-in 整改清单) is
    carried into the new 整改清单.xlsx. ``timings`` receives the seconds each output took;
    ``on_file(name, k, n)`` is told each output as it starts (a progress display).

    ``parallel`` (default: from :data:`PARALLEL_FORMS` forms on, where ``os.fork`` exists) writes
    the outputs in two processes: a forked child writes some (it shares the audit with this
    process copy-on-write), this process the others. Each output is still written atomically; the
    first error (in the order of ``formats``) is raised once both are done.
    """
    if large is None:
        large = is_large(audit)
    outdir.mkdir(parents=True, exist_ok=True)
    formats = list(dict.fromkeys(formats))
    for fmt in formats:
        if fmt not in FORMATS:
            raise KeyError(fmt)
    if parallel is None:
        parallel = sum(len(d.forms) for d in audit.documents) >= PARALLEL_FORMS and _room_to_fork()
    mine, theirs = _lanes(formats) if parallel and len(formats) > 1 and hasattr(os, "fork") else (formats, [])
    spent: dict[str, float] = {}
    errors: dict[str, BaseException] = {}
    if theirs:
        from auditor.report.fork import run_forked

        child = run_forked(lambda: _write_lane(audit, outdir, theirs, large, tracking, None, stop_on_error=False))
        try:
            spent_here, errors_here = _write_lane(audit, outdir, mine, large, tracking, on_file, stop_on_error=False)
        except BaseException:
            child.cancel()
            raise
        spent_there, errors_there = child.result()
        spent.update(spent_here)
        spent.update(spent_there)
        errors.update(errors_here)
        errors.update(errors_there)
    else:
        spent, errors = _write_lane(audit, outdir, mine, large, tracking, on_file, stop_on_error=True)
    if timings is not None:
        timings.update({FORMATS[f]: spent[f] for f in formats if f in spent})
    for fmt in formats:
        if fmt in errors:
            raise errors[fmt]
    return {fmt: outdir / FORMATS[fmt] for fmt in formats}


def _room_to_fork() -> bool:
    """Whether the memory a forked writer may copy fits: the child reads the whole audit, and every
    object it reads is copied on its first reference-count change, so it can come to this
    process's size. Checked against MemAvailable and a cgroup limit (a container's cap)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            rss = next(int(line.split()[1]) for line in fh if line.startswith("VmRSS")) * 1024
        with open("/proc/meminfo", encoding="ascii") as fh:
            free = next(int(line.split()[1]) for line in fh if line.startswith("MemAvailable")) * 1024
    except (OSError, StopIteration, ValueError):
        return False  # not Linux: one process
    try:  # cgroup v2
        limit = Path("/sys/fs/cgroup/memory.max").read_text().strip()
        if limit != "max":
            free = min(free, int(limit) - int(Path("/sys/fs/cgroup/memory.current").read_text()))
    except (OSError, ValueError):
        pass
    return free > rss + (512 << 20)


def _lanes(formats: list[str]) -> tuple[list[str], list[str]]:
    """The formats cut in two lanes of about equal cost: this process's (it keeps parquet:
    pyarrow's threads are not forked) and the child's. csv and parquet share one lane (and the
    value grammar)."""
    units = [[f for f in ("csv", "parquet") if f in formats]] + [[f] for f in formats if f not in ("csv", "parquet")]
    units = sorted((u for u in units if u), key=lambda u: -sum(_COST[f] for f in u))
    lanes: tuple[list[str], list[str]] = ([], [])
    for unit in units:
        lane = min(lanes, key=lambda lane: sum(_COST[f] for f in lane))
        lane.extend(unit)
    mine, theirs = lanes
    if "parquet" in theirs or not mine:
        mine, theirs = theirs, mine
    order = {f: k for k, f in enumerate(formats)}
    return sorted(mine, key=order.__getitem__), sorted(theirs, key=order.__getitem__)


def _write_lane(
    audit: AuditResult,
    outdir: Path,
    formats: list[str],
    large: bool,
    tracking: dict[str, dict[str, str]] | None,
    on_file: Callable[[str, int, int], None] | None,
    stop_on_error: bool,
) -> tuple[dict[str, float], dict[str, BaseException]]:
    """Write ``formats`` one after the other: ({format: seconds}, {format: error})."""
    import time

    from auditor.report.indicators_csv import Grammar

    grammar = Grammar() if "csv" in formats and "parquet" in formats else None
    spent: dict[str, float] = {}
    errors: dict[str, BaseException] = {}
    for k, fmt in enumerate(formats, start=1):
        path = outdir / FORMATS[fmt]
        if on_file:
            on_file(FORMATS[fmt], k, len(formats))
        start = time.perf_counter()
        try:
            _write_one(audit, fmt, path, large, tracking, grammar)
        except Exception as exc:
            if stop_on_error:
                raise
            errors[fmt] = exc
            continue
        spent[fmt] = time.perf_counter() - start
    return spent, errors


def _write_one(audit: AuditResult, fmt: str, path: Path, large: bool,
               tracking: dict[str, dict[str, str]] | None, grammar) -> None:
    if fmt == "html" and large:
        from auditor.report.overview import write_overview

        write_overview(audit, path)
    elif fmt == "html":
        from auditor.report.html import write_html

        write_html(audit, path)
    elif fmt == "xlsx":
        from auditor.report.xlsx import write_xlsx

        write_xlsx(audit, path, tracking)
    elif fmt == "json":
        from auditor.report.findings_json import write_json

        write_json(audit, path)
    elif fmt == "csv":
        from auditor.report.indicators_csv import write_csv

        write_csv(audit, path, grammar)
    elif fmt == "parquet":
        from auditor.report.parquet import write_parquet

        write_parquet(audit, path, grammar)
