"""Shared fixtures: the bundled sample document and its parse (session-scoped)."""

from __future__ import annotations

import os
from pathlib import Path

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


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """Path of the bundled sample (corpora/xiaoyi-2025.txt, shipped with the package)."""
    return sample_document()


@pytest.fixture(scope="session")
def seed_doc(seed_path: Path) -> Document:
    """The parsed bundled sample."""
    return auditor.load(seed_path)


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
def seed_audit(seed_doc: Document) -> AuditResult:
    """``pipeline.audit`` of a copy of the sample (default rules, no auditor.toml, suggestions); its
    ``check`` is the engine's result. Shared by the session: read it, don't change it."""
    import copy

    from auditor.engine import Options
    from auditor.pipeline import audit

    return audit(documents=[copy.deepcopy(seed_doc)], options=Options(no_config=True))
