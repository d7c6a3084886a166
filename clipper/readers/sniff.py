"""Tell what an input is by its first bytes (no I/O): HTML, MHTML, ENEX, Markdown or copied text.

The content decides; a file name's suffix only breaks a tie (text that could be Markdown, a
stylesheet or a page), so mirrors with no suffix or with `.php`, `.asp`, `.shtml` are read right.
"""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["html", "text"]
#: What one page file holds. "enex" files are containers of many notes.
Format = Literal["html", "text", "mhtml", "enex", "markdown"]

_PROLOG = rb"(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*"
_HTML_SNIFF = re.compile(
    rb"^\s*" + _PROLOG + rb"(?:<!doctype\s+html[^>]*>\s*)?(?:<!--.*?-->\s*)*"
    rb"<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|script)\b",
    re.IGNORECASE | re.DOTALL,
)
_ENEX_SNIFF = re.compile(
    rb"^\s*" + _PROLOG + rb"(?:<!doctype\s+en-export[^>]*>\s*)?(?:<!--.*?-->\s*)*<en-export\b",
    re.IGNORECASE | re.DOTALL,
)
# RFC 822 header lines up to the first blank line, one of them a multipart Content-Type.
_HEADER_LINE = re.compile(rb"^(?:[!-9;-~]+:[^\r\n]*|[ \t]+[^\r\n]*)$")
_MULTIPART = re.compile(rb"^content-type:\s*multipart/", re.IGNORECASE | re.MULTILINE)
_MIME_VERSION = re.compile(rb"^mime-version:", re.IGNORECASE | re.MULTILINE)
# YAML front matter: "---" on the first line, "key:" lines, a closing "---" (or "...").
_FRONT_MATTER = re.compile(
    rb"\A---[ \t]*\r?\n(?:[^\r\n]*\r?\n)*?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
)
_YAML_KEY = re.compile(rb"^[A-Za-z_][\w .-]*:", re.MULTILINE)

_MHTML_SUFFIXES = (".mhtml", ".mht")
_MARKDOWN_SUFFIXES = (".md", ".markdown", ".mdown", ".mkd")
_HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")


def _head(data: bytes) -> bytes:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        # UTF-16 pages: look at the decoded start.
        try:
            return head.decode("utf-16", "ignore")[:1000].encode("utf-8").lstrip(b"\xef\xbb\xbf")
        except UnicodeError:
            return b""
    return head


def _is_html(head: bytes) -> bool:
    return _HTML_SNIFF.match(head) is not None


def _is_mhtml(head: bytes) -> bool:
    block = re.split(rb"\r?\n\r?\n", head.lstrip(b"\r\n"), maxsplit=1)[0]
    lines = block.splitlines()
    if not lines or not all(_HEADER_LINE.match(line) for line in lines):
        return False
    return _MULTIPART.search(block) is not None and _MIME_VERSION.search(block) is not None


def _has_front_matter(data: bytes) -> bool:
    match = _FRONT_MATTER.match(data[:65536].lstrip(b"\xef\xbb\xbf"))
    return match is not None and _YAML_KEY.search(match.group(0)) is not None


def sniff_kind(data: bytes) -> Kind:
    """ "html" if the bytes start like an HTML (or XHTML) document, else "text"."""
    return "html" if _is_html(_head(data)) else "text"


def sniff_format(data: bytes, path: str | None = None) -> Format:
    """What one page file holds, by its content; `path`'s suffix only breaks a tie."""
    head = _head(data)
    lower = (path or "").lower().removesuffix(".gz")
    if _is_mhtml(head):
        return "mhtml"
    if _ENEX_SNIFF.match(head):
        return "enex"
    if _is_html(head):
        return "html"
    if _has_front_matter(data):
        return "markdown"
    # Content alone says "text": the suffix tells what the writer meant.
    if lower.endswith(_MHTML_SUFFIXES):
        return "mhtml"  # read as MHTML, so a broken one is reported as such
    if lower.endswith(".enex"):
        return "enex"
    if lower.endswith(_MARKDOWN_SUFFIXES):
        return "markdown"
    if lower.endswith(_HTML_SUFFIXES):
        return "html"
    return "text"


# -- files a folder walk does not clean ---------------------------------------------------------

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image"),
    (b"\xff\xd8\xff", "image"),
    (b"GIF87a", "image"),
    (b"GIF89a", "image"),
    (b"\x00\x00\x01\x00", "image"),  # .ico
    (b"wOFF", "font"),
    (b"wOF2", "font"),
    (b"OTTO", "font"),
)
_SUFFIX_REASONS: tuple[tuple[tuple[str, ...], str], ...] = (
    ((".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico", ".bmp", ".avif", ".tif"), "image"),
    ((".css",), "stylesheet"),
    ((".js", ".mjs"), "script"),
    ((".woff", ".woff2", ".ttf", ".otf", ".eot"), "font"),
)


def asset_reason(data: bytes, path: str) -> str | None:
    """Why a file met in a folder walk is a page's asset and not a clipping, or None.

    Images and fonts are told by their magic bytes; stylesheets and scripts are plain text,
    so for them (and for SVG) the suffix decides, unless the content is plainly a page.
    """
    head = data[:16]
    for magic, reason in _MAGIC:
        if head.startswith(magic):
            return reason
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image"
    lower = path.lower()
    for suffixes, reason in _SUFFIX_REASONS:
        if lower.endswith(suffixes):
            return None if sniff_format(data) != "text" else reason
    return None
