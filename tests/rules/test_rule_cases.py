"""Data-driven rule fixtures (tests/rules/cases/<CODE>.yml), in the spirit of sqlfluff's YAML cases:
rows in, the rule's findings out; ``expect: []`` rows must NOT be flagged."""

from __future__ import annotations

import pytest
from rule_helpers import load_cases, matches, run_rule

CASES = load_cases()


@pytest.mark.parametrize(("code", "name", "case"), CASES, ids=[f"{c}_{n}" for c, n, _ in CASES])
def test_rule_case(code: str, name: str, case: dict) -> None:
    found = run_rule(code, case)
    expected = case.get("expect") or []
    shown = [(f.line, f.column, f.message) for f in found]
    assert len(found) == len(expected), f"{code} {name}: expected {len(expected)} findings, got {shown}"
    remaining = list(found)
    for exp in expected:
        hit = next((f for f in remaining if matches(f, exp)), None)
        assert hit is not None, f"{code} {name}: no finding matches {exp}; got {shown}"
        remaining.remove(hit)
        assert hit.rule == code
        assert "{" not in hit.message and "}" not in hit.message, hit.message
