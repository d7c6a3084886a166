"""The site's own name listed beside a person is the outlet, not a second author (issue 17);
alone it may be the person the site is named after. Made-up pages."""

import json

import lxml.html

from clipper.metadata.html import PageMeta, read_html_metadata


def read(authors: list[str], url: str) -> PageMeta:
    ld = {
        "@type": "BlogPosting",
        "headline": "Packing a kitchen in one afternoon",
        "author": [{"@type": "Person", "name": a} for a in authors],
    }
    doc = (
        f'<html><head><script type="application/ld+json">{json.dumps(ld)}</script></head>'
        f"<body><h1>Packing a kitchen in one afternoon</h1><p>{'Wrap each plate. ' * 30}</p>"
        "</body></html>"
    )
    return read_html_metadata(lxml.html.fromstring(doc), url)


def test_the_site_name_beside_a_person_is_a_credit() -> None:
    meta = read(["Jane Roe", "Harbor Movers"], "https://www.harbormovers.com/blog/kitchen")
    assert meta.authors == ("Jane Roe",)
    assert "Harbor Movers" in meta.credits


def test_the_site_name_alone_stays_the_author() -> None:
    meta = read(["Jane Roe"], "https://www.janeroe.com/kitchen")
    assert meta.authors == ("Jane Roe",)
    # Two people, neither the site's name: both stay.
    meta = read(["Jane Roe", "Sam Poe"], "https://www.harbormovers.com/blog/kitchen")
    assert meta.authors == ("Jane Roe", "Sam Poe")
