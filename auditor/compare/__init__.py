"""``auditor compare OLD NEW``: what changed between two audits (a revision, or two budget years).

::

    from auditor.compare import compare, load_side
    cmp = compare(load_side("reports/xiaoyi-2025"), load_side("revised/xiaoyi-2025.txt"))
    cmp.count("fixed"), cmp.count("new"), cmp.flags("lowered")
"""

from __future__ import annotations

from auditor.compare.core import Comparison, FindingChange, ProjectDiff, TargetFlag, compare, summary
from auditor.compare.side import Side, SideForm, load_side, side_from_audit

__all__ = [
    "Comparison",
    "FindingChange",
    "ProjectDiff",
    "Side",
    "SideForm",
    "TargetFlag",
    "compare",
    "load_side",
    "side_from_audit",
    "summary",
]
