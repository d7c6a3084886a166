"""Issue 17, the WCXB author misses a general rule fixes, on pages written here: a byline inside
the story's own container whatever its class says, and an author bio with a portrait."""

import lxml.html

from clipper.metadata.html import read_html_metadata

STORY = "<p>" + "The committee met on Tuesday and agreed on the new rules. " * 6 + "</p>"


def authors(body: str) -> tuple[str, ...]:
    doc = f"<html><body>{body}</body></html>"
    return read_html_metadata(lxml.html.fromstring(doc), "https://www.example.org/a").authors


def test_a_byline_in_a_story_filed_as_a_newsletter_article() -> None:
    # The story's own container names its content type "newsletter": it holds the headline,
    # so its class does not make the byline a newsletter box's.
    byline = (
        '<div class="node__meta"><time datetime="2017-03-01">03/01/2017</time> by Ada Lindqvist,'
        " Candidate Representative to the Liaison Committee</div>"
    )
    page = f'<article class="node node--type-newsletter-article"><h1>Rules agreed</h1>{byline}{STORY}</article>'
    assert authors(page) == ("Ada Lindqvist",)
    # A real newsletter box beside the story (it does not hold the headline) stays out.
    box = f'<div class="newsletter-signup">{byline}</div>'
    assert authors(f"<article><h1>Rules agreed</h1>{STORY}</article>{box}") == ()


def test_an_author_bio_that_opens_with_the_pictured_name() -> None:
    bio = (
        '<p><img src="/uploads/2017/03/Mara-Quillen.jpg" alt="Mara Quillen"></p>'
        "<p>Mara Quillen is a freelance travel writer and the editor of a hotel guide.</p>"
    )
    assert authors(f"<h1>Ten hotel tips</h1>{STORY}{bio}") == ("Mara Quillen",)
    # A headshot (its alt says so) over the name as a bio's label.
    card = (
        '<img src="/uploads/mq-final-web.png" alt="Mara Quillen Headshot">'
        "<div><p><strong>Mara Quillen:</strong> Since 1998 Mara has run the guide.</p></div>"
    )
    assert authors(f"<h1>Ten hotel tips</h1>{STORY}{card}") == ("Mara Quillen",)


def test_a_product_shot_named_after_its_caption_is_no_author() -> None:
    shot = (
        '<p><img src="/img/kitchen-remodeling.jpg" alt="Kitchen Remodeling"></p>'
        "<p>Kitchen Remodeling</p>"
    )
    assert authors(f"<h1>What a remodel costs</h1>{shot}{STORY}") == ()
    # Nor is a person pictured in the story whose file is not a portrait and no bio follows.
    pictured = '<p><img src="/img/Ola-Berg.jpg" alt="Ola Berg"></p><p>Ola Berg</p>'
    assert authors(f"<h1>What a remodel costs</h1>{pictured}{STORY}") == ()
