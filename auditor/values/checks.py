"""Small answers the rule engine asks about a value and its indicator."""

from __future__ import annotations

import re
from functools import lru_cache

from auditor.values.grammar import ParsedValue, normalise, parse_value
from auditor.values.kinds import KindInfo
from auditor.values.lexicon import lexicon

# dimensions that say nothing about units: the unit check cannot decide on them
_UNDECIDABLE = frozenset({"empty", "text", "qualitative_vague"})


def dimension_fits(value: ParsedValue, kind: KindInfo) -> bool | None:
    """True/False when the value's dimension fits / does not fit the kind; None if undecidable.

    Undecidable: no expectation for the kind, an empty / free-text / vague value, or a bare
    number (``ratio``: the unit is missing, which is a malformed-value matter, not a mismatch),
    except that a bare number fits a rate (``100`` where % is implied).
    """
    if not kind.expected_dimensions or value.dimension in _UNDECIDABLE:
        return None
    if value.dimension == "ratio":
        return True if kind.is_rate or "percent" in kind.expected_dimensions else None
    dims = {value.dimension, value.effective_dimension}
    return bool(dims & kind.expected_dimensions)


@lru_cache(maxsize=8192)
def value_repeats_name(name: str, value: str) -> bool:
    """True when the value cell only repeats the indicator name (办事人员满意度 -> 办事人员满意度).

    Equal after normalisation, or a value of 4+ characters with no digit that is contained in
    the name (or is the name plus one character) and is not a graded/vague word of the lexicon.
    """
    n, v = normalise(name), normalise(value)
    if not n or not v:
        return False
    if n == v:
        return True
    if len(v) < 4 or re.search(r"\d", v):
        return False
    parsed = parse_value(value)
    if parsed.dimension in ("qualitative_graded",) or v in lexicon().vague:
        return False
    # the value inside the name (a name cut short), or the name plus at most one character
    return v in n or (n in v and len(n) >= 4 and len(v) <= len(n) + 1)
