"""Value grammar and model loading speed on the bundled sample.

usage: python benchmarks/bench_values.py

Times ``parse_value`` over every value cell of the sample with an empty cache (cold) and again
with the cache filled (warm), and the load of the shipped indicator-classifier model. Figures are
reported, not asserted: speed is measured here, not in tests.
"""

from __future__ import annotations

import time

import auditor
from auditor.nlp.classifier import load_model
from auditor.resources import sample_document
from auditor.values import parse_value
from auditor.values.grammar import parse_value as cached_parse


def main() -> None:
    doc = auditor.load(sample_document())
    values = [v for f in doc.forms for i in f.indicators for v in (i.period_value, i.annual_value)]
    parse_value("≥95%")  # load the lexicons outside the timed runs
    cached_parse.cache_clear()
    start = time.perf_counter()
    for v in values:
        parse_value(v)
    cold = time.perf_counter() - start
    start = time.perf_counter()
    for v in values:
        parse_value(v)
    warm = time.perf_counter() - start
    load_model.cache_clear()
    start = time.perf_counter()
    load_model()
    model = time.perf_counter() - start
    print(f"value cells: {len(values)} ({len(set(values))} distinct)")
    print(f"parse_value, empty cache:  {cold * 1000:7.1f} ms  ({len(values) / cold:,.0f} cells/s)")
    print(f"parse_value, cache filled: {warm * 1000:7.1f} ms  (cold/warm ratio {cold / warm:.1f})")
    print(f"indicator model load:      {model * 1000:7.1f} ms")


if __name__ == "__main__":
    main()
