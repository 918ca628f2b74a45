"""Indicator classifiers: the heading an indicator belongs under, and whether its name measures anything.

Two linear models over TF-IDF features, trained by ``auditor train`` (:mod:`auditor.nlp.training`):

- the **heading model** predicts the second-level heading class (数量 … 满意度) from the name and the
  value (:func:`heading_features`): NLP006 reports rows filed under another heading;
- the **name model** tells ``measurable`` names from ``slogan`` (slogans, aims, task descriptions)
  and ``bare_object`` names (a thing, an activity, a group of people, a repeated heading) from the
  name, the value's shape and the heading the row is filed under (:func:`name_features`): NLP007.

A trained model is a ``.npz`` file of plain arrays (vocabulary, idf, coefficients, class names and a
JSON ``meta``), loaded with ``allow_pickle=False``: prediction is numpy only, never scikit-learn nor a
pickle (a test checks both give the same probabilities).
"""

from __future__ import annotations

import json
import math
import operator
import os
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, cast

from auditor.nlp.tokenize import normalize, words
from auditor.resources import corpora_dir, read_yaml

MODEL_VERSION = 2
MODEL_NAME = f"indicator_classifier-v{MODEL_VERSION}.npz"
FEATURE_VERSION = 2  # bump when a feature function changes (an old model then refuses to load)
MODEL_ENV = "AUDITOR_MODEL"  # path of a model to use instead of the shipped one
NAME_CLASSES = ("measurable", "slogan", "bare_object")

_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_HEADING_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"[,，、;；。:：!！(（]")


# ---------------------------------------------------------------- label scheme


@cache
def _heading_scheme() -> dict[str, Any]:
    return read_yaml(corpora_dir() / "nlp" / "headings.yaml")


def classes() -> list[str]:
    """The nine heading classes, in model order."""
    return list(_heading_scheme()["classes"])


def heading_class(level2: str) -> str | None:
    """Map a second-level heading as written (数量指标, 服务对象满意度 …) to its class, or None."""
    text = _HEADING_SPACE.sub("", normalize(level2 or ""))
    if not text:
        return None
    scheme = _heading_scheme()
    exact = scheme["exact"].get(text)
    if exact:
        return exact
    for keyword, label in scheme["keywords"]:
        if keyword in text:
            return label
    return None


# ---------------------------------------------------------------- features


def _value_shape(value: str) -> list[str]:
    """Shape tokens of a value: number or not, its non-digit characters, and a short text value."""
    value = normalize(value)
    if not value:
        return ["v:empty"]
    out = ["v:num" if _DIGITS.search(value) else "v:text"]
    rest = _DIGITS.sub("#", value)
    out.extend("v:" + ch for ch in set(rest) if ch not in " #.,")
    if not _DIGITS.search(value) and len(value) <= 4:
        out.append("vt:" + value)  # 提高, 明显, 健全, 及时: the words vague names come with
    return out


def _value_key(value: str) -> tuple[str, ...]:
    """What the models see of a value (its shape tokens), as a cache key."""
    return tuple(sorted(_value_shape(value)))


def _name_tokens(name: str) -> tuple[list[str], list[str]]:
    toks = words(name)
    chars = [ch for ch in name if not ch.isspace()]
    return toks, chars


def heading_features(name: str, value: str = "") -> list[str]:
    """Feature tokens of the heading model: words, char 1–3-grams, suffixes of the name; value shape."""
    name = normalize(name)
    toks, chars = _name_tokens(name)
    out = ["w:" + tok for tok in toks]
    if toks:
        out.append("last:" + toks[-1])
    for n in (1, 2, 3):
        out.extend("c:" + "".join(chars[i : i + n]) for i in range(len(chars) - n + 1))
    if chars:
        out.append("s1:" + chars[-1])
        out.append("s2:" + "".join(chars[-2:]))
    out.extend(_value_shape(value))
    return out


def name_features(name: str, value: str = "", heading: str | None = None) -> list[str]:
    """Feature tokens of the name model: the heading model's, plus how the name starts, its length,
    punctuation inside it, whether it only repeats a heading, and the heading class it is filed under."""
    out = heading_features(name, value)
    norm = normalize(name)
    toks, chars = _name_tokens(norm)
    if toks:
        out.append("first:" + toks[0])
    if chars:
        out.append("p1:" + chars[0])
        out.append("p2:" + "".join(chars[:2]))
    out.append(f"len:{min(len(chars), 12) // 3}")
    if _PUNCT.search(norm):
        out.append("punct")
    if heading_class(norm) is not None and len(chars) <= 7:
        out.append("is_heading")
    if heading:
        out.append("h:" + heading)
    return out


# ---------------------------------------------------------------- the portable model


@dataclass(slots=True)
class Linear:
    """One exported TF-IDF + logistic-regression classifier.

    ``idf``, ``coef`` and ``intercept`` are numpy arrays when trained, Python lists when loaded
    (:func:`read_npz`): prediction is plain Python over the few features of one row, so that
    checking forms never imports numpy.
    """

    vocabulary: dict[str, int]
    idf: Any  # float (V,)
    coef: Any  # float (K, V); K = 1 for a binary model
    intercept: Any  # float (K,)
    classes: list[str]
    _plain: tuple[list[float], list[list[float]], list[float]] | None = field(default=None, init=False, repr=False, compare=False)

    def _lists(self) -> tuple[list[float], list[list[float]], list[float]]:
        """(idf, coefficient rows, intercept) as Python lists (made once)."""
        if self._plain is None:
            as_list = lambda x: x.tolist() if hasattr(x, "tolist") else list(x)  # noqa: E731
            self._plain = (as_list(self.idf), [as_list(row) for row in self.coef], as_list(self.intercept))
        return self._plain

    def proba(self, feats: Sequence[str]) -> dict[str, float]:
        """Class probabilities of one row's feature tokens (sublinear, l2-normalised TF-IDF)."""
        idf, coef, intercept = self._lists()
        vocab = self.vocabulary
        found: Counter[int | None] = Counter(map(vocab.get, feats))  # first-seen order, as summed below
        found.pop(None, None)  # features the model never saw
        counts = cast("Counter[int]", found)
        vals = [(1.0 + math.log(n)) * idf[i] for i, n in counts.items()]
        norm = math.sqrt(sum(map(operator.mul, vals, vals)))
        if norm:
            vals = [v / norm for v in vals]
        if len(counts) > 1:
            gather = operator.itemgetter(*counts)  # one row's coefficients of these features, in C
            scores = [b + sum(map(operator.mul, gather(row), vals)) for b, row in zip(intercept, coef, strict=True)]
        else:
            scores = [b + sum(row[i] * v for i, v in zip(counts, vals, strict=True))
                      for b, row in zip(intercept, coef, strict=True)]
        if len(self.classes) == 2 and len(scores) == 1:
            p = 1.0 / (1.0 + math.exp(-scores[0]))
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        top = max(scores)
        exps = [math.exp(x - top) for x in scores]
        total = sum(exps)
        return {label: e / total for label, e in zip(self.classes, exps, strict=True)}

    def arrays(self, prefix: str) -> dict[str, Any]:
        import numpy as np

        vocab = sorted(self.vocabulary, key=self.vocabulary.__getitem__)
        return {
            f"{prefix}_vocab": np.array(vocab, dtype=str),
            f"{prefix}_idf": np.asarray(self.idf, dtype=np.float64),
            f"{prefix}_coef": np.asarray(self.coef, dtype=np.float64),
            f"{prefix}_intercept": np.asarray(self.intercept, dtype=np.float64),
            f"{prefix}_classes": np.array(self.classes, dtype=str),
        }

    @classmethod
    def from_arrays(cls, data: Any, prefix: str) -> Linear:
        vocab = [str(v) for v in data[f"{prefix}_vocab"]]
        return cls(
            {v: i for i, v in enumerate(vocab)},
            data[f"{prefix}_idf"],
            data[f"{prefix}_coef"],
            data[f"{prefix}_intercept"],
            [str(c) for c in data[f"{prefix}_classes"]],
        )


def _read_npy(raw: bytes) -> Any:
    """One ``.npy`` array of a model file without numpy: float64 as a flat list or a list of rows,
    unicode strings as a list of str (a 0-d string array as one str). ValueError for anything else."""
    import ast
    import sys
    from array import array

    if raw[:6] != b"\x93NUMPY":
        raise ValueError("not a .npy array")
    size, start = (int.from_bytes(raw[8:10], "little"), 10) if raw[6] == 1 else (int.from_bytes(raw[8:12], "little"), 12)
    header = ast.literal_eval(raw[start : start + size].decode("latin-1"))
    descr, fortran, shape = header["descr"], bool(header["fortran_order"]), tuple(header["shape"])
    body = raw[start + size :]
    count = math.prod(shape)
    if descr in ("<f8", ">f8"):
        values = array("d")
        values.frombytes(body[: 8 * count])
        if (descr[0] == "<") != (sys.byteorder == "little"):
            values.byteswap()
        flat = values.tolist()
        if len(shape) == 1:
            return flat
        if len(shape) != 2:
            raise ValueError(f"unexpected shape {shape}")
        rows, cols = shape
        if fortran:
            return [flat[r::rows] for r in range(rows)]
        return [flat[r * cols : (r + 1) * cols] for r in range(rows)]
    if descr[:2] in ("<U", ">U"):
        width = int(descr[2:])
        text = body[: 4 * width * count].decode("utf-32-le" if descr[0] == "<" else "utf-32-be")
        items = [text[k * width : (k + 1) * width].rstrip("\0") for k in range(count)]
        return items[0] if shape == () else items
    raise ValueError(f"unexpected array type {descr}")


def read_npz(path: Path | str) -> dict[str, Any]:
    """The arrays of a model ``.npz`` (a zip of ``.npy`` files) by name, read without numpy."""
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            return {name.removesuffix(".npy"): _read_npy(archive.read(name)) for name in archive.namelist()}
    except zipfile.BadZipFile as exc:
        raise ValueError(str(exc)) from None


@dataclass(slots=True)
class Prediction:
    label: str  # predicted heading class
    probability: float  # of ``label``
    probabilities: dict[str, float]
    measurable: float  # probability that the name is a measurable indicator
    kind: str  # predicted name class: measurable / slogan / bare_object
    kinds: dict[str, float] = field(default_factory=dict)

    def prob(self, label: str) -> float:
        return self.probabilities.get(label, 0.0)


class IndicatorModel:
    """The two exported classifiers, with a per-model prediction cache."""

    def __init__(self, heading: Linear, name: Linear, meta: dict[str, Any] | None = None):
        self.heading = heading
        self.name = name
        self.meta: dict[str, Any] = meta or {}
        if self.meta.get("feature_version", FEATURE_VERSION) != FEATURE_VERSION:
            raise ValueError("model was trained with other features; run `auditor train`")
        self._cache: dict[tuple[str, tuple[str, ...], str | None], Prediction] = {}

    def predict(self, name: str, value: str = "", heading: str | None = None) -> Prediction:
        """Heading and name class of one indicator; ``heading`` is the class it is filed under."""
        key = (name, _value_key(value), heading)  # values of one shape (≥95%, ≥98%) predict alike
        hit = self._cache.get(key)
        if hit is not None:
            return hit
        probs = self.heading.proba(heading_features(name, value))
        kinds = self.name.proba(name_features(name, value, heading))
        label = max(probs, key=probs.__getitem__)
        kind = max(kinds, key=kinds.__getitem__)
        pred = Prediction(label, probs[label], probs, kinds.get("measurable", 0.0), kind, kinds)
        if len(self._cache) < 100_000:
            self._cache[key] = pred
        return pred

    def save(self, path: Path) -> Path:
        """Write the model as a compressed ``.npz`` (atomically: a temporary file, then a rename)."""
        import numpy as np

        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        meta = {**self.meta, "feature_version": FEATURE_VERSION, "model_version": MODEL_VERSION}
        arrays = {
            **self.heading.arrays("heading"),
            **self.name.arrays("name"),
            "meta": np.array(json.dumps(meta)),
        }
        tmp = path.with_name(path.name + ".tmp")
        with tmp.open("wb") as handle:
            np.savez_compressed(handle, **arrays)
        os.replace(tmp, path)
        return path

    @classmethod
    def load(cls, path: Path | str) -> IndicatorModel:
        data = read_npz(path)
        meta = json.loads(str(data["meta"]))
        return cls(Linear.from_arrays(data, "heading"), Linear.from_arrays(data, "name"), meta)


def model_path() -> Path:
    """The shipped model (``corpora/models``)."""
    return corpora_dir() / "models" / MODEL_NAME


_override: list[IndicatorModel] = []


def use_model(model: IndicatorModel | None) -> None:
    """Make the NLP rules use ``model`` (evaluation folds); None goes back to the shipped model."""
    _override.clear()
    if model is not None:
        _override.append(model)


def current_model() -> IndicatorModel:
    """The model the NLP rules use: one set by :func:`use_model`, else :func:`load_model`."""
    return _override[0] if _override else load_model()


@cache
def load_model(path: str | None = None) -> IndicatorModel:
    """Load a model (cached): ``path``, else ``$AUDITOR_MODEL``, else the shipped one.

    Raises FileNotFoundError when the file does not exist, ValueError when it is not a model of
    this version.
    """
    chosen = path or os.environ.get(MODEL_ENV) or str(model_path())
    try:
        return IndicatorModel.load(chosen)
    except FileNotFoundError:
        raise
    except (KeyError, OSError, ValueError) as exc:
        raise ValueError(
            f"{chosen}: 不是本版本的指标模型 / not a v{MODEL_VERSION} indicator model ({exc})"
        ) from None
