"""Helper: list the distinct value cells of the seed's indicator tables (not a test).

Rows between a ``绩效指标`` header row and the ``负责人`` footer are split on TAB; known heading
cells are dropped, and the remaining cells are read as (name, value) pairs.  Prints
``count<TAB>value`` sorted by frequency.  Usage::

    python tests/values/extract_seed_values.py corpora/xiaoyi-2025.txt
"""

from __future__ import annotations

import collections
import re
import sys

HEADINGS = {
    "产出指标", "效益指标", "满意度指标", "成本指标", "数量指标", "质量指标", "时效指标",
    "经济效益", "社会效益", "生态效益", "可持续影响", "服务对象满意度", "经济效益指标",
    "社会效益指标", "生态效益指标", "可持续影响指标", "服务对象满意度指标", "经济成本指标",
    "社会成本指标", "生态环境成本指标", "绩效指标", "一级指标", "二级指标", "三级指标", "指标值",
}


def norm(cell: str) -> str:
    return re.sub(r"\s+", " ", cell).strip()


def rows(path: str):
    inside = False
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            cells = [norm(c) for c in line.rstrip("\n").split("\t")]
            first = next((c for c in cells if c), "")
            if first.replace(" ", "") == "绩效指标" and "一级指标" in "".join(cells):
                inside = True
                continue
            if first.startswith("负责人"):
                inside = False
                continue
            if inside:
                yield lineno, [c for c in cells if c and c.replace(" ", "") not in HEADINGS]


def main(path: str) -> None:
    counter: collections.Counter[str] = collections.Counter()
    for _lineno, cells in rows(path):
        for value in cells[1::2]:
            counter[value] += 1
    for value, n in counter.most_common():
        print(f"{n}\t{value}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "corpora/xiaoyi-2025.txt")
