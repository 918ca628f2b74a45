"""Every distinct indicator value of the bundled sample, parsed and checked by hand.

The expected parses live in ``seed_values.yaml`` beside this file (judgement calls noted there).
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from auditor.values import parse_value

TABLE = yaml.safe_load((Path(__file__).parent / "seed_values.yaml").read_text(encoding="utf-8"))["values"]
FLAGS = ("truncated", "malformed", "vague", "graded", "ceiling", "unitless", "zero_phrase")
FIELDS = {"op": "operator", "num": "number", "high": "number_high", "unit": "unit", "per": "per",
          "period": "period", "ref": "reference", "rhs": "reference_rhs"}


def test_table_has_no_duplicates():
    values = [row["v"] for row in TABLE]
    assert len(values) == len(set(values))
    assert len(values) >= 300


@pytest.mark.parametrize("row", TABLE, ids=[row["v"] for row in TABLE])
def test_seed_value(row):
    parsed = parse_value(row["v"])
    assert parsed.dimension == row["dim"]
    for key, attr in FIELDS.items():
        expected = row.get(key)
        actual = getattr(parsed, attr)
        if isinstance(expected, int | float) and actual is not None:
            assert actual == pytest.approx(expected), attr
        else:
            assert actual == expected, attr
    if "yuan" in row:
        assert parsed.money_yuan == pytest.approx(row["yuan"], abs=0.01)
    else:
        assert parsed.money_yuan is None
    flags = set(row.get("flags", []))
    assert {f for f in FLAGS if getattr(parsed, f)} == flags
    assert set(row.get("reasons", [])) <= set(parsed.reasons)


def test_table_covers_every_seed_value(seed_doc):
    table = {row["v"] for row in TABLE}
    values = {v for f in seed_doc.forms for i in f.indicators for v in (i.period_value, i.annual_value) if v}
    assert values - table == set()
    assert len(values) >= 300
