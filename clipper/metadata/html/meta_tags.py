"""Meta tags (OpenGraph, Twitter, Dublin Core, Parse.ly, ...) and the keys read from them."""

from __future__ import annotations

from lxml import etree, html

from .common import _text

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
_META_XPATH = etree.XPath("//meta")
_LINK_XPATH = etree.XPath("//link[@rel][@href]")


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
