"""Pair the forms of two sides by department + project name: exact first, then fuzzy (rapidfuzz).

Thresholds live in ``rules/compare.yaml`` (``match``). A fuzzy pair below ``sure`` is kept but
marked unsure so that the report asks a person to check it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from auditor.compare.side import SideForm
from auditor.model import compact


@dataclass(frozen=True, slots=True)
class MatchSpec:
    sure: float
    unsure: float
    department_penalty: float


@cache
def match_spec() -> MatchSpec:
    from auditor.resources import rules_section

    data = rules_section("compare.yaml", "match")
    return MatchSpec(float(data.get("sure", 92)), float(data.get("unsure", 60)),
                     float(data.get("department_penalty", 10)))


@dataclass(slots=True)
class Pair:
    old: SideForm | None
    new: SideForm | None
    similarity: float = 100.0  # name similarity 0..100 (100 = same name)

    @property
    def unsure(self) -> bool:
        return self.old is not None and self.new is not None and self.similarity < match_spec().sure


def _key(form: SideForm) -> tuple[str, str, str]:
    return (form.kind, compact(form.department), compact(form.project_name))


def pair_forms(old: list[SideForm], new: list[SideForm], spec: MatchSpec | None = None) -> list[Pair]:
    """Pairs in the new side's order (then the vanished old forms): exact matches of kind +
    department + name (repeated names paired in document order), then the best fuzzy match of
    the rest, greedily by similarity."""
    from rapidfuzz import fuzz

    spec = spec or match_spec()
    waiting: dict[tuple[str, str, str], list[int]] = {}
    for i, form in enumerate(old):
        waiting.setdefault(_key(form), []).append(i)
    partner: dict[int, tuple[int, float]] = {}  # new index -> (old index, similarity)
    for j, form in enumerate(new):
        queue = waiting.get(_key(form))
        if queue:
            partner[j] = (queue.pop(0), 100.0)
    used = {i for i, _ in partner.values()}
    left_old = [i for i in range(len(old)) if i not in used]
    left_new = [j for j in range(len(new)) if j not in partner]
    candidates: list[tuple[float, int, int]] = []
    for j in left_new:
        b = new[j]
        for i in left_old:
            a = old[i]
            if a.kind != b.kind:
                continue
            score = float(fuzz.ratio(compact(a.project_name), compact(b.project_name)))
            if compact(a.department) != compact(b.department):
                score -= spec.department_penalty
            if score >= spec.unsure:
                candidates.append((score, i, j))
    candidates.sort(key=lambda c: (-c[0], c[2], c[1]))
    taken_old: set[int] = set()
    for score, i, j in candidates:
        if i in taken_old or j in partner:
            continue
        partner[j] = (i, round(score, 1))
        taken_old.add(i)
    used |= taken_old
    pairs = [Pair(old[partner[j][0]], b, partner[j][1]) if j in partner else Pair(None, b, 0.0)
             for j, b in enumerate(new)]
    pairs += [Pair(a, None, 0.0) for i, a in enumerate(old) if i not in used]
    return pairs
