"""Helpers shared by checks: text normalisation, value iteration, compiled param patterns, money formatting."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

from auditor.model import Indicator, compact

_PUNCT = re.compile(r"[\s,，。.;；:：、!！?？\"'“”‘’()（）\[\]【】<>《》…\-—_/·]+")


clean = compact  # NFKC, no whitespace: for comparing values


@lru_cache(maxsize=1 << 16)  # names and headings repeat across a corpus
def norm(text: str | None) -> str:
    """NFKC, no whitespace or punctuation: for comparing names."""
    if not text:
        return ""
    return _PUNCT.sub("", unicodedata.normalize("NFKC", text))


def columns(indicator: Indicator) -> Iterator[tuple[str, str, int]]:
    """(column, value, line) for each filled value; the annual value is skipped when it repeats
    the period value, so one defect is reported once (at the period row, as 实施期和年度)."""
    if indicator.period_value:
        yield "period", indicator.period_value, indicator.line
    if indicator.annual_value and not (indicator.period_value and indicator.annual_repeats_period):
        yield "annual", indicator.annual_value, indicator.line_of("annual")


_MEMOS: dict[int, tuple[dict, dict]] = {}  # id(params) -> (params, its memo)


def memo_for(params: dict) -> dict:
    """A scratch dict for one rule's effective params (a check's results that depend only on them
    and on what it is given, kept across forms): a new one when the params object is new."""
    entry = _MEMOS.get(id(params))
    if entry is None or entry[0] is not params:
        entry = _MEMOS[id(params)] = (params, {})
    return entry[1]


@lru_cache(maxsize=64)
def compiled(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """The regular expressions of a rule param, compiled once per distinct list."""
    return tuple(re.compile(p) for p in patterns)


def fmt_yuan(amount: float | None) -> str:
    if amount is None:
        return "空"
    if abs(amount - round(amount)) < 0.005:
        return f"{round(amount):,}元"
    return f"{amount:,.2f}元"


def any_in(text: str, words: list[str] | tuple[str, ...]) -> bool:
    return any(w in text for w in words)
