"""benchmarks/accuracy.py's matching, on a two-row hand example from the regions set (fast, no auditor run)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _accuracy():
    spec = importlib.util.spec_from_file_location("accuracy", ROOT / "benchmarks" / "accuracy.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["accuracy"] = module
    spec.loader.exec_module(module)
    return module


def test_two_rows_of_h20_and_a_form_level_label() -> None:
    acc = _accuracy()
    # h20 (南岳区 雨露计划): 逾期发放率 ">=100%" is impossible (and points the wrong way);
    # 就学补助及时发放率 ">=100%" is impossible; 成本 exists in the raw text, so "no 成本" is a false alarm.
    labels = [
        acc.Item("h20", "impossible_value", acc.norm("逾期发放率"), 21),
        acc.Item("h20", "direction_mismatch", acc.norm("逾期发放率"), 21),
        acc.Item("h20", "impossible_value", acc.norm("就学补助及时发放率"), 22),
        acc.Item("h20", "missing_dimension", "", 20, dimension="成本", verdict="no"),
    ]
    data = {  # the JSON shape of `auditor check --format json`, with h11's additive fields on one finding
        "projects": [
            {
                "form_id": "h20",
                "findings": [
                    {"category": "impossible_value", "level3": "逾期发放率", "line": 21, "column": "annual",
                     "value": ">=100%", "rule": "VAL003", "message": "..."},
                    {"category": "impossible_value", "level3": "就学补助及时发放率", "line": None,
                     "location": {"line": 22}, "form_id": "h20", "indicator": 2, "partners": [],
                     "column": "annual", "rule": "VAL003", "message": "..."},
                    {"category": "missing_dimension", "level3": None, "line": 20, "column": None,
                     "rule": "FRM003", "message": "没有任何“成本指标”"},
                ],
            }
        ],
        "cross_checks": [],
    }
    findings = acc.findings_from_json(data)
    assert [f.dimension for f in findings] == ["", "", "成本"]
    outcome = acc.evaluate(findings, labels)
    assert (outcome.scores["impossible_value"].tp, outcome.scores["impossible_value"].fp) == (2, 0)
    assert outcome.scores["missing_dimension"].fp == 1  # labelled "no": the 成本 row is in the raw page
    assert [m.category for m in outcome.misses] == ["direction_mismatch"]
    assert outcome.scores["direction_mismatch"].recall == 0.0


def test_names_match_on_truncation_only_with_the_same_line() -> None:
    acc = _accuracy()
    label = acc.Item("x#1", "vague_value", acc.norm("对减少污染排放量的影响程度"), 40)
    cut = acc.Item("x#1", "vague_value", acc.norm("对减少污染排放量"), 40)
    elsewhere = acc.Item("x#1", "vague_value", acc.norm("对减少污染排放量"), 90)
    assert acc.matches(cut, label)
    assert not acc.matches(elsewhere, label)
