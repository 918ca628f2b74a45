"""The shared vocabulary: severities and their order, indicator columns, finding categories.

Codes live here (one place); what readers see (Chinese words, category labels) lives in
``rules/report.yaml`` and each category's scoring dimension in ``rules/weights.yaml``; this module
is the one way to get both.
"""

from __future__ import annotations

from functools import cache
from typing import Any

SEVERITIES: tuple[str, ...] = ("error", "warning", "info")  # most severe first
SEVERITY_RANK: dict[str, int] = {"info": 0, "warning": 1, "error": 2}  # higher = more severe
SEVERITY_ORDER: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}  # sort key, most severe first
COLUMNS: tuple[str, ...] = ("period", "annual")

# the finding categories of spec/findings.md
CATEGORIES: tuple[str, ...] = (
    "unit_mismatch",
    "direction_mismatch",
    "impossible_value",
    "malformed_value",
    "vague_value",
    "empty_value",
    "placeholder_indicator",
    "vague_indicator_name",
    "misfiled_indicator",
    "inflated_value",
    "duplicate_indicator",
    "missing_annual_target",
    "missing_field",
    "missing_dimension",
    "generic_goal",
    "irrelevant_content",
    "boilerplate_text",
    "duplicate_indicator_set",
    "fund_inconsistency",
    "cost_exceeds_budget",
    "annual_period_mismatch",
)


@cache
def _wording() -> dict[str, Any]:
    from auditor.resources import read_yaml, rules_dir

    data = read_yaml(rules_dir() / "report.yaml")
    return data if isinstance(data, dict) else {}


def severity_word(severity: str) -> str:
    """错误 / 警告 / 提示."""
    return str(_wording().get("severity", {}).get(severity, severity))


def column_word(column: str | None) -> str:
    """实施期 / 年度 ('' for no column)."""
    return str(_wording().get("column", {}).get(column, "")) if column else ""


def category_label(category: str) -> str:
    """The Chinese label of a category (the code itself when none is written)."""
    return str(_wording().get("categories", {}).get(category, category))


def category_dimension(category: str) -> str:
    """The scoring dimension (rules/weights.yaml) a category's findings take points from."""
    from auditor.score.weights import load_weights

    return load_weights().dimension_of(category)
