"""NLP checks registered into the rule engine (rules in ``rules/nlp.yaml``).

Corpus scope (all forms of all documents at once): text cloned across forms (NLP001), goals shared
with unrelated projects (NLP003), indicator sets cloned across forms (NLP004), content that belongs
to another project (NLP005). Form scope: text fields repeated inside one form (NLP002). Indicator
scope (the trained model): misfiled indicators (NLP006), names the model finds unmeasurable (NLP007).

Every threshold and word list comes from the rule's params. The expensive joins are computed once per
set of forms and shared by the rules that need them.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from auditor.engine.registry import Rule, check
from auditor.model import TEXT_FIELDS, Document, Finding, Form, Indicator
from auditor.nlp.clones import clean, jaccard_join, similarity_groups, similarity_join

GOAL = "goal"


def _text(form: Form, name: str) -> str:
    if name == GOAL:
        return form.goals.period or form.goals.annual
    return getattr(form.texts, name, "") or ""


def _line(form: Form, name: str) -> int | None:
    key = "goals" if name == GOAL else name
    return form.field_lines.get(key) or form.source.line_start or None


def _project_forms(documents: Sequence[Document]) -> list[Form]:
    return [f for doc in documents for f in doc.forms if f.kind == "project"]


@dataclass
class _Corpus:
    """Joins over one list of forms, memoised by their parameters."""

    forms: list[Form]
    memo: dict[tuple, Any] = field(default_factory=dict)

    def partners(self, name: str, threshold: float, min_chars: int, strip: tuple[str, ...], cand: float):
        """form index -> indexes of the other forms in its clone cluster for field ``name``."""
        key = ("partners", name, threshold, min_chars, strip, cand)
        if key not in self.memo:
            texts = [clean(_text(f, name), strip) for f in self.forms]
            joined = similarity_groups(texts, threshold, min_length=min_chars, candidate_jaccard=cand)
            out: dict[int, set[int]] = {}
            for comp in joined.clusters():
                for i in comp:
                    out[i] = set(comp) - {i}
            self.memo[key] = out
        return self.memo[key]

    def related(self, ratio: float, cosine: float) -> list[set[int]]:
        """Forms of the same kind of project: near-identical names (rapidfuzz ``ratio``), or names
        whose TF-IDF cosine (content words + characters, domain stopwords removed) reaches ``cosine``."""
        key = ("related", ratio, cosine)
        if key not in self.memo:
            from auditor.nlp.relevance import similar_names

            names = [clean(f.project_name) for f in self.forms]
            rel: list[set[int]] = [set() for _ in self.forms]
            for i, j, _ in similarity_join(names, ratio, min_length=1):
                rel[i].add(j)
                rel[j].add(i)
            for i, j in similar_names([f.project_name for f in self.forms], cosine):
                rel[i].add(j)
                rel[j].add(i)
            self.memo[key] = rel
        return self.memo[key]

    def relevance(self, name_weight: float, char_weight: float):
        key = ("relevance", name_weight, char_weight)
        if key not in self.memo:
            from auditor.nlp.relevance import build_model

            self.memo[key] = build_model(self.forms, name_weight=name_weight, char_weight=char_weight)
        return self.memo[key]

    def indicator_pairs(self, threshold: float, min_size: int):
        key = ("indicators", threshold, min_size)
        if key not in self.memo:
            sets = [
                frozenset(clean(ind.level3 or ind.annual_level3 or "") for ind in f.indicators) - {""}
                for f in self.forms
            ]
            self.memo[key] = jaccard_join(sets, threshold, min_size=min_size)
        return self.memo[key]


_LAST: list[tuple[tuple[int, ...], _Corpus]] = []


def corpus_of(documents: Sequence[Document]) -> _Corpus:
    """The shared join cache for these documents (the last one is kept)."""
    forms = _project_forms(documents)
    key = tuple(id(f) for f in forms)
    if _LAST and _LAST[0][0] == key:
        return _LAST[0][1]
    corpus = _Corpus(forms)
    _LAST[:] = [(key, corpus)]
    return corpus


def _names(forms: Sequence[Form], indexes: Sequence[int], limit: int) -> str:
    shown = [f"{forms[j].project_name}（{forms[j].form_id}）" for j in indexes[:limit]]
    more = len(indexes) - limit
    return "、".join(shown) + (f" 等 {len(indexes)} 张表" if more > 0 else "")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _join_params(p: dict[str, Any]) -> tuple[float, int, tuple[str, ...], float]:
    return float(p["threshold"]), int(p["min_chars"]), tuple(p.get("strip_patterns") or ()), float(
        p.get("candidate_jaccard", 0.5)
    )


# ---------------------------------------------------------------- NLP001 / NLP003: clones across forms


@check("nlp_cloned_text", "corpus")
def cloned_text(documents: Sequence[Document], rule: Rule) -> Iterator[Finding]:
    """Text fields (near-)identical across forms: one finding per form, naming the cloned fields."""
    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    jp = _join_params(p)
    related = corpus.related(float(p["related_name_ratio"]), float(p["related_name_cosine"]))
    labels: dict[str, str] = p["field_labels"]
    per_form: dict[int, dict[str, set[int]]] = defaultdict(dict)
    for name in p["fields"]:
        for i, others in corpus.partners(name, *jp).items():
            per_form[i][name] = others
    for name in p["fields_unrelated_only"]:
        for i, others in corpus.partners(name, *jp).items():
            if others - related[i]:  # shared with some other project: generic filler, not a shared source
                per_form[i][name] = others
    goal_unrelated = float(p["generic_goal_min_unrelated"])
    for i in sorted(per_form):
        fields = per_form[i]
        goal_others = fields.get(GOAL)
        if goal_others is not None and len(goal_others - related[i]) >= goal_unrelated:
            del fields[GOAL]  # reported by NLP003 (generic goal) instead
        if not fields:
            continue
        form = forms[i]
        order = [n for n in (*p["fields"], *p["fields_unrelated_only"]) if n in fields]
        # fields cloned from the same set of forms are named together: “A、B与X相同；C与X、Y相同”
        by_partners: dict[frozenset[int], list[str]] = {}
        for n in order:
            by_partners.setdefault(frozenset(fields[n]), []).append(n)
        parts = []
        for partners, names in by_partners.items():
            ordered = sorted(partners, key=lambda j: forms[j].source.line_start)
            parts.append(
                str(p["part_template"]).format(
                    fields="、".join(labels[n] for n in names),
                    n=len(ordered),
                    others=_names(forms, ordered, int(p["max_names"])),
                )
            )
        others = sorted(set().union(*fields.values()), key=lambda j: forms[j].source.line_start)
        yield rule.finding(
            form,
            line=_line(form, order[0]),
            partners=[forms[j].form_id for j in others],
            value=_clip(_text(form, order[0]), 60),
            fields="、".join(labels[n] for n in order),
            detail="；".join(parts),
            n=len(others),
        )


@check("nlp_shared_goal", "corpus")
def shared_goal(documents: Sequence[Document], rule: Rule) -> Iterator[Finding]:
    """The 总体目标 is (near-)identical to the goals of unrelated projects: it is not project-specific."""
    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    related = corpus.related(float(p["related_name_ratio"]), float(p["related_name_cosine"]))
    model = corpus.relevance(float(p["name_weight"]), float(p["char_weight"]))
    max_fit = float(p["max_fit"])
    for i, others in sorted(corpus.partners(GOAL, *_join_params(p)).items()):
        unrelated = sorted(others - related[i], key=lambda j: forms[j].source.line_start)
        if len(unrelated) < int(p["min_unrelated"]):
            continue
        form = forms[i]
        vec = model.vector(_text(form, GOAL))
        if any(model.fit(vec, j) > max_fit for j in (i, *others)):
            continue  # the goal is about one of these projects (a copy, not a generic phrase)
        yield rule.finding(
            form,
            line=_line(form, GOAL),
            partners=[forms[j].form_id for j in sorted(others, key=lambda j: forms[j].source.line_start)],
            value=_clip(_text(form, GOAL), 60),
            text=_clip(_text(form, GOAL), 40),
            n=len(unrelated),
            others=_names(forms, unrelated, int(p["max_names"])),
        )


# ---------------------------------------------------------------- NLP002: repeats inside one form


@check("nlp_repeated_fields", "form")
def repeated_fields(form: Form, rule: Rule) -> Iterator[Finding]:
    """Two or more text fields of one form say the same thing (项目概况 = 必要性 = …)."""
    if form.kind != "project":
        return
    from rapidfuzz import fuzz

    p = rule.params
    strip = tuple(p.get("strip_patterns") or ())
    labels: dict[str, str] = p["field_labels"]
    names = [n for n in p["fields"] if len(clean(_text(form, n), strip)) >= int(p["min_chars"])]
    texts = {n: clean(_text(form, n), strip) for n in names}
    groups: list[list[str]] = []
    for n in names:
        for group in groups:
            if fuzz.ratio(texts[group[0]], texts[n]) >= float(p["threshold"]) * 100:
                group.append(n)
                break
        else:
            groups.append([n])
    for group in groups:
        if len(group) > 1:
            yield rule.finding(
                form,
                line=_line(form, group[0]),
                value=_clip(_text(form, group[0]), 60),
                fields="、".join(labels[n] for n in group),
                text=_clip(_text(form, group[0]), 40),
            )


# ---------------------------------------------------------------- NLP004: cloned indicator sets


@check("nlp_cloned_indicator_set", "corpus")
def cloned_indicator_set(documents: Sequence[Document], rule: Rule) -> Iterator[Finding]:
    """The whole set of third-level names is (near-)identical to another form's set."""
    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    best: dict[int, dict[int, float]] = defaultdict(dict)
    for i, j, sim in corpus.indicator_pairs(float(p["threshold"]), int(p["min_indicators"])):
        best[i][j] = sim
        best[j][i] = sim
    for i in sorted(best):
        form = forms[i]
        others = sorted(best[i], key=lambda j: forms[j].source.line_start)
        top = max(best[i].values())
        yield rule.finding(
            form,
            line=form.field_lines.get("indicators") or (form.indicators[0].line if form.indicators else None),
            partners=[forms[j].form_id for j in others],
            share=f"{top:.0%}",
            n=len(others),
            others=_names(forms, others, int(p["max_names"])),
        )


# ---------------------------------------------------------------- NLP005: content of another project


@check("nlp_irrelevant_content", "corpus")
def irrelevant_content(documents: Sequence[Document], rule: Rule) -> Iterator[Finding]:
    """A goal or indicator set that fits another, unrelated project much better than its own."""
    from auditor.nlp.relevance import find_irrelevant

    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    related = corpus.related(float(p["related_name_ratio"]), float(p["related_name_cosine"]))
    copies: dict[tuple[int, str], set[int]] = defaultdict(set)
    jp = _join_params(p)
    for i, others in corpus.partners(GOAL, *jp).items():
        copies[(i, "goal")].update(others)
    for i, j, _ in corpus.indicator_pairs(float(p["indicator_set_threshold"]), int(p["min_indicators"])):
        copies[(i, "indicators")].add(j)
        copies[(j, "indicators")].add(i)
    hits = find_irrelevant(
        forms,
        model=corpus.relevance(float(p["name_weight"]), float(p["char_weight"])),
        related=related,
        copies=copies,
        copy_margin=float(p["copy_margin"]),
        copy_ratio=float(p["copy_ratio"]),
        margin=float(p["margin"]),
        min_other=float(p["min_other"]),
        max_own=float(p["max_own"]),
        max_df_share=float(p["max_df_share"]),
        min_words=int(p["min_words"]),
        items=tuple(p["items"]),
        text_fields=tuple(x for x in p["items"] if x in TEXT_FIELDS),
    )
    labels: dict[str, str] = p["item_labels"]
    reasons: dict[str, str] = p["reasons"]
    for hit in hits:
        form, other = forms[hit.form_index], forms[hit.other_index]
        line = _line(form, GOAL) if hit.item == GOAL else form.field_lines.get(hit.item)
        if hit.item == "indicators":
            line = form.field_lines.get("indicators") or (form.indicators[0].line if form.indicators else None)
        yield rule.finding(
            form,
            line=line,
            partners=[other.form_id],
            value=_clip(hit.text, 60),
            item=labels.get(hit.item, hit.item),
            text=_clip(hit.text, 40),
            other_name=other.project_name,
            other_id=other.form_id,
            reason=reasons["copied" if hit.copied else "fits_other"],
            own=f"{hit.own:.2f}",
            best=f"{hit.best_other:.2f}",
        )


# ---------------------------------------------------------------- NLP006 / NLP007: the classifier


def _predict(name: str, value: str, heading: str | None):
    from auditor.nlp.classifier import current_model

    return current_model().predict(name, value, heading)


_UNIT_HINT = re.compile(r"[(（][^()（）]*[)）]$")


def _people_name(ind: Indicator, params: dict[str, Any]) -> bool:
    """The vague-name rule (``vague_rule``) calls the name one of ``skip_vague_reasons`` (a group of people)."""
    code = params.get("vague_rule")
    lexical = _deferred_params(code) if code else None
    if not lexical:
        return False
    reason = _lexical_reason(ind, {"defer_to": code})
    return reason is not None and reason in {lexical["reasons"].get(k) for k in params.get("skip_vague_reasons", [])}


@check("nlp_misfiled_indicator", "indicator")
def misfiled_indicator(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """The model is confident the indicator belongs under another second-level heading."""
    from auditor.nlp.classifier import heading_class

    p = rule.params
    name = ind.level3 or ind.annual_level3 or ""
    filed = heading_class(ind.level2)
    if form.kind != "project" or filed is None or len(name.strip()) < int(p["min_chars"]):
        return
    if _people_name(ind, p):
        return  # 工作人员 >96%: a group of people, left to the vague-name rule
    pred = _predict(name, ind.period_value or ind.annual_value, filed)
    if pred.label == filed or pred.prob(filed) > float(p["max_filed_probability"]):
        return
    need = float(p["min_confidence"])
    within = set(p["within_classes"])
    if filed in within and pred.label in within:
        need = max(need, float(p["min_confidence_within"]))  # 社会 vs 生态 vs 可持续: often arguable
    if pred.kinds.get("slogan", 0.0) >= float(p["slogan_probability"]):
        need = max(need, float(p["min_confidence_slogan"]))  # a slogan says little about its heading
    if pred.probability < need:
        return
    yield rule.finding(
        form,
        ind,
        predicted=p["class_labels"].get(pred.label, pred.label),
        filed=ind.level2,
        confidence=f"{pred.probability:.0%}",
    )


@check("nlp_unmeasurable_name", "indicator")
def unmeasurable_name(form: Form, ind: Indicator, rule: Rule) -> Iterator[Finding]:
    """The vagueness model finds the name unmeasurable, and no measure word rescues it.

    Rows the lexical rule (IND002) already reports are left to it, so a name is reported once.
    """
    p = rule.params
    name = ind.level3 or ind.annual_level3 or ""
    text = re.sub(r"\s+", "", name)
    if len(text) < int(p["min_chars"]):
        return
    from auditor.nlp.classifier import heading_class

    filed = heading_class(ind.level2)
    if form.kind != "project" and filed is None:
        return  # a unit form's free-form headings (部门履行职责带来的效果): not an indicator table
    core = _UNIT_HINT.sub("", text)
    if core.endswith(tuple(p["measure_suffixes"])) and not core.startswith(tuple(p["aim_prefixes"])):
        return  # 办公舒适度, 保障在职职工人数(人): the name ends with what it measures
    pred = _predict(name, ind.period_value or ind.annual_value, filed)
    opener = next((w for w in p["slogan_openers"] if core.startswith(w)), None)
    if pred.measurable <= float(p["max_measurable"]):
        basis = p["basis"]["model"].format(confidence=f"{1.0 - pred.measurable:.0%}")
    elif opener:
        basis = p["basis"]["opener"].format(opener=opener)  # 提高居住品质: an aim, whatever the model says
    else:
        return
    kind = "slogan" if opener else pred.kind
    if kind == "measurable":
        kind = max(("slogan", "bare_object"), key=lambda k: pred.kinds.get(k, 0.0))
    yield rule.finding(form, ind, basis=basis, reason=p["reasons"][kind])


@cache
def _deferred_params(code: str) -> dict[str, Any] | None:
    try:
        from auditor.engine.loader import load_specs

        spec = load_specs().get(code)
    except Exception:  # a broken rule file is reported by the engine itself
        return None
    return dict(spec.params) if spec else None


def _lexical_reason(ind: Indicator, params: dict[str, Any]) -> str | None:
    """What the lexical rule named by ``defer_to`` (IND002) says about the row, with its own params.

    None when that rule is silent or unavailable.
    """
    code = params.get("defer_to")
    lexical = _deferred_params(code) if code else None
    if lexical is None:
        return None
    try:
        from auditor.engine.checks.indicators import _vague_reason

        return _vague_reason(ind, lexical)
    except Exception:  # never let the other rule's internals break this one
        return None
