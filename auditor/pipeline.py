"""The application layer: read inputs → check (rules + NLP) → score → result.

Every command and the Python API go through here; ``report/`` only writes what this returns and
``cli/`` only parses arguments and prints::

    from auditor import pipeline
    audit = pipeline.audit(["corpora/xiaoyi-2025.txt"])       # AuditResult (scores, ranks)
    run = pipeline.check(["corpora/xiaoyi-2025.txt"])         # CheckRun (findings only)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from auditor.errors import InputError
from auditor.model import Document
from auditor.result import AuditResult, CheckRun, InputInfo

if TYPE_CHECKING:
    from auditor.engine import CheckResult, Options
    from auditor.scale.runner import Files

__all__ = ["audit", "check", "read_and_check", "read_inputs"]


def read_inputs(
    paths: Sequence[str | Path], on_item: Callable[[str], None] | None = None, options: Options | None = None
) -> tuple[list[Document], list[InputInfo]]:
    """Read every path (folders walked); unreadable files become ``InputInfo.errors``.

    Form ids are made unique across the documents read (two inputs with the same name).
    ``options`` may set input limits (``options.limits``, or auditor.toml ``[limits]``).
    """
    from auditor.ingest import iter_documents, unique_names
    from auditor.ingest.limits import resolve_limits

    documents: list[Document] = []
    inputs: list[InputInfo] = []
    for item in iter_documents([Path(p) for p in paths], resolve_limits(options)):
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
    unique_names(documents)
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


def _documents(
    paths: Sequence[str | Path], documents: Iterable[Document] | None, inputs: Sequence[InputInfo] | None,
    options: Options | None = None,
) -> tuple[list[Document], list[InputInfo]]:
    if documents is None:
        return read_inputs(paths, options=options)
    from auditor.ingest import unique_names

    docs = list(documents)
    unique_names(docs)
    info = list(inputs) if inputs is not None else [InputInfo(d.path, len(d.forms), [], list(d.warnings)) for d in docs]
    return docs, info


def run_rules(documents: Sequence[Document], options: Options | None = None, local=None,
              on_stage: Callable[[str], None] | None = None) -> CheckResult:
    """The engine over already-read documents (rules, NLP checks, which finding wins, baseline).

    ``local``: per-document results computed elsewhere (``auditor.scale``), one per document;
    ``on_stage`` is told each corpus rule as it starts (a progress display).
    """
    from auditor.engine import Options, run

    return run(documents, options or Options(), local=local, on_stage=on_stage)


def check(
    paths: Sequence[str | Path] = (),
    options: Options | None = None,
    documents: Iterable[Document] | None = None,
    inputs: Sequence[InputInfo] | None = None,
) -> CheckRun:
    """Read (unless ``documents`` is given) and check: the findings of ``auditor check``."""
    docs, info = _documents(paths, documents, inputs, options)
    return CheckRun(docs, info, run_rules(docs, options))


def audit(
    paths: Sequence[str | Path] = (),
    options: Options | None = None,
    documents: Iterable[Document] | None = None,
    inputs: Sequence[InputInfo] | None = None,
    suggestions: bool = True,
    jobs: int = 1,
    local=None,
    on_stage: Callable[[str], None] | None = None,
) -> AuditResult:
    """Read (unless ``documents`` is given), check, score and rank: the result of ``auditor audit``.

    ``jobs`` > 1 reads, parses and checks the files in that many processes (same results,
    ``auditor.scale.runner``); ``local`` passes such per-document results, one per document.
    ``on_stage`` is told each stage as it starts (corpus rules one by one, scoring, suggestions):
    a progress display.
    """
    from auditor.score import score_audit

    if documents is None and jobs > 1:
        documents, inputs, local = read_and_check(paths, options, jobs=jobs)
    docs, info = _documents(paths, documents, inputs, options)
    result = run_rules(docs, options, local, on_stage)
    if on_stage:
        on_stage("评分与排名")
    scored = score_audit(docs, result.by_form, result.cross_checks, inputs=info, profile=result.profile, check=result)
    if suggestions:  # after scoring: "well-written similar projects" are the ones that scored well
        from auditor.suggest import enrich

        if on_stage:
            on_stage("整改建议：查找相似的优秀项目")
        enrich(docs, result.by_form, scores={p.form.form_id: p.score for p in scored.projects})
    return scored


def read_and_check(
    paths: Sequence[str | Path] | Files,
    options: Options | None = None,
    jobs: int = 1,
    engine: str = "local",
    scheduler: str | None = None,
    on_item: Callable[[str], None] | None = None,
) -> tuple[list[Document], list[InputInfo], list | None]:
    """Read the inputs and run the per-document rules where the engine says.

    ``engine="dask"`` distributes the files over a Dask cluster (``scheduler`` address or a local
    cluster); ``jobs`` > 1 over that many local processes; otherwise everything is read here and
    the per-document results are left to :func:`audit` (``None``). Pass the returned triple to
    ``audit(documents=..., inputs=..., local=...)``. ``paths`` may be already walked
    (:func:`auditor.scale.runner.list_files`, e.g. to count them for a progress bar).
    """
    from auditor.scale.runner import Files, list_files

    given = paths.given if isinstance(paths, Files) else paths  # walked by the caller (a progress total)
    files = list_files(paths) if engine == "dask" or jobs > 1 else Files(given)  # walked once
    if engine != "dask" and jobs > 1:
        # a process pool costs seconds to start: never more workers than files to read
        jobs = min(jobs, sum(isinstance(f, Path) for f in files))
    if engine == "dask":
        from auditor.scale.dask_engine import read_and_check_dask

        documents, inputs, local = read_and_check_dask(files, options, scheduler, jobs, on_item=on_item)
    elif jobs > 1:
        from auditor.scale.runner import read_and_check as read_and_check_local

        documents, inputs, local = read_and_check_local(files, options, jobs, on_item=on_item)
    else:
        documents, inputs = read_inputs(given, on_item=on_item, options=options)
        return documents, inputs, None
    shown = {}
    for doc in documents:
        old = doc.path
        _show_bundled(doc)
        shown[old] = doc.path
    for info in inputs:
        old = info.file
        info.file = shown.get(old, old)
        info.warnings = [w.replace(old, info.file) for w in info.warnings]
    return documents, inputs, local
