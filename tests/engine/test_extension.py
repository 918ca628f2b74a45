"""Rules from another folder with a check registered outside the engine (how the NLP rules plug in),
and "which finding wins" (``supersedes:``) between a bundled rule and an extension rule."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.engine import Options, check, run
from auditor.engine.cases import build_document
from auditor.errors import ConfigError


@check("test_same_goal_everywhere", "corpus")
def _same_goal(documents, rule):
    for document in documents:
        for form in document.forms:
            if form.goals.period == rule.params["goal"]:
                yield rule.finding(form, column="period", value=form.goals.period, line=form.field_lines.get("goals"))


RULE_YAML = """
rules:
  - code: TST001
    name: test-shared-goal
    category: generic_goal
    severity: warning
    scope: corpus
    check: test_same_goal_everywhere
    summary: 测试规则
    params: {goal: "目标1:完成年度目标100%"}
    message: "总体目标“{value}”与其他项目相同"
    suggestion: null
    doc:
      why: 测试
      bad: [{form: {goals: {period: "目标1:完成年度目标100%"}}, rows: []}]
      good: [{rows: []}]
"""

CASE = {"form": {"goals": {"period": "目标1:完成年度目标100%", "annual": "目标1:完成年度目标100%"}}, "rows": []}


def test_extra_rule_folder_and_merge_with_lexical_rule(tmp_path: Path) -> None:
    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "extra.yaml").write_text(RULE_YAML, encoding="utf-8")
    only_extra = run([build_document(CASE)], Options(no_config=True, rule_paths=[str(folder)], select=["TST001"]))
    assert [f.rule for f in only_extra.all_findings()] == ["TST001"]
    both = run([build_document(CASE)], Options(no_config=True, rule_paths=[str(folder)], select=["TST001", "FRM004"]))
    # the same goal flagged by the lexical FRM004 and the corpus TST001: both report it ...
    assert sorted(f.rule for f in both.all_findings()) == ["FRM004", "TST001"] and both.superseded == 0
    # ... unless the extension says which one wins
    (folder / "extra.yaml").write_text(RULE_YAML.replace("    summary:", "    supersedes: [FRM004]\n    summary:"),
                                       encoding="utf-8")
    from auditor.engine.loader import _load_specs_cached

    _load_specs_cached.cache_clear()
    once = run([build_document(CASE)], Options(no_config=True, rule_paths=[str(folder)], select=["TST001", "FRM004"]))
    assert [f.rule for f in once.all_findings()] == ["TST001"] and once.superseded == 1
    # a superseding rule that is switched off silences nothing
    alone = run([build_document(CASE)], Options(no_config=True, rule_paths=[str(folder)], select=["FRM004"]))
    assert [f.rule for f in alone.all_findings()] == ["FRM004"]


def test_rule_file_errors_name_the_file(tmp_path: Path) -> None:
    folder = tmp_path / "bad"
    folder.mkdir()
    (folder / "broken.yaml").write_text(RULE_YAML.replace("generic_goal", "no_such_category"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"broken\.yaml.*TST001.*category"):
        run([build_document(CASE)], Options(no_config=True, rule_paths=[str(folder)]))
    (folder / "broken.yaml").write_text(RULE_YAML.replace("test_same_goal_everywhere", "nowhere"), encoding="utf-8")
    with pytest.raises(ConfigError, match="nowhere"):
        run([build_document(CASE)], Options(no_config=True, rule_paths=[str(folder)], select=["TST001"]))
