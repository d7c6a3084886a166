"""Many inputs: a killable worker pool, ordered output, parts and a manifest for --resume, dedup.

One run reads items (pages, WARC records, JSONL lines) in input order, cleans them in worker
processes, and writes the outcomes in the same order: a record, an error line, or a skip.

Output is written in parts. Part 0 is OUT itself (or OUT-00000 when --max-size is given, as
the writers name parts); when a part would pass the size limit it is committed and the next
one starts. After each committed part a manifest beside OUT (OUT.manifest.json, written
atomically) says which inputs are done, so `--resume` after a crash or SIGKILL keeps the
committed parts, drops the half-written one and goes on from there.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field, replace
from multiprocessing.connection import Connection, wait
from typing import Any

from . import errors as _errors
from ._version import __version__
from .errors import CleanTimeoutError, ClipperError, InputError, OutputError
from .models import DEFAULT_OPTIONS, CleanOptions, Clipping
from .pipeline import clean_html, clean_text
from .readers.files import STDIN, Input, Item, expand_inputs, iter_items, read_list
from .readers.formats import Patterns
from .writers import (
    ConversionRegistry,
    ErrorsWriter,
    Original,
    Writer,
    open_writer,
    part_name,
    read_conversions,
)
from .writers.atomic import AtomicFile, existing_parts, split_suffix

#: Default size at which output rotates into a new part.
DEFAULT_MAX_SIZE = 1_000_000_000
#: How many error lines the summary keeps to show.
SHOWN_ERRORS = 10
MANIFEST_SUFFIX = ".manifest.json"

Outcome = Clipping | ClipperError | str  # a str is the reason an input was skipped


@dataclass(frozen=True, slots=True)
class BatchConfig:
    """Everything one `clipper clean` run needs; the CLI builds it from its options."""

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
    #: Globs for files found in folders: --include (only these) and --exclude (never these).
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    options: CleanOptions = DEFAULT_OPTIONS


@dataclass(slots=True)
class BatchSummary:
    """What a run did. Invariant: inputs == records + errors + skipped."""

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
    #: Inputs already done by an earlier, interrupted run (with --resume).
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


# -- cleaning one item (runs in a worker) -------------------------------------------------


def clean_item(item: Item, options: CleanOptions) -> Clipping:
    """Clean one item with the library pipeline; raises ClipperError."""
    assert item.content is not None
    if item.kind == "html":
        clipping = clean_html(
            item.content, item.url, options, source=item.source, http_charset=item.http_charset
        )
    else:
        clipping = clean_text(item.content, item.url, options, source=item.source)
    changes: dict[str, Any] = {}
    if item.fetched and not clipping.fetched:
        changes["fetched"] = item.fetched
    if item.extra:
        changes["extra"] = item.extra
    if item.meta:
        changes.update(item.meta)  # what the input states (front matter, the file's id) wins
    return clipping.with_changes(**changes) if changes else clipping


def _error_tuple(exc: ClipperError) -> tuple[str, str, str | None]:
    return (exc.kind, exc.detail, exc.source)


def _rebuild_error(kind: str, detail: str, source: str | None) -> ClipperError:
    # Exceptions lose their `source` when pickled, so they travel as (kind, detail, source).
    cls = getattr(_errors, kind, None)
    if not (isinstance(cls, type) and issubclass(cls, ClipperError)):
        cls = ClipperError
    return cls(detail, source)


def _unexpected(exc: BaseException, item: Item) -> ClipperError:
    """A bug in a cleaning step must cost one input, not the batch."""
    return InputError(f"unexpected {type(exc).__name__}: {exc}", item.source.path)


class _Alarm(BaseException):
    """Raised in a worker by SIGALRM when an input runs past its time limit."""


def _on_alarm(signum: int, frame: Any) -> None:
    raise _Alarm()


def clean_with_timeout(item: Item, options: CleanOptions, timeout: float | None) -> Outcome:
    """Clean one item, turning every failure into a ClipperError (SIGALRM-timed in main threads)."""
    import threading

    use_alarm = timeout is not None and threading.current_thread() is threading.main_thread()
    try:
        if use_alarm:
            assert timeout is not None
            signal.signal(signal.SIGALRM, _on_alarm)
            signal.setitimer(signal.ITIMER_REAL, timeout)
        try:
            return clean_item(item, options)
        finally:
            if use_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
    except _Alarm:
        return CleanTimeoutError(f"took longer than {timeout:g} s", item.source.path)
    except ClipperError as exc:
        return exc
    except Exception as exc:  # noqa: BLE001 - see _unexpected
        return _unexpected(exc, item)


def _worker_main(
    conn: Connection, options: CleanOptions, timeout: float | None, parent: int | None
) -> None:
    """A worker process: receive (index, item), send back (index, outcome) until told to stop.

    `parent` is the pid of the parent when the worker was forked from it: forked siblings
    share pipe ends, so a killed parent is noticed by the parent pid changing rather than by
    the pipe closing.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    while True:
        try:
            if not conn.poll(1.0):
                if parent is not None and os.getppid() != parent:
                    return  # the parent died (SIGKILL): do not linger
                continue
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        index, item = message
        outcome = clean_with_timeout(item, options, timeout)
        payload: Any = (
            ("error", *_error_tuple(outcome)) if isinstance(outcome, ClipperError) else outcome
        )
        try:
            conn.send((index, payload))
        except (OSError, ValueError):
            return


def _start_method() -> str:
    """fork where it is safe (no other threads: workers start at once and share the parent's
    loaded modules); else forkserver, else spawn."""
    import threading

    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


@dataclass(slots=True)
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection
    task: int | None = None
    item: Item | None = None
    started: float = 0.0
    done: int = 0


class Pool:
    """Worker processes that can be killed one by one (a stuck input) and replaced.

    Each worker has its own pipe and at most one input in flight, so the parent always knows
    which input a worker holds and since when.
    """

    def __init__(
        self,
        workers: int,
        options: CleanOptions,
        timeout: float | None,
        *,
        grace: float = 2.0,
        start_method: str | None = None,
        max_tasks: int | None = 1000,
    ) -> None:
        self.method = start_method or _start_method()
        self.ctx: Any = multiprocessing.get_context(self.method)
        if self.method == "forkserver":
            self.ctx.set_forkserver_preload(["clipper.batch", "clipper.pipeline"])
        self.options = options
        self.timeout = timeout
        # Workers are replaced after this many inputs, so that whatever a parser's caches or a
        # fragmented heap make them grow by cannot add up over a long run: memory stays flat.
        self.max_tasks = max_tasks
        # A worker's own alarm stops a slow input; this is the backstop for code that
        # ignores signals (a long call inside a C extension).
        self.hard_limit = None if timeout is None else timeout + max(grace, timeout * 0.2)
        self.workers = [self._start() for _ in range(max(1, workers))]

    def _start(self) -> _Worker:
        parent_conn, child_conn = self.ctx.Pipe()
        parent = os.getpid() if self.method == "fork" else None
        process = self.ctx.Process(
            target=_worker_main,
            args=(child_conn, self.options, self.timeout, parent),
            daemon=True,
        )
        process.start()
        child_conn.close()
        return _Worker(process, parent_conn)

    def idle(self) -> _Worker | None:
        for worker in self.workers:
            if worker.task is None:
                return worker
        return None

    @property
    def busy(self) -> int:
        return sum(1 for w in self.workers if w.task is not None)

    def submit(self, worker: _Worker, index: int, item: Item) -> None:
        # The worker does not need the raw WARC record; it stays with the parent.
        worker.conn.send((index, replace(item, warc_record=None)))
        worker.task = index
        worker.item = item
        worker.started = time.monotonic()

    def _replace(self, worker: _Worker) -> None:
        try:
            worker.process.kill()
        except (OSError, ValueError):
            pass
        worker.process.join(5)
        worker.conn.close()
        self.workers[self.workers.index(worker)] = self._start()

    def collect(self, max_wait: float) -> list[tuple[int, Outcome]]:
        """Outcomes that arrive within `max_wait` seconds; kills workers past the hard limit."""
        busy = [w for w in self.workers if w.task is not None]
        if not busy:
            return []
        now = time.monotonic()
        if self.hard_limit is not None:
            soonest = min(w.started + self.hard_limit for w in busy)
            max_wait = max(0.0, min(max_wait, soonest - now))
        by_conn = {id(w.conn): w for w in busy}
        done: list[tuple[int, Outcome]] = []
        for conn in wait([w.conn for w in busy], max_wait):
            worker = by_conn[id(conn)]
            index, item = worker.task, worker.item
            assert index is not None and item is not None
            worker.task, worker.item = None, None
            try:
                got, payload = worker.conn.recv()
            except (EOFError, OSError):
                worker.process.join(2)  # reap it, so that its exit status is known
                code = worker.process.exitcode
                why = f"signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                done.append(
                    (index, InputError(f"the worker cleaning it died ({why})", item.source.path))
                )
                self._replace(worker)
                continue
            if isinstance(payload, tuple) and payload and payload[0] == "error":
                done.append((got, _rebuild_error(*payload[1:])))
            else:
                done.append((got, payload))
            worker.done += 1
            if self.max_tasks is not None and worker.done >= self.max_tasks:
                self._retire(worker)
        if self.hard_limit is not None:
            now = time.monotonic()
            for worker in list(self.workers):
                if worker.task is not None and now - worker.started > self.hard_limit:
                    index, item = worker.task, worker.item
                    assert index is not None and item is not None
                    message = f"took longer than {self.timeout:g} s (worker stopped)"
                    done.append((index, CleanTimeoutError(message, item.source.path)))
                    self._replace(worker)
        return done

    def _retire(self, worker: _Worker) -> None:
        """Stop an idle worker politely and start a fresh one in its place."""
        try:
            worker.conn.send(None)
        except (OSError, ValueError):
            pass
        worker.process.join(5)
        self._replace(worker)

    def close(self) -> None:
        for worker in self.workers:
            try:
                worker.conn.send(None)
            except (OSError, ValueError):
                pass
        for worker in self.workers:
            worker.process.join(2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(2)
            worker.conn.close()

    def terminate(self) -> None:
        for worker in self.workers:
            worker.process.kill()
        for worker in self.workers:
            worker.process.join(2)
            worker.conn.close()


def cpu_count() -> int:
    """CPUs this process may use (the affinity mask, not the machine's total)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return os.cpu_count() or 1


def _warm_up() -> None:
    """Load the cleaning code and its lazy data (models, word lists) before forking, so every
    worker starts with them loaded (shared copy-on-write) instead of paying on its first input."""
    for name in ("clipper.extract.html", "clipper.extract.text", "clipper.rules"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    samples = (
        (clean_text, "Warm-up headline\n\nA first paragraph of warm-up text for the cleaner.\n"),
        (
            clean_html,
            "<html><body><article><p>A paragraph of warm-up text.</p></article></body></html>",
        ),
    )
    for clean, sample in samples:
        try:
            clean(sample)
        except Exception:  # noqa: BLE001 - a failure here shows up again on real inputs
            pass


Position = tuple[int, Item]  # (input bytes done, item)


def ordered_outcomes(
    items: Iterator[Position],
    clean: Callable[[Item], Outcome] | Pool,
    *,
    window: int,
) -> Iterator[tuple[Item, Outcome, int]]:
    """(item, outcome, bytes done) for every item, in input order.

    With a Pool, at most `window` items are held at once (in flight or waiting for an earlier
    one to finish), so memory stays flat however many inputs there are.
    """
    if not isinstance(clean, Pool):
        for position, item in items:
            outcome: Outcome = (
                item.error if item.error else item.skip if item.skip is not None else clean(item)
            )
            yield item, outcome, position
        return
    pool = clean
    held: dict[int, tuple[Item, int]] = {}
    done: dict[int, Outcome] = {}
    waiting: tuple[int, int, Item] | None = None
    next_in = next_out = 0
    exhausted = False
    while True:
        while not exhausted and len(held) < window:
            if waiting is None:
                got = next(items, None)
                if got is None:
                    exhausted = True
                    break
                waiting = (next_in, got[0], got[1])
                next_in += 1
            index, position, item = waiting
            if item.error is not None or item.skip is not None:
                done[index] = item.error if item.error is not None else str(item.skip)
            else:
                worker = pool.idle()
                if worker is None:
                    break
                pool.submit(worker, index, item)
            held[index] = (item, position)
            waiting = None
        while next_out in done:
            item, position = held.pop(next_out)
            yield item, done.pop(next_out), position
            next_out += 1
        if exhausted and not held:
            return
        for index, outcome in pool.collect(0.5):
            done[index] = outcome


# -- output: parts, errors, manifest ---------------------------------------------------------


def _atomic_write(path: str, data: bytes) -> None:
    handle = AtomicFile(path, force=True)
    try:
        handle.write(data)
    except BaseException:
        handle.discard()
        raise
    handle.commit()


def _estimate(clipping: Clipping, original: Original, warc: bool, no_original: bool) -> int:
    """Bytes one clipping adds to a part, before compression (an upper bound for WARC)."""
    line = len(clipping.to_json().encode("utf-8"))
    if not warc:
        return line + 1
    header = 1024 + 2 * len((original.target_uri or clipping.url or "").encode("utf-8"))
    size = line + header + len(clipping.text.encode("utf-8")) + header
    if not no_original:
        size += (
            len(original.warc_record) if original.warc_record else len(original.payload) + header
        )
    return size


def default_errors_path(output: str) -> str | None:
    """OUT.errors.jsonl beside OUT (out.warc.gz.errors.jsonl: a .jsonl and a .warc.gz output
    of the same name do not share one); None for stdout."""
    if output == STDIN:
        return None
    return output + ".errors.jsonl"


class Output:
    """Writes outcomes in order: records (dedup, rotation), error lines, skip counts.

    `part_path(k)` names part k. After a part is committed, `on_commit` is told how many
    inputs are done, so a manifest can be written.
    """

    def __init__(
        self,
        config: BatchConfig,
        summary: BatchSummary,
        *,
        part_path: Callable[[int], str],
        errors_part_path: Callable[[int], str] | None,
        max_size: int | None,
        first_part: int = 0,
        seen: dict[str, str] | None = None,
        conversions: ConversionRegistry | None = None,
        on_commit: Callable[[Output], None] | None = None,
    ) -> None:
        self.config = config
        self.summary = summary
        self.part_path = part_path
        self.errors_part_path = errors_part_path
        self.max_size = max_size
        self.part = first_part
        self.seen: dict[str, str] = seen if seen is not None else {}
        # The conversions written so far in this run (after --resume, read back from the parts
        # written before the crash), shared by every part's writer, so that a duplicate in a
        # later part is a revisit of the first one.
        self.conversions: ConversionRegistry = conversions if conversions is not None else {}
        self.on_commit = on_commit
        self.warc = split_suffix(part_path(0))[1].lower() in (".warc", ".warc.gz")
        self.writer: Writer | None = None
        self.errors_part: ErrorsWriter | None = None
        self.part_size = 0
        self.part_records = 0
        self.parts: list[dict[str, Any]] = []
        self.part_start = summary.inputs

    def _open(self) -> None:
        config = self.config
        self.writer = open_writer(
            self.part_path(self.part),
            force=True,
            no_original=config.no_original,
            description=config.description,
            conversions=self.conversions,
        )
        self.part_size = 0
        self.part_records = 0

    def _ensure_open(self) -> Writer:
        if self.writer is None:
            self._open()
        assert self.writer is not None
        return self.writer

    def _commit(self) -> None:
        """Finish the part being written (records and error lines) and report it."""
        writer = self._ensure_open()
        paths = writer.close()
        errors_paths = self.errors_part.close() if self.errors_part is not None else []
        self.writer, self.errors_part = None, None
        self.parts.append(
            {
                "path": paths[0] if paths else self.part_path(self.part),
                "errors_part": errors_paths[0] if errors_paths else None,
                "first_input": self.part_start,
                "end_input": self.summary.inputs,
                "records": self.part_records,
            }
        )
        self.part += 1
        self.part_start = self.summary.inputs
        if self.on_commit is not None:
            self.on_commit(self)

    def add(self, item: Item, outcome: Outcome) -> None:
        summary = self.summary
        if isinstance(outcome, Clipping):
            clipping = outcome
            first = self.seen.get(clipping.digest) if self.config.dedup and clipping.text else None
            if first is not None:
                clipping = clipping.with_changes(duplicate_of=first)
            original = Original(
                payload=item.payload,
                warc_record=item.warc_record,
                target_uri=item.url,
                date=item.fetched,
                content_type=item.content_type,
            )
            size = _estimate(clipping, original, self.warc, self.config.no_original)
            writer = self._ensure_open()
            if (
                self.max_size is not None
                and self.part_records
                and self.part_size + size > self.max_size
            ):
                self._commit()
                writer = self._ensure_open()
            try:
                writer.write(clipping, original)
            except ClipperError as exc:
                if isinstance(exc, OutputError):
                    raise
                # A broken original WARC record: the writer refused it before writing anything.
                self._error(item, exc)
            else:
                self.part_size += size
                self.part_records += 1
                summary.records += 1
                if first is not None:
                    summary.duplicates += 1
                elif self.config.dedup and clipping.text:
                    self.seen[clipping.digest] = clipping.id
                summary.removed.update(r.rule for r in clipping.removed)
        elif isinstance(outcome, ClipperError):
            self._error(item, outcome)
        else:
            summary.skipped[outcome] += 1
        summary.inputs += 1

    def _error(self, item: Item, exc: ClipperError) -> None:
        source = item.source.path or exc.source or "<input>"
        if item.source.offset is not None and item.source.type in ("warc", "jsonl"):
            source = f"{source}@{item.source.offset}"
        if self.errors_part is None and self.errors_part_path is not None:
            # Opened at the first error only: most parts have none, and each file costs fsyncs.
            self.errors_part = ErrorsWriter(self.errors_part_path(self.part), force=True)
        if self.errors_part is not None:
            self.errors_part.write(source, exc.kind, exc.detail)
        self.summary.add_error(source, exc.kind, exc.detail)

    def close(self) -> None:
        """Commit the last part (an empty output still gets its file, with its warcinfo)."""
        self._commit()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
        if self.errors_part is not None:
            self.errors_part.abort()
        self.writer, self.errors_part = None, None


# -- running --------------------------------------------------------------------------------


RESUME_MISMATCH = (
    "the interrupted run had other inputs, settings or rule files than this command: resume "
    "with exactly its inputs and options, or use --force to start over"
)


def _fingerprint(config: BatchConfig, inputs: list[Input]) -> dict[str, Any]:
    """What must not change between a run and its --resume."""
    listing = hashlib.sha256()
    for inp in inputs:
        listing.update(f"{inp.path}\0{inp.kind}\0{inp.size}\n".encode())
    return {
        "inputs": list(config.inputs),
        "from_lists": list(config.from_lists),
        "input_files": listing.hexdigest(),
        "url": config.url,
        "no_original": config.no_original,
        "max_size": config.max_size,
        "dedup": config.dedup,
        "options": {
            k: list(v) if isinstance(v, tuple) else v for k, v in asdict(config.options).items()
        },
        # The files the options name, by content: a repeats or rules file made anew between a
        # run and its --resume would clean the rest of the inputs differently.
        "option_files": _file_digests([*config.options.site_rules, *config.options.repeats]),
    }


def _file_digests(paths: Iterable[str]) -> dict[str, str | None]:
    """sha256 of each file's bytes; None for one that cannot be read (cleaning reports it)."""
    out: dict[str, str | None] = {}
    for path in paths:
        digest = hashlib.sha256()
        try:
            with open(path, "rb") as handle:
                for chunk in iter(lambda: handle.read(1 << 20), b""):
                    digest.update(chunk)
        except OSError:
            out[path] = None
            continue
        out[path] = digest.hexdigest()
    return out


def _positions(inputs: list[Input], limit: int, url: str | None, skip: int) -> Iterator[Position]:
    """Items of all inputs with the input bytes done so far; the first `skip` items left out."""
    done = 0
    for inp in inputs:
        if skip > 0 and inp.kind in ("page", "missing", "stdin"):
            # One item each: skipped without reading the file again.
            skip -= 1
            done += inp.size or 0
            continue
        for item in iter_items([inp], limit, url=url):
            if skip > 0:
                skip -= 1
                continue
            if inp.kind in ("warc", "jsonl"):
                offset = item.source.offset or 0
                yield done + min(offset, inp.size or offset), item
            else:
                yield done + (inp.size or 0), item  # a page is done once it is read
        done += inp.size or 0


def _leftover_temps(directory: str, names: Iterable[str]) -> list[str]:
    """Hidden temp files (`.NAME.<pid>.<hex>.tmp`) a killed run left for these names."""
    wanted = {os.path.basename(n) for n in names}
    pattern = re.compile(r"\.(.+)\.\d+\.[0-9a-f]+\.tmp\Z")
    found = []
    try:
        entries = os.listdir(directory or ".")
    except OSError:
        return []
    for entry in entries:
        match = pattern.match(entry)
        if match and match.group(1) in wanted:
            found.append(os.path.join(directory, entry))
    return found


class _Run:
    """One local (process pool) run: targets, manifest, resume state."""

    def __init__(self, config: BatchConfig, inputs: list[Input]) -> None:
        self.config = config
        self.inputs = inputs
        self.stdout = config.output == STDIN
        self.numbered = config.max_size is not None
        self.max_size = config.max_size if config.max_size is not None else DEFAULT_MAX_SIZE
        self.errors_path = config.errors or default_errors_path(config.output)
        self.manifest_path = None if self.stdout else config.output + MANIFEST_SUFFIX
        self.fingerprint = _fingerprint(config, inputs)

    def part_path(self, k: int) -> str:
        if self.stdout:
            return STDIN
        if self.numbered:
            return part_name(self.config.output, k)
        return self.config.output if k == 0 else part_name(self.config.output, k)

    def errors_part_path(self, k: int) -> str:
        assert self.errors_path is not None
        head, tail = os.path.split(self.errors_path)
        return os.path.join(head, f".{tail}.{k:05d}.part")

    def targets(self) -> list[str]:
        """Files this run may create, as far as they can be named up front."""
        out = [] if self.stdout else [self.part_path(0)]
        if self.errors_path:
            out.append(self.errors_path)
        if self.manifest_path:
            out.append(self.manifest_path)
        return out

    def own_files(self) -> list[str]:
        """Files of this output (and of an earlier run of it), never to be read as input."""
        if self.stdout:
            return self.targets()
        return [*self.targets(), *existing_parts(self.config.output)]

    def check_targets(self, *, strict: bool) -> None:
        """Refuse a bad output name, and (if `strict`) an earlier run's output."""
        config = self.config
        if self.stdout:
            if config.resume:
                raise OutputError("--resume needs an output file, not stdout", STDIN)
            return
        suffix = split_suffix(config.output)[1].lower()
        if suffix not in (".jsonl", ".jsonl.gz", ".warc", ".warc.gz"):
            raise OutputError(
                "unknown output type: name it .jsonl, .jsonl.gz, .warc or .warc.gz, or - for stdout",
                config.output,
            )
        directory = os.path.dirname(config.output) or "."
        if not os.path.isdir(directory):
            raise OutputError(f"directory {directory!r} does not exist", config.output)
        if not strict:
            return
        for path in [*self.targets(), *existing_parts(config.output)]:
            if os.path.lexists(path):
                raise OutputError(
                    "already exists (use --force to overwrite, --resume to finish)", path
                )

    def read_manifest(self) -> dict[str, Any] | None:
        assert self.manifest_path is not None
        try:
            with open(self.manifest_path, encoding="utf-8") as handle:
                data: dict[str, Any] = json.load(handle)
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            raise OutputError(
                f"cannot read the manifest of the earlier run: {exc}", self.manifest_path
            ) from exc
        return data

    def write_manifest(
        self,
        status: str,
        summary: BatchSummary,
        parts: list[dict[str, Any]],
        extra: dict[str, Any] | None = None,
    ) -> None:
        if self.manifest_path is None:
            return
        data = {
            "clipper_version": __version__,
            "status": status,
            "output": self.config.output,
            "errors_file": self.errors_path,
            "settings": self.fingerprint,
            **(extra or {}),
            "parts": parts,
            "done": summary.counts(),
        }
        text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
        _atomic_write(self.manifest_path, text.encode("utf-8"))


def _seen_from_parts(parts: list[dict[str, Any]]) -> dict[str, str]:
    """Dedup state (text digest -> first id) rebuilt from the records of committed parts."""
    seen: dict[str, str] = {}
    for part in parts:
        for record in _records_of(part["path"]):
            if record.get("text") and not record.get("duplicate_of"):
                seen.setdefault(record["digest"], record["id"])
    return seen


def _records_of(path: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL output or of a WARC output's metadata records."""
    import gzip

    lower = path.lower()
    if lower.endswith((".jsonl", ".jsonl.gz")):
        opener: Any = gzip.open if lower.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)
        return
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            if record.rec_type == "metadata":
                yield json.loads(record.content_stream().read())


def _finish_errors(run: _Run, parts: list[dict[str, Any]], summary: BatchSummary) -> None:
    """Join the committed error parts into the errors file, then drop the parts."""
    if run.errors_path is None:
        return
    with ErrorsWriter(run.errors_path, force=True) as out:
        for part in parts:
            path = part.get("errors_part")
            if not path:
                continue
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        data = json.loads(line)
                        out.write(data["source"], data["error"], data["message"])
    summary.errors_path = run.errors_path
    for part in parts:
        if part.get("errors_part"):
            try:
                os.unlink(part["errors_part"])
            except FileNotFoundError:
                pass
            part["errors_part"] = None


def run(config: BatchConfig) -> BatchSummary:
    """Clean every input of `config` into its output; return what was done.

    Per-input failures are counted and written to the errors file, never raised. Raises
    OutputError when the output cannot be written (exists without --force, bad suffix) and
    InputNotFoundError for an unreadable --from-list file.
    """
    if config.scheduler:
        from .distributed import run_dask

        result: BatchSummary = run_dask(config)
        return result
    start = time.monotonic()
    args = list(config.inputs)
    for listing in config.from_lists:
        args.extend(read_list(listing))
    if config.url is not None and len(args) != 1:
        raise ClipperError("--url needs exactly one input (it is the URL of that input)")
    run_state = _Run(config, [])
    inputs = expand_inputs(
        args, exclude=run_state.own_files(), patterns=Patterns(config.include, config.exclude)
    )
    run_state = _Run(config, inputs)
    manifest = run_state.read_manifest() if config.resume and not run_state.stdout else None
    # --resume with nothing to resume is a fresh run, with a fresh run's checks.
    run_state.check_targets(strict=not config.force and manifest is None)
    if config.url is not None and inputs and inputs[0].kind not in ("page", "stdin", "missing"):
        raise ClipperError("--url applies to one page, not to a WARC or JSONL file", inputs[0].path)
    if config.url is not None and len(inputs) > 1:
        # A folder or a glob is one argument but many pages: the URL would be given to all.
        raise ClipperError(
            f"--url applies to one page; {args[0]} holds {len(inputs)} inputs", args[0]
        )

    summary = BatchSummary(manifest=run_state.manifest_path)
    parts: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    conversions: ConversionRegistry = {}
    if manifest is not None:
        if manifest.get("settings") != run_state.fingerprint:
            raise OutputError(
                RESUME_MISMATCH,
                run_state.manifest_path,
            )
        parts = list(manifest.get("parts", []))
        summary.load_counts(manifest["done"])
        summary.resumed = summary.inputs
        if manifest.get("status") == "done":
            summary.outputs = [p["path"] for p in parts]
            summary.errors_path = run_state.errors_path
            summary.seconds = time.monotonic() - start
            return summary
        if config.dedup:
            seen = _seen_from_parts(parts)
            for part in parts:
                if split_suffix(part["path"])[1].lower() in (".warc", ".warc.gz"):
                    conversions.update(read_conversions(part["path"]))
    if not run_state.stdout:
        directory = os.path.dirname(config.output)
        names = [run_state.part_path(len(parts)), *run_state.targets()]
        if run_state.errors_path:
            names.append(run_state.errors_part_path(len(parts)))
        for temp in _leftover_temps(directory, names):
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
    if all(i.kind in ("page", "missing", "stdin") for i in inputs):
        # One item per input: more workers than inputs would only cost start-up.
        workers = max(1, min(workers, len(inputs) - summary.inputs))
    items = _positions(inputs, config.options.max_bytes, config.url, summary.inputs)
    total_bytes = sum(i.size or 0 for i in inputs) or None
    progress = _Progress(config, total_bytes, summary)
    pool: Pool | None = None
    try:
        _warm_up()
        pool = Pool(workers, config.options, config.timeout)
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
    _finish_errors(run_state, parts, summary)
    if not run_state.stdout:
        keep = {p["path"] for p in parts}
        # Parts of an earlier, longer run under the same name would mix two runs.
        for stale in existing_parts(config.output):
            if stale not in keep:
                os.unlink(stale)
        run_state.write_manifest("done", summary, parts)
    summary.outputs = [p["path"] for p in parts if p["path"] != STDIN]
    summary.seconds = time.monotonic() - start
    return summary


class _Progress:
    """A tqdm bar on stderr: pages, pages/s, errors; ETA from the input bytes read."""

    def __init__(self, config: BatchConfig, total: int | None, summary: BatchSummary) -> None:
        show = config.progress if config.progress is not None else sys.stderr.isatty()
        self.summary = summary
        self.bar: Any = None
        self.start = time.monotonic()
        self.first = summary.inputs
        self.last = 0.0
        if show:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers may be forked later
            self.bar = tqdm(
                total=total,
                unit="B",
                unit_scale=True,
                file=sys.stderr,
                dynamic_ncols=True,
                bar_format="{percentage:3.0f}%|{bar}| {desc} [{elapsed}<{remaining}]"
                if total
                else "{desc} [{elapsed}]",
            )

    def update(self, position: int, *, force: bool = False) -> None:
        if self.bar is None:
            return
        now = time.monotonic()
        if now - self.last < 0.2 and not force:
            return
        self.last = now
        s = self.summary
        rate = (s.inputs - self.first) / max(now - self.start, 1e-9)
        # The description, not the postfix: tqdm puts ", " before a postfix.
        self.bar.set_description_str(
            f"{s.inputs} pages, {rate:.1f} pages/s, {s.errors} errors", refresh=False
        )
        self.bar.n = position
        self.bar.refresh()

    def close(self, position: int | None = None) -> None:
        if self.bar is not None:
            if position is not None:
                self.update(position, force=True)
            self.bar.close()


def format_summary(summary: BatchSummary) -> str:
    """The end-of-run report, a few lines for stderr."""
    rate = (summary.inputs - summary.resumed) / summary.seconds if summary.seconds > 0 else 0.0
    lines = [
        f"{summary.inputs} inputs: {summary.records} records ({summary.duplicates} duplicates), "
        f"{summary.errors} errors, {summary.skipped_total} skipped "
        f"in {summary.seconds:.1f} s ({rate:.1f} inputs/s)"
    ]
    if summary.resumed:
        lines.append(f"resumed: {summary.resumed} inputs were done by the interrupted run")
    if summary.skipped:
        reasons = ", ".join(f"{n} {why}" for why, n in summary.skipped.most_common())
        lines.append(f"skipped: {reasons}")
    if summary.removed:
        rules = ", ".join(f"{rule} {n}" for rule, n in summary.removed.most_common())
        lines.append(f"removed lines by rule: {rules}")
    for source, kind, message in summary.first_errors:
        lines.append(f"error: {source}: {kind}: {message}")
    if summary.errors > len(summary.first_errors):
        lines.append(f"... and {summary.errors - len(summary.first_errors)} more errors")
    if summary.outputs:
        shown = (
            summary.outputs
            if len(summary.outputs) <= 3
            else [summary.outputs[0], "...", summary.outputs[-1]]
        )
        lines.append("wrote " + ", ".join(shown))
    if summary.errors_path and summary.errors:
        lines.append(f"errors in {summary.errors_path}")
    return "\n".join(lines)


__all__ = [
    "DEFAULT_MAX_SIZE",
    "BatchConfig",
    "BatchSummary",
    "Output",
    "Pool",
    "clean_item",
    "clean_with_timeout",
    "default_errors_path",
    "format_summary",
    "ordered_outcomes",
    "run",
]
