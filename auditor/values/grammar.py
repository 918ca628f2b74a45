"""The value grammar: one 指标值 cell -> :class:`ParsedValue`.

Order of the grammar (first match wins):

1. empty / placeholder -> ``empty``
2. "none happen" phrases (不发生消防事故, 全年无故障) -> ``count`` ``= 0``
3. a whole grading scale copied (高中低) -> ``qualitative_vague``; whole-value graded words and
   patterns (达到预期, 好, 所有机组正常运行) -> ``qualitative_graded``
4. deadlines (12月底前, 每年5月20日前完成, 2024.3.20, 年底前) -> ``deadline``
5. named references (≦中标价, 中标价≤预算价, ≤合同天数) -> the reference's dimension
6. quantities: [subject][scope|每X][operator] number [- number] [unit|counter] [/per…] [以上|以内…]
7. vague words (明显, 提高, 健全, 得到有效保障, 若干种) and slogans (严格执行相关制度规定) ->
   ``qualitative_vague``
8. anything else -> ``text`` (malformed when it is a unit with no number, 应保尽保%, or a measure's
   name, 知识更新率)

Every word list comes from ``rules/lexicons/`` (see :mod:`auditor.values.lexicon`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import cast

from auditor.values.lexicon import Lexicon, lexicon
from auditor.values.simplify import to_simplified

DIMENSIONS: tuple[str, ...] = (
    "percent",
    "score",
    "money",
    "duration",
    "deadline",
    "count",
    "area",
    "length",
    "volume",
    "weight",
    "rate_per_unit",
    "ratio",
    "qualitative_graded",
    "qualitative_vague",
    "text",
    "empty",
)
QUANTITATIVE: frozenset[str] = frozenset(
    {"percent", "score", "money", "duration", "count", "area", "length", "volume", "weight", "rate_per_unit", "ratio"}
)
OPERATORS: tuple[str, ...] = (">=", "<=", ">", "<", "=", "!=")


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A parsed indicator value.  ``number`` is in the value's own ``unit``."""

    raw: str
    text: str  # normalised: NFKC, no whitespace
    dimension: str  # one of DIMENSIONS
    operator: str | None = None  # one of OPERATORS
    number: float | None = None
    number_high: float | None = None  # upper end of a range (90%-95%, 3至5次)
    unit: str | None = None  # canonical unit (%, 元, 万元, 天, 小时, 平方米 …) or counter (次, 个 …)
    counter: str | None = None  # the counting word of a count (次, 个, 人, 栋 …)
    money_yuan: float | None = None  # money (or money per unit) converted to 元
    base_dimension: str | None = None  # for rate_per_unit: dimension of the numerator
    per: str | None = None  # non-time denominator: 平方米, 人, 套, 班 …
    period: str | None = None  # time denominator or scope: 年, 月, 日 … (每年, /年, 全年)
    reference: str | None = None  # named reference: 中标价, 预算价, 合同天数 …
    reference_rhs: str | None = None  # right side of 中标价≤预算价
    date: tuple[int | None, int | None, int | None] | None = None  # deadline (year, month, day)
    numbers: tuple[float, ...] = ()  # every number found (室内16000m² 室外2000m²)
    rest: str = ""  # text the grammar did not consume (a subject such as 安全, 通过率)
    truncated: bool = False
    malformed: bool = False
    vague: bool = False
    graded: bool = False
    ceiling: bool = False  # a percentage at (or above) 100 bounded from below or exact
    unitless: bool = False  # a number with no unit (dimension ratio, or a per-rate without unit)
    zero_phrase: bool = False  # "none happen" written in words (不发生消防事故)
    reasons: tuple[str, ...] = ()  # machine codes explaining flags, e.g. "percent-typo"

    @property
    def bound(self) -> str | None:
        """``"min"`` for >= / >, ``"max"`` for <= / <, ``"exact"`` for =, ``"not"`` for !=."""
        return {">=": "min", ">": "min", "<=": "max", "<": "max", "=": "exact", "!=": "not"}.get(
            self.operator or ""
        )

    @property
    def is_quantitative(self) -> bool:
        return self.dimension in QUANTITATIVE or (self.dimension == "deadline")

    @property
    def effective_dimension(self) -> str:
        """The dimension to compare with an indicator's expectation.

        A frequency (``1次/月``, ``<3起/年``, ``≤110万元/年``) has a time denominator only: it
        counts as its numerator's dimension.  A true unit rate (``45元/平方米``) stays
        ``rate_per_unit``.
        """
        if self.dimension == "rate_per_unit" and self.per is None and self.base_dimension:
            return self.base_dimension
        return self.dimension


_SPACE_RE = re.compile(r"\s+")
_BRACKETS = str.maketrans({c: "" for c in "《》「」『』“”\"'‘’【】"})
_EXTRA_CHARS = str.maketrans({"≦": "≤", "≧": "≥", "〜": "~", "～": "~", "－": "-", "–": "-", "—": "-"})
_NUMBER_RE = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")
_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000, "万": 10000, "亿": 100000000}
_CN_NUM_RE = re.compile(r"[零〇一二两三四五六七八九十百千万亿]+")
_TRAILING_PUNCT = "。.;；,，、:："


def normalise(text: str) -> str:
    """NFKC (full-width -> ASCII, ㎡ -> m2, ² -> 2), simplified characters (萬元 -> 万元), no
    whitespace, no quote/book-title marks, no annotations of ``rules/lexicons/units.yaml``
    (pinyin a mirror site put after each character: 應(yīng))."""
    text = unicodedata.normalize("NFKC", to_simplified(text or "")).translate(_EXTRA_CHARS)
    text = _SPACE_RE.sub("", text)
    for pattern in lexicon().annotations:
        text = pattern.sub("", text)
    return text.translate(_BRACKETS)


def cn_to_number(text: str) -> float | None:
    """Convert a Chinese numeral (三, 十二, 两百, 三万五千, 一) to a number; None if not one."""
    if not text or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in text):
        return None
    total = 0
    section = 0
    digit: int | None = None
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
            continue
        unit = _CN_UNITS[ch]
        if unit >= 10000:
            section = (section + (digit or 0)) * unit
            total += section
            section = 0
        else:
            section += (1 if digit is None else digit) * unit
        digit = None
    return float(total + section + (digit or 0))


# ---------------------------------------------------------------------------
# small lexicon helpers


def _starts(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if w and text.startswith(w)), None)


def _ends(text: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if w and text.endswith(w)), None)


def _unit_at(text: str, lex: Lexicon) -> str | None:
    """Longest unit alias or counter at the start of ``text``."""
    return _starts(text, lex.unit_alias_order)


def _is_truncated(text: str, lex: Lexicon) -> bool:
    if not text:
        return False
    if _ends(text, lex.trunc_separators):
        return _ends(text, lex.trunc_whole) is None  # 不涉及, 参与: whole words ending so
    if len(text) < 3:
        return False
    if _ends(text, lex.trunc_words) or _ends(text, lex.trunc_whole):
        return False
    for word in lex.trunc_words:
        for k in range(len(word) - 1, 0, -1):
            if text.endswith(word[:k]):
                return True
    return False


def _strip_vague(text: str, lex: Lexicon) -> str:
    """Remove vague words and modifiers from the front, repeatedly; return what is left."""
    words = tuple(sorted(lex.vague + lex.vague_modifiers, key=lambda w: (-len(w), w)))
    rest = text
    while rest:
        word = _starts(rest, words)
        if word is None:
            break
        rest = rest[len(word):]
    return rest


def _contains_vague(text: str, lex: Lexicon) -> bool:
    return any(w in text for w in lex.vague)


def _is_slogan(text: str, lex: Lexicon) -> bool:
    """严格执行相关制度规定: an intensity adverb and a verb of carrying out, no number."""
    return not re.search(r"\d", text) and any(p.match(text) for p in lex.vague_patterns)


def _scale_levels(text: str, lex: Lexicon) -> int:
    """How many levels of a grading scale the whole value lists (高中低 -> 3); 0 if it is not one."""
    rest, levels = text, []
    while rest:
        sep = _starts(rest, lex.scale_separators)
        if sep:
            rest = rest[len(sep):]
            continue
        grade = _starts(rest, lex.scale_grades)
        if grade is None:
            return 0
        levels.append(grade)
        rest = rest[len(grade):]
    return len(set(levels))


def _names_measure(text: str, lex: Lexicon) -> bool:
    """知识更新率: a digit-free value that is the name of a measure, not a target."""
    return len(text) >= 3 and not re.search(r"\d", text) and _ends(text, lex.measure_endings) is not None


# ---------------------------------------------------------------------------
# deadlines

_CLOCK_RE = re.compile(r"(?<!\d)(?:[01]?\d|2[0-4]):[0-5]\d")
_ISO_RE = re.compile(r"(?P<year>\d{4})[.\-/](?P<month>1[0-2]|0?[1-9])[.\-/](?P<day>[12]\d|3[01]|0?[1-9])(?!\d)")


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=lambda w: (-len(w), w)))


@dataclass(frozen=True, slots=True)
class _DeadlinePatterns:
    date: re.Pattern[str]
    year_mark: re.Pattern[str]
    year_only: re.Pattern[str]
    suffix: re.Pattern[str]
    recurrence: re.Pattern[str]


@lru_cache(maxsize=1)
def _deadline_patterns() -> _DeadlinePatterns:
    d = lexicon().deadlines
    year = r"(?:(?P<year>\d{4})年)?"
    month = r"(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月"
    day = r"(?:(?P<day>[12]\d|3[01]|0?[1-9])[日号])?"
    return _DeadlinePatterns(
        date=re.compile(year + month + day + f"(?P<mark>{_alt(d['month_marks'])})?"),
        year_mark=re.compile(
            f"(?:(?P<year>\\d{{4}})年)?(?P<mark>{_alt(d['year_marks'])})"
            f"|(?P<year2>\\d{{4}})年(?P<mark2>{_alt(d['year_suffixes'])})"
        ),
        year_only=re.compile(
            f"^(?P<year>(?:19|20)\\d{{2}})年度?(?P<suffix>{_alt(d['suffixes'] + d['month_marks'])})?$"
        ),
        suffix=re.compile(f"^(?:{_alt(d['suffixes'])})"),
        recurrence=re.compile(f"^(?:{_alt(tuple(d['recurrence']))})"),
    )


def _month_number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    value = cn_to_number(token)
    return int(value) if value else None


def _parse_deadline(text: str) -> tuple[tuple[int | None, int | None, int | None], str | None, str] | None:
    """Return ((year, month, day), operator, leftover) when ``text`` states a deadline."""
    pats = _deadline_patterns()
    d = lexicon().deadlines
    upper, year_end = d["upper_marks"], d["end_of_year_marks"]
    match = pats.year_only.match(text)
    if match:
        suffix = match["suffix"]
        month = 12 if suffix in year_end else None
        return (int(match["year"]), month, None), ("<=" if suffix else None), ""
    match = _ISO_RE.search(text)
    if match:
        date: tuple[int | None, int | None, int | None] = (int(match["year"]), int(match["month"]), int(match["day"]))
        after = text[match.end():]
        op = "<=" if pats.suffix.match(after) else None
        return date, op, text[: match.start()] + after
    match = pats.date.search(text)
    if match:
        has_marker = bool(match["year"] or match["day"] or match["mark"])
        after = text[match.end():]
        suffix = pats.suffix.match(after)
        before = text[: match.start()]
        # "≥1月" / "6月内" are durations (months), not dates
        is_date = has_marker or (suffix and not after.startswith(d["month_duration_suffixes"]))
        if is_date and (not before or pats.recurrence.match(before) or not re.search(r"\d$", before)):
            year = int(match["year"]) if match["year"] else None
            date = (year, _month_number(match["month"]), int(match["day"]) if match["day"] else None)
            op = "<=" if (suffix or match["mark"] in upper) else None
            return date, op, before + after
    match = pats.year_mark.search(text)
    if match:
        year_text = match["year"] or match["year2"]
        mark = match["mark"] or match["mark2"] or ""
        after = text[match.end():]
        op = "<=" if (pats.suffix.match(after) or mark in upper) else None
        month = 12 if mark in year_end else None
        return (int(year_text) if year_text else None, month, None), op, text[: match.start()] + after
    return None


@lru_cache(maxsize=1)
def _date_range_re() -> re.Pattern[str]:
    seps = _alt(lexicon().range_separators)
    year = r"(?:19|20)\d{2}"
    month = r"(?:1[0-2]|0?[1-9])"
    day = r"(?:3[01]|[12]\d|0?[1-9])"
    return re.compile(
        rf"^(?P<y1>{year})(?:年|[./])(?P<m1>{month})(?:月|[./])?(?:(?P<d1>{day})[日号]?)?"
        rf"(?:{seps})"
        rf"(?:(?P<y2>{year})(?:年|[./]))?(?P<m2>{month})(?:月|[./])?(?:(?P<d2>{day})[日号]?)?$"
    )


def _parse_date_range(text: str, lex: Lexicon) -> tuple[int | None, int | None, int | None] | None:
    """The end of a date range (2024.1-2024.12, 2024年1-12月, 2024.01.01-2024.12.31): the deadline."""
    match = _date_range_re().match(text)
    if match is None:
        return None
    year = int(match["y2"] or match["y1"])
    day = int(match["d2"]) if match["d2"] else None
    if int(match["y1"]) > year:
        return None
    return year, int(match["m2"]), day


# ---------------------------------------------------------------------------
# quantities


@dataclass(slots=True)
class _Quantity:
    number: float
    high: float | None = None
    unit: str | None = None
    counter: str | None = None
    dimension: str | None = None
    factor: float | None = None
    per: str | None = None
    period: str | None = None
    explicit_rate: bool = False
    suffix_op: str | None = None
    end: int = 0  # index in the text after the quantity
    multiplied: bool = False


def _normalise_per(word: str, lex: Lexicon) -> tuple[str | None, str | None]:
    """(per, period) for a denominator word: time words give a period, others a per-unit."""
    if word in lex.period_aliases:
        return None, lex.period_aliases[word]
    if word in lex.per_time:
        return None, word
    entry = lex.unit_aliases.get(word)
    if entry is not None:
        if entry.dimension == "duration":
            return None, entry.unit
        return entry.unit, None
    return word, None


def _read_per_word(text: str, lex: Lexicon) -> str | None:
    """A denominator word at the start of ``text`` (unit alias, counter or time word)."""
    candidates = tuple(sorted(set(lex.unit_alias_order) | lex.per_time, key=lambda w: (-len(w), w)))
    word = _starts(text, candidates)
    if word is None:
        match = re.match(r"[\u4e00-\u9fff]", text)
        word = match.group(0) if match else None
    return word


def _read_unit(text: str, lex: Lexicon, q: _Quantity) -> int:
    """Read a unit (with an optional bare multiplier before it) at the start; return chars used."""
    alias = _unit_at(text, lex)
    used = 0
    if alias is None and text[:1] in lex.multipliers:
        follow = _unit_at(text[1:], lex)
        q.number *= lex.multipliers[text[0]]
        q.multiplied = True
        used = 1
        alias = follow
    if alias is None:
        return used
    entry = lex.unit_aliases.get(alias)
    if entry is not None:
        q.unit, q.dimension, q.factor = entry.unit, entry.dimension, entry.factor
    else:
        q.unit, q.counter, q.dimension = alias, alias, "count"
    return used + len(alias)


def _read_quantity(text: str, start: int, number: float, lex: Lexicon) -> _Quantity:
    """Read what follows a number at ``start``: range, unit, per-denominators, suffix operator."""
    q = _Quantity(number=number)
    pos = start
    pos += _read_unit(text[pos:], lex, q)
    # range: 90%-95%, 3至5次, 3-5次
    sep = _starts(text[pos:], lex.range_separators)
    if sep:
        m = _NUMBER_RE.match(text, pos + len(sep))
        if m:
            high = _Quantity(number=_to_float(m.group(0)))
            after = m.end() + _read_unit(text[m.end():], lex, high)
            if q.unit is None or high.unit in (None, q.unit):
                q.high = high.number
                if q.unit is None and high.unit is not None:
                    q.unit, q.counter, q.dimension, q.factor = high.unit, high.counter, high.dimension, high.factor
                pos = after
    # denominators: /平方米, /套/年, 每天
    while pos < len(text):
        sep = _starts(text[pos:], lex.per_separators)
        if sep is None:
            break
        word = _read_per_word(text[pos + len(sep):], lex)
        if word is None:
            break
        pos += len(sep) + len(word)
        per, period = _normalise_per(word, lex)
        q.explicit_rate = True
        if per and not q.per:
            q.per = per
        if period and not q.period:
            q.period = period
    suffix = _starts(text[pos:], tuple(w for w, _ in lex.op_suffix))
    if suffix:
        q.suffix_op = dict(lex.op_suffix)[suffix]
        pos += len(suffix)
    q.end = pos
    return q


def _to_float(token: str) -> float:
    return float(token.replace(",", ""))


def _find_number(text: str, lex: Lexicon) -> tuple[int, int, float, bool] | None:
    """First number in ``text``: Arabic, or a Chinese numeral followed by a unit or counter.

    The last item is True for a Chinese numeral.
    """
    m = _NUMBER_RE.search(text)
    if m:
        return m.start(), m.end(), _to_float(m.group(0)), False
    for cm in _CN_NUM_RE.finditer(text):
        # a trailing multiplier may belong to the unit (三万元): try the shortest numeral first
        for end in range(cm.start() + 1, cm.end() + 1):
            value = cn_to_number(text[cm.start():end])
            if value is not None and _unit_at(text[end:], lex):
                return cm.start(), end, value, True
    return None


def _read_prefix(pre: str, lex: Lexicon) -> tuple[str | None, str | None, str | None, bool, str]:
    """Split the text before the number: (operator, per, period, explicit_rate, subject)."""
    op = None
    rest = pre
    for _ in range(3):  # 每班不少于 / 全年小于 / 技术人员> : strip from the right
        sym = next(((w, o) for w, o in lex.op_symbols if rest.endswith(w)), None)
        worded = next(((w, o) for w, o in lex.op_prefix if rest.endswith(w)), None)
        found = sym or worded
        if found and op is None:
            op = found[1]
            rest = rest[: -len(found[0])]
            continue
        break
    per = period = None
    explicit = False
    subject = rest
    # scope words (全年, 年度) and 每X prefixes anywhere in the prefix
    word: str | None
    for word, scope in lex.scope_prefix:
        if word in subject:
            period = period or scope
            subject = subject.replace(word, "", 1)
    while True:
        found_prefix = next(((subject.find(w), w) for w in lex.per_prefix if w in subject), None)
        if found_prefix is None:
            break
        idx, prefix = found_prefix
        after = subject[idx + len(prefix):]
        word = _read_per_word(after, lex)
        if word is None:
            break
        p, t = _normalise_per(word, lex)
        per = per or p
        period = period or t
        explicit = True
        subject = subject[:idx] + after[len(word):]
    # an operator written after the scope (全年小于3起 already handled; 每班不少于8人 too)
    if op is None:
        sym = next(((w, o) for w, o in lex.op_symbols if subject.endswith(w)), None)
        worded = next(((w, o) for w, o in lex.op_prefix if subject.endswith(w)), None)
        found = sym or worded
        if found:
            op = found[1]
            subject = subject[: -len(found[0])]
    return op, per, period, explicit, subject


def _parse_reference(text: str, lex: Lexicon) -> tuple[str | None, str, str, str | None] | None:
    """(operator, reference, dimension, rhs reference) for values naming a reference amount."""
    found = [(i, alias, name, dim) for alias, name, dim in lex.references for i in [text.find(alias)] if i >= 0]
    if not found:
        return None
    # keep non-overlapping matches, longest spelling first, in text order
    chosen: list[tuple[int, str, str, str]] = []
    for item in sorted(found, key=lambda f: (-len(f[1]), f[0])):
        start, end = item[0], item[0] + len(item[1])
        if all(end <= c[0] or start >= c[0] + len(c[1]) for c in chosen):
            chosen.append(item)
    chosen.sort()
    first = chosen[0]
    before = text[: first[0]]
    between = text[first[0] + len(first[1]):]
    op_words = tuple(sorted([w for w, _ in lex.op_symbols] + [w for w, _ in lex.op_prefix], key=lambda w: -len(w)))
    ops = dict(lex.op_symbols) | dict(lex.op_prefix)
    if len(chosen) > 1:
        second = chosen[1]
        middle = text[first[0] + len(first[1]): second[0]]
        op_word = _ends(middle, op_words)
        return (ops[op_word] if op_word else None), first[2], first[3], second[2]
    op_word = _ends(before, op_words)
    if op_word is None:
        suffix = _starts(between, tuple(w for w, _ in lex.op_suffix))
        return (dict(lex.op_suffix)[suffix] if suffix else None), first[2], first[3], None
    return ops[op_word], first[2], first[3], None


# ---------------------------------------------------------------------------
# the grammar


def _zero_phrase(text: str, lex: Lexicon) -> bool:
    body = text
    for word, _scope in lex.scope_prefix:
        if body.startswith(word):
            body = body[len(word):]
            break
    prefix = _starts(body, lex.zero_prefixes)
    if prefix is None:
        return False
    obj = body[len(prefix):]
    return bool(obj) and len(obj) <= 8 and _ends(obj, lex.zero_objects) is not None


def _build(raw: str, text: str, dimension: str, lex: Lexicon, **fields: object) -> ParsedValue:
    reasons = list(cast("Iterable[str]", fields.pop("reasons", ()) or ()))
    truncated = _is_truncated(text, lex)
    if truncated:
        reasons.append("truncated")
    malformed = bool(fields.pop("malformed", False)) or truncated
    return ParsedValue(
        raw=raw, text=text, dimension=dimension, truncated=truncated, malformed=malformed,
        reasons=tuple(reasons), **fields,  # type: ignore[arg-type]
    )


@lru_cache(maxsize=8192)
def parse_value(raw: str) -> ParsedValue:
    """Parse one indicator value (指标值) into operator, number, unit, dimension and flags."""
    lex = lexicon()
    text = normalise(raw)
    body = text.rstrip(_TRAILING_PUNCT.replace(",", "").replace("、", ""))
    if body in lex.empty_placeholders or not body.strip("-—/\\. "):
        return ParsedValue(raw=raw, text=text, dimension="empty")

    # 2. "none happen" in words
    if body in lex.zero_words or _zero_phrase(body, lex):
        return _build(raw, text, "count", lex, operator="=", number=0.0, numbers=(0.0,), zero_phrase=True)

    # 3. a whole grading scale copied (高中低, 好/较好/一般/差): no grade chosen, vague
    if _scale_levels(body, lex) >= 3:
        return _build(raw, text, "qualitative_vague", lex, vague=True, reasons=("whole-scale",))

    # graded words and patterns (whole value)
    if body in lex.graded or any(p.match(body) for p in lex.graded_patterns):
        return _build(raw, text, "qualitative_graded", lex, graded=True)

    # 4. deadlines (and clock times: 8:00-18:00 is a service window, read as a time of day)
    if _CLOCK_RE.search(body):
        return _build(raw, text, "deadline", lex, reasons=("time-of-day",), rest=_CLOCK_RE.sub("", body))
    date_range = _parse_date_range(body, lex)
    if date_range is not None:
        return _build(raw, text, "deadline", lex, operator="<=", date=date_range, reasons=("date-range",))
    deadline = _parse_deadline(body)
    if deadline is not None:
        date, op, leftover = deadline
        recurrence = _deadline_patterns().recurrence.match(leftover)
        period = None
        if recurrence:
            period = lex.deadlines["recurrence"][recurrence.group(0)]
            leftover = leftover[recurrence.end():]
        leftover = _deadline_patterns().suffix.sub("", leftover)
        return _build(raw, text, "deadline", lex, operator=op, date=date, period=period, rest=leftover)

    # 5. named references
    if not re.search(r"\d", body):
        ref = _parse_reference(body, lex)
        if ref is not None:
            op, name, dim, rhs = ref
            return _build(raw, text, dim, lex, operator=op, reference=name, reference_rhs=rhs)

    # 6. quantities
    found = _find_number(body, lex)
    if found is not None:
        parsed = _parse_quantity(raw, text, body, found, lex)
        if parsed is not None:
            return parsed

    # 7. vague words; quantity words standing for a number (若干种)
    quant = _starts(body, lex.vague_quantifiers)
    if quant and _unit_at(body[len(quant):], lex):
        alias = _unit_at(body[len(quant):], lex) or ""
        entry = lex.unit_aliases.get(alias)
        dim = entry.dimension if entry else "count"
        return _build(raw, text, dim, lex, unit=entry.unit if entry else alias,
                      counter=None if entry else alias, vague=True, reasons=("vague-quantity",),
                      rest=body[len(quant) + len(alias):])
    if not _strip_vague(body, lex) or _contains_vague(body, lex):
        return _build(raw, text, "qualitative_vague", lex, vague=True)
    if _is_slogan(body, lex):
        return _build(raw, text, "qualitative_vague", lex, vague=True, reasons=("slogan",))
    # 8. text: a unit with no number (应保尽保%) or a measure's name (知识更新率) is malformed
    if not re.search(r"\d", body) and _ends(body, lex.stray_units):
        return _build(raw, text, "text", lex, malformed=True, reasons=("stray-unit",))
    if _names_measure(body, lex):
        return _build(raw, text, "text", lex, malformed=True, reasons=("measure-name",))
    return _build(raw, text, "text", lex)


def _parse_quantity(
    raw: str, text: str, body: str, found: tuple[int, int, float, bool], lex: Lexicon
) -> ParsedValue | None:
    """The quantity grammar; None for a Chinese numeral + counter followed by more words
    (八层会议室 = the 8th-floor meeting room is a name, not a quantity)."""
    start, end, number, chinese = found
    pre = body[:start]
    sign = _ends(pre, lex.negative_signs)
    if sign:
        before_sign = pre[: -len(sign)]
        op_words = tuple(w for w, _ in lex.op_symbols) + tuple(w for w, _ in lex.op_prefix)
        if not before_sign or _ends(before_sign, op_words):
            number, pre = -number, before_sign
    op, per, period, explicit, subject = _read_prefix(pre, lex)
    q = _read_quantity(body, end, number, lex)
    per = q.per or per
    period = q.period or period
    explicit = explicit or q.explicit_rate
    if op is None and q.suffix_op:
        op = q.suffix_op
    tail = body[q.end:]
    if chinese and tail:
        return None
    numbers = [q.number]
    reasons: list[str] = []
    # further quantities in the tail (室内16000m² 室外2000m²)
    for m in _NUMBER_RE.finditer(tail):
        numbers.append(_to_float(m.group(0)))
    if len(numbers) > 1:
        reasons.append("several-numbers")
    double_unit = bool(q.unit) and bool(tail) and _unit_at(tail, lex) == tail and tail != q.unit
    if double_unit:
        reasons.append("double-unit")
    dimension = q.dimension
    counter = q.counter
    unit = q.unit
    unitless = False
    if dimension is None:
        # a noun after the number whose last character is a counter: 200工作人员
        noun = re.match(r"[\u4e00-\u9fff]{1,6}", tail)
        noun_counter = next((c for w, c in lex.noun_counters if noun and noun.group(0).endswith(w)), None)
        if noun and noun_counter and not explicit:
            counter = unit = noun_counter
            dimension = "count"
            reasons.append("counter-in-noun")
        else:
            dimension = "ratio"
            unitless = True
    base = dimension
    if explicit and (per is not None or period is not None):
        dimension = "rate_per_unit"
    money = None
    if base == "money" and q.factor is not None:
        money = q.number * q.factor
    malformed = double_unit
    if base == "ratio" and not q.multiplied and q.high is None and op is None:
        digits = re.sub(r"\D", "", body[start:end])
        for suffix in lex.percent_typo_suffixes:
            if (
                digits.endswith(suffix)
                and len(digits) > len(suffix)
                and "." not in body[start:end]
                and q.number > 100
                and 0 < int(digits[: -len(suffix)]) <= 100
            ):
                malformed = True
                reasons.append("percent-typo")
    if op is None and q.number == 0 and q.high is None and lex.zero_is_exact:
        op = "="
    ceiling = base == "percent" and q.number >= 100 and op not in ("<", "<=")
    if base == "percent" and q.number > 100:
        reasons.append("percent-over-100")
    rest = subject + tail
    vague = False
    return _build(
        raw, text, dimension, lex,
        operator=op, number=q.number, number_high=q.high, unit=unit, counter=counter,
        money_yuan=money, base_dimension=base if dimension == "rate_per_unit" else None,
        per=per, period=period, numbers=tuple(numbers), rest=rest, ceiling=ceiling,
        unitless=unitless, vague=vague, malformed=malformed, reasons=tuple(reasons),
    )
