"""The URL and capture time saved pages state: SingleFile's comment, Save Page WE's meta tags,
Chrome's "saved from url" comment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

# SingleFile writes, right after <html>:
#   <!--
#    Page saved with SingleFile
#    url: https://example.com/a
#    saved date: Mon Dec 07 2026 10:00:00 GMT+0100 (Central European Standard Time)
#   -->
_SINGLEFILE = re.compile(rb"<!--\s*Page saved with SingleFile\b(.*?)-->", re.DOTALL)
_SF_URL = re.compile(rb"^[ \t]*url:[ \t]*(\S+)", re.MULTILINE)
_SF_DATE = re.compile(rb"^[ \t]*saved date:[ \t]*([^\r\n]+)", re.MULTILINE)
# The JavaScript Date.toString() form SingleFile writes (the zone name in brackets is localized).
_JS_DATE = re.compile(
    r"(?:\w{3}\s+)?(\w{3})\s+(\d{1,2})\s+(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*(?:GMT|UTC)([+-]\d{2}):?(\d{2})"
)
_MONTHS = {m: i for i, m in enumerate("jan feb mar apr may jun jul aug sep oct nov dec".split(), 1)}
# Chrome, Edge and Internet Explorer ("mark of the web"): <!-- saved from url=(0029)https://… -->
_SAVED_FROM = re.compile(rb"<!--\s*saved from url=\(\d+\)(\S+?)\s*-->", re.IGNORECASE)

# Save Page WE: <meta name="savepage-url" content="…"> and savepage-date (a JavaScript date).
_SAVEPAGE = re.compile(
    rb"<meta\s+name=[\"']savepage-(url|date)[\"']\s+content=[\"]([^\"]*)[\"]", re.IGNORECASE
)

_HEAD_BYTES = 16384


@dataclass(frozen=True, slots=True)
class Capture:
    """What a saved page says about its own capture."""

    url: str | None = None
    #: ISO 8601 with its offset, or None when the page does not say.
    fetched: str | None = None


def iso(moment: datetime) -> str:
    """A capture time as ISO 8601: "Z" for UTC, else the offset the input states."""
    if moment.tzinfo is None:
        return moment.isoformat()
    if moment.utcoffset() == timedelta(0):
        return moment.astimezone(UTC).replace(tzinfo=None).isoformat() + "Z"
    return moment.isoformat()


def parse_js_date(value: str) -> str | None:
    """ "Mon Dec 07 2026 10:00:00 GMT+0100 (…)" as ISO 8601; None when it is not that form."""
    match = _JS_DATE.search(value)
    if not match:
        return None
    mon, day, year, hour, minute, second, off_h, off_m = match.groups()
    month = _MONTHS.get(mon.lower())
    if month is None:
        return None
    sign = -1 if off_h.startswith("-") else 1
    offset = timedelta(hours=abs(int(off_h)), minutes=int(off_m)) * sign
    try:
        moment = datetime(
            int(year), month, int(day), int(hour), int(minute), int(second),
            tzinfo=timezone(offset),
        )  # fmt: skip
    except ValueError:
        return None
    return iso(moment)


def _text(value: bytes) -> str:
    return value.decode("utf-8", "replace").strip()


def read_capture(data: bytes) -> Capture:
    """The URL and saved time a page's SingleFile or "saved from url" comment states."""
    head = data[:_HEAD_BYTES]
    match = _SINGLEFILE.search(head)
    if match:
        block = match.group(1)
        url = _SF_URL.search(block)
        date = _SF_DATE.search(block)
        return Capture(
            url=_text(url.group(1)) if url else None,
            fetched=parse_js_date(_text(date.group(1))) if date else None,
        )
    savepage = {_text(m.group(1)).lower(): _text(m.group(2)) for m in _SAVEPAGE.finditer(head)}
    if savepage:
        page_url = savepage.get("url", "")
        saved_on = savepage.get("date")
        return Capture(
            url=page_url if page_url.startswith(("http://", "https://")) else None,
            fetched=parse_js_date(saved_on) if saved_on else None,
        )
    saved = _SAVED_FROM.search(head)
    if saved:
        url_text = _text(saved.group(1))
        if url_text.startswith(("http://", "https://")):
            return Capture(url=url_text)
    return Capture()
