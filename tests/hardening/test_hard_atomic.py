"""Case 4: outputs are written atomically (a failed or killed write keeps the previous report) and
one output folder has one writer at a time."""

from __future__ import annotations

import errno
import json
from pathlib import Path

import pytest


@pytest.fixture(scope="module")
def small_audit(tmp_path_factory, small_text: bytes):
    from auditor.pipeline import audit as run_audit

    path = tmp_path_factory.mktemp("atomic") / "small.txt"
    path.write_bytes(small_text)
    return run_audit([path], suggestions=False)


def _disk_full(*args, **kwargs):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_csv_write_failing_midway_keeps_the_previous_file(small_audit, tmp_path: Path, monkeypatch):
    from auditor.report import indicators_csv
    from auditor.report.audit import write_reports

    write_reports(small_audit, tmp_path, ["csv"])
    before = (tmp_path / "indicators.csv").read_bytes()
    rows = indicators_csv.iter_rows

    def half(audit, grammar=None):
        for i, row in enumerate(rows(audit, grammar)):
            if i == 5:
                _disk_full()
            yield row

    monkeypatch.setattr(indicators_csv, "iter_rows", half)
    with pytest.raises(OSError):
        write_reports(small_audit, tmp_path, ["csv"])
    assert (tmp_path / "indicators.csv").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(".")) == ["indicators.csv"]


def test_xlsx_and_json_writes_failing_midway_keep_the_previous_files(small_audit, tmp_path: Path, monkeypatch):
    from openpyxl.writer import excel

    from auditor.report.audit import write_reports

    write_reports(small_audit, tmp_path, ["xlsx", "json"])
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    monkeypatch.setattr(excel.ExcelWriter, "write_worksheet", _disk_full)
    with pytest.raises(OSError):
        write_reports(small_audit, tmp_path, ["xlsx"])
    # an encoding failure while writing (findings.json is encoded item by item)
    monkeypatch.setattr(json.JSONEncoder, "encode", lambda *a, **k: "\ud800")
    with pytest.raises(UnicodeEncodeError):
        write_reports(small_audit, tmp_path, ["json"])
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_a_second_writer_into_the_same_folder_is_refused(tmp_path: Path, small_text: bytes, cli):
    from auditor.safety import output_lock

    src = tmp_path / "small.txt"
    src.write_bytes(small_text)
    out = tmp_path / "out"
    with output_lock(out):
        run = cli("audit", src, "-o", out, "-q")
        assert run.code == 2 and len(run.err_lines) == 1
        assert "正在写入" in run.err_lines[0]
        assert not (out / "findings.json").exists()
    assert cli("audit", src, "-o", out, "-q").code == 1  # free again after the first writer ends
    assert (out / "findings.json").is_file()


def test_atomic_write_never_replaces_a_device(tmp_path: Path):
    from auditor.safety import atomic_write

    with pytest.raises(OSError), atomic_write(Path("/dev/full")) as fh:
        fh.write(b"x" * 100_000)
    assert Path("/dev/full").is_char_device()
    target = tmp_path / "a.txt"
    with atomic_write(target, "w", encoding="utf-8") as fh:
        fh.write("一")
    assert target.read_text(encoding="utf-8") == "一" and list(tmp_path.iterdir()) == [target]
