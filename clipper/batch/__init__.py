"""Many inputs: a killable worker pool, ordered output, parts and a manifest to resume, dedup.

One run reads items (pages, WARC records, JSONL lines) in input order, cleans them in worker
processes, and writes the outcomes in the same order: a record, an error line, or a skip.
`run(BatchConfig(...))` returns a `BatchSummary`; the CLI renders it.

Modules, one job each:

- `config`: `BatchConfig` (what to do) and `BatchSummary` (what was done);
- `pool`: worker processes, per-input time limits, outcomes back in input order;
- `output`: records into parts (dedup, rotation), error lines, atomic files;
- `resume`: the files a run owns, its manifest and the fingerprint a resumed run must match;
- `progress`: the progress bar;
- `local`: a run on this machine; `dask`: a run on a Dask cluster, and `clean_bag`.
"""

from __future__ import annotations

from .config import DEFAULT_MAX_SIZE, BatchConfig, BatchSummary
from .local import run
from .output import Output, default_errors_path
from .pool import Pool, clean_in_thread, clean_item, clean_with_timeout, ordered_outcomes

__all__ = [
    "DEFAULT_MAX_SIZE",
    "BatchConfig",
    "BatchSummary",
    "Output",
    "Pool",
    "clean_in_thread",
    "clean_item",
    "clean_with_timeout",
    "default_errors_path",
    "ordered_outcomes",
    "run",
]
