"""Case 5: the tool's outputs never mix with its inputs."""

from __future__ import annotations

import json
from pathlib import Path


def test_auditing_the_current_folder_twice_skips_its_own_reports(tmp_path: Path, small_text: bytes, cli,
                                                                 monkeypatch):
    (tmp_path / "small.txt").write_bytes(small_text)
    monkeypatch.chdir(tmp_path)
    first = cli("audit", ".", "-q")
    assert first.code == 1
    written = [Path(line) for line in first.stdout.decode("utf-8").splitlines()]
    assert written and all(p.is_file() for p in written)
    second = cli("audit", ".", "-q")
    assert second.code == 1, second.err_lines
    data = json.loads(written[2].read_text(encoding="utf-8"))
    assert [Path(i["file"]).name for i in data["inputs"]] == ["small.txt"]


def test_an_input_named_like_an_output_is_never_overwritten(tmp_path: Path, small_frame, cli):
    src = tmp_path / "indicators.csv"
    small_frame.to_csv(src, index=False)
    before = src.read_bytes()
    run = cli("audit", tmp_path, "-o", tmp_path, "-q")
    assert run.code == 2 and len(run.err_lines) == 1, run.err_lines
    assert "indicators.csv" in run.err_lines[0] and "输入" in run.err_lines[0]
    assert src.read_bytes() == before
    assert not (tmp_path / "findings.json").exists()


def test_parse_output_over_its_input_is_refused(tmp_path: Path, small_text: bytes, cli):
    src = tmp_path / "small.txt"
    src.write_bytes(small_text)
    run = cli("parse", src, "-o", src)
    assert run.code == 2 and "输入" in run.err_lines[-1]
    assert src.read_bytes() == small_text
