"""The indicator heading classifier: label scheme, numpy prediction = scikit-learn, shipped model."""

from __future__ import annotations

from pathlib import Path

import pytest

from auditor.nlp import classifier
from auditor.nlp.classifier import IndicatorModel, heading_class, library_examples, load_model, model_path


@pytest.mark.parametrize(
    ("heading", "label"),
    [
        ("数量指标", "数量"),
        ("服务对象满意度", "满意度"),  # the seed's heading under 满意度指标
        ("服务对象满意度指标", "满意度"),
        ("可持续发展", "可持续影响"),  # seed 部分高层政府办公大楼进行消防整改项目
        ("经济成本指标", "成本"),  # the 2021 national layout
        ("社会效益指标", "社会效益"),
        ("部门履行职责带来的效果", None),  # unit-form heading: no class
    ],
)
def test_heading_classes(heading: str, label: str | None) -> None:
    assert heading_class(heading) == label


def test_library_covers_every_heading() -> None:
    rows = library_examples()
    assert len(rows) >= 300
    counts = {label: sum(1 for r in rows if r.label == label) for label in classifier.classes()}
    assert min(counts.values()) >= 30, counts


@pytest.mark.slow
def test_numpy_prediction_equals_sklearn() -> None:
    """The exported arrays reproduce scikit-learn's predict_proba exactly."""
    import numpy as np

    rows = library_examples()
    fitted: list = []
    data = classifier.fit(rows, classifier.vague_names(), noise_threshold=None, fitted=fitted)
    pipe = fitted[0]  # the very pipeline whose arrays were exported (trained once, not twice)
    model = IndicatorModel(data)
    probe = [("设施设备维保及时率", "≥95%"), ("满意度", "100%"), ("刮墙", "≥2000元"), ("资金节约率", "5%")]
    expected = pipe.predict_proba(probe)
    for row, want in zip(probe, expected, strict=True):
        got = model.predict(*row)
        assert np.allclose([got.prob(c) for c in pipe.classes_], want, atol=1e-9)


def test_shipped_model_is_small_and_predicts_seed_rows() -> None:
    load_model.cache_clear()
    model = load_model()
    assert model_path().stat().st_size < 3 * 1024 * 1024
    # seed rows: 人工费用 under 数量指标 (line 1041) is a cost; 来宾满意 under 社会效益 (line 3112)
    assert model.predict("人工费用", "50000元").label == "成本"
    assert model.predict("来宾满意", "100%").label == "满意度"
    assert model.predict("设施设备维保及时率", "≥100%").label == "时效"
    # names that measure nothing get a low "measurable" probability
    assert model.predict("耐心倾听", ">96%").measurable < 0.15
    assert model.predict("故障修复时间", "≤24小时").measurable > 0.5


def test_label_noise_rows_are_left_out() -> None:
    data = load_model().data
    dropped = {(name, label) for _, name, label in data["dropped_as_noise"]}
    assert ("满意度", "社会效益") in dropped  # seed: 满意度 filed under 社会效益 on five forms
    assert not any(label == "满意度" and "满意" in name for name, label in dropped)


@pytest.mark.slow
def test_train_command_writes_a_loadable_model(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from auditor.cli.app import app

    out = tmp_path / "m.joblib"
    result = CliRunner().invoke(app, ["train", "-o", str(out), "--noise-threshold", "0"])
    assert result.exit_code == 0, result.output
    assert "library 337" in result.output
    model = load_model(str(out))
    assert model.predict("服务对象满意度", "≥90%").label == "满意度"
    load_model.cache_clear()


@pytest.mark.slow
def test_grouped_cross_validation_report() -> None:
    rows = library_examples()
    # give the rows 40 "forms": a group never sits on both sides of a fold (2 folds: the same code
    # path as 4, half the training)
    for i, row in enumerate(rows):
        row.group = f"form{i % 40}"
    report = classifier.cross_validate(rows, classifier.vague_names(), folds=2, noise_threshold=None)
    lib = report["library"]
    assert lib["n"] == len(rows)
    assert set(classifier.classes()) <= set(lib)
    assert 0.5 < lib["macro avg"]["f1-score"] <= 1.0
