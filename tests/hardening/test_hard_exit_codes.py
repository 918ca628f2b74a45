"""Case 8: every command with bad arguments ends in exit 2 and one line, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

GBK = "规则".encode("gbk") * 3


@pytest.fixture
def files(tmp_path: Path, small_text: bytes) -> dict[str, Path]:
    (tmp_path / "small.txt").write_bytes(small_text)
    (tmp_path / "gbk.json").write_bytes(b'{"entries": ["' + GBK + b'"]}')
    (tmp_path / "gbk.toml").write_bytes(b'select = ["' + GBK + b'"]\n')
    return {"small": tmp_path / "small.txt", "gbk_json": tmp_path / "gbk.json",
            "gbk_toml": tmp_path / "gbk.toml", "tmp": tmp_path}


# (argv with {placeholders}, a word of the one line)
BAD = [
    ("check {small} --baseline {gbk_json}", "UTF-8"),
    ("check {small} --config {gbk_toml}", "UTF-8"),
    ("audit {small} --baseline {gbk_json} -o {tmp}/o1", "UTF-8"),
    ("audit {small} --config {gbk_toml} -o {tmp}/o2", "UTF-8"),
    ("parse {small} -o /nonexistent/x.jsonl", "/nonexistent/x.jsonl"),
    ("parse {small} -f csv -o /nonexistent/x.csv", "/nonexistent/x.csv"),
    ("parse {small} -f xlsx -o /nonexistent/x.xlsx", "/nonexistent/x.xlsx"),
    ("parse {small} -o /dev/full", "/dev/full"),
    ("parse {small} -f bogus", "bogus"),
    ("parse {small} -f xlsx", "-o"),
    ("parse", "paths"),
    ("check {small} -f yaml", "yaml"),
    ("check {small} --select NOPE999", "NOPE999"),
    ("check {small} --fail-on sometimes", "sometimes"),
    ("check {small} --write-baseline /nonexistent/b.json", "/nonexistent/b.json"),
    ("check {small} -o /dev/full", "/dev/full"),
    ("check", "files"),
    ("check --no-such-option {small}", "--no-such-option"),
    ("audit {small} -f pdf", "pdf"),
    ("audit {small} -o /dev/full/x", "/dev/full/x"),
    ("audit {tmp}/missing.txt", "missing.txt"),
    ("audit {small} --profile nope", "nope"),
    ("stats {small} -o /dev/full/x", "/dev/full/x"),
    ("stats {tmp}/missing.txt", "missing.txt"),
    ("rules -f yaml", "yaml"),
    ("rules --profile nope", "nope"),
    ("explain NOPE999", "NOPE999"),
    ("train --folds 1", "--folds"),
    ("nosuchcommand", "nosuchcommand"),
]


@pytest.mark.parametrize(("argv", "word"), BAD, ids=[a for a, _ in BAD])
def test_bad_arguments_end_in_exit_2_and_one_line(argv: str, word: str, files, cli):
    args = [part.format(**files) for part in argv.split()]
    run = cli(*args)
    err = run.stderr.decode("utf-8")
    assert "Traceback" not in err, err
    assert run.code == 2, (run.code, err)
    errors = [ln for ln in run.err_lines if ln.startswith("auditor: ")]
    assert len(errors) == 1 and word in errors[0], run.err_lines
    # any other line is the informational summary of an input that was read (parse)
    assert all("找到表头" in ln for ln in run.err_lines if not ln.startswith("auditor: ")), run.err_lines
