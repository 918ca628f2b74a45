"""Write the report folder of an audit (the audit itself is :func:`auditor.pipeline.audit`).

::

    audit = pipeline.audit(["corpora/xiaoyi-2025.txt"])
    written = write_reports(audit, Path("reports/xiaoyi-2025"))
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from auditor.result import AuditResult

__all__ = ["FORMATS", "write_reports"]

FORMATS: dict[str, str] = {
    "html": "report.html",
    "xlsx": "整改清单.xlsx",
    "json": "findings.json",
    "csv": "indicators.csv",
}


def write_reports(audit: AuditResult, outdir: Path, formats: Iterable[str] = FORMATS) -> dict[str, Path]:
    """Write the selected outputs into ``outdir`` (created); return {format: path}."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in formats:
        path = outdir / FORMATS[fmt]
        if fmt == "html":
            from auditor.report.html import write_html

            write_html(audit, path)
        elif fmt == "xlsx":
            from auditor.report.xlsx import write_xlsx

            write_xlsx(audit, path)
        elif fmt == "json":
            from auditor.report.findings_json import write_json

            write_json(audit, path)
        elif fmt == "csv":
            from auditor.report.indicators_csv import write_csv

            write_csv(audit, path)
        written[fmt] = path
    return written
