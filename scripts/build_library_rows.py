"""Turn the two public indicator libraries of ``corpora/nlp/libraries/`` into tidy training rows.

Writes ``corpora/nlp/libraries/library_rows.csv`` (level1, level2, level3, value, source): L01 is a
``一级,二级,三级/三级/…`` data string; L02 a journal page in traditional characters rendered by a
mirror with pinyin after some characters (``產(chǎn)``), unit hints in parentheses (``(%)`` → the value
shape ``%``) and ``**`` placeholders. Run once after changing the libraries (needs ``opencc``, a
development tool only: the package reads the CSV).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBS = ROOT / "corpora" / "nlp" / "libraries"
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
HINT = re.compile(r"[(（]([^()（）]*)[)）]\s*$")
LEVEL2 = re.compile(r"^(数量|质量|时效|成本|经济效益|社会效益|生态效益|可持续影响|满意度)指标$")


def _clean(name: str) -> str:
    return name.replace("**", "").strip(" ，,")


def l01(path: Path) -> list[dict[str, str]]:
    rows = []
    level1 = ""
    text = "".join(line for line in path.read_text(encoding="utf-8").splitlines() if not line.startswith("#"))
    for record in text.split("---"):
        parts = record.strip().split(",", 2)
        if len(parts) < 3:
            continue
        level1 = parts[0].strip() or level1
        for name in parts[2].split("/"):
            if _clean(name):
                rows.append(
                    {
                        "level1": level1,
                        "level2": parts[1].strip(),
                        "level3": _clean(name),
                        "value": "",
                        "source": path.stem[:3],
                    }
                )
    return rows


def l02(path: Path) -> list[dict[str, str]]:
    import opencc

    t2s = opencc.OpenCC("t2s")
    rows = []
    level1 = level2 = ""
    for raw in path.read_text(encoding="utf-8").splitlines():
        if raw.startswith("#"):
            continue
        line = t2s.convert(PINYIN.sub("", raw)).strip()
        if not line or "…" in line:
            continue
        if line in ("产出指标", "效果指标", "效益指标"):
            level1, level2 = line, ""
            continue
        if LEVEL2.match(line):
            level2 = line
            continue
        if not level2 or line.endswith("类项目") or line.endswith("类项"):
            level2 = "" if line.endswith(("类项目", "类项")) else level2
            continue
        hint = HINT.search(line)
        value = hint.group(1).replace("**", "") if hint else ""
        name = _clean(HINT.sub("", line))
        if name:
            rows.append(
                {"level1": level1, "level2": level2, "level3": name, "value": value, "source": path.stem[:3]}
            )
    return rows


def main() -> int:
    rows = []
    for path in sorted(LIBS.glob("L*.txt")):
        rows.extend(l01(path) if path.name.startswith("L01") else l02(path))
    out = LIBS / "library_rows.csv"
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["level1", "level2", "level3", "value", "source"])
        writer.writeheader()
        writer.writerows(rows)
    print(f"{out}: {len(rows)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
