"""``--jobs N`` gives the same audit as one process (issue 14)."""

from __future__ import annotations

import pytest
from scale_helpers import signature

from auditor.pipeline import audit as run_audit


@pytest.mark.slow
def test_two_processes_give_the_same_audit(small_corpus, small_audit):
    two = run_audit([small_corpus], jobs=2)
    assert signature(two) == signature(small_audit)


def test_copied_document_forms_form_one_clone_group(small_audit):
    """b/孝义-1.txt repeats a/孝义-1.txt: its forms get ids 孝义-1-2#…, and each cloned 项目概况 is one
    group holding both copies, named by one finding per member."""
    audit = small_audit
    ids = {f.form_id for d in audit.documents for f in d.forms}
    assert "孝义-1#2" in ids and "孝义-1-2#2" in ids
    overview = [g for g in audit.check.groups.values() if g.kind == "overview" and "孝义-1#2" in g.members]
    assert len(overview) == 1 and "孝义-1-2#2" in overview[0].members
    named = [f for f in audit.all_findings() if f.group == overview[0].id]
    assert {f.form_id for f in named} == set(overview[0].members)
    assert next(i.errors for i in audit.inputs if i.file.endswith("空.txt"))
