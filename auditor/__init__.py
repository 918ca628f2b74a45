"""auditor — audit the quality of Chinese budget performance indicators (预算绩效指标).

Public API::

    import auditor
    doc = auditor.load("corpora/xiaoyi-2025.txt")   # -> auditor.model.Document
    doc.forms[0].indicators                           # typed rows
    doc.indicators_frame()                            # tidy pandas DataFrame

    from auditor import pipeline                      # what the commands run
    audit = pipeline.audit(["corpora/xiaoyi-2025.txt"])   # -> auditor.result.AuditResult (scored)
    run = pipeline.check(["corpora/xiaoyi-2025.txt"])     # -> auditor.result.CheckRun (findings)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from pathlib import Path

    from auditor.model import Document

__all__ = ["__version__", "load"]


def load(path: str | Path) -> Document:
    """Read one input file (published text, tidy CSV/XLSX, ...) into a :class:`Document`.

    Raises :class:`auditor.errors.InputError` with one clear line when the input cannot be read.
    """
    from auditor.ingest import read_document

    return read_document(path)
