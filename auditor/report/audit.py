"""The ``audit`` pipeline: read → check → enrich suggestions → score → write the report folder.

::

    audit = run_audit(["corpora/xiaoyi-2025.txt"])
    written = write_reports(audit, Path("reports/xiaoyi-2025"))
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from auditor.errors import InputError
from auditor.model import Document
from auditor.score import AuditResult, InputInfo, score_audit

FORMATS: dict[str, str] = {
    "html": "report.html",
    "xlsx": "整改清单.xlsx",
    "json": "findings.json",
    "csv": "indicators.csv",
    "parquet": "parquet",  # a folder of tables (auditor.report.parquet)
}


def read_inputs(
    paths: Sequence[str | Path], on_item: Callable[[str], None] | None = None, options=None
) -> tuple[list[Document], list[InputInfo]]:
    """Read every path (folders walked); unreadable files become ``InputInfo.errors``.

    ``options`` (engine Options) may set input limits (``limits``, or auditor.toml ``[limits]``).
    """
    from auditor.ingest import iter_documents
    from auditor.ingest.limits import resolve_limits

    documents: list[Document] = []
    inputs: list[InputInfo] = []
    for item in iter_documents([Path(p) for p in paths], resolve_limits(options)):
        if isinstance(item, InputError):
            inputs.append(InputInfo(item.file, 0, [str(item)]))
            if on_item:
                on_item(item.file)
            continue
        documents.append(item)
        inputs.append(InputInfo(item.path, len(item.forms), [], list(item.warnings)))
        if on_item:
            on_item(item.path)
    return documents, inputs


def run_audit(
    paths: Sequence[str | Path] = (),
    options=None,
    documents: Iterable[Document] | None = None,
    inputs: Sequence[InputInfo] | None = None,
    suggestions: bool = True,
    jobs: int = 1,
    local=None,
) -> AuditResult:
    """Check and score documents (read from ``paths`` unless ``documents`` is given).

    ``jobs`` > 1 reads, parses and checks the files in that many processes (same results);
    ``local`` passes per-document results computed elsewhere (``auditor.scale``), one per document.
    """
    from auditor.engine import Options, run

    if documents is None and jobs > 1:
        from auditor.scale.runner import read_and_check

        documents, inputs, local = read_and_check(paths, options, jobs)
    elif documents is None:
        documents, inputs = read_inputs(paths, options=options)
    from auditor.ingest import unique_names

    docs = list(documents)
    unique_names(docs)
    result = run(docs, options or Options(), local=local)
    audit = score_audit(docs, result.by_form, result.cross_checks, inputs=inputs, profile=result.profile)
    if suggestions:  # after scoring: "well-written similar projects" are the ones that scored well
        from auditor.suggest import enrich

        enrich(docs, result.by_form, scores={p.form.form_id: p.score for p in audit.projects})
    audit.check = result
    return audit


def is_large(audit: AuditResult, options=None) -> bool:
    """An audit big enough for the overview report.html and parquet/ (limit ``large_audit_forms``)."""
    from auditor.ingest.limits import resolve_limits

    return sum(len(d.forms) for d in audit.documents) >= resolve_limits(options).large_audit_forms


def write_reports(
    audit: AuditResult, outdir: Path, formats: Iterable[str] = FORMATS, large: bool | None = None
) -> dict[str, Path]:
    """Write the selected outputs into ``outdir`` (created); return {format: path}.

    ``large`` (default: :func:`is_large`) writes report.html as an overview with department pages.
    """
    if large is None:
        large = is_large(audit)
    outdir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in formats:
        path = outdir / FORMATS[fmt]
        if fmt == "html" and large:
            from auditor.report.overview import write_overview

            write_overview(audit, path)
        elif fmt == "html":
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
        elif fmt == "parquet":
            from auditor.report.parquet import write_parquet

            write_parquet(audit, path)
        written[fmt] = path
    return written
