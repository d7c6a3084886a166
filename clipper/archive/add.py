"""`Archive.add`: sort the inputs (URLs, clipper's own output, things to clean), drive the batch
engine for the cleaning, then append and catalogue what it wrote."""

from __future__ import annotations

import json
import os
import tempfile
import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from ..errors import ClipperError
from ..models import CleanOptions, Clipping
from ..readers.files import STDIN, expand_inputs
from ..writers import ErrorsWriter, open_writer
from .fetch import TIMEOUT, FetchError, fetch, looks_like_url
from .groups import Group, is_clipper_warc, is_record_jsonl, read_warc_groups

if TYPE_CHECKING:
    from .core import AddSummary, Archive


def run_add(
    archive: Archive,
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
    from .core import AddSummary, _now

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
                staging = os.path.join(tmp, "records.warc")
                for chunk in _record_chunks(path, on_error, summary):
                    with open_writer(staging, force=True) as writer:
                        for clipping in chunk:
                            writer.write(clipping, None)
                    archive.add_groups(read_warc_groups(staging), summary, run=run_id)
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


def _record_chunks(
    path: str, on_error: object, summary: AddSummary, size: int = 5000
) -> Iterator[list[Clipping]]:
    """Clippings of a JSONL file of clipper records, a chunk at a time; a bad line is an error."""
    import gzip

    from ..errors import CorruptInputError

    report = on_error if callable(on_error) else None
    chunk: list[Clipping] = []
    with open(path, "rb") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        handle = gzip.GzipFile(fileobj=raw) if gz else raw
        offset = 0
        for line in handle:
            at = offset
            offset += len(line)
            if not line.strip():
                continue
            try:
                chunk.append(Clipping.from_json(line.decode("utf-8")))
            except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
                summary.inputs += 1
                summary.errors += 1
                error = CorruptInputError(
                    f"line at offset {at} is not a clipper record ({exc})", path
                )
                if report is not None:
                    report(error)
                continue
            if len(chunk) >= size:
                yield chunk
                chunk = []
    if chunk:
        yield chunk


__all__ = ["Group", "run_add"]
