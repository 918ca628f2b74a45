"""Fixtures for the hardening tests: three real forms of the bundled sample as a small text file
and as a tidy table, and a helper that runs the real entry point in-process."""

from __future__ import annotations

import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest

# the first three project forms of corpora/xiaoyi-2025.txt (title line of each form included)
FIRST_FORM_TITLE = "孝义市县(区)级预算部门(单位)项目支出绩效目标表"


@pytest.fixture(scope="session")
def small_text(seed_path: Path) -> bytes:
    """Three project forms of the sample, cut at the 1st and 4th form titles (UTF-8 bytes)."""
    lines = seed_path.read_text(encoding="utf-8").splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line.strip() == FIRST_FORM_TITLE]
    return "".join(lines[starts[0] : starts[3]]).encode("utf-8")


@pytest.fixture(scope="session")
def small_frame(tmp_path_factory, small_text: bytes):
    """The tidy table (schema.md) of the three forms."""
    from auditor.ingest import read_document
    from auditor.tidy import forms_to_frame

    path = tmp_path_factory.mktemp("small") / "small.txt"
    path.write_bytes(small_text)
    return forms_to_frame(read_document(path).forms)


@dataclass
class Run:
    code: int
    stdout: bytes
    stderr: bytes

    @property
    def err_lines(self) -> list[str]:
        return [ln for ln in self.stderr.decode("utf-8", "replace").splitlines() if ln.strip()]


class _Bytes(io.TextIOWrapper):
    """A strict UTF-8 text stream over bytes, like a real terminal or pipe in a UTF-8 locale."""


def run_main(args: Sequence[str]) -> Run:
    """Run ``auditor ARGS`` through the console entry point in-process, with strict UTF-8 streams
    (an unexpected exception is recorded as a traceback, exit code -1)."""
    import traceback

    from auditor.cli.app import main

    out, err = io.BytesIO(), io.BytesIO()
    sout = _Bytes(out, encoding="utf-8", errors="strict", write_through=True)
    serr = _Bytes(err, encoding="utf-8", errors="strict", write_through=True)
    code: int = 0
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sys, "argv", ["auditor", *args])
        mp.setattr(sys, "stdout", sout)
        mp.setattr(sys, "stderr", serr)
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException as exc:  # what a user would see as a traceback
            text = "".join(traceback.format_exception(exc))
            err.write(text.encode("utf-8", "backslashreplace"))
            code = -1
    return Run(code, out.getvalue(), err.getvalue())


@pytest.fixture
def cli():
    """``cli(*args)`` → :class:`Run` of the real entry point."""

    def run(*args: str | Path) -> Run:
        return run_main([str(a) for a in args])

    return run
