"""Evernote exports (.enex): one item per note, its resources skipped, streamed note by note.

A note's ENML content becomes an HTML page (title in <title>, `en-note` as the body) for the
HTML cleaner, read as a clipping (an "Article" clip is the article already cut out: every block
of it is kept unless the note has a whole page's menus around its story, when the block model
picks the body; see docs/cli.md); `source-url` is the URL and `created` the capture time. A
note that cannot be read is an error item and the others go on; XML that breaks off ends the
file with an error naming the line.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import html
import io
import lzma
import re
import zlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any, BinaryIO

from lxml import etree
from lxml import html as lxml_html

from ..errors import CorruptInputError, InputNotFoundError, InputTooLargeError
from ..models import Source
from .item import Item
from .singlefile import iso

#: The skip reason counted for each resource (image, PDF, audio) attached to a note.
RESOURCE_SKIP = "resource of an Evernote note (image, PDF or other attachment)"

_ENEX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$")
_ENML_DROP = ("en-media", "en-crypt", "en-todo")
_UTF8_PARSER = lxml_html.HTMLParser(encoding="utf-8")


def enex_date(value: str | None) -> str | None:
    """ENEX's "20241207T101500Z" as ISO 8601 ("2024-12-07T10:15:00Z"); None if not that form."""
    match = _ENEX_DATE.match((value or "").strip())
    if not match:
        return None
    try:
        year, month, day, hour, minute, second = (int(g) for g in match.groups())
        moment = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    return iso(moment) + "Z"


def _child_text(note: Any, path: str) -> str | None:
    found = note.find(path)
    if found is None or found.text is None:
        return None
    text: str = found.text.strip()
    return text or None


def enml_page(content: str, title: str | None) -> str:
    """An ENML note as an HTML page: <title> from the note, `en-note` as <body>, media dropped."""
    # The bytes are UTF-8 whether or not the note keeps its XML declaration: without one, lxml
    # would guess Latin-1.
    doc = lxml_html.document_fromstring(content.encode("utf-8"), parser=_UTF8_PARSER)
    for element in list(doc.iter(*_ENML_DROP)):
        parent = element.getparent()
        if parent is not None:
            element.drop_tree()
    body = doc.find(".//en-note")
    inner = body if body is not None else doc.find("body")
    parts = []
    if inner is not None:
        if inner.text:
            parts.append(html.escape(inner.text))
        parts.extend(lxml_html.tostring(child, encoding="unicode") for child in inner)
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"{head}</head><body>{''.join(parts)}</body></html>"
    )


def _note_item(note: Any, path: str, index: int, limit: int) -> Item:
    source = Source(path, "enex", index)
    title = _child_text(note, "title")
    named = f"note {index + 1}" + (f" ({title!r})" if title else "")
    content_el = note.find("content")
    content = content_el.text if content_el is not None else None
    if not content or not content.strip():
        return Item(source=source, error=CorruptInputError(f"{named} has no content", path))
    data = content.encode("utf-8")
    if len(data) > limit:
        too_large = InputTooLargeError(f"{named} is over the {limit}-byte limit", path)
        return Item(source=source, error=too_large)
    try:
        page = enml_page(content, title)
    except (etree.ParserError, ValueError) as exc:
        error = CorruptInputError(f"{named}: its ENML content cannot be read ({exc})", path)
        return Item(source=source, error=error)
    url = _child_text(note, "note-attributes/source-url")
    if url and not url.startswith(("http://", "https://")):
        url = None
    tags = [t.text.strip() for t in note.findall("tag") if t.text and t.text.strip()]
    extra: dict[str, Any] = {"enex_note": index + 1}
    if tags:
        extra["tags"] = tags
    return Item(
        source=source,
        content=page,
        kind="html",
        payload=data,
        url=url,
        fetched=enex_date(_child_text(note, "created")),
        content_type="application/enml+xml; charset=utf-8",
        extra=extra,
        meta={"id": "sha256:" + hashlib.sha256(data).hexdigest()},
        clip=True,
    )


#: A compressed export may unpack to at most this many times the per-input byte limit.
UNPACKED_FACTOR = 100
_MAGIC = ((b"\x1f\x8b", "gzip"), (b"BZh", "bzip2"), (b"\xfd7zXZ\x00", "xz"))


def compression(head: bytes) -> str | None:
    """ "gzip", "bzip2" or "xz" when `head` starts a stream compressed that way, else None."""
    for magic, name in _MAGIC:
        if head.startswith(magic):
            return name
    return None


def unpack_head(head: bytes) -> bytes:
    """The first bytes of a compressed file unpacked (as many as `head` gives), else `head`."""
    kind = compression(head)
    try:
        if kind == "gzip":
            return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 65536)
        if kind == "bzip2":
            return bz2.BZ2Decompressor().decompress(head, 65536)
        if kind == "xz":
            return lzma.LZMADecompressor().decompress(head, 65536)
    except (zlib.error, OSError, EOFError, lzma.LZMAError):
        return b""
    return head


class _Capped(io.RawIOBase):
    """A stream that refuses to give more than `cap` bytes (a decompression bomb)."""

    def __init__(self, inner: BinaryIO, cap: int, path: str) -> None:
        super().__init__()
        self._inner, self._cap, self._path, self._total = inner, cap, path, 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self._inner.read(len(buffer))
        self._total += len(data)
        if self._total > self._cap:
            raise InputTooLargeError(
                f"unpacks to more than {self._cap} bytes ({UNPACKED_FACTOR} x the byte limit)",
                self._path,
            )
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._inner.close()
        super().close()


def _open(path: str, limit: int) -> tuple[BinaryIO, str | None]:
    """The export's XML as a stream (unpacked as it is read when compressed), and how it was
    compressed."""
    handle = open(path, "rb")  # noqa: SIM115 (closed by the caller, through the wrapper)
    kind = compression(handle.read(6))
    handle.seek(0)
    if kind is None:
        return handle, None
    opener = {"gzip": gzip.GzipFile, "bzip2": bz2.BZ2File, "xz": lzma.LZMAFile}[kind]
    inner: Any = opener(fileobj=handle) if kind == "gzip" else opener(handle)
    return _Capped(inner, UNPACKED_FACTOR * limit, path), kind  # type: ignore[return-value]


def iter_enex(path: str, limit: int, *, data: bytes | None = None) -> Iterator[Item]:
    """Items of an ENEX file: per note, one skip per resource and then the note itself.

    The file may be gzip, bzip2 or xz compressed. `data`: the export's bytes already read and
    unpacked (stdin); `path` then only names it.
    """
    index = 0
    packed: str | None = None
    try:
        if data is not None:
            stream: BinaryIO = io.BytesIO(data)
        else:
            stream, packed = _open(path, limit)
    except OSError as exc:
        yield Item(
            source=Source(path, "enex", None),
            error=InputNotFoundError(f"cannot read: {exc.strerror or exc}", path),
        )
        return
    try:
        events = etree.iterparse(
            stream,
            events=("end",),
            tag="note",
            huge_tree=True,
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
        )
        for _, note in events:
            for _resource in note.findall("resource"):
                yield Item(source=Source(path, "enex", index), skip=RESOURCE_SKIP)
            yield _note_item(note, path, index, limit)
            index += 1
            note.clear()
            while note.getprevious() is not None:
                del note.getparent()[0]
        if index == 0:
            error = CorruptInputError("ENEX file holds no notes", path)
            yield Item(source=Source(path, "enex", None), error=error)
    except etree.XMLSyntaxError as exc:
        where = f" at line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        after = f" after {index} notes" if index else ""
        error = CorruptInputError(
            f"ENEX file is not well-formed XML{where}{after}: {exc.msg}", path
        )
        yield Item(source=Source(path, "enex", None), error=error)
    except InputTooLargeError as exc:
        yield Item(source=Source(path, "enex", None), error=exc)
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        after = f" after {index} notes" if index else ""
        if packed:
            message = f"the {packed}-compressed ENEX file cannot be unpacked{after}: {exc}"
            yield Item(source=Source(path, "enex", None), error=CorruptInputError(message, path))
        else:
            reason = getattr(exc, "strerror", None) or exc
            unread = InputNotFoundError(f"cannot read{after}: {reason}", path)
            yield Item(source=Source(path, "enex", None), error=unread)
    finally:
        stream.close()
