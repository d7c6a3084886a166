"""Entry point: weigh every source of a page's metadata into one `PageMeta`."""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html

from ...errors import CorruptInputError
from ..byline import (
    byline_credits,
    is_known_outlet,
)
from ..dates import date_in_url
from ..licensing import find_licensor, is_generic_credit
from .authors import _choose_authors, _name_beside_date, _pictured_name, _site_desk, _site_keys
from .canonical import _canonical
from .common import _first, _norm_name, _squash
from .dates import (
    _choose_dates,
    _days_before,
    _htmldate,
    _local_day_of,
    _marked_published,
    _originally_published,
    _same_instant,
    _visible_dates,
)
from .jsonld import _name_of, _read_jsonld
from .language import _language
from .meta_tags import _META_SITE, _read_meta
from .publisher import _credit_in_body, _same_outlet, _site_name
from .scan import _scan
from .section import _is_section, _section, is_content_type
from .subtitle import _subtitle
from .title import _choose_title


@dataclass(frozen=True, slots=True)
class PageMeta:
    """What the page says about itself; None (or ()) where it says nothing."""

    title: str | None = None
    subtitle: str | None = None
    #: The subtitle is the story's marked lead paragraph ("article-lead", "intro"): the text
    #: keeps it as its first paragraph too.
    subtitle_in_text: bool = False
    section: str | None = None
    byline: str | None = None
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    licensed_from: str | None = None
    #: Agencies, outlets and desks credited as authors or in the byline, as written.
    credits: tuple[str, ...] = ()
    published: str | None = None
    published_tz: str | None = None
    modified: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None


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

    title, kicker = _choose_title(ld, meta, tree, site_name or publisher, url)
    scan = _scan(tree)
    site_keys = _site_keys((site_name, publisher), url)
    authors, byline, outlets = _choose_authors(ld, meta, scan, org_names, site_keys)
    if not authors:
        authors = _name_beside_date(tree) or _pictured_name(tree)
        byline = byline or (", ".join(authors) or None)
        authors = tuple(a for a in authors if not _site_desk(a, site_keys))
    # The site's own name listed beside a person ("Benjamin Johnson, Atlas Van Lines" on
    # atlasvanlines.com) credits the outlet, not a second author; alone it may be the person a
    # site is named after ("Paul Graham" on paulgraham.com) and stays.
    site_named = [a for a in authors if _squash(a) in site_keys]
    if site_named and len(site_named) < len(authors):
        authors = tuple(a for a in authors if a not in site_named)
        outlets = [*outlets, *site_named]

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

    subtitle, subtitle_in_text = _subtitle(ld, scan, title, tree)
    # The section the page names, else the kicker printed with the headline; a content type
    # ("Blog") only when neither names a section, and never from the kicker (an eyebrow label).
    section = _section(ld, meta, scan, title, publisher)
    if kicker and (not _is_section(kicker, title, publisher) or is_content_type(kicker)):
        kicker = None
    if section is None or (kicker and is_content_type(section)):
        section = kicker or section
    return PageMeta(
        title=title or None,
        subtitle=subtitle,
        subtitle_in_text=subtitle_in_text,
        section=section,
        byline=byline,
        authors=authors,
        publisher=publisher,
        licensed_from=licensed_from,
        credits=byline_credits(outlets, byline, authors),
        published=published.value if published else None,
        published_tz=published.tz if published else None,
        modified=modified.value if modified else None,
        language=_language(tree, meta, ld, title),
        canonical_url=_canonical(tree, meta, url),
        site_name=site_name,
    )
