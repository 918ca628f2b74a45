"""The tidy indicator table of schema.md: one row per indicator, form fields repeated on each row.

``forms_to_frame`` writes it, ``frame_to_forms`` reads it back (round trip: the same forms), so
that forms exported from other systems can be audited without a layout parser.
"""

from __future__ import annotations

import json
import math
from collections.abc import Hashable
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from auditor.ingest.columns import combine_value
from auditor.model import (
    FUND_SOURCES,
    OPTIONAL_INDICATOR_FIELDS,
    TEXT_FIELDS,
    Form,
    FundItem,
    Funds,
    Goals,
    Indicator,
    SourceSpan,
    Texts,
)

if TYPE_CHECKING:
    import pandas as pd

# Required columns of schema.md, in this order.
REQUIRED_COLUMNS: tuple[str, ...] = (
    "form_id", "kind", "project_name", "department", "period_total", "annual_total",
    "goal_period", "goal_annual", "level1", "level2", "level3", "period_value", "annual_value", "line",
)
# Further columns, so that the round trip keeps every field of the form.
EXTRA_COLUMNS: tuple[str, ...] = (
    "department_code", "implementing_unit", "attribute", "period",
    *(f"period_{s}" for s in FUND_SOURCES), *(f"annual_{s}" for s in FUND_SOURCES),
    *(f"text_{t}" for t in TEXT_FIELDS),
    "source_file", "line_start", "line_end", "fund_breakdown",
    # columns of budget-system tables and self-evaluation forms (empty for other inputs)
    *OPTIONAL_INDICATOR_FIELDS, "self_evaluation",
)
COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + EXTRA_COLUMNS


def _form_fields(form: Form) -> dict[str, Any]:
    row: dict[str, Any] = {
        "form_id": form.form_id,
        "kind": form.kind,
        "project_name": form.project_name,
        "department": form.department,
        "period_total": form.funds.period_total,
        "annual_total": form.funds.annual_total,
        "goal_period": form.goals.period,
        "goal_annual": form.goals.annual,
        "department_code": form.department_code,
        "implementing_unit": form.implementing_unit,
        "attribute": form.attribute,
        "period": form.period,
        "source_file": form.source.file,
        "line_start": form.source.line_start,
        "line_end": form.source.line_end,
        "fund_breakdown": json.dumps([asdict(i) for i in form.funds.breakdown], ensure_ascii=False)
        if form.funds.breakdown else "",
        "self_evaluation": "是" if form.self_evaluation else "",
    }
    for s in FUND_SOURCES:
        row[f"period_{s}"] = form.funds.period_sources.get(s)
        row[f"annual_{s}"] = form.funds.annual_sources.get(s)
    for t in TEXT_FIELDS:
        row[f"text_{t}"] = getattr(form.texts, t)
    return row


def form_rows(forms: list[Form]) -> list[dict[str, Any]]:
    """The tidy rows of the forms, as dicts with every column of ``COLUMNS``."""
    rows: list[dict[str, Any]] = []
    for form in forms:
        base = _form_fields(form)
        if not form.indicators:
            rows.append({**base, "level1": "", "level2": "", "level3": "",
                         "period_value": "", "annual_value": "", "line": None,
                         **dict.fromkeys(OPTIONAL_INDICATOR_FIELDS, "")})
        for ind in form.indicators:
            rows.append({**base, "level1": ind.level1, "level2": ind.level2, "level3": ind.level3,
                         "period_value": ind.period_value, "annual_value": ind.annual_value,
                         "line": ind.line,
                         **{key: getattr(ind, key) for key in OPTIONAL_INDICATOR_FIELDS}})
    return rows


def forms_to_frame(forms: list[Form]) -> pd.DataFrame:
    """The tidy indicator table as a pandas DataFrame (required columns first)."""
    import pandas as pd

    frame = pd.DataFrame(form_rows(forms), columns=list(COLUMNS))
    frame["line"] = frame["line"].astype("Int64")
    frame["line_start"] = frame["line_start"].astype("Int64")
    frame["line_end"] = frame["line_end"].astype("Int64")
    return frame


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    try:
        import pandas as pd

        if value is pd.NA or value is pd.NaT:
            return True
    except ImportError:  # pragma: no cover - pandas is a dependency
        pass
    return isinstance(value, str) and not value.strip()


def _text(value: Any) -> str:
    if _blank(value):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _opt_text(value: Any) -> str | None:
    text = _text(value)
    return text or None


def _amount(value: Any) -> float | None:
    if _blank(value):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).replace(",", "").replace("元", "").strip()
    try:
        return float(text)
    except ValueError:
        return None


def _int(value: Any) -> int | None:
    amount = _amount(value)
    return int(amount) if amount is not None else None


def frame_to_forms(frame: pd.DataFrame, file: str, name: str) -> list[Form]:
    """Read a tidy table back into forms, grouped by ``form_id`` in order of first appearance.

    Only the required columns are needed; the extra columns of ``COLUMNS`` are used when present.
    A row with no indicator columns filled stands for a form without indicators.
    """
    columns = set(frame.columns)
    forms: dict[str, Form] = {}
    by_project: dict[tuple[str, str], str] = {}  # without a form_id column: one form per project
    for position, record in enumerate(frame.to_dict("records"), start=1):
        def get(key: str, _record: dict[Hashable, Any] = record) -> Any:
            return _record.get(key) if key in columns else None

        form_id = _text(get("form_id"))
        if not form_id:
            project = (_text(get("project_name")), _text(get("department")))
            if "form_id" in columns or project not in by_project:
                by_project[project] = f"{name}#{len(forms) + 1}"
            form_id = by_project[project]
        form = forms.get(form_id)
        if form is None:
            kind = _text(get("kind")) or "project"
            funds = Funds(period_total=_amount(get("period_total")), annual_total=_amount(get("annual_total")))
            for s in FUND_SOURCES:
                funds.period_sources[s] = _amount(get(f"period_{s}"))
                funds.annual_sources[s] = _amount(get(f"annual_{s}"))
            breakdown = _text(get("fund_breakdown"))
            if breakdown:
                try:
                    funds.breakdown = [FundItem(**item) for item in json.loads(breakdown)]
                except (ValueError, TypeError):
                    funds.breakdown = []
            line_start = _int(get("line_start")) or _int(get("line")) or position
            form = Form(
                form_id=form_id,
                kind="unit" if kind == "unit" else "project",
                project_name=_text(get("project_name")),
                department=_text(get("department")),
                department_code=_opt_text(get("department_code")),
                implementing_unit=_opt_text(get("implementing_unit")),
                attribute=_opt_text(get("attribute")),
                period=_opt_text(get("period")),
                funds=funds,
                texts=Texts(**{t: _text(get(f"text_{t}")) for t in TEXT_FIELDS}),
                goals=Goals(period=_text(get("goal_period")), annual=_text(get("goal_annual"))),
                source=SourceSpan(_text(get("source_file")) or file, line_start,
                                  _int(get("line_end")) or line_start),
                self_evaluation=bool(_text(get("self_evaluation"))),
            )
            forms[form_id] = form
        level1, level2, level3 = _text(get("level1")), _text(get("level2")), _text(get("level3"))
        extra: dict[str, Any] = {key: _text(get(key)) for key in OPTIONAL_INDICATOR_FIELDS}  # Indicator keywords
        period_value = combine_value(_text(get("period_value")), extra["operator"], extra["unit"], extra["direction"])
        annual_value = combine_value(_text(get("annual_value")), extra["operator"], extra["unit"], extra["direction"])
        if level1 or level2 or level3 or period_value or annual_value:
            line = _int(get("line")) or position
            form.indicators.append(
                Indicator(level1, level2, level3, period_value, annual_value, line, **extra)
            )
    for form in forms.values():  # a form with what was achieved beside its targets is a 自评表
        form.self_evaluation = form.self_evaluation or any(i.actual or i.score for i in form.indicators)
    return list(forms.values())


def write_tidy(forms: list[Form], path: str, fmt: str) -> None:
    """Write the tidy table as ``csv`` (UTF-8 with BOM, for Excel) or ``xlsx``."""
    from auditor.safety import atomic_write, safe_cell

    frame = forms_to_frame(forms)
    if fmt == "csv":
        with atomic_write(path, "w", encoding="utf-8-sig", newline="") as fh:
            frame.map(safe_cell).to_csv(fh, index=False)
    elif fmt == "xlsx":
        write_xlsx_rows(path, "indicators", list(frame.columns), frame.itertuples(index=False))
    else:  # pragma: no cover - guarded by the CLI
        raise ValueError(fmt)


def write_xlsx_rows(path: str, sheet: str, header: list[str], rows: Any) -> None:
    """Write rows to an xlsx sheet, keeping every text a text.

    A value such as ``=中标价`` would otherwise be stored as a formula; here it stays the string
    that was written in the form.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    from auditor.safety import atomic_write, safe_cell

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet)
    ws.append(header)
    for row in rows:
        cells = []
        for value in row:
            value = None if _blank(value) else safe_cell(value, xlsx=True)
            cell = WriteOnlyCell(ws, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
            cells.append(cell)
        ws.append(cells)
    with atomic_write(path) as fh:
        book.save(fh)
