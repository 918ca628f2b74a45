"""Rule parameters validated at load: one pydantic schema per rule, built from the types of the
defaults written in its YAML (a number stays a number, a word list a list …), extra keys forbidden.

A profile, ``auditor.toml`` or the API that sets ``min_rates: abc`` or an unknown key gets a
:class:`~auditor.errors.ConfigError` naming where it was set and the rule, before any form is read.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, StrictBool, StrictInt, StrictStr, ValidationError, create_model

from auditor.engine.spec import RuleSpec
from auditor.errors import ConfigError

_SCHEMAS: dict[tuple[str, str], type[BaseModel]] = {}


def _annotation(default: Any) -> Any:
    """The type a param must keep: that of its default (an int default also takes a float)."""
    if isinstance(default, bool):
        return StrictBool
    if isinstance(default, int | float):
        return StrictInt | float
    if isinstance(default, str):
        return StrictStr
    if isinstance(default, list | tuple):
        return list[Any]
    if isinstance(default, dict):
        return dict[str, Any]
    return Any


def schema(spec: RuleSpec) -> type[BaseModel]:
    """The params schema of ``spec``: each param typed like its default, no other key."""
    key = (spec.code, spec.source)
    if key not in _SCHEMAS:
        fields: dict[str, Any] = {name: (_annotation(value), None) for name, value in spec.params.items()}
        _SCHEMAS[key] = create_model(
            f"Params{spec.code}", __config__=ConfigDict(extra="forbid", strict=True), **fields
        )
    return _SCHEMAS[key]


def validate_params(spec: RuleSpec, values: dict[str, Any], where: str) -> None:
    """Raise ConfigError (``where``: the file or layer that set them) when ``values`` do not fit."""
    if not isinstance(values, dict):
        raise ConfigError(f"{where}: 规则 {spec.code} 的 params 应为映射")
    try:
        schema(spec).model_validate(values)
    except ValidationError as exc:
        first = exc.errors()[0]
        key = str(first["loc"][0]) if first["loc"] else ""
        if first["type"] == "extra_forbidden":
            raise ConfigError(f"{where}: 规则 {spec.code} 没有参数 {key}") from exc
        expected = type(spec.params.get(str(first["loc"][0]))).__name__
        raise ConfigError(
            f"{where}: 规则 {spec.code} 的参数 {key} 类型不对（应为 {expected}，得到 {first['input']!r}）"
        ) from exc
