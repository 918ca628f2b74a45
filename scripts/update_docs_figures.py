#!/usr/bin/env python3
"""Regenerate the figures quoted in the docs from a real audit of the bundled sample and the
weights in force, instead of typing them.

Usage: python scripts/update_docs_figures.py [--check]

Each generated block of docs/reports.md sits between ``<!-- figures:NAME -->`` and
``<!-- /figures:NAME -->``; the rest of the file is left as written. ``--check`` writes nothing
and exits 1 when a block is stale (tests/report/test_docs_figures.py runs the same comparison).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = (ROOT / "docs" / "reports.md",)
BLOCK = re.compile(r"(<!-- figures:(?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /figures:(?P=name) -->)", re.S)

# What each good-practice signal measures, for the English docs (the weights come from the YAML).
SIGNAL_DOCS = {
    "quantified": "filled value cells that state a measurable target (≥90%, ≤2小时, 12月底前)",
    "fitting": "decidable value cells whose unit fits the indicator's kind (满意度 → %, 成本 → 元)",
    "named_measure": "indicators whose name says what is measured (…率, …数量, …时间, …满意度), not 刮墙 / 根据工作需要",
    "distinct_values": "distinct values among the indicators (“≥96%” on every row sets no target)",
    "text_detail": "how much the text fields say (each counts in full from {chars} characters)",
}


def _terminal(audit) -> str:
    """What ``auditor audit`` prints for the sample (the time varies and is shown as …)."""
    import io

    from rich.console import Console

    from auditor.report.terminal import print_summary

    console = Console(file=io.StringIO(), record=True, width=100, force_terminal=False, color_system=None,
                      highlight=False)
    print_summary(audit, console)
    lines = ["$ auditor audit", "未指定输入，审核自带样本：corpora/xiaoyi-2025.txt"]
    lines += [line.rstrip() for line in console.export_text().splitlines()]
    lines += ["用时 … 秒。报告已写入 reports/xiaoyi-2025/（用浏览器打开 report.html）：",
              *(f"reports/xiaoyi-2025/{name}" for name in ("report.html", "整改清单.xlsx", "findings.json",
                                                           "indicators.csv"))]
    return "```\n" + "\n".join(lines) + "\n```\n"


def _scoring(audit) -> str:
    """The dimensions table (labels, maxima, categories) of rules/weights.yaml."""
    w = audit.weights
    out = ["| dimension | max | findings that count here |", "|---|---|---|"]
    out += [f"| {d.label} {key} | {d.max:g} | {', '.join(d.categories)} |" for key, d in w.dimensions.items()]
    return "\n".join(out) + "\n"


def _signals(audit) -> str:
    w = audit.weights
    out = ["| signal | dimension | weight | share of… |", "|---|---|---|---|"]
    for key, g in w.signals.items():
        what = SIGNAL_DOCS.get(key, g.label).format(chars=w.text_target_chars)
        out.append(f"| {key} | {g.dimension} | {g.weight:.2f} | {what} |")
    return "\n".join(out) + "\n"


def _grades(audit) -> str:
    grades = ", ".join(f"{g} ≥ {low:g}" for low, g in audit.weights.grades if low > 0)
    lowest = next(g for low, g in audit.weights.grades if low <= 0)
    return f"Grades: {grades}, {lowest} below.\n"


def _sample(audit) -> str:
    """Totals of the sample audit, split the way report.html explains them."""
    ranked = audit.ranked()
    scores = sorted(p.score for p in ranked)
    own = [f for p in audit.projects if p.form.kind == "project" for f in p.findings]
    unit = [f for p in audit.projects if p.form.kind != "project" for f in p.findings]
    sev = audit.severity_counts()

    def counts(found) -> str:
        return "、".join(f"{k} {sum(f.severity == k for f in found)}" for k in ("error", "warning", "info"))

    cats = audit.category_counts().most_common(3)
    return (
        f"On the bundled sample: {len(ranked)} project forms and {len(audit.projects) - len(ranked)} unit form, "
        f"mean score {sum(scores) / len(scores):.1f}, median {scores[len(scores) // 2]:g}, "
        f"{sum(sev.values())} findings ({counts(audit.all_findings())}) = "
        f"{len(own)} on project forms ({counts(own)}) + {len(unit)} on the unit form + "
        f"{len(audit.cross_checks)} cross checks. Most common: "
        + ", ".join(f"{c} {n}" for c, n in cats) + ".\n"
    )


def render(audit) -> dict[str, str]:
    """{block name: generated text} for one audit of the sample."""
    return {"audit-terminal": _terminal(audit), "scoring": _scoring(audit), "signals": _signals(audit),
            "grades": _grades(audit), "sample": _sample(audit)}


def apply(text: str, blocks: dict[str, str]) -> str:
    """``text`` with every known block's body replaced."""
    return BLOCK.sub(lambda m: m.group(1) + blocks.get(m.group("name"), m.group("body")) + m.group(4), text)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(ROOT))
    from auditor.pipeline import audit as run_audit
    from auditor.resources import sample_document

    blocks = render(run_audit([sample_document()]))
    stale = []
    for doc in DOCS:
        text = doc.read_text(encoding="utf-8")
        new = apply(text, blocks)
        if new != text:
            stale.append(doc)
            if "--check" not in argv:
                doc.write_text(new, encoding="utf-8")
    for doc in stale:
        print(f"{doc.relative_to(ROOT)}: {'stale' if '--check' in argv else 'updated'}")
    return 1 if stale and "--check" in argv else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
