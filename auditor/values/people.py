"""Names that say whose satisfaction, not what is measured (工作人员 under 满意度指标).

Shared by the lexical vague-name rule (IND002) and the classifier's misfiled-indicator rule (NLP006):
each passes its own word lists (``rules/lexicons/people_words.txt``
and the satisfaction headings of its params), so no rule reads another rule's parameters.
"""

from __future__ import annotations

from collections.abc import Iterable

_SAYS_SATISFIED = "满意"  # a name with it (服务对象满意度) measures satisfaction itself


def ends_with_people(name: str, words: Iterable[str]) -> bool:
    """The name ends with a group of people (工作人员, 服务对象, 师生)."""
    return any(name.endswith(w) for w in words)


def names_people_under_satisfaction(name: str, heading: str, words: Iterable[str],
                                    headings: Iterable[str]) -> bool:
    """Under a satisfaction heading (one of ``headings`` in ``heading``, e.g. 满意度 in
    效益指标满意度指标), a ``name`` that ends with a group of people and does not itself say 满意:
    it names whose satisfaction (大楼工作人员) but not what is measured."""
    return (
        any(h in heading for h in headings)
        and _SAYS_SATISFIED not in name
        and ends_with_people(name, words)
    )
