"""Precision and recall of the auditor's findings against hand labels.

Usage::

    python benchmarks/accuracy.py [--set regions|sample|all] [--details] [--all-categories]
                                  [--forms f33,f34,... | --forms s]

Sets (nothing here is trained or tuned on them):

- ``regions``: the tidy tables ``tests/data/regions/shared/forms.csv`` and
  ``tests/data/regions/found/forms.csv`` against ``tests/data/regions/labels.csv``;
- ``sample``: ``corpora/xiaoyi-2025.txt`` against ``tests/data/sample_labels.csv`` (only the
  forms that file labels are scored).

The auditor runs as a user runs it (``python -m auditor check FILE --format json``), so only the
public JSON contract is read. A finding is matched to a label by form id + category, then for an
indicator finding by the third-level name (either may be a truncation of the other) with the line
as a tie-break, and the column when both give one; a form-level ``missing_dimension`` finding by
the dimension its message names. Labels carry a verdict: ``yes`` (the category truly applies),
``no`` (considered and rejected: a finding there is a false alarm), ``unsure`` (a finding there
is neither counted right nor wrong). Rules for labelling: ``docs/labelling-regions.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import subprocess
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: the categories the acceptance target is measured over (issue 12)
VALUE_STRUCTURE = (
    "unit_mismatch",
    "direction_mismatch",
    "impossible_value",
    "malformed_value",
    "vague_value",
    "empty_value",
    "placeholder_indicator",
    "inflated_value",
    "duplicate_indicator",
    "missing_dimension",
)

#: dimensions a missing_dimension finding may name (matched in its message)
DIMENSIONS = ("满意度", "产出", "效益", "数量", "质量", "时效", "成本")

REGIONS_INPUTS = (
    ROOT / "tests/data/regions/shared/forms.csv",
    ROOT / "tests/data/regions/found/forms.csv",
)
REGIONS_LABELS = ROOT / "tests/data/regions/labels.csv"
SAMPLE_INPUT = ROOT / "corpora/xiaoyi-2025.txt"
SAMPLE_LABELS = ROOT / "tests/data/sample_labels.csv"


def norm(text: str | None) -> str:
    """Name key for matching: NFKC-normalised, whitespace removed."""
    s = unicodedata.normalize("NFKC", text or "")
    s = re.sub(r"\s+", "", s)
    return s


@dataclass(frozen=True)
class Item:
    """A finding or a label, reduced to what matching needs."""

    form_id: str
    category: str
    level3: str = ""  # normalised; "" for a form-level item
    line: int | None = None
    column: str = ""  # "period" | "annual" | ""
    dimension: str = ""  # missing_dimension only
    verdict: str = "yes"  # labels: yes | no | unsure
    note: str = ""
    value: str = ""


def _int(text: object) -> int | None:
    try:
        return int(str(text).strip())
    except (TypeError, ValueError):
        return None


def dimension_of(message: str) -> str:
    """The dimension a missing_dimension message names (first vocabulary word in quotes)."""
    for quoted in re.findall(r"[“\"']([^”\"']+)[”\"']", message or ""):
        for dim in DIMENSIONS:
            if dim in quoted:
                return dim
    for dim in DIMENSIONS:
        if dim in (message or ""):
            return dim
    return ""


def findings_from_json(data: dict) -> list[Item]:
    """Findings of an ``auditor check --format json`` document as matching items.

    Reads only fields of the public contract, tolerating additions (``form_id``/``indicator``/
    ``location``/``partners`` on each finding): the finding's own ``form_id`` wins over the
    project's; a cross-form finding without one counts for every form it lists.
    """
    items: list[Item] = []

    def add(f: dict, default_forms: Iterable[str]) -> None:
        forms = [f["form_id"]] if f.get("form_id") else list(default_forms)
        line = _int(f.get("line"))
        loc = f.get("location")
        if line is None and isinstance(loc, dict):
            line = _int(loc.get("line"))
        category = str(f.get("category") or "")
        dim = dimension_of(str(f.get("message") or "")) if category == "missing_dimension" else ""
        for form in forms:
            items.append(
                Item(
                    form_id=str(form),
                    category=category,
                    level3=norm(f.get("level3")),
                    line=line,
                    column=str(f.get("column") or ""),
                    dimension=dim,
                    note=str(f.get("rule") or ""),
                    value=str(f.get("value") or ""),
                )
            )

    for project in data.get("projects", []):
        for f in project.get("findings", []):
            add(f, [project.get("form_id", "")])
    for f in data.get("cross_checks", []):
        add(f, f.get("form_ids") or [])
    return items


def read_labels(path: Path) -> list[Item]:
    """Labels from a CSV (form_id, line, level3, category, column, dimension, verdict, note, reader).

    When a row has been read twice, the last reader's verdict for the same key wins (the
    second reading of a disagreement settles it).
    """
    rows: dict[tuple, Item] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            category = (row.get("category") or "").strip()
            if not category or category == "-":
                continue
            item = Item(
                form_id=row["form_id"].strip(),
                category=category,
                level3=norm(row.get("level3")),
                line=_int(row.get("line")),
                column=(row.get("column") or "").strip(),
                dimension=(row.get("dimension") or "").strip(),
                verdict=(row.get("verdict") or "yes").strip(),
                note=(row.get("note") or "").strip(),
            )
            key = (item.form_id, item.category, item.level3, item.line, item.column, item.dimension)
            rows[key] = item
    return list(rows.values())


def labelled_forms(path: Path) -> set[str]:
    """Every form id that has at least one row in a labels file (``-`` rows mark clean forms)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return {row["form_id"].strip() for row in csv.DictReader(fh)}


def _names_match(a: str, b: str) -> bool:
    return bool(a) and bool(b) and (a == b or a.startswith(b) or b.startswith(a))


def matches(finding: Item, label: Item) -> bool:
    """Does ``finding`` report what ``label`` says about the same form and row?"""
    if finding.form_id != label.form_id or finding.category != label.category:
        return False
    if finding.column and label.column and finding.column != label.column:
        return False
    if not label.level3:  # form-level label
        if finding.level3:
            return False
        if label.category == "missing_dimension":
            return not label.dimension or label.dimension == finding.dimension
        return True
    if not _names_match(finding.level3, label.level3):
        return False
    if finding.level3 == label.level3:
        return True
    return finding.line is None or label.line is None or finding.line == label.line


def _best_label(finding: Item, labels: list[Item]) -> Item | None:
    """The most specific label a finding matches (a dimension-specific one before a blanket one)."""
    hits = [lab for lab in labels if matches(finding, lab)]
    if not hits:
        return None
    hits.sort(key=lambda lab: (not lab.dimension, lab.level3 != finding.level3))
    return hits[0]


@dataclass
class Score:
    """Counts of one category."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    ignored: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None


@dataclass
class Outcome:
    """Per-category scores and the lists behind them."""

    scores: dict[str, Score]
    false_alarms: list[Item]
    misses: list[Item]


def evaluate(findings: list[Item], labels: list[Item], forms: set[str] | None = None) -> Outcome:
    """Score findings against labels, form by form (only ``forms`` when given)."""
    if forms is not None:
        findings = [f for f in findings if f.form_id in forms]
        labels = [lab for lab in labels if lab.form_id in forms]
    by_form: dict[str, list[Item]] = defaultdict(list)
    for lab in labels:
        by_form[lab.form_id].append(lab)
    scores: dict[str, Score] = defaultdict(Score)
    false_alarms: list[Item] = []
    hit: set[int] = set()
    seen: set[tuple] = set()
    for f in findings:
        key = (f.form_id, f.category, f.level3, f.line, f.column, f.dimension)
        if key in seen:  # two rules of one category on the same row count once
            continue
        seen.add(key)
        label = _best_label(f, by_form.get(f.form_id, []))
        if label is None or label.verdict == "no":
            scores[f.category].fp += 1
            false_alarms.append(f)
        elif label.verdict == "unsure":
            scores[f.category].ignored += 1
        else:
            if id(label) in hit:  # a second finding on an already found label: not a new hit
                scores[f.category].ignored += 1
                continue
            hit.add(id(label))
            scores[f.category].tp += 1
    misses = [lab for lab in labels if lab.verdict == "yes" and id(lab) not in hit]
    for lab in misses:
        scores[lab.category].fn += 1
    return Outcome(dict(scores), false_alarms, misses)


def run_check(path: Path) -> dict:
    """``python -m auditor check PATH --format json`` (exit 0 or 1 both mean it ran)."""
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "check", str(path), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    if proc.returncode not in (0, 1):
        raise SystemExit(f"auditor check {path} failed (exit {proc.returncode}): {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def _fmt(x: float | None) -> str:
    return "   -" if x is None else f"{x:.2f}"


def report(title: str, outcome: Outcome, categories: Iterable[str], details: bool) -> Iterator[str]:
    """Lines of the table (and, with ``details``, the false alarms and misses)."""
    cats = list(categories)
    yield f"== {title}"
    yield f"{'category':24} {'TP':>4} {'FP':>4} {'FN':>4} {'skip':>4}  {'prec':>5} {'recall':>6}"
    total = Score()
    for cat in cats:
        s = outcome.scores.get(cat, Score())
        total.tp += s.tp
        total.fp += s.fp
        total.fn += s.fn
        total.ignored += s.ignored
        yield f"{cat:24} {s.tp:4} {s.fp:4} {s.fn:4} {s.ignored:4}  {_fmt(s.precision):>5} {_fmt(s.recall):>6}"
    yield (
        f"{'OVERALL':24} {total.tp:4} {total.fp:4} {total.fn:4} {total.ignored:4}  "
        f"{_fmt(total.precision):>5} {_fmt(total.recall):>6}"
    )
    if details:
        keep = set(cats)
        yield "-- false alarms (form | line | indicator | category | value | rule)"
        for f in sorted(outcome.false_alarms, key=lambda i: (i.form_id, i.line or 0)):
            if f.category in keep:
                where = f.level3 or f"[{f.dimension or 'form'}]"
                yield f"  FP {f.form_id} | {f.line} | {where} | {f.category} | {f.value} | {f.note}"
        yield "-- misses (form | line | indicator | category | note)"
        for lab in sorted(outcome.misses, key=lambda i: (i.form_id, i.line or 0)):
            if lab.category in keep:
                where = lab.level3 or f"[{lab.dimension or 'form'}]"
                yield f"  FN {lab.form_id} | {lab.line} | {where} | {lab.category} | {lab.note}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=("regions", "sample", "all"), default="all")
    parser.add_argument("--details", action="store_true", help="list every false alarm and miss")
    parser.add_argument(
        "--all-categories", action="store_true", help="also score categories outside value+structure"
    )
    parser.add_argument(
        "--forms", default="",
        help="score only these regions form ids or id prefixes (comma-separated), e.g. a held-out subset "
        "(f33,f34) or batch (s)",
    )
    args = parser.parse_args(argv)
    only = {f.strip() for f in args.forms.split(",") if f.strip()}
    cats_of = (lambda o: sorted(o.scores)) if args.all_categories else (lambda o: VALUE_STRUCTURE)

    if args.set in ("regions", "all"):
        findings: list[Item] = []
        forms: set[str] = set()
        for path in REGIONS_INPUTS:
            if path.exists():
                findings += findings_from_json(run_check(path))
                with path.open(encoding="utf-8", newline="") as fh:
                    forms |= {row["form_id"] for row in csv.DictReader(fh)}
        if only:
            forms = {f for f in forms if any(f == o or f.startswith(o) for o in only)}
        outcome = evaluate(findings, read_labels(REGIONS_LABELS), forms)
        title = f"regions set: {len(forms)} forms"
        for line in report(title, outcome, cats_of(outcome), args.details):
            print(line)
    if args.set in ("sample", "all") and SAMPLE_LABELS.exists():
        forms = labelled_forms(SAMPLE_LABELS)
        findings = findings_from_json(run_check(SAMPLE_INPUT))
        outcome = evaluate(findings, read_labels(SAMPLE_LABELS), forms)
        title = f"sample ({SAMPLE_INPUT.name}): {len(forms)} labelled forms"
        for line in report(title, outcome, cats_of(outcome), args.details):
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
