"""StringPool: findings gathered from worker processes share equal strings and the empty partners
list, with every value unchanged (auditor/scale/compact.py)."""

from __future__ import annotations

import pickle

from auditor.engine import Options
from auditor.engine.engine import check_document, select_rules
from auditor.scale.compact import NO_PARTNERS, StringPool


def test_pooled_findings_share_texts_and_keep_their_values(seed_doc):
    local = check_document(seed_doc, select_rules(Options(no_config=True)))
    # two workers' results arrive unpickled, each with strings of its own
    first, second = pickle.loads(pickle.dumps(local.findings)), pickle.loads(pickle.dumps(local.findings))
    before = [f.to_dict() for f in first]
    pool = StringPool()
    pool.findings(first)
    pool.findings(second)
    assert [f.to_dict() for f in first] == before == [f.to_dict() for f in second]
    # every finding naming no partner (the sample's per-form findings) holds the one shared empty list
    alone = [f for f in first + second if not f.partners]
    assert len(alone) > 100 and all(f.partners is NO_PARTNERS for f in alone)
    assert NO_PARTNERS == []
    # one object per distinct message across both copies
    assert all(a.message is b.message for a, b in zip(first, second, strict=True))
    messages = {f.message for f in first}
    assert len({id(f.message) for f in first}) == len(messages) < len(first)
