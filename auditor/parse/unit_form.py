"""The unit-wide form (整体支出绩效目标申报表): unit facts, goals, indicators, stated budget."""

from __future__ import annotations

from auditor.model import Form, FundItem, Indicator, SourceSpan
from auditor.parse.layout import FOOTER_WORDS, Layout, Token, is_amount, label_key, parse_amount


class UnitFormParser:
    """Reads the lines of one unit-wide form block into a :class:`Form` of kind ``unit``.

    Layout: labelled rows (单位名称, 单位中长期战略目标, 年度绩效目标 …); an indicator block whose
    rows carry a level-1 heading (履职履行 / 履职效益 …), a level-2 description, then name/value
    pairs; a 资金管理 block of (名称, 上年度资金, 本年度申请资金) rows; 保障机制 rows; a footer.
    All values belong to the year, so they fill ``annual_value`` and the annual goal.
    """

    def __init__(self, layout: Layout, form_id: str, file: str, line_start: int) -> None:
        self.layout = layout
        self.form = Form(form_id=form_id, kind="unit", source=SourceSpan(file, line_start, line_start))
        self.section: str | None = None
        self.level1 = ""
        self.level2 = ""
        self.seen_footer = False
        self.last_line = line_start
        self.measures: list[str] = []

    def _label(self, text: str) -> str | None:
        return self.layout.unit_field_by_label.get(label_key(text))

    def feed(self, line: int, tokens: list[Token]) -> bool:
        if not tokens:
            return True
        self.last_line = line
        first = label_key(tokens[0].text)
        if first.startswith(FOOTER_WORDS):
            self.seen_footer = True
            return False
        label = self._label(tokens[0].text)
        form = self.form
        rest = [t.text for t in tokens[1:]]
        if label == "unit_name":
            form.project_name = form.department = rest[0] if rest else ""
            form.implementing_unit = form.project_name or None
            form.field_lines["project_name"] = line
            self.section = None
        elif label == "long_term_goal":
            form.goals.period = " ".join(rest)
            form.field_lines["goals"] = line
            self.section = None
        elif label == "previous_work":
            form.texts.overview = " ".join(rest)
            form.field_lines["overview"] = line
            self.section = None
        elif label == "annual_goal":
            form.goals.annual = " ".join(rest)
            form.field_lines.setdefault("goals", line)
            self.section = None
        elif label == "indicators":
            form.field_lines["indicators"] = line
            self.section = "indicators"
            self._indicator_row(line, tokens[1:])
        elif label == "funds":
            form.field_lines["funds"] = line
            form.funds.line = line
            self.section = "funds"
        elif label == "measures":
            self.section = "measures"
            # the field may print a second label of its own (保障机制 | 确保绩效目标实现的措施 | …)
            self.measures.extend(text for text in rest if self._label(text) != "measures")
            form.field_lines["measures"] = line
        elif label == "other":
            self.section = None
        elif self.section == "indicators":
            self._indicator_row(line, tokens)
        elif self.section == "funds":
            self._fund_row(line, tokens)
        elif self.section == "measures":
            self.measures.extend(t.text for t in tokens)
        return True

    def _indicator_row(self, line: int, tokens: list[Token]) -> None:
        header_words = self.layout.unit_header_words
        cells = [t for t in tokens if label_key(t.text) not in header_words]
        # a row that opens a block: level-1 heading, a description, an optional task text
        if cells and cells[0].col <= 2 and len(cells) >= 2 and not any(
            "%" in t.text for t in cells[:2]
        ):
            self.level1 = cells[0].text
            self.level2 = cells[1].text
            described = " ".join(t.text for t in cells[2:])
            if described:  # the block's task/goal description
                plan = self.form.texts.plan
                self.form.texts.plan = f"{plan} {described}".strip()
            return
        if not cells:
            return
        name = cells[0].text
        value = " ".join(t.text for t in cells[1:])
        self.form.indicators.append(Indicator(self.level1, self.level2, name, "", value, line))

    def _fund_row(self, line: int, tokens: list[Token]) -> None:
        amounts = [t for t in tokens if is_amount(t.text)]
        names = [t for t in tokens if not is_amount(t.text)]
        if not amounts or not names:
            return
        name = names[-1].text
        previous = parse_amount(amounts[0].text) if len(amounts) >= 2 else None
        current = parse_amount(amounts[-1].text)
        self.form.funds.breakdown.append(FundItem(name, previous, current, line))

    def finish(self, at_eof: bool = False) -> Form:
        form = self.form
        form.source.line_end = self.last_line
        form.texts.measures = " ".join(self.measures)
        totals = self.layout.unit_total_names
        for item in form.funds.breakdown:
            key = label_key(item.name)
            if key in totals:
                form.funds.annual_total = item.current
                break
        else:
            parts = [i.current for i in form.funds.breakdown if i.current is not None]
            form.funds.annual_total = sum(parts) if parts else None
        if not self.seen_footer:
            form.warnings.append(
                f"{form.source.file}:{form.source.line_start}-{form.source.line_end}: "
                + ("文件在此表中途结束，表格可能被截断" if at_eof else "缺少表尾“填表人/填表日期”行")
            )
        if not form.project_name:
            form.warnings.append(f"{form.source.file}:{form.source.line_start}: 未读到单位名称")
        return form
