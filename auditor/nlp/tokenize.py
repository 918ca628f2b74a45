"""Deterministic Chinese tokenizer: jieba with the domain dictionary and stopwords of ``corpora/nlp``.

One private :class:`jieba.Tokenizer` is built on first use (never the global jieba instance, so
other code cannot change our segmentation), with HMM off so that the output depends only on the
dictionaries. Text is NFKC-normalised first (full-width digits, ``％``, ``：`` …).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from auditor.resources import corpora_dir

_WORDISH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[0-9.%]+$")
_lock = threading.Lock()


@lru_cache(maxsize=1 << 16)  # names and headings repeat across a corpus
def normalize(text: str) -> str:
    """NFKC, lower case, whitespace collapsed: the form all NLP code compares."""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", text or "")).strip().lower()


@cache
def stopwords() -> frozenset[str]:
    """The domain stopword list (``corpora/nlp/stopwords.txt``; ``#`` starts a comment)."""
    path = corpora_dir() / "nlp" / "stopwords.txt"
    words = set()
    for raw in path.read_text(encoding="utf-8").splitlines():
        word = raw.split("#", 1)[0].strip()
        if word:
            words.add(normalize(word))
    return frozenset(words)


@cache
def _tokenizer() -> Any:
    """The jieba tokenizer with the domain dictionary loaded (built once, thread-safe)."""
    with _lock:
        import logging
        import sys

        # jieba finds its dictionary through pkg_resources when that imports, else with open();
        # importing pkg_resources costs more than the rest of jieba, so it is hidden meanwhile.
        hide = "pkg_resources" not in sys.modules and "jieba" not in sys.modules
        if hide:
            sys.modules["pkg_resources"] = None  # type: ignore[assignment]
        try:
            import jieba
        finally:
            if hide:
                sys.modules.pop("pkg_resources", None)

        jieba.setLogLevel(logging.WARNING)
        tokenizer = jieba.Tokenizer()
        tokenizer.initialize()
        tokenizer.load_userdict(str(corpora_dir() / "nlp" / "userdict.txt"))
        return tokenizer


def words(text: str) -> list[str]:
    """All word tokens of ``text`` in order (punctuation dropped, stopwords kept)."""
    return list(_words(text))


@lru_cache(maxsize=65536)
def _words(text: str) -> tuple[str, ...]:
    # forms repeat the same texts and names a lot: segment each distinct string once
    ready = _READY.get(text)
    return ready if ready is not None else _segment(text)


def _segment(text: str) -> tuple[str, ...]:
    text = normalize(text)
    if not text:
        return ()
    return tuple(tok for tok in _tokenizer().lcut(text, HMM=False) if _WORDISH.search(tok))


_READY: dict[str, tuple[str, ...]] = {}  # texts segmented ahead by :func:`pretokenize`


def _segment_all(texts: list[str]) -> list[tuple[str, ...]]:
    return [_segment(t) for t in texts]


def pretokenize(texts: Iterable[str], jobs: int, min_texts: int = 4000) -> int:
    """Segment many distinct texts in ``jobs`` forked processes ahead of their use (the corpus
    rules of a large audit tokenise every text of every form once); :func:`release` forgets them.

    Returns how many texts were segmented ahead (0 when there are too few to pay for the processes).
    """
    import multiprocessing as mp
    import sys

    todo = [t for t in dict.fromkeys(texts) if t and t not in _READY]
    if jobs <= 1 or len(todo) < min_texts:
        return 0
    # fork inherits the loaded dictionary; with other threads running (a progress display, a Dask
    # client) forking is unsafe, and fresh processes pay for loading it: only for many texts
    if threading.active_count() == 1 and "fork" in mp.get_all_start_methods():
        method = "fork"
        _tokenizer()
    elif len(todo) >= 5 * min_texts:
        method = "spawn"
    else:
        return 0
    chunk = max(1, len(todo) // (jobs * 8))
    parts = [todo[k : k + chunk] for k in range(0, len(todo), chunk)]
    with mp.get_context(method).Pool(jobs) as pool:
        for texts_part, tokens_part in zip(parts, pool.map(_segment_all, parts), strict=True):
            for text, tokens in zip(texts_part, tokens_part, strict=True):
                _READY[text] = tuple(sys.intern(tok) for tok in tokens)
    return len(todo)


def release() -> None:
    """Forget the texts segmented ahead and the segmentation cache (after the corpus rules)."""
    _READY.clear()
    _words.cache_clear()


def tokenize(text: str, *, drop_stopwords: bool = True, drop_numbers: bool = True) -> list[str]:
    """Content tokens of ``text``: jieba words without punctuation, stopwords and bare numbers."""
    stop = stopwords() if drop_stopwords else frozenset()
    return [tok for tok in _words(text) if tok not in stop and not (drop_numbers and _NUMBER.match(tok))]
