"""Fixtures of tests/ingest: the committed replicas (scripts/make_replicas.py) and their parses."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.ingest import read_document
from auditor.model import Document

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def manifest() -> dict:
    """Which seed forms the replicas hold (ordinal in the seed, name), in replica order."""
    return json.loads((DATA / "replicas.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def pdf_doc(shared) -> Document:
    """The PDF replica's parse (seconds of pdfplumber: read once per run, tests/conftest.py ``shared``)."""
    return shared("pdf_doc", lambda: read_document(DATA / "replicas.pdf"))


@pytest.fixture(scope="session")
def xlsx_doc(shared) -> Document:
    return shared("xlsx_doc", lambda: read_document(DATA / "replicas.xlsx"))


@pytest.fixture(scope="session")
def gb18030_doc(seed_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Document:
    path = tmp_path_factory.mktemp("enc") / "xiaoyi-2025.txt"
    path.write_bytes(seed_path.read_text(encoding="utf-8").encode("gb18030"))
    return read_document(path)
