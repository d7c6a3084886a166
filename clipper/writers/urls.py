"""URLs made safe to write into records and WARC headers: no credentials, no control or bidi characters."""

from __future__ import annotations

import re

# C0, space, DEL, C1, the Unicode line breaks and the bidi controls (U+200E/F, U+202A-E,
# U+2066-9: a U+202E in a URL shows a different address than the one stored). None is
# allowed raw in a URI; %-escaping them keeps the URL without letting it break a header
# line, a terminal or a reader's eye. Lone surrogates (from JSON) are escaped as their
# surrogatepass bytes rather than crash the UTF-8 writer.
# Unicode spaces (U+00A0, U+2000-U+200A, U+3000, ...) are escaped too: no white space of any kind.
_UNSAFE = re.compile(
    "[\x00-\x20\x7f-\xa0\u1680\u2000-\u200a\u202f\u205f\u3000"
    "\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
# scheme://userinfo@host: the userinfo is everything up to the last "@" before the path.
_USERINFO = re.compile(r"^([A-Za-z][A-Za-z0-9+.\-]*://)[^/?#]*@")


def _escape(match: re.Match[str]) -> str:
    return "".join(f"%{byte:02X}" for byte in match.group().encode("utf-8", "surrogatepass"))


def safe_url(value: str | None) -> str | None:
    """`value` trimmed, without `user:password@`, unsafe characters %-escaped; None if empty.

    Credentials in a crawled URL (`https://user:secret@host/`) are someone's password: they
    are not copied into records or WARC headers. Non-ASCII letters are kept (WARC 1.1 headers
    and JSON are UTF-8).
    """
    if value is None:
        return None
    value = value.strip(" \t\r\n\f\v\x00")
    if not value:
        return None
    value = _USERINFO.sub(r"\1", value, count=1)
    return _UNSAFE.sub(_escape, value) or None


__all__ = ["safe_url"]
