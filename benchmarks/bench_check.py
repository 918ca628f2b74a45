"""Benchmark of ``auditor check`` on the bundled sample.

Usage: ``python benchmarks/bench_check.py [--repeat N] [FILE]``

Reports (median of N runs, in-process after start-up): parse time, engine time with the default
profile (all stable rules, NLP included), engine time of the heuristic rules only (VAL, IND, FRM,
FND), the slowest rules, and the wall time of one ``python -m auditor check FILE`` process.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def _median(fn, repeat: int) -> tuple[float, object]:
    times, value = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), value


def main() -> int:
    import auditor
    from auditor.engine import Options, run
    from auditor.resources import sample_document

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(sample_document()))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    parse_s, doc = _median(lambda: auditor.load(args.file), args.repeat)
    run([doc], Options(no_config=True))  # warm caches (rule files, lexicons, jieba)
    all_s, result = _median(lambda: run([doc], Options(no_config=True)), args.repeat)
    heur_s, heur = _median(
        lambda: run([doc], Options(no_config=True, select=["VAL", "IND", "FRM", "FND"])), args.repeat
    )
    print(f"file: {args.file}  forms: {len(doc.forms)}  indicators: {sum(len(f.indicators) for f in doc.forms)}")
    print(f"parse:                          {parse_s * 1000:8.1f} ms")
    print(f"engine, default profile:        {all_s * 1000:8.1f} ms  ({len(result.rules)} rules, "
          f"{len(result.all_findings())} findings)")
    print(f"engine, heuristic rules only:   {heur_s * 1000:8.1f} ms  ({len(heur.rules)} rules, "
          f"{len(heur.all_findings())} findings)")
    slow = sorted(result.timings.items(), key=lambda kv: -kv[1])[:5]
    print("slowest rules (last run):       " + ", ".join(f"{c} {t * 1000:.0f} ms" for c, t in slow))
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "auditor", "check", args.file, "--no-config", "-o", str(Path("/dev/null"))],
        capture_output=True,
        check=False,
    )
    wall = time.perf_counter() - start
    print(f"process `auditor check` (wall): {wall * 1000:8.1f} ms  (exit {proc.returncode})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
