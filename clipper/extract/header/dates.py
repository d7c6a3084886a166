"""Date lines near the title and byline, and which is published or updated."""

from __future__ import annotations

import re

from ...metadata.dates import ParsedDate
from .._prose import is_prose
from .lines import parse_date_line
from .page import _Page

# How far from the body start a date line may be when none is next to the title.
FAR_DATES = 80
_UPDATED = re.compile(
    r"\b(?:updated|modified|last updated|last modified|edited|revised|aktualisiert|geändert|"
    r"mis à jour|actualizado|actualización|aggiornato)\b|수정|更新|업데이트",
    re.I,
)
_PUBLISHED = re.compile(
    r"\b(?:published|posted|originally published|first published|released|veröffentlicht|"
    r"publié|publicado|pubblicato)\b|입력|등록|公開|発行|发布|發布",
    re.I,
)


def _date_roles(page: _Page, j: int) -> tuple[ParsedDate | None, ParsedDate | None]:
    """(published, modified) read from date line j; a label may sit on the line before it."""
    line = page.blocks[j]
    up = _UPDATED.search(line)
    pub = _PUBLISHED.search(line)
    if up and pub:
        # "Updated Nov 11 … Originally published Nov 9": each label owns the date after it.
        p = parse_date_line(line[pub.start() :]) if pub.start() > up.start() else None
        u = parse_date_line(line[up.start() :])
        if p is None:
            p = parse_date_line(line[: up.start()]) or parse_date_line(line[pub.start() :])
        return p, u if u != p else None
    parsed = page.date(j)
    if parsed is None:
        return None, None
    prev = page.blocks[j - 1] if j > 0 else None
    label = prev if prev is not None and len(prev) <= 30 and page.date(j - 1) is None else ""
    if up or (label and _UPDATED.search(label) and not _PUBLISHED.search(label)):
        return None, parsed
    return parsed, None


def _find_dates(
    page: _Page, anchor: int, byline: int | None
) -> tuple[tuple[int, ...], ParsedDate | None, ParsedDate | None]:
    """Date lines next to the title and byline; published (else updated) nearest the title."""
    lines = set(range(max(0, anchor - 6), min(len(page.blocks), anchor + 13)))
    lines.update(range(max(0, page.start - 8), min(len(page.blocks), page.start + 2)))
    if byline is not None:
        lines.update(range(byline - 1, byline + 3))
    found: list[tuple[int, int, ParsedDate | None, ParsedDate | None]] = []
    # A line of the window its date gate passed over holds no date (page.date says None).
    dated, elo, ehi = page.gates().dated, page._elo, page._ehi
    for j in sorted(lines):
        if elo <= j < ehi and j not in dated:
            continue
        if not 0 <= j < len(page.blocks) or page.hits[j] is not None or page.date(j) is None:
            continue
        if is_prose(page.blocks[j]) and j != byline:
            continue
        pub, mod = _date_roles(page, j)
        # Lines after the title read first; those above it a little later.
        dist = j - anchor if j > anchor else 2 * (anchor - j) + 1
        found.append((dist, j, pub, mod))
    if not found:
        found = _far_dates(page)
    found.sort(key=lambda t: (t[0], t[1]))
    published = next((p for _, _, p, _ in found if p is not None), None)
    modified = next((m for _, _, _, m in found if m is not None), None)
    if published is None and modified is not None:
        published, modified = modified, None
    return tuple(sorted(j for _, j, _, _ in found)), published, modified


def _far_dates(page: _Page) -> list[tuple[int, int, ParsedDate | None, ParsedDate | None]]:
    """No date beside the title: a short date line (or a labelled one) nearest the body start,
    above it first, within FAR_DATES lines."""
    found: list[tuple[int, int, ParsedDate | None, ParsedDate | None]] = []
    lo = max(0, page.start - FAR_DATES)
    hi = min(len(page.blocks), page.start + FAR_DATES)
    for j in page.dated_lines(lo, hi, 120):
        line = page.blocks[j]
        if page.hits[j] is not None or page.date(j) is None:
            continue
        if len(line) > 60 and not (_UPDATED.search(line) or _PUBLISHED.search(line)):
            continue
        pub, mod = _date_roles(page, j)
        dist = page.start - j if j < page.start else 2 * (j - page.start) + 1
        found.append((dist, j, pub, mod))
    return found


# "Published August 13, 2025", "Posted on April 13, 2023", "Published On: 15 August 2025": a
# line that says it gives the publication date (a line break first: a literal first character
# makes the scan fast).
_PUBLISHED_LINE = re.compile(
    r"\n[^\S\n]*(?:originally[^\S\n]+|first[^\S\n]+)?(?:published|posted|veröffentlicht|publié|"
    r"publicado|pubblicato)(?:[^\S\n]+(?:on|le|am|el|il))?[^\S\n]*:?[^\S\n]*(?=\S)",
    re.I,
)


def _labelled_date(page: _Page) -> int | None:
    """No date near the header: the line nearest the body start anywhere in the clipping that
    labels its date as the publication date (footers print them after the story)."""
    blocks, hits = page.blocks, page.hits
    best: tuple[int, int] | None = None
    for j in page.lines_matching(_PUBLISHED_LINE):
        if j >= len(blocks) or hits[j] is not None or len(blocks[j]) > 120:
            continue
        if page.date(j) is None or _UPDATED.search(blocks[j]):
            continue
        dist = abs(j - page.start)
        if best is None or dist < best[0]:
            best = (dist, j)
    return best[1] if best else None
