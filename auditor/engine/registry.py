"""Registry of check functions: ``@check(name, scope)`` binds a name used in rule YAML to code.

Signatures by scope::

    indicator: fn(form: Form, indicator: Indicator, rule: Rule) -> Iterable[Finding]
    form:      fn(form: Form, rule: Rule) -> Iterable[Finding]
    document:  fn(document: Document, rule: Rule) -> Iterable[Finding]
    corpus:    fn(documents: Sequence[Document], rule: Rule) -> Iterable[Finding]

A check builds its findings with :meth:`Rule.finding`, which renders the rule's Chinese
message/suggestion templates, so that wording stays in ``rules/*.yaml``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from auditor.engine.spec import RuleSpec
from auditor.errors import ConfigError
from auditor.model import Finding, Form, Indicator
from auditor.vocab import column_word

CheckFn = Callable[..., Iterable[Finding]]



def column_name(indicator: Indicator | None, column: str | None) -> str:
    """实施期 / 年度, or 实施期和年度 for a finding on a period value that the annual half repeats
    (the engine reports such a defect once, at the period column)."""
    if column == "period" and indicator is not None and indicator.annual_repeats_period:
        return column_word("period") + "和" + column_word("annual")
    return column_word(column)

# Modules holding the built-in checks; imported on first use.
BUILTIN_MODULES: tuple[str, ...] = (
    "auditor.engine.checks.values",
    "auditor.engine.checks.indicators",
    "auditor.engine.checks.forms",
    "auditor.engine.checks.funds",
    "auditor.engine.checks.arithmetic",
    "auditor.engine.checks.shapes",
)


@dataclass(frozen=True, slots=True)
class CheckEntry:
    name: str
    scope: str
    fn: CheckFn


_CHECKS: dict[str, CheckEntry] = {}
_builtins_loaded = False


GROUPS: dict[str, Any] = {}  # clone groups published by corpus checks during one engine run


AFTER_CORPUS: list[Callable[[], None]] = []  # called once the corpus rules of a run are done
# called before the corpus rules of a run with (documents, the corpus rules): shared work ahead
BEFORE_CORPUS: list[Callable[[list[Any], list[Rule]], None]] = []


def before_corpus(fn: Callable[[list[Any], list[Rule]], None]) -> Callable[[list[Any], list[Rule]], None]:
    """Register ``fn(documents, rules)`` to run before the corpus rules (e.g. to compute the joins
    they share on all cores); the rules must give the same findings whether it ran or not."""
    if fn not in BEFORE_CORPUS:
        BEFORE_CORPUS.append(fn)
    return fn


def after_corpus(fn: Callable[[], None]) -> Callable[[], None]:
    """Register ``fn`` to run after the corpus rules (e.g. to drop a module's join caches)."""
    if fn not in AFTER_CORPUS:
        AFTER_CORPUS.append(fn)
    return fn


def publish_group(group: Any) -> None:
    """Record a clone group (``auditor.model.CloneGroup``) named by findings of this run."""
    GROUPS[group.id] = group


def check(name: str, scope: str) -> Callable[[CheckFn], CheckFn]:
    """Register ``fn`` as the check called ``name`` for rules of ``scope``."""
    if scope not in ("indicator", "form", "document", "corpus"):
        raise ValueError(f"unknown scope {scope!r}")

    def decorate(fn: CheckFn) -> CheckFn:
        previous = _CHECKS.get(name)
        if previous is not None and previous.fn is not fn and previous.fn.__qualname__ != fn.__qualname__:
            raise ValueError(f"check {name!r} registered twice")
        _CHECKS[name] = CheckEntry(name, scope, fn)
        return fn

    return decorate


def load_builtins() -> None:
    global _builtins_loaded
    if not _builtins_loaded:
        for module in BUILTIN_MODULES:
            importlib.import_module(module)
        _builtins_loaded = True


def get_check(spec: RuleSpec) -> CheckEntry:
    """The registered check of ``spec``, importing ``spec.module`` lazily when named."""
    load_builtins()
    if spec.check not in _CHECKS and spec.module:
        try:
            importlib.import_module(spec.module)
        except ImportError as exc:
            raise ConfigError(f"规则 {spec.code}: 无法导入模块 {spec.module}（{exc}）") from exc
    entry = _CHECKS.get(spec.check)
    if entry is None:
        raise ConfigError(f"规则 {spec.code}: 未注册的检查函数“{spec.check}”（{spec.source}）")
    if entry.scope != spec.scope:
        raise ConfigError(
            f"规则 {spec.code}: 检查函数“{spec.check}”的作用域是 {entry.scope}，规则写的是 {spec.scope}"
        )
    return entry


class _Fields:
    """The names a template may use, looked up in order (no merged copy per finding): None renders
    as "", an unknown name stays visible as ``{name}``."""

    __slots__ = ("maps",)

    def __init__(self, maps: tuple[dict[str, Any], ...]) -> None:
        self.maps = maps

    def __getitem__(self, key: str) -> Any:
        for names in self.maps:
            if key in names:
                value = names[key]
                return "" if value is None else value
        return "{" + key + "}"


def render(template: str | None, fields: dict[str, Any], *more: dict[str, Any]) -> str | None:
    """Fill ``{field}`` names of a template from ``fields``, then ``more`` (the first that has a
    name gives it); unknown names stay visible as ``{name}``."""
    if template is None:
        return None
    return template.format_map(_Fields((fields, *more)))  # type: ignore[arg-type]


@dataclass(slots=True)
class Rule:
    """An active rule: its spec with the effective severity and params (profile/config applied)."""

    spec: RuleSpec
    severity: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.spec.code

    def reason_severity(self, reason: str) -> str | None:
        """The severity a rule's ``reason_severity`` param gives one of its reasons (an idiomatic
        ``≥100%`` is a warning where ``>100%`` is an error), unless a profile or config set the
        rule's severity (then that one holds for every reason)."""
        if self.severity != self.spec.severity:
            return None
        return (self.params.get("reason_severity") or {}).get(reason)

    def finding(
        self,
        form: Form | None = None,
        indicator: Indicator | None = None,
        *,
        column: str | None = None,
        value: str | None = None,
        line: int | None = None,
        partners: list[str] | None = None,
        group: str | None = None,
        suggestion: str | None = None,
        severity: str | None = None,
        **fields: Any,
    ) -> Finding:
        """Build a finding, rendering the spec's templates with the row and ``fields``.
        ``severity`` overrides the rule's for this finding (see :meth:`reason_severity`)."""
        row: dict[str, Any] = {
            "project_name": form.project_name if form else "",
            "department": form.department if form else "",
            "level1": indicator.level1 if indicator else "",
            "level2": indicator.level2 if indicator else "",
            "level3": indicator.level3 if indicator else "",
            "value": value if value is not None else "",
            "column": column or "",
            "column_name": column_name(indicator, column),
        }
        if line is None:
            if indicator is not None:
                line = indicator.line_of(column)
            elif form is not None:
                line = form.source.line_start or None
        template = suggestion if suggestion is not None else self.spec.suggestion
        return Finding(
            rule=self.spec.code,
            name=self.spec.name,
            category=self.spec.category,
            severity=(severity or self.severity),  # type: ignore[arg-type]
            message=render(self.spec.message, fields, self.params, row) or "",
            suggestion=render(template, fields, self.params, row),
            level1=indicator.level1 if indicator else None,
            level2=indicator.level2 if indicator else None,
            level3=(indicator.level3 or indicator.annual_level3 or "") if indicator else None,
            column=column,  # type: ignore[arg-type]
            value=value,
            line=line,
            form_id=form.form_id if form else None,
            partners=list(partners or []),
            group=group,
            file=form.source.file if form else "",
            indicator=_index(form, indicator),
        )


def _index(form: Form | None, indicator: Indicator | None) -> int | None:
    """Position of ``indicator`` (the object itself) in ``form.indicators``."""
    if form is None or indicator is None:
        return None
    return next((i for i, ind in enumerate(form.indicators) if ind is indicator), None)
