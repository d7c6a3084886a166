"""One thing to clean as the readers hand it over (a page, a WARC record, a JSONL line)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from ..errors import ClipperError
from ..models import Source

__all__ = ["BodyCoding", "Item", "ItemKind"]

ItemKind = Literal["html", "text"]


@dataclass(frozen=True, slots=True)
class BodyCoding:
    """How an item's `content` (an HTTP body from a WARC response) is still encoded.

    The reader does not undo the encodings: the worker does (`readers.warc.decode_item`),
    under the per-input CPU time limit, so a chunked or gzip bomb costs that input, not the
    process reading the WARC.
    """

    chunked: bool
    content_encoding: str | None
    #: The --max-bytes cap every decoding step keeps to.
    limit: int
    #: No Content-Type: whether the body is HTML is told from the decoded bytes.
    sniff: bool = False


@dataclass(frozen=True, slots=True)
class Item:
    """One thing to clean (one page, one WARC record, one JSONL line), or why it cannot be.

    Exactly one of `content`, `error` and `skip` is set. `payload` is what the WARC
    "original" is made from and what the clipping id hashes. With `coding` set, `content`
    and `payload` are still the encoded HTTP body: `readers.warc.decode_item` decodes them.
    """

    source: Source
    content: bytes | str | None = None
    kind: ItemKind | None = None
    payload: bytes = b""
    url: str | None = None
    fetched: str | None = None
    http_charset: str | None = None
    content_type: str = "application/octet-stream"
    extra: dict[str, Any] | None = None
    warc_record: bytes | None = None
    error: ClipperError | None = None
    skip: str | None = None
    #: Record fields the input itself states (front matter title, authors; the file's id).
    meta: Mapping[str, Any] | None = None
    coding: BodyCoding | None = None
    #: A clipping (an Evernote note, a Markdown clipping): HTML that is likely the article a
    #: clipper already cut out, cleaned with the extractor's "clip" picker.
    clip: bool = False
