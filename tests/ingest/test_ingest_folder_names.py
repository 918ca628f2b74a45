"""Two inputs with the same file stem (two offices' ``xiaoyi-2025.txt``) keep apart."""

from __future__ import annotations

import shutil

from auditor.ingest import iter_documents


def test_same_stem_in_two_folders_gets_distinct_form_ids(seed_path, tmp_path):
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        shutil.copy(seed_path, tmp_path / folder / "xiaoyi-2025.txt")
    docs = list(iter_documents([tmp_path]))
    assert [d.name for d in docs] == ["xiaoyi-2025", "xiaoyi-2025-2"]
    assert docs[0].forms[1].form_id == "xiaoyi-2025#2"
    assert docs[1].forms[1].form_id == "xiaoyi-2025-2#2"
    ids = [f.form_id for d in docs for f in d.forms]
    assert len(ids) == len(set(ids)) == 276
