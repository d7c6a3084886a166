"""A clipping's WARC records as one group: what is fetched, the original, conversion, metadata.

In clipper's WARC files a clipping's records end with its `metadata` record, so every record
since the previous metadata record belongs to it (requests and redirects of a fetch, the
original, the conversion or revisit). Groups are what the archive appends and catalogues whole.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from warcio.archiveiterator import ArchiveIterator

from ..errors import ClipperError, CorruptInputError, InputNotFoundError
from .warcfile import RawRecord, TornRecord, iter_members, iter_plain


@dataclass(frozen=True, slots=True)
class Group:
    """The records of one clipping, in file order, and its record (the metadata JSON)."""

    records: tuple[RawRecord, ...]
    record: dict[str, Any]

    @property
    def clipping_id(self) -> str:
        return str(self.record["id"])

    def original(self) -> RawRecord | None:
        """The capture the clipping was made from: the last response or resource record."""
        for raw in reversed(self.records):
            if raw.type in ("response", "resource"):
                return raw
        return None


def metadata_record(raw: RawRecord) -> dict[str, Any] | None:
    """The clipping record a metadata record holds, or None if it holds none."""
    if raw.type != "metadata":
        return None
    try:
        data = json.loads(raw.block)
    except ValueError:
        return None
    if isinstance(data, dict) and isinstance(data.get("id"), str) and "digest" in data:
        return data
    return None


def group_records(records: Iterator[RawRecord]) -> Iterator[Group | RawRecord]:
    """Groups, plus the records that stand alone (warcinfo); a trailing unfinished group is dropped.

    Use `pending` of the generator's caller (see `scan`) to learn where the unfinished part starts.
    """
    pending: list[RawRecord] = []
    for raw in records:
        if raw.type == "warcinfo" and not pending:
            yield raw
            continue
        pending.append(raw)
        record = metadata_record(raw)
        if record is not None:
            yield Group(tuple(pending), record)
            pending = []


def read_warc_groups(path: str) -> Iterator[Group | ClipperError]:
    """The groups of a WARC file clipper wrote (.warc or .warc.gz), streamed.

    A broken or truncated tail becomes one CorruptInputError after the groups before it.
    """
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below
    except OSError as exc:
        yield InputNotFoundError(f"cannot read: {exc.strerror or exc}", path)
        return
    with handle:
        gz = handle.read(2) == b"\x1f\x8b"
        records = iter_members(handle) if gz else iter_plain(handle)
        try:
            for got in group_records(records):
                if isinstance(got, Group):
                    yield got
        except TornRecord as exc:
            yield CorruptInputError(f"broken WARC record at offset {exc.offset}: {exc.why}", path)


def is_clipper_warc(path: str) -> bool:
    """Whether a WARC file holds clipper's output (conversion and metadata records).

    Looks at the first few records only: clipper writes its warcinfo first and a
    conversion within the first clipping's records.
    """
    try:
        with open(path, "rb") as handle:
            for n, record in enumerate(ArchiveIterator(handle)):
                if record.rec_type == "conversion":
                    return True
                if record.rec_type == "warcinfo":
                    body = record.content_stream().read(4096)
                    if b"software: clipper/" in body:
                        return True
                if n >= 8:
                    return False
    except Exception:  # noqa: BLE001 - a broken file is the batch's to report
        return False
    return False


def is_record_jsonl(path: str) -> bool:
    """Whether a JSONL file holds clipper records (id, text, digest, clipper_version) already."""
    import gzip

    try:
        with open(path, "rb") as raw:
            gz = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            handle: Any = gzip.GzipFile(fileobj=raw) if gz else raw
            for line in handle:
                if line.strip():
                    data = json.loads(line)
                    return isinstance(data, dict) and all(
                        k in data for k in ("id", "text", "digest", "clipper_version")
                    )
    except (OSError, ValueError, EOFError):
        return False
    return False
