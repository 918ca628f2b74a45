"""Selection, profiles, config file, precedence, baseline — on small hand-built documents."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.engine import Options, run, select_rules
from auditor.engine.baseline import write_baseline
from auditor.engine.cases import build_document
from auditor.errors import ConfigError

CASE = {
    "form": {"project_name": "政府地下停车场物业服务项目", "period": "2年", "attribute": "延续性项目(阶段开展)",
             "funds": {"period_total": 825226, "annual_total": 432900}},
    "rows": [
        ["产出指标", "数量指标", "物业管理面积", "31237平方米", "31237平方米"],
        ["产出指标", "质量指标", "安全事故发生次数", "≤0次", "≤0次"],
        ["产出指标", "时效指标", "设施设备维保及时率", "≥95%", "≥95%"],
        ["产出指标", "成本指标", "物业管理平均费用", "13.45元/平米", "13.45元/平米"],
        ["效益指标", "经济效益", "工作效率提升情况", "明显", "明显"],
        ["满意度指标", "服务对象满意度", "直接服务对象满意度", "100%", "100%"],
    ],
}


def _codes(result) -> set[str]:
    return {f.rule for f in result.all_findings()}


def _run(tmp_path: Path, **kwargs) -> set[str]:
    return _codes(run([build_document(CASE)], Options(cwd=str(tmp_path), **kwargs)))


def test_default_profile_reports_the_case(tmp_path: Path) -> None:
    assert _run(tmp_path) == {"VAL004", "VAL006", "VAL008"}


@pytest.mark.parametrize(
    ("select", "expected"),
    [
        (["VAL004"], {"VAL004"}),
        (["vague_value"], {"VAL006"}),  # a category
        (["satisfaction-at-100"], {"VAL008"}),  # a kebab name
        (["VAL"], {"VAL004", "VAL006", "VAL008"}),  # a prefix
        (["VAL004,VAL006"], {"VAL004", "VAL006"}),  # comma-separated
        (["ALL"], {"VAL004", "VAL006", "VAL008"}),
    ],
)
def test_select_references(tmp_path: Path, select: list[str], expected: set[str]) -> None:
    assert _run(tmp_path, select=select) == expected


def test_ignore_and_extend(tmp_path: Path) -> None:
    assert _run(tmp_path, ignore=["inflated_value"]) == {"VAL004", "VAL006"}
    assert _run(tmp_path, select=["VAL004"], extend_select=["VAL006"]) == {"VAL004", "VAL006"}


@pytest.mark.parametrize("where", ["select", "ignore", "extend_select"])
def test_unknown_reference_is_a_config_error(tmp_path: Path, where: str) -> None:
    with pytest.raises(ConfigError, match="VAL999"):
        select_rules(Options(cwd=str(tmp_path), **{where: ["VAL999"]}))


def test_unknown_profile_and_param(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="nosuch"):
        select_rules(Options(cwd=str(tmp_path), profile="nosuch"))
    with pytest.raises(ConfigError, match="no_such_param"):
        select_rules(Options(cwd=str(tmp_path), params={"VAL009": {"no_such_param": 1}}))


def test_lenient_profile_switches_rules_off(tmp_path: Path) -> None:
    assert _run(tmp_path, profile="lenient") == {"VAL004"}
    rules = select_rules(Options(cwd=str(tmp_path), profile="lenient")).rules
    assert "VAL006" not in rules and rules["FND005"].severity == "info"


def test_strict_profile_changes_severity_and_threshold(tmp_path: Path) -> None:
    rules = select_rules(Options(cwd=str(tmp_path), profile="strict")).rules
    assert rules["VAL009"].severity == "warning" and rules["VAL009"].params["min_rates"] == 2


def test_profile_file_with_unknown_code(tmp_path: Path) -> None:
    profile = tmp_path / "mine.yaml"
    profile.write_text("extends: default\ndisable: [VAL404]\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="VAL404"):
        select_rules(Options(cwd=str(tmp_path), profile=str(profile)))


def test_config_file_found_walking_up(tmp_path: Path) -> None:
    (tmp_path / "auditor.toml").write_text('ignore = ["VAL006"]\n[severity]\nVAL004 = "warning"\n', encoding="utf-8")
    sub = tmp_path / "a" / "b"
    sub.mkdir(parents=True)
    result = run([build_document(CASE)], Options(cwd=str(sub)))
    assert _codes(result) == {"VAL004", "VAL008"}
    assert result.config_path == str(tmp_path / "auditor.toml")
    assert all(f.severity == "warning" for f in result.all_findings() if f.rule == "VAL004")


def test_pyproject_tool_section_and_cli_precedence(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text('[tool.auditor]\nselect = ["VAL004"]\n', encoding="utf-8")
    assert _run(tmp_path) == {"VAL004"}
    assert _run(tmp_path, select=["VAL006"]) == {"VAL006"}  # CLI beats the file
    assert _run(tmp_path, no_config=True) == {"VAL004", "VAL006", "VAL008"}


def test_bad_config_key_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "auditor.toml").write_text('selct = ["VAL004"]\n', encoding="utf-8")
    with pytest.raises(ConfigError, match="selct"):
        select_rules(Options(cwd=str(tmp_path)))


def test_baseline_hides_accepted_findings_whatever_their_line(tmp_path: Path) -> None:
    first = run([build_document(CASE)], Options(cwd=str(tmp_path)))
    path = tmp_path / "baseline.json"
    write_baseline(path, first.baseline_entries())
    data = json.loads(path.read_text(encoding="utf-8"))
    assert len(data["entries"]) == 3 and all("line" not in e for e in data["entries"])
    # the same rows moved down by inserting a clean row, plus one new defect
    moved = {**CASE, "rows": [["产出指标", "数量指标", "保洁次数", "≥12次", "≥12次"], *CASE["rows"],
                              ["产出指标", "质量指标", "投诉次数", "≤0次", "≤0次"]]}
    again = run([build_document(moved)], Options(cwd=str(tmp_path), baseline=str(path)))
    assert again.suppressed == 3
    assert [(f.rule, f.level3) for f in again.all_findings()] == [("VAL004", "投诉次数")]


def test_bad_baseline_file(tmp_path: Path) -> None:
    path = tmp_path / "baseline.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"baseline\.json"):
        run([build_document(CASE)], Options(cwd=str(tmp_path), baseline=str(path)))
