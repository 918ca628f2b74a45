"""Writing the report folder in two processes (a forked child) gives the files of one process."""

from __future__ import annotations

import errno
import os
import zipfile
from pathlib import Path

import pytest

from auditor.report.audit import _lanes, write_reports

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork: POSIX only")

ALL = ["html", "xlsx", "json", "csv", "parquet"]


@pytest.fixture(scope="module")
def both(seed_audit, tmp_path_factory):
    one, two = tmp_path_factory.mktemp("one"), tmp_path_factory.mktemp("two")
    timings: dict[str, float] = {}
    write_reports(seed_audit, one, ALL, large=True, parallel=False)
    write_reports(seed_audit, two, ALL, large=True, parallel=True, timings=timings)
    return one, two, timings


def test_the_lanes_share_the_work_and_keep_parquet_here():
    mine, theirs = _lanes(ALL)
    assert sorted(mine + theirs) == sorted(ALL) and "parquet" in mine and "csv" in mine
    assert theirs == ["html", "xlsx"]  # the 整改清单 (the dearest) and report.html go to the child
    assert _lanes(["json"]) == (["json"], [])


def test_two_processes_write_the_same_files(both):
    import pyarrow.parquet as pq

    one, two, timings = both
    for name in ("findings.json", "indicators.csv"):
        assert (one / name).read_bytes() == (two / name).read_bytes()
    a, b = zipfile.ZipFile(one / "整改清单.xlsx"), zipfile.ZipFile(two / "整改清单.xlsx")
    assert a.namelist() == b.namelist()
    assert all(a.read(n) == b.read(n) for n in a.namelist() if n != "docProps/core.xml")  # core: a timestamp
    for table in ("projects", "findings", "indicators", "groups", "departments"):
        assert pq.read_table(one / "parquet" / f"{table}.parquet").equals(pq.read_table(two / "parquet" / f"{table}.parquet"))
    pages = sorted(p.name for p in (one / "departments").iterdir())
    assert pages and pages == sorted(p.name for p in (two / "departments").iterdir())
    # the child's outputs are timed too
    assert set(timings) == {"report.html", "整改清单.xlsx", "findings.json", "indicators.csv", "parquet"}


def test_an_output_failing_in_the_child_is_raised_and_leaves_no_temporary_file(seed_audit, tmp_path: Path, monkeypatch):
    from auditor.report import xlsx_stream

    rows = xlsx_stream._rows_xml

    def disk_full(sheet):
        yield next(iter(rows(sheet)))
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsx_stream, "_rows_xml", disk_full)  # the 整改清单 is written by the child
    assert _lanes(["xlsx", "json", "parquet"]) == (["json", "parquet"], ["xlsx"])
    with pytest.raises(OSError) as caught:
        write_reports(seed_audit, tmp_path, ["xlsx", "json", "parquet"], large=True, parallel=True)
    assert caught.value.errno == errno.ENOSPC
    # the other outputs are whole, the 整改清单 was never put in place, nothing half-written is left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["findings.json", "parquet"]
    assert (tmp_path / "findings.json").read_text(encoding="utf-8").rstrip().endswith("}")
