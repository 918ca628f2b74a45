"""A value read together with its indicator's name: the unit a name supplies, a count the name
implies, an Excel serial date under a time indicator (word lists: ``rules/lexicons/name_units.yaml``).

:func:`parse_in_context` is what the measuring rules use: it returns :func:`parse_value`'s reading
unchanged unless the value is a bare number that the name completes.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from auditor.resources import read_yaml, rules_dir
from auditor.values.grammar import ParsedValue, normalise, parse_value


@dataclass(frozen=True, slots=True)
class _Implied:
    dimension: str
    endings: tuple[str, ...]
    none: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class NameUnits:
    bracket: re.Pattern[str]
    implied: tuple[_Implied, ...]
    serial_min: int
    serial_max: int
    serial_kinds: frozenset[str]


@cache
def name_units() -> NameUnits:
    """``rules/lexicons/name_units.yaml``, loaded once."""
    data = read_yaml(rules_dir() / "lexicons" / "name_units.yaml") or {}
    serial = data.get("excel_serial_dates") or {}
    return NameUnits(
        bracket=re.compile(str(data.get("bracket_unit") or r"\((?P<unit>[^()]{1,6})\)$")),
        implied=tuple(
            _Implied(str(i["dimension"]), tuple(sorted(map(str, i.get("endings") or ()), key=len, reverse=True)),
                     tuple(map(str, i.get("none") or ())))
            for i in data.get("implied") or ()
        ),
        serial_min=int(serial.get("min", 36526)),
        serial_max=int(serial.get("max", 55153)),
        serial_kinds=frozenset(map(str, serial.get("kinds") or ())),
    )


@lru_cache(maxsize=8192)
def unit_in_name(name: str) -> str | None:
    """The unit in brackets at the end of the name (``保障在职职工人数(人)`` -> ``人``), when the
    bracket holds a unit the grammar knows (``1(人)`` parses as a quantity with that unit)."""
    match = name_units().bracket.search((name or "").strip())
    if match is None:
        return None
    unit = match["unit"].strip()
    probe = parse_value(f"1{unit}")
    if probe.unitless or probe.dimension not in ("percent", "score", "money", "duration", "count", "area",
                                                "length", "volume", "weight", "rate_per_unit"):
        return None
    return unit


@lru_cache(maxsize=8192)
def implied_dimension(name: str) -> str | None:
    """The dimension a name implies for a bare number (``出差人数`` -> count, ``服务周期`` -> duration)."""
    key = normalise(name)
    key = name_units().bracket.sub("", key)
    for item in name_units().implied:
        if any(key.endswith(e) for e in item.endings) and not any(w in key for w in item.none):
            return item.dimension
    return None


def excel_serial_date(number: float) -> dt.date:
    """The date an Excel serial number stands for (1900 date system)."""
    return dt.date(1899, 12, 30) + dt.timedelta(days=int(number))


@lru_cache(maxsize=8192)
def parse_in_context(value: str, name: str = "", kind: str | None = None) -> ParsedValue:
    """:func:`parse_value`, completed by the indicator's name (and kind) when the value is a bare
    number: the name's bracketed unit, a count or duration the name implies, an Excel serial date
    under a time indicator. ``reasons`` then carries ``unit-from-name``, ``implied-by-name`` or
    ``excel-serial-date``."""
    pv = parse_value(value)
    if not pv.unitless or pv.dimension != "ratio" or pv.malformed:
        return pv
    unit = unit_in_name(name)
    if unit:
        again = parse_value(f"{value}{unit}")
        if not again.unitless:
            return replace(again, raw=pv.raw, text=pv.text, reasons=(*again.reasons, "unit-from-name"))
    units = name_units()
    if kind in units.serial_kinds and pv.numbers and all(
        units.serial_min <= n <= units.serial_max and float(n).is_integer() for n in pv.numbers
    ):
        day = excel_serial_date(max(pv.numbers))
        return replace(pv, dimension="deadline", unitless=False, number=None, date=(day.year, day.month, day.day),
                       reasons=(*pv.reasons, "excel-serial-date"))
    implied = implied_dimension(name)
    if implied:
        return replace(pv, dimension=implied, unitless=False, reasons=(*pv.reasons, "implied-by-name"))
    return pv
