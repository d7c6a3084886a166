"""Tell HTML from copied text by the first bytes of an input (no I/O)."""

from __future__ import annotations

import re
from typing import Literal

Kind = Literal["html", "text"]

_HTML_SNIFF = re.compile(
    rb"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|div|p|article|script)\b",
    re.IGNORECASE | re.DOTALL,
)


def sniff_kind(data: bytes) -> Kind:
    """ "html" if the bytes start like an HTML document, else "text"."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    if _HTML_SNIFF.match(head):
        return "html"
    # UTF-16 pages: look at the decoded start.
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            start = head.decode("utf-16")[:200].encode("utf-8")
        except UnicodeDecodeError:
            return "text"
        return "html" if _HTML_SNIFF.match(start.lstrip(b"\xef\xbb\xbf")) else "text"
    return "text"
