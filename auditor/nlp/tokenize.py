"""Deterministic Chinese tokenizer: jieba with the domain dictionary and stopwords of ``corpora/nlp``.

One private :class:`jieba.Tokenizer` is built on first use (never the global jieba instance, so
other code cannot change our segmentation), with HMM off so that the output depends only on the
dictionaries. Text is NFKC-normalised first (full-width digits, ``％``, ``：`` …).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import cache, lru_cache
from typing import Any

from auditor.resources import corpora_dir

_WORDISH = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]")
_SPACES = re.compile(r"\s+")
_NUMBER = re.compile(r"^[0-9.%]+$")
_lock = threading.Lock()


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
    text = normalize(text)
    if not text:
        return ()
    return tuple(tok for tok in _tokenizer().lcut(text, HMM=False) if _WORDISH.search(tok))


def tokenize(text: str, *, drop_stopwords: bool = True, drop_numbers: bool = True) -> list[str]:
    """Content tokens of ``text``: jieba words without punctuation, stopwords and bare numbers."""
    stop = stopwords() if drop_stopwords else frozenset()
    return [tok for tok in _words(text) if tok not in stop and not (drop_numbers and _NUMBER.match(tok))]
