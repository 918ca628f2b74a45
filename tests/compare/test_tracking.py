"""A 整改清单.xlsx whose tracking columns a unit filled in: `auditor compare` and `--baseline`
carry them forward by the finding's fingerprint (the hidden 指纹 column), not by row or line."""

from __future__ import annotations

import json
import re

import pytest
from typer.testing import CliRunner

from auditor.cli.app import app

pytestmark = pytest.mark.slow

FILLED = {  # (project, rule, indicator) -> what the unit typed
    ("党政大楼喷泉升级改造项目", "VAL001", "材料"): {"整改状态": "已整改", "整改责任单位": "后勤保障科"},
    ("公务接待费项目", "VAL008", "间接服务对象满意"): {"整改状态": "整改中", "整改期限": "2025-06-30"},
    ("公务接待费项目", "IND002", "厉行节约"): {"整改状态": "已接受", "备注": "沿用上级表述"},
}


def _rows(ws):
    rows = list(ws.iter_rows(values_only=True))
    return list(rows[0]), rows[1:]


@pytest.fixture(scope="module")
def filled(base_audit, tmp_path_factory):
    """The sample's report folder with three rows of its 整改清单.xlsx filled in."""
    import openpyxl

    from auditor.report.audit import write_reports

    folder = tmp_path_factory.mktemp("tracked") / "xiaoyi-2025"
    write_reports(base_audit, folder, ["xlsx", "json"])
    path = folder / "整改清单.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb["整改清单"]
    header, _ = _rows(ws)
    col = {h: i + 1 for i, h in enumerate(header)}
    done = 0
    for r in range(2, ws.max_row + 1):
        key = (ws.cell(r, col["项目"]).value, ws.cell(r, col["规则"]).value,
               (ws.cell(r, col["指标"]).value or "").split(" > ")[-1])
        for name, value in FILLED.get(key, {}).items():
            ws.cell(r, col[name]).value = value
        done += key in FILLED
    wb.save(path)
    assert done == len(FILLED)
    return folder


def test_compare_carries_the_status_of_fixed_and_open_findings(filled, edited, tmp_path):
    out = tmp_path / "cmp"
    result = CliRunner().invoke(app, ["compare", str(filled), str(edited["revised"]), "-o", str(out)])
    assert result.exit_code == 1, result.output  # the revision introduced findings
    data = json.loads((out / "compare.json").read_text(encoding="utf-8"))
    assert data["summary"]["fixed"] == 5 and data["summary"]["new"] == 4  # test_compare.FIXED / INTRODUCED
    assert data["old"]["tracked_rows"] == 3
    by = {(p["old"]["project_name"] if p["old"] else "", f["rule"], f["level3"], s): f.get("tracking")
          for p in data["projects"] for s, fs in p["findings"].items() for f in fs}
    assert by[("党政大楼喷泉升级改造项目", "VAL001", "材料", "fixed")] == FILLED[
        ("党政大楼喷泉升级改造项目", "VAL001", "材料")]
    assert by[("公务接待费项目", "VAL008", "间接服务对象满意", "open")] == FILLED[
        ("公务接待费项目", "VAL008", "间接服务对象满意")]
    assert by[("公务接待费项目", "VAL006", "高效集约", "new")] is None
    assert {p.name for p in out.iterdir()} == {"compare.html", "对比.xlsx", "compare.json"}
    html = (out / "compare.html").read_text(encoding="utf-8")
    assert html.count("<script>") == 1 and not re.search(r'(src|href)="(https?:)?//', html)  # offline, one file
    import openpyxl

    changes = openpyxl.load_workbook(out / "对比.xlsx", read_only=True)["问题变化"]
    rows = list(changes.iter_rows(values_only=True))
    status = [r[0] for r in rows[1:]]
    assert status.count("已整改") == 5 and status.count("新增") == 4
    carried = [r for r in rows[1:] if r[0] == "已整改" and r[3] and r[3].endswith("材料") and r[10] == "VAL001"]
    assert carried and "已整改" in carried[0] and "后勤保障科" in carried[0]


def test_baseline_xlsx_drops_accepted_rows_and_carries_the_rest(filled, seed_doc, base_audit, tmp_path):
    import openpyxl

    from auditor.engine import Options
    from auditor.pipeline import audit as run_audit
    from auditor.report.xlsx import write_xlsx
    from auditor.tracking import read_tracking

    old = filled / "整改清单.xlsx"
    audit = run_audit(documents=[seed_doc], options=Options(baseline=str(old)))
    assert audit.check.suppressed == 1  # the row marked 已接受
    path = write_xlsx(audit, tmp_path / "整改清单.xlsx", read_tracking(old))
    header, rows = _rows(openpyxl.load_workbook(path, read_only=True)["整改清单"])
    assert len(rows) == len(base_audit.all_findings()) - 1
    col = {h: i for i, h in enumerate(header)}
    carried = {(r[col["项目"]], r[col["规则"]], r[col["指标"]].split(" > ")[-1]): (r[col["整改状态"]], r[col["整改期限"]])
               for r in rows if r[col["整改状态"]]}
    assert carried == {("党政大楼喷泉升级改造项目", "VAL001", "材料"): ("已整改", None),
                       ("公务接待费项目", "VAL008", "间接服务对象满意"): ("整改中", "2025-06-30")}
