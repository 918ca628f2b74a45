"""``auditor check`` / ``auditor rules`` / ``auditor explain``: exit codes, formats, messages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli.app import app

runner = CliRunner()

@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no auditor.toml above tmp_path


def test_check_seed_text_grouped_by_project(seed_path: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_path), "--select", "VAL001,VAL002,FRM001"])
    assert result.exit_code == 1
    out = result.stdout
    assert "政府地下停车场物业服务项目" in out
    assert "5319  VAL001 错误" in out and "5319  VAL002 错误" in out
    assert "5310  FRM001 错误" in out
    assert "满意度应以百分比表示" in out


def test_check_seed_json_per_schema(seed_path: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_path), "--format", "json", "--select", "VAL003"])
    assert result.exit_code == 0  # the sample's VAL003 rows are all the idiom ≥100%: warnings
    data = json.loads(result.stdout)
    assert data["tool"]["name"] == "auditor" and data["tool"]["rules_profile"] == "default"
    assert data["inputs"][0]["forms"] == 138
    assert len(data["projects"]) == 138
    found = [(p["project_name"], f) for p in data["projects"] for f in p["findings"]]
    lines = sorted(f["line"] for _, f in found)
    assert 5314 in lines and 3579 in lines
    name, first = next((n, f) for n, f in found if f["line"] == 5314)
    assert name == "政府地下停车场物业服务项目"
    for key in ("rule", "category", "severity", "level1", "level2", "level3", "column", "value",
                "message", "suggestion", "line"):
        assert key in first
    assert first["rule"] == "VAL003" and first["column"] == "period" and first["value"] == "≥100%"
    assert first["severity"] == "warning" and "“=100%”" in first["suggestion"]
    assert isinstance(data["cross_checks"], list)


@pytest.mark.slow
def test_fail_on_and_exit_zero_when_only_warnings(seed_path: Path) -> None:
    args = ["check", str(seed_path), "--select", "VAL006"]  # vague values: warnings only
    assert runner.invoke(app, args).exit_code == 0
    assert runner.invoke(app, [*args, "--fail-on", "warning"]).exit_code == 1
    assert runner.invoke(app, ["check", str(seed_path), "--fail-on", "never"]).exit_code == 0


def test_unreadable_input_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "missing.txt")])
    assert result.exit_code == 2
    assert "missing.txt" in result.stderr and "Traceback" not in result.output


def test_unknown_rule_exit_2_with_clear_line(seed_path: Path) -> None:
    result = runner.invoke(app, ["check", str(seed_path), "--select", "VAL999"])
    assert result.exit_code == 2
    assert "VAL999" in result.stderr and "auditor rules" in result.stderr
    assert "Traceback" not in result.output


def test_bad_config_file_exit_2(seed_path: Path, tmp_path: Path) -> None:
    (tmp_path / "auditor.toml").write_text("profile = [\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(seed_path)])
    assert result.exit_code == 2 and "auditor.toml" in result.stderr


def test_write_baseline_then_clean_run(seed_path: Path, tmp_path: Path) -> None:
    baseline = tmp_path / "accepted.json"
    first = runner.invoke(app, ["check", str(seed_path), "--select", "VAL", "--write-baseline", str(baseline)])
    assert first.exit_code == 0 and baseline.is_file()
    again = runner.invoke(app, ["check", str(seed_path), "--select", "VAL", "--baseline", str(baseline)])
    assert again.exit_code == 0
    assert "共 0 条发现" in again.stdout and "基线已接受并隐藏" in again.stdout


def test_rules_lists_every_rule() -> None:
    result = runner.invoke(app, ["rules"])
    assert result.exit_code == 0
    for code in ("VAL001", "VAL010", "IND003", "FRM004", "FND008"):
        assert code in result.stdout
    data = json.loads(runner.invoke(app, ["rules", "--format", "json"]).stdout)
    val001 = next(r for r in data if r["code"] == "VAL001")
    assert val001["category"] == "unit_mismatch" and val001["active"] is True


def test_explain_shows_bad_and_good_example() -> None:
    result = runner.invoke(app, ["explain", "VAL001"])
    assert result.exit_code == 0
    out = result.stdout
    assert "value-unit-mismatch (VAL001)" in out and "unit_mismatch" in out
    assert "反例" in out and "≤4次" in out and "正例" in out and "≥90%" in out
    by_name = runner.invoke(app, ["explain", "value-unit-mismatch"])
    assert by_name.exit_code == 0


def test_explain_unknown_exit_2() -> None:
    result = runner.invoke(app, ["explain", "XYZ123"])
    assert result.exit_code == 2 and "XYZ123" in result.stderr
