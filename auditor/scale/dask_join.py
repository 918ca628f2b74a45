"""The clone grouping of the corpus rules as a distributed join on a dask.distributed cluster.

Every distinct text gets its blocking keys in the driver (:func:`auditor.nlp.clones.prefix_keys`:
its rarest character pairs; two near-duplicates always share one); the cluster shuffles the
``(key, item)`` records by key (a ``dask.bag`` groupby) and joins each block with
:func:`auditor.nlp.clones.span_block`; the driver joins the links into clusters. The keys and the
verification are those of the local join, so the clone groups are the same as with ``--jobs 1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from auditor.nlp.clones import BlockJoin, span_block


def _explode(record: tuple[int, str, int, Sequence[str]]) -> list[tuple[str, tuple[int, str, int]]]:
    item, text, size, keys = record
    return [(key, (item, text, size)) for key in keys]


def _join_block(block: tuple[str, list[tuple[str, tuple[int, str, int]]]], threshold: float, jaccard: float,
                length_ratio: float, limit: int) -> list[tuple[int, int, float]]:
    members = [m for _, m in block[1]]
    return span_block(members, threshold, jaccard, length_ratio, limit) if len(members) > 1 else []


def _key(pair: tuple[str, Any]) -> str:
    return pair[0]


def dask_block_join(client: Any) -> BlockJoin:
    """A block join (:data:`auditor.nlp.clones.BlockJoin`) computed on ``client``'s cluster."""

    def join(records: Sequence[tuple[int, str, int, Sequence[str]]], threshold: float, jaccard: float,
             length_ratio: float, limit: int) -> list[tuple[int, int, float]]:
        import dask.bag as db

        if not records:
            return []
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        # one partition per worker for a small join (each is a shuffle's worth of tasks), up to
        # four per worker from 5,000 records a partition on
        parts = max(1, min(4 * workers, max(workers, len(records) // 5_000), len(records)))
        links = (
            db.from_sequence(list(records), npartitions=parts)
            .map(_explode)
            .flatten()
            .groupby(_key, shuffle="tasks", npartitions=parts)
            .map(_join_block, threshold, jaccard, length_ratio, limit)
            .flatten()
        )
        return sorted(client.compute(links, sync=True))

    return join
