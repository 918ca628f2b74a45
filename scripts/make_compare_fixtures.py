#!/usr/bin/env python3
"""Write the revised copy and the next budget year of the bundled sample, to try ``auditor compare``.

Usage: python scripts/make_compare_fixtures.py [OUT]   (default: reports/compare-fixtures)

Writes OUT/revised/xiaoyi-2025.txt (some defects fixed, some new, two forms renamed) and
OUT/next-year/xiaoyi-2026.txt (funds changed, a target copied unchanged, one lowered, a project
dropped, one new). The edits are listed in tests/compare/edit_sample.py, which the tests use too:

    auditor audit -o OUT/base
    auditor compare OUT/base OUT/revised/xiaoyi-2025.txt
    auditor compare OUT/base OUT/next-year/xiaoyi-2026.txt
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "compare"))

from edit_sample import next_year, revise  # noqa: E402

import auditor  # noqa: E402
from auditor.resources import sample_document  # noqa: E402


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else ROOT / "reports" / "compare-fixtures"
    source = sample_document()
    text = source.read_text(encoding="utf-8")
    doc = auditor.load(source)
    for folder, name, make in (("revised", "xiaoyi-2025.txt", revise), ("next-year", "xiaoyi-2026.txt", next_year)):
        path = out / folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(make(doc, text), encoding="utf-8")
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
