"""Read, parse and check documents in parallel processes; the corpus rules then run once.

::

    documents, inputs, local = read_and_check(paths, options, jobs=4)
    result = engine.run(documents, options, local=local)

Results are identical to a one-process run: files are listed in the same order, each worker
returns the document and its per-document findings, and the parent hands out document names in
input order (a repeated file stem becomes ``stem-2`` as in :func:`auditor.ingest.iter_documents`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.engine.config import Options
from auditor.engine.engine import LocalResult, Selection, check_document, select_rules
from auditor.errors import InputError
from auditor.model import Document


@dataclass(slots=True)
class Item:
    """The outcome of one input file: a document and what the per-document rules say, or an error."""

    path: str
    document: Document | None
    local: LocalResult | None
    error: str | None = None  # the InputError's one line (InputError itself does not pickle)


def default_jobs() -> int:
    """All cores available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Files(list[Path | InputError]):
    """The inputs of a run walked once (:func:`list_files`): the files in audit order and an
    ``InputError`` for each folder that is empty or cannot be listed. Given back where paths are
    expected, they are not walked again; ``given`` keeps the paths as given."""

    def __init__(self, given: Sequence[str | Path], items: Sequence[Path | InputError] = ()) -> None:
        super().__init__(items)
        self.given = list(given)


Inputs = Sequence[str | Path] | Files  # paths as given, or already walked


def list_files(paths: Inputs) -> Files:
    """Every input file in audit order (folders walked and sorted, as ``iter_documents`` does),
    with the same errors: an empty folder, a sub-folder that cannot be listed (after its files)."""
    from auditor.ingest import _walk
    from auditor.safety import display_path

    if isinstance(paths, Files):
        return paths
    out = Files(paths)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            errors: list[InputError] = []
            files = _walk(path, errors)
            if not files and not errors:
                out.append(InputError(display_path(path), "文件夹中没有文件"))
            out.extend(files)
            out.extend(errors)
        else:
            out.append(path)
    return out


_SELECTION: dict[str, Selection] = {}


def _selection(options: Options) -> Selection:
    key = repr(options)  # one rule selection per worker process and set of options
    if key not in _SELECTION:
        _SELECTION.clear()
        _SELECTION[key] = select_rules(options)
    return _SELECTION[key]


_LIMITS: dict[str, Any] = {}


def _limits(options: Options):
    from auditor.ingest.limits import resolve_limits

    key = repr(options)
    if key not in _LIMITS:
        _LIMITS.clear()
        _LIMITS[key] = resolve_limits(options)
    return _LIMITS[key]


def process_file(path: Path, options: Options, selection: Selection | None = None) -> Item:
    """The per-document unit of work: read and parse one file, run its per-document rules."""
    from auditor.ingest import _read_safely

    doc = _read_safely(path, _limits(options))
    if isinstance(doc, InputError):
        return Item(doc.file, None, None, str(doc))
    return Item(str(path), doc, check_document(doc, selection or _selection(options)))


def _worker(args: tuple[str, Options]) -> Item:
    path, options = args
    return process_file(Path(path), options)


def iter_items(
    paths: Inputs, options: Options, jobs: int = 1, selection: Selection | None = None
) -> Iterator[Item]:
    """Items in input order; ``jobs`` > 1 processes files in that many worker processes."""
    files = list_files(paths)
    todo = [f for f in files if isinstance(f, Path)]
    if jobs <= 1 or len(todo) <= 1:
        selection = selection or select_rules(options)
        results: Iterator[Item] = (process_file(f, options, selection) for f in todo)
    else:
        import multiprocessing as mp
        from concurrent.futures import ProcessPoolExecutor

        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        import gc

        # a worker forked while the parent holds off garbage collection collects its own
        pool = ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=ctx, initializer=gc.enable)
        results = _ordered(pool, todo, options)
    it = iter(results)
    for f in files:
        if isinstance(f, InputError):
            yield Item(f.file, None, None, str(f))
        else:
            yield next(it)


def _ordered(pool, todo: list[Path], options: Options) -> Iterator[Item]:
    with pool:
        yield from pool.map(_worker, [(str(f), options) for f in todo], chunksize=1)


def claim_names(items: Sequence[Item]) -> None:
    """Distinct document names in input order; findings follow their forms' renamed ids."""
    from auditor.ingest import _Names

    names = _Names()
    for item in items:
        if item.document is None:
            continue
        before = [f.form_id for f in item.document.forms]
        names.claim(item.document)
        renamed = {a: f.form_id for a, f in zip(before, item.document.forms, strict=True) if a != f.form_id}
        if renamed and item.local is not None:
            for finding in item.local.findings:
                if finding.form_id in renamed:
                    finding.form_id = renamed[finding.form_id]
                finding.partners = [renamed.get(x, x) for x in finding.partners]


def read_and_check(
    paths: Inputs,
    options: Options | None = None,
    jobs: int = 1,
    on_item: Callable[[str], None] | None = None,
):
    """Read and check every input with ``jobs`` processes: (documents, inputs, local results)."""
    from auditor.scale.compact import StringPool

    options = options or Options()
    items: list[Item] = []
    pool = StringPool()  # equal texts of different documents held once
    for item in iter_items(paths, options, jobs):
        pool.item(item)
        items.append(item)
        if on_item:
            on_item(item.path)
    return collect(items)


def collect(items: list[Item]):
    """Documents (named in input order), their input records and per-document results."""
    from auditor.score import InputInfo

    claim_names(items)
    documents: list[Document] = []
    inputs: list[InputInfo] = []
    local: list[LocalResult] = []
    for item in items:
        if item.document is None:
            inputs.append(InputInfo(item.path, 0, [item.error or ""]))
            continue
        documents.append(item.document)
        local.append(item.local or LocalResult())
        inputs.append(InputInfo(item.document.path, len(item.document.forms), [], list(item.document.warnings)))
    return documents, inputs, local
