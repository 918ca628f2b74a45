"""``--engine dask`` on a dask.distributed LocalCluster with 2 workers gives the ``--jobs 1`` audit."""

from __future__ import annotations

import pytest
from scale_helpers import signature

from auditor.pipeline import audit as run_audit


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_audit(small_corpus, small_audit, monkeypatch, request):
    import gc

    import dask
    from dask.distributed import Client, LocalCluster

    from auditor.engine import Options
    from auditor.scale import dask_join
    from auditor.scale.dask_engine import read_and_check_dask

    blocks_joined: list[int] = []
    make_join = dask_join.dask_block_join

    def counting(client):
        join = make_join(client)

        def run(records, *args):
            links = join(records, *args)
            blocks_joined.append(len(records))
            return links

        return run

    monkeypatch.setattr(dask_join, "dask_block_join", counting)
    options = Options()
    # the test process's objects (a whole session's) kept out of the forked workers' collections:
    # their event loops make garbage fast, and each full collection would walk the inherited heap
    gc.freeze()
    request.addfinalizer(gc.unfreeze)
    # worker processes forked from this one (auditor, jieba and the model already loaded) rather than
    # spawned fresh, each importing them again: the documents still cross process boundaries
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        documents, inputs, local = read_and_check_dask([small_corpus], options, scheduler=cluster.scheduler_address)
        # the clone grouping of the corpus rules runs on the cluster too (a join on blocking keys)
        audit = run_audit(documents=documents, inputs=inputs, options=options, local=local)
    assert signature(audit) == signature(small_audit)
    assert {g.id: g.similarity for g in audit.check.groups.values()} == {
        g.id: g.similarity for g in small_audit.check.groups.values()}
    assert blocks_joined and max(blocks_joined) > 0  # the clone joins ran on the cluster
    assert len(audit.documents) == 3
