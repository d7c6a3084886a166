"""Find a clipping's header lines: title, dek, section, byline and dates."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ...metadata.dates import ParsedDate
from ...rules import Hit
from .._prose import cjk_count as _cjk
from .._prose import word_count as _words
from .._slug import slug_words
from .byline import _find_byline, byline_text
from .dates import _find_dates, _labelled_date
from .page import _Page
from .title import _PROMO, _pick_title, _title_like

# ------------------------------------------------------------------------------------ the header


@dataclass(slots=True)
class HeaderLines:
    """Indices of the header lines of a clipping, and the dates read from them."""

    title: int | None = None
    subtitle: int | None = None
    section: int | None = None
    byline: int | None = None
    dates: tuple[int, ...] = ()
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    byline_text: str | None = None


def _subtitle(page: _Page, title: int, taken: set[int]) -> int | None:
    nxt = page.neighbours(title, 1, 1)
    if not nxt or nxt[0] in taken or page.hits[nxt[0]] is not None:
        return None
    line = page.blocks[nxt[0]]
    words, cjk = page.size(nxt[0])
    if page.is_meta(nxt[0]) or not _title_like(line, words, cjk) or words + cjk // 2 < 5:
        return None
    return nxt[0]


def _section(page: _Page, title: int, taken: set[int]) -> int | None:
    prv = page.neighbours(title, -1, 1)
    if not prv or prv[0] in taken or page.hits[prv[0]] is not None:
        return None
    line = page.blocks[prv[0]]
    size = _words(line) + _cjk(line) // 2
    key = line.casefold()
    words = key.split()
    if key == page.blocks[title].casefold() or (
        words != ["us"] and all(w in _PROMO for w in words)
    ):
        # The headline printed twice, or a menu entry ("Contact", "About us"; "US" alone is a
        # news section).
        return None
    if len(line) <= 40 and 1 <= size <= 4 and not line.endswith(".") and not page.is_meta(prv[0]):
        return prv[0]
    return None


def find_header(
    blocks: Sequence[str], hits: Sequence[Hit | None], body_start: int, url: str | None = None
) -> HeaderLines:
    """Title, dek, section, byline and date lines of a clipping whose body starts at body_start
    (the page's URL, when known, helps pick the title: its slug holds the headline's words)."""
    page = _Page(blocks, hits, body_start, slug_words(url))
    head = HeaderLines()
    head.title = _pick_title(page)
    anchor = head.title if head.title is not None else page.start - 1
    head.byline = _find_byline(page, anchor, head.title)
    if head.byline is not None:
        head.byline_text = byline_text(blocks[head.byline])
    head.dates, head.published, head.modified = _find_dates(page, anchor, head.byline)
    if head.published is None and head.modified is None:
        j = _labelled_date(page)
        if j is not None:
            head.dates, head.published = (j,), page.date(j)
    if head.title is not None:
        taken = {head.title, *head.dates}
        if head.byline is not None:
            taken.add(head.byline)
        head.subtitle = _subtitle(page, head.title, taken)
        head.section = _section(page, head.title, taken)
    return head
