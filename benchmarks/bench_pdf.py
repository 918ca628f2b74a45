#!/usr/bin/env python3
"""Throughput of the PDF reader on the LibreOffice replicas (tests/ingest/data/replicas.pdf).

Reports pages/s of table extraction alone (pdfplumber + stitching) and of the full read
(extraction + the text parser), best of N runs. Usage: python benchmarks/bench_pdf.py [PDF] [-n 3]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[1] / "tests" / "ingest" / "data" / "replicas.pdf"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("-n", "--runs", type=int, default=3)
    args = ap.parse_args()

    from auditor.ingest import read_document
    from auditor.ingest.limits import load_limits
    from auditor.ingest.pdf import extract_rows

    limits = load_limits()
    extract_best = full_best = float("inf")
    pages = forms = 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        rows = extract_rows(args.pdf, limits)
        extract_best = min(extract_best, time.perf_counter() - t0)
        pages = rows.page_count
        t0 = time.perf_counter()
        doc = read_document(args.pdf)
        full_best = min(full_best, time.perf_counter() - t0)
        forms = len(doc.forms)
    print(f"{args.pdf.name}: {pages} pages, {forms} forms, "
          f"{len(doc.budget_lines)} budget lines")
    print(f"extract: {extract_best:.2f} s = {pages / extract_best:.1f} pages/s")
    print(f"read (extract + parse): {full_best:.2f} s = {pages / full_best:.1f} pages/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
