"""Parse speed on the bundled sample and on the sample repeated 100 times (forms/s).

usage: python benchmarks/bench_parse.py [--repeat 100]

Reports forms per second for both inputs, and the ratio of the repeated run's per-form cost to
the single run's (about 1.0 means parsing grows linearly with the input).
"""

from __future__ import annotations

import argparse
import time

from auditor.parse import parse_lines
from auditor.parse.layout import layout
from auditor.resources import sample_document


def _best_of(runs: int, lines: list[str]) -> tuple[float, int]:
    best, forms = float("inf"), 0
    for _ in range(runs):
        start = time.perf_counter()
        doc = parse_lines(lines, "bench", "bench")
        best = min(best, time.perf_counter() - start)
        forms = len(doc.forms)
    return best, forms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=100)
    args = parser.parse_args()
    layout()  # load the vocabulary once, outside the timed runs
    lines = sample_document().read_text(encoding="utf-8").splitlines()
    single, n_single = _best_of(5, lines)
    big = lines * args.repeat
    repeated, n_big = _best_of(1, big)
    rate_single = n_single / single
    rate_big = n_big / repeated
    print(f"seed:        {n_single:6d} forms in {single:.3f} s  -> {rate_single:,.0f} forms/s")
    print(f"seed x{args.repeat}:  {n_big:6d} forms in {repeated:.3f} s  -> {rate_big:,.0f} forms/s")
    print(f"per-form cost ratio (x{args.repeat} / x1): {rate_single / rate_big:.2f}")


if __name__ == "__main__":
    main()
