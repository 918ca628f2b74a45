"""Corpus-derived suggestions that enrich the engine's template suggestions.

From the audited forms themselves (and ``corpora/nlp/indicator_library.csv`` when present) it learns:

* the typical well-formed value per kind of indicator (满意度 → ``≥90%``, 及时率 → ``≥95%``),
  counting only cells no rule flagged;
* the indicators that well-written forms of *similar* projects (by project name) use under the
  same second-level heading.

``enrich(documents, by_form)`` appends such sentences to findings' ``suggestion`` in place.
Wording and thresholds live in ``rules/suggest.yaml``.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from auditor.model import Document, Finding, Form, Indicator
from auditor.nlp.clones import jaccard

_OP = r"(?:≥|≤|>|<|=|＞|＜|＝|>=|<=)"
_QUANT = re.compile(rf"^{_OP}\s*\d[\d,]*(?:\.\d+)?\s*([^\d\s]*)$")
_NORM = str.maketrans({"＞": ">", "＜": "<", "＝": "=", "％": "%", " ": ""})


@cache
def _config() -> dict[str, Any]:
    from auditor.resources import read_yaml, rules_dir

    return read_yaml(rules_dir() / "suggest.yaml")


def _norm(value: str) -> str:
    return value.translate(_NORM).replace(">=", "≥").replace("<=", "≤")


@cache
def kind_of(level2: str, level3: str, level1: str = "") -> str:
    """Kind label used to pool values: the longest known name ending (满意度, 及时率…), else the
    value grammar's kind of the indicator (成本, 数量…), else the 二级指标."""
    suffixes: list[str] = _config()["kind_suffixes"]
    best = ""
    for suffix in suffixes:
        if level3.endswith(suffix) and len(suffix) > len(best):
            best = suffix
    if best:
        return best
    from auditor.values import infer_kind

    kind = infer_kind(level1, level2, level3).kind
    return _config().get("kind_labels", {}).get(kind) or level2


_NOT_NAME = re.compile(r"[\s\d()（）《》“”\"',，、.:：;；-]|项目")


def _bigrams(text: str) -> frozenset[str]:
    """The character bigrams of a name without digits, punctuation and 项目. Not cached globally:
    the callers keep what they reuse for one audit (the library rows', each form's name, each
    finding's context), which a process-wide cache kept for good (~1 GB at 100,000 forms)."""
    text = _NOT_NAME.sub("", text)
    return frozenset(text[i : i + 2] for i in range(len(text) - 1)) or frozenset({text})


@dataclass(slots=True)
class Example:
    project: str
    level2: str
    level3: str
    value: str


RankedExample = tuple[int, str, float, Example]  # place in a ranking, form id, its ranking value, row


@dataclass(slots=True)
class CorpusModel:
    """What well-formed indicators look like in this audit (plus the indicator library)."""

    values: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    units: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    library: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    library_rows: list[Example] = field(default_factory=list)
    good: dict[str, list[Example]] = field(default_factory=dict)  # form_id -> clean quantified rows
    scores: dict[str, float] = field(default_factory=dict)  # form_id -> project score, when known
    cut: float | None = None  # the "well written" score threshold, computed once
    names: dict[str, frozenset[str]] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    issues: dict[str, int] = field(default_factory=dict)
    postings: dict[str, list[str]] | None = None  # name bigram -> form ids (built on first use)
    # per name (bigrams): the similar forms' well-formed rows by heading (in ranking order), and those
    # rows under one heading by indicator name; kept while the forms of that name are enriched
    similar_rows: dict[frozenset[str], dict[str, list[RankedExample]]] = field(default_factory=dict)
    example_tables: dict[tuple[frozenset[str], str], dict[str, list[RankedExample]]] = field(default_factory=dict)
    example_memo: dict[tuple[str, str], tuple[Example, ...]] = field(default_factory=dict)
    level2_matches: dict[str, dict[str, bool]] = field(default_factory=dict)  # level2 -> heading -> same?
    library_grams: list[frozenset[str]] | None = None  # per library row: bigrams of its name + project
    library_index: dict[str, list[int]] = field(default_factory=dict)  # bigram -> library rows
    library_memo: dict[tuple[str, frozenset[str]], Example | None] = field(default_factory=dict)
    level2_memo: dict[str, list[bool]] = field(default_factory=dict)  # level2 -> library rows under it

    def typical(self, kind: str) -> tuple[str, int] | None:
        counter = self.values.get(kind)
        if not counter:
            return None
        value, n = counter.most_common(1)[0]
        return (value, n) if n >= int(_config()["min_support"]) else None

    def better(self, form_id: str) -> Callable[[str, float], bool]:
        """Whether a ranked candidate ``(other, value)`` is better written than ``form_id``: a higher
        score, or without scores fewer findings (``value`` is what :meth:`_ranked` pairs it with)."""
        if self.scores:
            own = self.scores.get(form_id, 0.0)
            return lambda other, value: value > own and other != form_id
        issues = self.issues.get(form_id, 0)
        return lambda other, value: value < issues and other != form_id

    def examples_under(self, mine: frozenset[str], level2: str) -> dict[str, list[RankedExample]]:
        """The well-formed rows under ``level2`` (or a heading it extends or shortens) of the forms
        similar to a name (bigrams ``mine``), by indicator name, each with its place in the ranking
        (then row order), its form and the form's ranking value."""
        key = (mine, level2)
        table = self.example_tables.get(key)
        if table is None:
            matching = self.level2_matches.setdefault(level2, {})
            hits = []
            for heading, rows in self._similar_rows(mine).items():
                fits = matching.get(heading)
                if fits is None:
                    fits = matching[heading] = _same_level2(heading, level2)
                if fits:
                    hits.append(rows)
            table = self.example_tables[key] = {}
            for entry in hits[0] if len(hits) == 1 else sorted(e for rows in hits for e in rows):  # places differ
                table.setdefault(entry[3].level3, []).append(entry)
        return table

    def _similar_rows(self, mine: frozenset[str]) -> dict[str, list[RankedExample]]:
        """The well-formed rows of the forms similar to a name, by heading, in ranking then row order."""
        rows = self.similar_rows.get(mine)
        if rows is None:
            rows = self.similar_rows[mine] = {}
            place = 0
            for other, value in self._ranked(mine):
                for ex in self.good.get(other, ()):
                    rows.setdefault(ex.level2, []).append((place, other, value, ex))
                    place += 1
        return rows

    def forget_similar(self) -> None:
        """Drop what was kept for the forms of one name (all their findings are enriched), so the
        memory held stays that of one name whatever the size of the audit."""
        self.similar_rows.clear()
        self.example_tables.clear()
        self.example_memo.clear()

    def _ranked(self, mine: frozenset[str]) -> list[tuple[str, float]]:
        """The candidates similar to a name (bigrams ``mine``), most similar first (ties: higher
        score, fewer findings, form id), with their score (or finding count when there are no
        scores); with scores, only those at or above the well-written cut."""
        if self.postings is None:
            self.postings = defaultdict(list)
            for other, grams in self.names.items():
                for g in grams:
                    self.postings[g].append(other)
        postings = self.postings
        threshold = float(_config()["similar_min"])
        limit = int(_config().get("similar_candidates", 300))
        candidates: dict[str, None] = {}
        for g in sorted(mine, key=lambda g: (len(postings.get(g, ())), g)):
            for other in postings.get(g, ()):
                candidates[other] = None
                if len(candidates) >= limit:  # a bigram most names share never makes this quadratic
                    break
            if len(candidates) >= limit:
                break
        scores, issues = self.scores, self.issues
        scored = []
        for other in candidates:
            sim = jaccard(mine, self.names[other])
            if sim >= threshold:
                scored.append((-sim, -scores.get(other, 0.0), issues.get(other, 0), other))
        scored.sort()
        if scores:
            cut = self._cut()
            out = [(other, -neg) for _, neg, _, other in scored if -neg >= cut]
        else:
            out = [(other, float(n)) for _, _, n, other in scored]
        return out

    def _cut(self) -> float:
        if self.cut is None:
            ordered = sorted(self.scores.values())
            self.cut = ordered[min(int(len(ordered) * float(_config()["well_written_quantile"])), len(ordered) - 1)]
        return self.cut


def _flagged(findings: Iterable[Finding]) -> tuple[set[tuple[int, str]], set[int]]:
    cells: set[tuple[int, str]] = set()
    rows: set[int] = set()
    for f in findings:
        if f.line is None or not (f.level3 or f.value):
            continue
        rows.add(f.line)
        if f.column:
            cells.add((f.line, f.column))
        else:
            cells.update({(f.line, "period"), (f.line, "annual")})
    return cells, rows


def _load_library(model: CorpusModel, path: Path | None) -> None:
    if path is None:
        from auditor.resources import corpora_dir

        try:
            path = corpora_dir() / "nlp" / "indicator_library.csv"
        except FileNotFoundError:
            return
    if not path.is_file():
        return
    with path.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            level2, level3, value = row.get("level2", ""), row.get("level3", ""), _norm(row.get("value", ""))
            if not (level2 and level3 and value):
                continue
            model.library_rows.append(Example(row.get("source", ""), level2, level3, value))
            if _QUANT.match(value):
                model.library[kind_of(level2, level3, row.get("level1", ""))][value] += 1


def _well_formed(ind: Indicator, value: str, strict: bool = True) -> bool:
    """A quantified value whose unit fits the indicator's kind (``strict``), or at least does not
    contradict it (kinds with no expected unit, e.g. 社会效益)."""
    from auditor.values import dimension_fits, infer_kind, parse_value

    verdict = dimension_fits(parse_value(value), infer_kind(ind.level1, ind.level2, ind.level3))
    return bool(verdict) if strict else verdict is not False


def _named(ind: Indicator) -> bool:
    from auditor.values import infer_kind

    return infer_kind(ind.level1, ind.level2, ind.level3).name_kind is not None


def learn(documents: Sequence[Document], by_form: Mapping[str, Sequence[Finding]],
          library: Path | None = None) -> CorpusModel:
    """Build the corpus model from the audited forms: only cells no rule flagged, quantified, and
    whose unit fits the indicator's kind count as well formed."""
    model = CorpusModel()
    grams: dict[str, frozenset[str]] = {}  # one set per distinct name (copies share theirs)
    for doc in documents:
        for form in doc.forms:
            findings = list(by_form.get(form.form_id, ()))
            cells, rows = _flagged(findings)
            model.forms[form.form_id] = form
            model.issues[form.form_id] = len(findings)
            name = grams.get(form.project_name)
            if name is None:
                name = grams[form.project_name] = _bigrams(form.project_name)
            model.names[form.form_id] = name
            good: list[Example] = []
            for ind in form.indicators:
                kind = kind_of(ind.level2, ind.level3, ind.level1)
                for col, raw in (("period", ind.period_value), ("annual", ind.annual_value)):
                    value = _norm(raw)
                    m = _QUANT.match(value)
                    if not m or (ind.line, col) in cells or not _well_formed(ind, raw):
                        continue
                    model.values[kind][value] += 1
                    if m.group(1):
                        model.units[kind][m.group(1)] += 1
                first = ind.period_value or ind.annual_value
                if ind.line not in rows and _QUANT.match(_norm(first)) and _well_formed(ind, first) and _named(ind):
                    good.append(Example(form.project_name, ind.level2, ind.level3, _norm(first)))
            model.good[form.form_id] = good
    _load_library(model, library)
    return model


def _same_level2(a: str, b: str) -> bool:
    return a == b or (len(a) >= 2 and len(b) >= 2 and (a.startswith(b) or b.startswith(a)))


def suggestions_for(finding: Finding, form: Form | None, model: CorpusModel) -> list[str]:
    """Extra sentences for one finding (possibly none)."""
    cfg = _config()
    tpl: dict[str, str] = cfg["templates"]
    out: list[str] = []
    level2, level3 = finding.level2 or "", finding.level3 or ""
    if finding.category in cfg["value_categories"] and level3:
        kind = kind_of(level2, level3, finding.level1 or "")
        specific = kind in cfg["kind_suffixes"]  # a rate/satisfaction kind: values transfer between projects
        typical = model.typical(kind)
        shape_only = set(cfg["shape_only_units"])
        if typical and specific and (quant := _QUANT.match(typical[0])) and quant.group(1) not in shape_only:
            out.append(tpl["typical_value"].format(kind=kind, value=typical[0], n=typical[1]))
        elif specific and model.library.get(kind):
            out.append(tpl["library_value"].format(kind=kind, value=model.library[kind].most_common(1)[0][0]))
        elif model.units.get(kind) and finding.category in ("unit_mismatch", "malformed_value"):
            units = "、".join(u for u, _ in model.units[kind].most_common(4))
            out.append(tpl["typical_unit"].format(kind=kind, units=units))
        if finding.category == "vague_value" and "达到" not in (finding.suggestion or ""):
            out.append(tpl["graded"].format(grades=cfg["graded_wording"]))
    if (finding.category in cfg["name_categories"] or finding.category == "vague_value") and form and level2:
        example = _similar_example(finding, form, model)
        if example:
            out.append(tpl["similar_indicator"].format(project=example.project, level2=example.level2,
                                                       level3=example.level3, value=example.value))
        elif finding.category in cfg["name_categories"]:
            lib = _library_example(level2, form.project_name + level3, model)
            if lib:
                out.append(tpl["library_indicator"].format(level2=lib.level2, level3=lib.level3, value=lib.value))
    return out


def _similar_example(finding: Finding, form: Form, model: CorpusModel) -> Example | None:
    bad = finding.level3 or ""
    for ex in _similar_examples(form, finding.level2 or "", model):
        if ex.level3 != bad:
            return ex
    return None


def _similar_examples(form: Form, level2: str, model: CorpusModel) -> tuple[Example, ...]:
    """The first example of similar well-written forms under ``level2`` that the form lacks, and the
    first one with another name (the finding's own name may be the first): enough for any finding.

    "First" is in the ranking of the similar forms (then row order); each indicator name the form
    lacks offers its first row from a form better written than this one.
    """
    key = (form.form_id, level2)
    found = model.example_memo.get(key)
    if found is not None:
        return found
    table = model.examples_under(model.names.get(form.form_id, frozenset()), level2)
    own = {ind.level3 for ind in form.indicators}
    better = model.better(form.form_id)
    firsts: list[tuple[int, Example]] = []
    for level3, rows in table.items():
        if level3 in own:
            continue
        for place, other, value, ex in rows:
            if better(other, value):
                firsts.append((place, ex))
                break
    firsts.sort(key=lambda pair: pair[0])
    model.example_memo[key] = found = tuple(ex for _, ex in firsts[:2])
    return found


def _library_example(level2: str, context: str, model: CorpusModel) -> Example | None:
    """The library row under ``level2`` sharing most name bigrams with ``context`` (first on ties)."""
    grams = _bigrams(context)
    key = (level2, grams)  # the answer depends on the bigrams only: copies of a name share it
    if key in model.library_memo:
        return model.library_memo[key]
    if model.library_grams is None:
        model.library_grams = [_bigrams(ex.level3) | _bigrams(ex.project) for ex in model.library_rows]
        for i, row_grams in enumerate(model.library_grams):  # (not ``grams``: the context's, below)
            for g in row_grams:
                model.library_index.setdefault(g, []).append(i)
    shared: Counter[int] = Counter()  # library row -> bigrams shared with the context
    for g in grams:
        shared.update(model.library_index.get(g, ()))  # no shared bigram: no advice
    fits = model.level2_memo.get(level2)
    if fits is None:
        fits = model.level2_memo[level2] = [_same_level2(ex.level2, level2) for ex in model.library_rows]
    best: tuple[float, int, Example] | None = None
    size = len(grams)
    for i in sorted(shared):
        if not fits[i]:
            continue
        inter = shared[i]
        # the Jaccard of the bigram sets, as clones.jaccard computes it (the same integers)
        key_i = (inter / (size + len(model.library_grams[i]) - inter), -i, model.library_rows[i])
        if key_i[0] > 0 and (best is None or key_i[:2] > best[:2]):
            best = key_i
    model.library_memo[key] = found = best[2] if best else None
    return found


def enrich(documents: Sequence[Document], by_form: Mapping[str, Sequence[Finding]],
           library: Path | None = None, scores: Mapping[str, float] | None = None) -> int:
    """Append corpus-derived sentences to the findings' suggestions; return how many changed.

    ``scores`` (form_id → project score) decides which similar projects count as well written;
    without it, a form with fewer findings counts as better written.
    """
    model = learn(documents, by_form, library)
    model.scores = dict(scores or {})
    changed = 0
    shared: dict[str, str] = {}  # one object per distinct enriched suggestion (they repeat across forms)
    by_name: dict[frozenset[str], list[str]] = {}  # forms of one name share their similar forms
    for form_id in by_form:
        by_name.setdefault(model.names.get(form_id, frozenset()), []).append(form_id)
    for form_ids in by_name.values():
        changed += _enrich_forms(form_ids, by_form, model, shared)
        model.forget_similar()
    return changed


def _enrich_forms(form_ids: Iterable[str], by_form: Mapping[str, Sequence[Finding]], model: CorpusModel,
                  shared: dict[str, str]) -> int:
    changed = 0
    for form_id in form_ids:
        form = model.forms.get(form_id)
        for finding in by_form[form_id]:
            extra = [s for s in suggestions_for(finding, form, model) if s not in (finding.suggestion or "")]
            if extra:
                base = (finding.suggestion or "").rstrip()
                if base and base[-1] not in "。；.!！":
                    base += "。"
                text = base + "".join(extra)
                finding.suggestion = shared.setdefault(text, text)
                changed += 1
    return changed
