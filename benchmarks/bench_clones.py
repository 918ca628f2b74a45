"""Benchmark: the clone detector (prefix-filter blocking + rapidfuzz) against all-pairs rapidfuzz.

The bundled sample's project forms are repeated and mutated up to ``--forms`` forms: each copy keeps
a text field verbatim, or gets a few character edits (substitutions, insertions, deletions, changed
digits), or takes the field of another random form. Both methods look for every pair of forms whose
cleaned field texts have a rapidfuzz ratio >= ``--threshold`` (texts shorter than ``--min-chars``
are skipped), field by field. Reported: wall time of each, the speed-up, and the share of the
baseline's pairs that the detector finds (recall) and the share of its pairs the baseline confirms.

Timing: the detector's time covers the join (exact-text grouping, prefix-filter candidates, rapidfuzz
verification) and the clustering the rules consume; it returns the pairs in compressed form (groups
of identical texts + links between groups), which is what the rules use. The baseline's time covers
``cdist`` over all pairs plus collecting its pairs. Both single-threaded.

    python benchmarks/bench_clones.py                 # 10,000 forms, all six fields
    python benchmarks/bench_clones.py --forms 2000 --fields overview goal
"""

from __future__ import annotations

import argparse
import random
import sys
import time

FIELDS = ("overview", "basis", "necessity", "measures", "plan", "goal")
EDIT_CHARS = "的和及工作项目保障服务管理大楼设备完成年度"


def _field(form, name: str) -> str:
    if name == "goal":
        return form.goals.period or form.goals.annual
    return getattr(form.texts, name)


def mutate(text: str, rng: random.Random, edits: int) -> str:
    chars = list(text)
    for _ in range(edits):
        if not chars:
            break
        op = rng.random()
        pos = rng.randrange(len(chars))
        if chars[pos].isdigit():
            chars[pos] = str(rng.randrange(10))
        elif op < 0.4:
            chars[pos] = rng.choice(EDIT_CHARS)
        elif op < 0.7:
            chars.insert(pos, rng.choice(EDIT_CHARS))
        else:
            del chars[pos]
    return "".join(chars)


def build_corpus(n_forms: int, seed: int, keep: float, swap: float) -> dict[str, list[str]]:
    """Field name -> the field's text for each of ``n_forms`` synthetic forms."""
    import auditor
    from auditor.resources import sample_document

    forms = auditor.load(sample_document()).project_forms
    rng = random.Random(seed)
    out: dict[str, list[str]] = {name: [] for name in FIELDS}
    for k in range(n_forms):
        base = forms[k % len(forms)]
        for name in FIELDS:
            text = _field(base, name)
            r = rng.random()
            if k >= len(forms):  # the originals stay as they are
                if r < swap:
                    text = _field(rng.choice(forms), name)
                elif r >= swap + keep:
                    text = mutate(text, rng, max(1, round(len(text) * rng.uniform(0.0, 0.06))))
            out[name].append(text)
    return out


def main(argv: list[str] | None = None) -> int:
    from auditor.nlp.clones import JoinStats, all_pairs_baseline, clean, similarity_groups

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--forms", type=int, default=10_000)
    parser.add_argument("--fields", nargs="*", default=list(FIELDS), choices=FIELDS)
    parser.add_argument("--threshold", type=float, default=0.9)
    parser.add_argument("--min-chars", type=int, default=4)
    parser.add_argument("--candidate-jaccard", type=float, default=0.5)
    parser.add_argument("--keep", type=float, default=0.5, help="share of copies that keep a field verbatim")
    parser.add_argument("--swap", type=float, default=0.1, help="share of copies that take another form's field")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--no-baseline", action="store_true")
    args = parser.parse_args(argv)

    import numpy  # noqa: F401 - both methods use these; import before timing either
    import rapidfuzz.process  # noqa: F401

    started = time.perf_counter()
    corpus = build_corpus(args.forms, args.seed, args.keep, args.swap)
    texts = {name: [clean(t) for t in corpus[name]] for name in args.fields}
    print(f"{args.forms} forms built in {time.perf_counter() - started:.1f} s; fields: {', '.join(args.fields)}")
    total_ours = total_base = 0.0
    found = base_pairs = our_pairs = confirmed = 0
    print(f"{'field':<10}{'ours s':>8}{'base s':>9}{'speedup':>9}{'ours pairs':>12}{'base pairs':>12}"
          f"{'recall':>8}{'precision':>10}{'candidates':>12}")
    for name in args.fields:
        stats = JoinStats()
        t0 = time.perf_counter()
        joined = similarity_groups(
            texts[name], args.threshold, min_length=args.min_chars,
            candidate_jaccard=args.candidate_jaccard, stats=stats,
        )
        joined.clusters()  # what the rules consume
        t_ours = time.perf_counter() - t0
        total_ours += t_ours
        n_ours = sum(1 for _ in joined.pairs())
        if args.no_baseline:
            print(f"{name:<10}{t_ours:>8.2f}{'-':>9}{'-':>9}{n_ours:>12}{'-':>12}{'-':>8}{'-':>10}"
                  f"{stats.candidates:>12}")
            continue
        t0 = time.perf_counter()
        base = list(all_pairs_baseline(texts[name], args.threshold, min_length=args.min_chars))
        t_base = time.perf_counter() - t0
        total_base += t_base
        is_pair = joined.lookup()
        hit = sum(1 for i, j in base if is_pair(i, j))
        found += hit
        base_pairs += len(base)
        our_pairs += n_ours
        confirmed += hit
        recall = hit / len(base) if base else 1.0
        precision = hit / n_ours if n_ours else 1.0
        print(f"{name:<10}{t_ours:>8.2f}{t_base:>9.2f}{t_base / t_ours:>8.1f}x{n_ours:>12}{len(base):>12}"
              f"{recall:>8.4f}{precision:>10.4f}{stats.candidates:>12}")
    if args.no_baseline:
        print(f"total: ours {total_ours:.2f} s")
        return 0
    recall = found / base_pairs if base_pairs else 1.0
    precision = confirmed / our_pairs if our_pairs else 1.0
    print(f"total: ours {total_ours:.2f} s, all-pairs baseline {total_base:.2f} s, "
          f"speed-up {total_base / total_ours:.1f}x, recall {recall:.4f} ({found}/{base_pairs} pairs), "
          f"precision {precision:.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
