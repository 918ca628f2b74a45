"""Audit benchmark: ``auditor --help`` start-up, the whole ``auditor audit`` of the bundled sample
(all four outputs, as a user runs it), and the time of each stage in-process.

usage: python benchmarks/bench_audit.py [--runs 3] [--json]

Targets (issue 6): the whole audit under 3 s including start-up; ``auditor --help`` under 0.5 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def _cli() -> list[str]:
    exe = shutil.which("auditor")
    return [exe] if exe else [sys.executable, "-m", "auditor"]


def _wall(cmd: list[str], runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return times


def _stages() -> dict[str, float]:
    """Seconds per stage of one in-process audit (imports included in the first stage using them)."""
    out: dict[str, float] = {}

    def lap(name: str, start: float) -> float:
        now = time.perf_counter()
        out[name] = now - start
        return now

    t = time.perf_counter()
    from auditor.pipeline import read_inputs
    from auditor.resources import sample_document

    documents, inputs = read_inputs([sample_document()])
    t = lap("read+parse", t)
    from auditor.engine import Options, run

    result = run(documents, Options())
    t = lap("rules (engine+nlp)", t)
    from auditor.score import score_audit

    audit = score_audit(documents, result.by_form, result.cross_checks, inputs=inputs)
    t = lap("score+rank", t)
    from auditor.suggest import enrich

    enrich(documents, result.by_form, scores={p.form.form_id: p.score for p in audit.projects})
    t = lap("suggestions", t)
    from auditor.report.audit import write_reports

    with tempfile.TemporaryDirectory() as tmp:
        for fmt in ("html", "xlsx", "json", "csv"):
            write_reports(audit, Path(tmp), [fmt])
            t = lap(f"write {fmt}", t)
    out["forms"] = float(sum(len(d.forms) for d in documents))
    out["findings"] = float(len(audit.all_findings()))
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    cli = _cli()
    with tempfile.TemporaryDirectory() as tmp:
        help_times = _wall([*cli, "--help"], args.runs)
        audit_times = _wall([*cli, "audit", "-q", "-o", str(Path(tmp) / "r")], args.runs)
        written = sorted(p.name for p in (Path(tmp) / "r").iterdir())
    stages = _stages()
    figures = {
        "help_s_median": round(statistics.median(help_times), 3),
        "audit_s_median": round(statistics.median(audit_times), 3),
        "audit_s_all": [round(x, 3) for x in audit_times],
        "outputs": written,
        "stages_s": {k: round(v, 3) for k, v in stages.items() if k not in ("forms", "findings")},
        "forms": int(stages["forms"]),
        "findings": int(stages["findings"]),
    }
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=1))
        return
    print(f"auditor --help            {figures['help_s_median']:.3f} s  (median of {args.runs}; target < 0.5 s)")
    print(f"auditor audit (sample)    {figures['audit_s_median']:.3f} s  (median of {args.runs}; target < 3 s)"
          f"  -> {', '.join(written)}")
    print(f"  {figures['forms']} forms, {figures['findings']} findings; in-process stages:")
    for name, sec in figures["stages_s"].items():
        print(f"    {name:<22} {sec:.3f} s")


if __name__ == "__main__":
    main()
