"""Bytes to text: BOM, declared charset, then detection; binary and undecodable input refused."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from charset_normalizer import from_bytes

from ..errors import BinaryInputError, DecodingError, EmptyInputError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Signatures of common binary formats people save with a wrong suffix.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"RIFF", "a RIFF (WebP/WAV/AVI) file"),
    (b"\x7fELF", "an ELF executable"),
    (b"BZh", "bzip2 data"),
    (b"\xfd7zXZ\x00", "xz data"),
    (b"OggS", "an Ogg file"),
    (b"ID3", "an MP3 file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 file"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 file"),
)

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE
)

# Labels that HTML5 says to read as another encoding (WHATWG encoding standard).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "ks_c_5601-1987": "euc-kr",
    "euc_kr": "euc-kr",
    "gb2312": "gbk",
    "gb_2312-80": "gbk",
    "x-euc-jp": "euc-jp",
    "unicode": "utf-16-le",
    "utf8": "utf-8",
}


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and how."""

    text: str
    encoding: str
    how: str  # "bom", "declared", "http", "utf-8", "detected", "given"


def normalize_encoding(label: str) -> str | None:
    """A Python codec name for an encoding label, or None if Python has no such codec."""
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def sniff_binary(data: bytes) -> str | None:
    """What binary format `data` looks like, or None if it may be text."""
    for magic, what in _MAGIC:
        if data.startswith(magic):
            return what
    head = data[:4096]
    if not head:
        return None
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None
    # Text in a single-byte or multi-byte legacy encoding has almost no control bytes.
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    if controls / len(head) > 0.1:
        return "binary data"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first kilobytes (`<meta charset>` or http-equiv)."""
    match = _META_CHARSET.search(data[:8192])
    if match is None:
        return None
    return normalize_encoding(match.group(1).decode("ascii", "replace"))


def decode_bytes(
    data: bytes,
    *,
    source: str | None = None,
    declared: str | None = None,
    http_charset: str | None = None,
    html: bool = False,
) -> Decoded:
    """Decode input bytes, trying in turn: BOM, the caller's encoding, the HTTP header's charset,
    the page's `<meta charset>` (HTML only), UTF-8, then statistical detection.

    A declared encoding is used only if the bytes decode under it without errors; where the
    HTTP header and the page disagree, the one that decodes cleanly wins (the page first, as
    saved pages keep their meta tag while servers often send a default charset).
    """
    if not data.strip():
        raise EmptyInputError("the input is empty", source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], enc)
            if text is None:
                raise DecodingError(f"bytes after the {enc} byte-order mark are not {enc}", source)
            return Decoded(text, enc, "bom")
    what = sniff_binary(data)
    if what is not None:
        raise BinaryInputError(f"this is {what}, not text or HTML", source)

    candidates: list[tuple[str, str]] = []
    if declared:
        enc = normalize_encoding(declared)
        if enc is None:
            raise DecodingError(f"unknown encoding {declared!r}", source)
        candidates.append((enc, "given"))
    meta = declared_charset(data) if html else None
    http = normalize_encoding(http_charset) if http_charset else None
    if meta:
        candidates.append((meta, "declared"))
    if http:
        candidates.append((http, "http"))
    candidates.append(("utf-8", "utf-8"))
    for enc, how in candidates:
        # A page that says utf-16 but has no BOM and is readable ASCII is lying (it was re-saved).
        if enc.startswith("utf-16") or enc.startswith("utf-32"):
            continue
        text = _strict(data, enc)
        if text is not None:
            return Decoded(text, enc, how)

    best = from_bytes(data[: 256 * 1024]).best()
    if best is not None and best.encoding:
        text = _strict(data, best.encoding)
        if text is not None and _plausible(text):
            return Decoded(text, best.encoding, "detected")
    raise DecodingError("cannot tell the text encoding (not UTF-8, no usable charset)", source)


def _plausible(text: str) -> bool:
    """Reject detections that produce mostly control or private-use characters."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0xE000 <= ord(ch) <= 0xF8FF)
    return bad / len(sample) < 0.01
