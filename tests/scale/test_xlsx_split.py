"""整改清单.xlsx past a sheet's row limit: the list continues on further sheets (issue 14)."""

from __future__ import annotations

from auditor.report.xlsx import finding_rows, write_xlsx


def test_xlsx_list_continues_on_further_sheets_past_the_row_limit(small_audit, tmp_path, monkeypatch):
    import openpyxl

    from auditor.report import xlsx

    monkeypatch.setattr(xlsx, "MAX_SHEET_ROWS", 101)  # 100 rows a sheet
    rows = finding_rows(small_audit)
    path = write_xlsx(small_audit, tmp_path / "整改清单.xlsx")
    wb = openpyxl.load_workbook(path, read_only=True)
    sheets = [n for n in wb.sheetnames if n.startswith("整改清单")]
    assert len(sheets) == -(-len(rows) // 100) > 1
    got = [[c for c in r] for n in sheets for r in wb[n].iter_rows(min_row=2, values_only=True)]
    assert [r[0] for r in got] == list(range(1, len(rows) + 1))  # numbered on, none lost
    assert [r[3] for r in got] == [r[3] or None for r in rows]
