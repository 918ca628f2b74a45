#!/usr/bin/env python3
"""Write a realistic large corpus of N project forms for scale tests (issue 14).

Each document is one department's 绩效目标表 file in the bundled sample's text layout: a random
subset of the sample's forms, with the department and city renamed, project names mutated (prefixes,
years, series numbers), numbers in indicator values and funds scaled, and text fields either kept
(a clone shared with the same form of other departments: clone groups of varied sizes) or rewritten
(sentences reordered, words swapped for other words of the sample). One extra form is copied
``--big-group`` times across the documents with identical texts (a clone group of thousands).

usage: python scripts/make_corpus.py N [--out DIR] [--seed 1] [--big-group 5000] [--per-doc 138]

The result is deterministic for a seed. Writes DIR/dept-00001.txt … and DIR.manifest.json beside
the folder (not inside it: an audit of DIR reads every file there, and a JSON file is no form).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

TEXT_LABELS = ("项目概况", "立项依据", "项目设立必要性", "保证项目实施的制度、措施", "项目实施计划", "总体目标")
CITIES = ["太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中", "运城", "忻州", "临汾", "吕梁", "介休", "汾阳", "平遥", "灵石", "孝义", "交城", "文水", "祁县", "榆社"]
UNITS = ["机关事务服务中心", "教育局", "卫生健康局", "农业农村局", "水利局", "交通运输局", "住房和城乡建设局", "民政局", "财政局", "文化和旅游局", "自然资源局", "生态环境局", "应急管理局", "市场监督管理局", "人力资源和社会保障局", "公安局", "司法局", "统计局", "审计局", "医疗保障局"]
PREFIXES = ("", "", "", "2025年", "全市", "城区", "乡村", "第二批", "续建", "配套")
_NUM = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_SENT = re.compile(r"(?<=[。；;，,])")


def _sample_blocks() -> tuple[list[str], list[list[str]], list[str]]:
    """The sample's lines before the first form, each form's lines, and the lines after the last."""
    from auditor.ingest import read_document
    from auditor.resources import sample_document

    path = sample_document()
    lines = path.read_text(encoding="utf-8").splitlines()
    doc = read_document(path)
    spans = [(f.source.line_start, f.source.line_end) for f in doc.forms if f.kind == "project"]
    starts = []
    for start, _ in spans:  # include the title lines above 项目名称
        s = start - 1
        while s > 0 and "绩效目标表" not in lines[s - 1] and s > start - 6:
            s -= 1
        starts.append(max(s - 1, 0))
    head = lines[: starts[0]]
    ends = [end + 1 if end < len(lines) and "负责人" in lines[end] else end for _, end in spans]
    blocks = [lines[s:end] for s, end in zip(starts, ends, strict=True)]
    tail = lines[ends[-1] :]
    return head, blocks, tail


def _words(blocks: list[list[str]]) -> list[str]:
    pool: set[str] = set()
    for block in blocks:
        for line in block:
            for cell in line.split("\t"):
                for part in re.findall(r"[\u4e00-\u9fff]{2,4}", cell):
                    pool.add(part)
    return sorted(pool)


def _rewrite(text: str, rng: random.Random, words: list[str]) -> str:
    """A different text on the same subject: sentences shuffled, some words swapped, a phrase added."""
    parts = [p for p in _SENT.split(text) if p]
    rng.shuffle(parts)
    out = "".join(parts)
    chunks = re.findall(r"[\u4e00-\u9fff]{2,4}|.", out)
    chunks = [rng.choice(words) if len(c) > 1 and rng.random() < 0.3 else c for c in chunks]
    return "".join(chunks) + rng.choice(words) + rng.choice(words)


def _scale_numbers(cell: str, rng: random.Random) -> str:
    factor = rng.choice((0.5, 0.8, 1.0, 1.0, 1.2, 2.0, 3.0))

    def repl(m: re.Match[str]) -> str:
        raw = m.group(0).replace(",", "")
        if "." in raw or (len(raw) == 4 and raw.startswith("20")):
            return m.group(0)  # years and decimals kept
        value = int(int(raw) * factor)
        return f"{value:,}" if "," in m.group(0) else str(value)

    return _NUM.sub(repl, cell)


def _mutate(block: list[str], rng: random.Random, words: list[str], name: str, clone_p: float,
            keep_texts: bool) -> list[str]:
    out = []
    in_indicators = False
    for line in block:
        cells = line.split("\t")
        label = next((c.strip() for c in cells if c.strip()), "")
        if label == "项目名称":
            idx = next(i for i, c in enumerate(cells) if c.strip() == "项目名称")
            for k in range(idx + 1, len(cells)):
                if cells[k].strip():
                    cells[k] = name
                    break
        elif label in TEXT_LABELS and not keep_texts:
            rewrite = rng.random() >= clone_p
            idx = cells.index(next(c for c in cells if c.strip() == label))
            seen: dict[str, str] = {}
            for k in range(idx + 1, len(cells)):
                text = cells[k].strip()
                if text and rewrite:  # the same new text in both halves of a goal row
                    seen.setdefault(text, _rewrite(text, rng, words))
                    cells[k] = seen[text]
        elif label == "绩效指标":
            in_indicators = True
        elif label.startswith("项目资金") or label in ("其中:中央财政资金", "省级财政资金", "市县(区)财政资金"):
            cells = [_scale_numbers(c, rng) for c in cells]
        if in_indicators and label != "绩效指标" and not keep_texts:
            cells = [_scale_numbers(c, rng) if _NUM.search(c) else c for c in cells]
        out.append("\t".join(cells))
    return out


def make_corpus(n: int, out: Path, seed: int = 1, big_group: int = 5000, per_doc: int = 138) -> dict:
    """Write about ``n`` project forms into ``out``; return the manifest."""
    rng = random.Random(seed)
    head, blocks, tail = _sample_blocks()
    words = _words(blocks)
    clone_p = [rng.choice((0.0, 0.0, 0.002, 0.01, 0.05, 0.2)) for _ in blocks]  # per sample form
    big = min(big_group, max(n // 10, 2)) if big_group else 0
    big_block = 7 % len(blocks)
    n_docs = max(1, round(n / per_doc))
    out.mkdir(parents=True, exist_ok=True)
    total = 0
    names: set[str] = set()
    manifest: dict = {"forms": 0, "documents": [], "big_group": big, "seed": seed}
    for d in range(n_docs):
        city = CITIES[d % len(CITIES)]
        unit = f"{city}市{UNITS[(d // len(CITIES)) % len(UNITS)]}"
        if d >= len(CITIES) * len(UNITS):
            unit += f"第{d // (len(CITIES) * len(UNITS)) + 1}分局"
        want = (n - total) // (n_docs - d)
        n_big = big // n_docs + (1 if d < big % n_docs else 0)
        n_own = max(want - n_big, 0)
        chosen = [blocks[i] for i in sorted(rng.sample(range(len(blocks)), min(n_own, len(blocks))))]
        while len(chosen) < n_own:
            chosen.append(rng.choice(blocks))
        lines = [line.replace("孝义市机关事务服务中心", unit).replace("孝义", city) for line in head]
        for block in chosen:
            i = blocks.index(block)
            base = _project_name(block)
            name = f"{rng.choice(PREFIXES)}{base}"
            while name in names:
                name = f"{base}（{rng.randint(2, 99999)}期）"
            names.add(name)
            body = _mutate(block, rng, words, name, clone_p[i], keep_texts=False)
            lines.extend(line.replace("孝义市机关事务服务中心", unit).replace("孝义", city) for line in body)
        for k in range(n_big):
            name = f"{_project_name(blocks[big_block])}（{unit}{k + 1}）"
            body = _mutate(blocks[big_block], rng, words, name, 1.0, keep_texts=True)
            lines.extend(line.replace("孝义市机关事务服务中心", unit) for line in body)
        lines.extend(line.replace("孝义市机关事务服务中心", unit).replace("孝义", city) for line in tail)
        path = out / f"dept-{d + 1:05d}.txt"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        total += n_own + n_big
        manifest["documents"].append({"file": path.name, "unit": unit, "forms": n_own + n_big})
    manifest["forms"] = total
    manifest_path(out).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def manifest_path(out: Path) -> Path:
    """Where the manifest of corpus folder ``out`` goes: beside it, ``<out>.manifest.json``."""
    return out.with_name(out.name + ".manifest.json")


def _project_name(block: list[str]) -> str:
    for line in block:
        cells = [c.strip() for c in line.split("\t") if c.strip()]
        if cells and cells[0] == "项目名称" and len(cells) > 1:
            return cells[1]
    return "项目"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("n", type=int, help="number of project forms")
    parser.add_argument("--out", type=Path, default=None, help="folder (default: /tmp/auditor-corpus-N)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--big-group", type=int, default=5000, help="members of the big clone group (capped at N/10)")
    parser.add_argument("--per-doc", type=int, default=138, help="forms per document on average")
    args = parser.parse_args()
    out = args.out or Path(f"/tmp/auditor-corpus-{args.n}")
    manifest = make_corpus(args.n, out, args.seed, args.big_group, args.per_doc)
    print(f"{out}: {manifest['forms']} forms in {len(manifest['documents'])} documents "
          f"(big clone group {manifest['big_group']})")


if __name__ == "__main__":
    main()
