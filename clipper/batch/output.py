"""Batch output: records in order into parts (dedup, rotation), error lines, committed atomically.

Part 0 is OUT itself (or OUT-00000 when a part size is given, as the writers name parts); when a
part would pass the size limit it is committed and the next one starts. Error lines are kept per
part in hidden files and joined into the errors file at the end.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from ..errors import ClipperError, InputError, OutputError
from ..models import Clipping
from ..readers.files import STDIN, Item
from ..writers import (
    ConversionRegistry,
    ErrorsWriter,
    Original,
    Writer,
    open_writer,
)
from ..writers.atomic import AtomicFile, split_suffix
from .config import BatchConfig, BatchSummary
from .pool import Outcome


def atomic_write(path: str, data: bytes) -> None:
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


def file_digest(path: str) -> tuple[int, str]:
    """(size, sha256 hex) of a file's bytes, as a manifest records them for a committed part."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def _writable(text: str) -> str:
    """`text` with lone surrogates escaped (`\\udcff`), so it can be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def _unwritable(clipping: Clipping, item: Item) -> ClipperError | None:
    """Why a record cannot be written (text that is not Unicode, nesting too deep), or None."""
    try:
        clipping.to_json().encode("utf-8")
        (item.url or "").encode("utf-8")
    except UnicodeEncodeError as exc:
        where = _writable(exc.object[exc.start : exc.end + 20])
        return InputError(
            f"the record holds text that is not valid Unicode (a lone surrogate at {where!r}) "
            "in its url, source or extra values",
            item.source.path,
        )
    except (RecursionError, ValueError) as exc:
        return InputError(f"the record cannot be written as JSON: {exc}", item.source.path)
    return None


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
        checkpoint: bool = True,
    ) -> None:
        self.config = config
        # Commit at least every `config.checkpoint` seconds or `config.checkpoint_inputs` inputs,
        # whatever the part size, so that a resumed run redoes a bounded amount of work.
        self.every = config.checkpoint if checkpoint else None
        self.every_inputs = config.checkpoint_inputs if checkpoint else None
        self.describe = checkpoint
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
        self.part_duplicates = 0
        self.opened = time.monotonic()
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
        self.part_duplicates = 0
        self.opened = time.monotonic()

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
        part: dict[str, Any] = {
            "path": paths[0] if paths else self.part_path(self.part),
            "errors_part": errors_paths[0] if errors_paths else None,
            "first_input": self.part_start,
            "end_input": self.summary.inputs,
            "records": self.part_records,
            "duplicates": self.part_duplicates,
        }
        if self.describe and part["path"] != STDIN:
            # What a resumed run checks the files against before it trusts them.
            part["size"], part["sha256"] = file_digest(part["path"])
            if part["errors_part"]:
                part["errors_size"], part["errors_sha256"] = file_digest(part["errors_part"])
        self.parts.append(part)
        self.part += 1
        self.part_start = self.summary.inputs
        self.opened = time.monotonic()
        if self.on_commit is not None:
            self.on_commit(self)

    def _due(self) -> bool:
        """Time to commit the part, whatever its size (a checkpoint)."""
        if self.summary.inputs == self.part_start:
            return False  # nothing since the last commit
        if self.every_inputs is not None and self.summary.inputs - self.part_start >= (
            self.every_inputs
        ):
            return True
        return self.every is not None and time.monotonic() - self.opened >= self.every

    def add(self, item: Item, outcome: Outcome) -> None:
        self._add(item, outcome)
        self.summary.inputs += 1
        if self.max_size is not None and self._due():
            self._commit()

    def _add(self, item: Item, outcome: Outcome) -> None:
        summary = self.summary
        if isinstance(outcome, Clipping):
            clipping = outcome
            first = self.seen.get(clipping.digest) if self.config.dedup and clipping.text else None
            if first is not None:
                clipping = clipping.with_changes(duplicate_of=first)
            unwritable = _unwritable(clipping, item)
            if unwritable is not None:
                # Checked before the writer sees it: a writer that failed half-way through a
                # WARC record would leave the part broken.
                self._error(item, unwritable)
                return
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
                    self.part_duplicates += 1
                elif self.config.dedup and clipping.text:
                    self.seen[clipping.digest] = clipping.id
                summary.removed.update(r.rule for r in clipping.removed)
        elif isinstance(outcome, ClipperError):
            self._error(item, outcome)
        else:
            summary.skipped[outcome] += 1

    def _error(self, item: Item, exc: ClipperError) -> None:
        source = item.source.path or exc.source or "<input>"
        if item.source.offset is not None and item.source.type in ("warc", "jsonl"):
            source = f"{source}@{item.source.offset}"
        # A name or message holding a lone surrogate cannot be written as UTF-8: escape it, so
        # that the error line is written and the batch goes on.
        source, detail = _writable(source), _writable(exc.detail)
        if self.errors_part is None and self.errors_part_path is not None:
            # Opened at the first error only: most parts have none, and each file costs fsyncs.
            self.errors_part = ErrorsWriter(self.errors_part_path(self.part), force=True)
        if self.errors_part is not None:
            self.errors_part.write(source, exc.kind, detail)
        self.summary.add_error(source, exc.kind, detail)

    def close(self) -> None:
        """Commit the last part (an empty output still gets its file, with its warcinfo)."""
        if self.parts and self.summary.inputs == self.part_start and self.writer is None:
            return  # a checkpoint has just committed everything
        self._commit()

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()
        if self.errors_part is not None:
            self.errors_part.abort()
        self.writer, self.errors_part = None, None


def seen_from_parts(parts: list[dict[str, Any]]) -> dict[str, str]:
    """Dedup state (text digest -> first id) rebuilt from the records of committed parts."""
    seen: dict[str, str] = {}
    for part in parts:
        for record in records_of(part["path"]):
            if record.get("text") and not record.get("duplicate_of"):
                seen.setdefault(record["digest"], record["id"])
    return seen


def records_of(path: str) -> Iterator[dict[str, Any]]:
    """The JSON objects of a JSONL output or of a WARC output's metadata records."""
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


def finish_errors(
    errors_path: str | None, parts: list[dict[str, Any]], summary: BatchSummary
) -> None:
    """Join the committed error parts into the errors file, then drop the parts."""
    if errors_path is None:
        return
    with ErrorsWriter(errors_path, force=True) as out:
        for part in parts:
            path = part.get("errors_part")
            if not path:
                continue
            with open(path, encoding="utf-8") as handle:
                for line in handle:
                    if line.strip():
                        data = json.loads(line)
                        out.write(data["source"], data["error"], data["message"])
    summary.errors_path = errors_path
    for part in parts:
        if part.get("errors_part"):
            try:
                os.unlink(part["errors_part"])
            except FileNotFoundError:
                pass
            part["errors_part"] = None


def leftover_temps(directory: str, names: Iterable[str]) -> list[str]:
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


__all__ = [
    "Output",
    "atomic_write",
    "default_errors_path",
    "file_digest",
    "finish_errors",
    "leftover_temps",
    "records_of",
    "seen_from_parts",
]
