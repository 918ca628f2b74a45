"""Scale benchmark (issue 14): ``auditor audit`` of generated corpora of 1k, 10k, 100k forms.

For each size: wall time, CPU time (user+sys, all processes), peak RSS (the largest process, and
all processes together as RSS and as PSS: forked workers share pages until they write to them),
output sizes, seconds per stage; then the growth exponent between consecutive sizes
(``log(t2/t1) / log(n2/n1)``; 1.0 = linear). ``--sample`` also times the bundled sample's audit
against a process that imports jieba and tokenises the sample text once (the ratio of the issue).

usage: nice -n 10 python benchmarks/bench_scale.py [--sizes 1000,10000,100000] [--jobs 0]
       [--formats all] [--big-group 5000] [--sample] [--json]

Corpora come from ``scripts/make_corpus.py`` (cached in /tmp/auditor-corpus-N).
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _cli() -> list[str]:
    exe = shutil.which("auditor")
    return [exe] if exe else [sys.executable, "-m", "auditor"]


def _tree_memory_mb(root: int) -> tuple[float, float]:
    """Resident memory (MB) of a process and all its descendants now, as the sum of their RSS and
    as the sum of their PSS (a page shared by n processes counts 1/n: forked children share the
    parent's pages until they write to them); Linux /proc, (0, 0) elsewhere."""
    parent: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
            parent[int(entry.name)] = int(fields[1])
            rss[int(entry.name)] = int(fields[21]) * resource.getpagesize()
        except (OSError, ValueError, IndexError):
            continue
    tree, todo = set(), [root]
    while todo:
        pid = todo.pop()
        tree.add(pid)
        todo.extend(p for p, pp in parent.items() if pp == pid and p not in tree)
    return sum(rss.get(p, 0) for p in tree) / 2**20, sum(_pss_kb(p) for p in tree) / 1024


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def _measure(cmd: list[str], env: dict[str, str] | None = None) -> dict[str, float]:
    """Wall, CPU (user+sys of the children), peak RSS (MB) of the largest process and peak RSS and
    PSS of the whole process tree (all processes together, sampled each second) of one command."""
    import threading

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    peak_total = [0.0, 0.0]  # RSS, PSS
    done = threading.Event()

    def sample() -> None:
        while not done.wait(1.0):
            rss, pss = _tree_memory_mb(proc.pid)
            peak_total[0], peak_total[1] = max(peak_total[0], rss), max(peak_total[1], pss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = proc.communicate()
    done.set()
    sampler.join()
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode not in (0, 1, 2):
        print(stderr.decode("utf-8", "replace")[-2000:], file=sys.stderr)
    return {"wall_s": wall, "cpu_s": cpu, "peak_rss_mb": after.ru_maxrss / 1024,
            "peak_total_rss_mb": peak_total[0], "peak_total_pss_mb": peak_total[1], "exit": proc.returncode}


def _manifest(folder: Path) -> Path:
    """The corpus manifest, written beside the folder by make_corpus.py (inside, the audit would
    read it as an input and exit 2)."""
    return folder.with_name(folder.name + ".manifest.json")


def corpus(n: int, big_group: int) -> Path:
    path = Path(f"/tmp/auditor-corpus-{n}" + (f"-g{big_group}" if big_group != 5000 else ""))
    if not _manifest(path).is_file():
        subprocess.run([sys.executable, str(ROOT / "scripts" / "make_corpus.py"), str(n), "--out", str(path),
                        "--big-group", str(big_group)], check=True)
    return path


def run_size(n: int, jobs: int, formats: str, big_group: int) -> dict:
    src = corpus(n, big_group)
    manifest = json.loads(_manifest(src).read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report"
        stages = Path(tmp) / "stages.json"
        env = {**os.environ, "AUDITOR_STAGE_TIMES": str(stages)}
        cmd = [*_cli(), "audit", str(src), "-o", str(out), "-q", "--jobs", str(jobs), "--format", formats]
        row = _measure(cmd, env)
        row["forms"] = manifest["forms"]
        row["documents"] = len(manifest["documents"])
        row["big_group"] = manifest["big_group"]
        row["outputs_mb"] = {p.name: round(p.stat().st_size / 2**20, 2) for p in sorted(out.rglob("*")) if p.is_file()}
        row["stages_s"] = json.loads(stages.read_text()) if stages.is_file() else {}
    return row


def sample_ratio(runs: int = 3) -> dict[str, float]:
    """The sample's audit vs importing jieba and tokenising the sample text once (median of runs)."""
    from auditor.resources import sample_document

    sample = sample_document()
    base_cmd = [sys.executable, "-c",
                f"import jieba; jieba.lcut(open({str(sample)!r}, encoding='utf-8').read())"]
    audits, bases = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):  # interleaved, so that machine load hits both alike
            bases.append(_measure(base_cmd)["wall_s"])
            audits.append(_measure([*_cli(), "audit", str(sample), "-o", str(Path(tmp) / "r"), "-q"])["wall_s"])
    a, b = sorted(audits)[runs // 2], sorted(bases)[runs // 2]
    return {"sample_audit_s": a, "jieba_baseline_s": b, "ratio": a / b}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--jobs", type=int, default=0, help="passed to auditor audit --jobs (0 = all cores)")
    parser.add_argument("--formats", default="all")
    parser.add_argument("--big-group", type=int, default=5000, help="members of the big clone group (capped at N/10)")
    parser.add_argument("--sample", action="store_true", help="also the sample-vs-jieba ratio")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        row = run_size(n, args.jobs, args.formats, args.big_group)
        rows.append(row)
        if not args.json:
            print(f"{row['forms']:>7} forms {row['documents']:>4} docs (big group {row['big_group']}): "
                  f"wall {row['wall_s']:8.1f} s  cpu {row['cpu_s']:8.1f} s  peak RSS {row['peak_rss_mb']:7.0f} MB "
                  f"(all processes: RSS {row['peak_total_rss_mb']:7.0f} MB, PSS {row['peak_total_pss_mb']:7.0f} MB)  "
                  f"exit {row['exit']}", flush=True)
            for k, v in row["stages_s"].items():
                print(f"{'':10}{k:<48} {v:8.1f} {'MB' if k.endswith('(MB)') else 's'}")
            print(f"{'':10}outputs (MB): {row['outputs_mb']}", flush=True)
    growth = []
    for a, b in itertools.pairwise(rows):
        scale = math.log(b["forms"] / a["forms"])
        growth.append({"from": a["forms"], "to": b["forms"],
                       "wall": math.log(b["wall_s"] / a["wall_s"]) / scale,
                       "cpu": math.log(b["cpu_s"] / a["cpu_s"]) / scale,
                       "rss": math.log(b["peak_rss_mb"] / a["peak_rss_mb"]) / scale})
    result = {"sizes": rows, "growth_exponent": growth}
    if args.sample:
        result["sample"] = sample_ratio()
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=1))
        return
    for g in growth:
        print(f"growth exponent {g['from']}→{g['to']}: wall {g['wall']:.2f}  cpu {g['cpu']:.2f}  rss {g['rss']:.2f}")
    if args.sample:
        s = result["sample"]
        print(f"sample audit {s['sample_audit_s']:.2f} s / jieba import+tokenise {s['jieba_baseline_s']:.2f} s "
              f"= {s['ratio']:.2f}×")


if __name__ == "__main__":
    main()
