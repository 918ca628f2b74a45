"""``--engine dask`` on a dask.distributed LocalCluster with 2 workers gives the ``--jobs 1`` audit."""

from __future__ import annotations

import pytest
from scale_helpers import signature

from auditor.pipeline import audit as run_audit


@pytest.mark.slow
def test_dask_local_cluster_gives_the_same_audit(small_corpus, small_audit):
    import dask
    from dask.distributed import Client, LocalCluster

    from auditor.engine import Options
    from auditor.scale.dask_engine import read_and_check_dask

    options = Options()
    # worker processes forked from this one (auditor, jieba and the model already loaded) rather than
    # spawned fresh, each importing them again: the documents still cross process boundaries
    with dask.config.set({"distributed.worker.multiprocessing-method": "fork"}), LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster):
        documents, inputs, local = read_and_check_dask([small_corpus], options, scheduler=cluster.scheduler_address)
    audit = run_audit(documents=documents, inputs=inputs, options=options, local=local)
    assert signature(audit) == signature(small_audit)
    assert len(audit.documents) == 3
