"""The publisher and licensor: site names, outlets and 'originally published by' credits."""

from __future__ import annotations

import re

from lxml import etree, html

from ..licensing import find_licensor
from ..title import (
    title_key,
)
from .common import _el_text


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
