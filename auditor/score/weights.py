"""Scoring weights read from ``rules/weights.yaml``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from auditor.errors import ConfigError


@dataclass(slots=True)
class Dimension:
    key: str
    label: str
    description: str
    max: float
    categories: tuple[str, ...]


@dataclass(slots=True)
class Signal:
    """Positive evidence of good practice: a share (0–1) earning ``weight`` of a dimension's max."""

    key: str
    label: str
    dimension: str
    weight: float


@dataclass(slots=True)
class Weights:
    dimensions: dict[str, Dimension]
    indicator_categories: frozenset[str]
    default_dimension: str
    severity: dict[str, float]
    form_finding_share: float
    indicator_min_cells: int
    grades: list[tuple[float, str]] = field(default_factory=list)
    signals: dict[str, Signal] = field(default_factory=dict)
    measure_kinds: frozenset[str] = frozenset()
    text_target_chars: int = 40
    # per-row findings of these categories weigh this many times their severity (a reviewer sends
    # back a form whose rows are misfiled or slogans, whatever else is right)
    category_weight: dict[str, float] = field(default_factory=dict)
    # form-level findings of these categories on one form are one defect (charged once)
    merge_form_categories: frozenset[str] = frozenset()

    dimension_memo: dict[str, str] = field(default_factory=dict, repr=False, compare=False)

    def dimension_of(self, category: str) -> str:
        """The scoring dimension a finding category counts against (looked up once per category)."""
        found = self.dimension_memo.get(category)
        if found is None:
            found = next((d.key for d in self.dimensions.values() if category in d.categories), self.default_dimension)
            self.dimension_memo[category] = found
        return found

    def grade(self, score: float) -> str:
        for low, label in self.grades:
            if score >= low:
                return label
        return ""


def load_weights(path: str | Path | None = None) -> Weights:
    """Load the weights file (default: the bundled ``rules/weights.yaml``)."""
    from auditor.resources import read_yaml, rules_dir

    file = Path(path) if path else rules_dir() / "weights.yaml"
    data = read_yaml(file)
    try:
        dims = {
            key: Dimension(
                key=key,
                label=str(spec["label"]),
                description=str(spec.get("description", "")),
                max=float(spec["max"]),
                categories=tuple(spec.get("categories", [])),
            )
            for key, spec in data["dimensions"].items()
        }
        weights = Weights(
            dimensions=dims,
            indicator_categories=frozenset(data.get("indicator_categories", [])),
            default_dimension=str(data.get("default_dimension", next(iter(dims)))),
            severity={k: float(v) for k, v in data["severity"].items()},
            form_finding_share=float(data["form_finding_share"]),
            indicator_min_cells=int(data["indicator_min_cells"]),
            grades=sorted(
                ((float(g["min"]), str(g["label"])) for g in data.get("grades", [])), reverse=True
            ),
            signals={
                key: Signal(key, str(spec["label"]), str(spec["dimension"]), float(spec["weight"]))
                for key, spec in (data.get("signals") or {}).items()
            },
            measure_kinds=frozenset(data.get("measure_kinds", [])),
            text_target_chars=int(data.get("text_target_chars", 40)),
            category_weight={str(k): float(v) for k, v in (data.get("category_weight") or {}).items()},
            merge_form_categories=frozenset(data.get("merge_form_categories", [])),
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{file}: 评分权重格式错误: {exc!r}") from exc
    total = sum(d.max for d in dims.values())
    if abs(total - 100) > 1e-6:
        raise ConfigError(f"{file}: 各维度满分之和应为 100，实际为 {total:g}")
    for sig in weights.signals.values():
        if sig.dimension not in dims:
            raise ConfigError(f"{file}: 信号 '{sig.key}' 的维度 '{sig.dimension}' 未定义")
    per_dim: dict[str, float] = {}
    for sig in weights.signals.values():
        per_dim[sig.dimension] = per_dim.get(sig.dimension, 0.0) + sig.weight
    if any(v > 1 for v in per_dim.values()):
        raise ConfigError(f"{file}: 同一维度的信号权重之和不能超过 1")
    if weights.default_dimension not in dims:
        raise ConfigError(f"{file}: default_dimension '{weights.default_dimension}' 不是已定义的维度")
    return weights
