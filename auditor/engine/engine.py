"""Run the active rules over documents: each form is walked once, checks dispatched by scope."""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from auditor.engine.baseline import fingerprint, read_baseline
from auditor.engine.config import FAIL_ON, Options, load_file_config
from auditor.engine.loader import load_profile, load_specs
from auditor.engine.params import validate_params
from auditor.engine.registry import Rule, get_check
from auditor.engine.select import resolve_all
from auditor.engine.spec import SEVERITY_RANK, RuleSpec
from auditor.errors import ConfigError
from auditor.model import Document, Finding, Form, Location, compact


@dataclass(slots=True)
class CheckResult:
    """Findings per form (sorted by line) and cross checks, plus what was run."""

    by_form: dict[str, list[Finding]] = field(default_factory=dict)
    cross_checks: list[Finding] = field(default_factory=list)
    profile: str = "default"
    rules: list[RuleSpec] = field(default_factory=list)
    active: dict[str, Rule] = field(default_factory=dict)
    forms: dict[str, Form] = field(default_factory=dict)
    documents: list[Document] = field(default_factory=list)
    suppressed: int = 0  # findings hidden by the baseline
    superseded: int = 0  # findings dropped because a rule that supersedes theirs said the same
    errors: list[str] = field(default_factory=list)  # internal check failures (never raised)
    timings: dict[str, float] = field(default_factory=dict)  # rule code -> seconds
    fail_on: str = "error"
    config_path: str | None = None
    groups: dict[str, Any] = field(default_factory=dict)  # clone group id -> CloneGroup

    def all_findings(self) -> list[Finding]:
        out = [f for items in self.by_form.values() for f in items]
        out.extend(self.cross_checks)
        return out

    def count(self, severity: str) -> int:
        return sum(1 for f in self.all_findings() if f.severity == severity)

    def failed(self, fail_on: str | None = None) -> bool:
        """True when some finding is at or above ``fail_on`` (default: the configured level)."""
        level = fail_on or self.fail_on
        if level == "never":
            return False
        rank = SEVERITY_RANK[level]
        return any(SEVERITY_RANK[f.severity] >= rank for f in self.all_findings())

    def baseline_entries(self) -> list[dict[str, Any]]:
        entries = []
        for finding in self.all_findings():
            form = self.forms.get(finding.form_id or "")
            entries.append(
                {
                    "fingerprint": fingerprint(finding, subject_project(finding, self.forms)),
                    "rule": finding.rule,
                    "project_name": _project(form),
                    "level3": finding.level3,
                    "column": finding.column,
                    "value": finding.value,
                }
            )
        return entries


def _subject(finding: Finding) -> tuple[object, ...] | None:
    """What a finding is about, for "which finding wins": its form and indicator row, or (for a
    finding on no row) its form, line and value. None when there is nothing to compare."""
    if finding.indicator is not None:
        return (finding.form_id, "row", finding.indicator)
    value = compact(finding.value)
    return (finding.form_id, "text", finding.line or 0, value) if value else None


def apply_supersedes(findings: list[Finding], rules: dict[str, Rule]) -> tuple[list[Finding], int]:
    """Drop every finding that an active rule's ``supersedes`` names and whose subject that rule
    also reported (IND002 on a row silences NLP007 on the same row). Only findings actually
    produced count, so an inactive rule or one whose effective params keep it silent supersedes
    nothing. Returns (kept findings, number dropped)."""
    losers: dict[tuple[object, ...], set[str]] = defaultdict(set)
    for finding in findings:
        rule = rules.get(finding.rule)
        subject = _subject(finding) if rule and rule.spec.supersedes else None
        if subject is not None and rule is not None:
            losers[subject].update(rule.spec.supersedes)
    if not losers:
        return findings, 0
    kept = [f for f in findings if f.rule not in losers.get(_subject(f) or (), ())]
    return kept, len(findings) - len(kept)


def _project(form: Form | None) -> str:
    return form.project_name if form else ""


def subject_project(finding: Finding, forms: dict[str, Form]) -> str:
    """The project name a finding's fingerprint is made with: its form's, else its partners' joined."""
    subject = forms.get(finding.form_id or "")
    if subject is not None:
        return subject.project_name
    return "|".join(sorted(forms[i].project_name for i in finding.partners if i in forms))


@dataclass(slots=True)
class Selection:
    rules: dict[str, Rule]
    profile: str
    fail_on: str
    baseline: str | None
    config_path: str | None


def select_rules(options: Options | None = None) -> Selection:
    """Apply defaults < profile < config file < CLI to pick the active rules and their settings."""
    options = options or Options()
    file_cfg = load_file_config(options)
    cfg = file_cfg.data
    where_file = file_cfg.path or ""
    rule_paths = tuple(options.rule_paths or cfg.get("rule_paths") or ())
    specs = load_specs(rule_paths)

    profile_name = options.profile or cfg.get("profile") or "default"
    profile = load_profile(str(profile_name))
    where_profile = f"配置方案 {profile['name']}（{profile.get('path', '')}）"
    preview = options.preview if options.preview is not None else bool(cfg.get("preview", False))

    codes = {c for c, s in specs.items() if s.status == "stable" or preview}
    codes -= resolve_all(profile["disable"], specs, where_profile)
    codes |= resolve_all(profile["enable"], specs, where_profile)
    for layer_select, layer_extend, layer_ignore, where in (
        (cfg.get("select"), cfg.get("extend_select"), cfg.get("ignore"), where_file),
        (options.select, options.extend_select, options.ignore, "命令行"),
    ):
        if layer_select:
            chosen = resolve_all(layer_select, specs, where)
            codes = {c for c in chosen if specs[c].status == "stable" or preview or c in layer_select}
        if layer_extend:
            codes |= resolve_all(layer_extend, specs, where)
        if layer_ignore:
            codes -= resolve_all(layer_ignore, specs, where)

    severity: dict[str, str] = {}
    params: dict[str, dict[str, Any]] = defaultdict(dict)
    cli_layer: dict[str, Any] = {"severity": options.severity, "params": options.params}
    layers: list[tuple[dict[str, Any], str]] = [(profile, where_profile), (cfg, where_file), (cli_layer, "命令行")]
    for layer, where in layers:
        for code, level in (layer.get("severity") or {}).items():
            if code not in specs:
                raise ConfigError(f"未知规则“{code}”（{where} 的 severity）")
            if level not in SEVERITY_RANK:
                raise ConfigError(f"规则 {code} 的严重程度“{level}”无效（{where}）：应为 error | warning | info")
            severity[code] = level
        for code, values in (layer.get("params") or {}).items():
            if code not in specs:
                raise ConfigError(f"未知规则“{code}”（{where} 的 params）")
            validate_params(specs[code], values, where)
            params[code].update(values)

    rules: dict[str, Rule] = {}
    for code in sorted(codes):
        spec = specs[code]
        get_check(spec)  # fail early on an unknown check
        rules[code] = Rule(spec, severity.get(code, spec.severity), {**spec.params, **params.get(code, {})})
    fail_on = options.fail_on or cfg.get("fail_on") or "error"
    if fail_on not in FAIL_ON:
        raise ConfigError(f"--fail-on 应为 {' | '.join(FAIL_ON)}，而不是“{fail_on}”")
    baseline = options.baseline or cfg.get("baseline")
    return Selection(rules, str(profile["name"]), fail_on, baseline, file_cfg.path)


def _by_scope(selection: Selection) -> dict[str, list[tuple[Rule, Any]]]:
    by_scope: dict[str, list[tuple[Rule, Any]]] = defaultdict(list)
    for rule in selection.rules.values():
        by_scope[rule.spec.scope].append((rule, get_check(rule.spec).fn))
    return by_scope


@dataclass(slots=True)
class LocalResult:
    """What the form, indicator and document rules say about one document (no corpus rules)."""

    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)


def check_document(document: Document, selection: Selection) -> LocalResult:
    """Run the rules that look at one document only; never raises on a check bug.

    This is the per-document unit of work of parallel and distributed runs (``auditor.scale``).
    """
    out = LocalResult()
    debug = bool(os.environ.get("AUDITOR_DEBUG"))
    by_scope = _by_scope(selection)
    timings: dict[str, float] = defaultdict(float)

    def call(rule: Rule, fn: Any, *args: Any, where: str) -> None:
        start = time.perf_counter()
        try:
            out.findings.extend(fn(*args, rule))
        except Exception as exc:
            if debug:
                raise
            out.errors.append(f"规则 {rule.code} 在 {where} 出错：{type(exc).__name__}: {exc}")
        timings[rule.code] += time.perf_counter() - start

    def each_indicator(rule: Rule, fn: Any, form: Form) -> None:
        start = time.perf_counter()  # one clock reading per form and rule, not per row
        for indicator in form.indicators:
            try:
                out.findings.extend(fn(form, indicator, rule))
            except Exception as exc:
                if debug:
                    raise
                out.errors.append(f"规则 {rule.code} 在 {form.form_id} 第 {indicator.line} 行 出错：{type(exc).__name__}: {exc}")
        timings[rule.code] += time.perf_counter() - start

    for form in document.forms:
        for rule, fn in by_scope["form"]:
            call(rule, fn, form, where=form.form_id)
        for rule, fn in by_scope["indicator"]:
            each_indicator(rule, fn, form)
    for rule, fn in by_scope["document"]:
        call(rule, fn, document, where=document.path)
    out.timings = dict(timings)
    return out


def run(
    documents: Sequence[Document],
    options: Options | None = None,
    local: Sequence[LocalResult] | None = None,
    selection: Selection | None = None,
    on_stage: Callable[[str], None] | None = None,
) -> CheckResult:
    """Check ``documents`` with the rules chosen by ``options``; never raises on a check bug.

    ``local`` (one :class:`LocalResult` per document, from :func:`check_document`, e.g. computed in
    worker processes) replaces running the per-document rules here; the corpus rules always run here.
    """
    selection = selection or select_rules(options)
    result = CheckResult(
        profile=selection.profile,
        rules=[r.spec for r in selection.rules.values()],
        active=selection.rules,
        fail_on=selection.fail_on,
        config_path=selection.config_path,
        documents=list(documents),
    )
    debug = bool(os.environ.get("AUDITOR_DEBUG"))
    by_scope = _by_scope(selection)
    timings: dict[str, float] = defaultdict(float)
    raw: list[Finding] = []

    def call(rule: Rule, fn: Any, *args: Any, where: str) -> None:
        start = time.perf_counter()
        try:
            raw.extend(fn(*args, rule))
        except Exception as exc:
            if debug:
                raise
            result.errors.append(f"规则 {rule.code} 在 {where} 出错：{type(exc).__name__}: {exc}")
        timings[rule.code] += time.perf_counter() - start

    if local is not None and len(local) != len(documents):
        raise ValueError("one LocalResult per document is needed")
    for k, document in enumerate(documents):
        for form in document.forms:
            result.forms[form.form_id] = form
            result.by_form.setdefault(form.form_id, [])
        part = local[k] if local is not None else check_document(document, selection)
        raw.extend(part.findings)
        result.errors.extend(part.errors)
        for code, seconds in part.timings.items():
            timings[code] += seconds
    from auditor.engine import registry

    registry.GROUPS.clear()
    corpus_rules = [rule for rule, _ in by_scope["corpus"]]
    for prepare in registry.BEFORE_CORPUS if corpus_rules else ():  # shared work ahead, e.g. on all cores
        if on_stage:
            on_stage("跨表检查：查找相似文本")
        start = time.perf_counter()
        try:
            prepare(list(documents), corpus_rules)
        except Exception:  # the rules then do the work themselves (and report a real error)
            if debug:
                raise
        timings["corpus-joins"] += time.perf_counter() - start
    for k, (rule, fn) in enumerate(by_scope["corpus"], start=1):
        if on_stage:  # the progress display: which corpus rule runs
            on_stage(f"跨表检查 {rule.code}（{k}/{len(by_scope['corpus'])}）")
        call(rule, fn, list(documents), where="全部文件")
    result.groups = dict(registry.GROUPS)
    registry.GROUPS.clear()
    for release in registry.AFTER_CORPUS:  # corpus-wide caches are not kept past the rules
        release()
    result.timings = dict(timings)

    raw, result.superseded = apply_supersedes(raw, selection.rules)
    accepted = read_baseline(selection.baseline) if selection.baseline else set()
    document_of = {form.form_id: document for document in documents for form in document.forms}
    by_path = {document.path: document for document in documents}
    # one (frozen) Location per input line of the document being gone through (mostly in order)
    located: dict[int | None, Location | None] = {}
    located_in: Document | None = None
    for finding in raw:
        # fingerprints are made only against a baseline here (the audit keeps none: the 整改清单
        # makes them again, ~150 MB of strings at 100,000 forms)
        if accepted and fingerprint(finding, subject_project(finding, result.forms)) in accepted:
            result.suppressed += 1
            continue
        source = document_of.get(finding.form_id or "") or by_path.get(finding.file)
        if finding.location is None and source is not None:
            if source is not located_in:
                located, located_in = {}, source
            location = located.get(finding.line)
            if location is None:
                location = located[finding.line] = source.locate(finding.line)
            finding.location = location
        if finding.form_id and not finding.partners and finding.form_id in result.by_form:
            result.by_form[finding.form_id].append(finding)
        else:
            result.cross_checks.append(finding)
    order = {code: i for i, code in enumerate(selection.rules)}
    for items in result.by_form.values():
        items.sort(key=lambda f: (f.line or 0, order.get(f.rule, 0), f.column or ""))
    result.cross_checks.sort(key=lambda f: (f.file, f.line or 0, order.get(f.rule, 0)))
    return result
