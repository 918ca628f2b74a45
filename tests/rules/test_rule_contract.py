"""Contract of every rule in rules/*.yaml: a fixture file exists, doc.bad fires, doc.good stays
silent, the message and suggestion render (no leftover ``{field}``), codes/names are unique."""

from __future__ import annotations

import pytest
from rule_helpers import CASES_DIR, run_rule

from auditor.engine.loader import load_specs
from auditor.engine.registry import get_check

SPECS = sorted(load_specs().values(), key=lambda s: s.code)
IDS = [s.code for s in SPECS]


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_fixture_file_exists(spec) -> None:
    assert (CASES_DIR / f"{spec.code}.yml").is_file(), f"missing tests/rules/cases/{spec.code}.yml"


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_check_registered_with_scope(spec) -> None:
    assert get_check(spec).scope == spec.scope


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_doc_bad_fires_and_renders(spec) -> None:
    for case in spec.doc.bad:
        found = run_rule(spec.code, case)
        assert found, f"{spec.code}: doc.bad example does not fire: {case}"
        for f in found:
            assert f.message and "{" not in f.message, f.message
            assert f.suggestion is None or "{" not in f.suggestion, f.suggestion
            assert f.category == spec.category and f.rule == spec.code


@pytest.mark.parametrize("spec", SPECS, ids=IDS)
def test_doc_good_is_silent(spec) -> None:
    for case in spec.doc.good:
        found = run_rule(spec.code, case)
        assert not found, f"{spec.code}: doc.good example fires: {[f.message for f in found]}"


def test_codes_and_names_unique() -> None:
    assert len({s.code for s in SPECS}) == len(SPECS)
    assert len({s.name for s in SPECS}) == len(SPECS)
