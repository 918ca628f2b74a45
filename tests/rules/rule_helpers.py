"""Run one rule on a case (the YAML case format of auditor.engine.cases)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from auditor.engine import Options, run
from auditor.engine.cases import FIRST_ROW_LINE, build_document
from auditor.model import Finding

CASES_DIR = Path(__file__).parent / "cases"


def load_cases() -> list[tuple[str, str, dict[str, Any]]]:
    """(rule code, case name, case) for every fixture file."""
    out = []
    for path in sorted(CASES_DIR.glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, case in data["cases"].items():
            out.append((data["rule"], name, case))
    return out


def run_rule(code: str, case: dict[str, Any]) -> list[Finding]:
    """Findings of ``code`` on the case, sorted by line: the rule alone, or with the rules listed
    under the case's ``also:`` (to show which finding wins, ``supersedes:``)."""
    config = case.get("config") or {}
    params = {code: config["params"]} if config.get("params") else {}
    options = Options(select=[code, *case.get("also", [])], no_config=True, preview=True, params=params)
    result = run([build_document(case, name="case")], options)
    assert not result.errors, result.errors
    found = [f for f in result.all_findings() if f.rule == code]
    return sorted(found, key=lambda f: (f.line or 0, f.column or ""))


def matches(finding: Finding, expect: dict[str, Any]) -> bool:
    if "row" in expect and finding.line != FIRST_ROW_LINE + expect["row"] - 1:
        return False
    if "line" in expect and finding.line != expect["line"]:
        return False
    if "column" in expect and finding.column != expect["column"]:
        return False
    return "contains" not in expect or str(expect["contains"]) in finding.message
