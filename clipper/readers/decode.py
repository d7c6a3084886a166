"""Bytes to text: BOM, declared charsets, UTF-8, then cautious detection; never mojibake.

The order, and why:

1. A byte-order mark settles it (UTF-8, UTF-16, UTF-32).
2. Known binary formats and control-byte soup are refused (BinaryInputError).
3. An encoding the caller gives (``CleanOptions.encoding``) is obeyed; bytes it cannot decode are an error.
4. Bytes that are valid UTF-8 are UTF-8, whatever the page or server says: valid multi-byte
   UTF-8 practically never happens by accident in legacy text, while a stale
   ``<meta charset=iso-8859-1>`` on a page served as UTF-8 is common.
5. Bytes that are *mostly* UTF-8 with some invalid bytes are mixed encodings: any single codec
   would make mojibake of part of them, so they are an error (DecodingError) naming the offset.
6. The page's ``<meta charset>`` / XML declaration and the HTTP header's charset are tried;
   when both decode cleanly but differently, statistical scoring restricted to those two picks
   (single-byte codecs decode any bytes, so "decodes cleanly" alone cannot decide).
7. With nothing declared, charset_normalizer detects, and its answer is used only if it is
   plausible and not ambiguous; short legacy text often is ambiguous, and then the input is
   refused with advice to declare the encoding, rather than archived as mojibake.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from functools import lru_cache

from charset_normalizer import CharsetMatch, from_bytes

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
    (b"\x00asm", "a WebAssembly module"),
    (b"wOFF", "a WOFF font"),
    (b"wOF2", "a WOFF2 font"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an MS Office document"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

# Bounded repetition keeps the scan linear on hostile markup.
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]{1,40})""", re.IGNORECASE
)
_XML_ENCODING = re.compile(
    rb"""^\s*<\?xml[^>]{0,100}?encoding\s*=\s*["']([a-zA-Z0-9_.:-]{1,40})["']""", re.IGNORECASE
)
# `[^<>]` rather than `[^>]`: a run of `<` without `>` must not make this quadratic.
_TAG = re.compile(rb"<[^<>]*>")
_UTF8_INVALID = re.compile("[\udc80-\udcff]")
_NON_ASCII_VALID = re.compile("[^\x00-\x7f\udc80-\udcff]")

# Labels that HTML5 says to read as another encoding (WHATWG encoding standard).
_ALIASES = {
    "iso-8859-1": "cp1252",
    "iso8859-1": "cp1252",
    "iso_8859-1": "cp1252",
    "latin1": "cp1252",
    "latin-1": "cp1252",
    "l1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "x-sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "sjis": "shift_jis",
    "windows-31j": "cp932",
    "ks_c_5601-1987": "euc-kr",
    "euc_kr": "euc-kr",
    "gb2312": "gbk",
    "gb_2312-80": "gbk",
    "x-gbk": "gbk",
    "x-euc-jp": "euc-jp",
    "unicode": "utf-16-le",
    "utf8": "utf-8",
    "x-mac-roman": "mac-roman",
}

# Where a label's codec is a subset of what sites actually send, the superset is tried next
# (Windows code pages and GB18030 add characters the strict standards lack).
_SUPERSETS: dict[str, tuple[str, ...]] = {
    "cp1252": ("latin-1",),
    "gbk": ("gb18030",),
    "gb2312": ("gbk", "gb18030"),
    "big5": ("cp950", "big5hkscs"),
    "shift_jis": ("cp932",),
    "euc_kr": ("cp949",),
    "euc_jp": ("euc_jis_2004",),
}

# Detection answers scoring within this much "chaos" of each other are a tie.
_AMBIGUOUS_CHAOS = 0.05
_MAX_DETECTION_CHAOS = 0.2


@dataclass(frozen=True, slots=True)
class Decoded:
    """Text decoded from bytes, and how."""

    text: str
    encoding: str
    how: str  # "bom", "given", "declared", "http", "utf-8", "utf-16", "detected"


def normalize_encoding(label: str) -> str | None:
    """A Python codec name for an encoding label, or None if Python has no such codec."""
    name = label.strip().strip("\"'").lower()
    name = _ALIASES.get(name, name)
    try:
        info = codecs.lookup(name)
    except LookupError:
        return None
    # Python accepts codecs that are not text encodings at all (zlib_codec, rot13, base64).
    if not getattr(info, "_is_text_encoding", True):
        return None
    return info.name


@lru_cache(maxsize=64)
def is_single_byte(encoding: str) -> bool:
    """Whether every byte is one character in `encoding` (cp1252 yes, GBK and UTF-8 no).

    A multi-byte codec holds back a lone lead byte, waiting for the rest of the character.
    """
    try:
        factory = codecs.getincrementaldecoder(encoding)
    except LookupError:
        return False
    for probe in (b"\x81", b"\xa4", b"\xc4", b"\xe3"):
        if factory("replace").decode(probe, final=False) == "":
            return False
    return True


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
    if controls / len(head) > 0.05:
        return "binary data"
    return None


def sniff_utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le"/"utf-16-be" for BOM-less UTF-16 of mostly Latin text, else None.

    Such text has a zero in every other byte; binary data rarely keeps that up for long.
    """
    head = data[:4096]
    if len(head) < 16:
        return None
    even, odd = head[0::2], head[1::2]
    pairs = min(len(even), len(odd))
    if odd.count(0) > 0.9 * pairs and even.count(0) < 0.05 * pairs:
        return "utf-16-le"
    if even.count(0) > 0.9 * pairs and odd.count(0) < 0.05 * pairs:
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _decode_as(data: bytes, encoding: str) -> tuple[str, str] | None:
    """Decode strictly under `encoding` or its common superset: (text, codec used), or None."""
    for codec in (encoding, *_SUPERSETS.get(encoding, ())):
        text = _strict(data, codec)
        if text is not None:
            return text, codec
    return None


def _utf8_or_cut(data: bytes) -> str | None:
    """Strict UTF-8, also when the bytes stop inside the last character (a cut-off capture)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason != "unexpected end of data" or exc.start < len(data) - 3:
            return None
        cut = exc.start
    # Only where the rest shows UTF-8 at work: a lone high byte at the end of ASCII is just
    # as likely one legacy character ("Caf\xe9").
    if data[:cut].isascii():
        return None
    try:
        return data[:cut].decode("utf-8")
    except UnicodeDecodeError:
        return None


def _utf8_profile(data: bytes) -> tuple[int, int, int]:
    """(valid multi-byte UTF-8 characters, invalid bytes, offset of the first invalid byte)."""
    text = data.decode("utf-8", "surrogateescape")
    # subn counts without building a list of millions of one-character matches.
    invalid = _UTF8_INVALID.subn("", text)[1]
    valid = _NON_ASCII_VALID.subn("", text)[1]
    first = -1
    if invalid:
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as exc:
            first = exc.start
    return valid, invalid, first


def declared_charset(data: bytes) -> str | None:
    """The charset a page declares in its first kilobytes (`<meta charset>` or http-equiv, or
    an XML declaration), as a Python codec name; None if absent or unknown."""
    head = data[:8192]
    match = _XML_ENCODING.match(head) or _META_CHARSET.search(head)
    if match is None:
        return None
    return normalize_encoding(match.group(1).decode("ascii", "replace"))


def _rank(data: bytes, options: list[tuple[str, str, str]]) -> tuple[str, str, str]:
    """Pick among clean decodings that differ: the one charset_normalizer finds least chaotic.

    `options` are (text, codec, how) in order of preference; ties keep that order.
    """
    codecs_wanted = {codecs.lookup(codec).name: i for i, (_, codec, _) in enumerate(options)}
    try:
        # Markup is ASCII and the same under every candidate; scoring it only dilutes the text.
        words = _TAG.sub(b" ", data[: 256 * 1024])
        matches = from_bytes(words, cp_isolation=[o[1] for o in options])
    except Exception:  # a scorer failure must not lose an input that decodes cleanly
        return options[0]
    scored: list[tuple[float, float, int]] = []
    for match in matches:
        try:
            index = codecs_wanted.get(codecs.lookup(match.encoding).name)
        except LookupError:
            continue
        if index is not None:
            scored.append((round(match.chaos, 3), -round(match.coherence, 3), index))
    if not scored:
        return options[0]
    return options[min(scored)[2]]


def _declared_choice(data: bytes, declared: list[tuple[str, str]]) -> tuple[str, str, str] | None:
    """The best clean decoding among declared charsets (text, codec, how), or None."""
    clean: list[tuple[str, str, str]] = []
    for enc, how in declared:
        result = _decode_as(data, enc)
        if result is not None and all(result[0] != text for text, _, _ in clean):
            clean.append((result[0], result[1], how))
    if not clean:
        return None
    if len(clean) == 1:
        return clean[0]
    # A clean multi-byte decoding is stronger evidence than a single-byte one, which any bytes
    # give; the scorer decides, and the multi-byte candidates go first when it cannot.
    clean.sort(key=lambda option: is_single_byte(option[1]))
    return _rank(data, clean)


# Superset codecs whose extra characters are rare in real text: a detection that needs them
# loses a tie against one that decodes under a strict standard. (A popularity prior was tried
# and rejected: it turned Polish cp1250 into cp1252 mojibake.)
_BASE_OF = {"cp949": "euc_kr", "cp932": "shift_jis", "gb18030": "gbk", "cp950": "big5"}


def _needs_extension(match: CharsetMatch) -> bool:
    try:
        name = codecs.lookup(match.encoding).name
    except LookupError:
        return True
    base = _BASE_OF.get(name)
    return base is not None and _strict(bytes(match.raw), base) is None


def _detect(data: bytes, source: str | None) -> Decoded:
    sample = data[: 256 * 1024]
    matches = list(from_bytes(sample))
    refuse = DecodingError(
        "cannot tell the text encoding (not UTF-8, no usable charset declared); "
        "pass the encoding explicitly (the encoding option)",
        source,
    )
    if not matches:
        raise refuse
    best = min(matches, key=lambda m: (round(m.chaos, 3), -round(m.coherence, 3)))
    if best.chaos > _MAX_DETECTION_CHAOS or not best.encoding:
        raise refuse
    text = _strict(data, best.encoding)
    if text is None or not _plausible(text):
        raise refuse
    best_text = str(best)
    ties = [best] + [
        other
        for other in matches
        if other is not best
        and other.chaos <= best.chaos + _AMBIGUOUS_CHAOS
        and other.coherence >= best.coherence - 0.1
        and str(other) != best_text
    ]
    if len(ties) > 1:
        ranked = sorted(ties, key=_needs_extension)
        if _needs_extension(ranked[0]) == _needs_extension(ranked[1]):
            raise DecodingError(
                f"the text encoding is ambiguous ({ranked[0].encoding} or "
                f"{ranked[1].encoding}?); pass the encoding explicitly (the encoding option)",
                source,
            )
        best = ranked[0]
        text = _strict(data, best.encoding)
        if text is None or not _plausible(text):
            raise refuse
    return Decoded(text, best.encoding, "detected")


def decode_bytes(
    data: bytes,
    *,
    source: str | None = None,
    declared: str | None = None,
    http_charset: str | None = None,
    html: bool = False,
) -> Decoded:
    """Decode input bytes (see the module docstring for the order of evidence).

    Raises EmptyInputError, BinaryInputError, or DecodingError naming `source`.
    """
    if not data.strip():
        raise EmptyInputError("the input is empty", source)
    for bom, enc in _BOMS:
        if data.startswith(bom):
            text = _strict(data[len(bom) :], enc)
            if text is None:
                raise DecodingError(f"bytes after the {enc} byte-order mark are not {enc}", source)
            return Decoded(text, enc, "bom")
    utf16 = sniff_utf16_without_bom(data)
    if utf16 is not None:
        wide = _strict(data, utf16)
        if wide is not None:
            return Decoded(wide, utf16, "utf-16")
    what = sniff_binary(data)
    if what is not None:
        raise BinaryInputError(f"this is {what}, not text or HTML", source)

    if declared:
        codec = normalize_encoding(declared)
        if codec is None:
            raise DecodingError(f"unknown encoding {declared!r}", source)
        given = _decode_as(data, codec)
        if given is None:
            raise DecodingError(f"the bytes are not valid {declared}", source)
        return Decoded(given[0], given[1], "given")

    meta = declared_charset(data) if html else None
    http = normalize_encoding(http_charset) if http_charset else None
    utf8 = _utf8_or_cut(data)
    if utf8 is not None:
        how = "declared" if meta == "utf-8" else "http" if http == "utf-8" else "utf-8"
        return Decoded(utf8, "utf-8", how)

    valid, invalid, first_bad = _utf8_profile(data)
    # Legacy CJK bytes form a few valid UTF-8 pairs by chance (about one per ten characters);
    # text with at least as many valid UTF-8 characters as invalid bytes is UTF-8 gone wrong.
    if valid >= invalid and valid >= 3:
        raise DecodingError(
            f"mixed encodings: mostly UTF-8, but {invalid} byte(s) are not "
            f"(first at offset {first_bad}); decoding would garble part of the text",
            source,
        )
    # WHATWG: a page cannot declare UTF-16/32 in its own ASCII-compatible bytes.
    candidates = [
        (enc, how)
        for enc, how in ((meta, "declared"), (http, "http"))
        if enc and enc != "utf-8" and not enc.startswith(("utf-16", "utf-32"))
    ]
    chosen = _declared_choice(data, candidates)
    if chosen is not None:
        return Decoded(chosen[0], chosen[1], chosen[2])
    return _detect(data, source)


def _plausible(text: str) -> bool:
    """Reject decodings that produce control or private-use characters (a sure sign of a
    wrong codec)."""
    sample = text[:20000]
    if not sample:
        return False
    bad = sum(
        1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n\f") or 0xE000 <= ord(ch) <= 0xF8FF
    )
    return bad / len(sample) < 0.01


__all__ = [
    "Decoded",
    "declared_charset",
    "decode_bytes",
    "is_single_byte",
    "normalize_encoding",
    "sniff_binary",
    "sniff_utf16_without_bom",
]
