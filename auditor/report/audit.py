"""Write the report folder of an audit (the audit itself is :func:`auditor.pipeline.audit`).

::

    audit = pipeline.audit(["corpora/xiaoyi-2025.txt"])
    written = write_reports(audit, Path("reports/xiaoyi-2025"))
"""

from __future__ import annotations

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


def write_reports(
    audit: AuditResult,
    outdir: Path,
    formats: Iterable[str] = FORMATS,
    large: bool | None = None,
    tracking: dict[str, dict[str, str]] | None = None,
    timings: dict[str, float] | None = None,
    on_file: Callable[[str, int, int], None] | None = None,
) -> dict[str, Path]:
    """Write the selected outputs into ``outdir`` (created); return {format: path}.

    ``large`` (default: :func:`is_large`) writes report.html as an overview with department pages;
    ``tracking`` (fingerprint → 整改责任单位/整改期限/整改状态/备注 of a filled-in 整改清单) is
    carried into the new 整改清单.xlsx. ``timings`` receives the seconds each output took;
    ``on_file(name, k, n)`` is told each output as it starts (a progress display).
    """
    import time

    if large is None:
        large = is_large(audit)
    outdir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    formats = list(formats)
    for k, fmt in enumerate(formats, start=1):
        path = outdir / FORMATS[fmt]
        if on_file:
            on_file(FORMATS[fmt], k, len(formats))
        start = time.perf_counter()
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

            write_csv(audit, path)
        elif fmt == "parquet":
            from auditor.report.parquet import write_parquet

            write_parquet(audit, path)
        written[fmt] = path
        if timings is not None:
            timings[FORMATS[fmt]] = time.perf_counter() - start
    return written
