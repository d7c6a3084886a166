"""Published and modified dates: metadata, `<time>` elements, dates printed near the headline, htmldate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from lxml import etree, html

from ...lexicon.en import MONTH_HEAD
from ..dates import ParsedDate, other_words, parse_date, parse_iso
from .common import _attr_hints, _el_text, _story_texts, _text
from .jsonld import _LD
from .meta_tags import _META_MODIFIED, _META_PUBLISHED
from .title import _headline_element

_TIME_XPATH = etree.XPath("//time[@datetime]|//*[@itemprop][@datetime or @content]")
_DATE_HINT = re.compile(r"\d{4}|\b(?:" + MONTH_HEAD + r")[a-z]*\.?\s+\d", re.IGNORECASE)
_UPDATED = re.compile(r"updat|modif|revis|aktualisiert|mis à jour|actualizado|수정|更新", re.I)


def _date_from(value: str | None) -> ParsedDate | None:
    if not value:
        return None
    return parse_iso(value) or parse_date(value)


def _first_meta_date(meta: dict[str, list[str]], keys: tuple[str, ...]) -> ParsedDate | None:
    """The date of the first of `keys` whose first meta value reads as a date."""
    for key in keys:
        for value in meta.get(key, [])[:1]:
            parsed = _date_from(value)
            if parsed:
                return parsed
    return None


def _choose_dates(
    ld: _LD, meta: dict[str, list[str]], tree: html.HtmlElement
) -> tuple[ParsedDate | None, ParsedDate | None]:
    published: ParsedDate | None = None
    modified: ParsedDate | None = None
    for obj in (ld.article, ld.page):
        if obj is None:
            continue
        if published is None:
            published = _date_from(_text(obj.get("datePublished")) or _text(obj.get("dateCreated")))
        if modified is None:
            modified = _date_from(_text(obj.get("dateModified")))
    if published is None:
        published = _first_meta_date(meta, _META_PUBLISHED)
    if modified is None:
        modified = _first_meta_date(meta, _META_MODIFIED)
    if published is None:
        published = _time_elements(tree)
    elif published.tz == "+00:00":
        published = _local_version(published, meta)
    return published, modified


def _local_version(utc: ParsedDate, meta: dict[str, list[str]]) -> ParsedDate:
    """The same instant as the source printed it in its own zone, if another tag gives it:
    JSON-LD often carries UTC while `article:published_time` keeps the newsroom's offset,
    and readers (and the page) see the local day."""
    try:
        instant = datetime.fromisoformat(utc.value)
    except ValueError:
        return utc
    for key in _META_PUBLISHED[:12]:
        for v in meta.get(key, [])[:1]:
            other = parse_iso(v)
            if other is None or other.tz in (None, "+00:00") or "T" not in other.value:
                continue
            try:
                same = datetime.fromisoformat(other.value) == instant
            except ValueError:
                continue
            if same:
                return other
    return utc


def _time_elements(tree: html.HtmlElement) -> ParsedDate | None:
    fallback: ParsedDate | None = None
    for el in _TIME_XPATH(tree)[:30]:
        prop = (el.get("itemprop") or "").lower()
        if prop and prop not in ("datepublished", "datecreated", "uploaddate"):
            continue
        value = el.get("datetime") or el.get("content") or ""
        parsed = _date_from(value)
        if parsed is None:
            continue
        if prop:
            return parsed
        hints = " ".join(
            (x.get("class") or "") + " " + (x.get("id") or "")
            for x in (el, el.getparent())
            if x is not None
        )
        if (
            re.search(r"publish|posted|pubdate|created", hints, re.I)
            or el.get("pubdate") is not None
        ):
            return parsed
        if re.search(r"modif|updat|comment", hints, re.I):
            continue
        if fallback is None:
            fallback = parsed
    return fallback


@dataclass(frozen=True, slots=True)
class _Shown:
    """Dates printed near the headline. `labelled`: the page marks `published` as the
    publication date ("Published", "Posted", a publish class, `itemprop=datePublished`)."""

    published: ParsedDate | None = None
    labelled: bool = False
    updated: ParsedDate | None = None


_PUBLISHED_WORD = re.compile(
    r"\b(?:published|publication|posted|released|erschienen|veröffentlicht|publié|publicado|"
    r"pubblicato)\b|입력|発行|公開|发布|發布",
    re.IGNORECASE,
)
_PUBLISHED_ATTR = re.compile(r"publish|posted|pubdate|release|created", re.IGNORECASE)
_UPDATED_ATTR = re.compile(r"updat|modif|revis", re.IGNORECASE)
# A line that starts with a label is a date line however many words the label has.
_DATE_LABEL = re.compile(
    r"\s*(?:last\s+)?(?:published|posted|updated|modified|reviewed|released|date|on)\b",
    re.IGNORECASE,
)


def _time_value(el: html.HtmlElement, shown: ParsedDate | None) -> ParsedDate | None:
    """The machine-readable date of a `<time datetime>` holding the text: it reads an
    ambiguous "03/01/2017" and carries the time and offset the text leaves out. The text wins
    when the two name different days (the reader sees the text)."""
    node: html.HtmlElement | None = el
    for _ in range(2):
        if node is None:
            break
        if node.tag == "time" and node.get("datetime"):
            machine = parse_iso(node.get("datetime") or "")
            if machine is not None and (shown is None or machine.day == shown.day):
                return machine
            break
        node = node.getparent()
    return shown


def _visible_dates(tree: html.HtmlElement, title: str | None = None) -> _Shown:
    """Dates as printed near the headline: the first short date line after (or just before)
    the headline; one labelled "Updated …" counts as the update."""
    h1 = _headline_element(tree, title)
    if h1 is None:
        return _Shown()
    box = h1
    updated: ParsedDate | None = None
    for depth in range(6):
        parent = box.getparent()
        if parent is None or parent.tag in ("body", "html"):
            break
        box = parent
        # Nearest first: a small box around the h1, then wider ones.
        found = _first_date(box, 60 if depth < 4 else 120)
        updated = updated or found.updated
        if found.published is not None:
            return _Shown(found.published, found.labelled, updated)
    return _Shown(updated=updated)


def _first_date(box: html.HtmlElement, limit: int) -> _Shown:
    seen = 0
    updated: ParsedDate | None = None
    previous = ""
    for chunk, owner in _story_texts(box):
        text = chunk.strip()
        if not text:
            continue
        seen += 1
        if seen > limit:
            break
        label, previous = previous, text
        if len(text) > 80 or not _DATE_HINT.search(text):
            continue
        parsed = _time_value(owner, parse_date(text))
        if parsed is None or len(parsed.value) < 10:
            continue
        # A sentence that mentions a date ("As of July 31, 2025, the FDA has received:") is
        # not the story's date line.
        if len(other_words(text)) > 4 and not _DATE_LABEL.match(text):
            continue
        hints = _attr_hints(owner)
        short_label = label if len(label) < 25 else ""
        # "Updated:" may sit in its own element just before the date.
        if _UPDATED.search(text) or _UPDATED.search(short_label):
            updated = updated or parsed
            continue
        said = _PUBLISHED_WORD.search(text) or _PUBLISHED_WORD.search(short_label)
        if not said and not _PUBLISHED_ATTR.search(hints) and _UPDATED_ATTR.search(hints):
            updated = updated or parsed
            continue
        labelled = bool(said or _PUBLISHED_ATTR.search(hints))
        return _Shown(parsed, labelled, updated)
    return _Shown(updated=updated)


# Paragraphs only: a scan of every text node costs more than the rest of the date reading.
_ORIGINALLY_XPATH = etree.XPath("//p[contains(., 'riginally p')]")
_ORIGINALLY = re.compile(r"originally (?:published|posted)", re.IGNORECASE)


def _originally_published(tree: html.HtmlElement) -> ParsedDate | None:
    """ "This article was originally published on 26 Sep 2019 …": the page's own statement
    of its first publication, which metadata reset by later edits does not carry."""
    for p in _ORIGINALLY_XPATH(tree)[:5]:
        text = _el_text(p)
        m = _ORIGINALLY.search(text)
        if m is None:
            continue
        parsed = parse_date(text[m.end() : m.end() + 60])
        if parsed is not None and len(parsed.value) >= 10:
            return parsed
    return None


def _local_day_of(shown: ParsedDate, stamp: ParsedDate) -> bool:
    """True if `shown` can be `stamp`'s instant as a reader somewhere saw it: the page prints
    the newsroom's local day ("July 4") of a UTC timestamp ("2025-07-05T00:04Z")."""
    if "T" not in stamp.value or stamp.tz is None:
        return False
    try:
        instant = datetime.fromisoformat(stamp.value).astimezone(UTC)
        day = date.fromisoformat(shown.day)
    except ValueError:
        return False
    # Offsets in use run from -12:00 to +14:00.
    earliest = (instant - timedelta(hours=12)).date()
    latest = (instant + timedelta(hours=14)).date()
    return earliest <= day <= latest


_MARKED_PUBLISHED_XPATH = etree.XPath(
    "//time[@pubdate]|//body//*[@itemprop='datePublished']"
    "|//time[contains(concat(' ', normalize-space(@class), ' '), ' published ')]"
)


def _marked_published(tree: html.HtmlElement) -> ParsedDate | None:
    """The date of the first element in the page marked as the publication date
    (`<time pubdate>`, `itemprop="datePublished"`, WordPress's `<time class="published">`),
    outside other stories' cards and sidebars."""
    for el in _MARKED_PUBLISHED_XPATH(tree)[:10]:
        if _in_other_story(el):
            continue
        value = el.get("datetime") or el.get("content") or _el_text(el)
        parsed = _date_from(value) if len(value) <= 80 else None
        if parsed is not None and len(parsed.value) >= 10:
            return parsed
    return None


def _same_instant(a: ParsedDate, b: ParsedDate) -> bool:
    if "T" not in a.value or "T" not in b.value or a.tz is None or b.tz is None:
        return False
    try:
        return datetime.fromisoformat(a.value) == datetime.fromisoformat(b.value)
    except ValueError:
        return False


def _days_before(a: ParsedDate, b: ParsedDate) -> int:
    """How many days `a` falls before `b` (negative when after); 0 when either is partial."""
    try:
        return (date.fromisoformat(b.day) - date.fromisoformat(a.day)).days
    except ValueError:
        return 0


def _htmldate(tree: html.HtmlElement, url: str | None) -> ParsedDate | None:
    try:
        from htmldate import find_date

        value = find_date(
            tree,
            url=url,
            original_date=True,
            extensive_search=False,
            outputformat="%Y-%m-%d",
        )
    except Exception:  # noqa: BLE001 - htmldate is a best-effort fallback; its errors are not ours
        return None
    parsed = parse_iso(value) if isinstance(value, str) else None
    if parsed is not None and _printed_only_in_other_stories(tree, parsed):
        # htmldate's last resort is the first date in the page's text, which on a page that
        # prints no date of its own is a related story's ("More posts: … December 2, 2025").
        return None
    return parsed


# Not <footer>: an <article> has its own, with the author and date (the site's is contentinfo).
_OTHER_STORY_TAGS = frozenset({"aside", "nav"})
_OTHER_STORY_ROLES = frozenset({"complementary", "navigation", "contentinfo"})
_OTHER_STORY_ATTR = re.compile(r"(?<![^\s_-])(?:related|recommend|teaser|more-from)", re.I)


def _in_other_story(el: html.HtmlElement) -> bool:
    """True if `el` sits in a sidebar, footer or navigation, or in a list item or card that
    links another story by its headline."""
    node: html.HtmlElement | None = el
    for _ in range(10):
        if node is None or node.tag in ("body", "html"):
            return False
        role = node.get("role") or ""
        if node.tag in _OTHER_STORY_TAGS or role in _OTHER_STORY_ROLES:
            return True
        if _OTHER_STORY_ATTR.search(f"{node.get('class') or ''} {node.get('id') or ''}"):
            return True
        if (node.tag == "li" or role == "listitem") and any(
            len(_el_text(a)) >= 20 for a in node.iter("a")
        ):
            return True
        node = node.getparent()
    return False


def _printed_only_in_other_stories(tree: html.HtmlElement, found: ParsedDate) -> bool:
    """True if the page prints `found` only inside other stories' cards, sidebars or the site
    footer (a date it does not print at all came from markup: that stays)."""
    places: list[html.HtmlElement] = []
    for text in tree.xpath(f"//body//text()[contains(., '{found.day[:4]}')]")[:200]:
        line = text.strip()
        if not line or len(line) > 80:
            continue
        parsed = parse_date(line)
        if parsed is None or parsed.day != found.day:
            continue
        el = text.getparent()
        if el is not None and text.is_tail:
            el = el.getparent()
        if el is not None:
            places.append(el)
    return bool(places) and all(_in_other_story(el) for el in places)
