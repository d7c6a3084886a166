"""`Archive.add`: sort the inputs (URLs, clipper's own output, things to clean), drive the batch
engine for the cleaning, then append and catalogue what it wrote."""

from __future__ import annotations

import collections
import concurrent.futures
import dataclasses
import gc
import json
import os
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any

from ..errors import ClipperError
from ..lexicon.counts import counted
from ..models import CleanOptions, Clipping
from ..readers.files import STDIN, expand_inputs
from ..writers import ErrorsWriter
from .catalogue import Prepared
from .core import COMMIT_EVERY, AddSummary, Store, _now
from .fetch import TIMEOUT, FetchError, fetch, looks_like_url
from .groups import Group, is_clipper_warc, is_record_jsonl, read_warc_groups


def run_add(
    archive: Store,
    args: list[str],
    *,
    options: CleanOptions,
    url: str | None,
    workers: int | None,
    errors: str | None,
    progress: bool | None,
    timeout: float | None,
    fetch_timeout: float | None,
) -> AddSummary:
    from ..batch import BatchConfig, run

    start = time.monotonic()
    summary = AddSummary()
    error_lines: list[tuple[str, str, str]] = []

    def on_error(exc: ClipperError) -> None:
        error_lines.append((exc.source or "<input>", exc.kind, exc.detail))

    run_id = archive._start_run(
        "add", {"inputs": args[:50], "url": url, "workers": workers, "options": options}
    )
    urls = [a for a in args if looks_like_url(a) and not os.path.exists(a)]
    paths = [a for a in args if a not in urls]
    direct_warcs: list[str] = []
    direct_jsonl: list[str] = []
    to_clean: list[str] = []
    if url is None:
        for inp in expand_inputs(paths):
            if inp.kind == "warc" and is_clipper_warc(inp.path):
                direct_warcs.append(inp.path)
            elif inp.kind == "jsonl" and inp.path != STDIN and is_record_jsonl(inp.path):
                direct_jsonl.append(inp.path)
            else:
                to_clean.append(inp.path)
    else:
        to_clean = paths

    try:
        with tempfile.TemporaryDirectory(dir=os.path.join(archive.path, "tmp")) as tmp:
            # 1. URLs: fetch each, keep its hops; the final responses go to the batch as a WARC.
            extra: dict[str, list[bytes]] = {}
            if urls:
                crawl = os.path.join(tmp, "fetched.warc")
                with open(crawl, "wb") as handle:
                    for link in urls:
                        try:
                            got = fetch(
                                link, timeout=fetch_timeout or TIMEOUT, max_body=options.max_bytes
                            )
                        except ClipperError as exc:
                            summary.inputs += 1
                            summary.errors += 1
                            if not isinstance(exc, FetchError) and exc.source is None:
                                exc.source = link
                            on_error(exc)
                            if len(summary.first_errors) < 10:
                                summary.first_errors.append((link, exc.kind, exc.detail))
                            continue
                        handle.write(got.response_record)
                        extra[got.response_id] = list(got.members[:-1])
                if extra:
                    to_clean.append(crawl)
            # 2. Pages, crawl WARCs, scraper JSONL: cleaned by the batch engine into a staging WARC.
            if to_clean:
                staging = os.path.join(tmp, "cleaned.warc")
                staging_errors = os.path.join(tmp, "cleaned.errors.jsonl")
                batch = run(
                    BatchConfig(
                        inputs=tuple(to_clean),
                        output=staging,
                        url=url,
                        errors=staging_errors,
                        force=True,
                        workers=workers,
                        timeout=timeout,
                        dedup=False,
                        progress=progress,
                        description="clipper archive add (staging)",
                        options=options,
                    )
                )
                summary.inputs += batch.errors + batch.skipped_total
                summary.errors += batch.errors
                summary.skipped.update(batch.skipped)
                for line in _read_errors(staging_errors):
                    error_lines.append(line)
                for source, kind, message in batch.first_errors:
                    if len(summary.first_errors) < 10:
                        summary.first_errors.append((source, kind, message))
                for out in batch.outputs:
                    archive.add_groups(
                        read_warc_groups(out),
                        summary,
                        run=run_id,
                        on_error=on_error,
                        extra_members=extra,
                    )
            # 3. clipper's own output: archived as it is.
            for path in direct_warcs:
                archive.add_groups(read_warc_groups(path), summary, run=run_id, on_error=on_error)
            for path in direct_jsonl:
                _add_records(archive, path, tmp, summary, run_id, on_error, progress=progress)
    finally:
        summary.seconds = time.monotonic() - start
        if error_lines or errors:
            path = errors or os.path.join(
                archive.path,
                "logs",
                f"add-{_now()[:19].replace(':', '')}-{os.getpid()}.errors.jsonl",
            )
            with ErrorsWriter(path, force=True) as errors_out:
                for source, kind, message in error_lines:
                    errors_out.write(source, kind, message)
            summary.errors_path = path
        archive._finish_run(run_id, summary)
    return summary


def _read_errors(path: str) -> Iterator[tuple[str, str, str]]:
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    yield data["source"], data["error"], data["message"]
    except FileNotFoundError:
        return


#: Records a staging worker turns into WARC records at a time (lines of a gzipped file) ...
RECORD_CHUNK = 500
#: ... or bytes of a plain file (about 500 of the dev pages' records).
RECORD_BYTES = 16 << 20


def _cores() -> int:
    """Cores this process may run on."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: Staging worker processes: the catalogue's process needs a core of its own; a second
#: worker only helps when a third core is there for it.
STAGING_WORKERS = 2 if _cores() >= 3 else 1


def _add_records(
    archive: Store,
    path: str,
    tmp: str,
    summary: AddSummary,
    run_id: int,
    on_error: Callable[[ClipperError], None],
    *,
    progress: bool | None = None,
) -> None:
    """Archive a JSONL file of clipper records without cleaning again.

    Worker processes (two when there are at least three cores, else one) turn chunks of
    lines into WARC records (the shared writer's layout, gzipped as stored) and catalogue
    rows, while this process appends and catalogues the chunks before, in order, so the
    JSON and WARC work overlaps the catalogue's.
    """
    import multiprocessing

    context = multiprocessing.get_context("fork" if threading.active_count() == 1 else "spawn")
    bar = _RecordsProgress(path, summary, progress)
    try:
        with concurrent.futures.ProcessPoolExecutor(
            STAGING_WORKERS,
            mp_context=context,
            initializer=_exit_with_parent,
            initargs=(os.getpid(),),
        ) as pool:
            pending: collections.deque[tuple[int, concurrent.futures.Future[str]]]
            pending = collections.deque()
            # Chunks staged ahead: enough for the workers to go on while this process
            # catalogues a transaction (COMMIT_EVERY clippings, several chunks).
            ahead = 2 * STAGING_WORKERS + COMMIT_EVERY // RECORD_CHUNK

            def staged() -> Iterator[Prepared | ClipperError]:
                """The chunks' clippings and error lines, in input order."""
                # A plain file is read by the workers, a byte range each (this process only
                # finds the line ends between ranges); a gzipped one is read here and its
                # lines sent.
                for k, (end, job, job_args) in enumerate(_jobs(path)):
                    target = os.path.join(tmp, f"records-{k:05d}.warc")
                    pending.append((end, pool.submit(_stage_to_file, job, job_args, target)))
                    if len(pending) >= ahead:
                        yield from _staged_items(pending.popleft(), bar)
                while pending:
                    yield from _staged_items(pending.popleft(), bar)

            # One stream for the whole file, so that a transaction (COMMIT_EVERY clippings)
            # spans chunks: fewer, larger commits and full-text segments. The cyclic garbage
            # collector is off meanwhile: the rows made no cycles, and its passes over the
            # millions of tuples unpickled were a seventh of this process's CPU (py-spy).
            collecting = gc.isenabled()
            gc.disable()
            try:
                archive.add_groups(staged(), summary, run=run_id, on_error=on_error)
            finally:
                if collecting:
                    gc.enable()
            bar.update(bar.position)  # the last transaction's clippings
    finally:
        bar.close()


def _stage_to_file(job: Callable[..., _Staged], job_args: tuple[Any, ...], target: str) -> str:
    """In a worker: run a staging job and pickle its result to a file beside `target`; returns
    the file's path.

    The adding process reads it with one read: a result sent back through the pool's pipe
    (17 MB a chunk, read 64 KB at a time into a growing buffer) cost it a tenth of its CPU.
    """
    import pickle

    collecting = gc.isenabled()
    gc.disable()  # as in the adding process: the rows make no cycles to collect
    try:
        staged = job(*job_args, target)
    finally:
        if collecting:
            gc.enable()
    path = target + ".staged"
    with open(path, "wb") as handle:
        pickle.dump(staged, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def _staged_items(
    job: tuple[int, concurrent.futures.Future[str]], bar: _RecordsProgress
) -> Iterator[Prepared | ClipperError]:
    """A chunk's error lines (as errors naming the file) and clippings, once it is staged."""
    import pickle

    from ..errors import CorruptInputError

    end, future = job
    path = future.result()
    with open(path, "rb", buffering=0) as handle:
        data = handle.readall()
    os.unlink(path)
    result: _Staged = pickle.loads(data)  # noqa: S301 - our own worker's file
    del data
    for _kind, message, source in result.errors:
        yield CorruptInputError(message, source)
    yield from result.groups
    bar.update(end)


def _exit_with_parent(parent: int) -> None:
    """In the staging worker: exit when the adding process is gone.

    A worker inherits the write end of its own task pipe, so a parent killed with SIGKILL never
    gives it an end of file: without this it would sleep for good, one orphan per killed add."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="clipper-parent-watch", daemon=True).start()


class _RecordsProgress:
    """A tqdm bar on stderr while a record JSONL file is archived: clippings, clippings/s,
    errors; the bar and ETA by the file's bytes (none for a gzipped file)."""

    def __init__(self, path: str, summary: AddSummary, show: bool | None) -> None:
        import sys

        self.summary = summary
        self.first = summary.added + summary.present
        self.start = time.monotonic()
        self.position = 0
        self.bar: Any = None
        if not (show if show is not None else sys.stderr.isatty()):
            return
        from ..batch.progress import byte_bar

        with open(path, "rb") as handle:
            gz = handle.read(2) == b"\x1f\x8b"
        self.bar = byte_bar(None if gz else os.path.getsize(path))
        self.update(0)

    def update(self, position: int) -> None:
        self.position = position
        if self.bar is None:
            return
        s = self.summary
        done = s.added + s.present - self.first
        rate = done / max(time.monotonic() - self.start, 1e-9)
        self.bar.set_description_str(
            f"{counted(done, 'clipping')}, {rate:.0f} clippings/s, {counted(s.errors, 'error')}",
            refresh=False,
        )
        self.bar.n = position
        self.bar.refresh()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


@dataclass(frozen=True, slots=True)
class _Staged:
    groups: tuple[Prepared | ClipperError, ...]
    errors: tuple[tuple[str, str, str], ...]


def _jobs(path: str) -> Iterator[tuple[int, Callable[..., _Staged], tuple[Any, ...]]]:
    """(byte offset the job reads to, staging function, its arguments but the target) for
    the chunks of a record JSONL file."""
    with open(path, "rb") as handle:
        gz = handle.read(2) == b"\x1f\x8b"
    if gz:
        for first, lines in _line_chunks(path, RECORD_CHUNK):
            yield first + sum(len(line) for line in lines), _stage_records, (path, first, lines)
    else:
        for start, end in _byte_ranges(path, RECORD_BYTES):
            yield end, _stage_range, (path, start, end)


def _byte_ranges(path: str, size: int) -> Iterator[tuple[int, int]]:
    """(start, end) byte ranges of about `size` bytes covering a plain file, cut at line ends."""
    with open(path, "rb") as handle:
        total = os.fstat(handle.fileno()).st_size
        start = 0
        while start < total:
            handle.seek(min(start + size, total) - 1)
            handle.readline()  # to the end of the line holding the range's last byte
            end = min(handle.tell(), total)
            yield start, end
            start = end


def _stage_range(path: str, start: int, end: int, target: str) -> _Staged:
    """In a worker: `_stage_records` of the lines from byte `start` to `end` of a plain file."""
    with open(path, "rb") as handle:
        handle.seek(start)
        data = handle.read(end - start)
    lines = data.split(b"\n")
    last = lines.pop()  # b"" when the range ends with a line end, else a last unended line
    lines = [line + b"\n" for line in lines]
    if last:
        lines.append(last)
    return _stage_records(path, start, lines, target)


def _line_chunks(path: str, size: int) -> Iterator[tuple[int, list[bytes]]]:
    """(offset of the first line, lines) of a JSONL file (gzipped or not), `size` lines at a time."""
    import gzip

    # A 1 MB buffer: clipping lines are tens of KB, and the default 8 KB buffer made reading
    # them line by line a twentieth of the adding process's CPU.
    with open(path, "rb", buffering=1 << 20) as raw:
        gz = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        handle: IO[bytes] = gzip.GzipFile(fileobj=raw) if gz else raw  # type: ignore[assignment]
        offset = first = 0
        chunk: list[bytes] = []
        for line in handle:
            if not chunk:
                first = offset
            chunk.append(line)
            offset += len(line)
            if len(chunk) >= size:
                yield first, chunk
                chunk = []
        if chunk:
            yield first, chunk


#: A record's keys as `Clipping.to_dict` writes them, and those of its lists' items.
_KEYS = [f.name for f in dataclasses.fields(Clipping)]
_ITEM_KEYS = {
    "removed": ["rule", "text"],
    "captions": ["text", "credit"],
    "contacts": ["name", "email"],
}
_NO_LISTS: dict[str, Any] = {key: () for key in _ITEM_KEYS}


def _as_written(data: Any) -> bool:
    """Whether `Clipping.from_dict(data).to_dict()` is `data` itself, keys in the same order
    (checked without building it: the removed lines alone are 120 objects a clipping).

    `from_dict` takes scalars as they are, makes the lists tuples (of objects for removed
    lines, captions and contacts, which `to_dict` gives back as dicts of their own keys) and
    fills missing keys: so the keys, the lists and their items' keys are what can differ.
    """
    if type(data) is not dict or list(data) != _KEYS:
        return False
    source = data["source"]
    if type(source) is not dict or list(source) != ["path", "type", "offset"]:
        return False
    if not all(type(data[key]) is list for key in ("authors", "contributors", "credits")):
        return False
    extra = data["extra"]
    if extra is not None and type(extra) is not dict:
        return False
    for key, names in _ITEM_KEYS.items():
        items = data[key]
        if type(items) is not list:
            return False
        for item in items:
            if type(item) is not dict or list(item) != names:
                return False
    return True


def _stage_records(path: str, first: int, lines: list[bytes], target: str) -> _Staged:
    """In a worker: the lines' clippings ready to append and catalogue (`Prepared`: WARC
    records gzipped, catalogue rows built).

    The shared writer builds each clipping's records (so the layout is the writer's); they
    are gzipped and split into headers and block here, in memory, rather than written to a
    file and read back, which took more CPU than building them. A line that holds the same
    record the writer would write (every field, in the writer's order, the same values) is the
    metadata record's block as it is: clipper's own JSONL is not serialised again. The
    catalogue rows are built here too, so the process holding the catalogue only inserts them
    (and unpickles rows, not the whole record and its WARC blocks).
    """
    import orjson

    from .catalogue import prepare
    from .groups import metadata_record
    from .warcfile import RawRecord, gzip_member, parse_record

    errors: list[tuple[str, str, str]] = []
    groups: list[Prepared | ClipperError] = []
    offset = first
    from ..writers.warc import WarcWriter

    with WarcWriter(target, force=True) as writer:
        for line in lines:
            at = offset
            offset += len(line)
            if not line.strip():
                continue
            clipping_id: Any = None
            try:
                try:
                    parsed = orjson.loads(line)
                    strict = True
                except orjson.JSONDecodeError:
                    # What orjson refuses and Python reads (NaN, huge integers, lone
                    # surrogates) is not JSON as the record must be: the writer serialises it.
                    parsed = json.loads(line)
                    strict = False
                same = strict and _as_written(parsed)
                if same:
                    # The writer takes from the Clipping only what goes into the WARC headers
                    # and the conversion record (id, URL, text, duplicate_of) when it is given
                    # the metadata block: the lists are not made into objects for nothing.
                    clipping = Clipping.from_dict({**parsed, **_NO_LISTS})
                else:
                    clipping = Clipping.from_dict(parsed)
                body = line.rstrip(b"\r\n")
                if clipping.id not in writer._conversions:  # noqa: SLF001
                    clipping_id = clipping.id
                # A record whose text is not a string fails here (and ends as an error line).
                built = writer._build(clipping, None, body if same else None)  # noqa: SLF001
                records = []
                for data in built:
                    headers, block = parse_record(data)
                    records.append(RawRecord(0, gzip_member(data), headers, block))
                # The catalogue rows come from the metadata record as written; when that is
                # the input line itself (clipper's own JSONL), the line's parse is reused.
                if records[-1].block == body:
                    record = parsed
                else:
                    record = metadata_record(records[-1])
                assert record is not None, "the writer ends a clipping with its metadata record"
                # A value the catalogue cannot store (an author name that is not text, a title
                # that is an object) fails here, as an error line of its own.
                groups.append(prepare(Group(tuple(records), record)))
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                # Not written: a later duplicate of it must not become a revisit of it.
                writer._conversions.pop(clipping_id, None)  # noqa: SLF001
                message = f"line at offset {at} is not a clipper record ({exc})"
                errors.append(("CorruptInputError", message, path))
                continue
    os.unlink(target)
    return _Staged(tuple(groups), tuple(errors))


__all__ = ["Group", "run_add"]
