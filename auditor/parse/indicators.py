"""The indicator table of a project form: rows -> period and annual halves -> aligned indicators.

Each row of the printed table holds a period half (一级 / 二级 / 三级 / 指标值) and an annual half
(二级 / 三级 / 指标值). PDF extraction loses blank cells, shifts cells, and the annual half may list
the indicators in another order or cut their names short. So cells are recognised by vocabulary
(headings) and shape (values), not by position; positions only break ties. The annual half is then
aligned with the period half by name.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rapidfuzz import fuzz

from auditor.model import Indicator
from auditor.parse.layout import Layout, Token, label_key

# minimum rapidfuzz ratio for an annual name to count as the same indicator as a period name
_FUZZY_MATCH = 72.0


@dataclass(slots=True)
class HalfEntry:
    """One half of one printed row after carry-down."""

    level1: str
    level2: str
    name: str
    value: str
    line: int
    order: int  # row index within the table, to keep document order
    matched: bool = False


@dataclass(slots=True)
class _Half:
    level1: str = ""
    level2: str = ""
    xs: list[Token] = field(default_factory=list)
    spare_level2: str = ""  # a second, farther level-2 heading printed in the same half-row


def _similar(a: str, b: str) -> bool:
    """Names that denote the same indicator: equal, one a cut-short prefix of the other, or close."""
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    if len(short) >= 2 and long_.startswith(short):
        return True
    return fuzz.ratio(a, b) >= _FUZZY_MATCH


def _split_plain(layout: Layout, xs: list[Token]) -> int:
    """Where the annual half starts among name/value cells of a row with no heading to split on."""
    n = len(xs)
    if n <= 1:
        return n
    t = [x.text for x in xs]
    if n == 2:
        if _similar(t[0], t[1]):
            return 1
        return 2 if layout.looks_like_value(t[1]) else 1
    if n == 3:
        if _similar(t[0], t[2]):
            return 2
        if _similar(t[0], t[1]):
            return 1
        return 2 if layout.looks_like_value(t[1]) else 1
    # four or more: the annual half starts at the cell most like the period name, else midway
    for k in range(1, n):
        if not layout.looks_like_value(t[k]) and _similar(t[0], t[k]) and k >= n - k - 1:
            return k
    return n // 2


def _name_value(layout: Layout, xs: list[Token]) -> tuple[str, str]:
    """A half's name and value from its non-heading cells."""
    if not xs:
        return "", ""
    if len(xs) == 1:
        text = xs[0].text
        return ("", text) if layout.looks_like_value(text) else (text, "")
    name, value = xs[0].text, xs[-1].text
    middle = [x.text for x in xs[1:-1] if x.text != name]
    if middle:  # an extra cell: keep it with the name so nothing is lost
        name = name + " " + " ".join(middle)
    return name, value


class IndicatorTable:
    """Builds the indicators of one project form from its table rows."""

    def __init__(self, layout: Layout, header: list[Token]) -> None:
        self.layout = layout
        self.period: list[HalfEntry] = []
        self.annual: list[HalfEntry] = []
        self.warnings: list[str] = []
        # column where the annual half starts: the second 二级指标 heading cell
        level2_cols = [t.col for t in header if label_key(t.text) == "二级指标"]
        self.annual_col = level2_cols[1] if len(level2_cols) > 1 else None
        # a table with one 二级指标 and one 指标值 column has a single (annual) half, as in the
        # templates of many provinces; its values go to annual_value (schema.md: annual-only forms)
        value_cols = [t.col for t in header if label_key(t.text) == "指标值"]
        self.single_half = len(level2_cols) == 1 and len(value_cols) == 1
        self._p_level1 = self._p_level2 = ""
        self._a_level1 = self._a_level2 = ""
        self._rows = 0
        self._printed: list[tuple[int, int, _Half, _Half]] = []  # rows as split, before carry-down
        self._pending_level2 = ""

    # -- row classification -------------------------------------------------------------
    def _heading(self, text: str) -> tuple[str, str | None]:
        """('l1', None) for a level-1 heading, ('l2', parent) for a level-2 one, ('x', None) else."""
        lay = self.layout
        key = label_key(text)
        if key == lay.cost_heading:
            return "cost", None
        if key in lay.level1:
            return "l1", None
        parent = lay.level2_parent(text)
        if parent is not None:
            return "l2", parent
        return "x", None

    def is_heading(self, text: str) -> bool:
        """True when a cell is a level-1 or level-2 indicator heading."""
        return self._heading(text)[0] != "x"

    def add_row(self, line: int, tokens: list[Token]) -> None:
        """Add one printed row of the table."""
        order = self._rows
        self._rows += 1
        kinds = [self._heading(t.text) for t in tokens]
        # 成本指标 is level-1 only when a cost sub-heading (经济成本指标 …) follows it in the row
        for i, (kind, _) in enumerate(kinds):
            if kind == "cost":
                nxt = tokens[i + 1].text if i + 1 < len(tokens) else ""
                if self.layout.heading_key(nxt) in self.layout.cost_subheadings:
                    kinds[i] = ("l1", None)
                else:
                    kinds[i] = ("l2", "产出指标")
        period, annual = _Half(), _Half()
        current = period
        for tok, (kind, _parent) in zip(tokens, kinds, strict=True):
            if kind == "l1":
                if current is period and not period.xs:
                    period.level1, period.level2 = tok.text, ""
                else:  # a level-1 heading after names: shifted from the next row; keep as a cell
                    current.xs.append(tok)
                continue
            if kind == "l2":
                if current is period:
                    if (
                        not period.xs
                        and not period.level1
                        and self.annual_col is not None
                        and tok.col >= self.annual_col
                    ):  # the period half of this row is blank: the heading opens the annual half
                        current = annual
                        annual.level2 = tok.text
                        continue
                    if not period.xs and not period.level2:
                        period.level2 = tok.text
                        continue
                    if not period.xs and period.level2:
                        same = label_key(tok.text) == label_key(period.level2)
                        starts_annual = self.annual_col is not None and tok.col >= self.annual_col - 1
                        if same and not starts_annual:
                            period.xs.append(tok)  # a name equal to its heading (经济效益 / 经济效益)
                        elif same:
                            current = annual
                            annual.level2 = tok.text
                        else:  # two headings in a row: the nearer one applies, the other one next
                            period.spare_level2 = period.level2
                            period.level2 = tok.text
                        continue
                    current = annual
                    annual.level2 = tok.text
                    continue
                # in the annual half
                if (not annual.xs and not annual.level2) or (not annual.xs and label_key(tok.text) != label_key(annual.level2)):
                    annual.level2 = tok.text
                else:
                    annual.xs.append(tok)
                continue
            current.xs.append(tok)
        if self.single_half:  # one half only: a second heading is a shifted cell, keep it as one
            if annual.level2 or annual.xs:
                period.xs.extend(annual.xs)
                if not period.level2:
                    period.level2 = annual.level2
                annual = _Half()
        elif current is period:  # no heading split the halves: split the name/value cells
            k = _split_plain(self.layout, period.xs)
            period.xs, annual.xs = period.xs[:k], period.xs[k:]
        self._printed.append((line, order, period, annual))

    def _parent(self, heading: str) -> str:
        """The level-1 heading (normalised) a level-2 heading belongs to; '' when unknown."""
        return label_key(self.layout.level2_parent(heading) or "") if heading else ""

    def _carry_down(self) -> None:
        """Apply the printed headings to every row, in order (each row may look at the next one)."""
        rows, self._printed = self._printed, []
        for i, (line, order, period, annual) in enumerate(rows):
            nxt = rows[i + 1][2] if i + 1 < len(rows) else None
            self._push(line, order, period, annual, nxt)

    def _row_headings(self, period: _Half, annual: _Half, nxt: _Half | None) -> tuple[str, str]:
        """The level-1 and level-2 headings a row prints for its period half, after repairs.

        PDF extraction moves heading cells: a level-1 heading can land a row early, beside the
        previous block's level-2; a row can lose its level-2 cell while the annual half keeps it.
        """
        level1, level2 = period.level1, period.level2
        # the period half lost its heading cell while the annual half of the same row printed one
        if (
            not level2
            and annual.level2
            and label_key(annual.level2) != label_key(self._p_level2)
            and (not level1 or self._parent(annual.level2) == label_key(level1))
        ):
            level2 = annual.level2
        if not level2 and self._pending_level2:
            level2 = self._pending_level2  # the farther of two headings printed on the row above
        if level1 and level2 and self._parent(level2) not in ("", label_key(level1)):
            level1 = ""  # a level-1 heading beside another family's level-2: printed a row early
        elif level1 and not level2 and nxt is not None and self._p_level2:
            # a level-1 heading alone on a row, its family's first level-2 on the next row:
            # the heading was printed a row early and this row continues the current block
            follows = nxt.level2 and not nxt.level1 and self._parent(nxt.level2) == label_key(level1)
            if follows and self._parent(self._p_level2) != label_key(level1):
                level1 = ""
        return level1, level2

    def _push(self, line: int, order: int, period: _Half, annual: _Half, nxt: _Half | None) -> None:
        lay = self.layout
        level1, level2 = self._row_headings(period, annual, nxt)
        self._pending_level2 = period.spare_level2
        if level1:
            self._p_level1 = level1
            self._p_level2 = ""
        if level2:
            self._p_level2 = level2
            parent = lay.level2_parent(level2)
            if parent and label_key(parent) != label_key(self._p_level1):
                self._p_level1 = parent  # a level-2 heading implies its level-1
        if annual.level2:
            self._a_level2 = annual.level2
            self._a_level1 = lay.level2_parent(annual.level2) or self._p_level1
        elif level1 or level2:
            self._a_level1 = self._p_level1
        p_name, p_value = _name_value(lay, period.xs)
        a_name, a_value = _name_value(lay, annual.xs)
        if p_name or p_value or period.level2 or period.level1:
            self.period.append(
                HalfEntry(self._p_level1, self._p_level2, p_name, p_value, line, order)
            )
        if a_name or a_value:
            self.annual.append(
                HalfEntry(self._a_level1 or self._p_level1, self._a_level2 or self._p_level2,
                          a_name, a_value, line, order)
            )

    # -- alignment ----------------------------------------------------------------------
    def _match(self, entry: HalfEntry) -> HalfEntry | None:
        """The period entry an annual entry describes, matched by name (exact, prefix, fuzzy)."""
        candidates = [p for p in self.period if not p.matched and p.name]
        if not entry.name:  # a bare value: the period entry printed on the same row
            for p in self.period:
                if not p.matched and p.line == entry.line:
                    return p
            return None
        for p in candidates:
            if p.name == entry.name:
                return p
        best, best_score = None, 0.0
        for p in candidates:
            if not _similar(p.name, entry.name):
                continue
            score = fuzz.ratio(p.name, entry.name)
            if p.name.startswith(entry.name) or entry.name.startswith(p.name):
                score += 30.0
            if label_key(p.level2) == label_key(entry.level2):
                score += 5.0
            score -= abs(p.order - entry.order) * 0.5
            if score > best_score:
                best, best_score = p, score
        return best

    def indicators(self) -> list[Indicator]:
        """The aligned indicators, in the order of the printed rows."""
        self._carry_down()
        pairs: dict[int, HalfEntry] = {}
        orphans: list[HalfEntry] = []
        a: HalfEntry | None
        for a in self.annual:
            p = self._match(a)
            if p is None:
                orphans.append(a)
            else:
                p.matched = True
                pairs[id(p)] = a
        rows: list[tuple[int, int, Indicator]] = []
        for p in self.period:
            a = pairs.get(id(p))
            ind = Indicator(p.level1, p.level2, p.name, p.value, "", p.line)
            if a is not None:
                ind.annual_value = a.value
                if a.line != p.line:
                    ind.annual_line = a.line
                if a.name and a.name != p.name:
                    ind.annual_level3 = a.name
            # a heading with no indicator: keep it only when nothing else sits under it
            if not (ind.level3 or ind.period_value or ind.annual_value) and any(
                q is not p and q.level2 == p.level2 and (q.name or q.value) for q in self.period
            ):
                continue
            rows.append((p.order, 0, ind))
        for a in orphans:
            ind = Indicator(a.level1, a.level2, a.name, "", a.value, a.line)
            rows.append((a.order, 1, ind))
        rows.sort(key=lambda r: (r[0], r[1]))
        if self.single_half:
            for _, _, ind in rows:
                ind.period_value, ind.annual_value = "", ind.period_value
        return [ind for _, _, ind in rows]
