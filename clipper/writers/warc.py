"""WARC 1.1 output: warcinfo, then per clipping its original, a conversion and a metadata record."""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import os
import re
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from io import BytesIO

from isal import isal_zlib
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders, StatusAndHeadersParser
from warcio.warcwriter import WARCWriter

from .._version import __version__
from ..errors import CorruptInputError, OutputError
from ..models import Clipping
from .atomic import split_suffix
from .base import ContextMixin, Original, Parts
from .urls import safe_url

WARC_VERSION = "WARC/1.1"
REVISIT_PROFILE = "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
WARC_FORMAT = "WARC File Format 1.1"
CONFORMS_TO = "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/"
TEXT_TYPE = "text/plain; charset=utf-8"
JSON_TYPE = "application/json"

#: Level of each .warc.gz member, compressed with ISA-L's deflate (`isal`), by `clipper clean`
#: and the archive alike (`gzip_member`). On the dev pages' records (original, conversion,
#: metadata) level 1 takes 0.45 ms of CPU a clipping against zlib level 6's 4.7 ms (zlib
#: level 1: 1.8 ms) for files 15% larger (40.0 against 34.8 MB for 711 pages): a WARC output
#: must not cost a tenth of the clean. The members are ordinary gzip: zlib, warcio, pywb read them.
GZIP_LEVEL = 1


def warc_date() -> str:
    """Now, as a WARC 1.1 date (UTC, microseconds)."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def record_id() -> str:
    """A fresh WARC-Record-ID."""
    return f"<urn:uuid:{uuid.uuid4()}>"


_NO_ORIGINAL = Original(b"")


@dataclass(frozen=True, slots=True)
class _Written:
    """The conversion record a later duplicate refers to (possibly in another file)."""

    record_id: str
    target_uri: str
    date: str
    payload_digest: str


#: Clipping id → its conversion record, for revisits; pass one dict to several writers to share it.
ConversionRegistry = dict[str, _Written]


def read_conversions(path: str) -> ConversionRegistry:
    """The conversions of a WARC file this writer wrote, by clipping id (to resume a run).

    A clipping's metadata record names its conversion (or revisit) in WARC-Concurrent-To; a
    revisit leads on to the conversion it refers to, as it did when it was written.
    """
    written: dict[str, _Written] = {}
    registry: ConversionRegistry = {}
    with open(path, "rb") as handle:
        for record in ArchiveIterator(handle):
            headers = record.rec_headers
            rec_id = headers.get_header("WARC-Record-ID")
            if record.rec_type == "conversion":
                digest = headers.get_header("WARC-Payload-Digest")
                if digest:  # always there in our files; without it no revisit can refer here
                    written[rec_id] = _Written(
                        rec_id,
                        headers.get_header("WARC-Target-URI") or "",
                        headers.get_header("WARC-Date") or "",
                        digest,
                    )
            elif record.rec_type == "revisit":
                first = written.get(headers.get_header("WARC-Refers-To") or "")
                if first is not None:
                    written[rec_id] = first
            elif record.rec_type == "metadata":
                target = written.get(headers.get_header("WARC-Concurrent-To") or "")
                if target is not None:
                    clipping_id = json.loads(record.content_stream().read()).get("id")
                    if isinstance(clipping_id, str):
                        registry.setdefault(clipping_id, target)
    return registry


@dataclass(frozen=True, slots=True)
class _RawRecord:
    """An input's own WARC record, unzipped, with the headers we need from it."""

    data: bytes
    record_id: str | None
    target_uri: str | None
    #: False when a header line holds a control character (a bare CR, ESC, ...): such a
    #: record is not copied, its payload goes into a fresh resource record instead.
    safe_head: bool = True


class WarcWriter(ContextMixin):
    """Writes clippings as WARC 1.1 records to .warc or .warc.gz (one gzip member per record).

    The three records of a clipping are built in memory first, so a bad original (a
    broken WARC record) raises before anything is written, and rotation by `max_size`
    never splits a clipping across two parts.
    """

    def __init__(
        self,
        path: str,
        *,
        force: bool = False,
        max_size: int | None = None,
        no_original: bool = False,
        description: str | None = None,
        clock: Callable[[], str] | None = None,
        new_id: Callable[[], str] | None = None,
        software: str | None = None,
        conversions: ConversionRegistry | None = None,
    ) -> None:
        if max_size is not None and max_size <= 0:
            raise OutputError("max size must be a positive number of bytes", path)
        self.path = path
        self.max_size = max_size
        self.no_original = no_original
        self.description = description
        self.software = software or f"clipper/{__version__}"
        self.count = 0
        self._clock = clock or warc_date
        self._new_id = new_id or record_id
        self._gzip = split_suffix(path)[1].lower() == ".warc.gz"
        self._builder = WARCWriter(BytesIO(), gzip=False, warc_version=WARC_VERSION)
        # Shared across the writers of one run (one per output part), so that a duplicate in a
        # later part is still a revisit of the first conversion, wherever that was written.
        self._conversions: ConversionRegistry = conversions if conversions is not None else {}
        self._part_size = 0
        self._part_clippings = 0
        self._closed = False
        self._parts = Parts(path, force=force, numbered=max_size is not None)
        try:
            self._start_part()
        except BaseException:
            self._parts.abort()
            raise

    # -- record building -------------------------------------------------------------

    def _id(self) -> str:
        value = self._new_id()
        return value if value.startswith("<") else f"<{value}>"

    #: Record types built here rather than by warcio when every header is ASCII: the same
    #: bytes (tests/archive compares them record by record) for a quarter of the CPU.
    PLAIN_TYPES: tuple[str, ...] = ("conversion", "metadata")

    def _record(
        self,
        record_type: str,
        headers: list[tuple[str, str]],
        payload: bytes | None,
        content_type: str | None,
    ) -> tuple[bytes, str | None]:
        """One record's bytes (uncompressed) and its payload digest.

        Every header value passes `_safe_header` here, the one way out, so no caller can
        write a line break or a control character into a header.
        """
        headers = [(name, _safe_header(name, value)) for name, value in headers]
        if content_type is not None:
            content_type = _safe_header("Content-Type", content_type) or None
        if record_type in self.PLAIN_TYPES and payload and content_type:
            digest = "sha1:" + base64.b32encode(hashlib.sha1(payload).digest()).decode("ascii")
            head = "\r\n".join(
                [
                    WARC_VERSION,
                    *(f"{name}: {value}" for name, value in headers),
                    f"WARC-Payload-Digest: {digest}",
                    f"WARC-Block-Digest: {digest}",
                    f"Content-Type: {content_type}",
                    f"Content-Length: {len(payload)}",
                    "",
                    "",
                ]
            )
            if head.isascii():
                return b"".join((head.encode("ascii"), payload, b"\r\n\r\n")), digest
        return self._warcio_record(record_type, headers, payload, content_type)

    def _warcio_record(
        self,
        record_type: str,
        headers: list[tuple[str, str]],
        payload: bytes | None,
        content_type: str | None,
    ) -> tuple[bytes, str | None]:
        """The record built by warcio (headers already safe)."""
        warc_headers = StatusAndHeaders("", headers, protocol=WARC_VERSION)
        record = self._builder.create_warc_record(
            "",
            record_type,
            payload=BytesIO(payload or b""),
            length=len(payload or b""),
            warc_content_type=content_type or "",
            warc_headers=warc_headers,
        )
        # WARC 1.1 asks for a Content-Type on non-empty blocks only; None leaves it out.
        record.content_type = content_type
        out = BytesIO()
        self._builder.out = out
        self._builder.write_record(record)
        digest = record.rec_headers.get_header("WARC-Payload-Digest")
        return out.getvalue(), digest

    def _warcinfo(self) -> bytes:
        fields = [
            ("software", self.software),
            ("format", WARC_FORMAT),
            ("conformsTo", CONFORMS_TO),
        ]
        if self.description:
            fields.append(("description", self.description))
        if self._parts.numbered:
            fields.append(("isPartOf", os.path.basename(split_suffix(self.path)[0])))
        body = "".join(f"{name}: {_one_line(value)}\r\n" for name, value in fields)
        current = self._parts.current
        assert current is not None
        headers = [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", self._id()),
            ("WARC-Date", self._clock()),
            ("WARC-Filename", os.path.basename(current.final)),
        ]
        data, _ = self._record("warcinfo", headers, body.encode("utf-8"), "application/warc-fields")
        return data

    def _build(
        self, clipping: Clipping, original: Original | None, metadata: bytes | None = None
    ) -> list[bytes]:
        """The records for one clipping, uncompressed, in file order.

        `metadata` is the record's JSON when the caller has it already (the archive, adding a
        clipper JSONL line that is the same record): `clipping.to_json()` otherwise.
        """
        records: list[bytes] = []
        if original is None:
            original = _NO_ORIGINAL
        raw = _parse_record(original.warc_record, clipping) if original.warc_record else None
        target = (
            (raw.target_uri if raw else None)
            or header_uri(original.target_uri)
            or header_uri(clipping.url)
            or f"urn:clipper:{clipping.id}"
        )
        now = self._clock()
        original_id: str | None = raw.record_id if raw else None
        if raw is not None and not raw.safe_head:
            raw, original_id = None, None
        if not self.no_original and original is not _NO_ORIGINAL:
            if raw is not None:
                records.append(raw.data)
            else:
                original_id = self._id()
                headers = [
                    ("WARC-Type", "resource"),
                    ("WARC-Record-ID", original_id),
                    ("WARC-Date", header_date(original.date) or now),
                    ("WARC-Target-URI", target),
                ]
                data, _ = self._record("resource", headers, original.payload, original.content_type)
                records.append(data)

        first = self._conversions.get(clipping.duplicate_of) if clipping.duplicate_of else None
        text_id = self._id()
        # The page's own URL stays with the original; derived records get their own urn.
        text_uri = clipping_uri("text", clipping.id)
        page = [("WARC-Refers-To-Target-URI", target)]
        if first is not None:
            headers = [
                ("WARC-Type", "revisit"),
                ("WARC-Record-ID", text_id),
                ("WARC-Date", now),
                ("WARC-Target-URI", text_uri),
                ("WARC-Profile", REVISIT_PROFILE),
                ("WARC-Refers-To", first.record_id),
                ("WARC-Refers-To-Target-URI", first.target_uri),
                ("WARC-Refers-To-Date", first.date),
                ("WARC-Payload-Digest", first.payload_digest),
            ]
            data, _ = self._record("revisit", headers, None, None)
            records.append(data)
            # A later record naming this one as its first still reaches the real conversion.
            self._conversions.setdefault(clipping.id, first)
        else:
            headers = [
                ("WARC-Type", "conversion"),
                ("WARC-Record-ID", text_id),
                ("WARC-Date", now),
                ("WARC-Target-URI", text_uri),
            ]
            if original_id:
                headers.append(("WARC-Refers-To", original_id))
            headers += page
            data, digest = self._record(
                "conversion", headers, clipping.text.encode("utf-8"), TEXT_TYPE
            )
            records.append(data)
            assert digest is not None
            self._conversions.setdefault(clipping.id, _Written(text_id, text_uri, now, digest))

        headers = [
            ("WARC-Type", "metadata"),
            ("WARC-Record-ID", self._id()),
            ("WARC-Date", now),
            ("WARC-Target-URI", clipping_uri("metadata", clipping.id)),
            ("WARC-Concurrent-To", text_id),
        ]
        if original_id:
            headers.append(("WARC-Refers-To", original_id))
        headers += page
        if metadata is None:
            metadata = clipping.to_json().encode("utf-8")
        data, _ = self._record("metadata", headers, metadata, JSON_TYPE)
        records.append(data)
        return records

    # -- files -----------------------------------------------------------------------

    def _encode(self, records: list[bytes]) -> bytes:
        if not self._gzip:
            return b"".join(records)
        # One gzip member per record, so readers can seek to any record's offset.
        return b"".join(gzip_member(record) for record in records)

    def _emit(self, data: bytes) -> None:
        current = self._parts.current
        assert current is not None
        current.write(data)
        self._part_size += len(data)

    def _start_part(self) -> None:
        self._part_size = 0
        self._part_clippings = 0
        self._emit(self._encode([self._warcinfo()]))

    def write(self, clipping: Clipping, original: Original | None = None) -> None:
        """Append the records of one clipping (raises CorruptInputError for a broken original).

        Without an `original` (None) the clipping gets no original record, as with
        `no_original`; its conversion then refers to nothing.
        """
        if self._closed:
            raise OutputError("writer is already closed", self.path)
        data = self._encode(self._build(clipping, original))
        if (
            self.max_size is not None
            and self._part_clippings
            and self._part_size + len(data) > self.max_size
        ):
            self._parts.rotate()
            self._start_part()
        try:
            self._emit(data)
        except OutputError:
            # Part of a record may be on disk: the part cannot be finished, so drop it.
            self.abort()
            raise
        self._part_clippings += 1
        self.count += 1

    @property
    def paths(self) -> list[str]:
        """Parts finished so far."""
        return list(self._parts.finished)

    def close(self) -> list[str]:
        """Finish the output; returns the final file names."""
        self._closed = True
        return self._parts.close()

    def abort(self) -> None:
        """Drop the part being written; no half-written file is left behind."""
        self._closed = True
        self._parts.abort()

    def __enter__(self) -> WarcWriter:
        return self


def header_uri(value: str | None) -> str | None:
    """A URL made safe for a WARC header: trimmed, credentials dropped, controls %-escaped.

    A newline in a header value would end the header block and corrupt the record;
    a space is not allowed in a URI. Non-ASCII is kept, since WARC 1.1 headers are UTF-8.
    """
    return safe_url(value)


def clipping_uri(kind: str, clipping_id: str) -> str:
    """The target URI of a record derived from a page: `urn:clipper:<kind>:<clipping id>`.

    Derived records (the text, the JSON, a revisit of the text) are not captures of the
    page, so they do not claim its URL: a replay tool (pywb) looking up the page's URL must
    find the original capture, not the newest record carrying that URL. The page's URL is
    in `WARC-Refers-To-Target-URI`.
    """
    return f"urn:clipper:{kind}:{clipping_id}"


def _safe_header(name: str, value: str) -> str:
    """Any header value as it may be written: on one line, without control characters.

    URIs and record ids are %-escaped (the value keeps its meaning); other values have
    runs of control characters and line breaks folded to one space. Nothing a value holds
    can start a new header line or end the header block.
    """
    if name.lower() in _URI_HEADERS:
        return safe_url(value) or ""
    if not _HEADER_UNSAFE.search(value):
        return value
    return " ".join(_HEADER_UNSAFE.sub(" ", value).split())


def header_date(value: str | None) -> str | None:
    """An ISO 8601 date-time as a WARC-Date (UTC, "Z"); None when it cannot be read.

    A date-time without an offset is taken as UTC, which is what WARC-Date means anyway;
    a date alone is refused rather than given an invented midnight. 14-digit ARC/CDX
    timestamps (20230905050300) are read too.
    """
    value = (value or "").strip()
    try:
        if len(value) == 14 and value.isdigit():
            parsed = datetime.strptime(value, "%Y%m%d%H%M%S")
        elif "T" in value:
            parsed = datetime.fromisoformat(value)
        else:
            return None
    except ValueError:
        return None
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC)
    text = parsed.strftime("%Y-%m-%dT%H:%M:%S")
    if parsed.microsecond:
        text += f".{parsed.microsecond:06d}"
    return text + "Z"


#: Headers whose value is a URI or a record id (`<urn:uuid:...>`): %-escaped, not folded.
_URI_HEADERS = frozenset(
    {
        "warc-target-uri",
        "warc-refers-to-target-uri",
        "warc-record-id",
        "warc-refers-to",
        "warc-concurrent-to",
        "warc-warcinfo-id",
        "warc-profile",
    }
)
_HEADER_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def _one_line(value: str) -> str:
    # warcinfo fields are "name: value" lines; a newline in a description would end one.
    return " ".join(value.split())


def gzip_member(data: bytes) -> bytes:
    """One gzip member holding `data` (a record of a .warc.gz file)."""
    compressor = isal_zlib.compressobj(GZIP_LEVEL, isal_zlib.DEFLATED, isal_zlib.MAX_WBITS | 16)
    return compressor.compress(data) + compressor.flush()


#: Headers a WARC record holds once at most: a second one is a forged or broken header.
_ONCE = frozenset(
    ("warc-type", "warc-record-id", "warc-date", "warc-target-uri", "content-length",
     "warc-block-digest", "warc-payload-digest")
)  # fmt: skip


def _one_record_that_checks(lines: list[str], headers: list[tuple[str, str]], data: bytes) -> bool:
    """Whether an input's record may be copied as it is: one record head (no `WARC/` line
    inside it, no header given twice) whose digests `warcio check` accepts. A record that
    fails (a header forged into a URL by a line break, a wrong digest) is not copied: the
    writer makes a resource record of the payload instead, so every file it writes checks."""
    if any(line.startswith("WARC/") for line in lines[1:]):
        return False
    names = [name.lower() for name, _ in headers]
    if any(names.count(name) > 1 for name in _ONCE):
        return False
    try:
        for record in ArchiveIterator(BytesIO(data), check_digests=True):
            stream = record.content_stream()
            while stream.read(1 << 20):
                pass
            if record.digest_checker.passed is False:
                return False
    except Exception:  # noqa: BLE001 - warcio fails in many ways on a broken digest or head
        return False
    return True


def _parse_record(raw: bytes, clipping: Clipping) -> _RawRecord:
    """Unzip an input's own WARC record and check it is one whole record.

    The bytes are kept as they were; only the record separator is normalised to the
    two CRLFs the format asks for, since a reader may hand the record with or without it.
    """
    source = clipping.source.path or clipping.id
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            raise CorruptInputError(
                f"original WARC record is not valid gzip: {exc}", source
            ) from exc
    if not raw.startswith(b"WARC/"):
        raise CorruptInputError("original WARC record has no WARC header", source)
    # Read as warcio reads it (the reader splits header lines the same way).
    stream = BytesIO(raw)
    parsed = StatusAndHeadersParser(["WARC/"], verify=False).parse(stream)
    head_len = stream.tell()
    headers: dict[str, str] = {}
    for name, value in parsed.headers:
        headers.setdefault(name.lower(), value)
    length_text = headers.get("content-length", "").strip()
    if not length_text.isascii() or not length_text.isdigit():
        raise CorruptInputError("original WARC record has no Content-Length", source)
    body_end = head_len + int(length_text)
    if len(raw) < body_end:
        raise CorruptInputError("original WARC record is truncated", source)
    if raw[body_end:].strip(b"\r\n"):
        raise CorruptInputError("original WARC record is followed by other data", source)
    lines = raw[:head_len].decode("utf-8", "replace").split("\r\n")
    data = raw[:body_end] + b"\r\n\r\n"
    return _RawRecord(
        safe_head=not any(_HEADER_UNSAFE.search(line) for line in lines)
        and _one_record_that_checks(lines, parsed.headers, data),
        data=data,
        record_id=headers.get("warc-record-id"),
        target_uri=safe_url(headers.get("warc-target-uri")),
    )
