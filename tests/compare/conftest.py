"""Fixtures for auditor compare: the sample's audit, its revised copy and its next budget year
(edits in edit_sample.py), each audited once per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from edit_sample import next_year, revise


@pytest.fixture(scope="session")
def base_audit(seed_audit):
    """The sample's audit: the session's (tests/conftest.py), not a second run of the same audit."""
    return seed_audit


@pytest.fixture(scope="session")
def edited(seed_doc, seed_path, tmp_path_factory) -> dict[str, Path]:
    """{"revised": .../xiaoyi-2025.txt, "year": .../xiaoyi-2026.txt}"""
    text = seed_path.read_text(encoding="utf-8")
    root = tmp_path_factory.mktemp("edited")
    out = {}
    for key, folder, name, make in (("revised", "revised", "xiaoyi-2025.txt", revise),
                                    ("year", "next-year", "xiaoyi-2026.txt", next_year)):
        path = root / folder / name
        path.parent.mkdir()
        path.write_text(make(seed_doc, text), encoding="utf-8")
        out[key] = path
    return out


@pytest.fixture(scope="session")
def revision(base_audit, edited):
    from auditor.compare import compare, load_side, side_from_audit

    return compare(side_from_audit(base_audit, "xiaoyi-2025"), load_side(edited["revised"]))


@pytest.fixture(scope="session")
def two_years(base_audit, edited):
    from auditor.compare import compare, load_side, side_from_audit

    return compare(side_from_audit(base_audit, "xiaoyi-2025"), load_side(edited["year"]))
