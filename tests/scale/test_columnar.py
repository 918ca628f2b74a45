"""Clone groups written once (findings.json ``groups``, parquet/groups.parquet) and ``auditor db``."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from auditor.report.audit import write_reports


@pytest.fixture(scope="module")
def written(small_audit, tmp_path_factory):
    out = tmp_path_factory.mktemp("scale-out")
    write_reports(small_audit, out, ["json", "parquet"])
    return out


def test_group_membership_is_written_once(small_audit, written):
    data = json.loads((written / "findings.json").read_text(encoding="utf-8"))
    groups = {g["id"]: g for g in data["groups"]}
    overview = next(g for g in groups.values() if g["kind"] == "overview" and "孝义-1#2" in g["members"])
    assert overview["size"] == len(overview["members"]) and "孝义-1-2#2" in overview["members"]
    named = [f for f in data["cross_checks"] if f.get("group") == overview["id"]]
    assert sorted(f["form_id"] for f in named) == sorted(overview["members"])
    assert all(len(f["partners"]) <= 3 for f in data["cross_checks"])  # representatives only

    import pyarrow.parquet as pq

    rows = pq.read_table(written / "parquet" / "groups.parquet").to_pylist()
    assert sorted(r["form_id"] for r in rows if r["group"] == overview["id"]) == sorted(overview["members"])
    findings = pq.read_table(written / "parquet" / "findings.parquet")
    assert findings.num_rows == len(small_audit.all_findings())


def test_db_loads_tables_for_queries(written, tmp_path):
    from auditor.cli.app import app

    target = tmp_path / "a.duckdb"
    result = CliRunner().invoke(app, ["db", str(written), "-o", str(target)])
    assert result.exit_code == 0, result.output
    import duckdb

    con = duckdb.connect(str(target), read_only=True)
    per_cat = con.execute(
        "SELECT p.department, f.category, count(*) FROM findings f JOIN projects p USING (form_id) "
        "GROUP BY ALL ORDER BY 3 DESC"
    ).fetchall()
    assert per_cat and per_cat[0][0] == "孝义市机关事务服务中心"
    biggest = con.execute("SELECT max(size) FROM groups WHERE kind = 'overview'").fetchone()[0]
    assert biggest >= 2
