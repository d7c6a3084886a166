"""JSON-LD: the article, page and organisation objects a page describes itself with."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree, html

from .common import _text

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

_JSONLD_XPATH = etree.XPath(
    "//script[translate(@type,'ABCDEFGHIJKLMNOPQRSTUVWXYZ','abcdefghijklmnopqrstuvwxyz')"
    "='application/ld+json']"
)


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
