"""The tidy indicator table: required columns in order, and the round trip back to the same forms."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from typer.testing import CliRunner

import auditor
from auditor.cli.app import app
from auditor.tidy import REQUIRED_COLUMNS, forms_to_frame, frame_to_forms


def test_required_columns_first_and_one_row_per_indicator(seed_doc):
    frame = seed_doc.indicators_frame()
    assert tuple(frame.columns[: len(REQUIRED_COLUMNS)]) == REQUIRED_COLUMNS
    empty_forms = [f for f in seed_doc.forms if not f.indicators]
    assert len(frame) == sum(len(f.indicators) for f in seed_doc.forms) + len(empty_forms)
    row = frame[(frame.project_name == "政府地下停车场物业服务项目") & (frame.line == 5314)].iloc[0]
    assert (row.level3, row.period_value, row.annual_value) == ("设施设备维保及时率", "≥100%", "")
    assert row.period_total == 825_226


def test_round_trip_through_frame_gives_same_forms(seed_doc):
    forms = frame_to_forms(forms_to_frame(seed_doc.forms), "x.csv", "x")
    assert [f.to_dict() for f in forms] == [_without_warnings(f.to_dict()) for f in seed_doc.forms]


def _without_warnings(data: dict) -> dict:
    data.pop("warnings", None)
    return data


@pytest.mark.slow
def test_round_trip_through_csv_and_xlsx_files(seed_doc, tmp_path):
    expected = [_without_warnings(f.to_dict()) for f in seed_doc.forms]
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"seed.{fmt}"
        result = CliRunner().invoke(app, ["parse", str(auditor.resources.sample_document()), "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        doc = auditor.load(out)
        got = [_without_warnings(f.to_dict()) for f in doc.forms]
        assert len(got) == 138
        for g, e in zip(got, expected, strict=True):
            e = dict(e, source=g["source"])  # the source now names the table file
            assert g == e, (fmt, e["form_id"])


def test_parse_jsonl_is_schema_shaped(seed_path):
    result = CliRunner().invoke(app, ["parse", str(seed_path)])
    assert result.exit_code == 0
    lines = [json.loads(x) for x in result.stdout.splitlines() if x.startswith("{")]
    assert len(lines) == 138
    first = lines[1]
    assert set(first) >= {"form_id", "kind", "project_name", "department", "department_code",
                          "implementing_unit", "attribute", "period", "funds", "texts", "goals",
                          "indicators", "source"}
    assert set(first["funds"]["period_sources"]) == {"central", "provincial", "local", "self", "other"}
    # the bundled sample is named by its short name, not by its install path
    assert first["source"] == {"file": "corpora/xiaoyi-2025.txt", "line_start": 660, "line_end": 690}
    assert first["indicators"][0] == {"level1": "产出指标", "level2": "数量指标", "level3": "刮墙",
                                      "period_value": "≥2000元", "annual_value": "≥2000元", "line": 681}


def test_tidy_table_from_another_tool_with_extra_columns(tmp_path):
    frame = pd.DataFrame([
        {"备注": "x", "form_id": "a#1", "kind": "project", "project_name": "甲项目", "department": "某局",
         "period_total": 1000, "annual_total": 500, "goal_period": "", "goal_annual": "完成",
         "level1": "产出指标", "level2": "数量指标", "level3": "培训人数", "period_value": "",
         "annual_value": "≥50人", "line": 3},
    ])
    forms = frame_to_forms(frame, "a.csv", "a")
    assert len(forms) == 1 and forms[0].indicators[0].annual_value == "≥50人"
    assert forms[0].funds.annual_total == 500.0 and forms[0].department_code is None
