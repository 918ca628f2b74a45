"""The figures docs/reports.md quotes are generated from a real audit of the sample
(scripts/update_docs_figures.py), never typed: the docs must match what the code computes now."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "update_docs_figures.py"


@pytest.fixture(scope="module")
def figures():
    spec = importlib.util.spec_from_file_location("update_docs_figures", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow  # one audit of the sample
def test_docs_quote_the_current_figures(figures, seed_doc):
    from auditor.pipeline import audit as run_audit

    blocks = figures.render(run_audit(documents=[seed_doc]))
    text = (ROOT / "docs" / "reports.md").read_text(encoding="utf-8")
    for name in blocks:
        assert f"<!-- figures:{name} -->" in text
    assert figures.apply(text, blocks) == text, "docs/reports.md is stale: run python scripts/update_docs_figures.py"
    # numbers checked by hand: the sample's 137 project forms and 1 unit form, 165 cross checks
    assert "137 project forms and 1 unit form" in blocks["sample"] and "+ 165 cross checks" in blocks["sample"]
