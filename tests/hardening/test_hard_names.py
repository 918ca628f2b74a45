"""Case 1: file names that are not valid UTF-8 (GBK bytes from a Windows zip) or hold a newline."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

GBK_NAME = os.fsdecode("工作计划".encode("gbk") + b".txt")  # undecodable bytes → surrogates


@pytest.fixture
def gbk_folder(tmp_path: Path, small_text: bytes) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / GBK_NAME).write_bytes(small_text)
    (folder / "good.txt").write_bytes(small_text)
    return folder


def test_gbk_named_file_is_audited_and_every_output_is_utf8(gbk_folder: Path, tmp_path: Path, cli):
    out = tmp_path / "out"
    run = cli("audit", gbk_folder, "-o", out, "-q")
    assert run.code == 1, run.stderr.decode("utf-8", "replace")  # the 3 forms have error findings
    assert b"Traceback" not in run.stderr
    run.stdout.decode("utf-8")
    data = json.loads((out / "findings.json").read_bytes().decode("utf-8"))
    files = {Path(i["file"]).name: i["forms"] for i in data["inputs"]}
    shown = "工作计划".encode("gbk").decode("utf-8", "backslashreplace") + ".txt"  # \xb9\xa4…
    assert files == {shown: 3, "good.txt": 3}
    assert len(data["projects"]) == 6  # nothing lost: both files' three forms
    html = (out / "report.html").read_bytes().decode("utf-8")
    assert "\\xb9\\xa4" in html
    (out / "indicators.csv").read_bytes().decode("utf-8-sig")
    from openpyxl import load_workbook

    ws = load_workbook(out / "整改清单.xlsx")["整改清单"]
    ids = {row[3] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert any(str(i).startswith("\\xb9\\xa4") for i in ids)


def test_check_json_and_audit_stdout_are_valid_utf8(gbk_folder: Path, cli):
    run = cli("check", "-f", "json", gbk_folder)
    assert run.code == 1 and b"Traceback" not in run.stderr
    data = json.loads(run.stdout.decode("utf-8"))
    assert sum(i["forms"] for i in data["inputs"]) == 6
    run = cli("audit", gbk_folder, "-o", "-")
    assert run.code == 1 and b"Traceback" not in run.stderr
    assert len(json.loads(run.stdout.decode("utf-8"))["projects"]) == 6


def test_newline_in_a_file_name_keeps_the_error_on_one_line(tmp_path: Path, small_text: bytes, cli):
    (tmp_path / "bad\nname.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_bytes(small_text)
    run = cli("check", tmp_path)
    assert run.code == 2
    lines = [ln for ln in run.err_lines if ln.startswith("auditor:")]
    assert len(lines) == 1 and "bad\\nname.txt" in lines[0] and "空文件" in lines[0], run.err_lines
    assert not any(ln.startswith("name.txt") for ln in run.err_lines)
