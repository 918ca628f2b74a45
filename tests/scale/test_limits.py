"""Input limits settable in auditor.toml ``[limits]`` and with ``--limit`` (issue 14)."""

from __future__ import annotations

from typer.testing import CliRunner

from auditor.cli.app import app


def _audit(*args: str):
    return CliRunner().invoke(app, ["audit", *args, "-f", "json", "-q", "--jobs", "1"])


def test_toml_limit_refuses_a_larger_text_file(small_corpus, tmp_path):
    config = tmp_path / "auditor.toml"
    config.write_text("[limits]\nmax_text_bytes = 1000\n", encoding="utf-8")
    result = _audit(str(small_corpus / "a" / "孝义-1.txt"), "--config", str(config), "-o", str(tmp_path / "r"))
    assert result.exit_code == 2
    assert "孝义-1.txt" in result.output and "超过上限 1000 字节" in result.output


def test_unknown_limit_is_one_line_error(small_corpus, tmp_path):
    result = _audit(str(small_corpus / "a"), "--no-config", "--limit", "max_pages=3", "-o", str(tmp_path / "r"))
    assert result.exit_code == 2 and "未知的限制项 max_pages" in result.output
    assert "Traceback" not in result.output
