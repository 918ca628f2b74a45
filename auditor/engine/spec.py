"""Rule specifications: one YAML entry of ``rules/*.yaml`` validated into a :class:`RuleSpec`."""

from __future__ import annotations

import re
import string
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from auditor.vocab import CATEGORIES, SEVERITY_RANK

__all__ = ["CATEGORIES", "SEVERITY_RANK", "RuleDoc", "RuleSpec"]


Scope = Literal["indicator", "form", "document", "corpus"]
SeverityName = Literal["error", "warning", "info"]

CODE_RE = re.compile(r"^[A-Z]{2,4}\d{3}$")
NAME_RE = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


class RuleDoc(BaseModel):
    """Documentation of a rule: why it matters, plus runnable bad/good example cases."""

    model_config = ConfigDict(extra="forbid")

    why: str
    bad: list[dict[str, Any]] = Field(min_length=1)
    good: list[dict[str, Any]] = Field(min_length=1)
    notes: str | None = None


class RuleSpec(BaseModel):
    """One rule: identity, classification, the check that implements it, its params and texts."""

    model_config = ConfigDict(extra="forbid")

    code: str
    name: str
    category: str
    severity: SeverityName
    status: Literal["stable", "preview"] = "stable"
    scope: Scope
    check: str
    module: str | None = None
    params: dict[str, Any] = Field(default_factory=dict)
    # codes of rules whose finding on the same subject (same form and indicator, or same form,
    # line and value) is dropped when this rule reports it: "which finding wins", as data
    supersedes: list[str] = Field(default_factory=list)
    message: str
    suggestion: str | None = None
    summary: str
    doc: RuleDoc
    source: str = ""  # the YAML file the rule came from

    @field_validator("code")
    @classmethod
    def _code(cls, value: str) -> str:
        if not CODE_RE.match(value):
            raise ValueError(f"规则代码“{value}”应为 2–4 个大写字母加 3 位数字，如 VAL001")
        return value

    @field_validator("name")
    @classmethod
    def _name(cls, value: str) -> str:
        if not NAME_RE.match(value):
            raise ValueError(f"规则名称“{value}”应为 kebab-case，如 satisfaction-not-percent")
        return value

    @field_validator("category")
    @classmethod
    def _category(cls, value: str) -> str:
        if value not in CATEGORIES:
            raise ValueError(f"未知类别“{value}”（见 findings.md）")
        return value

    @field_validator("message", "suggestion")
    @classmethod
    def _template(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                list(string.Formatter().parse(value))
            except ValueError as exc:
                raise ValueError(f"模板“{value}”无法解析: {exc}") from exc
        return value
