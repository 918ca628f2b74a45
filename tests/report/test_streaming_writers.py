"""The streaming writers (issue 14) write what the in-memory builders say, on the sample's audit."""

from __future__ import annotations

import json

import pytest

from auditor.report.findings_json import audit_to_dict, write_json
from auditor.report.xlsx import finding_headers, finding_rows, row_height, write_xlsx


@pytest.fixture(scope="module")
def written(seed_audit, tmp_path_factory):
    out = tmp_path_factory.mktemp("stream")
    return write_json(seed_audit, out / "findings.json"), write_xlsx(seed_audit, out / "整改清单.xlsx")


def test_findings_json_streamed_is_the_audit_object(seed_audit, written):
    path, _ = written
    text = path.read_text(encoding="utf-8")
    data = json.loads(text)
    assert data == json.loads(json.dumps(audit_to_dict(seed_audit), ensure_ascii=False))
    # one project per line: the line of xiaoyi-2025#2 is that project, all its findings included
    line = next(x for x in text.splitlines() if x.startswith('{"form_id":"xiaoyi-2025#2",'))
    project = json.loads(line.rstrip(","))
    form = next(p for p in seed_audit.projects if p.form.form_id == "xiaoyi-2025#2")
    assert project["project_name"] == form.form.project_name and len(project["findings"]) == len(form.findings)
    assert data["summary"]["findings"] == len(seed_audit.all_findings())


def test_xlsx_streamed_rows_are_the_finding_rows(seed_audit, written):
    import openpyxl

    _, path = written
    rows = finding_rows(seed_audit)
    wb = openpyxl.load_workbook(path)
    ws = wb["整改清单"]
    got = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    want = [[None if v == "" else v for v in r] for r in rows]
    assert got == want and len(got) == len(seed_audit.all_findings())
    # a row as high as its wrapped text, the severity cell filled, every cell at the top
    headers = finding_headers()
    names = [h for h, _ in headers]
    wrapped = [names.index(h) for h in ("项目", "指标", "问题", "整改建议", "相关表单", "涉及内容（相同文字、金额等）")]
    tall = max(range(len(rows)), key=lambda i: row_height(rows[i], [w for _, w in headers], wrapped) or 0)
    assert ws.row_dimensions[tall + 2].height == row_height(rows[tall], [w for _, w in headers], wrapped) > 15
    sev = names.index("严重程度") + 1
    error_row = next(i for i, r in enumerate(rows) if r[sev - 1] == "错误") + 2
    assert ws.cell(error_row, sev).fill.fgColor.rgb.endswith("FDE2E1")
    assert ws.cell(error_row, names.index("问题") + 1).alignment.wrap_text
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(names))}{len(rows) + 1}"
    ranking = wb["项目得分"]
    assert ranking.max_row == len(seed_audit.projects) + 1
