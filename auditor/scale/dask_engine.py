"""``--engine dask``: the per-document work (read → parse → per-form rules) on a dask.distributed
cluster; the corpus rules then run in the driver on the gathered documents.

::

    documents, inputs, local = read_and_check_dask(paths, options, scheduler="tcp://host:8786")

Without ``scheduler`` a ``LocalCluster`` (one worker process per core) is started and stopped.
Workers need the same auditor version (and rules) installed; input paths must be readable by
the workers under the same names (a shared file system). Results are identical to ``--jobs 1``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from auditor.engine.config import Options
from auditor.scale.runner import Inputs, Item, list_files, process_file


def _process(path: str, options: Options) -> Item:
    return process_file(Path(path), options)


def iter_items_dask(paths: Inputs, options: Options, scheduler: str | None = None,
                    workers: int | None = None, on_item: Callable[[str], None] | None = None,
                    keep_for_join: bool = True) -> list[Item]:
    """Items in input order, computed on the cluster at ``scheduler`` (default: a LocalCluster).

    With ``keep_for_join`` the cluster stays up for the clone grouping of the next corpus rules
    (:func:`auditor.nlp.clones.use_block_join`), which close it when they are done."""
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        from auditor.errors import ConfigError

        raise ConfigError('--engine dask 需要安装 dask：pip install "auditor[dask]"') from None

    files = list_files(paths)
    todo = [str(f) for f in files if isinstance(f, Path)]
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    joins = False
    try:
        futures = client.map(_process, todo, options=options, pure=False)
        from auditor.scale.compact import StringPool

        done: list[Item] = []
        pool = StringPool()  # equal texts of different documents held once
        for future in futures:  # in input order
            item = future.result()
            pool.item(item)
            done.append(item)
            if on_item:
                on_item(item.path)
            future.release()
        joins = keep_for_join
    finally:
        if joins:  # the clone grouping of the corpus rules runs on the cluster too, which is closed after it
            from auditor.nlp.clones import use_block_join
            from auditor.scale.dask_join import dask_block_join

            use_block_join(dask_block_join(client), close=lambda: _close(client, cluster))
        else:
            _close(client, cluster)
    it = iter(done)
    return [Item(f.file, None, None, str(f)) if not isinstance(f, Path) else next(it) for f in files]


def _close(client, cluster) -> None:
    client.close()
    if cluster is not None:
        cluster.close()


def read_and_check_dask(paths: Inputs, options: Options | None = None,
                        scheduler: str | None = None, workers: int | None = None,
                        on_item: Callable[[str], None] | None = None):
    """Like :func:`auditor.scale.runner.read_and_check`, on a dask.distributed cluster."""
    from auditor.scale.runner import collect

    items = iter_items_dask(paths, options or Options(), scheduler, workers, on_item)
    return collect(items)
