"""Case 6: nothing good is lost silently (links, unreadable folders, missing paths, stray bytes,
broken tidy CSV rows)."""

from __future__ import annotations

import json
import os
from pathlib import Path

from auditor.errors import InputError


def _read_all(*paths: Path) -> tuple[list, list[InputError]]:
    from auditor.ingest import iter_documents

    items = list(iter_documents(list(paths)))
    return [i for i in items if not isinstance(i, InputError)], [i for i in items if isinstance(i, InputError)]


def test_a_symlinked_folder_is_followed_and_a_loop_is_not(tmp_path: Path, small_text: bytes):
    real = tmp_path / "real"
    real.mkdir()
    (real / "small.txt").write_bytes(small_text)
    (real / "loop").symlink_to(tmp_path / "in")  # in/link/loop → in: a cycle
    given = tmp_path / "in"
    given.mkdir()
    (given / "link").symlink_to(real)
    docs, errors = _read_all(given)
    assert [len(d.forms) for d in docs] == [3] and errors == []


def test_an_unreadable_sub_folder_is_reported(tmp_path: Path, small_text: bytes, monkeypatch):
    (tmp_path / "a.txt").write_bytes(small_text)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_bytes(small_text)
    scandir = os.scandir

    def denied(path="."):  # root reads everything: simulate EACCES of a folder without x/r right
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    docs, errors = _read_all(tmp_path)
    assert len(docs) == 1
    assert [e.file for e in errors] == [str(locked)] and "文件夹" in errors[0].message


def test_an_unreadable_sub_folder_is_reported_with_jobs_and_walked_once(tmp_path: Path, small_text: bytes,
                                                                         monkeypatch):
    """``--jobs``: the locked sub-folder is reported as on the one-process path, and each folder is
    listed once (not once to size the pool, once to count and once to read)."""
    from auditor.pipeline import audit

    (tmp_path / "a.txt").write_bytes(small_text)
    (tmp_path / "c.txt").write_bytes(small_text)
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "b.txt").write_bytes(small_text)
    scandir = os.scandir
    listed: list[Path] = []

    def denied(path="."):
        listed.append(Path(path))
        if Path(path) == locked:
            raise PermissionError(13, "Permission denied", str(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denied)
    result = audit([tmp_path], jobs=2)
    assert listed.count(tmp_path) == 1
    assert [i.file for i in result.inputs] == [str(tmp_path / "a.txt"), str(tmp_path / "c.txt"), str(locked)]
    # the one line of the one-process path (test above)
    assert result.inputs[2].forms == 0 and result.inputs[2].errors == [str(_read_all(locked.parent)[1][0])]
    assert len(result.projects) == 6


def test_audit_of_a_missing_and_a_good_file_audits_the_good_one(tmp_path: Path, small_text: bytes, cli):
    good = tmp_path / "good.txt"
    good.write_bytes(small_text)
    out = tmp_path / "out"
    run = cli("audit", tmp_path / "missing.txt", good, "-o", out, "-q")
    assert run.code == 2
    assert run.err_lines == [f"auditor: {tmp_path / 'missing.txt'}: 文件不存在"]
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    assert len(data["projects"]) == 3


def test_a_stray_ff_byte_in_utf8_keeps_the_forms_and_names_the_line(tmp_path: Path, small_text: bytes):
    from auditor.ingest import read_document

    lines = small_text.split(b"\n")
    n = next(i for i, ln in enumerate(lines) if "项目概况".encode() in ln)
    lines[n] = lines[n].replace("针对".encode(), "针".encode() + b"\xff" + "对".encode(), 1)
    path = tmp_path / "stray.txt"
    path.write_bytes(b"\n".join(lines))
    doc = read_document(path)
    assert len(doc.forms) == 3
    assert any(f"第 {n + 1} 行" in w and "UTF-8" in w for w in doc.warnings), doc.warnings
    assert "\ufffd" in doc.forms[0].texts.overview


def _tidy_lines(frame, tmp_path: Path) -> list[str]:
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    return path.read_text(encoding="utf-8").splitlines()


def test_tidy_csv_unbalanced_quote_is_reported_with_its_line(tmp_path: Path, small_frame):
    from auditor.ingest import read_document

    lines = _tidy_lines(small_frame, tmp_path)
    first = small_frame["level3"].iloc[0]
    lines[1] = lines[1].replace(f",{first},", f',"{first},', 1)
    path = tmp_path / "quote.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path)
    assert any(":2" in w and "引号" in w for w in doc.warnings), doc.warnings
    names = [i.level3 for f in doc.forms for i in f.indicators]
    assert len(names) == len(small_frame) - 1  # the broken row only
    assert names == list(small_frame["level3"].iloc[1:])


def test_tidy_csv_ragged_row_is_reported_with_its_line(tmp_path: Path, small_frame):
    import csv
    import io

    from auditor.ingest import read_document

    lines = _tidy_lines(small_frame, tmp_path)
    cells = next(csv.reader([lines[3]]))[:-8]  # a row cut short: its last 8 cells missing
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    lines[3] = buf.getvalue()
    path = tmp_path / "ragged.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    doc = read_document(path)
    assert any(":4" in w and "列" in w for w in doc.warnings), doc.warnings
    assert sum(len(f.indicators) for f in doc.forms) == len(small_frame)
