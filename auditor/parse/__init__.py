"""Parser for the PDF-extracted text layout (TAB-separated cells) of published budget documents.

``parse_lines`` is the one entry point every reader uses: text files pass their lines, the PDF and
XLSX readers turn their tables into the same TAB-separated rows first.
"""

from __future__ import annotations

from collections.abc import Sequence

from auditor.model import Document
from auditor.parse.budget import BudgetTableParser, is_budget_title
from auditor.parse.form import ProjectFormParser
from auditor.parse.layout import Layout, label_key, layout, tokens_of
from auditor.parse.unit_form import UnitFormParser

__all__ = ["form_title_kind", "parse_lines", "parse_text"]


def form_title_kind(lay: Layout, line: str) -> str | None:
    """'project' or 'unit' when the line is a form title, else None."""
    if "\t" in line.strip() or len(line) > lay.max_title_length or "表" not in line:
        return None
    key = label_key(line)
    if not key.endswith(("表", "表)")):
        return None
    if any(title in key for title in lay.title_unit):
        return "unit"
    if any(title in key for title in lay.title_project):
        return "project"
    return None


def parse_lines(lines: Sequence[str], file: str, name: str) -> Document:
    """Parse the lines of one document into a :class:`Document` (forms in document order)."""
    lay = layout()
    doc = Document(path=file, name=name)
    current: ProjectFormParser | UnitFormParser | None = None
    budget: BudgetTableParser | None = None
    ordinal = 0

    def close(at_eof: bool = False) -> None:
        nonlocal current
        if current is not None:
            doc.forms.append(current.finish(at_eof))
            current = None

    for index, raw in enumerate(lines):
        line_no = index + 1
        if not raw or raw.isspace():
            continue
        kind = form_title_kind(lay, raw)
        if kind is not None:
            close()
            budget = None
            doc.headers_found += 1
            ordinal += 1
            form_id = f"{name}#{ordinal}"
            parser_cls = UnitFormParser if kind == "unit" else ProjectFormParser
            current = parser_cls(lay, form_id, file, line_no)
            continue
        if current is not None:
            if not current.feed(line_no, tokens_of(raw)):
                close()
            continue
        if budget is not None:
            if budget.feed(line_no, tokens_of(raw)):
                continue
            budget = None
        if doc.budget_table is None and is_budget_title(lay, raw):
            budget = BudgetTableParser(lay, raw, line_no)
            doc.budget_table = budget.table
    if current is not None and not current.seen_footer:
        doc.truncated_at = current.last_line
    close(at_eof=True)
    for form in doc.forms:
        doc.warnings.extend(form.warnings)
    return doc


def parse_text(text: str, file: str, name: str) -> Document:
    """Parse a whole decoded text (lines separated by newlines)."""
    return parse_lines(text.splitlines(), file, name)
