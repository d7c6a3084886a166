"""JSONL input from scrapers: one object a line with `html` or `text`, optional `url`, other keys kept."""

from __future__ import annotations

import json
import re
import zlib
from collections.abc import Iterator
from itertools import chain
from typing import IO, Any

from ..errors import CorruptInputError, InputNotFoundError, InputTooLargeError
from ..models import Source
from .errorcap import cap_errors
from .item import Item, ItemKind

_CONTENT_KEYS: tuple[tuple[str, ItemKind], ...] = (("html", "html"), ("text", "text"))


def item_from_object(obj: Any, path: str, offset: int | None) -> Item:
    """The item for one JSON object (a parsed line, or a page handed over by a program)."""
    source = Source(path, "jsonl", offset)
    where = f"line at offset {offset}" if offset is not None else "page"
    if not isinstance(obj, dict):
        error = CorruptInputError(f"{where} is not a JSON object", path)
        return Item(source=source, error=error)
    for key, kind in _CONTENT_KEYS:
        value = obj.get(key)
        if value is None:
            continue
        if not isinstance(value, str):
            message = f"{where}: {key!r} is not a string"
            return Item(source=source, error=CorruptInputError(message, path))
        url = obj.get("url")
        if url is not None and not isinstance(url, str):
            url = str(url)
        extra = {k: v for k, v in obj.items() if k not in ("html", "text", "url")}
        return Item(
            source=source,
            content=value,
            kind=kind,
            payload=value.encode("utf-8", "surrogatepass"),
            url=url or None,
            content_type=f"{'text/html' if kind == 'html' else 'text/plain'}; charset=utf-8",
            extra=extra or None,
        )
    message = f"{where} has neither an 'html' nor a 'text' string"
    return Item(source=source, error=CorruptInputError(message, path))


_READ = 1 << 20
_NEWLINES = re.compile(rb"[\r\n]+")


def _blocks(handle: IO[bytes], gz: bool) -> Iterator[bytes]:
    """The file's (decompressed) bytes in blocks of about 1 MiB; gzip members one after another.

    What inflates is given before a broken or truncated member raises (zlib.error, EOFError).
    """
    if not gz:
        while block := handle.read(_READ):
            yield block
        return
    inflater: zlib._Decompress | None = None  # None between members
    pending = b""
    while True:
        if not pending:
            pending = handle.read(_READ // 4)
            if not pending:
                if inflater is not None:
                    raise EOFError("the file ends inside a gzip member (truncated)")
                return
        if inflater is None:
            if not pending.strip(b"\x00"):
                pending = b""  # zero padding after the last member, as gzip(1) allows
                continue
            inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = inflater.decompress(pending, _READ)
        if out:
            yield out
        if inflater.eof:
            pending = inflater.unused_data
            inflater = None
        else:
            pending = inflater.unconsumed_tail


def _lines(blocks: Iterator[bytes], limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line) pairs of the non-blank lines; a line over `limit` bytes is given as None.

    Read in 1 MiB blocks and split here rather than with readline(): a gzip of 64 MiB of
    newlines is 64 million readline() calls (28 s) but 64 blocks. A long line is read through
    without being held: memory stays near `limit` plus one block.
    """
    offset = 0  # offset of buf[0] in the (decompressed) file
    buf = b""
    skipping: int | None = None  # start of an over-long line being read through
    for block in chain(blocks, (b"",)):
        if not block:
            if skipping is not None:
                yield skipping, None
            elif buf.strip():
                yield offset, buf
            return
        if skipping is not None:
            eol = block.find(b"\n")
            if eol < 0:
                offset += len(block)
                continue
            yield skipping, None
            skipping = None
            offset += eol + 1
            block = block[eol + 1 :]
        buf = buf + block if buf else block
        pos = 0
        while True:
            # Runs of empty lines are skipped in one step, not one loop turn each.
            blank = _NEWLINES.match(buf, pos)
            if blank:
                pos = blank.end()
            eol = buf.find(b"\n", pos)
            if eol < 0:
                break
            if eol + 1 - pos > limit:
                yield offset + pos, None
            elif not buf[pos:eol].isspace() and eol > pos:
                yield offset + pos, buf[pos : eol + 1]
            pos = eol + 1
        offset += pos
        buf = buf[pos:]
        if len(buf) > limit:
            skipping = offset
            offset += len(buf)
            buf = b""


def _no_constant(name: str) -> None:
    # NaN, Infinity and -Infinity are not JSON (Python's parser accepts them, and its writer
    # would write them back as bare tokens no other reader takes): an unknown number is null.
    return None


_DECODER = json.JSONDecoder(parse_constant=_no_constant)


def iter_jsonl(path: str, limit: int) -> Iterator[Item]:
    """Items of a JSONL (or .jsonl.gz) file, one per non-blank line, streamed.

    At most MAX_ERRORS_PER_FILE bad lines are listed, then one line counts the rest.
    """
    return cap_errors(_iter_jsonl(path, limit), path, "jsonl")


def _iter_jsonl(path: str, limit: int) -> Iterator[Item]:
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        missing = InputNotFoundError(f"cannot read: {exc.strerror or exc}", path)
        yield Item(source=Source(path, "jsonl", None), error=missing)
        return
    try:
        gz = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        lines = _lines(_blocks(raw, gz), limit)
        while True:
            try:
                got = next(lines, None)
            except (OSError, EOFError, zlib.error) as exc:
                broken = CorruptInputError(f"gzip data is broken or truncated ({exc})", path)
                yield Item(source=Source(path, "jsonl", None), error=broken)
                return
            if got is None:
                return
            offset, line = got
            if line is None:
                too_large = InputTooLargeError(
                    f"line at offset {offset} is over the {limit}-byte limit", path
                )
                yield Item(source=Source(path, "jsonl", offset), error=too_large)
                continue
            try:
                obj = _DECODER.decode(line.decode("utf-8-sig"))
            except (ValueError, UnicodeDecodeError, RecursionError) as exc:
                error = CorruptInputError(
                    f"line at offset {offset} is not valid JSON ({exc})", path
                )
                yield Item(source=Source(path, "jsonl", offset), error=error)
                continue
            yield item_from_object(obj, path, offset)
    finally:
        raw.close()
