"""Capped decompression of gzip and HTTP content encodings: bombs and broken streams become errors."""

from __future__ import annotations

import importlib
import zlib
from typing import Any

from ..errors import CorruptInputError, InputTooLargeError

# Input is fed to zlib in slices so that a bomb is caught after a bounded amount of work,
# not after the whole output has been built in memory.
_SLICE = 64 * 1024
_OUT_STEP = 1024 * 1024

_GZIP_WBITS = 16 + zlib.MAX_WBITS
_ZLIB_WBITS = zlib.MAX_WBITS
_RAW_WBITS = -zlib.MAX_WBITS


def _too_large(limit: int, what: str, source: str | None) -> InputTooLargeError:
    return InputTooLargeError(
        f"{what} expands to more than the {limit}-byte limit (a decompression bomb?)", source
    )


def _inflate_member(
    data: memoryview, wbits: int, out: bytearray, limit: int, what: str, source: str | None
) -> int:
    """Inflate one zlib/gzip/raw stream from the start of `data` into `out`; return bytes used.

    Raises CorruptInputError if the stream is broken or ends early, InputTooLargeError as soon
    as `out` would grow past `limit`.
    """
    inflater = zlib.decompressobj(wbits)
    pos = 0
    pending = b""
    while not inflater.eof:
        if not pending and pos < len(data):
            pending = bytes(data[pos : pos + _SLICE])
            pos += len(pending)
        # Asking for one byte more than the room left tells a bomb from an exact fit; asking
        # for at most a megabyte at a time keeps the peak near `limit`, not twice it.
        room = min(limit - len(out) + 1, _OUT_STEP)
        try:
            chunk = inflater.decompress(pending, room)
        except zlib.error as exc:
            raise CorruptInputError(f"{what} is corrupt ({exc})", source) from exc
        out += chunk
        if len(out) > limit:
            raise _too_large(limit, what, source)
        pending = inflater.unconsumed_tail
        if not chunk and not pending and pos >= len(data):
            break
    if not inflater.eof:
        raise CorruptInputError(f"{what} is truncated (the stream ends early)", source)
    return pos - len(inflater.unused_data) - len(pending)


def gunzip_capped(data: bytes, limit: int, source: str | None = None) -> bytes:
    """Decompress gzip `data` (one member or several, as `cat a.gz b.gz` makes) up to `limit` bytes.

    Zero bytes of padding after the last member are accepted, as gzip(1) does; any other
    trailing bytes, a truncated member or a bad checksum raise CorruptInputError. Output past
    `limit` raises InputTooLargeError before it is held in memory.
    """
    view = memoryview(data)
    out = bytearray()
    pos = 0
    members = 0
    while pos < len(view):
        rest = view[pos:]
        if bytes(rest[:2]) != b"\x1f\x8b":
            if members and not bytes(rest).strip(b"\x00"):
                break
            if members == 0:
                raise CorruptInputError("not gzip data (no gzip magic number)", source)
            raise CorruptInputError(
                f"gzip data has {len(rest)} bytes of garbage after member {members}", source
            )
        pos += _inflate_member(rest, _GZIP_WBITS, out, limit, "gzip data", source)
        members += 1
    if members == 0:
        raise CorruptInputError("gzip data is empty", source)
    return bytes(out)


def _inflate_deflate(data: bytes, limit: int, source: str | None) -> bytes:
    """HTTP `deflate` is meant to be zlib-wrapped, but many servers send raw deflate: try both."""
    out = bytearray()
    try:
        _inflate_member(memoryview(data), _ZLIB_WBITS, out, limit, "deflate data", source)
        return bytes(out)
    except CorruptInputError as zlib_error:
        out = bytearray()
        try:
            _inflate_member(memoryview(data), _RAW_WBITS, out, limit, "deflate data", source)
        except CorruptInputError:
            raise zlib_error from None
        return bytes(out)


def _brotli_module() -> Any:
    for name in ("brotli", "brotlicffi"):
        try:
            return importlib.import_module(name)
        except ImportError:
            continue
    return None


def _unbrotli_bounded(
    decompressor: Any, data: bytes, out: bytearray, limit: int, source: str | None
) -> None:
    """Feed brotli with an output cap per call (brotli >= 1.2), so a bomb never materialises."""
    pos = 0
    while True:
        if decompressor.can_accept_more_data():
            if pos >= len(data):
                return
            piece = data[pos : pos + _SLICE]
            pos += len(piece)
        else:
            piece = b""
        out += decompressor.process(piece, output_buffer_limit=limit - len(out) + 1)
        if len(out) > limit:
            raise _too_large(limit, "brotli data", source)


def _unbrotli(data: bytes, limit: int, source: str | None) -> bytes:
    brotli = _brotli_module()
    if brotli is None:
        raise CorruptInputError(
            "content is brotli-compressed (Content-Encoding: br) and no brotli decoder is "
            "installed; pip install 'clipper-news[brotli]'",
            source,
        )
    decompressor = brotli.Decompressor()
    out = bytearray()
    try:
        if hasattr(decompressor, "can_accept_more_data"):
            _unbrotli_bounded(decompressor, data, out, limit, source)
        else:
            # Older brotli cannot cap one call's output: small input slices bound it instead
            # (brotli reaches ~600,000:1, so 64 bytes in stay under ~40 MB out).
            for start in range(0, len(data), 64):
                out += decompressor.process(data[start : start + 64])
                if len(out) > limit:
                    raise _too_large(limit, "brotli data", source)
        finished = decompressor.is_finished()
    except brotli.error as exc:
        raise CorruptInputError(f"brotli data is corrupt ({exc})", source) from exc
    if not finished:
        raise CorruptInputError("brotli data is truncated (the stream ends early)", source)
    return bytes(out)


def decode_content_encoding(
    data: bytes, encoding: str | None, limit: int, source: str | None = None
) -> bytes:
    """Undo an HTTP Content-Encoding (`gzip`, `x-gzip`, `deflate`, `br`, `identity`, or a
    comma-separated list of them, applied in order) with every step capped at `limit` bytes.

    An empty body stays empty (HEAD and 204 responses carry the header with no body).
    """
    if not encoding:
        return data
    codings = [c.strip().lower() for c in encoding.split(",") if c.strip()]
    # Codings are listed in the order they were applied, so undo them from the last.
    for coding in reversed(codings):
        if not data:
            return data
        if coding in ("gzip", "x-gzip"):
            data = gunzip_capped(data, limit, source)
        elif coding == "deflate":
            data = _inflate_deflate(data, limit, source)
        elif coding == "br":
            data = _unbrotli(data, limit, source)
        elif coding == "identity":
            continue
        else:
            raise CorruptInputError(f"unsupported Content-Encoding {coding!r}", source)
    return data


__all__ = ["decode_content_encoding", "gunzip_capped"]
