"""WARC input, streamed record by record: HTML responses and resources become items.

The parser is our own rather than warcio's iterator because a crawl file with one broken
record must still give up the records after it: on a bad header, a wrong Content-Length or
a broken gzip member we record one error and resynchronise on the next gzip member or the
next `WARC/1.x` line. Memory is bounded by one record (at most the --max-bytes limit).

Header lines are split as warcio splits them (at LF, each line right-stripped, the block ends
at the first empty line), so a value can never hold a line break and what we read is what
warcio, pywb and the archive read. A Content-Length that runs past the end of the file or
lands anywhere but on the next record is not trusted: we go back to the end of the header
and resynchronise on the next `WARC/1.x` line, so one lying header costs one error, not the
rest of the file. Resynchronisation only moves forward, so reading stays linear in the file.
"""

from __future__ import annotations

import os
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import BinaryIO

from ..errors import ClipperError, CorruptInputError, InputNotFoundError, InputTooLargeError
from ..models import Source
from .compress import decode_content_encoding
from .errorcap import cap_errors
from .item import BodyCoding, Item, ItemKind
from .sniff import sniff_kind

_CHUNK = 1 << 16
#: Room for WARC and HTTP headers on top of the payload limit.
_HEADER_ROOM = 256 * 1024
_GZIP_MAGIC = b"\x1f\x8b\x08"
_RECORD_START = re.compile(rb"(?:^|\n)(WARC/1\.[01]\r?\n)")
_STATUS_LINE = re.compile(rb"WARC/1\.[01]\r?\n")
_DIGITS = re.compile(r"[0-9]{1,18}")

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_TEXT_TYPES = ("text/plain",)


class _GzipBroken(Exception):
    """A gzip member could not be inflated."""


class _Stream:
    """The decompressed bytes of a (gzipped or plain) WARC file, read on demand.

    Keeps a buffer that starts at the record being parsed, and remembers at which file
    offset each gzip member began, so a record's offset is its member's (as in CDX indexes).
    """

    def __init__(self, handle: BinaryIO, gz: bool) -> None:
        self.handle = handle
        self.gz = gz
        self.buf = bytearray()
        self.base = 0  # position of buf[0] in the decompressed stream
        self.read_total = 0  # compressed bytes read from the file so far
        self.pending = b""  # compressed bytes read but not yet inflated
        self.inflater: zlib._Decompress | None = None
        self.marks: list[tuple[int, int]] = []  # (decompressed position, member file offset)
        self.ended = False

    def _read(self) -> bytes:
        chunk = self.handle.read(_CHUNK)
        self.read_total += len(chunk)
        return chunk

    def _more(self) -> bool:
        """Append more bytes to the buffer; False at the end of the file."""
        if self.ended:
            return False
        if not self.gz:
            chunk = self._read()
            if not chunk:
                self.ended = True
                return False
            self.buf += chunk
            return True
        while True:
            if not self.pending:
                self.pending = self._read()
            if self.inflater is None:
                if not self.pending:
                    self.ended = True
                    return False
                if not self.pending.strip(b"\x00"):
                    self.pending = b""  # zero padding after the last member
                    continue
                offset = self.read_total - len(self.pending)
                self.inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
                self.marks.append((self.base + len(self.buf), offset))
                if len(self.marks) > 64:
                    del self.marks[:-32]
            if not self.pending:
                # The file ends inside a gzip member.
                self.ended = True
                raise _GzipBroken("the file ends inside a gzip member (truncated)")
            try:
                out = self.inflater.decompress(self.pending, _CHUNK)
            except zlib.error as exc:
                raise _GzipBroken(str(exc)) from exc
            if self.inflater.eof:
                self.pending = self.inflater.unused_data
                self.inflater = None
            else:
                self.pending = self.inflater.unconsumed_tail
            if out:
                self.buf += out
                return True

    def member_offset(self, pos: int) -> int:
        """File offset of the gzip member holding decompressed position `pos`."""
        if not self.gz:
            return pos
        best = 0
        for at, offset in self.marks:
            if at <= pos:
                best = offset
            else:
                break
        return best

    def fill(self, n: int) -> bool:
        """Make sure the buffer holds `n` bytes; False if the file ends first."""
        while len(self.buf) < n:
            if not self._more():
                return False
        return True

    def find(self, needle: bytes, start: int, limit: int) -> int:
        """Index of `needle` in the buffer at or after `start`, reading up to `limit` bytes."""
        while True:
            at = self.buf.find(needle, start)
            if at >= 0:
                return at
            if len(self.buf) >= limit or not self._more():
                return -1

    def drop(self, n: int) -> None:
        """Forget the first `n` buffered bytes."""
        del self.buf[:n]
        self.base += n

    def skip(self, n: int) -> bool:
        """Move past `n` bytes without holding them; False if the file ends first."""
        while n > 0:
            if not self.buf and not self._more():
                return False
            take = min(n, len(self.buf))
            self.drop(take)
            n -= take
        return True

    def place(self, pos: int) -> tuple[int, int]:
        """Where to restart reading to get back to decompressed position `pos`: (at, file offset)."""
        if not self.gz:
            return pos, pos
        best = (0, 0)
        for at, offset in self.marks:
            if at <= pos:
                best = (at, offset)
            else:
                break
        return best

    def rewind(self, pos: int, place: tuple[int, int]) -> bool:
        """Go back to decompressed position `pos` (from `place(pos)`); False if it is gone."""
        at, offset = place
        self.handle.seek(offset)
        self.read_total = offset
        self.buf.clear()
        self.base = at
        self.pending = b""
        self.inflater = None
        self.ended = False
        self.marks = []
        return self.skip(pos - at)

    def remaining(self) -> int | None:
        """Bytes left after the buffer's start, for a plain file; None for gzip (unknown)."""
        if self.gz:
            return None
        try:
            size = os.fstat(self.handle.fileno()).st_size
        except (OSError, ValueError, AttributeError):
            return None
        return size - self.base

    def next_member(self, after: int) -> None:
        """After a broken gzip member: continue at the next gzip magic number past `after`."""
        self.buf.clear()
        self.inflater = None
        self.pending = b""
        self.ended = False
        self.handle.seek(after)
        self.read_total = after
        tail = b""
        while True:
            chunk = self._read()
            if not chunk:
                self.ended = True
                return
            data = tail + chunk
            at = data.find(_GZIP_MAGIC)
            if at >= 0:
                self.pending = data[at:]
                return
            tail = data[-2:]

    def resync(self, start: int = 1) -> bool:
        """Move to the next line starting `WARC/1.0` or `WARC/1.1`; False at the end.

        `start` 0 accepts a record at the very start of the buffer (which must be a line start).
        """
        while True:
            match = _RECORD_START.search(self.buf, start)
            if match:
                self.drop(match.start(1))
                return True
            keep = max(0, len(self.buf) - 16)
            self.drop(keep)
            start = 0
            if not self._more():
                return False

    def resync_at_start(self) -> bool:
        """After jumping to a new gzip member: drop anything before its first record."""
        try:
            if not self.fill(1):
                return False
            if self.buf.startswith(b"WARC/"):
                return True
            return self.resync()
        except _GzipBroken:
            return False


@dataclass(slots=True)
class _Record:
    """One WARC record as read: its headers, its block, its own bytes."""

    offset: int
    headers: dict[str, str]
    block: bytes
    raw: bytes


@dataclass(slots=True)
class _Bad:
    """A stretch of the file that is not a readable record."""

    offset: int
    error: ClipperError


def _bad(offset: int, message: str, path: str) -> _Bad:
    return _Bad(offset, CorruptInputError(message, path))


def _decode_line(line: bytes) -> str:
    # As warcio: UTF-8 if it decodes, else ISO-8859-1; then every trailing whitespace goes.
    try:
        return line.decode("utf-8").rstrip()
    except UnicodeDecodeError:
        return line.decode("iso-8859-1").rstrip()


def parse_header_lines(lines: list[bytes]) -> dict[str, str]:
    """Header lines (after the status line) as warcio reads them: names lower-cased, first wins.

    A continuation line (leading space or tab) is appended to the value before it, as warcio
    does; a line without a colon is ignored, and an empty line ends the block. Values never
    hold a line break: lines are split at LF and each is right-stripped of whitespace.
    """
    headers: dict[str, str] = {}
    current: str | None = None  # the header continuation lines extend (None: drop them)
    started = False  # a first line is never a continuation, whatever it starts with
    for raw in lines:
        line = _decode_line(raw)
        if not line:
            break
        if started and line[0] in " \t":
            if current is not None:
                headers[current] += line
            continue
        started = True
        key, sep, value = line.partition(":")
        name = key.rstrip(" \t").lower()
        if not sep or name in headers:
            current = None
            continue
        headers[name] = value.lstrip()
        current = name
    return headers


def _parse_headers(data: bytes) -> dict[str, str]:
    """HTTP (or WARC) header lines in one block, read as warcio reads them."""
    return parse_header_lines(data.split(b"\n"))


class _BadHead(Exception):
    """A header block that cannot be read; `resume_at` is where a new record may begin."""

    def __init__(self, message: str, resume_at: int) -> None:
        super().__init__(message)
        self.resume_at = resume_at


def _read_head(stream: _Stream) -> tuple[int, dict[str, str]]:
    """(length, headers) of the header block at the start of the buffer.

    Raises _BadHead when the block has no end within the header room, or when a new
    `WARC/1.x` status line starts inside it (reading resumes there, so a run of bogus
    status lines is read once, not once per line).
    """
    pos = stream.find(b"\n", 0, _HEADER_ROOM)
    if pos < 0:
        raise _BadHead("no end of the WARC header line", len(stream.buf))
    pos += 1
    lines: list[bytes] = []
    while True:
        eol = stream.find(b"\n", pos, _HEADER_ROOM)
        if eol < 0 or eol > _HEADER_ROOM:
            resume = min(pos, len(stream.buf))
            raise _BadHead(f"no end of the WARC header within {_HEADER_ROOM} bytes", resume)
        line = bytes(stream.buf[pos : eol + 1])
        if _STATUS_LINE.fullmatch(line):
            raise _BadHead("a new WARC record starts inside the WARC header", pos)
        pos = eol + 1
        if not _decode_line(line):
            return pos, parse_header_lines(lines)
        lines.append(line)


def _lands_on_record(stream: _Stream, at: int) -> bool:
    """True if a record ends at buffer position `at`: two CRLFs, then a record or the end."""
    stream.fill(at + 4 + 16)
    tail = bytes(stream.buf[at : at + 4 + 16])
    if tail[:4] != b"\r\n\r\n" and tail[:4].strip(b"\r\n"):
        return False
    rest = tail.lstrip(b"\r\n")
    return not rest or rest.startswith(b"WARC/1.")


def _records(stream: _Stream, path: str, limit: int) -> Iterator[_Record | _Bad]:
    """Records of the stream, or the error in place of a record that cannot be read."""
    record_limit = limit + _HEADER_ROOM
    while True:
        try:
            # Blank lines between records are allowed.
            while True:
                if not stream.fill(1):
                    return
                stripped = stream.buf.lstrip(b"\r\n")
                if stripped:
                    stream.drop(len(stream.buf) - len(stripped))
                    break
                stream.drop(len(stream.buf))
            offset = stream.member_offset(stream.base)
            if not stream.buf.startswith(b"WARC/"):
                yield _bad(offset, f"no WARC record header at offset {offset}", path)
                if not stream.resync():
                    return
                continue
            try:
                head_len, headers = _read_head(stream)
            except _BadHead as bad:
                yield _bad(offset, f"WARC record at offset {offset}: {bad}", path)
                if not stream.resync(bad.resume_at):
                    return
                continue
            text = headers.get("content-length", "").strip()
            if not _DIGITS.fullmatch(text):
                yield _bad(offset, f"WARC record at offset {offset} has no Content-Length", path)
                if not stream.resync():
                    return
                continue
            length = int(text)
            total = head_len + length
            remaining = stream.remaining()
            if remaining is not None and total > remaining:
                yield _bad(
                    offset,
                    f"WARC record at offset {offset} claims {length} bytes, past the end of "
                    "the file (wrong Content-Length)",
                    path,
                )
                if not stream.resync(head_len):
                    return
                continue
            if total > record_limit:
                kind = headers.get("warc-type", "")
                block_at = stream.base + head_len
                place = stream.place(block_at)
                stream.drop(head_len)
                if stream.skip(length) and _lands_on_record(stream, 0):
                    if kind in ("response", "resource"):
                        too_large = InputTooLargeError(
                            f"WARC record at offset {offset} is {length} bytes, over the "
                            f"{limit}-byte limit",
                            path,
                        )
                        yield _Bad(offset, too_large)
                    continue
                # The length lied: back to the end of the header, then on to the next record.
                yield _bad(
                    offset,
                    f"WARC record at offset {offset} does not end where its Content-Length "
                    f"({length}) says (corrupt or wrong length)",
                    path,
                )
                if not stream.rewind(block_at, place) or not stream.resync(0):
                    return
                continue
            if not stream.fill(total):
                yield _bad(
                    offset,
                    f"WARC record at offset {offset} is truncated or its Content-Length "
                    f"({length}) runs past the end of the file",
                    path,
                )
                if not stream.resync(head_len):
                    return
                continue
            # A record ends with two CRLFs; without them the Content-Length is wrong.
            stream.fill(total + 4)
            trailer = bytes(stream.buf[total : total + 4])
            if trailer != b"\r\n\r\n" and trailer.strip(b"\r\n") != b"":
                yield _bad(
                    offset,
                    f"WARC record at offset {offset} does not end where its Content-Length "
                    "says (corrupt or wrong length)",
                    path,
                )
                if not stream.resync(head_len):
                    return
                continue
            raw = bytes(stream.buf[:total]) + b"\r\n\r\n"
            block = raw[head_len:total]
            stream.drop(min(len(stream.buf), total + len(trailer)))
            yield _Record(offset, headers, block, raw)
        except _GzipBroken as exc:
            # The member being inflated when it broke; the next one may be whole.
            broken = stream.marks[-1][1] if stream.marks else 0
            yield _bad(broken, f"gzip member at offset {broken} is broken ({exc})", path)
            stream.next_member(broken + 1)
            if not stream.resync_at_start():
                return


def _media_type(content_type: str | None) -> tuple[str | None, str | None]:
    """("text/html", "utf-8") for "text/html; charset=UTF-8"."""
    if not content_type:
        return None, None
    parts = content_type.split(";")
    media = parts[0].strip().lower() or None
    charset = None
    for param in parts[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'") or None
    return media, charset


_CHUNK_SIZE = re.compile(rb"[0-9A-Fa-f]{1,16}")


def _dechunk(body: bytes, limit: int, source: str) -> bytes | None:
    """Undo `Transfer-Encoding: chunked`; None if the body is not validly chunked.

    Every step moves forward through `body` (a size is hex digits only, never negative), so
    the work is linear in the body and the output never outgrows it; past `limit` bytes of
    output it is an InputTooLargeError.
    """
    out = bytearray()
    pos = 0
    while True:
        eol = body.find(b"\r\n", pos)
        if eol < 0:
            return None
        size_text = body[pos:eol].split(b";", 1)[0].strip()
        if not _CHUNK_SIZE.fullmatch(size_text):
            return None
        size = int(size_text, 16)
        if size == 0:
            return bytes(out)
        start = eol + 2
        if start + size > len(body):
            return None
        if len(out) + size > limit:
            raise InputTooLargeError(f"chunked body over the {limit}-byte limit", source)
        out += body[start : start + size]
        pos = start + size
        if body[pos : pos + 2] == b"\r\n":
            pos += 2
        else:
            return None


def _http(block: bytes) -> tuple[int | None, dict[str, str], bytes]:
    """Status, headers and body of an HTTP response block."""
    end = block.find(b"\r\n\r\n")
    sep = 4
    if end < 0:
        end = block.find(b"\n\n")
        sep = 2
    if end < 0:
        return None, {}, b""
    head, body = block[:end], block[end + sep :]
    first, _, rest = head.partition(b"\n")
    status: int | None = None
    parts = first.split()
    if len(parts) >= 2 and parts[0].upper().startswith(b"HTTP/"):
        try:
            status = int(parts[1])
        except ValueError:
            status = None
    return status, _parse_headers(rest), body


def _kind_for(media: str | None, body: bytes, *, allow_text: bool) -> ItemKind | None:
    if media in _HTML_TYPES:
        return "html"
    if allow_text and media in _TEXT_TYPES:
        return "text"
    if media is None and body:
        return "html" if sniff_kind(body) == "html" else None
    return None


#: The target URI scheme clipper's WARC writer gives records without a known URL.
CLIPPER_URN = "urn:clipper:"


def _item(record: _Record, path: str, limit: int) -> Item | None:
    """The item for one record: None for records that are not inputs (warcinfo, request, ...)."""
    headers = record.headers
    warc_type = headers.get("warc-type", "").lower()
    url = headers.get("warc-target-uri", "").strip("<>") or None
    if url is not None and url.startswith(CLIPPER_URN):
        # clipper's own output names an original whose URL nobody knew `urn:clipper:<id>`:
        # cleaned again, the page is as unknown as the first time (its record's url is null).
        url = None
    fetched = headers.get("warc-date") or None
    source = Source(path, "warc", record.offset)
    if warc_type == "revisit":
        return Item(source=source, url=url, skip="revisit record (no payload)")
    if warc_type not in ("response", "resource"):
        return None
    try:
        if warc_type == "resource":
            media, charset = _media_type(headers.get("content-type"))
            body = record.block
            kind = _kind_for(media, body, allow_text=True)
            content_type = headers.get("content-type") or "application/octet-stream"
        else:
            record_media, _ = _media_type(headers.get("content-type"))
            if record_media is not None and not record_media.startswith("application/http"):
                return Item(source=source, url=url, skip=f"not an HTTP response ({record_media})")
            status, http_headers, body = _http(record.block)
            if status is None:
                raise CorruptInputError(
                    f"WARC response at offset {record.offset} holds no HTTP response", path
                )
            if status != 200:
                return Item(source=source, url=url, skip=f"HTTP status {status}")
            media, charset = _media_type(http_headers.get("content-type"))
            content_type = http_headers.get("content-type") or "text/html"
            chunked = "chunked" in http_headers.get("transfer-encoding", "").lower()
            coded = http_headers.get("content-encoding", "").strip() or None
            if (chunked or coded) and (media is None or media in _HTML_TYPES):
                # Decoding is the worker's (decode_item), under the per-input time limit.
                if len(body) > limit:
                    raise InputTooLargeError(f"payload over the {limit}-byte limit", path)
                return Item(
                    source=source,
                    content=body,
                    kind="html",
                    payload=body,
                    url=url,
                    fetched=fetched,
                    http_charset=charset,
                    content_type=content_type,
                    warc_record=record.raw,
                    coding=BodyCoding(chunked, coded, limit, sniff=media is None),
                )
            kind = _kind_for(media, body, allow_text=False)
        if kind is None:
            return Item(source=source, url=url, skip=f"not HTML ({media or 'no Content-Type'})")
        if len(body) > limit:
            raise InputTooLargeError(f"payload over the {limit}-byte limit", path)
        return Item(
            source=Source(path, "warc", record.offset),
            content=body,
            kind=kind,
            payload=body,
            url=url,
            fetched=fetched,
            http_charset=charset,
            content_type=content_type,
            warc_record=record.raw,
        )
    except ClipperError as exc:
        return Item(source=source, url=url, error=exc)


def decode_item(item: Item) -> Item:
    """`item` with its HTTP body decoded (chunked, then Content-Encoding), or with the error or
    skip that decoding ends in; an item with nothing to decode is returned as it is.

    Runs in the worker, under the per-input time limit. Every step is linear in the body
    and capped at the --max-bytes limit.
    """
    coding, body = item.coding, item.content
    if coding is None or not isinstance(body, bytes):
        return item
    path = item.source.path
    name = f"{path}@{item.source.offset}"
    bare = replace(item, content=None, kind=None, payload=b"", coding=None)
    try:
        if coding.chunked:
            # Many crawlers store the body already de-chunked but keep the header.
            body = _dechunk(body, coding.limit, name) or body
        body = decode_content_encoding(body, coding.content_encoding, coding.limit, name)
        if coding.sniff and _kind_for(None, body, allow_text=False) is None:
            return replace(bare, skip="not HTML (no Content-Type)")
        if len(body) > coding.limit:
            raise InputTooLargeError(f"payload over the {coding.limit}-byte limit", path)
    except ClipperError as exc:
        return replace(bare, error=exc)
    return replace(item, content=body, payload=body, coding=None)


def iter_warc(path: str, limit: int) -> Iterator[Item]:
    """Items of a WARC file (.warc or .warc.gz), one per response/resource/revisit record."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        error = InputNotFoundError(f"cannot read: {exc.strerror or exc}", path)
        yield Item(source=Source(path, "warc", None), error=error)
        return
    try:
        gz = handle.read(2) == b"\x1f\x8b"
        handle.seek(0)
        stream = _Stream(handle, gz)
        items = (
            Item(source=Source(path, "warc", record.offset), error=record.error)
            if isinstance(record, _Bad)
            else _item(record, path, limit)
            for record in _records(stream, path, limit)
        )
        yield from cap_errors((item for item in items if item is not None), path, "warc")
    finally:
        handle.close()
