"""The page's canonical URL."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from lxml import html

from .common import _first
from .meta_tags import _LINK_XPATH


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
