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

from collections.abc import Iterable, Iterator, Sequence
from itertools import chain
from pathlib import Path
from typing import Any

from auditor.score import AuditResult

BATCH = 10_000  # rows per row group: a few MB of Python objects at a time


def _write(path: Path, rows: Iterable[Sequence[Any]], schema) -> None:
    """Write ``rows`` (tuples in the order of ``schema``'s fields) in row groups of :data:`BATCH`."""
    _write_columns(path, (list(zip(*batch, strict=True)) for batch in _batches(rows)), schema)


def _batches(items: Iterable[Any]) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _write_columns(path: Path, batches: Iterable[Sequence[Sequence[Any]]], schema) -> None:
    """Write row groups given column by column (one sequence per field of ``schema``): pyarrow
    converts a list per column in C, far quicker than rows of dicts."""
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.parquet as pq  # type: ignore[import-untyped]

    types = [f.type for f in schema]
    tmp = path.with_name(path.name + ".tmp")
    with pq.ParquetWriter(tmp, schema, compression="zstd") as writer:
        for columns in batches:
            arrays = [pa.array(c, type=t) for c, t in zip(columns, types, strict=True)]
            writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
    tmp.replace(path)


def _findings(audit: AuditResult) -> Iterator[list[list]]:
    """The findings table in batches of columns: each form's findings, then the cross checks."""
    rows = chain(((p.form.form_id, f, False) for p in audit.projects for f in p.findings),
                 ((f.form_id or "", f, True) for f in audit.cross_checks))
    for batch in _batches(rows):
        fs = [f for _, f, _ in batch]
        yield [[form_id for form_id, _, _ in batch], [f.rule for f in fs], [f.name for f in fs],
               [f.category for f in fs], [f.severity for f in fs], [f.level1 for f in fs], [f.level2 for f in fs],
               [f.level3 for f in fs], [f.column for f in fs], [f.value for f in fs], [f.message for f in fs],
               [f.suggestion for f in fs], [f.line for f in fs], [f.group for f in fs],
               [list(f.partners) for f in fs], [cross for _, _, cross in batch]]


def write_parquet(audit: AuditResult, folder: Path, grammar=None) -> Path:
    """Write the five tables into ``folder`` (created); return the folder. ``grammar``: an
    :class:`~auditor.report.indicators_csv.Grammar` to share with the indicators.csv writer."""
    import pyarrow as pa  # type: ignore[import-untyped]

    from auditor.report.indicators_csv import COLUMNS, iter_rows

    folder.mkdir(parents=True, exist_ok=True)
    s, i64, f64, b = pa.string(), pa.int64(), pa.float64(), pa.bool_()
    n_cross: dict[str, int] = {}
    for f in audit.cross_checks:
        if f.form_id:
            n_cross[f.form_id] = n_cross.get(f.form_id, 0) + 1
    _write(folder / "projects.parquet", (
        (p.form.form_id, p.document, p.form.department, p.form.project_name, p.form.kind, float(p.score),
         p.rank, p.grade, len(p.findings) + n_cross.get(p.form.form_id, 0))
        for p in audit.projects),
        pa.schema([("form_id", s), ("document", s), ("department", s), ("project_name", s), ("kind", s),
                   ("score", f64), ("rank", i64), ("grade", s), ("n_findings", i64)]))
    _write_columns(folder / "findings.parquet", _findings(audit), pa.schema([
        ("form_id", s), ("rule", s), ("name", s), ("category", s), ("severity", s), ("level1", s),
        ("level2", s), ("level3", s), ("column", s), ("value", s), ("message", s), ("suggestion", s),
        ("line", i64), ("group", s), ("partners", pa.list_(s)), ("cross", b)]))
    # the texts of indicators.csv, numbers as numbers ("" → null)
    numeric = {"score", "rank", "n_findings", "line"}
    score, ints = COLUMNS.index("score"), [COLUMNS.index(c) for c in numeric - {"score"}]

    def indicator_rows() -> Iterator[list]:
        for texts in iter_rows(audit, grammar):
            row: list[Any] = texts
            v = row[score]
            row[score] = None if v == "" else float(v)
            for k in ints:
                v = row[k]
                row[k] = None if v == "" else int(float(v))
            yield row

    _write(folder / "indicators.parquet", indicator_rows(),
           pa.schema([(c, f64 if c == "score" else i64 if c in numeric else s) for c in COLUMNS]))
    groups = getattr(audit.check, "groups", None) or {}
    _write(folder / "groups.parquet", (
        (g.id, g.kind, g.size, float(g.similarity), m) for g in groups.values() for m in g.members),
        pa.schema([("group", s), ("kind", s), ("size", i64), ("similarity", f64), ("form_id", s)]))
    _write(folder / "departments.parquet", (
        (g.name, g.projects, float(g.mean), float(g.min), g.errors, g.warnings) for g in audit.by_department()),
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
