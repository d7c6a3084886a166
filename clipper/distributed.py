"""Moved to `clipper.batch.dask`; this name stays so that older imports keep working."""

from __future__ import annotations

from .batch.dask import PageError, clean_bag, clean_page, clean_partition, partition, run_dask

__all__ = ["PageError", "clean_bag", "clean_page", "clean_partition", "partition", "run_dask"]
