"""Value grammar and indicator kinds.

- :func:`parse_value` — one 指标值 cell -> :class:`ParsedValue` (dimension, operator, number,
  unit, flags).  Cached; word lists in ``rules/lexicons/``.
- :func:`infer_kind` — (一级, 二级, 三级) -> :class:`KindInfo` (kind, polarity, expected dimensions).
- :func:`dimension_fits` — does a parsed value's dimension fit an indicator kind?
- :func:`value_repeats_name` — is the value just the indicator's name again?

See ``docs/values.md``.
"""

from __future__ import annotations

from auditor.values.checks import dimension_fits, value_repeats_name
from auditor.values.grammar import (
    DIMENSIONS,
    OPERATORS,
    QUANTITATIVE,
    ParsedValue,
    cn_to_number,
    normalise,
    parse_value,
)
from auditor.values.kinds import KINDS, POLARITIES, KindInfo, infer_kind

__all__ = [
    "DIMENSIONS",
    "KINDS",
    "OPERATORS",
    "POLARITIES",
    "QUANTITATIVE",
    "KindInfo",
    "ParsedValue",
    "cn_to_number",
    "dimension_fits",
    "infer_kind",
    "normalise",
    "parse_value",
    "value_repeats_name",
]
