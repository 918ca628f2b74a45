"""Usage errors end like every other failure: one Chinese line on stderr, exit 2, no file left."""

from __future__ import annotations

import sys

import pytest

from auditor.cli import app as app_module


def _run(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["auditor", *args])
    with pytest.raises(SystemExit) as exit_info:
        app_module.main()
    out = capsys.readouterr()
    return exit_info.value.code, out.out, out.err


@pytest.mark.parametrize(("args", "expected"), [
    (["parse", "x.txt", "--format", "zz"],
     "auditor: --format / -f 的值不对：“zz”不是可选的值（可选：'jsonl', 'csv', 'xlsx'）（用法见 auditor parse --help）\n"),
    (["audit", "--preveiw"],
     "auditor: 没有 --preveiw 这个选项，是否想用 --no-preview、--preview（用法见 auditor audit --help）\n"),
    (["compare", "old"], "auditor: 缺少参数 NEW（用法见 auditor compare --help）\n"),
    (["frobnicate"], "auditor: 用法错误：没有“frobnicate”这个命令（用法见 auditor --help）\n"),
])
def test_usage_errors_are_one_chinese_line_and_exit_2(monkeypatch, capsys, args, expected):
    code, out, err = _run(monkeypatch, capsys, *args)
    assert (code, out, err) == (2, "", expected)


def test_help_and_version_still_exit_0(monkeypatch, capsys):
    code, out, _ = _run(monkeypatch, capsys, "--version")
    assert code == 0 and out.startswith("auditor ")
    code, out, _ = _run(monkeypatch, capsys, "compare", "--help")
    assert code == 0 and "compare" in out


def test_parse_of_an_unreadable_file_leaves_no_empty_output(monkeypatch, capsys, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    target = tmp_path / "o.csv"
    code, _, err = _run(monkeypatch, capsys, "parse", str(empty), "-o", str(target), "-f", "csv")
    assert code == 2 and not target.exists()
    assert err.splitlines() == [f"auditor: {empty}: 空文件（0 字节）", f"auditor: 没有读出任何表单，未写入 {target}"]
    assert list(tmp_path.iterdir()) == [empty]  # no temporary file either
