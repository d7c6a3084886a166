"""Section and dek from HTML: short names only, never the headline, the outlet or page furniture."""

import json

import lxml.html

from clipper.metadata.html import read_html_metadata

HEAD = "<title>Rates rise again for the third time this year</title>"


def meta_of(body: str, head: str = HEAD) -> object:
    tree = lxml.html.fromstring(f"<html><head>{head}</head><body>{body}</body></html>")
    return read_html_metadata(tree, "https://example.com/a")


def crumbs(*names: str) -> str:
    items = "".join(f'<li><a href="/{i}">{n}</a></li>' for i, n in enumerate(names))
    return f'<nav class="breadcrumb"><ol>{items}</ol></nav>'


def test_the_trail_may_end_with_the_article_itself() -> None:
    trail = crumbs("Home", "Business", "Economy", "Rates rise again for the third time")
    assert meta_of(trail + "<h1>Rates rise again for the third time this year</h1>").section == (
        "Economy"
    )


def test_the_trail_may_end_with_the_section() -> None:
    trail = crumbs("Home", "Business", "Economy")
    assert meta_of(trail + "<h1>Rates rise again</h1>").section == "Economy"


def test_a_headline_or_the_outlet_is_not_a_section() -> None:
    head = (
        HEAD
        + '<meta property="article:section" content="Rates rise again for the third time this year">'
        + '<meta property="og:site_name" content="The Daily Example">'
    )
    trail = crumbs("Home", "The Daily Example")
    assert meta_of(trail + "<h1>Rates rise again</h1>", head).section is None
    long_name = crumbs("Home", "Everything you need to know about buying your first home")
    assert meta_of(long_name + "<h1>Rates rise again</h1>").section is None


def test_dek_beside_the_headline_is_kept() -> None:
    body = (
        '<header><h1>Rates rise again</h1><p class="article-dek">The central bank moved for '
        "the third time this year, citing stubborn prices.</p></header><p>Body text.</p>"
    )
    assert meta_of(body).subtitle == (
        "The central bank moved for the third time this year, citing stubborn prices."
    )


def test_furniture_marked_as_summary_is_not_a_dek() -> None:
    far = (
        '<div class="promo-summary">Discover some of the most enjoyed articles from across the site'
        "</div><main><article><header><h1>Rates rise again</h1></header><p>Body.</p></article>"
        "</main>"
    )
    assert meta_of(far).subtitle is None
    byline = (
        '<header><h1>Rates rise again</h1><p class="sub-line">Jane Doe | May 22, 2025</p></header>'
    )
    assert meta_of(byline).subtitle is None
    alt = json.dumps({"@type": "NewsArticle", "alternativeHeadline": "A third rise this year"})
    ld = f'<script type="application/ld+json">{alt}</script>'
    assert meta_of("<h1>Rates rise again</h1>", HEAD + ld).subtitle == "A third rise this year"
