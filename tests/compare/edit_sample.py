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


# The planned edits of the bundled sample (project, indicator, new value): what a unit revises
# after reading its 整改清单, and what it breaks on the way.
REVISION_VALUES = (
    ("党政大楼喷泉升级改造项目", "材料", "≤50000元"),  # fixes VAL001 (and IND002: a cost is measured)
    ("关于追加档案馆临时性过渡搬迁相关费用", "效率提升", "≥10%"),  # fixes VAL006
    ("更换自来水主管道、水泵及其控制柜配件项目", "节水率", "≥5%"),  # fixes VAL006
    ("儿童医院电力系统改造工程工程设计监理费项目", "设计人员", "≤13000元"),  # fixes VAL001
    ("公务接待费项目", "高效集约", "明显"),  # introduces VAL006
    ("升级改造二层多功能会议室改造工程项目", "电视电话所需设备", ""),  # introduces VAL007
    ("后勤保障经费项目", "后勤保障人数", "≥2000元"),  # introduces VAL001
)
REVISION_RENAMES = (
    ("党政大楼喷泉升级改造项目", "党政大楼喷泉设施升级改造项目"),
    ("儿童医院电力系统改造工程工程设计监理费项目", "儿童医院电力改造设计监理费用项目"),
)


def revise(doc: Document, text: str) -> str:
    """The revised copy: REVISION_VALUES written, then the forms of REVISION_RENAMES renamed."""
    editor = Editor.open(doc, text)
    for project, level3, value in REVISION_VALUES:
        editor.set_value(project, level3, value)
    for project, name in REVISION_RENAMES:
        editor.rename(project, name)
    return editor.text()


YEAR_FUNDS = (("公务接待费项目", 1.5), ("后勤保障经费项目", 1.3))  # funds up 50 % / 30 %
YEAR_VALUES = (
    ("后勤保障经费项目", "后勤保障人数", "≤150人"),  # funds up and a target moved: not copied
    ("后勤保障经费项目", "各项工作得到有效保障", "≥98%"),  # raised: not lowered
    ("更换自来水主管道、水泵及其控制柜配件项目", "群众满意度", "90%"),  # 98% -> 90%: lowered
)
YEAR_DROPPED = "市委、市政府领导临时用房项目"
YEAR_COPIED = ("公务用车管理平台保障项目", "机关食堂燃气管道改造项目")  # a new project (a copy)


def next_year(doc: Document, text: str) -> str:
    """The next budget year: funds changed, one target lowered, one project dropped, one new."""
    editor = Editor.open(doc, text)
    for project, factor in YEAR_FUNDS:
        editor.scale_funds(project, factor)
    for project, level3, value in YEAR_VALUES:
        editor.set_value(project, level3, value)
    editor.delete_form(YEAR_DROPPED)
    editor.copy_form(*YEAR_COPIED)
    return editor.text()
