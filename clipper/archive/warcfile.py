"""WARC records as the archive stores them: one gzip member per record, read by offset."""

from __future__ import annotations

import base64
import hashlib
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import BinaryIO

# One writer path for gzip members: `clipper clean -o x.warc.gz` and the archive compress each
# record the same way (writers/warc.py: ISA-L's deflate, level 1; adding must keep up with
# cleaning).
from ..writers.warc import gzip_member as gzip_member

#: Bytes read at a time when walking a file's gzip members.
CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class RawRecord:
    """One WARC record: where it is, its gzip member as stored, its headers and its block."""

    offset: int
    #: The gzip member exactly as in the file (offset .. offset + length).
    member: bytes
    #: WARC headers, names lower-cased; the first occurrence of a repeated name wins.
    headers: dict[str, str]
    block: bytes

    @property
    def length(self) -> int:
        return len(self.member)

    @property
    def type(self) -> str:
        return self.headers.get("warc-type", "").lower()

    @property
    def record_id(self) -> str:
        return self.headers.get("warc-record-id", "")

    @property
    def target_uri(self) -> str | None:
        return self.headers.get("warc-target-uri", "").strip("<>") or None


class TornRecord(Exception):
    """The bytes at `offset` are not a whole record (a crash mid-write, or damage)."""

    def __init__(self, offset: int, why: str) -> None:
        super().__init__(f"offset {offset}: {why}")
        self.offset = offset
        self.why = why


def parse_record(data: bytes, offset: int = 0) -> tuple[dict[str, str], bytes]:
    """(headers, block) of one uncompressed WARC record; raises TornRecord if it is not whole."""
    end = data.find(b"\r\n\r\n")
    if not data.startswith(b"WARC/") or end < 0:
        raise TornRecord(offset, "no WARC header")
    headers: dict[str, str] = {}
    for line in data[:end].decode("utf-8", "replace").split("\r\n")[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    try:
        length = int(headers["content-length"])
    except (KeyError, ValueError):
        raise TornRecord(offset, "no Content-Length") from None
    block = data[end + 4 : end + 4 + length]
    if len(block) < length:
        raise TornRecord(offset, "block shorter than its Content-Length")
    return headers, block


def iter_members(handle: BinaryIO, start: int = 0) -> Iterator[RawRecord]:
    """The records of a .warc.gz file from byte `start`, one gzip member each.

    Stops at the end of the file; raises TornRecord at the first member that is cut
    short or is not a WARC record (its offset is where a torn tail starts).
    """
    handle.seek(start)
    buffer = b""
    offset = start
    eof = False
    while True:
        if not buffer and not eof:
            buffer = handle.read(CHUNK)
            eof = not buffer
        if not buffer:
            return
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        parts: list[bytes] = []
        consumed = 0
        pending = buffer
        while True:
            try:
                parts.append(inflater.decompress(pending))
            except zlib.error as exc:
                raise TornRecord(offset, f"not a gzip member ({exc})") from None
            if inflater.eof:
                consumed += len(pending) - len(inflater.unused_data)
                rest = inflater.unused_data
                break
            consumed += len(pending)
            pending = handle.read(CHUNK) if not eof else b""
            if not pending:
                eof = True
                raise TornRecord(offset, "gzip member cut short")
        if consumed <= len(buffer):
            member = buffer[:consumed]
            buffer = buffer[consumed:]
        else:
            # The member ran past the first chunk: read it again by offset.
            here = handle.tell()
            handle.seek(offset)
            member = handle.read(consumed)
            handle.seek(here)
            buffer = rest
        data = b"".join(parts)
        headers, block = parse_record(data, offset)
        yield RawRecord(offset, member, headers, block)
        offset += consumed


def iter_plain(handle: BinaryIO) -> Iterator[RawRecord]:
    """The records of an uncompressed .warc file, each gzipped as the archive stores it.

    Raises TornRecord at the first record that is cut short or is not a WARC record.
    """
    handle.seek(0)
    offset = 0
    buffer = b""
    eof = False

    def fill(n: int) -> None:
        nonlocal buffer, eof
        while len(buffer) < n and not eof:
            more = handle.read(max(CHUNK, n - len(buffer)))
            if not more:
                eof = True
            buffer += more

    while True:
        fill(1)
        # Records are separated by CRLF CRLF; tolerate extra blank lines between them.
        stripped = buffer.lstrip(b"\r\n")
        offset += len(buffer) - len(stripped)
        buffer = stripped
        fill(1)
        if not buffer:
            return
        end = buffer.find(b"\r\n\r\n")
        while end < 0 and not eof:
            fill(len(buffer) + CHUNK)
            end = buffer.find(b"\r\n\r\n")
        if end < 0:
            raise TornRecord(offset, "no end of the WARC header")
        head = buffer[:end].decode("utf-8", "replace")
        length = -1
        for line in head.split("\r\n")[1:]:
            name, _, value = line.partition(":")
            if name.strip().lower() == "content-length":
                try:
                    length = int(value.strip())
                except ValueError:
                    break
                break
        if not buffer.startswith(b"WARC/") or length < 0:
            raise TornRecord(offset, "no WARC header with a Content-Length")
        total = end + 4 + length
        fill(total + 4)
        if len(buffer) < total:
            raise TornRecord(offset, "block shorter than its Content-Length")
        data = buffer[:total] + b"\r\n\r\n"
        headers, block = parse_record(data, offset)
        yield RawRecord(offset, gzip_member(data), headers, block)
        consumed = total + 4 if buffer[total : total + 4] == b"\r\n\r\n" else total
        buffer = buffer[consumed:]
        offset += consumed


def read_member(handle: BinaryIO, offset: int, length: int) -> RawRecord:
    """The record stored at `offset` (a gzip member of `length` bytes); raises TornRecord."""
    handle.seek(offset)
    member = handle.read(length)
    if len(member) != length:
        raise TornRecord(offset, "the file ends before the record does")
    try:
        inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        data = inflater.decompress(member)
    except zlib.error as exc:
        raise TornRecord(offset, f"not a gzip member ({exc})") from None
    if not inflater.eof or inflater.unused_data:
        raise TornRecord(offset, "the length does not end a gzip member")
    headers, block = parse_record(data, offset)
    return RawRecord(offset, member, headers, block)


def digest_of(data: bytes, like: str | None) -> str:
    """`data`'s digest in the algorithm and encoding of the WARC digest `like` (default sha256 hex).

    WARC writers differ: warcio writes `sha1:` + base32, clipper `sha256:` + hex.
    """
    algorithm, _, value = (like or "sha256:").partition(":")
    algorithm = algorithm.strip().lower()
    try:
        hasher = hashlib.new(algorithm)
    except ValueError:
        hasher = hashlib.sha256()
        algorithm = "sha256"
    hasher.update(data)
    raw = hasher.digest()
    hexed = raw.hex()
    if value and len(value) != len(hexed) and not all(c in "0123456789abcdef" for c in value):
        return f"{algorithm}:{base64.b32encode(raw).decode('ascii')}"
    return f"{algorithm}:{hexed}"


def http_split(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """(status, headers, body) of an HTTP response block; (None, {}, block) if it is not one."""
    end = block.find(b"\r\n\r\n")
    if not block.startswith(b"HTTP/") or end < 0:
        return None, {}, block
    lines = block[:end].decode("iso-8859-1").split("\r\n")
    try:
        status: int | None = int(lines[0].split()[1])
    except (IndexError, ValueError):
        status = None
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        if sep:
            headers.setdefault(name.strip().lower(), value.strip())
    return status, headers, block[end + 4 :]
