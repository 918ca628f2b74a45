"""Columnar outputs for large audits and research: a ``parquet/`` folder of five tables.

- ``projects.parquet``: one row per form (form_id, document, department, project_name, kind, score,
  rank, grade, n_findings);
- ``findings.parquet``: one row per finding (form_id, rule, name, category, severity, level1..3,
  column, value, message, suggestion, line, group, partners = the representative form ids, cross);
- ``indicators.parquet``: the rows of indicators.csv (value shape: dimension, operator, number, unit);
- ``groups.parquet``: one row per clone-group member (group, kind, size, similarity, form_id) — the
  full membership, written once;
- ``departments.parquet``: per department: projects, mean/min score, errors, warnings.

Written in batches (bounded memory); strings are stored as they are (Parquet holds no formulas).
``auditor db`` loads the folder into DuckDB.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from auditor.score import AuditResult

BATCH = 10_000  # rows per row group: a few MB of Python objects at a time


def _write(path: Path, rows: Iterable[dict[str, Any]], schema) -> None:
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    tmp = path.with_name(path.name + ".tmp")
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                batch = []
        if batch:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
    tmp.replace(path)


def _findings(audit: AuditResult) -> Iterator[dict[str, Any]]:
    for p in audit.projects:
        for f in p.findings:
            yield _finding_row(f, p.form.form_id, False)
    for f in audit.cross_checks:
        yield _finding_row(f, f.form_id or "", True)


def _finding_row(f, form_id: str, cross: bool) -> dict[str, Any]:
    return {
        "form_id": form_id, "rule": f.rule, "name": f.name, "category": f.category, "severity": f.severity,
        "level1": f.level1, "level2": f.level2, "level3": f.level3, "column": f.column, "value": f.value,
        "message": f.message, "suggestion": f.suggestion, "line": f.line, "group": f.group,
        "partners": list(f.partners), "cross": cross,
    }


def write_parquet(audit: AuditResult, folder: Path) -> Path:
    """Write the five tables into ``folder`` (created); return the folder."""
    import pyarrow as pa  # type: ignore[import-untyped]

    from auditor.report.indicators_csv import COLUMNS, iter_rows

    folder.mkdir(parents=True, exist_ok=True)
    s, i64, f64, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    n_cross: dict[str, int] = {}
    for f in audit.cross_checks:
        if f.form_id:
            n_cross[f.form_id] = n_cross.get(f.form_id, 0) + 1
    _write(folder / "projects.parquet", (
        {"form_id": p.form.form_id, "document": p.document, "department": p.form.department,
         "project_name": p.form.project_name, "kind": p.form.kind, "score": float(p.score),
         "rank": p.rank, "grade": p.grade, "n_findings": len(p.findings) + n_cross.get(p.form.form_id, 0)}
        for p in audit.projects),
        pa.schema([("form_id", s), ("document", s), ("department", s), ("project_name", s), ("kind", s),
                   ("score", f64), ("rank", i64), ("grade", s), ("n_findings", i64)]))
    _write(folder / "findings.parquet", _findings(audit), pa.schema([
        ("form_id", s), ("rule", s), ("name", s), ("category", s), ("severity", s), ("level1", s),
        ("level2", s), ("level3", s), ("column", s), ("value", s), ("message", s), ("suggestion", s),
        ("line", i64), ("group", s), ("partners", pa.list_(s)), ("cross", b)]))
    numeric = {"score", "rank", "n_findings", "line"}

    def indicator_rows() -> Iterator[dict[str, Any]]:
        for row in iter_rows(audit):
            yield {k: (None if v == "" else (float(v) if k == "score" else int(float(v)))) if k in numeric else v
                   for k, v in row.items()}

    _write(folder / "indicators.parquet", indicator_rows(),
           pa.schema([(c, f64 if c == "score" else i64 if c in numeric else s) for c in COLUMNS]))
    groups = getattr(audit.check, "groups", None) or {}
    _write(folder / "groups.parquet", (
        {"group": g.id, "kind": g.kind, "size": g.size, "similarity": float(g.similarity), "form_id": m}
        for g in groups.values() for m in g.members),
        pa.schema([("group", s), ("kind", s), ("size", i64), ("similarity", f64), ("form_id", s)]))
    _write(folder / "departments.parquet", (
        {"department": g.name, "projects": g.projects, "mean_score": float(g.mean), "min_score": float(g.min),
         "errors": g.errors, "warnings": g.warnings} for g in audit.by_department()),
        pa.schema([("department", s), ("projects", i64), ("mean_score", f64), ("min_score", f64),
                   ("errors", i64), ("warnings", i64)]))
    return folder


TABLES = ("projects", "findings", "indicators", "groups", "departments")


def load_duckdb(parquet: Path, database: Path) -> Path:
    """Load the ``parquet/`` folder of an audit into a DuckDB file (tables replaced); return it."""
    import duckdb

    con = duckdb.connect(str(database))
    try:
        for table in TABLES:
            src = parquet / f"{table}.parquet"
            if src.is_file():
                con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM read_parquet(?)", [str(src)])
    finally:
        con.close()
    return database
