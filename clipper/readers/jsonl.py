"""JSONL input from scrapers: one object a line with `html` or `text`, optional `url`, other keys kept."""

from __future__ import annotations

import gzip
import json
import zlib
from collections.abc import Iterator
from typing import IO, Any

from ..errors import CorruptInputError, InputNotFoundError, InputTooLargeError
from ..models import Source
from .files import Item, ItemKind

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


def _lines(handle: IO[bytes], path: str, limit: int) -> Iterator[tuple[int, bytes | None]]:
    """(offset, line) pairs; a line over `limit` bytes is skipped whole and given as None."""
    offset = 0
    while True:
        line = handle.readline(limit + 1)
        if not line:
            return
        start = offset
        offset += len(line)
        if len(line) > limit and not line.endswith(b"\n"):
            # Read through the rest of the long line without holding it.
            while True:
                rest = handle.readline(1 << 20)
                offset += len(rest)
                if not rest or rest.endswith(b"\n"):
                    break
            yield start, None
            continue
        yield start, line


def iter_jsonl(path: str, limit: int) -> Iterator[Item]:
    """Items of a JSONL (or .jsonl.gz) file, one per non-blank line, streamed."""
    try:
        raw = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        missing = InputNotFoundError(f"cannot read: {exc.strerror or exc}", path)
        yield Item(source=Source(path, "jsonl", None), error=missing)
        return
    try:
        gz = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        handle: IO[bytes] = gzip.GzipFile(fileobj=raw, mode="rb") if gz else raw  # type: ignore[assignment]
        lines = _lines(handle, path, limit)
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
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except RecursionError:
                error = CorruptInputError(f"line at offset {offset} is nested too deep", path)
                yield Item(source=Source(path, "jsonl", offset), error=error)
                continue
            except (ValueError, UnicodeDecodeError) as exc:
                error = CorruptInputError(
                    f"line at offset {offset} is not valid JSON ({exc})", path
                )
                yield Item(source=Source(path, "jsonl", offset), error=error)
                continue
            yield item_from_object(obj, path, offset)
    finally:
        raw.close()
