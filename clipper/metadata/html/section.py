"""The section: article:section, JSON-LD and breadcrumbs, when short enough to be one."""

from __future__ import annotations

from ..title import (
    same_title,
    title_key,
)
from .common import _el_text, _first, _text
from .jsonld import _LD
from .meta_tags import _META_SECTION
from .scan import _Scan

# A section is a short name ("World", "Personal Finance"); a longer value is a headline.
_SECTION_MAX_WORDS = 6
_SECTION_MAX_CHARS = 50
_HOME_CRUMBS = frozenset(
    {"home", "start", "accueil", "inicio", "startseite", "홈", "首页", "ホーム"}
)


# A blog engine's default category (WordPress's "Uncategorized" and its translations) files
# the post under no section.
_NO_SECTION = frozenset(
    {"uncategorized", "uncategorised", "non classé", "sin categoría", "senza categoria",
     "sem categoria", "ohne kategorie", "geen categorie"}
)  # fmt: skip
# The kind of page rather than a section ("Article", "Blog"): a section only when the page
# names no other; a kicker (eyebrow) of one is a label, never the section.
_CONTENT_TYPES = frozenset(
    {"article", "articles", "blog", "blogs", "blog post", "blog posts", "post", "posts",
     "story", "stories"}
)  # fmt: skip
_BACK_LINK = ("<", "‹", "←", "«", "back to ")


def _is_section(value: str, title: str | None, publisher: str | None) -> bool:
    """A plausible section name: short, and neither the headline nor the outlet's name, nor a
    blog's default category or a "< Back to blog" link."""
    if not value or len(value) > _SECTION_MAX_CHARS or len(value.split()) > _SECTION_MAX_WORDS:
        return False
    low = " ".join(value.casefold().split())
    if low in _NO_SECTION or low.startswith(_BACK_LINK):
        return False
    return not same_title(value, title) and not same_title(value, publisher)


def is_content_type(value: str) -> bool:
    """Is this the kind of page ("Article", "Blog", "Posts"), not the section it is filed under?"""
    return " ".join(value.casefold().split()) in _CONTENT_TYPES


def _is_headline_crumb(crumb: str, title: str | None) -> bool:
    """The breadcrumb naming the article itself (often shortened: a prefix of the headline)."""
    key, whole = title_key(crumb), title_key(title or "")
    return bool(key) and (key == whole or (len(key) >= 20 and key in whole))


def _section(
    ld: _LD, meta: dict[str, list[str]], scan: _Scan, title: str | None, publisher: str | None
) -> str | None:
    """The first plausible section of JSON-LD `articleSection`, the section meta tags and the
    nearest breadcrumb; a content type ("Blog", "Articles") only when no other of them names a
    section."""
    found: list[str] = []
    if ld.article is not None:
        sec = ld.article.get("articleSection")
        for value in sec if isinstance(sec, list) else [sec]:
            if (text := _text(value)) and _is_section(text, title, publisher):
                found.append(text)
    named = _first(meta, _META_SECTION)
    if named and _is_section(named, title, publisher):
        found.append(named)
    crumbs = ld.breadcrumbs or [
        _el_text(a) for trail in scan.crumbs[:1] for a in trail.iter("a") if _el_text(a)
    ]
    crumbs = [c for c in crumbs if c and c.lower() not in _HOME_CRUMBS]
    # The trail ends with the article itself on many sites: drop it, then the nearest
    # remaining crumb is the section.
    crumbs = [c for c in crumbs if not _is_headline_crumb(c, title)]
    # The nearest crumb only: one further up the trail is a wider part of the site, or its home.
    found += [c for c in reversed(crumbs) if _is_section(c, title, publisher)][:1]
    return next((v for v in found if not is_content_type(v)), found[0] if found else None)
