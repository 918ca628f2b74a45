"""The department's project budget table (表十二 项目支出预算表（本年预算）), amounts in 万元."""

from __future__ import annotations

from auditor.model import BudgetLine, BudgetTable
from auditor.parse.layout import Layout, Token, label_key, parse_amount


def is_budget_title(layout: Layout, line: str) -> bool:
    """A line that titles the project budget table (the current-year one, not 上年结转)."""
    text = line.strip()
    if not text or "\t" in text or len(text) > 60 or "结转" in text:
        return False
    key = label_key(text)
    return any(label_key(title) in key for title in layout.budget_titles) and not key.endswith(
        tuple("0123456789")  # a table-of-contents entry ends with its page number
    )


class BudgetTableParser:
    """Reads the rows after a budget-table title into a :class:`BudgetTable`."""

    def __init__(self, layout: Layout, title: str, line: int) -> None:
        self.layout = layout
        self.table = BudgetTable(title=title.strip(), line_start=line, line_end=line)
        self.department = ""
        self.columns: dict[int, str] = {}
        self.header_seen = False
        self.done = False

    def feed(self, line: int, tokens: list[Token]) -> bool:
        """Consume one non-empty line; False when the table has ended."""
        if self.done:
            return False
        lay = self.layout
        first = tokens[0].text
        key = label_key(first)
        if not self.header_seen:
            if any(key.startswith(lbl) for lbl in lay.budget_department_labels):
                self.department = first.split("：")[-1].split(":")[-1].strip()
                return True
            if key.startswith("单位") and ("万元" in key or key[-1:] == "元"):
                return True
            if key == "项目名称" or any(label_key(t.text) == "合计" for t in tokens):
                self._header(tokens)
                self.header_seen = True
            return True
        if self._is_header_row(tokens):
            self._header(tokens)
            return True
        if parse_amount(first) is not None:
            return True  # the column-number row (1 2 3 …)
        amounts = [(t.col, parse_amount(t.text)) for t in tokens[1:]]
        if tokens[0].col != 0 or not amounts or any(a is None for _, a in amounts):
            if key.startswith("注") or self.table.lines or self.table.stated_total is not None:
                self.done = True
                return False
            return True  # the column-number row (1 2 3 …) or a sub-header
        self.table.line_end = line
        values = {self.columns.get(col, f"col{col}"): amount for col, amount in amounts}
        total = values.pop("total", None)
        if key in lay.budget_total_names or (self.department and first == self.department):
            if self.table.stated_total is None:
                self.table.stated_total = total
            return True
        self.table.lines.append(BudgetLine(name=first, total=total, by_fund=values, line=line))
        return True

    def _is_header_row(self, tokens: list[Token]) -> bool:
        return all(parse_amount(t.text) is None for t in tokens[1:]) and len(tokens) > 1 and any(
            any(word in t.text for word in words) for t in tokens for _, words in self.layout.budget_columns
        )

    def _header(self, tokens: list[Token]) -> None:
        for t in tokens:
            compact = label_key(t.text)
            for key, words in self.layout.budget_columns:
                if any(label_key(w) in compact for w in words):
                    self.columns.setdefault(t.col, key)
                    break
