"""Near-duplicate indicator names within a form (IND003), measured on the hand-labelled groups of
``tests/data/near_duplicates.csv`` (sample and regions forms, shared/ and found/; each row a group of one form,
``duplicate`` = one indicator written more than once, ``distinct`` = similar-looking names that
measure different things, e.g. 工程质量合格率 / 工程质量优良率)."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from auditor.engine import Options, run
from auditor.engine.checks.indicators import duplicate_groups
from auditor.engine.loader import load_specs
from auditor.ingest import read_document
from auditor.model import Document, Form

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(scope="module")
def forms(seed_doc: Document) -> dict[str, Form]:
    regions = [read_document(DATA / "regions" / part / "forms.csv") for part in ("shared", "found")]
    return {f.form_id: f for doc in (seed_doc, *regions) for f in doc.forms}


@pytest.fixture(scope="module")
def labelled() -> list[dict[str, str]]:
    with open(DATA / "near_duplicates.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _found(form: Form, lines: list[int], names: list[str]) -> bool:
    """The detector puts every labelled row of the group into one group."""
    params = load_specs()["IND003"].params
    for group in duplicate_groups(form, params):
        got = {(i.line, i.level3.strip()) for i in group} | {(i.annual_line, i.level3.strip()) for i in group}
        if all(any(name == n and line == ln for ln, n in got) for line, name in zip(lines, names, strict=True)):
            return True
    return False


def _group(row: dict[str, str]) -> tuple[list[int], list[str]]:
    return [int(x) for x in row["lines"].split()], [n.strip() for n in row["names"].split("|")]


def test_labelled_set_size(labelled) -> None:
    assert sum(r["label"] == "duplicate" for r in labelled) >= 20
    assert sum(r["label"] == "distinct" for r in labelled) >= 60
    assert {r["source"] for r in labelled} == {"sample", "regions"}


def test_recall_on_duplicate_groups(forms, labelled) -> None:
    groups = [r for r in labelled if r["label"] == "duplicate"]
    hits = [r for r in groups if _found(forms[r["form_id"]], *_group(r))]
    missed = [r["names"] for r in groups if r not in hits]
    assert len(hits) / len(groups) >= 0.90, missed


def test_no_distinct_pair_grouped(forms, labelled) -> None:
    wrong = [r["names"] for r in labelled if r["label"] == "distinct" and _found(forms[r["form_id"]], *_group(r))]
    assert wrong == []


@pytest.fixture(scope="module")
def ind003(seed_doc: Document):
    return [f for f in run([seed_doc], Options(no_config=True, select=["IND003"])).all_findings()]


def test_safety_operation_variants_reported_once(ind003) -> None:
    # 党政大楼机关餐厅购买服务项目 (lines 1475–1487): 安全操作 / 安全操作性 / 安全的操作 / 安全性操作
    found = [f for f in ind003 if "安全操作" in f.message]
    assert len(found) == 1
    msg = found[0].message
    assert all(f"“{n}”" in msg for n in ("安全操作", "安全操作性", "安全的操作", "安全性操作"))
    assert "第 1475、1478、1484 和 1487 行" in msg and found[0].line == 1478


def test_work_needs_and_work_needs_carried_out(ind003) -> None:
    # 办公经费项目 (lines 845/849): 根据工作需要 / 根据工作需要开展
    found = [f for f in ind003 if f.line == 849]
    assert len(found) == 1 and "“根据工作需要”“根据工作需要开展”" in found[0].message


def test_one_finding_per_group(ind003) -> None:
    keys = [(f.form_id, f.line) for f in ind003]
    assert len(keys) == len(set(keys))


def test_every_labelled_group_names_real_rows(forms, labelled) -> None:
    """Each labelled row of a group is a real indicator of its form (line and name as written)."""
    for row in labelled:
        form = forms[row["form_id"]]
        for line, name in zip(*_group(row), strict=True):
            assert any(i.level3.strip() == name and line in (i.line, i.annual_line) for i in form.indicators), (
                row["form_id"], line, name)
