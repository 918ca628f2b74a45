"""Shared fixtures: the bundled sample document and its parse (session-scoped)."""

from __future__ import annotations

from pathlib import Path

import pytest

import auditor
from auditor.model import Document, Form
from auditor.resources import sample_document


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
