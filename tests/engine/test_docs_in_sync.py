"""docs/rules.md is generated from rules/*.yaml; it must not fall behind the rules."""

from __future__ import annotations

from pathlib import Path

from auditor.engine.docs import MARKER, rules_markdown
from auditor.engine.loader import load_specs

DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def test_rules_doc_matches_the_rule_files():
    generated = DOC.read_text(encoding="utf-8").split(MARKER, 1)[1].strip()
    expected = rules_markdown(load_specs().values()).strip()
    assert generated == expected, "docs/rules.md is stale: run `python -m auditor.engine.docs docs/rules.md`"
    for code in ("VAL001", "IND004", "FRM005", "NLP006"):
        assert f"| [{code}]" in generated
