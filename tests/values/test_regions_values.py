"""Value forms of other regions' forms: each accepted form on a real row (regions_values.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.values import parse_value
from auditor.values.context import parse_in_context

DATA = yaml.safe_load((Path(__file__).parent / "regions_values.yaml").read_text(encoding="utf-8"))
FLAGS = ("truncated", "malformed", "vague", "graded", "ceiling", "unitless", "zero_phrase")
FIELDS = {"op": "operator", "num": "number", "unit": "unit", "per": "per", "period": "period"}


def _check(parsed, row):
    assert parsed.dimension == row["dim"]
    for key, attr in FIELDS.items():
        if key in row:
            actual = getattr(parsed, attr)
            expected = row[key]
            assert actual == (pytest.approx(expected) if isinstance(expected, int | float) else expected), attr
    if "date" in row:
        assert list(parsed.date) == row["date"]
    assert sorted(f for f in FLAGS if getattr(parsed, f)) == sorted(row.get("flags", []))
    for reason in row.get("reasons", []):
        assert reason in parsed.reasons


@pytest.mark.parametrize("row", DATA["values"], ids=[f"{r['form']}:{r['v']}" for r in DATA["values"]])
def test_regions_value(row):
    _check(parse_value(row["v"]), row)


@pytest.mark.parametrize("row", DATA["context"], ids=[f"{r['form']}:{r['name']}" for r in DATA["context"]])
def test_regions_value_with_its_name(row):
    _check(parse_in_context(row["v"], row["name"], row["kind"]), row)


def test_full_width_and_compatibility_operators_read_as_ascii():
    # h04's >92% as a full-width cell, and the compatibility forms ≧/≦ some systems print
    wide, narrow = parse_value("＞９２％"), parse_value(">92%")
    assert (wide.dimension, wide.operator, wide.number, wide.unit) == ("percent", ">", 92, "%")
    assert (narrow.dimension, narrow.operator, narrow.number) == ("percent", ">", 92)
    assert parse_value("≧95%").operator == ">=" and parse_value("≦202.6万元").operator == "<="
