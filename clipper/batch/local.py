"""A batch run on this machine: inputs read in order, cleaned by the worker pool, written in order."""

from __future__ import annotations

import os
import time
from typing import Any

from ..errors import ConfigError
from ..readers.files import SINGLE_KINDS, STDIN, read_list
from ..readers.rulefiles import read_rule_files
from ..writers import ConversionRegistry, read_conversions
from ..writers.atomic import split_suffix
from .config import BatchConfig, BatchSummary
from .output import Output, finish_errors, leftover_temps, seen_from_parts
from .pool import Pool, cpu_count, ordered_outcomes, warm_up
from .progress import Progress
from .resume import Run, positions, start_run


def run(config: BatchConfig) -> BatchSummary:
    """Clean every input of `config` into its output; return what was done.

    Per-input failures are counted and written to the errors file, never raised. Raises
    OutputExistsError when the output exists (neither `force` nor `resume`), OutputError when it
    cannot be written (bad suffix, no such folder), ConfigError for settings that cannot work
    together (`url` with many inputs, `resume` to stdout) and InputNotFoundError for an
    unreadable `from_lists` file.
    """
    if config.scheduler is not None:
        from .dask import run_dask

        result: BatchSummary = run_dask(config)
        return result
    start = time.monotonic()
    args = list(config.inputs)
    for listing in config.from_lists:
        args.extend(read_list(listing))
    if config.url is not None and len(args) != 1:
        raise ConfigError(
            "a url needs exactly one input (it is the URL of that input)", option="url"
        )
    run_state, manifest, parts = start_run(config, args)
    try:
        return _run(config, run_state, manifest, parts, start)
    finally:
        if run_state.lock is not None:
            run_state.lock.release()


def _run(
    config: BatchConfig,
    run_state: Run,
    manifest: dict[str, Any] | None,
    parts: list[dict[str, Any]],
    start: float,
) -> BatchSummary:
    inputs = run_state.inputs
    if config.url is not None and inputs and inputs[0].kind not in ("page", "stdin", "missing"):
        raise ConfigError(
            "a url applies to one page, not to a WARC or JSONL file", inputs[0].path, option="url"
        )
    if config.url is not None and len(inputs) > 1:
        # A folder or a glob is one argument but many pages: the URL would be given to all.
        raise ConfigError(
            f"a url applies to one page; {config.inputs[0]} holds {len(inputs)} inputs",
            config.inputs[0],
            option="url",
        )

    summary = BatchSummary(manifest=run_state.manifest_path)
    seen: dict[str, str] = {}
    conversions: ConversionRegistry = {}
    if manifest is not None:
        summary.load_counts(manifest["done"])
        summary.resumed = summary.inputs
        if manifest.get("status") == "done":
            summary.outputs = [p["path"] for p in parts]
            summary.errors_path = run_state.errors_path
            summary.seconds = time.monotonic() - start
            return summary
        if config.dedup:
            seen = seen_from_parts(parts)
            for part in parts:
                if split_suffix(part["path"])[1].lower() in (".warc", ".warc.gz"):
                    conversions.update(read_conversions(part["path"]))
    if not run_state.stdout:
        directory = os.path.dirname(config.output)
        names = [run_state.part_path(len(parts)), *run_state.targets()]
        if run_state.errors_path:
            names.append(run_state.errors_part_path(len(parts)))
        for temp in leftover_temps(directory, names):
            os.unlink(temp)

    def commit(out: Output) -> None:
        run_state.write_manifest("running", summary, parts + out.parts)

    output = Output(
        config,
        summary,
        part_path=run_state.part_path,
        errors_part_path=run_state.errors_part_path if run_state.errors_path else None,
        max_size=None if run_state.stdout else run_state.max_size,
        first_part=len(parts),
        seen=seen,
        conversions=conversions,
        on_commit=commit,
    )
    if not parts:
        run_state.write_manifest("running", summary, [])

    workers = config.workers or cpu_count()
    if all(i.kind in SINGLE_KINDS for i in inputs):
        # One item per input: more workers than inputs would only cost start-up.
        workers = max(1, min(workers, len(inputs) - summary.inputs))
    items = positions(inputs, config.options.max_bytes, config.url, summary.inputs)
    total_bytes = sum(i.size or 0 for i in inputs) or None
    progress = Progress(config, total_bytes, summary)
    pool: Pool | None = None
    try:
        warm_up()
        # The rule files are read once, here; the workers get the frozen result.
        pool = Pool(workers, read_rule_files(config.options), config.timeout)
        for item, outcome, position in ordered_outcomes(items, pool, window=4 * workers + 4):
            output.add(item, outcome)
            progress.update(position)
        output.close()
        progress.update(total_bytes or 0, force=True)
    except BaseException:
        if pool is not None:
            pool.terminate()
            pool = None
        output.abort()
        raise
    finally:
        progress.close()
        if pool is not None:
            pool.close()
    parts.extend(output.parts)
    finish_errors(run_state.errors_path, parts, summary)
    if not run_state.stdout:
        # Parts of an earlier, longer run under the same name would mix two runs.
        for stale in run_state.stale_parts(p["path"] for p in parts):
            os.unlink(stale)
        run_state.write_manifest("done", summary, parts)
    summary.outputs = [p["path"] for p in parts if p["path"] != STDIN]
    summary.seconds = time.monotonic() - start
    return summary


__all__ = ["run"]
