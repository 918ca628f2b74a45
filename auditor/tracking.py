"""The tracking columns of 整改清单.xlsx (整改责任单位, 整改期限, 整改状态, 备注): their names and
status words (``rules/compare.yaml``), and reading a filled-in list back, keyed by the finding's
content fingerprint (the 指纹 column), so that a new audit or a comparison carries them forward."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from auditor.errors import ConfigError
from auditor.model import Finding

FINGERPRINT_HEADER = "指纹"
SHEET = "整改清单"


@dataclass(frozen=True, slots=True)
class TrackingSpec:
    columns: tuple[str, ...]
    accepted: frozenset[str]
    statuses: tuple[str, ...]


@cache
def tracking_spec() -> TrackingSpec:
    from auditor.resources import rules_section

    data = rules_section("compare.yaml", "tracking")
    return TrackingSpec(tuple(data.get("columns", ())), frozenset(data.get("accepted", ())),
                        tuple(data.get("statuses", ())))


def read_tracking(path: str | Path) -> dict[str, dict[str, str]]:
    """{fingerprint: {tracking column: text}} of the rows of a 整改清单.xlsx with anything filled in."""
    from openpyxl import load_workbook

    p = Path(path)
    try:
        wb = load_workbook(p, read_only=True, data_only=True)
    except FileNotFoundError:
        raise ConfigError(f"{p}: 整改清单文件不存在") from None
    except Exception as exc:  # zip/xml errors of a broken workbook
        raise ConfigError(f"{p}: 无法读取整改清单（{type(exc).__name__}）") from None
    try:
        if SHEET not in wb.sheetnames:
            raise ConfigError(f"{p}: 没有“{SHEET}”工作表")
        rows = wb[SHEET].iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
        if FINGERPRINT_HEADER not in header:
            raise ConfigError(f"{p}: “{SHEET}”表缺少“{FINGERPRINT_HEADER}”列，无法与新的审核结果对应")
        key = header.index(FINGERPRINT_HEADER)
        wanted = [(c, header.index(c)) for c in tracking_spec().columns if c in header]
        out: dict[str, dict[str, str]] = {}
        for row in rows:
            if key >= len(row) or not row[key]:
                continue
            filled = {c: _text(row[i]) for c, i in wanted if i < len(row) and _text(row[i])}
            if filled:
                out[str(row[key]).strip()] = filled
        return out
    finally:
        wb.close()


def accepted_fingerprints(path: str | Path) -> set[str]:
    """Fingerprints whose 整改状态 says accepted (not to be reported again), for ``--baseline``."""
    accepted = tracking_spec().accepted
    return {fp for fp, cols in read_tracking(path).items() if cols.get("整改状态", "") in accepted}


def _text(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%Y-%m-%d")  # a date typed into 整改期限
    text = str(value).strip()
    return text[1:] if text.startswith("'") else text


def subject_name(finding: Finding, names: Mapping[str, str]) -> str:
    """The project name a finding's fingerprint is made with, as the engine does: the form it is
    about, else its one partner, else all partners' names joined (a budget line without a form: '')."""
    if finding.form_id and finding.form_id in names:
        return names[finding.form_id]
    if finding.form_id is None and len(finding.partners) == 1:
        return names.get(finding.partners[0], "")
    return "|".join(sorted(names[i] for i in finding.partners if i in names))


def finding_fingerprint(finding: Finding, names: Mapping[str, str]) -> str:
    """The content fingerprint of ``auditor.engine.baseline`` (the 指纹 column)."""
    from auditor.engine.baseline import fingerprint

    return fingerprint(finding, subject_name(finding, names))
