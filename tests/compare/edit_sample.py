"""Derive edited copies of a parsed text document, as a unit would edit its forms.

Edits address a form by its project name and an indicator by its third-level name; the line to
change comes from the parse (``Indicator.line``, ``Form.field_lines``, ``Form.source``), so the
generator works on any text-layout document, not on fixed line numbers.

Used by ``tests/compare`` (the revised copy and the second budget year of the bundled sample)
and by ``scripts/make_compare_fixtures.py`` (writes them to a folder to try ``auditor compare``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from auditor.model import Document, Form


@dataclass
class Editor:
    """Line edits on a document's text; ``text()`` applies them."""

    doc: Document
    lines: list[str]
    deleted: set[int] = field(default_factory=set)  # 1-based line numbers
    inserted: dict[int, list[str]] = field(default_factory=dict)  # after line n

    @classmethod
    def open(cls, doc: Document, text: str) -> Editor:
        return cls(doc, text.split("\n"))

    def form(self, name: str, kind: str = "project") -> Form:
        found = [f for f in self.doc.forms if f.project_name == name and f.kind == kind]
        if len(found) != 1:
            raise LookupError(f"{len(found)} forms named {name!r}")
        return found[0]

    def _replace_cell(self, line: int, old: str, new: str, count: int = -1) -> None:
        cells = self.lines[line - 1].split("\t")
        hits = [i for i, c in enumerate(cells) if c.strip() == old]
        if not hits:
            raise LookupError(f"line {line}: no cell {old!r} in {cells!r}")
        for i in hits if count < 0 else hits[:count]:
            cells[i] = new
        self.lines[line - 1] = "\t".join(cells)

    def set_value(self, project: str, level3: str, new: str) -> tuple[str, str]:
        """Write ``new`` into both value cells of an indicator row; return the old (period, annual)."""
        form = self.form(project)
        rows = [i for i in form.indicators if i.level3 == level3]
        if len(rows) != 1:
            raise LookupError(f"{project}: {len(rows)} indicators named {level3!r}")
        ind = rows[0]
        old = (ind.period_value, ind.annual_value)
        cells = self.lines[ind.line - 1].split("\t")
        # the row reads: [一级] 二级 三级 实施期值 [二级 三级 年度值]; values follow the name cells
        for i in range(len(cells) - 1):
            if cells[i].strip() == level3 and cells[i + 1].strip() in old:
                cells[i + 1] = new
        self.lines[ind.line - 1] = "\t".join(cells)
        return old

    def rename(self, project: str, new_name: str) -> None:
        form = self.form(project)
        self._replace_cell(form.field_lines["project_name"], project, new_name, count=1)

    def scale_funds(self, project: str, factor: float) -> tuple[float, float]:
        """Multiply the form's fund totals (and the source lines carrying the same amounts)."""
        form = self.form(project)
        old = form.funds.annual_total or 0.0
        new = round(old * factor)
        start = form.funds.line or form.source.line_start
        amounts = {f"{x:,.0f}" for x in (form.funds.period_total, form.funds.annual_total) if x}
        for n in range(start, min(start + 7, len(self.lines) + 1)):
            cells = self.lines[n - 1].split("\t")
            self.lines[n - 1] = "\t".join(f"{new:,.0f}" if c.strip() in amounts else c for c in cells)
        return old, float(new)

    def delete_form(self, project: str) -> None:
        form = self.form(project)
        self.deleted.update(range(form.source.line_start, form.source.line_end + 1))

    def copy_form(self, project: str, new_name: str) -> None:
        """Insert a copy of a form right after it, under a new name (a project that appears)."""
        form = self.form(project)
        block = self.lines[form.source.line_start - 1: form.source.line_end]
        offset = form.field_lines["project_name"] - form.source.line_start
        cells = block[offset].split("\t")
        cells = [new_name if c.strip() == project else c for c in cells]
        block[offset] = "\t".join(cells)
        self.inserted.setdefault(form.source.line_end, []).extend(["", *block])

    def text(self) -> str:
        out: list[str] = []
        for n, line in enumerate(self.lines, start=1):
            if n not in self.deleted:
                out.append(line)
            out.extend(self.inserted.get(n, []))
        return "\n".join(out)
