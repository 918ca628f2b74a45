"""Run options and the config file (``auditor.toml`` or ``[tool.auditor]`` in ``pyproject.toml``).

The config file is found by walking up from the working folder (first match wins, no merging).
Precedence: CLI options > config file > profile > rule defaults.

Keys (all optional)::

    profile = "default"             # rules/profiles/<name>.yaml, or a path to a profile file
    select = ["VAL", "FND001"]      # replace the profile's rule set
    extend_select = ["NLP"]         # add to it
    ignore = ["inflated_value"]     # remove from it
    preview = false                 # also run rules with status "preview"
    baseline = "baseline.json"      # accepted findings not to report again
    fail_on = "error"               # error | warning | info | never
    rule_paths = ["my_rules"]       # extra folders of rule YAML files
    [severity]                      # per-rule severity override
    VAL008 = "info"
    [params.VAL008]                 # per-rule parameter override
    min_rate_rows = 3
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError

CONFIG_NAMES = ("auditor.toml", ".auditor.toml")
FAIL_ON = ("error", "warning", "info", "never")
KEYS = {
    "limits",  # [limits] table: input limits (rules/limits.yaml keys), see auditor.ingest.limits
    "profile",
    "select",
    "extend_select",
    "ignore",
    "preview",
    "baseline",
    "fail_on",
    "rule_paths",
    "severity",
    "params",
}


@dataclass(slots=True)
class Options:
    """What to run. ``None`` / empty means "not set here" (a lower layer decides)."""

    select: list[str] = field(default_factory=list)
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    profile: str | None = None
    config: str | None = None  # explicit config file; None = discover from cwd
    no_config: bool = False  # skip discovery
    baseline: str | None = None
    preview: bool | None = None
    fail_on: str | None = None
    severity: dict[str, str] = field(default_factory=dict)
    params: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_paths: list[str] = field(default_factory=list)
    cwd: str | None = None
    limits: dict[str, Any] = field(default_factory=dict)  # input limits (override auditor.toml [limits])


@dataclass(slots=True)
class FileConfig:
    path: str | None = None
    data: dict[str, Any] = field(default_factory=dict)


def find_config(start: Path) -> Path | None:
    """The nearest ``auditor.toml`` (or ``pyproject.toml`` with ``[tool.auditor]``) at or above start."""
    for folder in (start, *start.parents):
        for name in CONFIG_NAMES:
            candidate = folder / name
            if candidate.is_file():
                return candidate
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file():
            try:
                data = tomllib.loads(pyproject.read_text(encoding="utf-8"))
            except (OSError, tomllib.TOMLDecodeError):
                continue
            if "auditor" in data.get("tool", {}):
                return pyproject
    return None


def read_config(path: Path) -> FileConfig:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: 无法读取配置文件（{exc.strerror}）") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: 配置文件不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: TOML 格式错误（{exc}）") from exc
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("auditor", {})
    unknown = set(data) - KEYS
    if unknown:
        raise ConfigError(f"{path}: 未知配置键 {', '.join(sorted(unknown))}；可用：{', '.join(sorted(KEYS))}")
    fail_on = data.get("fail_on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{path}: fail_on 应为 {' | '.join(FAIL_ON)}，而不是“{fail_on}”")
    for key in ("select", "extend_select", "ignore", "rule_paths"):
        value = data.get(key)
        if isinstance(value, str):
            data[key] = [value]
        elif value is not None and not isinstance(value, list):
            raise ConfigError(f"{path}: {key} 应为字符串列表")
    # relative paths are relative to the config file
    base = path.parent
    if data.get("baseline"):
        data["baseline"] = str((base / data["baseline"]).resolve())
    if data.get("rule_paths"):
        data["rule_paths"] = [str((base / p).resolve()) for p in data["rule_paths"]]
    if data.get("profile") and str(data["profile"]).endswith((".yaml", ".yml")):
        data["profile"] = str((base / data["profile"]).resolve())
    return FileConfig(str(path), data)


def load_file_config(options: Options) -> FileConfig:
    if options.no_config:
        return FileConfig()
    if options.config:
        path = Path(options.config)
        if not path.is_file():
            raise ConfigError(f"{path}: 配置文件不存在")
        return read_config(path)
    found = find_config(Path(options.cwd or Path.cwd()).resolve())
    return read_config(found) if found else FileConfig()
