"""Indicator heading classifier: predicts the second-level heading of an indicator from its name and value.

Training (``auditor train``) uses scikit-learn: a TF-IDF over the features of :func:`features`
(jieba words, character n-grams and name suffixes of the third-level name, the shape of the value)
and a multinomial logistic regression; a second, binary logistic regression on the same features
tells measurable names from vague ones (slogans, bare objects, groups of people).

The trained model is exported to plain arrays (vocabulary, idf, coefficients) and saved with joblib
as ``corpora/models/indicator_classifier-v<N>.joblib``. Prediction re-implements the TF-IDF and the
logistic function with numpy only, so the audit neither imports scikit-learn nor depends on its
pickle format (a test checks that both give the same probabilities).
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from auditor.nlp.tokenize import normalize, words
from auditor.resources import corpora_dir, read_yaml

MODEL_VERSION = 1
MODEL_NAME = f"indicator_classifier-v{MODEL_VERSION}.joblib"
FEATURE_VERSION = 1  # bump when :func:`features` changes (an old model then refuses to load)

_DIGITS = re.compile(r"[0-9]+(?:\.[0-9]+)?")
_HEADING_SPACE = re.compile(r"\s+")


# ---------------------------------------------------------------- label scheme


@cache
def _heading_scheme() -> dict[str, Any]:
    return read_yaml(corpora_dir() / "nlp" / "headings.yaml")


def classes() -> list[str]:
    """The nine heading classes, in model order."""
    return list(_heading_scheme()["classes"])


def heading_class(level2: str) -> str | None:
    """Map a second-level heading as written (数量指标, 服务对象满意度 …) to its class, or None."""
    text = _HEADING_SPACE.sub("", normalize(level2))
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
    """Shape tokens of a value: number or not, and its non-digit characters (units, operators, 前 …)."""
    value = normalize(value)
    if not value:
        return ["v:empty"]
    out = ["v:num" if _DIGITS.search(value) else "v:text"]
    rest = _DIGITS.sub("#", value)
    out.extend("v:" + ch for ch in set(rest) if ch not in " #.,")
    return out


def features(name: str, value: str = "") -> list[str]:
    """Feature tokens of one indicator (the analyzer of the TF-IDF, shared by training and prediction)."""
    name = normalize(name)
    out: list[str] = []
    toks = words(name)
    out.extend("w:" + tok for tok in toks)
    if toks:
        out.append("last:" + toks[-1])
    chars = [ch for ch in name if not ch.isspace()]
    for n in (1, 2, 3):
        out.extend("c:" + "".join(chars[i : i + n]) for i in range(len(chars) - n + 1))
    if chars:
        out.append("s1:" + chars[-1])
        out.append("s2:" + "".join(chars[-2:]))
    out.extend(_value_shape(value))
    return out


# ---------------------------------------------------------------- training data


@dataclass(slots=True)
class Example:
    name: str
    value: str
    label: str
    group: str  # the form (or library domain) the row comes from: CV folds never split a group
    source: str  # "library" or "seed"
    weight: float = 1.0


def library_examples(path: Path | None = None) -> list[Example]:
    """The hand-written indicator library (``corpora/nlp/indicator_library.csv``)."""
    path = path or corpora_dir() / "nlp" / "indicator_library.csv"
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle)):
            label = heading_class(row["level2"])
            if label is None:
                raise ValueError(f"{path}: row {i + 2}: unknown heading {row['level2']!r}")
            out.append(Example(row["level3"], row["value"], label, f"lib#{i}", "library"))
    return out


def vague_names(path: Path | None = None) -> list[str]:
    """Hand-written examples of names that measure nothing (``corpora/nlp/vague_names.csv``)."""
    path = path or corpora_dir() / "nlp" / "vague_names.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [row["level3"] for row in csv.DictReader(handle) if row["level3"].strip()]


def document_examples(documents: Iterable[Any], weight: float = 1.0) -> list[Example]:
    """Indicator rows of parsed documents, labelled by the heading they are filed under."""
    out = []
    for doc in documents:
        for form in doc.forms:
            if form.kind != "project":
                continue
            for ind in form.indicators:
                name = ind.level3 or ind.annual_level3 or ""
                label = heading_class(ind.level2)
                if not name.strip() or label is None:
                    continue
                value = ind.period_value or ind.annual_value
                out.append(Example(name, value, label, form.form_id, "seed", weight))
    return out


# ---------------------------------------------------------------- the portable model


@dataclass(slots=True)
class Prediction:
    label: str
    probability: float  # of ``label``
    probabilities: dict[str, float]
    measurable: float  # probability that the name is a measurable indicator (vs a slogan/object)

    def prob(self, label: str) -> float:
        return self.probabilities.get(label, 0.0)


class IndicatorModel:
    """Exported classifier: TF-IDF + multinomial logistic regression, plus the vagueness model."""

    def __init__(self, data: dict[str, Any]):
        if data.get("feature_version") != FEATURE_VERSION:
            raise ValueError("model was trained with other features; run `auditor train`")
        self.data = data
        self.vocabulary: dict[str, int] = data["vocabulary"]
        self.idf = data["idf"]
        self.classes: list[str] = list(data["classes"])
        self.coef = data["coef"]
        self.intercept = data["intercept"]
        self.vague_coef = data["vague_coef"]
        self.vague_intercept = float(data["vague_intercept"])
        self.meta: dict[str, Any] = data.get("meta", {})

    def _vector(self, name: str, value: str) -> tuple[Any, Any]:
        """Indices and l2-normalised sublinear TF-IDF weights of the row's known features."""
        import numpy as np

        counts = Counter(self.vocabulary[f] for f in features(name, value) if f in self.vocabulary)
        idx = np.fromiter(counts.keys(), dtype=np.int64, count=len(counts))
        tf = 1.0 + np.log(np.fromiter(counts.values(), dtype=np.float64, count=len(counts)))
        vals = tf * self.idf[idx]
        norm = float(np.sqrt(vals @ vals))
        return idx, (vals / norm if norm else vals)

    def predict(self, name: str, value: str = "") -> Prediction:
        import numpy as np

        idx, vals = self._vector(name, value)
        scores = self.intercept + self.coef[:, idx] @ vals
        exps = np.exp(scores - scores.max())
        probs_arr = exps / exps.sum()
        probs = {label: float(p) for label, p in zip(self.classes, probs_arr, strict=True)}
        nidx, nvals = self._vector(name, "")
        z = self.vague_intercept + float(self.vague_coef[nidx] @ nvals)
        measurable = 1.0 / (1.0 + math.exp(-z))
        label = max(probs, key=probs.__getitem__)
        return Prediction(label, probs[label], probs, measurable)


def model_path() -> Path:
    return corpora_dir() / "models" / MODEL_NAME


@cache
def load_model(path: str | None = None) -> IndicatorModel:
    """Load the shipped model (cached). Raises FileNotFoundError when it was never trained."""
    import joblib

    return IndicatorModel(joblib.load(path or model_path()))


# ---------------------------------------------------------------- training (scikit-learn)


def _pipeline(c: float = 4.0) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    return Pipeline(
        [
            ("tfidf", TfidfVectorizer(analyzer=_analyze, sublinear_tf=True, lowercase=False)),
            ("clf", LogisticRegression(C=c, max_iter=3000, class_weight="balanced")),
        ]
    )


def _analyze(row: tuple[str, str]) -> list[str]:
    return features(row[0], row[1])


def _xy(examples: Sequence[Example]) -> tuple[list[tuple[str, str]], list[str], list[float]]:
    return [(e.name, e.value) for e in examples], [e.label for e in examples], [e.weight for e in examples]


def drop_label_noise(
    examples: Sequence[Example], min_own: float = 0.1, folds: int = 5, c: float = 4.0
) -> tuple[list[Example], list[Example]]:
    """Split off document rows whose filed heading the rest of the data contradicts (confident learning).

    Out-of-fold probabilities come from folds grouped by the normalised name, so a name is never
    predicted by a model that has seen the same name; a document row whose own heading then gets a
    probability below ``min_own`` is treated as misfiled and left out of training (library rows are
    always kept). Returns (kept, dropped).
    """
    import numpy as np
    from sklearn.model_selection import GroupKFold

    X, y, w = _xy(examples)
    groups = [normalize(e.name) for e in examples]
    own = np.ones(len(X))
    n_splits = min(folds, len(set(groups)))
    for train, test in GroupKFold(n_splits=n_splits).split(X, y, groups):
        pipe = _pipeline(c)
        pipe.fit([X[i] for i in train], [y[i] for i in train], clf__sample_weight=np.asarray([w[i] for i in train]))
        labels = list(pipe.classes_)
        probs = pipe.predict_proba([X[i] for i in test])
        for row, i in zip(probs, test, strict=True):
            own[i] = row[labels.index(y[i])] if y[i] in labels else 0.0
    kept = [e for i, e in enumerate(examples) if e.source == "library" or own[i] >= min_own]
    dropped = [e for i, e in enumerate(examples) if e.source != "library" and own[i] < min_own]
    return kept, dropped


def fit(
    examples: Sequence[Example],
    vague: Sequence[str],
    c: float = 4.0,
    noise_threshold: float | None = 0.1,
    fitted: list[Any] | None = None,
) -> dict[str, Any]:
    """Train both models on ``examples`` and the vague names; return the exportable model data.

    With ``noise_threshold``, document rows that look misfiled (:func:`drop_label_noise`) are left out
    first, so that the model does not learn the very filing mistakes it is meant to find. The fitted
    scikit-learn heading pipeline is appended to ``fitted`` when given (tests compare against it).
    """
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    dropped: list[Example] = []
    if noise_threshold:
        examples, dropped = drop_label_noise(examples, noise_threshold, c=c)
    X, y, w = _xy(examples)
    pipe = _pipeline(c)
    pipe.fit(X, y, clf__sample_weight=np.asarray(w))
    if fitted is not None:
        fitted.append(pipe)
    tfidf = pipe.named_steps["tfidf"]
    clf = pipe.named_steps["clf"]
    # Vagueness: names of the library and of the seed rows the heading model agrees with are
    # "measurable"; the hand-written vague names are not. Names only (no value features).
    positives = sorted({e.name for e in examples if e.source == "library"})
    names = positives + list(vague)
    target = [1] * len(positives) + [0] * len(vague)
    Xv = tfidf.transform([(n, "") for n in names])
    vague_clf = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(Xv, target)
    vocabulary = {str(k): int(v) for k, v in tfidf.vocabulary_.items()}
    return {
        "feature_version": FEATURE_VERSION,
        "model_version": MODEL_VERSION,
        "vocabulary": vocabulary,
        "idf": tfidf.idf_.astype("float64"),
        "classes": [str(x) for x in clf.classes_],
        "coef": clf.coef_.astype("float64"),
        "intercept": clf.intercept_.astype("float64"),
        "vague_coef": vague_clf.coef_[0].astype("float64"),
        "vague_intercept": float(vague_clf.intercept_[0]),
        "dropped_as_noise": [(e.group, e.name, e.label) for e in dropped],
    }


def cross_validate(
    examples: Sequence[Example],
    vague: Sequence[str],
    folds: int = 5,
    c: float = 4.0,
    noise_threshold: float | None = 0.1,
) -> dict[str, Any]:
    """Grouped k-fold CV (a form's rows never sit on both sides), training exactly as :func:`fit`.

    Scored against the headings as filed, so rows that are really misfiled count as errors.
    """
    import numpy as np
    from sklearn.metrics import classification_report
    from sklearn.model_selection import GroupKFold

    X, y, _ = _xy(examples)
    groups = [e.group for e in examples]
    pred: list[str | None] = [None] * len(X)
    unseen: set[int] = set()  # test rows whose name never occurs in their fold's training rows
    for train, test in GroupKFold(n_splits=folds).split(X, y, groups):
        kept = [examples[i] for i in train]
        if noise_threshold:
            kept, _ = drop_label_noise(kept, noise_threshold, c=c)
        Xk, yk, wk = _xy(kept)
        pipe = _pipeline(c)
        pipe.fit(Xk, yk, clf__sample_weight=np.asarray(wk))
        seen = {normalize(X[i][0]) for i in train}
        for i, label in zip(test, pipe.predict([X[i] for i in test]), strict=True):
            pred[i] = str(label)
            if normalize(X[i][0]) not in seen:
                unseen.add(i)
    labels = classes()
    report: dict[str, Any] = {}
    subsets = {
        "seed": lambda i: examples[i].source == "seed",
        "seed_unseen_names": lambda i: examples[i].source == "seed" and i in unseen,
        "library": lambda i: examples[i].source == "library",
        "all": lambda i: True,
    }
    for subset, keep in subsets.items():
        idx = [i for i in range(len(examples)) if keep(i)]
        if not idx:
            continue
        report[subset] = classification_report(
            [y[i] for i in idx], [pred[i] for i in idx], labels=labels, output_dict=True, zero_division=0
        )
        report[subset]["n"] = len(idx)
    return report


def training_examples(seed_weight: float = 0.5) -> list[Example]:
    """Library rows plus the rows of the bundled sample document."""
    import auditor
    from auditor.resources import sample_document

    seed = document_examples([auditor.load(sample_document())], weight=seed_weight)
    return library_examples() + seed


def save_model(data: dict[str, Any], path: Path | None = None) -> Path:
    import joblib

    path = path or model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(data, path, compress=3)
    load_model.cache_clear()
    return path
