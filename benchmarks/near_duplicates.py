"""Recall and precision of near-duplicate indicator names (rule IND003) on the hand-labelled groups
of ``tests/data/near_duplicates.csv`` (sample and regions forms).

Usage::

    python benchmarks/near_duplicates.py [--details]

A ``duplicate`` group counts as found when the detector puts all its rows into one group; a
``distinct`` group (similar-looking names that measure different things) counts as a false alarm
when it does.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--details", action="store_true", help="list the missed and wrongly grouped names")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    import auditor
    from auditor.engine.checks.indicators import duplicate_groups
    from auditor.engine.loader import load_specs
    from auditor.ingest import read_document

    params = load_specs()["IND003"].params
    docs = [auditor.load(ROOT / "corpora" / "xiaoyi-2025.txt")]
    docs += [read_document(DATA / "regions" / part / "forms.csv") for part in ("shared", "found")]
    forms = {f.form_id: f for doc in docs for f in doc.forms}
    with open(DATA / "near_duplicates.csv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    found: dict[str, list[str]] = {"duplicate": [], "distinct": []}
    missed: list[str] = []
    for row in rows:
        lines = [int(x) for x in row["lines"].split()]
        names = [n.strip() for n in row["names"].split("|")]
        groups = duplicate_groups(forms[row["form_id"]], params)
        hit = any(
            all(any(i.level3.strip() == n and ln in (i.line, i.annual_line) for i in g) for ln, n in zip(lines, names, strict=True))
            for g in groups
        )
        if hit:
            found[row["label"]].append(row["names"])
        elif row["label"] == "duplicate":
            missed.append(row["names"])
    dup = sum(r["label"] == "duplicate" for r in rows)
    distinct = len(rows) - dup
    tp, fp = len(found["duplicate"]), len(found["distinct"])
    print(f"near-duplicate groups: {dup} labelled duplicate, {distinct} labelled distinct")
    print(f"recall    {tp}/{dup} = {tp / dup:.2f}")
    print(f"precision {tp}/{tp + fp} = {tp / max(tp + fp, 1):.2f}  (distinct groups grouped: {fp})")
    if args.details:
        for names in missed:
            print(f"  missed: {names}")
        for names in found["distinct"]:
            print(f"  false alarm: {names}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
