"""The console entry point and the shared YAML reader: bad data files give one line, exit 2."""

from __future__ import annotations

import pytest

from auditor.cli import app as app_module
from auditor.errors import ConfigError
from auditor.resources import read_yaml


def test_broken_yaml_names_file_and_line(tmp_path):
    path = tmp_path / "layout.yaml"
    path.write_text("fields:\n  project_name: [项目名称\n  department: x\n", encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        read_yaml(path)
    assert str(err.value).startswith(f"{path}:") and "YAML 格式错误" in str(err.value)


def test_missing_yaml_is_a_config_error(tmp_path):
    with pytest.raises(ConfigError, match="无法读取"):
        read_yaml(tmp_path / "absent.yaml")


def test_main_turns_a_config_error_into_one_line_and_exit_2(monkeypatch, capsys):
    def broken(**kwargs) -> None:  # main() calls app(standalone_mode=False)
        raise ConfigError("rules/layout.yaml:3: YAML 格式错误（expected ',' or ']'）")

    monkeypatch.setattr(app_module, "app", broken)
    with pytest.raises(SystemExit) as exit_info:
        app_module.main()
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert err == "auditor: rules/layout.yaml:3: YAML 格式错误（expected ',' or ']'）\n"
