"""Which finding wins (``supersedes:`` in the rule YAML, applied once by the engine), the baseline
silencing its own run, and every finding naming its form, row and location (issue 11)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from auditor.cli.app import app
from auditor.engine.loader import available_profiles

runner = CliRunner()


@pytest.fixture(autouse=True)
def _no_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no auditor.toml above tmp_path


@pytest.mark.slow
@pytest.mark.parametrize("profile", available_profiles())
def test_baseline_of_the_sample_silences_its_own_run(seed_path: Path, tmp_path: Path, profile: str) -> None:
    # before issue 11, 8 NLP003 findings hidden behind FRM004 resurfaced once FRM004 was accepted
    baseline = tmp_path / f"{profile}.json"
    first = runner.invoke(app, ["check", str(seed_path), "--profile", profile, "--write-baseline", str(baseline)])
    assert first.exit_code == 0, first.output
    accepted = json.loads(baseline.read_text(encoding="utf-8"))["entries"]
    assert len(accepted) > 100
    again = runner.invoke(app, ["check", str(seed_path), "--profile", profile, "--baseline", str(baseline),
                                "--format", "json"])
    assert again.exit_code == 0, again.output
    data = json.loads(again.stdout)
    assert data["summary"]["findings"] == 0
    assert data["summary"]["suppressed_by_baseline"] >= len(accepted)


def test_nlp007_alone_reports_the_slogan_the_lexical_rule_would(seed_path: Path) -> None:
    # 做好后勤保障 (line 851): IND002 reports it; with IND002 off nothing silenced NLP007 before issue 11
    alone = runner.invoke(app, ["check", str(seed_path), "--select", "NLP007", "--format", "json"])
    hits = [f for p in json.loads(alone.stdout)["projects"] for f in p["findings"] if f["line"] == 851]
    assert [(f["rule"], f["level3"]) for f in hits] == [("NLP007", "做好后勤保障")]
    both = runner.invoke(app, ["check", str(seed_path), "--select", "NLP007,IND002", "--format", "json"])
    hits = [f for p in json.loads(both.stdout)["projects"] for f in p["findings"] if f["line"] == 851]
    assert [f["rule"] for f in hits] == ["IND002"]


def test_shared_goal_names_its_form_and_partners(seed_doc, seed_form) -> None:
    from auditor import pipeline
    from auditor.engine import Options

    furniture = seed_form("办公家具及办公用品的配置项目")
    water = seed_form("各大楼水费项目")
    audit = pipeline.audit(documents=[seed_doc], options=Options(select=["NLP005"], no_config=True),
                           suggestions=False)
    hit = next(f for f in audit.cross_checks if f.value == "确保水的正常保障")
    assert (hit.form_id, hit.partners, hit.indicator) == (furniture.form_id, [water.form_id], None)
    assert hit.location is not None and hit.location.to_dict() == {"line": 811}
    page = next(p for p in audit.projects if p.form is furniture)
    assert hit in page.cross and page.deducted(hit) > 0  # on its page and in its score
    from auditor.report.xlsx import FINDING_HEADERS, finding_rows

    quoted = [h for h, _ in FINDING_HEADERS].index("涉及内容（相同文字、金额等）")  # not 指标值: not an indicator
    row = next(r for r in finding_rows(audit) if r[quoted] == "确保水的正常保障")
    assert (row[2], row[3]) == ("办公家具及办公用品的配置项目", furniture.form_id)  # its 整改清单 row


def test_indicator_findings_name_their_row(seed_doc, seed_form) -> None:
    from auditor import pipeline
    from auditor.engine import Options

    run = pipeline.check(documents=[seed_doc], options=Options(select=["IND002", "VAL"], no_config=True))
    findings = run.check.all_findings()
    assert findings
    forms = {f.form_id: f for d in run.documents for f in d.forms}
    for f in findings:
        assert f.form_id in forms and f.location is not None
        if f.level3 is not None:
            row = forms[f.form_id].indicators[f.indicator]
            assert f.level3 in (row.level3, row.annual_level3) and f.line in (row.line, row.annual_line)
