"""Findings on PDF and XLSX inputs carry a location in the input's own terms (page; sheet and row)."""

from __future__ import annotations

from auditor.engine import Options
from auditor.model import Document
from auditor.pipeline import check


def _first_placeholder(doc: Document):
    run = check(documents=[doc], options=Options(select=["IND001"], no_config=True))
    return min(run.check.all_findings(), key=lambda f: f.line or 0)


def test_pdf_finding_names_its_page(pdf_doc: Document) -> None:
    hit = _first_placeholder(pdf_doc)
    assert hit.location is not None and hit.location.page == int(pdf_doc.locations[hit.line - 1][1:])
    assert hit.location.label() == f"第 {hit.location.page} 页"
    row = next(f for f in pdf_doc.forms if f.form_id == hit.form_id).indicators[hit.indicator]
    assert row.level3 == hit.level3


def test_xlsx_finding_names_its_sheet_and_row(xlsx_doc: Document) -> None:
    hit = _first_placeholder(xlsx_doc)
    sheet, _, row = xlsx_doc.locations[hit.line - 1].rpartition("!")
    assert hit.location is not None and (hit.location.sheet, hit.location.row) == (sheet, int(row))
    assert hit.location.label() == f"{sheet} 第 {row} 行"
