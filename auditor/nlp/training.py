"""Training data, fitting and grouped evaluation of the indicator classifiers (``auditor train``).

Training text (all real, none of it downloaded at run time):

- ``corpora/nlp/indicator_library.csv`` (hand-written library) and ``corpora/nlp/libraries/library_rows.csv``
  (two public indicator libraries, made tidy by ``scripts/build_library_rows.py``);
- the rows of the bundled sample and of the regions forms (``tests/data/regions/shared/forms.csv``),
  labelled by the heading they are filed under; sample rows the rest of the data contradicts are
  left out as label noise (:func:`drop_label_noise`);
- the hand-labelled set (``tests/data/labels/indicators.csv``, docs/labelling.md): the name class of
  every row and the heading misfiled rows belong under;
- ``corpora/nlp/vague_names.csv`` (hand-written vague names).

:func:`evaluate` scores both models and the rules that use them on the labelled set with folds
grouped by form (or by family of near-identical forms): nothing is trained on the form it is scored on.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.nlp.classifier import (
    NAME_CLASSES,
    IndicatorModel,
    Linear,
    classes,
    heading_class,
    heading_features,
    name_features,
    use_model,
)
from auditor.nlp.tokenize import normalize
from auditor.resources import corpora_dir

LABELS = Path("tests") / "data" / "labels" / "indicators.csv"
REGIONS = Path("tests") / "data" / "regions" / "shared" / "forms.csv"
VAGUE_KINDS = {"slogan": "slogan", "object": "bare_object", "people": "bare_object"}
Progress = Callable[[str], None]


def repo_file(relative: Path) -> Path | None:
    """A file of the source checkout (tests/data …): beside the package (editable install) or under
    the working folder (an installed package run from a checkout); None when neither has it."""
    import auditor

    for root in (Path(auditor.__file__).resolve().parent.parent, Path.cwd()):
        path = root / relative
        if path.exists():
            return path
    return None


# ---------------------------------------------------------------- data


@dataclass(slots=True)
class Example:
    name: str
    value: str
    label: str
    group: str  # the form (or library) the row comes from: folds never split a group
    source: str  # library / seed / regions / labelled / vague
    weight: float = 1.0
    heading: str | None = None  # class of the heading it is filed under (name model context)


@dataclass(slots=True)
class LabelRow:
    source: str
    form_id: str
    line: int
    level2: str
    level3: str
    value: str
    label: str  # measurable / slogan / bare_object
    belongs: str  # heading class a misfiled row belongs under, else ""


def read_labels(path: Path) -> list[LabelRow]:
    """The hand-labelled rows; a bad label is a ValueError naming the file and line."""
    out = []
    with path.open(encoding="utf-8", newline="") as handle:
        for i, row in enumerate(csv.DictReader(handle), start=2):
            if row["label"] not in NAME_CLASSES or (row["belongs"] and row["belongs"] not in classes()):
                raise ValueError(f"{path}:{i}: unknown label {row['label']!r} / heading {row['belongs']!r}")
            out.append(
                LabelRow(
                    row["source"],
                    row["form_id"],
                    int(row["line"]),
                    row["level2"],
                    row["level3"],
                    row["value"],
                    row["label"],
                    row["belongs"],
                )
            )
    return out


def _csv_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def library_examples() -> list[Example]:
    """Rows of the hand-written library and of the two public libraries, labelled by heading."""
    out = []
    for name, source in (("indicator_library.csv", "library"), ("libraries/library_rows.csv", "public")):
        path = corpora_dir() / "nlp" / name
        for i, row in enumerate(_csv_rows(path)):
            label = heading_class(row["level2"])
            if label is None:
                raise ValueError(f"{path}: row {i + 2}: unknown heading {row['level2']!r}")
            group = f"{source}:{row.get('source') or path.stem}"
            out.append(Example(row["level3"], row["value"], label, group, source, 1.0, label))
    return out


def vague_examples() -> list[Example]:
    """Hand-written vague names (``corpora/nlp/vague_names.csv``) as name-model rows."""
    path = corpora_dir() / "nlp" / "vague_names.csv"
    return [
        Example(row["level3"], "", VAGUE_KINDS.get(row.get("kind", ""), "slogan"), "lib:vague", "vague")
        for row in _csv_rows(path)
        if row["level3"].strip()
    ]


def document_rows(documents: Iterable[Any]) -> list[tuple[Any, Any]]:
    """(form, indicator) of every named indicator row of the forms of ``documents``."""
    out = []
    for doc in documents:
        for form in doc.forms:
            for ind in form.indicators:
                if (ind.level3 or ind.annual_level3 or "").strip():
                    out.append((form, ind))
    return out


def _name(ind: Any) -> str:
    return str(ind.level3 or ind.annual_level3 or "")


def _value(ind: Any) -> str:
    return str(ind.period_value or ind.annual_value or "")


def row_key(form_id: str, line: int | None, name: str) -> tuple[str, int, str]:
    """A labelled row's key: form, line and name (a one-line page holds several indicators)."""
    return form_id, int(line or 0), normalize(name)


@dataclass
class TrainingData:
    heading: list[Example]
    name: list[Example]
    labels: list[LabelRow]
    rows: dict[tuple[str, int, str], tuple[Any, Any]]  # row_key -> (form, indicator)
    families: dict[str, str] = field(default_factory=dict)  # form_id -> family id

    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for e in self.heading:
            out[f"heading:{e.source}"] += 1
        for e in self.name:
            out[f"name:{e.source}"] += 1
        out["labels"] = len(self.labels)
        return dict(out)


def training_data(
    labels_path: Path | None = None,
    regions_path: Path | None = None,
    seed_weight: float = 0.5,
    label_weight: float = 2.0,
) -> TrainingData:
    """All training text; the labelled set and the regions forms when their files exist."""
    import auditor
    from auditor.resources import sample_document

    documents = [auditor.load(sample_document())]
    regions_path = regions_path or repo_file(REGIONS)
    if regions_path is not None:
        documents.append(auditor.load(regions_path))
    labels_path = labels_path or repo_file(LABELS)
    labels = read_labels(labels_path) if labels_path is not None else []
    labelled = {row_key(r.form_id, r.line, r.level3): r for r in labels}
    rows: dict[tuple[str, int, str], tuple[Any, Any]] = {}
    heading = library_examples()
    # measurable names: the hand-written library, and public-library names given with a unit hint
    name = [
        Example(e.name, e.value, "measurable", e.group, e.source, 1.0, e.label)
        for e in heading
        if e.source == "library" or e.value
    ]
    name += vague_examples()
    for form, ind in document_rows(documents):
        key = row_key(form.form_id, ind.line, _name(ind))
        rows[key] = (form, ind)
        filed = heading_class(ind.level2)
        lab = labelled.get(key)
        if lab is not None:
            target = lab.belongs or filed
            if target:
                heading.append(
                    Example(_name(ind), _value(ind), target, form.form_id, "labelled", label_weight, filed)
                )
            name.append(Example(_name(ind), _value(ind), lab.label, form.form_id, "labelled", 1.0, filed))
        elif filed is not None:
            source = "seed" if form.form_id.startswith(Path(sample_document()).stem) else "regions"
            weight = seed_weight if source == "seed" else 1.0
            heading.append(Example(_name(ind), _value(ind), filed, form.form_id, source, weight, filed))
    return TrainingData(heading, name, labels, rows, families(documents))


def families(documents: Iterable[Any], threshold: float = 0.5) -> dict[str, str]:
    """Forms grouped into families: same project name, or name sets with Jaccard ≥ ``threshold``."""
    forms = [f for doc in documents for f in doc.forms if f.kind == "project"]
    parent = {f.form_id: f.form_id for f in forms}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    names = {f.form_id: {normalize(_name(i)) for i in f.indicators if _name(i).strip()} for f in forms}
    for i, a in enumerate(forms):
        for b in forms[i + 1 :]:
            sa, sb = names[a.form_id], names[b.form_id]
            same = a.project_name == b.project_name
            if same or (sa and sb and len(sa & sb) / len(sa | sb) >= threshold):
                parent[find(a.form_id)] = find(b.form_id)
    return {f: find(f) for f in parent}


# ---------------------------------------------------------------- fitting (scikit-learn)


def fit_sklearn(
    examples: Sequence[Example], feats: Callable[[Example], list[str]], c: float = 4.0
) -> tuple[Any, Any]:
    """TF-IDF (sublinear tf) + balanced logistic regression fitted by scikit-learn: (tfidf, clf)."""
    import numpy as np
    from sklearn.feature_extraction.text import TfidfVectorizer  # type: ignore[import-untyped]
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]

    tfidf = TfidfVectorizer(analyzer=_identity, sublinear_tf=True, lowercase=False)
    X = tfidf.fit_transform([_cached(feats, e) for e in examples])
    # saga: as good as lbfgs here and ~30x faster on these sparse matrices; seeded, so reproducible
    clf = LogisticRegression(
        C=c, solver="saga", tol=1e-3, max_iter=2000, class_weight="balanced", random_state=0
    )
    clf.fit(X, [e.label for e in examples], sample_weight=np.asarray([e.weight for e in examples]))
    return tfidf, clf


def export(tfidf: Any, clf: Any) -> Linear:
    """The fitted TF-IDF and logistic regression as plain arrays (:class:`Linear`)."""
    vocab = {str(k): int(v) for k, v in tfidf.vocabulary_.items()}
    return Linear(
        vocab,
        tfidf.idf_.astype("float64"),
        clf.coef_.astype("float64"),
        clf.intercept_.astype("float64"),
        [str(x) for x in clf.classes_],
    )


def fit_linear(examples: Sequence[Example], feats: Callable[[Example], list[str]], c: float = 4.0) -> Linear:
    """Fit and export one classifier."""
    return export(*fit_sklearn(examples, feats, c))


_FEATURES: dict[tuple[Any, str, str, str | None], list[str]] = {}


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _cached(feats: Callable[[Example], list[str]], e: Example) -> list[str]:
    """Feature tokens of an example, computed once per training run (folds refit many times)."""
    key = (feats, e.name, e.value, e.heading)
    hit = _FEATURES.get(key)
    if hit is None:
        hit = _FEATURES[key] = feats(e)
    return hit


def _hfeats(e: Example) -> list[str]:
    return heading_features(e.name, e.value)


def _nfeats(e: Example) -> list[str]:
    return name_features(e.name, e.value, e.heading)


def drop_label_noise(
    examples: Sequence[Example], min_own: float = 0.1, folds: int = 5, c: float = 4.0
) -> tuple[list[Example], list[Example]]:
    """Split off sample rows whose filed heading the rest of the data contradicts (confident learning).

    Out-of-fold probabilities come from folds grouped by the normalised name, so a name is never
    judged by a model that has seen it; a ``seed`` row whose own heading then gets a probability below
    ``min_own`` is left out. Returns (kept, dropped).
    """
    from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

    groups = [normalize(e.name) for e in examples]
    own = [1.0] * len(examples)
    n_splits = min(folds, len(set(groups)))
    for train, test in GroupKFold(n_splits=n_splits).split(examples, groups=groups):
        model = fit_linear([examples[i] for i in train], _hfeats, c)
        for i in test:
            if examples[i].source == "seed":
                own[i] = model.proba(_cached(_hfeats, examples[i])).get(examples[i].label, 0.0)
    kept = [e for i, e in enumerate(examples) if e.source != "seed" or own[i] >= min_own]
    dropped = [e for i, e in enumerate(examples) if e.source == "seed" and own[i] < min_own]
    return kept, dropped


def fit(
    heading: Sequence[Example], name: Sequence[Example], c: float = 4.0, noise_threshold: float | None = 0.2
) -> IndicatorModel:
    """Train both models; with ``noise_threshold`` sample rows that look misfiled are left out first."""
    dropped: list[Example] = []
    if noise_threshold:
        heading, dropped = drop_label_noise(heading, noise_threshold, c=c)
    model = IndicatorModel(fit_linear(heading, _hfeats, c), fit_linear(name, _nfeats, c))
    model.meta["dropped_as_noise"] = [[e.group, e.name, e.label] for e in dropped]
    model.meta["rows"] = {"heading": len(heading), "name": len(name)}
    return model


# ---------------------------------------------------------------- grouped evaluation


@dataclass
class Outcome:
    """What the rules and models said about one labelled row, out of fold."""

    row: LabelRow
    vague_rules: set[str]  # IND002 / NLP007 that fired
    misfiled_rules: set[str]  # IND004 / NLP006 that fired
    heading_pred: str
    kind_pred: str
    misfiled_to: str | None = None  # heading NLP006 proposes
    probabilities: dict[str, float] = field(default_factory=dict)  # heading model
    kinds: dict[str, float] = field(default_factory=dict)  # name model


def _rules(codes: Sequence[str]) -> dict[str, tuple[Any, Any]]:
    from auditor.engine import Options
    from auditor.engine.engine import select_rules
    from auditor.engine.registry import get_check

    selection = select_rules(Options(select=list(codes), no_config=True))
    return {code: (rule, get_check(rule.spec).fn) for code, rule in selection.rules.items()}


def evaluate(
    data: TrainingData,
    folds: int = 5,
    grouping: str = "form",
    c: float = 4.0,
    noise_threshold: float | None = 0.2,
    progress: Progress | None = None,
) -> list[Outcome]:
    """Out-of-fold outcomes of every labelled row (folds grouped by form or by family of forms)."""
    from sklearn.model_selection import GroupKFold  # type: ignore[import-untyped]

    rows = [r for r in data.labels if row_key(r.form_id, r.line, r.level3) in data.rows]
    family = data.families if grouping == "family" else {}
    groups = [family.get(r.form_id, r.form_id) for r in rows]
    rules = _rules(["IND002", "IND004", "NLP006", "NLP007"])
    lexical: dict[int, tuple[set[str], set[str]]] = {}
    for i, r in enumerate(rows):
        form, ind = data.rows[row_key(r.form_id, r.line, r.level3)]
        fired = {
            code
            for code in ("IND002", "IND004")
            if code in rules and list(rules[code][1](form, ind, rules[code][0]))
        }
        lexical[i] = ({"IND002"} & fired, {"IND004"} & fired)
    outcomes: dict[int, Outcome] = {}
    for k, (_, test) in enumerate(GroupKFold(n_splits=folds).split(rows, groups=groups)):
        test_groups = {groups[i] for i in test}
        excluded = {f for f in {r.form_id for r in rows} | set(family) if family.get(f, f) in test_groups}
        model = fit(
            [e for e in data.heading if e.group not in excluded],
            [e for e in data.name if e.group not in excluded],
            c,
            noise_threshold,
        )
        use_model(model)
        try:
            for i in test:
                r = rows[i]
                form, ind = data.rows[row_key(r.form_id, r.line, r.level3)]
                vague, misfiled = set(lexical[i][0]), set(lexical[i][1])
                if list(rules["NLP006"][1](form, ind, rules["NLP006"][0])):
                    misfiled.add("NLP006")
                if list(rules["NLP007"][1](form, ind, rules["NLP007"][0])):
                    vague.add("NLP007")
                pred = model.predict(_name(ind), _value(ind), heading_class(ind.level2))
                outcomes[i] = Outcome(
                    r,
                    vague,
                    misfiled,
                    pred.label,
                    pred.kind,
                    pred.label if "NLP006" in misfiled else None,
                    pred.probabilities,
                    pred.kinds,
                )
        finally:
            use_model(None)
        if progress:
            progress(f"fold {k + 1}/{folds}")
    return [outcomes[i] for i in sorted(outcomes)]


def _pr(flagged: Sequence[bool], positive: Sequence[bool], ok: Sequence[bool]) -> dict[str, float]:
    """Recall over ``positive`` rows; precision = flagged rows that are ``ok`` / flagged rows."""
    n_pos = sum(positive)
    n_flag = sum(flagged)
    tp = sum(1 for f, p in zip(flagged, positive, strict=True) if f and p)
    good = sum(1 for f, o in zip(flagged, ok, strict=True) if f and o)
    return {
        "recall": tp / n_pos if n_pos else 0.0,
        "precision": good / n_flag if n_flag else 1.0,
        "found": tp,
        "positives": n_pos,
        "flagged": n_flag,
        "false_alarms": n_flag - good,
    }


def summarize(outcomes: Sequence[Outcome], source: str | None = None) -> dict[str, Any]:
    """Acceptance figures and per-class precision/recall of out-of-fold outcomes."""
    from sklearn.metrics import classification_report  # type: ignore[import-untyped]

    out = [o for o in outcomes if source is None or o.row.source == source]
    slogan = [o.row.label == "slogan" for o in out]
    vague_ok = [o.row.label != "measurable" for o in out]
    report: dict[str, Any] = {"n": len(out), "forms": len({o.row.form_id for o in out})}
    for key, codes in (
        ("slogans", {"IND002", "NLP007"}),
        ("slogans_NLP007", {"NLP007"}),
        ("slogans_IND002", {"IND002"}),
    ):
        flagged = [bool(o.vague_rules & codes) for o in out]
        report[key] = _pr(flagged, slogan, vague_ok)
        report[key]["precision_strict"] = _pr(flagged, slogan, slogan)["precision"]
        report[key]["bare_recall"] = _pr(flagged, [o.row.label == "bare_object" for o in out], vague_ok)[
            "recall"
        ]
    misfiled = [bool(o.row.belongs) for o in out]
    for key, codes in (("misfiled", {"IND004", "NLP006"}), ("misfiled_NLP006", {"NLP006"})):
        flagged = [bool(o.misfiled_rules & codes) for o in out]
        report[key] = _pr(flagged, misfiled, misfiled)
    moved = [o for o in out if o.misfiled_to]
    report["misfiled_NLP006"]["right_heading"] = (
        sum(1 for o in moved if o.misfiled_to == o.row.belongs) / len(moved) if moved else 0.0
    )
    truth = [o.row.belongs or (heading_class(o.row.level2) or "") for o in out]
    keep = [i for i, t in enumerate(truth) if t]
    report["headings"] = classification_report(
        [truth[i] for i in keep],
        [out[i].heading_pred for i in keep],
        labels=classes(),
        output_dict=True,
        zero_division=0,
    )
    report["names"] = classification_report(
        [o.row.label for o in out],
        [o.kind_pred for o in out],
        labels=list(NAME_CLASSES),
        output_dict=True,
        zero_division=0,
    )
    return report
