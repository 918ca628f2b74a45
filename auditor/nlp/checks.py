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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, partial
from typing import Any

from auditor.engine.checks.common import norm
from auditor.engine.registry import Rule, after_corpus, before_corpus, check, publish_group
from auditor.model import TEXT_FIELDS, CloneGroup, Document, Finding, Form, Indicator
from auditor.nlp.clones import clean, similarity_groups
from auditor.values.people import names_people_under_satisfaction

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


@dataclass(slots=True)
class Clusters:
    """Clone clusters of one field: ``of[i]`` is form ``i``'s cluster (-1: none), ``members[c]`` the
    forms of cluster ``c`` in input order, ``similarity[c]`` the lowest verified similarity in it."""

    of: list[int]
    members: list[list[int]]
    similarity: list[float]
    best: list[float]  # form -> its highest similarity to another member (1.0: an identical copy)

    def items(self) -> Iterator[tuple[int, int]]:
        """(form, cluster) for every clustered form, in form order."""
        return ((i, c) for i, c in enumerate(self.of) if c >= 0)


def _clusters(n: int, joined) -> Clusters:
    of = [-1] * n
    members: list[list[int]] = []
    sims: list[float] = []
    group_of = joined.group_index()
    link_min: dict[int, float] = {}
    link_max: dict[int, float] = {}
    for a, b, sim in joined.links:
        for g in (a, b):
            link_min[g] = min(link_min.get(g, 1.0), sim)
            link_max[g] = max(link_max.get(g, 0.0), sim)
    best = [1.0 if g >= 0 and len(joined.groups[g]) > 1 else link_max.get(g, 0.0) for g in group_of]
    for comp in joined.clusters():
        c = len(members)
        members.append(comp)
        sims.append(min((link_min.get(group_of[i], 1.0) for i in comp), default=1.0))
        for i in comp:
            of[i] = c
    return Clusters(of, members, sims, best)


@dataclass(slots=True)
class Related:
    """Forms of the same project series: names in one near-identical-name cluster (rapidfuzz ratio),
    or a pair of names close in TF-IDF cosine. Linear in memory whatever the cluster sizes."""

    series: list[int]  # form -> name cluster (-1: none)
    close: dict[int, set[int]]  # form -> forms with a close name (cosine), both directions
    sets: dict[int, tuple[list[int], set[int]]] = field(default_factory=dict)  # id(cluster) -> its set

    def __call__(self, i: int, j: int) -> bool:
        si = self.series[i]
        return (si >= 0 and si == self.series[j]) or j in self.close.get(i, ())

    def unrelated_count(self, i: int, cluster: list[int], series_count: Counter[int]) -> int:
        """How many forms of ``cluster`` (which holds ``i``) are not related to ``i``."""
        si = self.series[i]
        same = series_count[si] - 1 if si >= 0 else 0
        close = sum(1 for j in self.close.get(i, ()) if self.series[j] != si or si < 0)
        if close:
            members = self._members(cluster)
            close = sum(1 for j in self.close.get(i, ()) if j in members and (self.series[j] != si or si < 0))
        return len(cluster) - 1 - same - close

    def _members(self, cluster: list[int]) -> set[int]:
        """``cluster`` as a set, built once per cluster (its members ask in turn: linear, not quadratic)."""
        found = self.sets.get(id(cluster))
        if found is None or found[0] is not cluster:
            found = self.sets[id(cluster)] = (cluster, set(cluster))
        return found[1]


@dataclass
class _Corpus:
    """Joins over one list of forms, memoised by their parameters."""

    forms: list[Form]
    memo: dict[tuple, Any] = field(default_factory=dict)

    def partners(self, name: str, threshold: float, min_chars: int, strip: tuple[str, ...], cand: float,
                 limit: int = 64) -> Clusters:
        """The clone clusters of field ``name``."""
        key = ("partners", name, threshold, min_chars, strip, cand, limit)
        if key not in self.memo:
            texts = [clean(_text(f, name), strip) for f in self.forms]
            joined = similarity_groups(texts, threshold, min_length=min_chars, candidate_jaccard=cand, spanning=True,
                                       limit=limit)
            self.memo[key] = _clusters(len(self.forms), joined)
        return self.memo[key]

    def related(self, ratio: float, cosine: float, max_df: int, limit: int = 64) -> Related:
        """Forms of the same kind of project: near-identical names (rapidfuzz ``ratio``), or names
        whose TF-IDF cosine (content words + characters, domain stopwords removed) reaches ``cosine``."""
        key = ("related", ratio, cosine, max_df, limit)
        if key not in self.memo:
            series = self.series(ratio, limit)
            pairs = self._similar_names(cosine, max_df)
            close: dict[int, set[int]] = defaultdict(set)
            for i, j, s in pairs:
                if s >= cosine and (series[i] < 0 or series[i] != series[j]):
                    close[i].add(j)
                    close[j].add(i)
            self.memo[key] = Related(series, dict(close))
        return self.memo[key]

    def series(self, ratio: float, limit: int = 64) -> list[int]:
        """Form -> its cluster of near-identical names (rapidfuzz ``ratio``; -1: none)."""
        key = ("series", ratio, limit)
        if key not in self.memo:
            names = [clean(f.project_name) for f in self.forms]
            self.memo[key] = _clusters(len(self.forms), similarity_groups(names, ratio, min_length=1, spanning=True,
                                                                          limit=limit)).of
        return self.memo[key]

    def _similar_names(self, cosine: float, max_df: int) -> list[tuple[int, int, float]]:
        """Scored close-name pairs at ``cosine`` or a lower threshold computed before (one pass)."""
        from auditor.nlp.relevance import similar_names

        for key, pairs in self.memo.items():
            if key[0] == "names" and key[1] <= cosine and key[2] == max_df:
                return pairs
        floor = min(cosine, _cosine_floor())  # one pass serves every rule's threshold
        pairs = similar_names([f.project_name for f in self.forms], floor, max_df=max_df)
        self.memo[("names", floor, max_df)] = pairs
        return pairs

    def relevance(self, name_weight: float, char_weight: float, max_df_share: float):
        key = ("relevance", name_weight, char_weight, max_df_share)
        if key not in self.memo:
            from auditor.nlp.relevance import build_model

            self.memo[key] = build_model(
                self.forms, name_weight=name_weight, char_weight=char_weight, max_df_share=max_df_share
            )
        return self.memo[key]

    def indicator_clusters(self, threshold: float, min_size: int) -> Clusters:
        key = ("indicators", threshold, min_size)
        if key not in self.memo:
            from auditor.nlp.clones import set_groups

            sets = [
                frozenset(clean(ind.level3 or ind.annual_level3 or "") for ind in f.indicators) - {""}
                for f in self.forms
            ]
            self.memo[key] = _clusters(len(self.forms), set_groups(sets, threshold, min_size=min_size))
        return self.memo[key]

    def group(self, kind: str, clusters: Clusters, c: int) -> str:
        """Publish cluster ``c`` of ``kind`` as a clone group (once) and return its id."""
        members = clusters.members[c]
        gid = f"{kind}:{self.forms[members[0]].form_id}"
        key = ("group", gid)
        if key not in self.memo:
            self.memo[key] = True
            publish_group(CloneGroup(gid, kind, [self.forms[j].form_id for j in members], clusters.similarity[c]))
        return gid


@cache
def _cosine_floor() -> float:
    """The lowest ``related_name_cosine`` of the rules as shipped (so one name join serves them all)."""
    try:
        from auditor.engine.loader import load_specs

        values = [float(s.params["related_name_cosine"]) for s in load_specs().values()
                  if "related_name_cosine" in s.params]
    except Exception:  # a broken rule file is reported by the engine itself
        values = []
    return min(values, default=1.0)


_LAST: list[tuple[tuple[int, ...], _Corpus]] = []


@after_corpus
def release() -> None:
    """Drop the join cache (the relevance model and joins hold memory per form)."""
    _LAST.clear()
    from auditor.nlp.clones import end_block_join
    from auditor.nlp.relevance import _bag

    _bag.cache_clear()
    end_block_join()
    from auditor.nlp.tokenize import release as release_tokens

    release_tokens()


Task = tuple[tuple, Callable[[], Any], int]  # (key, the work, its estimated cost)


def _tasks(corpus: _Corpus, rules: Sequence[Rule]) -> list[Task]:
    """The joins the corpus ``rules`` will ask ``corpus`` for (independent of each other), each once,
    with a cost estimate: the characters it compares."""
    forms = corpus.forms
    chars: dict[str, int] = {}

    def size(name: str) -> int:
        if name not in chars:
            chars[name] = sum(len(_text(f, name)) for f in forms)
        return chars[name]

    out: dict[tuple, Task] = {}

    def partners(p: dict[str, Any], names: Sequence[str]) -> None:
        jp = _join_params(p)
        for name in names:
            key = ("partners", name, *jp)
            out.setdefault(key, (key, partial(corpus.partners, name, *jp), size(name)))

    def related(p: dict[str, Any]) -> None:
        ratio, cosine = float(p["related_name_ratio"]), float(p["related_name_cosine"])
        max_df, limit = int(p.get("name_block_max_df", 100)), int(p.get("join_probe_limit", 64))
        names = sum(len(f.project_name) for f in forms)
        out.setdefault(("series", ratio, limit), (("series", ratio, limit), lambda: corpus.series(ratio, limit),
                                                  _NAME_COST * names))
        out.setdefault(("names", max_df), (("names", max_df), lambda: corpus._similar_names(cosine, max_df),
                                           names))

    def relevance(p: dict[str, Any]) -> None:
        from auditor.nlp.relevance import whole_parts

        weights = float(p["name_weight"]), float(p["char_weight"]), float(p.get("max_df_share", 0.08))
        key = ("relevance", *weights)
        cost = sum(len(part) for f in forms for part in whole_parts(f))  # every text is tokenised
        out.setdefault(key, (key, lambda: corpus.relevance(*weights), cost))

    def indicator_sets(threshold: float, least: int) -> None:
        key = ("indicators", threshold, least)
        cost = sum(len(f.indicators) for f in forms)  # one hash per set, few links: cheap
        out.setdefault(key, (key, lambda: corpus.indicator_clusters(threshold, least), cost))

    for rule in rules:
        p, name = rule.params, rule.spec.check
        if name == "nlp_cloned_text":
            partners(p, [*p["fields"], *p["fields_unrelated_only"]])
            related(p)
        elif name == "nlp_shared_goal":
            partners(p, [GOAL])
            related(p)
            relevance(p)
        elif name == "nlp_irrelevant_content":
            partners(p, [GOAL])
            related(p)
            relevance(p)
            indicator_sets(float(p["indicator_set_threshold"]), int(p["min_indicators"]))
        elif name == "nlp_cloned_indicator_set":
            indicator_sets(float(p["threshold"]), int(p["min_indicators"]))
    return list(out.values())


_NAME_COST = 2  # in the name series join a character costs about this many of a text field's (many blocks)


def _lanes(tasks: Sequence[Task], lanes: int) -> list[list[Task]]:
    """``tasks`` over ``lanes`` processes, the costliest first onto the least loaded lane; the
    relevance model stays in the first lane (this process: the model is large to send back, and
    it segments its texts on a pool of its own)."""
    load = [0] * lanes
    out: list[list[Task]] = [[] for _ in range(lanes)]
    for task in sorted(tasks, key=lambda t: (t[0][0] != "relevance", -t[2])):
        k = 0 if task[0][0] == "relevance" else load.index(min(load))
        out[k].append(task)
        load[k] += task[2]
    return out


def _run(corpus: _Corpus, tasks: Sequence[Task]) -> dict[tuple, Any]:
    """Do ``tasks`` here; the memo entries they added."""
    before = set(corpus.memo)
    for _, work, _ in tasks:
        work()
    return {k: v for k, v in corpus.memo.items() if k not in before}


def prepare(corpus: _Corpus, rules: Sequence[Rule], lanes: int) -> None:
    """Compute the joins ``rules`` need, split over ``lanes`` processes (this one and forked
    children): each join is independent and deterministic, so the memo is the same as when the
    rules compute them one by one."""
    tasks = [t for t in _tasks(corpus, rules) if not _memoised(corpus, t[0])]
    if lanes <= 1 or len(tasks) < 2:
        _run(corpus, tasks)
        return
    import numpy  # noqa: F401  (imported here, not in a child forked while another thread may hold the lock)
    import rapidfuzz.process  # noqa: F401

    from auditor.fork import run_forked

    plan = _lanes(tasks, lanes)
    children = [run_forked(partial(_run, corpus, part), "跨表检查") for part in plan[1:]]
    try:
        _run(corpus, plan[0])
    except BaseException:
        for child in children:  # no child is left behind, blocked on a pipe no one reads
            child.cancel()
        raise
    for child in children:
        corpus.memo.update(child.result())


def _memoised(corpus: _Corpus, key: tuple) -> bool:
    if key[0] == "names":  # one name join serves every cosine threshold
        return any(k[0] == "names" and k[2] == key[1] for k in corpus.memo)
    return key in corpus.memo


@before_corpus
def prepare_joins(documents: list[Document], rules: list[Rule]) -> None:
    """Before the corpus rules of a large audit: their joins on all cores (:func:`prepare`)."""
    from auditor.fork import worth_forking
    from auditor.nlp.clones import _BLOCK_JOIN
    from auditor.scale.runner import default_jobs

    corpus = corpus_of(documents)
    if _BLOCK_JOIN or not worth_forking(len(corpus.forms)):
        return  # a distributed join runs on its cluster; a small corpus is not worth a process
    prepare(corpus, rules, min(2, default_jobs()))


def corpus_of(documents: Sequence[Document]) -> _Corpus:
    """The shared join cache for these documents (the last one is kept)."""
    forms = _project_forms(documents)
    key = tuple(id(f) for f in forms)
    if _LAST and _LAST[0][0] == key:
        return _LAST[0][1]
    corpus = _Corpus(forms)
    _LAST[:] = [(key, corpus)]
    return corpus


def _names(forms: Sequence[Form], indexes: Sequence[int], limit: int, total: int | None = None) -> str:
    shown = [f"{forms[j].project_name}（{forms[j].form_id}）" for j in indexes[:limit]]
    total = len(indexes) if total is None else total
    return "、".join(shown) + (f" 等 {total} 张表" if total > limit else "")


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit] + "…"


def _join_params(p: dict[str, Any]) -> tuple[float, int, tuple[str, ...], float, int]:
    return float(p["threshold"]), int(p["min_chars"]), tuple(p.get("strip_patterns") or ()), float(
        p.get("candidate_jaccard", 0.5)
    ), int(p.get("join_probe_limit", 64))


def _related(corpus: _Corpus, p: dict[str, Any]) -> Related:
    return corpus.related(float(p["related_name_ratio"]), float(p["related_name_cosine"]),
                          int(p.get("name_block_max_df", 100)), int(p.get("join_probe_limit", 64)))


def _others(members: list[int], i: int, limit: int, keep=None) -> list[int]:
    """The first ``limit`` members other than ``i`` (that ``keep`` accepts)."""
    out = []
    for j in members:
        if j != i and (keep is None or keep(j)):
            out.append(j)
            if len(out) >= limit:
                break
    return out


def _series_counts(clusters: Clusters, related: Related) -> list[Counter[int]]:
    counts: list[Counter[int]] = [Counter() for _ in clusters.members]
    for i, c in clusters.items():
        counts[c][related.series[i]] += 1
    return counts


# ---------------------------------------------------------------- NLP001 / NLP003: clones across forms


@check("nlp_cloned_text", "corpus")
def cloned_text(documents: Sequence[Document], rule: Rule) -> Iterator[Finding]:
    """Text fields (near-)identical across forms: one finding per form, naming its clone group(s)."""
    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    jp = _join_params(p)
    related = _related(corpus, p)
    labels: dict[str, str] = p["field_labels"]
    limit = int(p["max_names"])
    per_form: dict[int, dict[str, tuple[Clusters, int]]] = defaultdict(dict)
    unrelated: dict[tuple[int, str], int] = {}
    for name in p["fields"]:
        cl = corpus.partners(name, *jp)
        counts = _series_counts(cl, related) if name == GOAL else None
        for i, c in cl.items():
            per_form[i][name] = (cl, c)
            if counts is not None:
                unrelated[(i, name)] = related.unrelated_count(i, cl.members[c], counts[c])
    for name in p["fields_unrelated_only"]:
        cl = corpus.partners(name, *jp)
        counts = _series_counts(cl, related)
        for i, c in cl.items():
            if related.unrelated_count(i, cl.members[c], counts[c]) > 0:  # generic filler, not a shared source
                per_form[i][name] = (cl, c)
    goal_unrelated = float(p["generic_goal_min_unrelated"])
    keys_of: dict[tuple[int, int], tuple[int, ...]] = {}
    union_size: dict[tuple, int] = {}

    def membership(cl: Clusters, c: int) -> tuple[int, ...]:
        """A key equal for clusters with the same members (computed once per cluster)."""
        k = (id(cl), c)
        if k not in keys_of:
            m = cl.members[c]
            keys_of[k] = (len(m), hash(tuple(m)), m[0], m[-1])
        return keys_of[k]

    for i in sorted(per_form):
        fields = per_form[i]
        if GOAL in fields and unrelated[(i, GOAL)] >= goal_unrelated:
            del fields[GOAL]  # reported by NLP003 (generic goal) instead
        if not fields:
            continue
        form = forms[i]
        order = [n for n in (*p["fields"], *p["fields_unrelated_only"]) if n in fields]
        # fields cloned in the same group of forms are named together: “A、B与X相同；C与X、Y相同”
        by_group: dict[tuple[int, ...], list[str]] = {}
        members_of: dict[tuple[int, ...], list[int]] = {}
        for n in order:
            cl, c = fields[n]
            key = membership(cl, c)
            by_group.setdefault(key, []).append(n)
            members_of[key] = cl.members[c]
        parts = []
        for key, names in by_group.items():
            members = members_of[key]
            shown = _others(members, i, limit)
            parts.append(
                str(p["part_template"]).format(
                    fields="、".join(labels[n] for n in names),
                    n=len(members) - 1,
                    others=_names(forms, shown, limit, len(members) - 1),
                )
            )
        cl, c = fields[order[0]]
        gid = corpus.group(order[0], cl, c)
        for n in order[1:]:
            corpus.group(n, *fields[n])
        reps: list[int] = []
        for key in by_group:
            reps.extend(j for j in _others(members_of[key], i, limit) if j not in reps)
        keys = tuple(by_group)
        if keys not in union_size:  # members of a group share their tuple of groups: one union each
            union_size[keys] = len(set().union(*(members_of[k] for k in keys))) if len(keys) > 1 else len(
                members_of[keys[0]])
        n_others = union_size[keys] - 1
        yield rule.finding(
            form,
            line=_line(form, order[0]),
            partners=[forms[j].form_id for j in reps[:limit]],
            group=gid,
            value=_clip(_text(form, order[0]), 60),
            fields="、".join(labels[n] for n in order),
            detail="；".join(parts),
            n=n_others,
        )


@check("nlp_shared_goal", "corpus")
def shared_goal(documents: Sequence[Document], rule: Rule) -> Iterator[Finding]:
    """The 总体目标 is (near-)identical to the goals of unrelated projects: it is not project-specific."""
    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    related = _related(corpus, p)
    model = corpus.relevance(float(p["name_weight"]), float(p["char_weight"]), float(p.get("max_df_share", 0.08)))
    max_fit = float(p["max_fit"])
    limit = int(p["max_names"])
    cl = corpus.partners(GOAL, *_join_params(p))
    counts = _series_counts(cl, related)
    fits: dict[tuple[str, int], bool] = {}  # (goal text, cluster) -> fits one of its projects
    for i, c in cl.items():
        members = cl.members[c]
        n_unrelated = related.unrelated_count(i, members, counts[c])
        if n_unrelated < int(p["min_unrelated"]):
            continue
        form = forms[i]
        text = _text(form, GOAL)
        if (text, c) not in fits:
            vec = model.vector(text)
            fits[(text, c)] = any(model.fit(vec, j) > max_fit for j in members)
        if fits[(text, c)]:
            continue  # the goal is about one of these projects (a copy, not a generic phrase)
        shown = _others(members, i, limit, keep=lambda j, i=i: not related(i, j))
        yield rule.finding(
            form,
            line=_line(form, GOAL),
            partners=[forms[j].form_id for j in _others(members, i, limit)],
            group=corpus.group(GOAL, cl, c),
            value=_clip(text, 60),
            text=_clip(text, 40),
            n=n_unrelated,
            others=_names(forms, shown, limit, n_unrelated),
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
    """The whole set of third-level names is (near-)identical to the sets of other forms (a group)."""
    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    limit = int(p["max_names"])
    cl = corpus.indicator_clusters(float(p["threshold"]), int(p["min_indicators"]))
    for i, c in cl.items():
        form = forms[i]
        members = cl.members[c]
        shown = _others(members, i, limit)
        yield rule.finding(
            form,
            line=form.field_lines.get("indicators") or (form.indicators[0].line if form.indicators else None),
            partners=[forms[j].form_id for j in shown],
            group=corpus.group("indicators", cl, c),
            share=f"{cl.best[i]:.0%}",
            n=len(members) - 1,
            others=_names(forms, shown, limit, len(members) - 1),
        )


# ---------------------------------------------------------------- NLP005: content of another project


@check("nlp_irrelevant_content", "corpus")
def irrelevant_content(documents: Sequence[Document], rule: Rule) -> Iterator[Finding]:
    """A goal or indicator set that fits another, unrelated project much better than its own."""
    from auditor.nlp.relevance import find_irrelevant

    p = rule.params
    corpus = corpus_of(documents)
    forms = corpus.forms
    related = _related(corpus, p)
    model = corpus.relevance(float(p["name_weight"]), float(p["char_weight"]), float(p["max_df_share"]))
    limit = int(p.get("candidate_limit", 200))
    copy_clusters = {
        "goal": corpus.partners(GOAL, *_join_params(p)),
        "indicators": corpus.indicator_clusters(float(p["indicator_set_threshold"]), int(p["min_indicators"])),
    }
    ranked: dict[tuple[str, str, int], list[tuple[float, int]]] = {}

    def copy_source(i: int, key: str, vec: dict[str, float]) -> tuple[int, float]:
        """The best-fitting unrelated form holding a copy of item ``key`` of form ``i``."""
        cl = copy_clusters.get(key)
        c = cl.of[i] if cl is not None else -1
        if c < 0:
            return -1, 0.0
        text = " ".join(sorted(vec))
        memo_key = (key, text, c)
        if memo_key not in ranked:  # one ranking per distinct item text and cluster
            assert cl is not None
            members = cl.members[c]
            if len(members) > limit:  # a huge clone group: an even sample of it
                members = members[:: len(members) // limit + 1]
            ranked[memo_key] = sorted((-fit, j) for j, fit in zip(members, model.fits(vec, members), strict=True))
        for neg, j in ranked[memo_key]:
            if j != i and not related(i, j):
                return j, -neg
        return -1, 0.0

    hits = find_irrelevant(
        forms,
        model=model,
        related=related,
        copy_source=copy_source,
        copy_margin=float(p["copy_margin"]),
        copy_ratio=float(p["copy_ratio"]),
        margin=float(p["margin"]),
        min_other=float(p["min_other"]),
        max_own=float(p["max_own"]),
        max_df_share=float(p["max_df_share"]),
        min_words=int(p["min_words"]),
        items=tuple(p["items"]),
        text_fields=tuple(x for x in p["items"] if x in TEXT_FIELDS),
        candidate_limit=limit,
    )
    labels: dict[str, str] = p["item_labels"]
    reasons: dict[str, str] = p["reasons"]
    for hit in hits:
        form, other = forms[hit.form_index], forms[hit.other_index]
        line = _line(form, GOAL) if hit.item == GOAL else form.field_lines.get(hit.item)
        if hit.item == "indicators":
            line = form.field_lines.get("indicators") or (form.indicators[0].line if form.indicators else None)
        group = None
        cl = copy_clusters.get(hit.item)
        if hit.copied and cl is not None and cl.of[hit.form_index] >= 0:
            group = corpus.group("indicators" if hit.item == "indicators" else GOAL, cl, cl.of[hit.form_index])
        yield rule.finding(
            form,
            line=line,
            partners=[other.form_id],
            group=group,
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
    """Under a satisfaction heading the name is a group of people (大楼工作人员): whose
    satisfaction, not a heading matter (the vague-name rule IND002 reports such a name)."""
    return names_people_under_satisfaction(norm(ind.level3), ind.level1 + ind.level2,
                                           params["people_words"], params["people_headings"])


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
