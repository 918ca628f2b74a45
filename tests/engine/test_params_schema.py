"""Rule params are validated at load against a schema per rule; a rules file needs ``rules:``."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli.app import app
from auditor.engine import Options, run
from auditor.engine.cases import build_document
from auditor.errors import ConfigError

CASE = {"rows": [["满意度指标", "服务对象满意度", "群众满意度", "≥90%", "≥90%"]]}


def test_wrong_type_is_a_config_error_naming_the_rule() -> None:
    with pytest.raises(ConfigError, match=r"命令行: 规则 VAL009 的参数 min_rates 类型不对.*'abc'"):
        run([build_document(CASE)], Options(no_config=True, params={"VAL009": {"min_rates": "abc"}}))
    with pytest.raises(ConfigError, match=r"规则 VAL009 没有参数 nope"):
        run([build_document(CASE)], Options(no_config=True, params={"VAL009": {"nope": 1}}))
    # the right type (an int where the default is an int) passes
    run([build_document(CASE)], Options(no_config=True, select=["VAL009"], params={"VAL009": {"min_rates": 2}}))


def test_config_file_with_a_bad_param_exits_2_naming_the_file(tmp_path: Path, seed_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "auditor.toml").write_text('params = {VAL009 = {min_rates = "abc"}}\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(app, ["check", str(seed_path), "--select", "VAL009"])
    assert result.exit_code == 2
    assert "auditor.toml: 规则 VAL009 的参数 min_rates" in result.output and "Traceback" not in result.output


def test_rules_file_without_rules_key_is_an_error(tmp_path: Path) -> None:
    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "typo.yaml").write_text("rule:\n  - code: TST001\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"typo\.yaml: 规则文件缺少“rules:”"):
        run([build_document(CASE)], Options(no_config=True, rule_paths=[str(folder)]))
