"""What is not a section: an "Article" eyebrow, a blog's default category, a "< Back to blog" link
(issue 17). Made-up pages; docs/record.md § Which title."""

import lxml.html

from clipper.metadata.html import PageMeta, read_html_metadata

URL = "https://www.example-garden.com/blog/pruning-roses"
H1 = "<h1>How to prune climbing roses in late winter</h1>"


def read(head: str, body: str) -> PageMeta:
    doc = f"<html><head>{head}</head><body>{body}<p>{'Cut above an outward bud. ' * 20}</p></body></html>"
    return read_html_metadata(lxml.html.fromstring(doc), URL)


def ld(section: str) -> str:
    return (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": '
        f'"How to prune climbing roses in late winter", "articleSection": {section}}}</script>'
    )


def crumbs(*names: str) -> str:
    links = "".join(f'<a href="/{n}">{n}</a>' for n in names)
    return f'<nav class="breadcrumb">{links}</nav>'


def test_an_eyebrow_naming_the_kind_of_page_is_not_the_section() -> None:
    for label in ("Article", "Blog post", "STORY"):
        meta = read("", f'<header><p class="eyebrow">{label}</p>{H1}</header>')
        assert meta.title == "How to prune climbing roses in late winter"
        assert meta.section is None, label
    # A real kicker in the same place still is.
    meta = read("", f'<header><p class="eyebrow">Roses</p>{H1}</header>')
    assert meta.section == "Roses"
    # A kicker names the section when the page's only other section is the kind of page.
    meta = read(ld('"Blog"'), f'<header><p class="eyebrow">Roses</p>{H1}</header>')
    assert meta.section == "Roses"


def test_a_content_type_gives_way_to_a_named_section_and_stays_when_alone() -> None:
    assert read(ld('["Articles", "Climbers"]'), H1).section == "Climbers"
    assert read(ld('"Blog"'), crumbs("Home", "Climbers") + H1).section == "Climbers"
    assert read(ld('"Blog"'), H1).section == "Blog"


def test_a_default_category_or_a_back_link_is_no_section() -> None:
    assert read(ld('"Uncategorized"'), H1).section is None
    assert read(ld('"Uncategorized"'), crumbs("Home", "Roses") + H1).section == "Roses"
    assert read("", crumbs("Home", "Gardening", "< Back to blog") + H1).section == "Gardening"
    head = '<meta property="article:section" content="Sin categoría">'
    assert read(head, H1).section is None
