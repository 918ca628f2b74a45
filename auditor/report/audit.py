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
}


def read_inputs(
    paths: Sequence[str | Path], on_item: Callable[[str], None] | None = None
) -> tuple[list[Document], list[InputInfo]]:
    """Read every path (folders walked); unreadable files become ``InputInfo.errors``."""
    from auditor.ingest import iter_documents

    documents: list[Document] = []
    inputs: list[InputInfo] = []
    for item in iter_documents([Path(p) for p in paths]):
        if isinstance(item, InputError):
            inputs.append(InputInfo(item.file, 0, [str(item)]))
            if on_item:
                on_item(item.file)
            continue
        _show_bundled(item)
        documents.append(item)
        inputs.append(InputInfo(item.path, len(item.forms), [], list(item.warnings)))
        if on_item:
            on_item(item.path)
    return documents, inputs


def _show_bundled(doc: Document) -> None:
    """Name the bundled sample by its short name (corpora/…), not by its site-packages path."""
    from auditor.resources import bundled_name

    short = bundled_name(doc.path)
    if short is None or short == doc.path:
        return
    old, doc.path = doc.path, short
    for form in doc.forms:
        if form.source.file == old:
            form.source.file = short
    doc.warnings = [w.replace(old, short) for w in doc.warnings]


def run_audit(
    paths: Sequence[str | Path] = (),
    options=None,
    documents: Iterable[Document] | None = None,
    inputs: Sequence[InputInfo] | None = None,
    suggestions: bool = True,
) -> AuditResult:
    """Check and score documents (read from ``paths`` unless ``documents`` is given)."""
    from auditor.engine import Options, run

    if documents is None:
        documents, inputs = read_inputs(paths)
    from auditor.ingest import unique_names

    docs = list(documents)
    unique_names(docs)
    result = run(docs, options or Options())
    audit = score_audit(docs, result.by_form, result.cross_checks, inputs=inputs, profile=result.profile)
    if suggestions:  # after scoring: "well-written similar projects" are the ones that scored well
        from auditor.suggest import enrich

        enrich(docs, result.by_form, scores={p.form.form_id: p.score for p in audit.projects})
    audit.check = result
    return audit


def write_reports(audit: AuditResult, outdir: Path, formats: Iterable[str] = FORMATS,
                  tracking: dict[str, dict[str, str]] | None = None) -> dict[str, Path]:
    """Write the selected outputs into ``outdir`` (created); return {format: path}.

    ``tracking`` (fingerprint → 整改责任单位/整改期限/整改状态/备注 of a filled-in 整改清单) is
    carried into the new 整改清单.xlsx."""
    outdir.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for fmt in formats:
        path = outdir / FORMATS[fmt]
        if fmt == "html":
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
        written[fmt] = path
    return written
