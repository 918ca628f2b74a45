"""Rule engine: YAML rule specs, registered check functions, profiles, config, selection, baseline.

Public API::

    from auditor.engine import run, Options
    result = run([document], Options(select=["VAL"], profile="default"))
    result.by_form["xiaoyi-2025#17"]      # findings of one form, sorted by line
    result.cross_checks                    # findings not tied to one form (with partners)
"""

from __future__ import annotations

from auditor.engine.config import Options
from auditor.engine.engine import CheckResult, run, select_rules
from auditor.engine.registry import Rule, check
from auditor.engine.spec import RuleSpec

__all__ = ["CheckResult", "Options", "Rule", "RuleSpec", "check", "run", "select_rules"]
