"""Large corpora: parallel (``--jobs``) and distributed (``--engine dask``) runs of the per-document
work (read → parse → per-form rules), corpus rules on the gathered results, columnar outputs."""
