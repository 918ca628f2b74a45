"""A small multi-document corpus cut from the bundled sample (session-scoped)."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.model import Document


def _cut(lines: list[str], doc: Document, first: int, last: int) -> str:
    """The sample's lines up to its first form, then the lines of project forms ``first..last``."""
    forms = [f for f in doc.forms if f.kind == "project"][first:last]
    head = lines[: doc.forms[0].source.line_start - 6]
    body = lines[forms[0].source.line_start - 6 : forms[-1].source.line_end + 1]
    return "\n".join(head + body) + "\n"


@pytest.fixture(scope="session")
def small_corpus(tmp_path_factory, seed_path: Path, seed_doc: Document) -> Path:
    """inbox/a/孝义-1.txt (sample forms 1–12), inbox/a/孝义-2.txt (forms 13–24), inbox/b/孝义-1.txt
    (a verbatim copy of the first: the same stem in another folder), inbox/b/空.txt (no form)."""
    lines = seed_path.read_text(encoding="utf-8").splitlines()
    root = tmp_path_factory.mktemp("scale") / "inbox"
    (root / "a").mkdir(parents=True)
    (root / "b").mkdir()
    first = _cut(lines, seed_doc, 0, 12)
    (root / "a" / "孝义-1.txt").write_text(first, encoding="utf-8")
    (root / "a" / "孝义-2.txt").write_text(_cut(lines, seed_doc, 12, 24), encoding="utf-8")
    (root / "b" / "孝义-1.txt").write_text(first, encoding="utf-8")
    (root / "b" / "空.txt").write_text("没有表格的文字\n", encoding="utf-8")
    return root


@pytest.fixture(scope="session")
def small_audit(small_corpus: Path):
    """The small corpus audited in one process."""
    from auditor.pipeline import audit as run_audit

    return run_audit([small_corpus], jobs=1)
