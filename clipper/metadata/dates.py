"""Dates as sources print them, to ISO 8601 at the source's precision with the source's offset."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ..lexicon.en import MONTH_FULL, MONTH_HEADS
from ..lexicon.months import MONTHS, TZ_OFFSETS, ZONES


@dataclass(frozen=True, slots=True)
class ParsedDate:
    """`value` is ISO 8601 (`2023-09-05`, `2023-09-05T14:03`, `2023-09-05T14:03:00+09:00`);
    `tz` is the offset the source states (also when it gives no time), else None."""

    value: str
    tz: str | None = None

    @property
    def day(self) -> str:
        return self.value[:10]


_MONTH_ALT = "|".join(sorted((re.escape(m) for m in MONTHS), key=len, reverse=True))

_ISO = re.compile(
    r"(?<!\d)(\d{4})-(\d{2})(?:-(\d{2}))?"
    r"(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?)?"
    r"\s?(Z|[+-]\d{2}:?\d{2})?(?!\d)"
)
_DOTTED = re.compile(r"(?<!\d)(\d{4})\s?[./]\s?(\d{1,2})\s?[./]\s?(\d{1,2})\.?(?!\d)")
_CJK = re.compile(r"(\d{4})\s*[년年]\s*(\d{1,2})\s*[월月]\s*(\d{1,2})\s*[일日]?")
# The first letters of the month names: a look-ahead for one of them lets the search skip most
# positions without trying every name (under re.I it folds case as the names do).
_MONTH_FIRST = "[" + "".join(sorted({re.escape(m[0].lower()) for m in MONTHS})) + "]"
_MDY = re.compile(
    rf"(?<![\w])(?={_MONTH_FIRST})({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_DMY = re.compile(
    rf"(?<![\w\d])(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({_MONTH_ALT})\.?,?\s+(?:de\s+)?(\d{{4}})(?!\d)",
    re.IGNORECASE,
)
_NUM_DMY = re.compile(r"(?<![\d.])(\d{1,2})[./](\d{1,2})[./](\d{4})(?![\d])")
_TIME = re.compile(
    r"(?<!\d)(\d{1,2})(?::|h|時)\s?(\d{2})(?::(\d{2}))?\s*(a\.?m\.?|p\.?m\.?|[ap]m|오전|오후)?(?![\d])",
    re.IGNORECASE,
)
_AMPM_PRE = re.compile(r"(오전|오후)\s*(\d{1,2}):(\d{2})")
_OFFSET = re.compile(r"(?:gmt|utc)\s?([+-])\s?(\d{1,2})(?::?(\d{2}))?(?!\d)", re.IGNORECASE)
_TZ_WORD = re.compile(r"(?<![\w])([A-Za-z]{1,4})(?![\w])")


def _valid(y: int, m: int, d: int | None) -> bool:
    if not (1900 <= y <= 2100 and 1 <= m <= 12):
        return False
    if d is None:
        return True
    try:
        date(y, m, d)
    except ValueError:
        return False
    return True


def _norm_offset(raw: str) -> str:
    if raw.upper() == "Z":
        return "+00:00"
    sign, rest = raw[0], raw[1:].replace(":", "")
    return f"{sign}{rest[:2]}:{rest[2:4] or '00'}"


def _find_offset(text: str, day: date | None) -> str | None:
    m = _OFFSET.search(text)
    if m:
        return f"{m.group(1)}{int(m.group(2)):02d}:{m.group(3) or '00'}"
    for w in _TZ_WORD.finditer(text):
        word = w.group(1).lower()
        if word in TZ_OFFSETS and word != "z":
            return TZ_OFFSETS[word]
        if word in ZONES and w.group(1).isupper():
            zone = ZoneInfo(ZONES[word])
            ref = datetime(day.year, day.month, day.day, 12, tzinfo=zone) if day else None
            off = ref.utcoffset() if ref else None
            if off is None:
                return None
            minutes = int(off.total_seconds() // 60)
            sign = "+" if minutes >= 0 else "-"
            minutes = abs(minutes)
            return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"
    return None


def _find_time(text: str) -> tuple[int, int, int | None] | None:
    m = _AMPM_PRE.search(text)
    if m:
        h, mi = int(m.group(2)), int(m.group(3))
        if m.group(1) == "오후" and h < 12:
            h += 12
        return (h, mi, None) if h < 24 and mi < 60 else None
    for m in _TIME.finditer(text):
        h, mi = int(m.group(1)), int(m.group(2))
        sec = int(m.group(3)) if m.group(3) else None
        mark = (m.group(4) or "").lower().replace(".", "")
        if mark in ("pm", "오후") and h < 12:
            h += 12
        elif mark in ("am", "오전") and h == 12:
            h = 0
        if h < 24 and mi < 60 and (sec is None or sec < 60):
            return h, mi, sec
    return None


def _compose(
    y: int, m: int, d: int | None, rest: str, *, time_ok: bool = True
) -> ParsedDate | None:
    if not _valid(y, m, d):
        return None
    if d is None:
        return ParsedDate(f"{y:04d}-{m:02d}")
    day = date(y, m, d)
    tz = _find_offset(rest, day)
    # The offset's own digits ("GMT+09:00") are not a time of day.
    t = _find_time(_OFFSET.sub(" ", rest)) if time_ok else None
    value = day.isoformat()
    if t is not None:
        h, mi, sec = t
        value += f"T{h:02d}:{mi:02d}" + (f":{sec:02d}" if sec is not None else ":00")
        if tz:
            value += tz
    return ParsedDate(value, tz)


def parse_iso(text: str) -> ParsedDate | None:
    """Parse an ISO 8601-like string (as in JSON-LD or `<time datetime>`)."""
    m = _ISO.search(text)
    if not m:
        return None
    y, mo = int(m.group(1)), int(m.group(2))
    d = int(m.group(3)) if m.group(3) else None
    if not _valid(y, mo, d):
        return None
    if d is None:
        return ParsedDate(f"{y:04d}-{mo:02d}")
    value = f"{y:04d}-{mo:02d}-{d:02d}"
    tz = _norm_offset(m.group(7)) if m.group(7) else None
    if m.group(4) is not None:
        h, mi = int(m.group(4)), int(m.group(5))
        if h > 23 or mi > 59:
            return ParsedDate(value, tz)
        sec = int(m.group(6)) if m.group(6) else 0
        value += f"T{h:02d}:{mi:02d}:{sec:02d}" + (tz or "")
    else:
        tz = tz or _find_offset(text[m.end() :], date(y, mo, d))
    return ParsedDate(value, tz)


def parse_date(text: str) -> ParsedDate | None:
    """The first date in `text`, in any of the shapes news sites print, or None.

    Never invents a time: `Sep 05, 2023 (Gmt+09:00)` gives `2023-09-05` with tz `+09:00`.
    """
    if not text or len(text) > 400:
        text = text[:400] if text else ""
        if not text:
            return None
    m = _ISO.search(text)
    if m:
        parsed = parse_iso(text)
        if parsed is not None:
            return parsed
    for pattern, order in ((_CJK, "ymd"), (_DOTTED, "ymd"), (_MDY, "mdy"), (_DMY, "dmy")):
        m = pattern.search(text)
        if not m:
            continue
        a, b, c = m.group(1), m.group(2), m.group(3)
        if order == "ymd":
            y, mo, d = int(a), int(b), int(c)
        elif order == "mdy":
            y, mo, d = int(c), MONTHS.get(a.lower().rstrip("."), 0), int(b)
        else:
            y, mo, d = int(c), MONTHS.get(b.lower().rstrip("."), 0), int(a)
        rest = text[: m.start()] + " " + text[m.end() :]
        result = _compose(y, mo, d, rest)
        if result is not None:
            return result
    m = _NUM_DMY.search(text)
    if m:
        a, b, y = int(m.group(1)), int(m.group(2)), int(m.group(3))
        # 05/09/2023 is ambiguous; accept when one reading is impossible, when both readings
        # agree, or with dots (05.09.2023), which only day-first locales write.
        dotted = "." in m.group(0)
        if a > 12 >= b or a == b or (dotted and a <= 31 and b <= 12):
            return _compose(y, b, a, text[m.end() :])
        if b > 12 >= a:
            return _compose(y, a, b, text[m.end() :])
    return None


_WEEKDAYS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur
    thurs fri sat sun""".split()
)
_LETTER_WORD = re.compile(r"[^\W\d_]{2,}")
_CLOCK_WORDS = frozenset({"am", "pm", "at", "st", "nd", "rd", "th", "gmt", "utc", "de", "of"})


def other_words(text: str) -> list[str]:
    """The words of `text` that are not part of a date: month and weekday names, am/pm,
    ordinal suffixes and zone abbreviations are left out ("Published on Tuesday, May 3, 2025
    at 4pm ET" gives ["Published", "on"])."""
    out = []
    for w in _LETTER_WORD.findall(text):
        low = w.lower()
        if low in MONTHS or low in _WEEKDAYS or low in _CLOCK_WORDS or low in TZ_OFFSETS:
            continue
        if w.isupper() and low in ZONES:
            continue
        out.append(w)
    return out


def looks_like_date_line(line: str) -> bool:
    """True if a short line is mostly a date (plus words like Updated, Published, 입력)."""
    if len(line) > 120:
        return False
    return parse_date(line) is not None


# "/2025/12/18/slug", "/2023/october/03/", and a slug that starts with the day
# ("/articles/2025-12-15+Rust+GCC+backend").
_URL_DATE = re.compile(
    r"/((?:19|20)\d\d)(?:/(\d{1,2}|[a-z]{3,9})/|-(\d{2})-)(\d{1,2})(?=/|$|[-_.+])", re.IGNORECASE
)
_MONTH_NAMES = {
    m: i
    for i, names in enumerate(
        zip(
            MONTH_FULL,
            MONTH_HEADS,
            strict=True,
        ),
        start=1,
    )
    for m in names
}


def date_in_url(url: str | None) -> ParsedDate | None:
    """A full date in the URL's path (`/2025/12/18/slug`, `/2023/october/03/`, a part that starts
    `2025-12-15`), or None."""
    if not url:
        return None
    try:
        path = urlsplit(url).path
    except ValueError:
        return None
    m = _URL_DATE.search(path)
    if not m:
        return None
    month_raw = (m.group(2) or m.group(3)).lower()
    month = int(month_raw) if month_raw.isdigit() else _MONTH_NAMES.get(month_raw, 0)
    return parse_iso(f"{m.group(1)}-{month:02d}-{int(m.group(4)):02d}") if month else None
