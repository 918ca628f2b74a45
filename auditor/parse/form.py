"""Project forms (项目支出绩效目标表): header fields, funds, texts, goals, indicator table."""

from __future__ import annotations

import re

from auditor.model import Form, SourceSpan
from auditor.parse.indicators import IndicatorTable
from auditor.parse.layout import FOOTER_WORDS, Layout, Token, label_key, parse_amount

_DEPT_CODE = re.compile(r"^\s*([0-9A-Za-z]+)\s*[-－—_ ]\s*(.+)$")
_SOURCE_PREFIX = re.compile(r"^其中")


def split_department(text: str) -> tuple[str, str | None]:
    """``032-孝义市机关事务服务中心`` -> (``孝义市机关事务服务中心``, ``032``)."""
    m = _DEPT_CODE.match(text)
    if m:
        return m.group(2).strip(), m.group(1)
    return text.strip(), None


def _field_of(layout: Layout, text: str) -> str | None:
    key = label_key(text)
    name = layout.field_by_label.get(key)
    if name is None and key.startswith("绩效") and "指标" in key:
        return "indicator_table"
    return name


def _source_of(layout: Layout, text: str) -> str | None:
    return layout.source_by_label.get(_SOURCE_PREFIX.sub("", label_key(text)))


class ProjectFormParser:
    """Reads the lines of one project form block into a :class:`Form`."""

    def __init__(self, layout: Layout, form_id: str, file: str, line_start: int) -> None:
        self.layout = layout
        self.form = Form(form_id=form_id, kind="project", source=SourceSpan(file, line_start, line_start))
        self.table: IndicatorTable | None = None
        self.text_field: str | None = None  # the text field that a label-less line continues
        self.annual_goal_col: int | None = None
        self.seen_footer = False
        self.last_line = line_start
        self.fund_scale = 1.0  # amounts printed in 万元 are stored in 元
        self.fund_labels: set[str] = set()  # which of period_total / annual_total the form prints

    # -- header part --------------------------------------------------------------------
    def _header_row(self, line: int, tokens: list[Token]) -> bool:
        """Handle a header/funds/text/goal row; False when the row is not one of those."""
        lay, form = self.layout, self.form
        i = 0
        handled = False
        while i < len(tokens):
            text = tokens[i].text
            field = _field_of(lay, text)
            source = _source_of(lay, text) if field is None else None
            nxt = tokens[i + 1].text if i + 1 < len(tokens) else None
            nxt_is_label = nxt is not None and (
                _field_of(lay, nxt) is not None or _source_of(lay, nxt) is not None
            )
            value = None if nxt is None or nxt_is_label else nxt
            if field in ("project_name", "implementing_unit", "attribute", "period"):
                if field == "project_name":
                    form.project_name = value or ""
                else:
                    setattr(form, field, value)
                form.field_lines[field] = line
                self.text_field = None
                i += 2 if value is not None else 1
                handled = True
            elif field == "department":
                if value is not None:
                    form.department, form.department_code = split_department(value)
                form.field_lines["department"] = line
                i += 2 if value is not None else 1
                handled = True
            elif field == "funds":
                form.field_lines["funds"] = line
                form.funds.line = line
                self.fund_scale = 10_000.0 if "万元" in text else 1.0
                i += 1
                handled = True
            elif field in ("period_total", "annual_total"):
                amount = parse_amount(value) if value is not None else None
                setattr(form.funds, field, None if amount is None else amount * self.fund_scale)
                self.fund_labels.add(field)
                form.field_lines.setdefault("funds", line)
                i += 2 if amount is not None else 1
                handled = True
            elif source is not None:
                amount = parse_amount(value) if value is not None else None
                # the first label of a source row is the period column, the second the annual one
                target = form.funds.period_sources
                annual_only = "annual_total" in self.fund_labels and "period_total" not in self.fund_labels
                if annual_only or f"{source}@period" in form.field_lines:
                    target = form.funds.annual_sources
                    form.field_lines[f"{source}@annual"] = line
                else:
                    form.field_lines[f"{source}@period"] = line
                target[source] = None if amount is None else amount * self.fund_scale
                i += 2 if amount is not None else 1
                handled = True
            elif field in ("overview", "basis", "necessity", "measures", "plan"):
                rest = [t.text for t in tokens[i + 1 :]]
                setattr(form.texts, field, " ".join(rest))
                form.field_lines[field] = line
                self.text_field = field
                return True
            elif field == "goal_period_header" or field == "goal_annual_header":
                for t in tokens:
                    if _field_of(lay, t.text) == "goal_annual_header":
                        self.annual_goal_col = t.col
                self.text_field = None
                return True
            elif field == "goal_annual":
                self.form.goals.annual = " ".join(t.text for t in tokens[i + 1 :])
                form.field_lines["goals"] = line
                self.text_field = None
                return True
            elif field == "goals":
                self._goals(line, tokens[i + 1 :])
                return True
            else:
                break
        return handled

    def _goals(self, line: int, rest: list[Token]) -> None:
        goals = self.form.goals
        self.form.field_lines["goals"] = line
        self.text_field = "goals"
        if len(rest) >= 2:
            goals.period, goals.annual = rest[0].text, " ".join(t.text for t in rest[1:])
        elif len(rest) == 1:
            tok = rest[0]
            if self.annual_goal_col is not None and tok.col >= self.annual_goal_col - 1:
                goals.annual = tok.text
            else:
                goals.period = tok.text
        return

    def _continue_text(self, tokens: list[Token]) -> None:
        """A label-less line inside the header part continues the previous text field."""
        field = self.text_field
        if field == "goals":
            goals = self.form.goals
            if len(tokens) >= 2:
                goals.period += tokens[0].text
                goals.annual += tokens[1].text
            elif tokens:
                tok = tokens[0]
                if self.annual_goal_col is not None and tok.col >= self.annual_goal_col - 1:
                    goals.annual += tok.text
                else:
                    goals.period += tok.text
        elif field is not None:
            old = getattr(self.form.texts, field)
            setattr(self.form.texts, field, old + "".join(t.text for t in tokens))

    # -- feeding ------------------------------------------------------------------------
    def feed(self, line: int, tokens: list[Token]) -> bool:
        """Consume one non-empty line. Returns False once the form has ended (footer seen)."""
        if not tokens:
            return True
        self.last_line = line
        first = label_key(tokens[0].text)
        if first.startswith(FOOTER_WORDS) or (
            len(tokens) > 1 and label_key(tokens[1].text).startswith("经办人")
        ):
            self.seen_footer = True
            return False
        if self.table is None:
            field = _field_of(self.layout, tokens[0].text)
            is_table_header = field == "indicator_table" or any(
                label_key(t.text) == "一级指标" for t in tokens[:3]
            )
            if is_table_header:
                self.form.field_lines["indicators"] = line
                self.table = IndicatorTable(self.layout, tokens)
                columns = self.layout.indicator_columns
                rest = tokens[1:]
                if (
                    field == "indicator_table"
                    and not any(label_key(t.text) in columns for t in tokens)
                    and any(self.table.is_heading(t.text) for t in rest)
                ):
                    # no column headers: the 绩效指标 label shares its row with the first indicator row
                    self.table.add_row(line, rest)
                return True
            if not self._header_row(line, tokens):
                if tokens[0].text.startswith("(") and tokens[0].text.endswith("年度)"):
                    return True  # the "(2025年度)" line under the title
                self._continue_text(tokens)
            return True
        self.table.add_row(line, tokens)
        return True

    def finish(self, at_eof: bool = False) -> Form:
        form = self.form
        form.source.line_end = self.last_line
        if self.table is not None:
            form.indicators = self.table.indicators()
            form.warnings.extend(self.table.warnings)
        else:
            form.warnings.append(
                f"{form.source.file}:{form.source.line_start}-{form.source.line_end}: 未找到绩效指标表"
            )
        if not self.seen_footer:
            span = f"{form.source.file}:{form.source.line_start}-{form.source.line_end}"
            if at_eof:
                form.warnings.append(f"{span}: 文件在此表中途结束（第{form.source.line_end}行后无内容），表格可能被截断")
            else:
                form.warnings.append(f"{span}: 缺少表尾“负责人/填报日期”行")
        if not form.project_name:
            form.warnings.append(f"{form.source.file}:{form.source.line_start}: 未读到项目名称")
        if form.funds.period_total is None and form.funds.annual_total is None:
            form.warnings.append(
                f"{form.source.file}:{form.field_lines.get('funds', form.source.line_start)}: 未读到项目资金"
            )
        return form
