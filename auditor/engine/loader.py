"""Load rule specs from ``rules/*.yaml`` and profiles from ``rules/profiles/*.yaml``; validate all.

A param value written as ``"@lexicons/name.txt"`` (or ``.yaml``) is replaced by the file's content:
a ``.txt`` lexicon gives a list of non-blank, non-``#`` lines; a ``.yaml`` one its parsed data.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from auditor.engine.spec import RuleSpec
from auditor.errors import ConfigError
from auditor.resources import read_yaml, rules_dir

# data files of the bundled rules/ folder that hold no rules (every other *.yaml must have "rules:")
NON_RULE_FILES = {
    "weights.yaml", "layout.yaml", "limits.yaml", "report.yaml", "suggest.yaml", "compare.yaml",
    "columns.yaml", "headings.yaml",  # column and heading vocabularies (auditor.ingest.columns, auditor.values.headings)
}


@cache
def read_lexicon(path_text: str) -> Any:
    """Read a lexicon file (txt: list of lines; yaml: data). Cached."""
    path = Path(path_text)
    if path.suffix in (".yaml", ".yml"):
        return read_yaml(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取词表（{exc.strerror}）") from exc
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


def resolve_params(params: dict[str, Any], base: Path) -> dict[str, Any]:
    """Replace ``@relative/path`` param values by the lexicon they name."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str) and value.startswith("@"):
            value = read_lexicon(str((base / value[1:]).resolve()))
            if isinstance(value, tuple):
                value = list(value)
        out[key] = value
    return out


def load_rule_file(path: Path) -> list[RuleSpec]:
    data = read_yaml(path)
    if not isinstance(data, dict) or "rules" not in data:
        raise ConfigError(f"{path}: 规则文件缺少“rules:”列表（不是规则文件的数据请移出规则目录）")
    entries = data["rules"]
    if not isinstance(entries, list):
        raise ConfigError(f"{path}: “rules” 应为列表")
    specs: list[RuleSpec] = []
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict):
            raise ConfigError(f"{path}: 第 {index} 条规则不是映射")
        try:
            spec = RuleSpec.model_validate({**entry, "source": str(path)})
        except ValidationError as exc:
            first = exc.errors()[0]
            loc = ".".join(str(p) for p in first["loc"])
            code = entry.get("code", f"#{index}")
            raise ConfigError(f"{path}: 规则 {code} 的字段 {loc} 无效：{first['msg']}") from exc
        spec.params = resolve_params(spec.params, path.parent)
        specs.append(spec)
    return specs


def load_specs(extra_dirs: tuple[str, ...] = ()) -> dict[str, RuleSpec]:
    """All rule specs from the bundled ``rules/`` plus any extra folders, keyed by code."""
    return dict(_load_specs_cached(tuple(extra_dirs)))


@cache
def _load_specs_cached(extra_dirs: tuple[str, ...]) -> tuple[tuple[str, RuleSpec], ...]:
    folders = [rules_dir(), *(Path(d) for d in extra_dirs)]
    specs: dict[str, RuleSpec] = {}
    names: dict[str, str] = {}
    for folder in folders:
        if not folder.is_dir():
            raise ConfigError(f"{folder}: 规则目录不存在")
        for path in sorted(folder.glob("*.yaml")):
            if folder == rules_dir() and path.name in NON_RULE_FILES:
                continue
            for spec in load_rule_file(path):
                if spec.code in specs:
                    raise ConfigError(f"{path}: 规则代码 {spec.code} 重复（已见于 {specs[spec.code].source}）")
                if spec.name in names:
                    raise ConfigError(f"{path}: 规则名称 {spec.name} 重复（{names[spec.name]}）")
                specs[spec.code] = spec
                names[spec.name] = spec.code
    for spec in specs.values():
        unknown = [code for code in spec.supersedes if code not in specs or code == spec.code]
        if unknown:
            raise ConfigError(f"{spec.source}: 规则 {spec.code} 的 supersedes 中有未知规则 {', '.join(unknown)}")
    return tuple(specs.items())


def profiles_dir() -> Path:
    return rules_dir() / "profiles"


def available_profiles() -> list[str]:
    folder = profiles_dir()
    return sorted(p.stem for p in folder.glob("*.yaml")) if folder.is_dir() else []


@cache
def load_profile(name: str) -> dict[str, Any]:
    """A profile merged with the profiles it ``extends`` (child wins)."""
    path = Path(name) if name.endswith((".yaml", ".yml")) else profiles_dir() / f"{name}.yaml"
    if not path.is_file():
        known = "、".join(available_profiles()) or "无"
        raise ConfigError(f"未知配置方案（profile）“{name}”；可用：{known}")
    data = read_yaml(path) or {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: 配置方案应为映射")
    allowed = {"name", "description", "extends", "disable", "enable", "severity", "params"}
    unknown = set(data) - allowed
    if unknown:
        raise ConfigError(f"{path}: 未知键 {', '.join(sorted(unknown))}")
    merged: dict[str, Any] = {"disable": [], "enable": [], "severity": {}, "params": {}}
    parent = data.get("extends")
    if parent:
        base = load_profile(str(parent))
        merged = {
            "disable": list(base["disable"]),
            "enable": list(base["enable"]),
            "severity": dict(base["severity"]),
            "params": {k: dict(v) for k, v in base["params"].items()},
        }
    for ref in data.get("disable") or []:
        merged["disable"].append(str(ref))
    for ref in data.get("enable") or []:
        merged["enable"].append(str(ref))
    merged["severity"].update(data.get("severity") or {})
    for code, params in (data.get("params") or {}).items():
        merged["params"].setdefault(code, {}).update(params or {})
    merged["name"] = data.get("name") or path.stem
    merged["description"] = data.get("description") or ""
    merged["path"] = str(path)
    return merged
