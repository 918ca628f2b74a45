"""Case 3: cells starting with = + - @ TAB CR never become formulas in csv/xlsx outputs."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EVIL_NAME = '=HYPERLINK("http:evil","x")'


def _is_number(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def _live(cell: str) -> bool:
    return cell.startswith(FORMULA_START) and not _is_number(cell) and cell not in ("-", "+")


@pytest.fixture
def formula_csv(tmp_path: Path, small_frame) -> Path:
    frame = small_frame.copy()
    frame["project_name"] = [EVIL_NAME, "+1+cmd|'/C calc'!A0", "-2+3"]  * (len(frame) // 3) + [
        EVIL_NAME] * (len(frame) % 3)
    frame["department"] = "@SUM(1+1)*cmd|'/C calc'!A0"
    frame["level3"] = ["\t=1+1", "+2+2", "=满意度"] * (len(frame) // 3) + ["=x"] * (len(frame) % 3)
    frame["annual_value"] = "=1/0"
    frame["goal_annual"] = "-@目标"
    path = tmp_path / "formula.csv"
    frame.to_csv(path, index=False)
    return path


def _csv_cells(path: Path) -> list[str]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [cell for row in csv.reader(fh) for cell in row]


def test_indicators_csv_has_no_formula(formula_csv: Path, tmp_path: Path, cli):
    out = tmp_path / "out"
    assert cli("audit", formula_csv, "-o", out, "-q").code == 1
    cells = _csv_cells(out / "indicators.csv")
    assert any(EVIL_NAME in c for c in cells)  # kept as text
    assert [c for c in cells if _live(c)] == []


def test_stats_csvs_have_no_formula(formula_csv: Path, tmp_path: Path, cli):
    out = tmp_path / "stats"
    assert cli("stats", formula_csv, "-o", out).code == 0
    live = {p.name: [c for c in _csv_cells(p) if _live(c)] for p in out.glob("*.csv")}
    assert len(live) >= 5 and not any(live.values()), live


def test_parse_csv_has_no_formula_and_reads_back(formula_csv: Path, tmp_path: Path, cli):
    out = tmp_path / "tidy.csv"
    assert cli("parse", formula_csv, "-f", "csv", "-o", out).code == 0
    cells = _csv_cells(out)
    assert [c for c in cells if _live(c)] == []
    from auditor.ingest import read_document

    forms = read_document(out).forms  # the round trip gives the written text back
    assert forms[0].project_name == EVIL_NAME and forms[0].indicators[0].level3 == "\t=1+1".strip()


def test_form_id_from_a_file_stem_is_no_formula_in_the_xlsx(tmp_path: Path, small_text: bytes, cli):
    src = tmp_path / f"{EVIL_NAME}.txt"
    src.write_bytes(small_text)
    out = tmp_path / "out"
    assert cli("audit", src, "-o", out, "-q").code == 1
    from openpyxl import load_workbook

    wb = load_workbook(out / "整改清单.xlsx")
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    ids = [c.value for c in cells if isinstance(c.value, str) and "hyperlink" in c.value]
    assert ids and all(not _live(v) for v in ids)


def test_parse_xlsx_writes_a_cell_holding_an_escape_character(tmp_path: Path, small_frame, cli):
    frame = small_frame.copy()
    frame["level3"] = [f"满意度\x1b[2J{i}" for i in range(len(frame))]
    src = tmp_path / "esc.csv"
    frame.to_csv(src, index=False)
    out = tmp_path / "esc.xlsx"
    run = cli("parse", src, "-f", "xlsx", "-o", out)
    assert run.code == 0, run.stderr.decode("utf-8", "replace")
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    col = [c.value for c in ws[1]].index("level3")
    assert [row[col].value for row in ws.iter_rows(min_row=2)][:2] == ["满意度[2J0", "满意度[2J1"]


def test_safe_cell_on_every_kind_of_value():
    from auditor.safety import safe_cell

    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("@SUM(A1)") == "'@SUM(A1)"
    assert safe_cell("\t=1") == "'\t=1"
    assert safe_cell("-5%") == "'-5%"  # not a plain number: a spreadsheet would compute it
    assert safe_cell("-5") == "-5" and safe_cell("-") == "-" and safe_cell(-5) == -5
    assert safe_cell(None) is None and safe_cell(3.5) == 3.5
    assert safe_cell("≥95%") == "≥95%"
    assert safe_cell("a\x1bb\x00", xlsx=True) == "ab"
