"""Fixtures of the NLP tests."""

from __future__ import annotations

import copy

import pytest
from nlp_helpers import nlp_findings

from auditor.model import Document, Finding


@pytest.fixture(scope="session")
def seed_nlp(seed_doc: Document) -> list[Finding]:
    """NLP findings of the untouched bundled sample."""
    return nlp_findings(seed_doc)


@pytest.fixture()
def seed_copy(seed_doc: Document) -> Document:
    """A deep copy of the sample that a test may alter."""
    return copy.deepcopy(seed_doc)
