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
