"""A kicker the headline rule finds goes to `section` when the page names no section (issue 17).

Made-up pages in German, English and Japanese; docs/record.md § Which title."""

import lxml.html

import clipper
from clipper.metadata.html import PageMeta, read_html_metadata

LD = '<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "{0}"{1}}}</script>'


def read(head: str, body: str, url: str = "https://www.beispiel-zeitung.de/a/b") -> PageMeta:
    doc = f"<html><head>{head}</head><body>{body}<p>{'Text des Artikels. ' * 20}</p></body></html>"
    return read_html_metadata(lxml.html.fromstring(doc), url)


def test_an_unmarked_kicker_the_metadata_leaves_out_is_the_section() -> None:
    # German: the leading span is a kicker because the JSON-LD headline is the h1 without it.
    h1 = "<h1><span>Nach dem Streik</span>Der Zug fährt wieder nach Plan</h1>"
    meta = read(LD.format("Der Zug fährt wieder nach Plan", ""), h1)
    assert (meta.title, meta.section) == ("Der Zug fährt wieder nach Plan", "Nach dem Streik")
    # The section the page names comes first; the kicker is only the fallback.
    named = read(LD.format("Der Zug fährt wieder nach Plan", ', "articleSection": "Verkehr"'), h1)
    assert named.section == "Verkehr"
    # No evidence that the span is a kicker: no section from it.
    assert read("", h1).section is None


def test_a_kicker_line_of_the_h1_above_the_named_headline_is_the_section() -> None:
    head = '<meta property="og:title" content="Harbour ferries return after the storm">'
    body = "<h1><div>Winter storms</div><div>Harbour ferries return after the storm</div></h1>"
    meta = read(head, body, "https://news.example.com/a")
    assert (meta.title, meta.section) == ("Harbour ferries return after the storm", "Winter storms")


def test_a_marked_kicker_printed_above_the_headline_is_the_section() -> None:
    body = (
        '<header><p class="article-eyebrow"><a href="/sport">Premier League</a></p>'
        "<h1>Late goal sends the home side top of the table</h1></header>"
    )
    meta = read("", body, "https://news.example.com/a")
    assert meta.title == "Late goal sends the home side top of the table"
    assert meta.section == "Premier League"
    # A kicker of two parts (rubric and topic) names the rubric; Japanese page.
    body = (
        '<div class="kicker"><span><a href="/politics">政治</a></span><span>国会</span></div>'
        "<div><h1>予算案が衆議院を通過、参議院で審議へ</h1></div>"
    )
    assert read("", body, "https://www.example.jp/a").section == "政治"


def test_what_is_not_a_kicker_above_the_headline() -> None:
    url = "https://news.example.com/a"
    headline = "<h1>Late goal sends the home side top of the table</h1>"
    # A date styled as a topline.
    assert read("", f'<p class="topline">24.04.2024 • 11:31</p>{headline}', url).section is None
    # Something unmarked printed between the kicker and the headline.
    body = f'<p class="kicker">Premier League</p><p>Listen to this story</p>{headline}'
    assert read("", body, url).section is None
    # A marked element that holds a menu, not a name.
    menu = " ".join(f"<a>Item {n}</a>" for n in range(9))
    assert read("", f'<nav class="eyebrow">{menu}</nav>{headline}', url).section is None


def test_the_record_has_the_kicker_as_section_and_the_headline_as_title() -> None:
    page = (
        "<html><head>"
        + LD.format("Bäume fallen auf die Bahnstrecke", "")
        + '</head><body><article><h1><span class="topline">Nach dem Sturm</span>'
        '<span class="sr-only">: </span>Bäume fallen auf die Bahnstrecke</h1>'
        + "".join(
            f"<p>Der Sturm hat in der Nacht viele Bäume entwurzelt, Absatz {n}, und die "
            "Bahn sperrte die Strecke zwischen den beiden Städten bis zum Morgen.</p>"
            for n in range(6)
        )
        + "</article></body></html>"
    )
    record = clipper.clean_html(page.encode(), "https://www.beispiel-zeitung.de/a/b")
    assert record.title == "Bäume fallen auf die Bahnstrecke"
    assert record.section == "Nach dem Sturm"
    assert "Nach dem Sturm" not in record.text
