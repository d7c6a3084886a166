"""What a batch run is asked to do (BatchConfig) and what it reports back (BatchSummary)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..models import DEFAULT_OPTIONS, CleanOptions

#: Default size at which output rotates into a new part.
DEFAULT_MAX_SIZE = 1_000_000_000
#: How many error lines the summary keeps to show.
SHOWN_ERRORS = 10


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Everything one batch run needs; the CLI builds it from the options of `clipper clean`."""

    inputs: tuple[str, ...]
    output: str
    from_lists: tuple[str, ...] = ()
    url: str | None = None
    #: The errors file; None: OUT.errors.jsonl beside the output (none for stdout).
    errors: str | None = None
    force: bool = False
    no_original: bool = False
    #: Worker processes; None: one per CPU.
    workers: int | None = None
    #: Seconds one input may take; None: no limit.
    timeout: float | None = 30.0
    #: Rotate at this size; None: the default (1 GB, part 0 keeps OUT's own name).
    max_size: int | None = None
    resume: bool = False
    dedup: bool = True
    #: Show a progress bar on stderr; None: when stderr is a terminal.
    progress: bool | None = None
    description: str | None = None
    #: Dask scheduler: "local" or "tcp://host:port"; None: this machine's process pool.
    scheduler: str | None = None
    #: Dask partitions; None: two per Dask worker.
    partitions: int | None = None
    #: Seconds to wait for a Dask scheduler to answer.
    scheduler_timeout: float = 10.0
    #: Folder walks follow symlinks that lead out of the folder (else each is a counted skip).
    follow_symlinks: bool = False
    #: Commit the part being written at least this often (seconds), whatever its size, so that
    #: a resumed run redoes at most this much; None: only at the part size.
    checkpoint: float | None = 300.0
    #: ... and at least every this many inputs; None: no such bound.
    checkpoint_inputs: int | None = 100_000
    #: Globs for files found in folders: --include (only these) and --exclude (never these).
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    options: CleanOptions = DEFAULT_OPTIONS


@dataclass(slots=True)
class BatchSummary:
    """The report of a run. Invariant: inputs == records + errors + skipped."""

    inputs: int = 0
    records: int = 0
    errors: int = 0
    duplicates: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    removed: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    outputs: list[str] = field(default_factory=list)
    errors_path: str | None = None
    manifest: str | None = None
    #: Inputs already done by an earlier, interrupted run (resumed).
    resumed: int = 0
    #: The first few failures: (source, error kind, message).
    first_errors: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def skipped_total(self) -> int:
        return sum(self.skipped.values())

    def add_error(self, source: str, kind: str, message: str) -> None:
        self.errors += 1
        if len(self.first_errors) < SHOWN_ERRORS:
            self.first_errors.append((source, kind, message))

    def counts(self) -> dict[str, Any]:
        """The counters as plain JSON (for the manifest)."""
        return {
            "inputs": self.inputs,
            "records": self.records,
            "errors": self.errors,
            "duplicates": self.duplicates,
            "skipped": dict(self.skipped),
            "removed": dict(self.removed),
            "first_errors": [list(e) for e in self.first_errors],
        }

    def load_counts(self, data: dict[str, Any]) -> None:
        self.inputs = int(data["inputs"])
        self.records = int(data["records"])
        self.errors = int(data["errors"])
        self.duplicates = int(data["duplicates"])
        self.skipped = Counter(data.get("skipped", {}))
        self.removed = Counter(data.get("removed", {}))
        self.first_errors = [(str(a), str(b), str(c)) for a, b, c in data.get("first_errors", [])]

    def merge(self, other: BatchSummary) -> None:
        """Add another run's counts (a Dask partition's) to these."""
        self.inputs += other.inputs
        self.records += other.records
        self.duplicates += other.duplicates
        self.skipped.update(other.skipped)
        self.removed.update(other.removed)
        for source, kind, message in other.first_errors:
            if len(self.first_errors) < SHOWN_ERRORS:
                self.first_errors.append((source, kind, message))
        self.errors += other.errors


__all__ = ["DEFAULT_MAX_SIZE", "SHOWN_ERRORS", "BatchConfig", "BatchSummary"]
