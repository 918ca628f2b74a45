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

import contextlib
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import combinations, product

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


def set_join(
    sets: Sequence[frozenset[str]],
    jaccard: float,
    lengths: Sequence[int] | None = None,
    min_length_ratio: float = 0.0,
) -> list[tuple[int, int]]:
    """Candidate pairs (i < j) of ``sets`` that may reach ``jaccard``, by prefix + size filtering.

    Complete for Jaccard: every pair with Jaccard >= ``jaccard`` is yielded (plus some that are not).
    With ``lengths``, pairs whose lengths differ more than ``min_length_ratio`` allows are dropped too
    (a ratio >= t needs shorter/longer >= t / (2 - t)).
    """
    rank = _ranks(sets)  # rarest first
    sizes = [len(s) for s in sets]
    stamp = [-1] * len(sets)
    index: dict[str, list[int]] = {}
    out: list[tuple[int, int]] = []
    ratio = min_length_ratio if lengths is not None else 0.0
    for i in sorted(range(len(sets)), key=sizes.__getitem__):
        size = sizes[i]
        if size == 0:
            continue
        prefix = sorted(sets[i], key=rank.__getitem__)[: size - math.ceil(jaccard * size) + 1]
        min_size = jaccard * size
        if ratio > 0.0 and lengths is not None:
            lo, hi = lengths[i] * ratio, lengths[i] / ratio
        else:
            lo, hi = -math.inf, math.inf
        for tok in prefix:
            postings = index.get(tok)
            if postings is None:
                index[tok] = [i]
                continue
            for j in postings:
                if stamp[j] == i:
                    continue
                stamp[j] = i
                if sizes[j] >= min_size and (lengths is None or lo <= lengths[j] <= hi):
                    out.append((j, i) if j < i else (i, j))
            postings.append(i)
    return out


@dataclass(slots=True)
class GroupJoin:
    """Result of a join in compressed form: identical texts grouped, near-identical groups linked.

    Every item pair inside a group, and every pair across two linked groups, is a result pair;
    :meth:`pairs` expands them (the output can be quadratic in the size of a clone family, the
    compressed form never is).
    """

    n: int
    groups: list[list[int]]
    links: list[tuple[int, int, float]]

    def pairs(self) -> Iterator[tuple[int, int, float]]:
        for members in self.groups:
            for i, j in combinations(members, 2):
                yield i, j, 1.0
        for a, b, sim in self.links:
            for i, j in product(self.groups[a], self.groups[b]):
                yield (i, j, sim) if i < j else (j, i, sim)

    def group_index(self) -> list[int]:
        """Item -> its group (-1 when the item was skipped)."""
        out = [-1] * self.n
        for g, members in enumerate(self.groups):
            for i in members:
                out[i] = g
        return out

    def lookup(self) -> Callable[[int, int], bool]:
        index = self.group_index()
        linked = {(a, b) for a, b, _ in self.links} | {(b, a) for a, b, _ in self.links}

        def check(i: int, j: int) -> bool:
            gi, gj = index[i], index[j]
            return gi >= 0 and gj >= 0 and (gi == gj or (gi, gj) in linked)

        return check

    def clusters(self) -> list[list[int]]:
        """Connected components (size >= 2) over items, computed on groups (no pair expansion)."""
        comps = clusters(len(self.groups), self.links)
        in_comp = {g for comp in comps for g in comp}
        out = [sorted(i for g in comp for i in self.groups[g]) for comp in comps]
        out.extend(sorted(m) for g, m in enumerate(self.groups) if g not in in_comp and len(m) > 1)
        return out


def similarity_groups(
    texts: Sequence[str],
    threshold: float,
    *,
    min_length: int = 1,
    candidate_jaccard: float = 0.5,
    tokens: Callable[[str], frozenset[str]] = bigrams,
    score: Callable[[str, str], float] | None = None,
    stats: JoinStats | None = None,
    spanning: bool = False,
    limit: int = 64,
) -> GroupJoin:
    """Near-duplicate join of ``texts`` (rapidfuzz ratio >= ``threshold``), in compressed form.

    ``texts`` are compared as given (call :func:`clean` first); texts shorter than ``min_length``
    are ignored. ``score`` defaults to rapidfuzz's normalised Indel similarity (``fuzz.ratio``).
    With ``spanning``, only the links of a spanning forest are kept: the clusters are the same,
    but a pair already joined through other texts is never verified, so a family of thousands of
    near-identical (not identical) texts costs no quadratic list of pairs, and a text is compared
    with at most ``limit`` others per blocking key (:func:`span_block`).
    """
    stats = stats if stats is not None else JoinStats()
    groups: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if len(text) >= min_length:
            groups.setdefault(text, []).append(i)
    keys = list(groups)
    stats.items = sum(len(m) for m in groups.values())
    stats.distinct = len(keys)
    links: list[tuple[int, int, float]] = []
    sets = [tokens(k) for k in keys]
    # a rapidfuzz ratio >= t needs len(short) / len(long) >= t / (2 - t)
    length_ratio = threshold / (2.0 - threshold) if score is None else 0.0
    if spanning:
        links = _spanning_links(keys, sets, threshold, candidate_jaccard, length_ratio, score, stats, tokens, limit)
        return GroupJoin(len(texts), list(groups.values()), links)
    candidates = set_join(sets, candidate_jaccard, [len(k) for k in keys], length_ratio)
    stats.candidates = len(candidates)
    if score is not None:
        for a, b in candidates:
            sim = score(keys[a], keys[b])
            if sim >= threshold:
                links.append((a, b, sim))
    elif candidates:  # rapidfuzz, verified in one vectorised call
        from rapidfuzz import fuzz, process

        cutoff = threshold * 100
        scores = process.cpdist(
            [keys[a] for a, _ in candidates], [keys[b] for _, b in candidates],
            scorer=fuzz.ratio, score_cutoff=cutoff, workers=1,
        )
        for (a, b), sim in zip(candidates, scores.tolist(), strict=True):
            if sim >= cutoff:
                links.append((a, b, sim / 100.0))
    stats.verified = len(links)
    return GroupJoin(len(texts), list(groups.values()), links)


def _ranks(sets: Sequence[frozenset[str]]) -> dict[str, int]:
    """Token -> rank by corpus frequency, rarest first (ties by the token)."""
    df: Counter[str] = Counter()
    for toks in sets:
        df.update(toks)
    return {t: r for r, (_, t) in enumerate(sorted((d, t) for t, d in df.items()))}


def prefix_keys(
    sets: Sequence[frozenset[str]], jaccard: float, rank: Mapping[str, int] | None = None,
    lengths: Sequence[int] | None = None, ratio: float = 0.0,
) -> list[list[str]]:
    """The blocking keys of each set: its rarest tokens (its prefix), ``|x| - ceil(t|x|) + 1`` of them.

    Two sets with Jaccard >= ``jaccard`` share a key, so grouping the items by key (a join, local or
    distributed) yields every candidate pair; a key is shared by few items since it is rare. With
    the texts' ``lengths`` and a rapidfuzz ``ratio`` threshold (bigram sets), the prefix is cut to
    :func:`ratio_prefix` when that is shorter: pairs reaching both thresholds still share a key.
    """
    rank = rank if rank is not None else _ranks(sets)
    out = []
    for k, x in enumerate(sets):
        n = len(x) - math.ceil(jaccard * len(x)) + 1
        if lengths is not None and ratio > 0:
            n = min(n, ratio_prefix(len(x), lengths[k], ratio))
        out.append(sorted(x, key=rank.__getitem__)[:n] if x else [])
    return out


def ratio_prefix(size: int, length: int, ratio: float) -> int:
    """Prefix length (of a text's set of ``size`` distinct bigrams, ``length`` characters) that every
    text with a rapidfuzz ratio >= ``ratio`` to it must share a bigram with.

    Indel distance d <= (1 - r)(la + lb); the aligned characters (L = (la + lb - d) / 2) keep at
    least L - 1 - d bigram occurrences in common, of which at least that minus the text's repeated
    bigrams (length - 1 - size) are distinct; the smallest partner allowed by the length filter
    (lb >= la r / (2 - r)) gives the bound o. Sets overlapping in o tokens share one of their first
    ``size - o + 1``.
    """
    if ratio <= 2.0 / 3.0:
        return size
    total = length * 2.0 / (2.0 - ratio)  # la + lb for the shortest partner
    common = math.ceil(total * (1.5 * ratio - 1.0) - 1.0 - 1e-9) - (length - 1 - size)
    return size if common <= 0 else max(1, size - common + 1)


@dataclass(slots=True)
class Verifier:
    """Whether two distinct texts are near-duplicates: the size and length filters, then the score.

    Shared by the local join and the distributed one (``auditor.scale``), so both link the same pairs.
    """

    keys: Sequence[str]
    sizes: Sequence[int]
    threshold: float
    jaccard: float
    length_ratio: float
    score: Callable[[str, str], float] | None = None

    def order(self, items: Iterable[int]) -> list[int]:
        """Items in join order: smaller token sets first, then input order."""
        return sorted(items, key=lambda i: (self.sizes[i], i))

    def filters(self, i: int, j: int) -> bool:
        """Size and length filters for ``j`` joined before ``i`` (``sizes[j] <= sizes[i]``)."""
        if self.sizes[j] < self.jaccard * self.sizes[i]:
            return False
        if self.length_ratio > 0:
            li, lj = len(self.keys[i]), len(self.keys[j])
            return li * self.length_ratio <= lj <= li / self.length_ratio
        return True

    def similarity(self, i: int, j: int) -> float:
        if self.score is not None:
            return self.score(self.keys[i], self.keys[j])
        return _fuzz_ratio()(self.keys[i], self.keys[j], score_cutoff=self.threshold * 100) / 100.0


class _Forest:
    """Union-find whose root is the smallest item of its component."""

    __slots__ = ("parent",)

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        parent = self.parent
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def span_blocks(
    order: Sequence[int], keys_of: Callable[[int], Iterable[str]], verify: Verifier, forest: _Forest,
    stats: JoinStats | None = None,
) -> list[tuple[int, int, float]]:
    """Spanning links of the near-duplicate graph of the items in ``order`` (join order).

    An item is compared with the members of a block (items sharing a key) only until it joins their
    component: the index of a key holds its items per component, so a family of thousands of
    near-identical texts costs one comparison per item and key, never one per pair.
    """
    index: dict[str, dict[int, list[int]]] = {}
    links: list[tuple[int, int, float]] = []
    find = forest.find
    sizes, texts, threshold = verify.sizes, verify.keys, verify.threshold
    ratio, jaccard = verify.length_ratio, verify.jaccard
    if verify.score is None:
        ratio_of, cutoff = _fuzz_ratio(), threshold * 100

        def similarity(i: int, j: int) -> float:
            return ratio_of(texts[i], texts[j], score_cutoff=cutoff) / 100.0
    else:
        similarity = verify.similarity
    candidates = 0
    for i in order:
        tried: set[int] = set()
        min_size = jaccard * sizes[i]
        li = len(texts[i])
        lo, hi = (li * ratio, li / ratio) if ratio > 0 else (-1.0, math.inf)
        for tok in keys_of(i):
            comps = index.get(tok)
            if comps is None:
                index[tok] = {i: [i]}
                continue
            stale = [r for r in comps if find(r) != r]
            for r in stale:  # components merged since: one entry each
                members = comps.pop(r)
                comps.setdefault(find(r), []).extend(members)
            ri = find(i)
            for r, members in list(comps.items()) if len(comps) > 1 or ri not in comps else ():
                if r == ri or find(r) == find(i):
                    continue
                for j in members:
                    if j in tried or sizes[j] < min_size or not lo <= len(texts[j]) <= hi:
                        continue
                    candidates += 1
                    sim = similarity(i, j)
                    if sim >= threshold:
                        forest.union(i, j)
                        links.append((min(i, j), max(i, j), sim))
                        break
                    tried.add(j)
            comps.setdefault(find(i), []).append(i)
    if stats is not None:
        stats.candidates += candidates
    return links


def star_links(
    components: Iterable[Sequence[int]], verify: Verifier
) -> list[tuple[int, int, float]]:
    """Canonical links of the components: each item with the component's first item and their
    similarity. Whatever links found the components (local or distributed join), these are the same."""
    out = []
    for comp in components:
        rep = min(comp)
        for j in sorted(comp):
            if j != rep:
                sim = verify.score(verify.keys[rep], verify.keys[j]) if verify.score is not None else _ratio(
                    verify.keys[rep], verify.keys[j])
                out.append((rep, j, sim))
    return out


def _ratio(a: str, b: str) -> float:
    return _fuzz_ratio()(a, b) / 100.0


@cache
def _fuzz_ratio() -> Callable[..., float]:
    from rapidfuzz import fuzz

    return fuzz.ratio


def span_block(
    members: Sequence[tuple[int, str, int]], threshold: float, jaccard: float, length_ratio: float,
    limit: int = 64, narrow: Mapping[int, str] | None = None,
) -> list[tuple[int, int, float]]:
    """Spanning links among the items of one block, ``(item, text, token-set size)`` in any order.

    The unit of work of the join, local or distributed: blocks are independent, each is joined in
    join order (smaller sets first, then item number). The block holds its items per component: an
    item is compared with the members of each earlier component until one is a near-duplicate (then
    the whole component is joined), latest (closest in size) first, at most ``limit`` looks in the
    block. A family of thousands of near-copies costs one comparison per item; a key shared by
    thousands of unrelated texts costs at most ``limit`` per item (their near-copies share rarer keys
    too). The looks that find a near-duplicate are known beforehand (:func:`_window_hits`, vectorised),
    so an item whose looks find none costs no look at all. ``narrow``: the items' one-byte texts
    (:func:`narrow_texts`, made once for all blocks; made here when not given).
    """
    items = sorted(members, key=lambda m: (m[2], m[0]))
    texts = [m[1] for m in items]
    sizes = [m[2] for m in items]
    n = len(items)
    forest = _Forest(n)
    find = forest.find
    ratio_of, cutoff = _fuzz_ratio(), threshold * 100
    # hits[i]: the earlier items j, i - j <= width, that pass the filters and reach the threshold
    width = n if n <= _MATRIX[1] else limit
    near = None
    if n >= _MATRIX[0]:
        small = [narrow[m[0]] for m in items] if narrow is not None else narrow_texts(texts)
        near = _window_hits(texts, small, sizes, threshold, jaccard, length_ratio, width)
    comps: dict[int, list[int]] = {}  # component (its first item) -> members, in join order
    links: list[tuple[int, int, float]] = []
    hits: dict[int, float] = {}
    fresh = 0  # items fresh..i-1 are untouched one-item components: i's looks are the last `limit` of them
    for i in range(n):
        if near is not None:
            row = near.get(i)
            if row is None and (width >= n or fresh == 0 or i - fresh >= limit):
                comps[i] = [i]  # no near-duplicate among the looks: they would find none
                continue
            hits = row or {}
        budget = limit
        min_size = jaccard * sizes[i]
        li = len(texts[i])
        lo, hi = (li * length_ratio, li / length_ratio) if length_ratio > 0 else (-1.0, math.inf)
        joined: list[int] = []
        low = i - width if near is not None else n  # the looks at j >= low have their hits in `near`
        for r in reversed(comps):  # latest first: the closest in size
            if budget <= 0:
                break
            for j in reversed(comps[r]):
                budget -= 1
                if j >= low:
                    found = hits.get(j)  # passes the filters and the threshold
                    if found is None:
                        if budget <= 0:
                            break
                        continue
                    sim = found
                elif sizes[j] < min_size or not lo <= len(texts[j]) <= hi:
                    if budget <= 0:
                        break
                    continue
                else:
                    sim = ratio_of(texts[i], texts[j], score_cutoff=cutoff) / 100.0
                if sim >= threshold:
                    forest.union(i, j)
                    links.append((i, j, sim))
                    joined.append(r)
                    break
                if budget <= 0:
                    break
        if joined:
            fresh = i + 1
        root = find(i)
        for r in joined:  # components joined through this item become one
            if r != root:
                comps[root].extend(comps.pop(r))
        comps.setdefault(root, []).append(i)
    return [(min(items[a][0], items[b][0]), max(items[a][0], items[b][0]), sim) for a, b, sim in links]


# blocks from _MATRIX[0] items on have their looks' hits computed in vectorised calls; up to
# _MATRIX[1] items every pair is scored (one call), larger blocks a band of `limit` earlier items
_MATRIX = (21, 128)
_BAND_ROWS = 32  # rows of the band scored per call


def narrow_texts(texts: Iterable[str]) -> list[str]:
    """``texts`` with their characters renamed to one-byte ones: the 255 most frequent characters one
    code each, rarer ones sharing codes. Merging characters never lowers a rapidfuzz ratio (a common
    subsequence stays common), so the narrow texts' ratio bounds the real one from above, and
    one-byte strings are scored several times faster than CJK ones."""
    texts = list(texts)
    counts = Counter("".join(texts))
    ranked = sorted(counts, key=lambda c: (-counts[c], c))
    table = {ord(c): chr(1 + k % 255) for k, c in enumerate(ranked)}
    return [t.translate(table) for t in texts]


def _window_hits(
    texts: Sequence[str], narrow: Sequence[str], sizes: Sequence[int], threshold: float, jaccard: float,
    length_ratio: float, width: int,
) -> dict[int, dict[int, float]]:
    """For each item of a block (join order), the earlier items ``j`` with ``i - width <= j < i`` that
    pass the size and length filters and reach ``threshold``, with their similarity: what
    :func:`span_block`'s looks would find there. Pairs are screened in vectorised calls on one-byte
    texts (``narrow``, an upper bound: :func:`narrow_texts`); the few that pass are scored on the real
    texts (the same rapidfuzz ratio as a look's)."""
    import numpy as np
    from rapidfuzz import fuzz, process

    n = len(texts)
    cutoff = threshold * 100
    size = np.asarray(sizes, dtype=np.float64)
    length = np.asarray([len(t) for t in texts], dtype=np.float64)
    real = np.empty(n, dtype=object)  # the texts, indexed by arrays
    real[:] = texts
    out: dict[int, dict[int, float]] = {}
    step = n if width >= n else max(_BAND_ROWS, width)
    for start in range(0, n, step):
        stop = min(n, start + step)
        first = max(0, start - width)
        scores = process.cdist(narrow[start:stop], narrow[first:stop], scorer=fuzz.ratio, score_cutoff=cutoff,
                               dtype=np.float64, workers=1)
        rows = np.arange(start, stop)[:, None]
        cols = np.arange(first, stop)[None, :]
        ok = (scores >= cutoff) & (cols < rows) & (cols >= rows - width)
        ok &= ~(size[None, first:stop] < jaccard * size[start:stop, None])  # sizes[j] >= jaccard * sizes[i]
        if length_ratio > 0:
            li, lj = length[start:stop, None], length[None, first:stop]
            ok &= (li * length_ratio <= lj) & (lj <= li / length_ratio)
        r, c = np.nonzero(ok)  # row by row
        if not len(r):
            continue
        rows, cols = r + start, c + first
        sims = process.cpdist(real[rows], real[cols], scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float64,
                              workers=1) / 100.0
        hit = sims >= threshold
        rows, cols, sims = rows[hit], cols[hit], sims[hit]
        if not len(rows):  # the screen passed pairs that are no near-duplicates
            continue
        firsts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]]).tolist()
        cols_list, sims_list, rows_list = cols.tolist(), sims.tolist(), rows.tolist()
        for a, b in zip(firsts, [*firsts[1:], len(rows_list)], strict=True):
            out[rows_list[a]] = dict(zip(cols_list[a:b], sims_list[a:b], strict=True))
    return out


def local_block_join(
    records: Sequence[tuple[int, str, int, Sequence[str]]], threshold: float, jaccard: float, length_ratio: float,
    limit: int = 64,
) -> list[tuple[int, int, float]]:
    """The block join in this process: records ``(item, text, size, keys)`` grouped by key, each block
    of two or more items joined by :func:`span_block` (what the distributed join computes too).

    Only the clusters of the links matter: smaller blocks are joined first, and a block whose items
    are all in one cluster already (joined through other blocks) is skipped, since its links could
    not change the clusters. A family of near-copies sharing many keys is joined once.
    """
    blocks: dict[str, list[tuple[int, str, int]]] = defaultdict(list)
    top = -1
    for item, text, size, keys in records:
        top = max(top, item)
        for key in keys:
            blocks[key].append((item, text, size))
    forest = _Forest(top + 1)
    find = forest.find
    out: list[tuple[int, int, float]] = []
    narrow = dict(zip((r[0] for r in records), narrow_texts(r[1] for r in records), strict=True))
    for members in sorted((m for m in blocks.values() if len(m) > 1), key=len):
        root = find(members[0][0])
        if all(find(m[0]) == root for m in members):
            continue
        links = span_block(members, threshold, jaccard, length_ratio, limit, narrow)
        for a, b, _ in links:
            forest.union(a, b)
        out.extend(links)
    return out


BlockJoin = Callable[[Sequence[tuple[int, str, int, Sequence[str]]], float, float, float, int],
                     list[tuple[int, int, float]]]
_BLOCK_JOIN: list[BlockJoin] = []  # set while a distributed engine runs the corpus rules
_CLOSE: list[Callable[[], None]] = []


def use_block_join(join: BlockJoin | None, close: Callable[[], None] | None = None) -> None:
    """Run the near-duplicate joins of the corpus rules with ``join`` (e.g. on a Dask cluster) until
    :func:`end_block_join`, which calls ``close``. The clusters are the same as in this process."""
    end_block_join()
    if join is not None:
        _BLOCK_JOIN.append(join)
    if close is not None:
        _CLOSE.append(close)


def end_block_join() -> None:
    """Back to joining in this process (after the corpus rules); release the distributed engine."""
    _BLOCK_JOIN.clear()
    while _CLOSE:
        with contextlib.suppress(Exception):  # a cluster that is already gone
            _CLOSE.pop()()


def _spanning_links(
    keys: Sequence[str],
    sets: Sequence[frozenset[str]],
    threshold: float,
    jaccard: float,
    length_ratio: float,
    score: Callable[[str, str], float] | None,
    stats: JoinStats,
    tokens: Callable[[str], frozenset[str]] = bigrams,
    limit: int = 64,
) -> list[tuple[int, int, float]]:
    """Prefix-filter join that verifies a candidate only when it would join two clusters; the
    clusters are then linked canonically (:func:`star_links`), so a block join (local or
    distributed: :func:`use_block_join`) on the same keys gives the same result."""
    verify = Verifier(keys, [len(x) for x in sets], threshold, jaccard, length_ratio, score)
    # the ratio bound holds for character bigrams and rapidfuzz's ratio only
    bigram_sets = score is None and tokens is bigrams
    prefixes = prefix_keys(sets, jaccard, lengths=[len(k) for k in keys] if bigram_sets else None, ratio=threshold)
    if score is None:  # blocks joined one by one, here or on a cluster: the same links either way
        records = [(i, keys[i], len(sets[i]), prefixes[i]) for i in range(len(keys)) if sets[i]]
        join = _BLOCK_JOIN[0] if _BLOCK_JOIN else local_block_join
        found = join(records, threshold, jaccard, length_ratio, limit)
    else:
        order = verify.order(i for i in range(len(keys)) if sets[i])
        found = span_blocks(order, prefixes.__getitem__, verify, _Forest(len(keys)), stats)
    links = star_links(clusters(len(keys), found), verify)
    stats.verified = len(links)
    return links


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

    Identical texts pair with similarity 1.0 without any comparison. See :func:`similarity_groups`.
    """
    joined = similarity_groups(
        texts, threshold, min_length=min_length, candidate_jaccard=candidate_jaccard,
        tokens=tokens, score=score, stats=stats,
    )
    out = list(joined.pairs())
    if stats is not None:
        stats.pairs = len(out)
    return out


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 when either is empty), without building the union."""
    if not (a and b):
        return 0.0
    inter = len(a & b)
    return inter / (len(a) + len(b) - inter)


def jaccard_join(
    sets: Sequence[frozenset[str]], threshold: float, *, min_size: int = 1
) -> list[tuple[int, int, float]]:
    """All pairs of ``sets`` (each of at least ``min_size`` items) with Jaccard >= ``threshold``."""
    keep = [i for i, s in enumerate(sets) if len(s) >= min_size]
    sub = [sets[i] for i in keep]
    out = []
    for a, b in set_join(sub, threshold):
        sim = jaccard(sub[a], sub[b])
        if sim >= threshold:
            i, j = keep[a], keep[b]
            out.append((min(i, j), max(i, j), sim))
    return out


def set_groups(sets: Sequence[frozenset[str]], threshold: float, *, min_size: int = 1) -> GroupJoin:
    """Jaccard join of ``sets`` in compressed form: identical sets grouped (a hash), distinct sets
    of at least ``min_size`` items linked when their Jaccard reaches ``threshold``."""
    groups: dict[frozenset[str], list[int]] = {}
    for i, s in enumerate(sets):
        if len(s) >= min_size:
            groups.setdefault(s, []).append(i)
    keys = list(groups)
    links = []
    for a, b in set_join(keys, threshold):
        sim = jaccard(keys[a], keys[b])
        if sim >= threshold:
            links.append((a, b, sim))
    return GroupJoin(len(sets), list(groups.values()), links)


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


def all_pairs_baseline(
    texts: Sequence[str], threshold: float, *, min_length: int = 1, block: int = 2000
) -> Iterator[tuple[int, int]]:
    """The naive reference: rapidfuzz ``cdist`` of every text against every text (single thread).

    Yields the pairs ``(i, j)``, ``i < j``, with ratio >= ``threshold``; used by tests and the benchmark.
    """
    import numpy as np
    from rapidfuzz import fuzz, process

    keep = [i for i, t in enumerate(texts) if len(t) >= min_length]
    sub = [texts[i] for i in keep]
    cutoff = threshold * 100
    for start in range(0, len(sub), block):
        scores = process.cdist(
            sub[start : start + block], sub, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.float32, workers=1
        )
        rows, cols = np.nonzero(scores >= cutoff)
        for r, c in zip(rows.tolist(), cols.tolist(), strict=True):
            a, b = keep[start + r], keep[c]
            if a < b:
                yield a, b
