"""Fixtures of the NLP tests."""

from __future__ import annotations

import copy

import pytest
from nlp_helpers import nlp_findings

from auditor.model import Document, Finding


@pytest.fixture(scope="session")
def seed_nlp(seed_doc: Document, shared) -> list[Finding]:
    """NLP findings of the untouched bundled sample (once per run, tests/conftest.py ``shared``)."""
    return shared("seed_nlp", lambda: nlp_findings(seed_doc))


@pytest.fixture()
def seed_copy(seed_doc: Document) -> Document:
    """A deep copy of the sample that a test may alter."""
    return copy.deepcopy(seed_doc)


@pytest.fixture(scope="session")
def seed_names(seed_doc: Document, shared) -> list[Finding]:
    """Findings of the vague-name and misfiled rules (lexical and model) on the untouched sample."""
    return shared("seed_names", lambda: nlp_findings(seed_doc, select=["IND002", "IND004", "NLP006", "NLP007"]))
