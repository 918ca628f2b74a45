"""Shared fixtures: the bundled sample document and its parse (session-scoped)."""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

import auditor
from auditor.model import Document, Form
from auditor.resources import sample_document
from auditor.result import AuditResult

# Hypothesis: the default profile keeps the suite fast; HYPOTHESIS_PROFILE=thorough runs ten times
# the examples (tests/fuzz scales its per-test counts with it).
settings.register_profile("thorough", max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture(scope="session", autouse=True)
def _parsers_imported() -> None:
    """PDF and XLSX files are parsed in a forked child (``auditor.ingest.limits.run_isolated``):
    imported here once, the libraries are inherited by every child instead of imported per file."""
    import openpyxl  # noqa: F401
    import pdfplumber  # noqa: F401


@pytest.fixture(scope="session", autouse=True)
def _text_parses_memoised() -> Iterator[None]:
    """``auditor.ingest.read_text`` (decode + parse of a text input: a pure function of its
    arguments) remembered by the content's hash, file and name: the many CLI tests that read the
    bundled sample (1-2 s a parse) get a copy of the worker's first parse of the same bytes. A
    changed byte is a new key; errors are not remembered. AUDITOR_TESTS_REPARSE=1 turns it off."""
    if os.environ.get("AUDITOR_TESTS_REPARSE"):
        yield
        return
    import hashlib

    import auditor.ingest as ingest

    original = ingest.read_text
    seen: dict[tuple[bytes, str, str, bool], bytes] = {}

    def read_text(data: bytes, file: str, name: str, csv_hint: bool = False) -> Document:
        key = (hashlib.blake2b(data).digest(), file, name, csv_hint)
        if key not in seen:
            seen[key] = pickle.dumps(original(data, file, name, csv_hint))
        return pickle.loads(seen[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(ingest, "read_text", read_text)
        yield


@pytest.fixture(scope="session", autouse=True)
def _segmentations_memoised() -> Iterator[None]:
    """``auditor.nlp.tokenize._segment`` (normalise + jieba: a pure function of the text, the
    dictionary being fixed) remembered for the worker's session. An audit forgets its segmentation
    cache when its corpus rules end (``tokenize.release``, for memory at scale), so each of the
    many audits of the sample would segment the same texts again (~0.5 s each). The original is
    ``_segment.__wrapped__``; AUDITOR_TESTS_REPARSE=1 turns the memo off."""
    if os.environ.get("AUDITOR_TESTS_REPARSE"):
        yield
        return
    import functools

    from auditor.nlp import tokenize

    original = tokenize._segment
    seen: dict[str, tuple[str, ...]] = {}

    @functools.wraps(original)
    def segment(text: str) -> tuple[str, ...]:
        words = seen.get(text)
        if words is None:
            words = seen[text] = original(text)
        return words

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tokenize, "_segment", segment)
        yield


@pytest.fixture(scope="session")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, Callable[[], Any]], Any]:
    """``shared(name, make)``: ``make()`` computed once per test run and handed to every xdist
    worker (pickled in the run's temp folder, a lock making the others wait for the first), for
    the costly session values: the sample's audit, the PDF replica's parse. Without xdist it is
    simply ``make()``. Each run starts empty (a new temp folder): nothing is kept between runs."""
    import fcntl

    worker = os.environ.get("PYTEST_XDIST_WORKER")
    root = tmp_path_factory.getbasetemp()
    if worker:
        root = root.parent  # the run's folder, above each worker's own

    def get(name: str, make: Callable[[], Any]) -> Any:
        if not worker:
            return make()
        path = root / f"shared-{name}.pickle"
        with open(root / f"shared-{name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if path.exists():
                return pickle.loads(path.read_bytes())
            value = make()
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps(value))
            tmp.replace(path)
            return value

    return get


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """Path of the bundled sample (corpora/xiaoyi-2025.txt, shipped with the package)."""
    return sample_document()


@pytest.fixture(scope="session")
def seed_doc(seed_path: Path, shared) -> Document:
    """The parsed bundled sample."""
    return shared("seed_doc", lambda: auditor.load(seed_path))


def find_form(doc: Document, name: str, nth: int = 0) -> Form:
    """The nth form whose project name equals ``name``."""
    matches = [f for f in doc.forms if f.project_name == name]
    if len(matches) <= nth:
        raise LookupError(f"no form #{nth} named {name!r}")
    return matches[nth]


@pytest.fixture(scope="session")
def seed_form(seed_doc: Document):
    """``seed_form(name, nth=0)``: a form of the bundled sample by its exact project name."""

    def get(name: str, nth: int = 0) -> Form:
        return find_form(seed_doc, name, nth)

    return get


@pytest.fixture(scope="session")
def seed_audit(seed_doc: Document, shared) -> AuditResult:
    """``pipeline.audit`` of a copy of the sample (default rules, no auditor.toml, suggestions); its
    ``check`` is the engine's result. Shared by the session: read it, don't change it."""
    import copy

    from auditor.engine import Options
    from auditor.pipeline import audit

    return shared("seed_audit", lambda: audit(documents=[copy.deepcopy(seed_doc)], options=Options(no_config=True)))
