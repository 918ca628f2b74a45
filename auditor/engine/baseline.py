"""Baseline: findings a reviewer has accepted, keyed by content fingerprint (never by line).

Fingerprint = sha1 of rule + project name + level3 + column + normalised value (+ the message for
form-level findings without a value, so that two different fund defects of one form stay apart).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from auditor.errors import ConfigError
from auditor.model import Finding, compact
from auditor.resources import json_text

VERSION = 1
def fingerprint(finding: Finding, project_name: str) -> str:
    parts = [
        finding.rule,
        compact(project_name),
        compact(finding.level3),
        finding.column or "",
        compact(finding.value),
    ]
    if not finding.level3 and not finding.value:
        parts.append(compact(finding.message))
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def write_baseline(path: str | Path, entries: list[dict[str, Any]]) -> None:
    """Write entries (each with fingerprint, rule, project_name, level3, column, value)."""
    unique = {e["fingerprint"]: e for e in entries}
    data = {
        "tool": "auditor",
        "version": VERSION,
        "note": "已接受的发现；按内容指纹匹配（规则+项目名称+三级指标+列+指标值），与行号无关",
        "entries": sorted(unique.values(), key=lambda e: (e["rule"], e["project_name"], e["fingerprint"])),
    }
    try:
        from auditor.safety import atomic_write

        with atomic_write(Path(path), "w", encoding="utf-8") as fh:
            fh.write(json_text(data) + "\n")
    except OSError as exc:
        raise ConfigError(f"{path}: 无法写入基线文件（{exc.strerror}）") from exc


def read_baseline(path: str | Path) -> set[str]:
    """Fingerprints listed in a baseline file (or, for a filled-in 整改清单.xlsx, those whose
    整改状态 says accepted)."""
    p = Path(path)
    if p.suffix.lower() == ".xlsx":
        from auditor.tracking import accepted_fingerprints

        return accepted_fingerprints(p)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{p}: 无法读取基线文件（{exc.strerror}）") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{p}: 基线文件不是 UTF-8 编码（第 {exc.start} 字节），请另存为 UTF-8") from exc
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{p}:{exc.lineno}: 基线文件不是有效的 JSON（{exc.msg}）") from exc
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise ConfigError(f"{p}: 基线文件缺少 entries 列表")
    out: set[str] = set()
    for entry in data["entries"]:
        if isinstance(entry, dict) and isinstance(entry.get("fingerprint"), str):
            out.add(entry["fingerprint"])
        elif isinstance(entry, str):
            out.add(entry)
    return out
