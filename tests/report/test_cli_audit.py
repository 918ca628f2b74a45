"""``auditor audit`` and ``auditor stats`` end to end on the bundled sample (real pipeline)."""

from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

from auditor.cli.app import app

PARKING = "政府地下停车场物业服务项目"  # xiaoyi-2025#138: annual half blank, 满意度 ≤4次, 及时率 ≥100%, 事故 ≤0次
EVIL = "<script>alert(1)</script>[bold]停车场"


@pytest.fixture(scope="module")
def audited(tmp_path_factory, seed_path):
    out = tmp_path_factory.mktemp("audit") / "r"
    result = CliRunner().invoke(app, ["audit", str(seed_path), "-o", str(out)])
    return result, out


def test_audit_writes_all_outputs_and_prints_where(audited):
    result, out = audited
    assert result.exit_code == 1, result.output  # the sample has error-severity findings
    printed = [line for line in result.stdout.splitlines() if line.strip()]
    names = ["report.html", "整改清单.xlsx", "findings.json", "indicators.csv"]
    assert printed[-4:] == [str(out / n) for n in names]
    for name in names:
        assert (out / name).stat().st_size > 1000


def test_all_projects_scored_ranked_and_xlsx_matches_json(audited):
    import pandas as pd

    _, out = audited
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    projects = [p for p in data["projects"] if p["kind"] == "project"]
    assert len(projects) == 137
    assert sorted(p["rank"] for p in projects) == list(range(1, 138))
    assert all(0 <= p["score"] <= 100 for p in projects)
    n_findings = sum(len(p["findings"]) for p in data["projects"]) + len(data["cross_checks"])
    sheet = pd.read_excel(out / "整改清单.xlsx", sheet_name="整改清单")
    assert len(sheet) == n_findings > 500
    # the bundled sample is named by its short name, not by a site-packages path
    assert data["inputs"][0]["file"] == "corpora/xiaoyi-2025.txt"
    assert data["inputs"][0]["warnings"][0].startswith("corpora/xiaoyi-2025.txt:")
    assert list(sheet.columns[:3]) == ["序号", "部门", "项目"]


def test_improvement_list_is_ready_for_tracking(audited):
    """整改清单: tracking columns for the units, values only in 指标值, clone partners and the
    shared text in their own columns, suggestions that name the row's indicator, 类型 beside 排名."""
    from collections import Counter

    import openpyxl
    import pandas as pd

    _, out = audited
    path = out / "整改清单.xlsx"
    book = pd.ExcelFile(path)  # the workbook read once for both sheets
    sheet = book.parse("整改清单", dtype=str).fillna("")
    for col in ("整改责任单位", "整改期限", "整改状态", "备注"):
        assert (sheet[col] == "").all()
    assert sheet["指纹"].str.fullmatch(r"[0-9a-f]{16}").all()  # the baseline fingerprint, for re-reading
    on_ind = sheet[sheet["指标"] != ""]
    assert sheet.loc[sheet["指标"] == "", "指标值"].eq("").all()  # no paragraph of text in 指标值
    assert on_ind["指标值"].str.len().max() <= 40
    # xiaoyi-2025#2's cloned texts: partners and the shared sentence, each in its own column
    clone = sheet[(sheet["规则"] == "NLP001") & (sheet["表单编号"] == "xiaoyi-2025#2")].iloc[0]
    assert "（xiaoyi-2025#3）" in clone["相关表单"] and "（xiaoyi-2025#38）" in clone["相关表单"]
    assert clone["涉及内容（相同文字、金额等）"].startswith("针对党政大楼部分基础设施进行完善")
    # every indicator row's suggestion names its indicator; VAL006 rows are not one generic text
    assert all(path_.split(" > ")[-1] in sugg for path_, sugg in zip(on_ind["指标"], on_ind["整改建议"], strict=True))
    val006 = Counter(sheet.loc[sheet["规则"] == "VAL006", "整改建议"])
    assert sum(val006.values()) == 371 and val006.most_common(1)[0][1] <= 20
    ranking = book.parse("项目得分")
    firsts = ranking[ranking["排名"] == 1]
    assert sorted(firsts["类型"]) == ["单位整体", "项目支出"]
    ws = openpyxl.load_workbook(path)["整改清单"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_parking_form_ranks_low_with_its_named_defects(audited):
    _, out = audited
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    ranked = sorted((p for p in data["projects"] if p["kind"] == "project"), key=lambda p: p["rank"])
    worst5 = ranked[-5:]
    # its annual half is blank, but its indicators are measurable: forms whose rows are slogans or
    # misfiled (the canteen forms, 办公经费项目) rank below it (tests/report/test_score_reviewer.py)
    parking = next(p for p in ranked[-20:] if p["project_name"] == PARKING)
    values = {(f["level3"], f["value"], f["category"]) for f in parking["findings"]}
    assert ("直接服务对象满意度", "≤4次", "unit_mismatch") in values
    assert ("安全事故发生次数", "≤0次", "impossible_value") in values
    assert "missing_annual_target" in {f["category"] for f in parking["findings"]}
    # the best forms are clearly better: no more than one error each, scores far above the worst
    assert all(sum(f["severity"] == "error" for f in p["findings"]) <= 1 for p in ranked[:5])
    assert min(p["score"] for p in ranked[:5]) > max(p["score"] for p in worst5) + 20


def test_json_to_stdout(seed_path):
    result = CliRunner().invoke(app, ["audit", str(seed_path), "-o", "-", "--format", "json"])
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["tool"]["name"] == "auditor" and len(data["projects"]) == 138


def test_folder_with_a_bad_file_is_audited_and_exits_2(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(seed_path, folder / "xiaoyi-2025.txt")
    (folder / "broken.pdf").write_bytes(b"\x00\x01\x02 not a pdf")
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["audit", str(folder), "-o", str(out), "-q", "--format", "json"])
    assert result.exit_code == 2
    data = json.loads((out / "findings.json").read_text(encoding="utf-8"))
    by_file = {i["file"].rsplit("/", 1)[-1]: i for i in data["inputs"]}
    assert by_file["broken.pdf"]["errors"] and by_file["broken.pdf"]["forms"] == 0
    assert by_file["xiaoyi-2025.txt"]["forms"] == 138 and not by_file["xiaoyi-2025.txt"]["errors"]
    assert len(data["projects"]) == 138


def test_input_text_is_escaped_in_html_and_terminal(tmp_path, seed_path, audited):
    # the worst form's name is replaced, so that the terminal's lowest-5 table prints it
    data = json.loads((audited[1] / "findings.json").read_text(encoding="utf-8"))
    worst = max((p for p in data["projects"] if p["kind"] == "project"), key=lambda p: p["rank"])
    evil = tmp_path / "evil.txt"
    evil.write_text(seed_path.read_text(encoding="utf-8").replace(worst["project_name"], EVIL), encoding="utf-8")
    out = tmp_path / "r"
    result = CliRunner().invoke(app, ["audit", str(evil), "-o", str(out), "--format", "html"],
                                env={"COLUMNS": "250"})
    assert result.exit_code == 1
    assert EVIL in result.stderr  # printed as written: rich did not eat [bold]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[bold]停车场" in html
    assert "<script>alert(1)" not in html


def test_bad_format_is_one_line_and_exit_2(seed_path):
    result = CliRunner().invoke(app, ["audit", str(seed_path), "--format", "pdf"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0 and "--format" in result.stderr


def test_stats_writes_csv_tables_and_html(tmp_path, seed_path):
    import pandas as pd

    out = tmp_path / "s"
    result = CliRunner().invoke(app, ["stats", str(seed_path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    quant = pd.read_csv(out / "quantified_share.csv")
    total = quant.iloc[0]
    assert total["一级指标"] == "（全部）" and 0.5 < total["量化占比"] < 0.95
    sat = quant[(quant["一级指标"] == "满意度指标") & (quant["二级指标"] == "服务对象满意度")].iloc[0]
    assert sat["量化占比"] > 0.9  # satisfaction targets are percentages
    top_values = pd.read_csv(out / "top_values.csv")
    assert top_values.iloc[0]["指标值"] == "100%"
    assert "明显" in set(top_values["指标值"].head(5))  # the seed's favourite vague value
    cats = pd.read_csv(out / "findings_by_category.csv")
    assert "vague_value" in set(cats["类别"])
    html = (out / "stats.html").read_text(encoding="utf-8")
    assert "量化指标值占比" in html and "<svg" in html


@pytest.mark.slow
def test_two_files_with_the_same_stem_do_not_mix(seed_doc, seed_audit):
    import copy

    from auditor.pipeline import audit as run_audit

    single = seed_audit  # the sample audited alone
    double = run_audit(documents=[copy.deepcopy(seed_doc), copy.deepcopy(seed_doc)])
    ids = [p.form.form_id for p in double.projects]
    assert len(ids) == len(set(ids)) == 276
    assert "xiaoyi-2025-2#2" in ids
    first = next(p for p in single.projects if p.form.form_id == "xiaoyi-2025#2")
    again = next(p for p in double.projects if p.form.form_id == "xiaoyi-2025#2")
    # the same form's own findings, not its twin's as well (cross checks differ: the twin is a clone)
    assert len(again.findings) == len(first.findings)
