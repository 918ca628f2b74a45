"""Side-by-side view of two cloned forms for report.html, computed at build time (difflib).

The output is escaped HTML (markupsafe): input text never becomes markup; only our own
``<del>``/``<ins>`` wrap the parts that differ.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from markupsafe import Markup, escape

from auditor.model import Form

TEXT_FIELDS = (("项目概况", "overview"), ("立项依据", "basis"), ("项目设立必要性", "necessity"),
               ("保证项目实施的制度、措施", "measures"), ("项目实施计划", "plan"))
MAX_CHARS = 600  # per field and side: a clone view, not a copy of the document


@dataclass(slots=True)
class FieldDiff:
    label: str
    left: Markup
    right: Markup
    ratio: float  # 0..1, 1 = identical


def _clip(text: str) -> str:
    return text if len(text) <= MAX_CHARS else text[:MAX_CHARS] + "…"


def mark(a: str, b: str) -> tuple[Markup, Markup, float]:
    """Both texts escaped, with what only ``a`` has in <del> and what only ``b`` has in <ins>."""
    a, b = _clip(a), _clip(b)
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    left: list[str] = []
    right: list[str] = []
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        x, y = str(escape(a[i1:i2])), str(escape(b[j1:j2]))
        if op == "equal":
            left.append(x)
            right.append(y)
            continue
        if x:
            left.append(f"<del>{x}</del>")
        if y:
            right.append(f"<ins>{y}</ins>")
    return Markup("".join(left)), Markup("".join(right)), sm.ratio()


def _texts(form: Form) -> list[tuple[str, str]]:
    out = [(label, getattr(form.texts, key)) for label, key in TEXT_FIELDS]
    out.append(("年度目标", form.goals.annual))
    if not form.annual_only:
        out.append(("实施期目标", form.goals.period))
    return out


def _indicator_lines(form: Form) -> str:
    return "\n".join(f"{i.level2} > {i.level3}：{i.annual_value or i.period_value}" for i in form.indicators)


def compare_forms(a: Form, b: Form, indicators: bool = False, min_ratio: float = 0.5) -> list[FieldDiff]:
    """The fields two forms share (ratio ≥ ``min_ratio``), each marked; ``indicators`` compares
    the indicator tables instead of the texts."""
    if indicators:
        left, right, ratio = mark(_indicator_lines(a), _indicator_lines(b))
        return [FieldDiff("绩效指标", left, right, ratio)]
    out = []
    for (label, x), (_, y) in zip(_texts(a), _texts(b), strict=True):
        if not x.strip() or not y.strip():
            continue
        left, right, ratio = mark(x, y)
        if ratio >= min_ratio:
            out.append(FieldDiff(label, left, right, ratio))
    return out
