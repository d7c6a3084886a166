"""Page metadata from a parsed HTML tree: JSON-LD, meta tags, microdata and the visible byline."""

from __future__ import annotations

import html as html_lib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from ...errors import CorruptInputError
from ..byline import (
    Byline,
    cut_dangling,
    is_known_outlet,
    is_outlet,
    is_reviewer_line,
    looks_like_handle,
    looks_like_lowercase_name,
    looks_like_person,
    parse_byline,
    split_authors,
)
from ..dates import ParsedDate, date_in_url, other_words, parse_date, parse_iso
from ..language import detect, normalize_tag
from ..licensing import find_licensor, is_generic_credit
from ..title import (
    cut_pipe_tail,
    repair_mojibake,
    same_title,
    strip_generic_suffix,
    strip_label_prefix,
    strip_site_suffix,
    strip_source_credit,
    title_key,
)

__all__ = ["PageMeta", "read_html_metadata"]


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself; None (or ()) where it says nothing."""

    title: str | None = None
    subtitle: str | None = None
    section: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    licensed_from: str | None = None
    published: str | None = None
    published_tz: str | None = None
    modified: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None


# schema.org types whose object describes the article itself.
_ARTICLE_TYPES = frozenset(
    t.lower()
    for t in """Article NewsArticle BlogPosting Report ReportageNewsArticle AnalysisNewsArticle
    OpinionNewsArticle ReviewNewsArticle BackgroundNewsArticle AskPublicNewsArticle
    SatiricalArticle TechArticle ScholarlyArticle LiveBlogPosting SocialMediaPosting
    DiscussionForumPosting Review CreativeWork HowTo Recipe MedicalScholarlyArticle
    Guide APIReference Posting""".split()
)
_PAGE_TYPES = frozenset(
    t.lower()
    for t in """WebPage ItemPage AboutPage CollectionPage MedicalWebPage FAQPage QAPage
    ProfilePage""".split()
)
_ORG_TYPES = frozenset(
    t.lower()
    for t in """Organization NewsMediaOrganization Corporation LocalBusiness WebSite
    EducationalOrganization GovernmentOrganization NGO MedicalOrganization Brand
    OnlineBusiness Store""".split()
)

# Meta tag keys (name / property / itemprop, lower case), most trusted first.
_META_TITLE = ("og:title", "twitter:title", "dc.title", "citation_title", "parsely-title",
               "sailthru.title", "headline")  # fmt: skip
_META_AUTHOR = ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator",
                "dcterms.creator", "citation_author", "byl", "article.author", "twitter:creator",
                "og:article:author", "book:author", "cxenseparse:author", "creator")  # fmt: skip
_META_PUBLISHED = ("article:published_time", "og:article:published_time", "datepublished",
                   "citation_publication_date", "citation_date", "citation_online_date",
                   "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.issued",
                   "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "date",
                   "pubdate", "publishdate", "publish-date", "publish_date", "published_time",
                   "article.published", "article_date_original", "original-publish-date",
                   "publication_date", "release_date", "og:published_time", "datecreated",
                   "article:published", "cxenseparse:recs:publishtime", "date.available",
                   "displaydate", "dc.date.available", "creation_date", "published",
                   "article_published", "post_date", "date.published", "pub_date")  # fmt: skip
_META_MODIFIED = ("article:modified_time", "og:updated_time", "datemodified", "og:article:modified_time",
                  "dc.date.modified", "dcterms.modified", "last-modified", "lastmod",
                  "article.updated", "modified_time", "updated_time", "revised")  # fmt: skip
_META_SECTION = ("article:section", "og:article:section", "parsely-section", "section",
                 "sailthru.section", "article.section", "cxenseparse:recs:category",
                 "articlesection")  # fmt: skip
_META_SITE = ("og:site_name", "application-name", "apple-mobile-web-app-title", "twitter:site",
              "dc.publisher", "citation_publisher", "citation_journal_title")  # fmt: skip

_JSONLD_XPATH = etree.XPath(
    "//script[translate(@type,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"
    "='application/ld+json']"
)
_META_XPATH = etree.XPath("//meta")
_LINK_XPATH = etree.XPath("//link[@rel][@href]")
_TITLE_XPATH = etree.XPath("//title")
_H1_XPATH = etree.XPath("//h1")
_TIME_XPATH = etree.XPath("//time[@datetime]|//*[@itemprop][@datetime or @content]")
# Classes that put an element outside the article's own byline (comments, related lists).
# Matched at the start of a class token (or after - or _), so utility classes like
# "md:[grid-area:sidebar]" do not count.
# Author bio boxes are not excluded: they name the article's own author (they rank below
# bylines), and their long descriptions are skipped by length.
# A "sidebar" class is not enough: grid layouts name the article's own header column so;
# a real sidebar is an <aside> or a widget area.
_NOT_BYLINE = re.compile(
    r"<(?:aside|nav)\b|(?<![^\s_-])(?:comment|reply|respond|related|recommend|popular|"
    r"footer|newsletter|trending|more-from|widget-area|widgets)",
    re.IGNORECASE,
)
# Share buttons and avatars sit beside the byline, often in one box with it ("by-share-div",
# "socialContainer"): they rule out the element itself and its parent, not what they hold.
_NOT_BYLINE_NEAR = re.compile(r"(?<![^\s_-])(?:avatar|social|share)", re.IGNORECASE)
# An explicit "Author" / "Author(s)" label keeps its name even in an <aside> (a metadata panel).
_NOT_BYLINE_LABELLED = re.compile(
    r"(?<![^\s_-])(?:comment|reply|respond|related|recommend|popular|footer|trending|more-from)",
    re.IGNORECASE,
)
_WS = re.compile(r"\s+")
_DATE_HINT = re.compile(
    r"\d{4}|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d", re.IGNORECASE
)
_UPDATED = re.compile(r"updat|modif|revis|aktualisiert|mis à jour|actualizado|수정|更新", re.I)


def _text(value: object) -> str:
    """A JSON or attribute string with spacing collapsed and leftover entities decoded."""
    if isinstance(value, str):
        return _unescape(_WS.sub(" ", value).strip())
    return ""


def _el_text(el: html.HtmlElement) -> str:
    try:
        return _WS.sub(" ", el.text_content()).strip()
    except ValueError:
        return ""


# ---------------------------------------------------------------- JSON-LD

_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _load_json(raw: str) -> list[Any]:
    """Parse a JSON-LD block, tolerating comments, CDATA, trailing commas and concatenation."""
    text = raw.strip()
    if not text:
        return []
    for attempt in range(3):
        if attempt == 1:
            text = re.sub(r"^\s*(?:<!--|//\s*<!\[CDATA\[|<!\[CDATA\[)", "", text)
            text = re.sub(r"(?:-->|//\s*\]\]>|\]\]>)\s*$", "", text).strip()
            text = _CONTROL.sub(" ", _TRAILING_COMMA.sub(r"\1", text))
        elif attempt == 2:
            # Several objects back to back, or junk after the first.
            out: list[Any] = []
            decoder = json.JSONDecoder(strict=False)
            pos = 0
            while pos < len(text):
                while pos < len(text) and text[pos] in " \t\r\n;,":
                    pos += 1
                if pos >= len(text):
                    break
                try:
                    obj, pos = decoder.raw_decode(text, pos)
                except (ValueError, RecursionError):
                    break
                out.append(obj)
            return out
        try:
            return [json.loads(text, strict=False)]
        except (ValueError, RecursionError):
            continue
    return []


def _types(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower().rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.lower().rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _walk(node: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every object in a JSON-LD document: top level, @graph, lists, mainEntity."""
    if depth > 6:
        return
    if isinstance(node, list):
        for item in node:
            yield from _walk(item, depth + 1)
    elif isinstance(node, dict):
        yield node
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "hasPart", "about"):
            sub = node.get(key)
            if isinstance(sub, (dict, list)):
                yield from _walk(sub, depth + 1)


def _name_of(value: Any, ids: dict[str, dict[str, Any]]) -> list[tuple[str, str]]:
    """(name, kind) pairs for a person/org value: a string, an object, a list, an @id reference.
    kind is 'person', 'org' or '' (unknown)."""
    out: list[tuple[str, str]] = []
    items = value if isinstance(value, list) else [value]
    for item in items[:20]:
        if isinstance(item, str):
            name = _text(item)
            if name and not name.startswith(("http://", "https://", "/")):
                out.append((name, ""))
        elif isinstance(item, dict):
            ref = item.get("@id")
            if "name" not in item and isinstance(ref, str) and ref in ids:
                item = ids[ref]
            types = _types(item)
            kind = "person" if "person" in types else "org" if types & _ORG_TYPES else ""
            name = item.get("name")
            if isinstance(name, list):
                name = next((n for n in name if isinstance(n, str)), "")
            if isinstance(name, dict):
                name = name.get("@value", "")
            name = _text(name)
            if not name:
                given, family = _text(item.get("givenName")), _text(item.get("familyName"))
                name = f"{given} {family}".strip()
            if name:
                out.append((name, kind))
    return out


@dataclass(slots=True)
class _LD:
    article: dict[str, Any] | None = None
    page: dict[str, Any] | None = None
    ids: dict[str, dict[str, Any]] = field(default_factory=dict)
    site_name: str | None = None
    org_names: list[str] = field(default_factory=list)
    breadcrumbs: list[str] = field(default_factory=list)


def _read_jsonld(tree: html.HtmlElement) -> _LD:
    ld = _LD()
    objects: list[dict[str, Any]] = []
    for script in _JSONLD_XPATH(tree):
        raw = script.text or ""
        if len(raw) > 2_000_000:
            continue
        for doc in _load_json(raw):
            objects.extend(_walk(doc))
    for obj in objects:
        ref = obj.get("@id")
        if isinstance(ref, str) and len(obj) > 1:
            ld.ids.setdefault(ref, obj)
    best_score = -1
    for obj in objects:
        types = _types(obj)
        if types & _ARTICLE_TYPES:
            # Prefer the object that carries what an article should: headline, author, date.
            score = sum(1 for k in ("headline", "author", "datePublished") if obj.get(k))
            if score > best_score:
                ld.article, best_score = obj, score
        elif types & _PAGE_TYPES and ld.page is None:
            ld.page = obj
        if "website" in types and ld.site_name is None:
            ld.site_name = _text(obj.get("name")) or None
        if types & _ORG_TYPES and "person" not in types:
            name = _text(obj.get("name"))
            if name:
                ld.org_names.append(name)
        if "breadcrumblist" in types and not ld.breadcrumbs:
            items = obj.get("itemListElement")
            if isinstance(items, list):
                for it in items:
                    if not isinstance(it, dict):
                        continue
                    inner = it.get("item")
                    crumb = _text(it.get("name"))
                    if not crumb and isinstance(inner, dict):
                        crumb = _text(inner.get("name"))
                    if crumb:
                        ld.breadcrumbs.append(crumb)
    return ld


# ---------------------------------------------------------------- meta tags


def _read_meta(tree: html.HtmlElement) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for el in _META_XPATH(tree):
        content = el.get("content")
        if content is None:
            continue
        content = _text(content)
        if not content:
            continue
        for attr in ("property", "name", "itemprop", "http-equiv"):
            key = el.get(attr)
            if key:
                meta.setdefault(key.strip().lower(), []).append(content)
    return meta


def _first(meta: dict[str, list[str]], keys: tuple[str, ...]) -> str | None:
    for k in keys:
        values = meta.get(k)
        if values:
            return values[0]
    return None


# ---------------------------------------------------------------- pieces


def _choose_title(
    ld: _LD, meta: dict[str, list[str]], tree: html.HtmlElement, site: str | None, url: str | None
) -> str | None:
    cands: list[str] = []
    for key in _META_TITLE:
        for v in meta.get(key, [])[:1]:
            cands.append(repair_mojibake(_unescape(v)))
    if ld.article is not None:
        for key in ("headline", "name"):
            v = _text(ld.article.get(key))
            if v:
                # og:title is what the page shows when shared; JSON-LD headlines are more
                # often shortened for search results.
                cands.insert(1 if cands else 0, repair_mojibake(_unescape(v)))
                break
    titles = [repair_mojibake(_unescape(_el_text(t))) for t in _TITLE_XPATH(tree)[:1]]
    cleaned = [
        c
        for c in (strip_generic_suffix(strip_site_suffix(c, site, url)) for c in cands + titles)
        if c
    ]
    h1s: list[str] = []
    keys = {title_key(c) for c in cleaned}
    marked: str | None = None
    for h in _H1_XPATH(tree)[:6]:
        text = repair_mojibake(_headline_text(h))
        # A kicker line and the headline in one h1 ("Get that tech stack" / "Klatch Coffee"):
        # the line the metadata names is the headline.
        lines = _block_lines(h) if len(h) and title_key(text) not in keys else []
        named = [ln for ln in lines if title_key(ln) in keys] if len(lines) > 1 else []
        if named:
            text = repair_mojibake(_unescape(named[0]))
        # A logo h1 holds the site's name: it is not a headline.
        if 3 <= len(text) <= 300 and strip_site_suffix(f"x | {text}", site, url) != "x":
            text = strip_source_credit(strip_site_suffix(text, site, url))
            h1s.append(strip_label_prefix(cut_pipe_tail(text)))
            if marked is None and _HEADLINE_MARK.search(
                f"{h.get('class') or ''} {h.get('itemprop') or ''}"
            ):
                marked = h1s[-1]
    h1s = [_undamaged(h, cleaned) for h in h1s]
    marked = _undamaged(marked, cleaned) if marked is not None else None
    # An h1 that agrees with a metadata title (after suffix stripping) is the headline.
    for h in h1s:
        hk = title_key(h)
        for c in cleaned:
            ck = title_key(c)
            if hk and (hk == ck or (len(hk) > 15 and (ck.startswith(hk) or hk.startswith(ck)))):
                return h
    # Readers see the h1; metadata titles are often rewritten for search engines. Not when
    # the page has many h1s, or when the h1 is set in capitals (styled, not as written).
    # An h1 that shares no word with the metadata titles is a kicker or a pull quote.
    multiword = [
        h
        for h in h1s
        if len(h.split()) >= 2 and not h.isupper() and (not cleaned or _shares_words(h, cleaned))
    ]
    if multiword and len(h1s) <= 2:
        return multiword[0]
    # Many h1s (a list of related stories in h1s): the one the theme marks as the headline.
    if marked is not None and marked in multiword:
        return marked
    if cleaned:
        return cleaned[0]
    if h1s:
        return h1s[0]
    for t in titles:
        t = strip_generic_suffix(t)
        if t:
            return t
    return None


_WORD = re.compile(r"\w{4,}")
_HEADLINE_MARK = re.compile(r"(?<![a-z])headline(?![a-z])", re.IGNORECASE)
_DAMAGED = re.compile(r"\w\?\s?\w")


def _undamaged(headline: str, titles: list[str]) -> str:
    """The metadata's spelling of an h1 whose characters the CMS replaced with "?"
    ("Event Planning? Beginner? Guide" for "Event Planning: Beginner's Guide")."""
    if not _DAMAGED.search(headline):
        return headline
    pattern = re.compile(
        ".{0,2}".join(re.escape(part) for part in headline.split("?")), re.IGNORECASE
    )
    return next((t for t in titles if pattern.fullmatch(t)), headline)


def _shares_words(text: str, others: list[str]) -> bool:
    words = {w.casefold() for w in _WORD.findall(text)}
    if not words:
        return True
    return any(words & {w.casefold() for w in _WORD.findall(o)} for o in others)


_BREAKS = frozenset({"br", "p", "div", "span", "small", "sub", "sup"})


def _split_text(el: html.HtmlElement, tags: frozenset[str], mark: str) -> str:
    """An element's text with `mark` where each of `tags` begins and ends (scripts left out)."""
    parts: list[str] = []

    def walk(node: html.HtmlElement) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript"):
            return
        split = node.tag in tags
        if split:
            parts.append(mark)
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child)
            if child.tail:
                parts.append(child.tail)
        if split:
            parts.append(mark)

    walk(el)
    return "".join(parts)


def _heading_text(el: html.HtmlElement) -> str:
    """A heading's text with line breaks and nested blocks as spaces ("2025<br>Guide")."""
    return _WS.sub(" ", _split_text(el, _BREAKS, " ")).strip()


_INLINE = frozenset(
    {"span", "a", "em", "strong", "b", "i", "u", "small", "sub", "sup", "mark", "abbr", "q",
     "font", "cite", "bdi", "bdo", "s", "del", "ins"}
)  # fmt: skip
# Pieces a theme nests in its h1 that are not the headline: the date, the byline, a counter.
_NOT_HEADLINE = re.compile(
    r"(?<![^\s-])(?:date|time|posted|byline|author|meta|comments?|count|published|updated)"
    r"(?![a-z_])",
    re.IGNORECASE,
)


def _headline_text(el: html.HtmlElement) -> str:
    """An h1's headline as a browser shows it: inline markup joins without a space ("Planning
    C<span>ycle</span>"), blocks and line breaks separate words; a date, byline or counter
    nested in the h1 ("Posted on <time>…</time> by …") is left out."""
    parts: list[str] = []

    def walk(node: html.HtmlElement, top: bool) -> None:
        if not isinstance(node.tag, str) or node.tag in ("script", "style", "noscript"):
            return
        # A utility class can make a span a block ("block", "lg:tw-block", "d-block").
        inline = node.tag in _INLINE and not any(
            tok.rsplit(":", 1)[-1].removeprefix("tw-").removeprefix("d-") == "block"
            for tok in (node.get("class") or "").split()
        )
        if not top:
            attrs = f"{node.get('class') or ''} {node.get('id') or ''}"
            if node.tag == "time" or _NOT_HEADLINE.search(attrs):
                parts.append(" ")
                return
        if not inline:
            parts.append(" ")
        if node.text:
            parts.append(node.text)
        for child in node:
            walk(child, False)
            if child.tail:
                parts.append(child.tail)
        if not inline:
            parts.append(" ")

    walk(el, True)
    return _unescape(_WS.sub(" ", "".join(parts)).strip())


_BLOCKS = frozenset({"div", "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "ul", "dd", "dt"})


def _block_lines(el: html.HtmlElement) -> list[str]:
    """An element's text split where block elements begin and end."""
    lines = (_WS.sub(" ", ln).strip() for ln in _split_text(el, _BLOCKS, "\n").split("\n"))
    return [ln for ln in lines if ln]


_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")


def _unescape(text: str) -> str:
    """Undo a second level of HTML escaping (`&amp;#038;` in meta content)."""
    return html_lib.unescape(text) if _ENTITY.search(text) else text


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
# Dates inside these are someone else's: a data table, a quoted tweet, a caption, a sidebar.
_NOT_STORY_TAGS = frozenset(
    {"table", "blockquote", "figure", "figcaption", "aside", "nav", "script", "style",
     "noscript", "select", "form", "iframe"}
)  # fmt: skip
_NOT_STORY_ATTR = re.compile(
    r"(?<![^\s_-])(?:comment|reply|related|recommend|popular|trending|more-from|widget-area|"
    r"widgets|promo|teaser)",
    re.IGNORECASE,
)
# A line that starts with a label is a date line however many words the label has.
_DATE_LABEL = re.compile(
    r"\s*(?:last\s+)?(?:published|posted|updated|modified|reviewed|released|date|on)\b",
    re.IGNORECASE,
)


def _outside_story(el: html.HtmlElement) -> bool:
    if el.tag in _NOT_STORY_TAGS:
        return True
    cls, ident = el.get("class"), el.get("id")
    if not cls and not ident:
        return False
    return _NOT_STORY_ATTR.search(f"{cls or ''} {ident or ''}") is not None


def _story_texts(box: html.HtmlElement) -> Iterator[tuple[str, html.HtmlElement]]:
    """(text, element holding it) in document order, leaving out tables, quotes, captions,
    comments and related-story lists."""

    def walk(node: html.HtmlElement) -> Iterator[tuple[str, html.HtmlElement]]:
        if node.text:
            yield node.text, node
        for child in node:
            if isinstance(child.tag, str) and not _outside_story(child):
                yield from walk(child)
            if child.tail:
                yield child.tail, node

    yield from walk(box)


def _attr_hints(el: html.HtmlElement, depth: int = 3) -> str:
    parts = []
    node: html.HtmlElement | None = el
    for _ in range(depth):
        if node is None:
            break
        parts.append(
            f"{node.get('class') or ''} {node.get('id') or ''} {node.get('itemprop') or ''}"
            + (" pubdate" if node.get("pubdate") is not None else "")
        )
        node = node.getparent()
    return " ".join(parts)


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


_HEADLINE_TAGS = frozenset({"h1", "h2", "h3", "p", "div", "span", "legend", "strong"})


def _headline_element(tree: html.HtmlElement, title: str | None) -> html.HtmlElement | None:
    """The element that prints the headline: the first h1, unless the h1 does not hold the
    title (a logo) or there is none, when it is the first element whose own text is it."""
    h1s = _H1_XPATH(tree)
    if title:
        key = title_key(title)
        if h1s and key in title_key(_el_text(h1s[0])):
            return h1s[0]
        for n, el in enumerate(tree.iter(etree.Element)):
            if n > 5000:
                break
            if el.tag in _HEADLINE_TAGS and el.text and title_key(el.text) == key:
                return el
    return h1s[0] if h1s else None


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


def _same_outlet(a: str, b: str) -> bool:
    """ "DigitalOcean Community" and "DigitalOcean", "JMIR Mhealth" and "JMIR mHealth and
    uHealth": one name is the other's start, so it is the publisher, not a licensor."""
    ka, kb = title_key(a.lower().removeprefix("the ")), title_key(b.lower().removeprefix("the "))
    return bool(ka and kb) and (ka.startswith(kb) or kb.startswith(ka))


_PARAS_XPATH = etree.XPath("//article//p")
_ALL_PARAS_XPATH = etree.XPath("//body//p")


def _credit_in_body(tree: html.HtmlElement, publisher: str | None) -> str | None:
    """A syndication credit in the story's first paragraphs ("SEOUL (Yonhap) --") or its last
    ones ("This article originally appeared in …")."""
    paras = _PARAS_XPATH(tree) or _ALL_PARAS_XPATH(tree)
    texts = [t for t in (_el_text(p) for p in paras[:400]) if len(t) > 20]
    if not texts:
        return None
    head = "\n".join(texts[:2])
    tail = "\n".join(texts[-3:])
    return find_licensor(head + "\n" + tail, publisher)


def _site_name(name: str | None) -> str | None:
    """A site's name without a dangling separator or a tagline ("Site - Health made doable")."""
    if not name:
        return None
    name = name.strip(" |-–—:·")
    parts = re.split(r"(?<!\s)(?:\s+[|–—-]\s+|\s*\|\s*)", name)
    if len(parts) > 1 and len(name) > 40 and len(parts[0]) >= 2:
        name = parts[0]
    return name or None


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


# Korean, Japanese and Chinese names are written without spaces: one token is a full name.
_CJK_NAME = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_LABEL = re.compile(
    r"^(?:written by|words by|text by|story by|article by|by|author|authors|author\(s\)|"
    r"contributors?|auteur|autor|posted by|authored by|"
    r"published by|reporting by|von|par|por)\s*:?$",
    re.IGNORECASE,
)
# "post-author", "c-byline__name", "authorName"; not "authorization" or "authority".
_AUTHOR_ATTR = re.compile(
    r"(?:(?<![a-zA-Z])(?:[Aa]uthor|AUTHOR|[Bb]yline|BYLINE|[Ww]riter)|(?<=[a-z])(?:Author|Byline))"
    r"(?:s|ed|[Nn]ame|[Ii]nfo|[Bb]ox|[Cc]ontainer)?(?![a-z])"
)
_BY_START = re.compile(
    r"\s*(?:by\b|(?:written|words|posted|article|story|text|published|authored)\s+by\b|author:|"
    r"authors:|(?:authors?|author\(s\)|contributors?)\s*:?\s*$|"
    r"this\s+(?:post|article|story|piece)\s+(?:was\s+|is\s+)?(?:written|authored)\s+by\b)",
    re.IGNORECASE,
)
# "<time>…</time> by Jane Doe": a byline as the tail text after a date or an icon.
_BY_TAIL = re.compile(r"\s*(?:by|By|BY)\s+[A-Z]")
_BEFORE_BY = frozenset({"time", "img", "svg", "i", "picture", "abbr"})
_SKIP_TAGS = frozenset(
    {"meta", "link", "script", "style", "img", "body", "html", "article", "head"}
)


_SUBTITLE_ATTR = re.compile(r"\b(?:dek|standfirst|sub-?title|sub-?head(?:line)?|summary)\b", re.I)


@dataclass(slots=True)
class _Scan:
    """Elements found in the one pass over the tree."""

    marked: list[html.HtmlElement] = field(default_factory=list)
    by_text: list[html.HtmlElement] = field(default_factory=list)
    subtitles: list[html.HtmlElement] = field(default_factory=list)
    crumbs: list[html.HtmlElement] = field(default_factory=list)


def _scan(tree: html.HtmlElement) -> _Scan:
    """One pass over the tree: elements marked as author/byline, elements whose own text
    starts with "By" (a byline without markup), dek candidates and breadcrumb trails.
    XPath `contains(translate(@class …))` over every element is several times slower."""
    found = _Scan()
    for el in tree.iter(etree.Element):
        tag = el.tag
        if tag in _BEFORE_BY:
            # "<time>…</time> by Jane Doe", "<svg/> by Jane Doe": only these tags' tails are
            # read (reading every element's tail costs a third of the scan).
            tail = el.tail
            if tail and len(found.by_text) < 20 and _BY_TAIL.match(tail):
                parent = el.getparent()
                if parent is not None and parent.tag not in _SKIP_TAGS:
                    found.by_text.append(parent)
        if tag in _SKIP_TAGS:
            continue
        attrib = el.attrib
        if attrib:
            cls = attrib.get("class")
            if cls:
                low = cls.lower()
                # Substring tests first: the regexes run on a few classes, not on every one.
                if ("author" in low or "byline" in low or "writer" in low) and _AUTHOR_ATTR.search(
                    cls
                ):
                    found.marked.append(el)
                    continue
                if "breadcrumb" in low:
                    if len(found.crumbs) < 3:
                        found.crumbs.append(el)
                elif (
                    len(found.subtitles) < 10
                    and ("dek" in low or "sub" in low or "standfirst" in low or "summary" in low)
                    and _SUBTITLE_ATTR.search(cls)
                ):
                    found.subtitles.append(el)
            value = attrib.get("id")
            if (
                value
                and ("uthor" in value or "yline" in value.lower())
                and _AUTHOR_ATTR.search(value)
            ):
                found.marked.append(el)
                continue
            prop = attrib.get("itemprop")
            if attrib.get("rel") == "author" or prop in ("author", "creator"):
                found.marked.append(el)
                continue
            if prop == "alternativeHeadline":
                found.subtitles.insert(0, el)
            if (attrib.get("itemtype") or "").endswith("/BreadcrumbList"):
                found.crumbs.append(el)
            value = attrib.get("href")
            if value and ("/author" in value or ("/p" in value and _PROFILE_LINK.search(value))):
                found.marked.append(el)
                continue
        text = el.text
        if (
            text
            and len(found.by_text) < 20
            and _BY_START.match(text)
            # A link reading "By State" is a "browse by" menu entry, not a byline.
            and not (el.tag == "a" and len(text.split()) <= 2)
        ):
            found.by_text.append(el)
    found.marked = found.marked[:80]
    return found


def _ancestry_attrs(el: html.HtmlElement, depth: int = 6) -> str:
    parts = []
    node: html.HtmlElement | None = el
    for _ in range(depth):
        if node is None:
            break
        parts.append(f"<{node.tag} {node.get('class') or ''} {node.get('id') or ''}")
        node = node.getparent()
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class _Cand:
    """A visible byline candidate: rank (0 best), page order, its text, the element's tag and
    class (`kind`), and the element."""

    rank: int
    order: int
    text: str
    kind: str
    el: html.HtmlElement


# An element that describes the author (bio, job title) rather than naming them.
_DESCRIBES = re.compile(r"(?:author|writer)[-_]?(?:description|bio|title|position|role|job)")
# Links to a person's page by other names than /author/ ("theconversation.com/profiles/x").
_PROFILE_LINK = re.compile(r"/(?:people|profiles?)/[\w-]+")
# Links to a person's page: /author/x, /people/x, /staff/x, /contributors/x, /profile/x.
_PROFILE = re.compile(r"/(?:authors?|people|staff|contributors?|profiles?|writers?|team)/", re.I)
_SLUG = re.compile(r"/authors?/([a-z][a-z'-]{2,60})/?(?:[?#]|$)")


def _name_from_author_link(el: html.HtmlElement) -> str | None:
    """ "Articles by Juliette" linking to /authors/juliette-carreiro: the full name is printed
    near the link; the slug says which words it is."""
    m = _SLUG.search((el.get("href") or "").lower())
    if not m:
        return None
    words = [w for w in m.group(1).split("-") if w]
    if not 2 <= len(words) <= 4:
        return None
    pattern = re.compile(r"\b" + r"[\s.'-]+".join(map(re.escape, words)) + r"\b", re.IGNORECASE)
    node = el.getparent()
    for _ in range(3):
        if node is None:
            break
        text = _heading_text(node)
        if len(text) > 400:
            break
        found = pattern.search(text)
        if found and looks_like_person(found.group(0)):
            return found.group(0)
        node = node.getparent()
    return None


def _under_reviewer_line(el: html.HtmlElement) -> bool:
    """The name in "Fact checked by <span>Yara Perez</span>" or "<b>Reviewed by</b>
    <a>Ola Kent</a>": a reviewer, not the writer. Reads only the text that leads into the
    element (its own, its parents', a previous sibling's), never a whole subtree."""
    node: html.HtmlElement | None = el
    for _ in range(3):
        if node is None:
            return False
        prev = node.getprevious()
        leads = (node.text, prev.text, prev.tail) if prev is not None else (node.text,)
        for lead in leads:
            if lead and is_reviewer_line(lead.strip() + " x"):
                return True
        node = node.getparent()
    return False


def _visible_bylines(scan: _Scan) -> list[_Cand]:
    """Elements that look like the article's byline, best first.

    Rank 0: rel/itemprop author; 1: a byline class or a "By …" line; 2: an author class."""
    found: list[_Cand] = []
    seen: set[str] = set()

    def add(rank: int, order: int, el: html.HtmlElement, text: str | None = None) -> None:
        text = _heading_text(el) if text is None else text
        own = (el.text or "").strip()
        if _LABEL.match(text):
            # "Written by" / "Author(s)" alone: the name follows, as tail text or as the next
            # element (a list of names becomes "A, B, C").
            tail = (el.tail or "").strip()
            nxt = el.getnext()
            # An avatar between the label and the name holds no text.
            while nxt is not None and not (nxt.tail or "").strip() and not _el_text(nxt):
                nxt = nxt.getnext()
            if tail:
                text = f"By {tail}"
            elif nxt is not None:
                text = "By " + ", ".join(_block_lines(nxt))
            else:
                text = ""
        elif (
            len(el)
            and len(text) > 80
            and el[0].tag != "a"
            and _LABEL.match(own or _heading_text(el[0]))
        ):
            # "Written by <a>A</a>, 4+ years covering … <a>B</a>, senior editor …": the
            # names are the links; the rest is their bios.
            links = [_heading_text(a) for a in el.iter("a") if _PROFILE.search(a.get("href") or "")]
            names = [n for n in links if parse_byline(n).authors == (n,)]
            if names:
                text = "By " + ", ".join(names)
        elif len(el) and _LABEL.match(own) and el[0].tag == "a":
            # "By <a>Name</a> <a>Print</a>": the names are the links joined by separators.
            names = [_heading_text(el[0])]
            for prev, child in zip(el, el[1:], strict=False):
                if child.tag != "a" or not re.fullmatch(r"\s*(?:,|and|&)?\s*", prev.tail or ""):
                    break
                names.append(_heading_text(child))
            text = "By " + ", ".join(names)
        elif len(el):
            # An author card: name on the first line, job title on the next.
            lines = _block_lines(el)
            if len(lines) >= 2 and not _LABEL.match(lines[0]):
                first = parse_byline(lines[0])
                if first.authors and not any(" and " in ln or "," in ln for ln in lines[:1]):
                    text = lines[0]
        if not text or len(text) > 200 or text in seen or _under_reviewer_line(el):
            return
        seen.add(text)
        if _BY_START.match(text):
            rank = min(rank, 1)
        found.append(_Cand(rank, order, text, f"{el.tag}.{el.get('class') or ''}", el))

    def excluded(el: html.HtmlElement, labelled: bool = False) -> bool:
        if labelled:
            return bool(_NOT_BYLINE_LABELLED.search(_ancestry_attrs(el)))
        return bool(
            _NOT_BYLINE.search(_ancestry_attrs(el))
            or _NOT_BYLINE_NEAR.search(_ancestry_attrs(el, 2))
        )

    for order, el in enumerate(scan.marked):
        if excluded(el):
            continue
        cls = ((el.get("class") or "") + " " + (el.get("id") or "")).lower()
        if el.get("rel") == "author" or el.get("itemprop") in ("author", "creator"):
            rank = 0
            # Several author links in one byline: read the line that holds them all.
            parent = el.getparent()
            if el.tag == "a" and parent is not None and len(_el_text(parent)) <= 160:
                add(0, order, parent)
        elif "byline" in cls or "/author" in (el.get("href") or ""):
            rank = 1
        else:
            rank = 2
        if el.tag == "a" and not parse_byline(_heading_text(el)).authors:
            name = _name_from_author_link(el)
            if name:
                add(1, order, el, name)
        if _DESCRIBES.search(cls):
            # "<p>Asser Christensen</p><div class='author-description'>…": the description
            # is marked, the name before it is not.
            prev = el.getprevious()
            name = _heading_text(prev) if prev is not None else ""
            if 0 < len(name) <= 60 and parse_byline(name).authors == (name,):
                add(rank, order, prev, name)
        add(rank, order, el)
    for order, el in enumerate(scan.by_text):
        if excluded(el, labelled=bool(_LABEL.match(_heading_text(el)))):
            continue
        add(1, 1000 + order, el)
    found.sort(key=lambda c: (c.rank, c.order))
    return found


def _split_meta_author(value: str, key: str) -> list[str]:
    if value.startswith(("http://", "https://", "@", "www.")) or "/" in value:
        return []
    if key == "citation_author":
        # One author per tag, often "Last, First".
        last, _, first = value.partition(",")
        name = f"{first.strip()} {last.strip()}" if first.strip() else value
        return [name] if looks_like_person(name) else []
    if key == "twitter:creator":
        # A Twitter handle without its "@" ("shopwithselect") names an account, not a person.
        return [a for a in parse_byline(value).authors if " " in a]
    return list(parse_byline(value).authors or _handle(value) or _lowercase(value))


def _handle(name: str) -> tuple[str, ...]:
    """A blog engine's user name ("aawoods") in a field that can only hold the author."""
    name = name.strip()
    return (name,) if looks_like_handle(name) and not is_outlet(name) else ()


def _lowercase(name: str) -> tuple[str, ...]:
    """A name typed in lower case ("kirstin boatto") in a field that can only hold the author."""
    name = " ".join(name.split())
    return (name,) if looks_like_lowercase_name(name) and not is_outlet(name) else ()


def _language(
    tree: html.HtmlElement, meta: dict[str, list[str]], ld: _LD, title: str | None
) -> str | None:
    """The declared language, checked against the title and description: a script the text is
    written in (Hangul, kana, Han, …) overrules a template's wrong `lang="en"`."""
    raw = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not raw:
        raw = _first(meta, ("content-language", "og:locale", "language", "dc.language"))
    if not raw and ld.article is not None:
        raw = _text(ld.article.get("inLanguage"))
    declared = normalize_tag(raw)
    sample = " ".join(x for x in (title, _first(meta, ("og:description", "description"))) if x)
    if not sample:
        return declared
    found = detect(sample, raw)
    # Function words in a title are too few to overrule a declaration, or to name a language
    # on their own; a script is not.
    if found not in _SCRIPT_LANGUAGES and (declared or len(sample.split()) < 12):
        return declared
    return found


_SCRIPT_LANGUAGES = frozenset({"ko", "ja", "zh", "ru", "ar", "he", "el", "th", "hi"})


# A section is a short name ("World", "Personal Finance"); a longer value is a headline.
_SECTION_MAX_WORDS = 6
_SECTION_MAX_CHARS = 50
_HOME_CRUMBS = frozenset(
    {"home", "start", "accueil", "inicio", "startseite", "홈", "首页", "ホーム"}
)


def _is_section(value: str, title: str | None, publisher: str | None) -> bool:
    """A plausible section name: short, and neither the headline nor the outlet's name."""
    if not value or len(value) > _SECTION_MAX_CHARS or len(value.split()) > _SECTION_MAX_WORDS:
        return False
    return not same_title(value, title) and not same_title(value, publisher)


def _is_headline_crumb(crumb: str, title: str | None) -> bool:
    """The breadcrumb naming the article itself (often shortened: a prefix of the headline)."""
    key, whole = title_key(crumb), title_key(title or "")
    return bool(key) and (key == whole or (len(key) >= 20 and key in whole))


def _section(
    ld: _LD, meta: dict[str, list[str]], scan: _Scan, title: str | None, publisher: str | None
) -> str | None:
    if ld.article is not None:
        sec = ld.article.get("articleSection")
        if isinstance(sec, list):
            sec = next((s for s in sec if isinstance(s, str) and s.strip()), None)
        value = _text(sec)
        if value and _is_section(value, title, publisher):
            return value
    named = _first(meta, _META_SECTION)
    if named and _is_section(named, title, publisher):
        return named
    crumbs = ld.breadcrumbs or [
        _el_text(a) for trail in scan.crumbs[:1] for a in trail.iter("a") if _el_text(a)
    ]
    crumbs = [c for c in crumbs if c and c.lower() not in _HOME_CRUMBS]
    # The trail ends with the article itself on many sites: drop it, then the nearest
    # remaining crumb is the section.
    crumbs = [c for c in crumbs if not _is_headline_crumb(c, title)]
    return next((c for c in reversed(crumbs) if _is_section(c, title, publisher)), None)


# A dek is prose about the story, not a byline line ("Jane Doe | May 22, 2025") or a promo.
_NOT_DEK = re.compile(
    r"\s[|•>›»/]\s|^\s*by\s|\b(?:19|20)\d\d\b.{0,3}$|\{\{"
    r"|\b(?:inbox|subscribe|book a demo|brought to you by|from across the site|summari[sz]e this)\b",
    re.I,
)
# How far up from a dek candidate the headline's container may be.
_DEK_DEPTH = 4


def _near_headline(el: html.HtmlElement, h1: html.HtmlElement | None) -> bool:
    """True when `el` sits in the headline's block: an ancestor close to it also holds the h1."""
    if h1 is None:
        return True
    if (el.sourceline or 0) < (h1.sourceline or 0):
        return False  # above the headline: a dek follows it
    holders = set(h1.iterancestors())
    node: html.HtmlElement | None = el
    for _ in range(_DEK_DEPTH):
        node = node.getparent() if node is not None else None
        if node is None:
            return False
        if node in holders:
            return True
    return False


def _subtitle(ld: _LD, scan: _Scan, title: str | None, tree: html.HtmlElement) -> str | None:
    if ld.article is not None:
        alt = _text(ld.article.get("alternativeHeadline"))
        if alt and not same_title(alt, title):
            return alt
    h1 = tree.find(".//h1")
    for el in scan.subtitles:
        if el.tag not in ("p", "h2", "h3", "div", "span"):
            continue
        text = _el_text(el)
        if (
            20 <= len(text) <= 400
            and not same_title(text, title)
            and not _NOT_DEK.search(text)
            and _near_headline(el, h1)
        ):
            return text
    return None


def _canonical(tree: html.HtmlElement, meta: dict[str, list[str]], url: str | None) -> str | None:
    href = None
    for link in _LINK_XPATH(tree):
        if "canonical" in (link.get("rel") or "").lower().split():
            href = link.get("href")
            break
    href = href or _first(meta, ("og:url", "twitter:url"))
    if not href:
        return None
    href = href.strip()
    if url:
        href = urljoin(url, href)
    return href if urlsplit(href).scheme in ("http", "https") else None


# ---------------------------------------------------------------- authors


_HONORIFIC = re.compile(r"^(?:dr|prof|mr|mrs|ms|mx) (?=\w+ )")


def _norm_name(name: str) -> str:
    # "Dr Marna van der Merwe" and metadata's "Marna van der Merwe" are one person.
    return _HONORIFIC.sub("", re.sub(r"[\W_]+", " ", name.casefold()).strip())


def _squash(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _site_keys(names: tuple[str | None, ...], url: str | None) -> frozenset[str]:
    """The site's own names, squashed ("onetreeplanted"): from og:site_name, the publisher and
    the labels of the URL's host name."""
    keys = {_squash(n) for n in names if n}
    host = (urlsplit(url).hostname or "") if url else ""
    labels = host.removeprefix("www.").split(".")
    keys.update(label for label in labels[:-1] if len(label) >= 3)
    return frozenset(k for k in keys if k)


def _row(cands: list[_Cand], i: int, first: str) -> list[str]:
    """The names of a row of like elements starting at `cands[i]` ("Rui Ma", "Heba Ledwon", …),
    when they sit together in one short line; [] when they are cards of a list."""
    head = cands[i]
    names, els = [first], [head.el]
    for c in cands[i + 1 :]:
        if c.kind != head.kind or c.rank != head.rank:
            break
        people = parse_byline(c.text).authors
        if len(people) != 1:
            break
        names.append(people[0])
        els.append(c.el)
    if len(names) < 2:
        return []
    box = head.el.getparent()
    for _ in range(4):
        if box is None:
            return []
        if all(_contains(box, e) for e in els):
            break
        box = box.getparent()
    else:
        return []
    if box is None or len(_el_text(box)) > sum(len(n) + 12 for n in names) + 40:
        return []
    return names


def _contains(box: html.HtmlElement, el: html.HtmlElement) -> bool:
    node: html.HtmlElement | None = el
    while node is not None:
        if node is box:
            return True
        node = node.getparent()
    return False


def _choose_authors(
    ld: _LD,
    meta: dict[str, list[str]],
    scan: _Scan,
    org_names: set[str],
    site_keys: frozenset[str] = frozenset(),
) -> tuple[tuple[str, ...], str | None, list[str]]:
    """(authors, byline as found, outlets named as authors)."""
    outlets: list[str] = []

    def is_org(name: str, kind: str = "") -> bool:
        # "Trezy" on trezy.io, "Resy" on blog.resy.com: one word that is the site's name.
        if " " not in name.strip() and _squash(name) in site_keys:
            return True
        if kind == "person":
            return is_outlet(name)
        return is_outlet(name) or _norm_name(name) in org_names

    ld_people: list[str] = []
    # The metadata names an author, even one that is not a person ("Sponsored by Acme").
    spoke = False
    for obj in (ld.article, ld.page):
        if obj is None:
            continue
        for key in ("author", "creator"):
            for name, kind in _name_of(obj.get(key), ld.ids):
                spoke = True
                if kind == "org" or is_org(name, kind):
                    outlets.append(name)
                    continue
                people = parse_byline(name).authors or _handle(name)
                if not people and kind == "person":
                    people = _lowercase(name)
                for p in people:
                    if p not in ld_people and not is_org(p, kind):
                        ld_people.append(p)
            if ld_people or outlets:
                break
        if ld_people or outlets:
            break
    meta_people: list[str] = []
    keys: tuple[str, ...] = _META_AUTHOR
    # WordPress SEO plugins put the author in a labelled Twitter card.
    for i in range(1, 4):
        if (meta.get(f"twitter:label{i}") or [""])[0].lower() in ("written by", "author", "by"):
            keys = (*keys, f"twitter:data{i}")
    meta_raw: str | None = None
    for key in keys:
        for value in meta.get(key, [])[:12]:
            if key != "twitter:creator" and not value.startswith(("@", "http", "www.")):
                spoke = True
            if " " not in value.strip() and is_org(value) and not value.startswith("@"):
                # The site's own one-word name ("Trezy") in the author tag.
                outlets.append(value)
                continue
            for p in _split_meta_author(value, key):
                if is_org(p):
                    outlets.append(p)
                elif p not in meta_people:
                    meta_people.append(p)
                    meta_raw = meta_raw or value
        if meta_people:
            break
    visible: list[str] = []
    byline_text: str | None = None
    visible_rank = 9
    visible_by = False
    by_els: list[html.HtmlElement] = []
    cands = _visible_bylines(scan)[:30]
    parsed = [parse_byline(c.text) for c in cands]
    # A kind of element that names three different people, one each, is a list of cards
    # (related articles, testimonials, comments), unless its names sit in one short line.
    named: dict[str, set[str]] = {}
    for c, b in zip(cands, parsed, strict=True):
        if len(b.authors) == 1 and len(c.text) <= 60:
            named.setdefault(c.kind, set()).add(_norm_name(b.authors[0]))
    listing = {k for k, v in named.items() if len(v) >= 3}
    known = {_norm_name(p) for p in ld_people + meta_people}
    spoke = spoke or bool(known or outlets)
    outlet_kinds: set[str] = set()
    for i, (c, b) in enumerate(zip(cands, parsed, strict=True)):
        if c.kind in outlet_kinds:
            # "by Clemson News" first, then "by Scott Miller" in the same kind of element:
            # the byline named the outlet; the rest are other stories'.
            continue
        shown = [p for p in b.authors if not is_org(p)]
        if not shown and c.rank <= 1 and c.order < 1000:
            # "by jsteinhardt" in a byline element: the user name is all the page prints.
            m = _BY_HANDLE.fullmatch(c.text)
            if m and looks_like_handle(m.group(1)) and not is_org(m.group(1)):
                shown = [m.group(1)]
        rank = c.rank
        if shown and c.kind in listing:
            row = _row(cands, i, shown[0]) if len(shown) == 1 else []
            if row and spoke and _norm_name(row[0]) not in known:
                continue
            if row:
                shown = row
                if _norm_name(row[0]) in known:
                    # Metadata names the row's first person: the row is the full byline.
                    rank = min(rank, 1)
            elif (spoke and not known & {_norm_name(p) for p in shown}) or (
                not spoke and c.rank >= 2
            ):
                # The metadata names someone else, or nothing marks this line as the byline
                # but a loose "author" class: another story's card, a comment.
                continue
        # A lone word under a loose "author" class is as often a label ("Guide") as a name.
        if (
            shown
            and c.rank > 0
            and not _BY_START.match(c.text)
            and all(" " not in p and not _CJK_NAME.search(p) for p in shown)
        ):
            continue
        if shown:
            visible, visible_rank = _shortest_forms(shown, parsed), rank
            # Printed as "By …" here or in another element ("By Aoife O'Riordan" beside
            # the author link).
            chosen = {_norm_name(p) for p in visible}
            by_els = [
                c2.el
                for c2, b2 in zip(cands, parsed, strict=True)
                if _BY_START.match(c2.text) and chosen & {_norm_name(p) for p in b2.authors}
            ]
            visible_by = bool(by_els)
            byline_text = c.text
            outlets.extend(b.outlets)
            break
        if b.outlets and not shown:
            outlet_kinds.add(c.kind)
        if b.outlets and byline_text is None:
            byline_text = c.text
            outlets.extend(b.outlets)
    authors = ld_people or meta_people or visible
    # Metadata often keeps only the first author: a source that names everyone the chosen
    # one names, and more, wins.
    # A byline found only by an "author" class is too loose to overrule the metadata.
    for other in (ld_people, meta_people, visible if visible_rank <= 1 else []):
        if len(other) > len(authors):
            have = {_norm_name(v) for v in other}
            if all(_norm_name(a) in have for a in authors):
                authors = other
    # Metadata that names the site itself ("One Tree Planted" on onetreeplanted.org) yields
    # to a "By …" line that names people.
    if (
        visible
        and visible_by
        and authors is not visible
        and all(_squash(a) in site_keys for a in authors)
    ):
        authors = visible
    # The "By …" line printed with the headline outranks metadata naming someone else (an
    # editor's account, a previous author of the page).
    if (
        by_els
        and visible_rank <= 1
        and authors is not visible
        and all(" " in v for v in visible)
        and not {_norm_name(a) for a in authors} & {_norm_name(v) for v in visible}
        and any(_under_headline(e) or _before_body(e) for e in by_els)
    ):
        authors = visible
    if visible and authors is not visible:
        authors = _prefer_visible_forms(list(authors), visible, visible_by)
    # `byline` is what the page printed; without a visible byline, the author tag as written.
    if byline_text is None and meta_people and authors is meta_people:
        byline_text = meta_raw
    return tuple(authors), byline_text, outlets


_LONG_PARAS_BEFORE = etree.XPath("count(preceding::p[string-length(normalize-space(.)) > 200])")


def _before_body(el: html.HtmlElement) -> bool:
    """True when no paragraph of the story's length comes before `el`: a byline at the top
    of the story, not a related story's under it."""
    return _LONG_PARAS_BEFORE(el) == 0 and bool(el.xpath("following::p[1]"))


def _under_headline(el: html.HtmlElement, reach: int = 600) -> bool:
    """True when `el` shares a small box with the page's first h1: the headline's byline,
    not one in a related-stories list further down."""
    h1 = next(iter(_H1_XPATH(el.getroottree().getroot())), None)
    if h1 is None:
        return False
    above = set()
    node: html.HtmlElement | None = h1
    while node is not None:
        above.add(node)
        node = node.getparent()
    node = el
    while node is not None and node not in above:
        node = node.getparent()
    return node is not None and len(_el_text(node)) <= reach


_AFTER_H1 = etree.XPath("following::text()[normalize-space()][position() <= 30]")
_SEPARATOR = re.compile(r"[\s|•·,–—/-]*")
_NAME_CHARS = re.compile(r"[^\W\d_][\w\s.,'’&-]*", re.UNICODE)


def _linked_elsewhere(el: html.HtmlElement) -> bool:
    """Inside a link that is not to a person's page: a category, a tag, another story."""
    node: html.HtmlElement | None = el
    for _ in range(3):
        if node is None:
            return False
        if node.tag == "a" and node.get("href") is not None:
            return not _PROFILE.search(node.get("href") or "")
        node = node.getparent()
    return False


def _name_beside_date(tree: html.HtmlElement) -> tuple[str, ...]:
    """A byline without markup: under the headline, a line of names printed right before or
    after the date ("Elliot Raba" / "23.07.2025 · 6 min read", "2025-12-17 · Trond Teigen")."""
    h1 = next(iter(_H1_XPATH(tree)), None)
    if h1 is None:
        return ()
    chunks = []
    for node in _AFTER_H1(h1):
        parent = node.getparent()
        if parent is None or parent.tag in ("script", "style", "noscript", "template"):
            continue
        text = _WS.sub(" ", str(node)).strip()
        if not _SEPARATOR.fullmatch(text):
            chunks.append((text, parent))
    dated = [len(c) <= 40 and _DATE_HINT.search(c) and parse_date(c) for c, _ in chunks]
    for i, (chunk, parent) in enumerate(chunks[:20]):
        if i == 0 and len(chunk) <= 200 and _NAME_CHARS.fullmatch(re.sub(r"[;()]", ",", chunk)):
            # The line right under the headline naming two people or more, nothing else
            # ("Ellen Lindell, VMD, DACVB; Monique Feyrecilde, BA, LVT").
            people = parse_byline(chunk).authors
            if len(people) >= 2 and len(split_authors(chunk)) <= 4 * len(people):
                if all(" " in p and looks_like_person(p.split(",")[0]) for p in people):
                    return people
        if len(chunk) > 80 or not _NAME_CHARS.fullmatch(chunk) or _linked_elsewhere(parent):
            continue
        if not ((i and dated[i - 1]) or (i + 1 < len(chunks) and dated[i + 1])):
            continue
        # "Mahua Das in <a>Project Management</a>": the section follows the name.
        people = parse_byline(cut_dangling(chunk)).authors
        if people and all(" " in p and looks_like_person(p) for p in people):
            return people
    return ()


_NAMED_IMAGES = etree.XPath("//body//img[@alt]")
# An image that is a person's portrait by its class or file: not a product shot.
_PORTRAIT = re.compile(r"author|avatar|profile|headshot|portrait|gravatar|bio\b", re.I)
_NEXT_TEXTS = etree.XPath("following::text()[normalize-space()][position() <= 3]")


def _pictured_name(tree: html.HtmlElement) -> tuple[str, ...]:
    """An author box without markup: a portrait whose alt text is a name, printed again
    right after it ("<img alt='Tim Green'> <strong>Tim Green</strong> <em>Writer</em>")."""
    for img in _NAMED_IMAGES(tree)[:300]:
        if not _PORTRAIT.search(f"{img.get('class') or ''} {img.get('src') or ''}"):
            continue
        alt = _WS.sub(" ", img.get("alt") or "").strip().casefold()
        if len(alt.split()) < 2 or len(alt) > 300:
            continue
        for node in _NEXT_TEXTS(img):
            text = _WS.sub(" ", str(node)).strip()
            holder = node.getparent()
            # The alt text is the name, or describes the picture of it ("Headshot of Doris
            # Munoz-Mantilla, MD, with a blurred lake …").
            if (
                len(text) <= 80
                and (text.casefold() == alt or (len(text.split()) >= 2 and text.casefold() in alt))
                and parse_byline(text).authors == (text,)
                and not (holder is not None and _under_reviewer_line(holder))
            ):
                return (text,)
    return ()


def _shortest_forms(names: list[str], parsed: list[Byline]) -> list[str]:
    """ "Sofia Kondrat" for "Sofia Kondrat EdTech Content" when another candidate prints the
    name alone: a job title run on after the name is not part of it."""
    alone = {a for b in parsed if len(b.authors) == 1 for a in b.authors if " " in a}
    out = []
    for name in names:
        shorter = [a for a in alone if name.startswith(a + " ") and _run_on(name[len(a) :].split())]
        out.append(max(shorter, key=len) if shorter else name)
    return out


def _run_on(words: list[str]) -> bool:
    """Words after a name that are a title, not more of the name: two or more ("EdTech
    Content"), or one not written like a surname ("AI", "editor"). "Mary Ann" printed alone
    does not cut "Mary Ann Smith"."""
    if not words or any("," in w for w in words):
        return False
    w = words[0]
    return len(words) >= 2 or not (w[:1].isupper() and w[1:].islower())


def _prefer_visible_forms(authors: list[str], visible: list[str], by_line: bool) -> list[str]:
    """Names as the byline prints them: "Shelby Loos, DVM" for metadata's "Shelby Loos"; and
    the byline's people instead of bare user names: a login ("andrew.keaveney"), one that is
    theirs ("srauturier"), or any when the page prints "By …" with full names. A display
    name ("Mazi") does not yield to a name found only by an "author" class."""
    if (
        all(" " not in a for a in authors)
        and any(" " in v for v in visible)
        and (by_line or all(_LOGIN.search(a) or _handle_of(a, visible) for a in authors))
    ):
        return visible
    by_key = {_norm_name(v.split(",")[0]): v for v in visible}
    return [by_key.get(_norm_name(a.split(",")[0]), a) for a in authors]


_BY_HANDLE = re.compile(r"\s*[Bb]y:?\s+([a-z][a-z0-9_.-]{2,30})\s*")
_LOGIN = re.compile(r"^[a-z]|[._\d]")


def _handle_of(handle: str, names: list[str]) -> bool:
    """ "andrew.keaveney" or "srauturier" is a user name of one of `names`."""
    h = _squash(handle)
    for name in names:
        words = [_squash(w) for w in name.split(",")[0].split() if _squash(w)]
        if len(words) >= 2 and (h == "".join(words) or (len(words[-1]) >= 4 and words[-1] in h)):
            return True
    return False


# ---------------------------------------------------------------- entry point


def read_html_metadata(tree: html.HtmlElement, url: str | None = None) -> PageMeta:
    """Read title, authors, dates, publisher, licensing, section and language from `tree`.

    Reads the tree (never changes it). Sources are JSON-LD, OpenGraph and other meta tags,
    microdata, `<time>` elements and the visible byline; htmldate fills a missing date.
    """
    try:
        return _read(tree, url)
    except (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError) as exc:
        # A tree lxml built but cannot walk (or JSON shapes beyond the guards): name the page.
        raise CorruptInputError(f"cannot read page metadata: {exc}", url) from exc


def _read(tree: html.HtmlElement, url: str | None) -> PageMeta:
    if not isinstance(tree.tag, str):
        return PageMeta()
    ld = _read_jsonld(tree)
    meta = _read_meta(tree)

    publisher: str | None = None
    org_names: set[str] = {_norm_name(n) for n in ld.org_names}
    for obj in (ld.article, ld.page):
        if obj is not None and publisher is None:
            pubs = _name_of(obj.get("publisher"), ld.ids)
            if pubs:
                publisher = pubs[0][0]
                if pubs[0][1] != "person":
                    org_names.add(_norm_name(publisher))
    site_name = _first(meta, ("og:site_name",)) or ld.site_name
    if site_name is None:
        value = _first(meta, _META_SITE)
        if value and not value.startswith("@"):
            site_name = value
    site_name = _site_name(site_name)
    publisher = _site_name(publisher)
    publisher = publisher or site_name or (ld.org_names[0] if ld.org_names else None)

    title = _choose_title(ld, meta, tree, site_name or publisher, url)
    scan = _scan(tree)
    site_keys = _site_keys((site_name, publisher), url)
    authors, byline, outlets = _choose_authors(ld, meta, scan, org_names, site_keys)
    if not authors:
        authors = _name_beside_date(tree) or _pictured_name(tree)
        byline = byline or (", ".join(authors) or None)

    licensed_from: str | None = None
    if ld.article is not None:
        for key in ("isBasedOn", "sourceOrganization", "creditText", "provider"):
            value = ld.article.get(key)
            if isinstance(value, dict) and "publisher" in value:
                value = value.get("publisher")
            names = [n for n, _ in _name_of(value, ld.ids)]
            if names:
                licensed_from = names[0]
                break
    if licensed_from is None:
        # Only a known news outlet in the byline is a licensor; other organisations named
        # as authors are the publisher itself or its teams.
        for name in outlets:
            if (
                _norm_name(name) not in org_names
                and name[:1].isupper()
                and is_known_outlet(name)
                and not is_generic_credit(name)
            ):
                licensed_from = name
                break
    if licensed_from is None and byline:
        licensed_from = find_licensor(byline, publisher)
    if licensed_from is None:
        licensed_from = _credit_in_body(tree, publisher)
    if licensed_from is not None and publisher and _same_outlet(licensed_from, publisher):
        licensed_from = None

    published, modified = _choose_dates(ld, meta, tree)
    in_url = date_in_url(url)
    visible = _visible_dates(tree, title)
    shown = visible.published
    modified = modified or visible.updated
    if published is None:
        published = shown or in_url or _htmldate(tree, url)
    elif shown is not None and _local_day_of(shown, published):
        # The same instant as the newsroom's clock shows it: keep the timestamp, or take the
        # page's own rendering of it when it gives the time with its local offset.
        if shown.tz not in (None, "+00:00") and _same_instant(shown, published):
            published = shown
    elif shown is not None and shown.day != published.day:
        # The page prints an earlier date at the head of the story than its metadata gives:
        # CMS moves and republishing reset metadata dates, the printed one is the original
        # (a day earlier is also the local day of a late-evening UTC timestamp). A printed
        # date labelled "Published"/"Posted" overrules the metadata either way. Never the
        # modified date, which themes print as if it were the publication date.
        earlier = _days_before(shown, published) > 0
        if (earlier or visible.labelled) and (modified is None or modified.day != shown.day):
            published = shown
    if published is not None and in_url is not None and published.day != in_url.day:
        # The outlet put the day in the URL when it published; metadata that disagrees is a
        # later edit or a UTC rendering of a local evening ("2025-12-19T02:41Z" for the 18th).
        published = in_url
    if published is not None and modified is not None and _same_instant(published, modified):
        # A "published" stamp equal to the last edit to the second is a CMS resetting it on
        # every save; an element the page marks as the publication date keeps the original.
        marked = _marked_published(tree)
        if marked is not None and _days_before(marked, published) > 0:
            published = marked
    original = _originally_published(tree)
    if original is not None:
        published = original

    return PageMeta(
        title=title or None,
        subtitle=_subtitle(ld, scan, title, tree),
        section=_section(ld, meta, scan, title, publisher),
        byline=byline,
        authors=authors,
        publisher=publisher,
        licensed_from=licensed_from,
        published=published.value if published else None,
        published_tz=published.tz if published else None,
        modified=modified.value if modified else None,
        language=_language(tree, meta, ld, title),
        canonical_url=_canonical(tree, meta, url),
        site_name=site_name,
    )
