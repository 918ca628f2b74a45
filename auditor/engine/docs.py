"""Markdown reference of every rule, generated from the rule YAML (``auditor rules --format markdown``)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from auditor.engine.spec import RuleSpec
from auditor.vocab import severity_word


def _rows(case: dict) -> list[str]:
    lines: list[str] = []
    for key in ("form", "forms", "budget", "budget_total"):
        if key in case:
            lines.append(f"{key}: {json.dumps(case[key], ensure_ascii=False)}")
    for row in case.get("rows", []):
        cells = row if isinstance(row, list) else [row.get(k, "") for k in ("level1", "level2", "level3", "period", "annual")]
        lines.append(" | ".join(str(c) for c in cells))
    return lines


def rule_markdown(spec: RuleSpec) -> str:
    out = [
        f"### {spec.code} `{spec.name}`",
        "",
        f"{spec.summary}",
        "",
        f"- category: `{spec.category}` · severity: {severity_word(spec.severity)} {spec.severity} · status: {spec.status}"
        f" · scope: {spec.scope} · check: `{spec.check}`" + (f" (module `{spec.module}`)" if spec.module else ""),
        f"- message: `{spec.message}`",
    ]
    if spec.suggestion:
        out.append(f"- suggestion: `{spec.suggestion}`")
    if spec.supersedes:
        out.append(f"- supersedes: {', '.join(spec.supersedes)} (their finding on the same row or text is dropped when this rule reports it)")
    out += ["", f"**Why.** {spec.doc.why.strip()}", "", "**Bad** (reported):", "", "```"]
    for case in spec.doc.bad:
        out.extend(_rows(case))
        out.append("")
    out[-1] = "```"
    out += ["", "**Good** (not reported):", "", "```"]
    for case in spec.doc.good:
        out.extend(_rows(case))
        out.append("")
    out[-1] = "```"
    if spec.params:
        out += ["", "Parameters (profile `params:` or `[params." + spec.code + "]` in auditor.toml):", ""]
        for key, value in spec.params.items():
            if isinstance(value, list) and len(value) > 12:
                shown = f"{len(value)} entries (lexicon)"
            else:
                shown = json.dumps(value, ensure_ascii=False)
                if len(shown) > 160:
                    shown = shown[:157] + "…"
            out.append(f"- `{key}`: {shown}")
    out.append("")
    return "\n".join(out)


def rules_markdown(specs: Iterable[RuleSpec], intro: str = "") -> str:
    specs = sorted(specs, key=lambda s: s.code)
    out = [intro.rstrip(), "", "## Rule index", "", "| code | name | category | severity | summary |", "|---|---|---|---|---|"]
    for s in specs:
        out.append(f"| [{s.code}](#{s.code.lower()}-{s.name}) | `{s.name}` | `{s.category}` | {s.severity} | {s.summary} |")
    out += ["", "## Rules", ""]
    out.extend(rule_markdown(s) for s in specs)
    return "\n".join(out).lstrip() + "\n"


MARKER = "<!-- Everything below is generated from rules/*.yaml: python -m auditor.engine.docs docs/rules.md -->"


def main(argv: list[str] | None = None) -> int:
    """Rewrite the generated part of a markdown file (after MARKER) from the rule YAML."""
    import sys
    from pathlib import Path

    from auditor.engine.loader import load_specs

    args = sys.argv[1:] if argv is None else argv
    path = Path(args[0] if args else "docs/rules.md")
    head = path.read_text(encoding="utf-8").split(MARKER)[0] if path.is_file() else ""
    path.write_text(head.rstrip() + "\n\n" + MARKER + "\n\n" + rules_markdown(load_specs().values()), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
