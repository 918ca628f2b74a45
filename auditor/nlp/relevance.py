"""Relevance: does a form's goal, indicator set or text belong to its own project?

Each form gets a *profile*: its project name and 项目概况 (the name counts twice). Each item to test
(the 总体目标, the indicator names, a text field) is compared by TF-IDF cosine with every profile.
Tokens are the domain tokenizer's content words plus the characters of those words at a lower
weight (so that ``水`` in a goal meets ``水费`` in a project name). An item is a copy-paste leftover when
it fits another project's profile much better than its own: ``best_other - own >= margin``, with
``best_other >= min_other`` and ``own <= max_own``. Forms whose names are near-identical (the same
project split over several forms) do not count as "other".
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from auditor.model import Form
from auditor.nlp.tokenize import tokenize


@dataclass(slots=True)
class RelevanceHit:
    form_index: int
    item: str  # "goal", "indicators" or a text field name
    text: str
    own: float
    best_other: float
    other_index: int
    copied: bool = False  # True when the item is a near-copy of the other form's item


def bag(text: str, char_weight: float = 0.5) -> dict[str, float]:
    """Weighted token bag: content words, plus their characters at ``char_weight``.

    Characters let ``水`` (a goal) meet ``水费`` (a project name) and ``餐厅`` meet ``职工餐厅``.
    """
    return dict(_bag(text, char_weight))


@lru_cache(maxsize=1 << 15)
def _bag(text: str, char_weight: float) -> dict[str, float]:
    # forms repeat names, texts and indicator names: each distinct string is tokenised once.
    # The dict is shared: callers never change it.
    out: defaultdict[str, float] = defaultdict(float)
    for tok in tokenize(text):
        if len(tok) > 1:
            out["w:" + tok] += 1.0
            for k in range(len(tok) - 1):  # 防水工程 meets 防水
                out["b:" + tok[k : k + 2]] += char_weight
            for ch in tok:
                out["c:" + ch] += char_weight
        else:  # a one-character word (水, 电) is compared as a character only
            out["c:" + tok] += 1.0
    return dict(out)


def _tfidf(b: Mapping[str, float], idf: dict[str, float]) -> dict[str, float]:
    vec = {t: (1.0 + math.log(c) if c >= 1 else c) * idf.get(t, 0.0) for t, c in b.items()}
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {t: v / norm for t, v in vec.items()} if norm else {}


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    get = b.get
    return sum([v * get(t, 0.0) for t, v in a.items()])  # a list: faster than a generator, same order


def item_texts(form: Form, text_fields: Sequence[str]) -> dict[str, str]:
    """The parts of a form tested for relevance: goal, indicator names, and the named text fields."""
    items = {
        "goal": form.goals.period or form.goals.annual,
        "indicators": " ".join(ind.level3 or ind.annual_level3 or "" for ind in form.indicators),
    }
    for name in text_fields:
        items[name] = getattr(form.texts, name, "")
    return items


def whole_parts(form: Form) -> list[str]:
    """The texts of a form that count for the idf (name, goals, text fields, indicator names)."""
    parts = [form.project_name, form.goals.period, form.goals.annual]
    parts.extend(getattr(form.texts, name) for name in ("overview", "basis", "necessity", "measures", "plan"))
    parts.extend(ind.level3 for ind in form.indicators)
    return [p for p in parts if p]


def _whole_tokens(form: Form, char_weight: float) -> set[str]:
    """The tokens of the whole form: the union of its parts' tokens (the tokenizer never joins
    words across the space between two parts, so this is the bag of the parts joined by spaces)."""
    out: set[str] = set()
    for part in whole_parts(form):
        out.update(_bag(part, char_weight))
    return out


_PACK_MIN_FORMS = 1000  # from this many forms the profiles are packed for numpy


@dataclass(slots=True)
class PackedProfiles:
    """The profiles as one sparse matrix (CSR arrays; forms sharing a profile share its row), so
    that fitting an item to a few hundred candidate forms is a handful of numpy operations instead
    of a Python cosine per form."""

    vocab: dict[str, int]
    row_of: Any  # form -> row (int64 array)
    indptr: Any
    indices: Any
    data: Any
    dense: Any  # the item being fitted, spread over the vocabulary (all zeros between calls)

    @classmethod
    def pack(cls, profiles: Sequence[dict[str, float]]) -> PackedProfiles:
        import numpy as np

        vocab: dict[str, int] = {}
        rows: dict[int, int] = {}
        row_of = np.empty(len(profiles), dtype=np.int64)
        indptr, indices, data = [0], [], []
        for j, profile in enumerate(profiles):
            row = rows.get(id(profile))
            if row is None:
                row = rows[id(profile)] = len(rows)
                for t, v in profile.items():
                    indices.append(vocab.setdefault(t, len(vocab)))
                    data.append(v)
                indptr.append(len(indices))
            row_of[j] = row
        return cls(vocab, row_of, np.asarray(indptr, dtype=np.int64), np.asarray(indices, dtype=np.int64),
                   np.asarray(data, dtype=np.float64), np.zeros(len(vocab) + 1))

    def fits(self, vec: dict[str, float], forms: Sequence[int]) -> list[float]:
        """The cosine of ``vec`` with the profile of each of ``forms``."""
        import numpy as np

        cols = [self.vocab.get(t, -1) for t in vec]
        dense = self.dense
        dense[cols] = list(vec.values())  # a token no profile uses lands in the spare last cell
        dense[-1] = 0.0
        rows = self.row_of[np.asarray(forms, dtype=np.int64)]
        starts, ends = self.indptr[rows], self.indptr[rows + 1]
        lengths = ends - starts
        total = int(lengths.sum())
        out = np.zeros(len(rows))
        if total:
            offsets = np.cumsum(lengths) - lengths  # where each row's products start
            positions = np.arange(total) + np.repeat(starts - offsets, lengths)
            products = self.data[positions] * dense[self.indices[positions]]
            nonempty = lengths > 0
            out[nonempty] = np.add.reduceat(products, offsets[nonempty])
        dense[cols] = 0.0
        return out.tolist()


@dataclass(slots=True)
class RelevanceModel:
    """TF-IDF profiles of the forms; idf counts in how many forms a token is used anywhere.

    ``profiles[j]`` is ``name_weight * name_j + (1 - name_weight) * overview_j`` (one sparse vector,
    so a fit is one cosine); ``index`` lists, for each specific word of a project *name* (idf at
    least :meth:`rare_idf` of ``max_df_share``), the forms whose name uses it.
    """

    idf: dict[str, float]
    names: list[dict[str, float]]
    profiles: list[dict[str, float]]
    name_weight: float
    char_weight: float
    index: dict[str, list[int]]
    max_df_share: float
    packed: PackedProfiles | None  # None for a small corpus: no numpy to import for a few forms

    def vector(self, text: str) -> dict[str, float]:
        return _tfidf(_bag(text, self.char_weight), self.idf)

    def fit(self, vec: dict[str, float], j: int) -> float:
        """How well an item vector fits form ``j``: weighted cosine with its name and its overview."""
        return _cos(vec, self.profiles[j])

    def fits(self, vec: dict[str, float], forms: Sequence[int]) -> list[float]:
        """:meth:`fit` for each of ``forms`` (numpy over the packed profiles of a large corpus)."""
        if self.packed is None or not forms:
            return [_cos(vec, self.profiles[j]) for j in forms]
        return self.packed.fits(vec, forms)

    def rare_idf(self, max_df_share: float) -> float:
        """The idf of a token used by ``max_df_share`` of the forms (higher idf = rarer)."""
        n = len(self.names)
        return math.log((1 + n) / (1 + max_df_share * n)) + 1.0

    def candidates(self, vec: dict[str, float], limit: int) -> list[int]:
        """Forms whose name shares a specific word with ``vec``, rarest words first, at most ``limit``.

        Blocking on specific words keeps the search linear: a word most forms use (项目, 保障) never
        makes a candidate, and an item is compared with at most ``limit`` forms.
        """
        out: dict[int, None] = {}
        for t in sorted((t for t in vec if t in self.index), key=lambda t: (-self.idf[t], t)):
            for j in self.index[t]:
                out[j] = None
                if len(out) >= limit:
                    return list(out)
        return list(out)


def build_model(
    forms: Sequence[Form], *, name_weight: float = 0.7, char_weight: float = 0.5, max_df_share: float = 0.08
) -> RelevanceModel:
    from auditor.nlp.tokenize import pretokenize
    from auditor.scale.runner import default_jobs

    pretokenize((part for form in forms for part in whole_parts(form)), default_jobs())
    df: Counter[str] = Counter()
    for form in forms:
        df.update(_whole_tokens(form, char_weight))
    n = len(forms)
    idf = {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}
    # forms repeat names and overviews (a project series, clones): each distinct one is weighed once
    # and its vector shared (read only)
    by_name: dict[str, dict[str, float]] = {}
    names = []
    for f in forms:
        name = by_name.get(f.project_name)
        if name is None:
            name = by_name[f.project_name] = _tfidf(_bag(f.project_name, char_weight), idf)
        names.append(name)
    by_pair: dict[tuple[str, str], dict[str, float]] = {}
    profiles = []
    for f, name in zip(forms, names, strict=True):
        profile = by_pair.get((f.project_name, f.texts.overview))
        if profile is None:
            profile = {t: name_weight * v for t, v in name.items()}
            for t, v in _tfidf(_bag(f.texts.overview, char_weight), idf).items():
                profile[t] = profile.get(t, 0.0) + (1.0 - name_weight) * v
            by_pair[(f.project_name, f.texts.overview)] = profile
        profiles.append(profile)
    rare = math.log((1 + n) / (1 + max_df_share * n)) + 1.0
    index: dict[str, list[int]] = {}
    for j, name in enumerate(names):
        for t in name:
            if not t.startswith("c:") and idf[t] >= rare:
                index.setdefault(t, []).append(j)
    packed = PackedProfiles.pack(profiles) if n >= _PACK_MIN_FORMS else None
    return RelevanceModel(idf, names, profiles, name_weight, char_weight, index, max_df_share, packed)


_MEMO = 4096  # distinct item texts remembered at a time

CopySources = Callable[[int, str, dict[str, float]], tuple[int, float]]


def find_irrelevant(
    forms: Sequence[Form],
    *,
    model: RelevanceModel,
    related: Callable[[int, int], bool],
    copy_source: CopySources,
    copy_margin: float,
    copy_ratio: float,
    margin: float,
    min_other: float,
    max_own: float,
    max_df_share: float,
    min_words: int = 2,
    items: Sequence[str] = ("goal", "indicators"),
    text_fields: Sequence[str] = (),
    candidate_limit: int = 200,
) -> list[RelevanceHit]:
    """Items of a form that belong to another, unrelated project.

    Two ways to be caught: (1) the item is a near-copy of the same item in form ``j`` and fits ``j``
    at least ``copy_ratio`` times better than its own form, plus ``copy_margin``
    (``copy_source(i, item, vec)`` gives the best-fitting unrelated copy and its fit, or ``(-1, 0)``);
    (2) with no copy, it fits some unrelated form by at least ``min_other``, its own form at most
    ``max_own``, and the gap is at least ``margin`` (a swapped goal); the other form's name must share a
    specific word (used by at most ``max_df_share`` of the forms) with the item. ``related(i, j)`` is
    true for forms of the same project series; they never count as "other".
    """
    hits: list[RelevanceHit] = []
    rare = model.rare_idf(max_df_share)
    # forms repeat items (clones): each distinct text gets its vector and its fits to the candidate
    # forms once (a bounded memo: linear memory)
    vectors: dict[str, dict[str, float]] = {}
    scored: dict[str, list[tuple[int, float]]] = {}
    for i, form in enumerate(forms):
        for key, text in item_texts(form, text_fields).items():
            if key not in items and key not in text_fields:
                continue
            vec = vectors.get(text)
            if vec is None:
                if len(vectors) >= _MEMO:
                    vectors.clear()
                vec = vectors[text] = model.vector(text)
            if not vec:
                continue
            own = model.fit(vec, i)
            best_j, best = copy_source(i, key, vec)
            if best_j >= 0 and best >= copy_ratio * own + copy_margin:
                hits.append(RelevanceHit(i, key, text, own, best, best_j, copied=True))
                continue
            words = [t for t in vec if t.startswith("w:")]
            if len(words) < min_words or own > max_own:
                continue
            fits = scored.get(text)
            if fits is None:
                if len(scored) >= _MEMO:
                    scored.clear()
                candidates = model.candidates(vec, candidate_limit)
                fits = scored[text] = list(zip(candidates, model.fits(vec, candidates), strict=True))
            best_j, best = -1, 0.0
            for j, s in fits:
                if s > best and j != i and not related(i, j):
                    best_j, best = j, s
            if best_j < 0 or best < min_other or best - own < margin:
                continue
            # the item must share a specific token (used by few forms) with the other project's name
            if any(t in model.names[best_j] and model.idf[t] >= rare for t in vec if not t.startswith("c:")):
                hits.append(RelevanceHit(i, key, text, own, best, best_j, copied=False))
    return hits


def similar_names(
    names: Sequence[str], threshold: float, char_weight: float = 0.5, max_df: int = 100
) -> list[tuple[int, int, float]]:
    """Pairs ``(j, i, cosine)`` of project names whose TF-IDF cosine (idf over these names) is at least
    ``threshold``.

    Blocked: names are candidates only when they share a word or character pair (not a lone
    character) used by at most ``max_df`` names — a word in most names (项目, 经费) makes no candidate,
    its idf is low anyway — then the full cosine is computed. Identical names are scored once.
    """
    first: dict[str, int] = {}
    copies: dict[int, list[int]] = {}
    for i, name in enumerate(names):
        k = first.setdefault(name, i)
        copies.setdefault(k, []).append(i)
    distinct = list(copies)
    bags = [_bag(names[i], char_weight) for i in distinct]
    df: Counter[str] = Counter()
    for i, name_bag in zip(distinct, bags, strict=True):
        for t in name_bag:
            df[t] += len(copies[i])
    total = len(names)
    idf = {t: math.log((1 + total) / (1 + d)) + 1.0 for t, d in df.items()}
    vecs = [_tfidf(name_bag, idf) for name_bag in bags]
    index: dict[str, list[int]] = {}
    out: list[tuple[int, int, float]] = []
    for a, vec in enumerate(vecs):
        seen: set[int] = set()
        for t in vec:
            if df[t] > max_df or t.startswith("c:"):
                continue
            postings = index.setdefault(t, [])
            for k in postings:
                if k not in seen:
                    seen.add(k)
                    sim = _cos(vec, vecs[k])
                    if sim >= threshold:
                        out.extend((j, i, sim) for j in copies[distinct[k]] for i in copies[distinct[a]])
            postings.append(a)
    return out
