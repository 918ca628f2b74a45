"""Near-duplicate detection across many forms without comparing all pairs.

:func:`similarity_join` finds every pair of texts whose rapidfuzz ``ratio`` reaches a threshold:

1. exact duplicates are grouped by their normalised text (a hash, linear);
2. each distinct text becomes a set of tokens (character bigrams for free text, whole names for
   indicator sets); tokens are ordered by corpus frequency, rarest first;
3. *prefix filtering* (Chaudhuri et al. 2006; Bayardo et al. 2007): two sets with Jaccard >= t must
   share a token among the first ``|x| - ceil(t|x|) + 1`` rare tokens of each, so an inverted index of
   those prefixes yields the candidate pairs; a size filter drops pairs whose lengths differ too much;
4. candidates are verified with rapidfuzz (or Jaccard for sets).

The cost grows with the number of texts and of true near-duplicate pairs, not with the square of the
corpus. :func:`clusters` joins the pairs into groups (union-find).
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass, field

from auditor.nlp.tokenize import normalize

_NON_WORD = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


def clean(text: str, strip_patterns: Sequence[str] = ()) -> str:
    """Normalised text for comparison: NFKC, lower case, list markers removed, punctuation/space dropped."""
    text = normalize(text)
    for pattern in strip_patterns:
        text = re.sub(pattern, "", text)
    return _NON_WORD.sub("", text)


def bigrams(text: str) -> frozenset[str]:
    """Character bigrams of ``text`` (the text itself when shorter than 2)."""
    if len(text) < 2:
        return frozenset([text]) if text else frozenset()
    return frozenset(text[i : i + 2] for i in range(len(text) - 1))


@dataclass(slots=True)
class JoinStats:
    items: int = 0
    distinct: int = 0
    candidates: int = 0
    verified: int = 0
    pairs: int = 0


@dataclass(slots=True)
class _Distinct:
    key: Hashable
    members: list[int] = field(default_factory=list)
    tokens: list[str] = field(default_factory=list)


def set_join(
    sets: Sequence[frozenset[str]], jaccard: float
) -> Iterable[tuple[int, int]]:
    """Candidate pairs (i < j) of ``sets`` that may reach ``jaccard``, by prefix + size filtering.

    Complete for Jaccard: every pair with Jaccard >= ``jaccard`` is yielded (plus some that are not).
    """
    df: dict[str, int] = defaultdict(int)
    for tokens in sets:
        for tok in tokens:
            df[tok] += 1
    order = sorted(range(len(sets)), key=lambda i: len(sets[i]))
    index: dict[str, list[int]] = defaultdict(list)
    for i in order:
        tokens = sorted(sets[i], key=lambda t: (df[t], t))
        size = len(tokens)
        if size == 0:
            continue
        prefix = size - math.ceil(jaccard * size) + 1
        min_size = jaccard * size
        seen: set[int] = set()
        for tok in tokens[:prefix]:
            for j in index[tok]:
                if j not in seen and len(sets[j]) >= min_size:
                    seen.add(j)
                    yield (j, i) if j < i else (i, j)
        for tok in tokens[:prefix]:
            index[tok].append(i)


def similarity_join(
    texts: Sequence[str],
    threshold: float,
    *,
    min_length: int = 1,
    candidate_jaccard: float = 0.5,
    tokens: Callable[[str], frozenset[str]] = bigrams,
    score: Callable[[str, str], float] | None = None,
    stats: JoinStats | None = None,
) -> list[tuple[int, int, float]]:
    """All pairs ``(i, j, similarity)`` with ``i < j`` whose similarity is >= ``threshold`` (0..1).

    ``texts`` are compared as given (call :func:`clean` first); texts shorter than ``min_length``
    are ignored. ``score`` defaults to rapidfuzz's normalised Indel similarity (``fuzz.ratio``).
    Identical texts pair with similarity 1.0 without any comparison.
    """
    if score is None:
        from rapidfuzz import fuzz

        def score(a: str, b: str) -> float:
            return fuzz.ratio(a, b, score_cutoff=threshold * 100) / 100.0

    stats = stats if stats is not None else JoinStats()
    groups: dict[str, _Distinct] = {}
    for i, text in enumerate(texts):
        if len(text) < min_length:
            continue
        stats.items += 1
        groups.setdefault(text, _Distinct(text)).members.append(i)
    distinct = list(groups.values())
    stats.distinct = len(distinct)
    out: list[tuple[int, int, float]] = []
    for group in distinct:  # exact duplicates
        m = group.members
        out.extend((m[a], m[b], 1.0) for a in range(len(m)) for b in range(a + 1, len(m)))
    sets = [tokens(str(g.key)) for g in distinct]
    for a, b in set_join(sets, candidate_jaccard):
        stats.candidates += 1
        sim = score(str(distinct[a].key), str(distinct[b].key))
        if sim >= threshold:
            stats.verified += 1
            for i in distinct[a].members:
                for j in distinct[b].members:
                    out.append((i, j, sim) if i < j else (j, i, sim))
    stats.pairs = len(out)
    return out


def jaccard_join(
    sets: Sequence[frozenset[str]], threshold: float, *, min_size: int = 1
) -> list[tuple[int, int, float]]:
    """All pairs of ``sets`` (each of at least ``min_size`` items) with Jaccard >= ``threshold``."""
    keep = [i for i, s in enumerate(sets) if len(s) >= min_size]
    sub = [sets[i] for i in keep]
    out = []
    for a, b in set_join(sub, threshold):
        inter = len(sub[a] & sub[b])
        sim = inter / (len(sub[a]) + len(sub[b]) - inter)
        if sim >= threshold:
            i, j = keep[a], keep[b]
            out.append((min(i, j), max(i, j), sim))
    return out


def clusters(n: int, pairs: Iterable[tuple[int, int, float]]) -> list[list[int]]:
    """Connected components (size >= 2) of the pair graph over ``range(n)``, each sorted."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in pairs:
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    comps: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        comps[find(i)].append(i)
    return [sorted(c) for c in comps.values() if len(c) > 1]


def all_pairs_baseline(texts: Sequence[str], threshold: float, *, min_length: int = 1) -> set[tuple[int, int]]:
    """The naive reference: rapidfuzz ``cdist`` over all pairs (used by tests and the benchmark)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    keep = [i for i, t in enumerate(texts) if len(t) >= min_length]
    sub = [texts[i] for i in keep]
    cutoff = math.ceil(threshold * 100 - 1e-9)
    out: set[tuple[int, int]] = set()
    step = 2000
    for start in range(0, len(sub), step):
        block = process.cdist(
            sub[start : start + step], sub, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=1
        )
        rows, cols = np.nonzero(block)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = keep[start + r], keep[c]
            if a < b:
                out.add((a, b))
    return out
