"""One defect is charged once: findings that restate another on the same cells are merged in the
score (the list still shows them, with 0 points and the finding they restate).

Two findings restate one defect when they fall in the same scoring dimension and

- are about the same value cell of one row (满意度 ``≤4次``: unit wrong *and* direction wrong), or
- are about the same indicator name of one row (the lexical and the model rule both call
  ``耐心工作`` unmeasurable), or
- are form-level findings of a category listed in ``merge_form_categories`` of
  ``rules/weights.yaml`` (an empty annual goal and empty annual values: one empty annual half).

Of each group the most severe finding is charged (it comes first in the scoring order).
"""

from __future__ import annotations

from collections.abc import Hashable

from auditor.model import Finding, compact
from auditor.score.weights import Weights


def restatement_key(finding: Finding, weights: Weights) -> Hashable | None:
    """The defect a finding is about, or None when it merges with nothing."""
    dim = weights.dimension_of(finding.category)
    form = finding.form_id or ""
    if finding.category in weights.indicator_categories and (finding.level3 is not None or finding.value):
        if finding.value:
            return ("cell", dim, form, finding.line, compact(finding.value))
        return ("name", dim, form, finding.line, compact(finding.level3))
    if finding.category in weights.merge_form_categories:
        return ("form", dim, form, finding.category)
    return None


class Merger:
    """Remembers the first (charged) finding of each defect while a form's findings are scored."""

    def __init__(self, weights: Weights) -> None:
        self.weights = weights
        self.first: dict[Hashable, Finding] = {}

    def restates(self, finding: Finding) -> Finding | None:
        """The already charged finding this one restates, or None (then it is charged)."""
        key = restatement_key(finding, self.weights)
        if key is None:
            return None
        earlier = self.first.get(key)
        if earlier is None:
            self.first[key] = finding
        return earlier
