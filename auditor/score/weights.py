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
    quantified_share: float = 0.0


@dataclass(slots=True)
class Weights:
    dimensions: dict[str, Dimension]
    indicator_categories: frozenset[str]
    default_dimension: str
    severity: dict[str, float]
    form_finding_share: float
    indicator_min_cells: int
    grades: list[tuple[float, str]] = field(default_factory=list)

    def dimension_of(self, category: str) -> str:
        for dim in self.dimensions.values():
            if category in dim.categories:
                return dim.key
        return self.default_dimension

    def grade(self, score: float) -> str:
        for low, label in self.grades:
            if score >= low:
                return label
        return ""


def load_weights(path: str | Path | None = None) -> Weights:
    """Load the weights file (default: the bundled ``rules/weights.yaml``)."""
    import yaml

    from auditor.resources import rules_dir

    file = Path(path) if path else rules_dir() / "weights.yaml"
    try:
        data = yaml.safe_load(file.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"{file}: 无法读取评分权重: {exc}") from exc
    try:
        dims = {
            key: Dimension(
                key=key,
                label=str(spec["label"]),
                description=str(spec.get("description", "")),
                max=float(spec["max"]),
                categories=tuple(spec.get("categories", [])),
                quantified_share=float(spec.get("quantified_share", 0.0)),
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
        )
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ConfigError(f"{file}: 评分权重格式错误: {exc!r}") from exc
    total = sum(d.max for d in dims.values())
    if abs(total - 100) > 1e-6:
        raise ConfigError(f"{file}: 各维度满分之和应为 100，实际为 {total:g}")
    if weights.default_dimension not in dims:
        raise ConfigError(f"{file}: default_dimension '{weights.default_dimension}' 不是已定义的维度")
    return weights
