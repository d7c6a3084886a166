"""Clean on a Dask cluster: inputs partitioned across workers, one output part each, a manifest.

Needs the `dask` extra (`pip install 'clipper-news[dask]'`). Two entry points:

- `run_dask(config)`, what `clipper clean ... --scheduler local|tcp://HOST:PORT` calls: the
  expanded inputs (files, WARC files, JSONL files) are cut into contiguous partitions of about
  equal size; each partition is cleaned on a worker into its own numbered part
  (OUT-00000.warc.gz, ...), and OUT.manifest.json lists the parts in input order. Paths must
  be the same on every worker (a shared file system).
- `clean_bag(bag, options)`, for programs that already hold a `dask.bag` of pages.
"""

from __future__ import annotations

import gc
import os
import re
import time
from dataclasses import dataclass
from typing import Any

from ..errors import ClipperError, ConfigError
from ..models import DEFAULT_OPTIONS, CleanOptions, Clipping, Source
from ..readers.files import STDIN, Input, Item, page_item, read_list
from ..readers.jsonl import item_from_object
from ..readers.rulefiles import read_rule_files
from ..readers.sniff import sniff_kind
from ..writers import part_name
from .config import BatchConfig, BatchSummary
from .output import Output, file_digest, finish_errors, leftover_temps
from .pool import clean_in_thread, clean_with_timeout, ordered_outcomes
from .resume import Run, positions, start_run


def _require_dask() -> None:
    try:
        import dask  # noqa: F401
        import distributed  # noqa: F401
    except ImportError as exc:
        raise ConfigError(
            "a Dask scheduler needs Dask: pip install 'clipper-news[dask]'", option="scheduler"
        ) from exc


def partition(inputs: list[Input], count: int) -> list[list[Input]]:
    """Cut `inputs` into at most `count` contiguous groups of about equal size on disk."""
    if not inputs:
        return []
    count = max(1, min(count, len(inputs)))
    weights = [max(inp.size or 0, 1) for inp in inputs]
    target = sum(weights) / count
    groups: list[list[Input]] = [[]]
    acc = 0.0
    for inp, weight in zip(inputs, weights, strict=True):
        left = len(inputs) - sum(len(g) for g in groups)
        if groups[-1] and acc + weight / 2 > target and len(groups) < count and left > 0:
            groups.append([])
            acc = 0.0
        groups[-1].append(inp)
        acc += weight
    return groups


def clean_partition(
    config: BatchConfig, inputs: list[Input], part_path: str, errors_part: str | None
) -> dict[str, Any]:
    """Clean one partition on a worker into `part_path`; return its counts (JSON-able).

    Runs in a Dask worker thread: inputs are cleaned one after the other (Dask gives the
    parallelism) and duplicates are found within the partition. The timeout is kept by
    `clean_in_thread`.
    """
    summary = BatchSummary()
    output = Output(
        config,
        summary,
        part_path=lambda k: part_path,
        errors_part_path=(lambda k: errors_part) if errors_part else None,
        max_size=None,
        checkpoint=False,
    )
    options, timeout = read_rule_files(config.options), config.timeout
    items = positions(inputs, options.max_bytes, config.url, 0)
    try:
        for item, outcome, _ in ordered_outcomes(
            items, lambda it: clean_in_thread(it, options, timeout), window=1
        ):
            output.add(item, outcome)
        output.close()
    except BaseException:
        output.abort()
        raise
    # The errors part exists only if the partition had errors.
    written = output.parts[0]["errors_part"] if output.parts else None
    files: dict[str, Any] = {}
    files["size"], files["sha256"] = file_digest(part_path)
    if written:
        files["errors_size"], files["errors_sha256"] = file_digest(written)
    return {"counts": summary.counts(), "path": part_path, "errors_part": written, "files": files}


def _client(scheduler: str, timeout: float) -> Any:
    from distributed import Client, LocalCluster

    if scheduler == "local":
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            processes=True, threads_per_worker=1, dashboard_address=":0"
        )
        return Client(cluster)  # type: ignore[no-untyped-call]
    try:
        return Client(scheduler, timeout=timeout)  # type: ignore[no-untyped-call]
    except Exception as exc:  # noqa: BLE001 - no answer, or one that is not a Dask scheduler's
        failure = f"{type(exc).__name__}: {exc}"
    # The Client that failed to start is left in reference cycles (the traceback holds its
    # frames). Finalise it now, while no Client is starting: distributed's Client.__del__ stops
    # its loop runner under a lock all loop runners share, so when the collector happens to run
    # it in the middle of the next Client's start (which holds that lock), the process hangs.
    gc.collect()
    raise ConfigError(
        f"cannot reach the Dask scheduler at {scheduler} within {timeout:g} s ({failure})",
        option="scheduler",
    )


#: Scheduler addresses: `local`, or a Dask comm address with a host and a port.
_ADDRESS = re.compile(r"(?:tcp|tls|ws|wss)://(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\Z")


def check_scheduler(scheduler: str) -> None:
    """Refuse a scheduler that is neither `local` nor an address like tcp://HOST:PORT."""
    if scheduler == "local":
        return
    match = _ADDRESS.match(scheduler)
    if match is None or not 0 < int(match.group(1)) < 65536:
        raise ConfigError(
            f"{scheduler!r} is not a Dask scheduler: give local or an address like tcp://HOST:PORT",
            option="scheduler",
        )


def _workers(client: Any) -> int:
    info = client.scheduler_info()
    threads = sum(int(w.get("nthreads", 1)) for w in info.get("workers", {}).values())
    return max(1, threads)


def run_dask(config: BatchConfig, client: Any = None) -> BatchSummary:
    """Clean `config`'s inputs on a Dask cluster (`client`, or one for `config.scheduler`)."""
    if client is None:
        check_scheduler(config.scheduler if config.scheduler is not None else "local")
    _require_dask()

    start = time.monotonic()
    if config.output == STDIN:
        raise ConfigError(
            "a Dask run writes files: give an output file name, not stdout",
            STDIN,
            option="scheduler",
        )
    args = list(config.inputs)
    for listing in config.from_lists:
        args.extend(read_list(listing))
    if any(a == STDIN for a in args):
        raise ConfigError(
            "a Dask run cannot read stdin: workers read the inputs themselves",
            STDIN,
            option="scheduler",
        )
    if config.url is not None:
        raise ConfigError("a url is for a single page, not for a Dask run", option="url")
    state, manifest, parts = start_run(config, args, dask=True)
    try:
        return _run_dask(config, client, state, manifest, parts, start)
    finally:
        if state.lock is not None:
            state.lock.release()


def _run_dask(
    config: BatchConfig,
    client: Any,
    state: Run,
    manifest: dict[str, Any] | None,
    earlier: list[dict[str, Any]],
    start: float,
) -> BatchSummary:
    from distributed import as_completed

    inputs = state.inputs
    for stale in leftover_temps(os.path.dirname(config.output), state.targets()):
        os.unlink(stale)
    own_client = client is None
    if client is None:
        client = _client(config.scheduler or "local", config.scheduler_timeout)
    try:
        count = config.partitions or 2 * _workers(client)
        if manifest is not None:
            count = int(manifest["partitions"])
        groups = partition(inputs, count)
        done: dict[int, dict[str, Any]] = {int(part["partition"]): part for part in earlier}

        def write_manifest(status: str) -> None:
            totals = BatchSummary()
            for k in sorted(done):
                part_summary = BatchSummary()
                part_summary.load_counts(done[k]["counts"])
                totals.merge(part_summary)
            parts = [done[k] for k in sorted(done)]
            state.write_manifest(status, totals, parts, {"partitions": len(groups)})

        futures = {}
        for k, group in enumerate(groups):
            if k in done:
                continue
            path = part_name(config.output, k)
            errors_part = state.errors_part_path(k) if state.errors_path else None
            future = client.submit(
                clean_partition,
                config,
                group,
                os.path.abspath(path),
                os.path.abspath(errors_part) if errors_part else None,
                key=f"clipper-partition-{k}-{os.getpid()}-{time.time_ns()}",
                pure=False,
            )
            futures[future] = (k, path, errors_part)
        write_manifest("running")
        for future in as_completed(list(futures)):  # type: ignore[no-untyped-call]
            k, path, errors_part = futures[future]
            result = future.result()
            done[k] = {
                "partition": k,
                "path": path,
                "errors_part": errors_part if result["errors_part"] else None,
                "first_input": groups[k][0].path,
                "last_input": groups[k][-1].path,
                "counts": result["counts"],
                **result["files"],
            }
            write_manifest("running")
    finally:
        if own_client:
            cluster = getattr(client, "cluster", None)
            client.close()
            if cluster is not None:
                cluster.close()

    summary = BatchSummary(manifest=state.manifest_path)
    for k in sorted(done):
        part_summary = BatchSummary()
        part_summary.load_counts(done[k]["counts"])
        summary.merge(part_summary)
    parts = [done[k] for k in sorted(done)]
    finish_errors(state.errors_path, parts, summary)
    write_manifest("done")
    summary.outputs = [p["path"] for p in parts]
    summary.seconds = time.monotonic() - start
    return summary


@dataclass(frozen=True, slots=True)
class PageError:
    """A page of a bag that gave no record, as the errors file would hold it."""

    source: str | None
    error: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "error": self.error, "message": self.message}


def _bag_item(page: Any) -> Item:
    if isinstance(page, dict):
        source = page.get("source")
        return item_from_object(page, source if isinstance(source, str) else "<bag>", None)
    if isinstance(page, bytes):
        return page_item("<bag>", page)
    if isinstance(page, str):
        kind = sniff_kind(page.encode("utf-8", "surrogatepass")[:4096])
        return Item(
            source=Source("<bag>", kind, None),
            content=page,
            kind=kind,
            payload=page.encode("utf-8", "surrogatepass"),
        )
    raise TypeError(f"a page is a str, bytes or dict, not {type(page).__name__}")


def clean_page(page: Any, options: CleanOptions | None = None) -> Clipping | PageError:
    """Clean one page of a bag: a str or bytes (HTML or copied text, told apart by content), or
    a dict like a JSONL input line (`html` or `text`, optional `url`, other keys kept in `extra`)."""
    item = _bag_item(page)
    where = item.source.path
    if where == "<bag>" and isinstance(page, dict) and isinstance(page.get("url"), str):
        where = page["url"]  # errors name the URL when one was given
    if item.error is not None:
        return PageError(where, item.error.kind, item.error.detail)
    outcome = clean_with_timeout(item, options or DEFAULT_OPTIONS, None)
    if isinstance(outcome, ClipperError):
        return PageError(where, outcome.kind, outcome.detail)
    assert isinstance(outcome, Clipping)
    return outcome


def clean_bag(bag: Any, options: CleanOptions | None = None) -> Any:
    """A `dask.bag` of `Clipping` (or `PageError` for pages that gave none), one per page.

    Example::

        import dask.bag as db
        from clipper.batch.dask import clean_bag
        from clipper import Clipping

        pages = db.read_text("dump-*.jsonl").map(json.loads)
        records = clean_bag(pages).filter(lambda r: isinstance(r, Clipping))
        records.map(lambda r: r.to_json()).to_textfiles("out/clean-*.jsonl")
    """
    return bag.map(clean_page, options=options or DEFAULT_OPTIONS)


__all__ = [
    "PageError",
    "clean_bag",
    "clean_page",
    "clean_partition",
    "partition",
    "run_dask",
]
