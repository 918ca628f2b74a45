"""Case 7: resource guards hold before the work; the per-file time limit cannot be swallowed."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import pytest

from auditor.errors import InputError
from auditor.ingest.limits import Limits


@pytest.fixture
def tidy_xlsx(tmp_path: Path, small_frame) -> Path:
    from auditor.tidy import write_xlsx_rows

    path = tmp_path / "tidy.xlsx"
    write_xlsx_rows(str(path), "indicators", list(small_frame.columns), small_frame.itertuples(index=False))
    return path


def test_many_small_bombed_entries_are_refused(tidy_xlsx: Path):
    from auditor.ingest import read_document

    with zipfile.ZipFile(tidy_xlsx, "a", zipfile.ZIP_DEFLATED) as zf:
        for i in range(120):  # 120 × 1,000,000 zero bytes: each under 1 MiB, ~1000:1 each
            zf.writestr(f"xl/media/pad{i}.bin", bytes(1_000_000))
    with pytest.raises(InputError, match="压缩炸弹"):
        read_document(tidy_xlsx)


def test_sheet_dimension_is_checked_before_loading(tmp_path: Path, monkeypatch):
    import openpyxl

    from auditor.ingest import read_document

    wb = openpyxl.Workbook()
    ws = wb.active
    for r in range(1, 61):
        ws.append([f"r{r}c{c}" for c in range(1, 21)])  # 1200 cells
    path = tmp_path / "big.xlsx"
    wb.save(path)
    loaded = []

    def load(*args, **kwargs):
        loaded.append(args)
        raise AssertionError("loaded")

    monkeypatch.setattr(openpyxl, "load_workbook", load)
    monkeypatch.setattr(openpyxl.reader.excel, "load_workbook", load)
    with pytest.raises(InputError, match="表格过大") as exc:
        read_document(path, Limits(max_sheet_cells=1000))
    assert "A1:T60" in str(exc.value) and loaded == []


def test_workbooks_are_read_in_read_only_mode(tidy_xlsx: Path, monkeypatch):
    import openpyxl

    from auditor.ingest.xlsx_form import read_xlsx

    modes = []
    real = openpyxl.reader.excel.load_workbook

    def spy(*args, **kwargs):
        modes.append(kwargs.get("read_only", False))
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", spy)
    monkeypatch.setattr(openpyxl.reader.excel, "load_workbook", spy)
    assert len(read_xlsx(tidy_xlsx, Limits()).forms) == 3  # in-process: the spy sees the call
    assert modes and all(modes)


def test_time_limit_holds_when_a_reader_swallows_the_alarm(tidy_xlsx: Path, monkeypatch):
    from auditor.ingest import read_document, xlsx_form

    def stubborn(path, limits, deadline=None):  # like a finalizer that eats every exception
        end = time.monotonic() + 4
        while time.monotonic() < end:
            try:  # noqa: SIM105 - the point: a handler that eats the alarm
                time.sleep(0.01)
            except BaseException:
                pass
        raise InputError(str(path), "not stopped")

    monkeypatch.setattr(xlsx_form, "read_xlsx", stubborn)
    start = time.monotonic()
    with pytest.raises(InputError, match="超时"):
        read_document(tidy_xlsx, Limits(file_seconds=0.5))
    assert time.monotonic() - start < 3.5
