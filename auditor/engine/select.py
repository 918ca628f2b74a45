"""Resolve rule references (``--select``/``--ignore``, profiles, config) to rule codes.

A reference is ``ALL``, a full code (``VAL001``), a code prefix (``VAL``, ``FND0``), a kebab
name (``satisfaction-not-percent``) or a category (``unit_mismatch``). Unknown references are a
:class:`ConfigError` (exit 2), never silently ignored.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from auditor.engine.spec import RuleSpec
from auditor.errors import ConfigError


def split_refs(values: Iterable[str] | None) -> list[str]:
    """Flatten ``["VAL001,VAL002", "IND"]`` into single references."""
    out: list[str] = []
    for value in values or []:
        out.extend(part.strip() for part in str(value).split(",") if part.strip())
    return out


def resolve(ref: str, specs: Mapping[str, RuleSpec], where: str = "") -> set[str]:
    """Codes matched by one reference."""
    if ref.upper() == "ALL":
        return set(specs)
    upper = ref.upper()
    if upper in specs:
        return {upper}
    by_name = {s.code for s in specs.values() if s.name == ref}
    if by_name:
        return by_name
    by_category = {s.code for s in specs.values() if s.category == ref}
    if by_category:
        return by_category
    by_prefix = {code for code in specs if code.startswith(upper)} if upper.isalnum() else set()
    if by_prefix:
        return by_prefix
    hint = f"（{where}）" if where else ""
    raise ConfigError(
        f"未知规则“{ref}”{hint}：请用规则代码（如 VAL001）、代码前缀、规则名称或类别；"
        "运行 `auditor rules` 查看全部规则"
    )


def resolve_all(refs: Iterable[str], specs: Mapping[str, RuleSpec], where: str = "") -> set[str]:
    codes: set[str] = set()
    for ref in split_refs(refs):
        codes |= resolve(ref, specs, where)
    return codes
