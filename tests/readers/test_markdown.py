"""Markdown clippings: front matter to record fields, Markdown syntax out of the text."""

from __future__ import annotations

import pytest
from saved_pages import STORY, markdown_clipping

from clipper.batch import clean_item
from clipper.errors import CorruptInputError
from clipper.models import DEFAULT_OPTIONS
from clipper.readers.files import page_item
from clipper.readers.markdown import markdown_page, read_markdown


def test_obsidian_clipping_front_matter_and_text() -> None:
    body = [
        "The [survey team](https://example.org/team) walked the **banks** every _Saturday_, "
        "marking tracks on maps.",
        "![An otter on a log](https://example.org/otter.jpg)",
        *STORY[2:],
    ]
    data = markdown_clipping(paragraphs=body).encode()
    item = page_item("Otters.md", data)
    assert item.kind == "html" and item.clip and item.source.type == "markdown"
    assert item.url == "https://news.example.org/otters"
    assert item.fetched == "2026-12-07T10:15:00+01:00"
    clipping = clean_item(item, DEFAULT_OPTIONS)
    assert clipping.title == "Otters return to the lower river"
    assert clipping.authors == ("Mara Quill",)
    assert clipping.published == "2026-12-01"
    assert clipping.fetched == "2026-12-07T10:15:00+01:00"
    assert clipping.extra == {"tags": ["clippings"]}
    assert "The survey team walked the banks every Saturday, marking tracks on maps." in (
        clipping.text
    )
    for syntax in ("](", "**", "_Saturday_", "!["):
        assert syntax not in clipping.text


def test_markdown_blocks_become_html_blocks() -> None:
    # Rendered to HTML, the HTML cleaner sees headings, lists, tables; images are their alt.
    page = markdown_page(
        "## Heading\n\n- one [a](b)\n- two\n\n![An otter & a log](o.jpg)\n\n"
        "| a | b |\n|---|---|\n| c | d |\n\nline one  \nline two",
        "Tit<le",
    )
    assert "<title>Tit&lt;le</title>" in page
    for html in (
        "<h2>Heading</h2>",
        '<li>one <a href="b">a</a></li>',
        "<p>An otter &amp; a log</p>",
        "<td>c</td>",
        "line one<br />",
    ):
        assert html in page


def test_markdown_clip_keeps_its_lists_and_drops_syntax() -> None:
    body = [*STORY, "## What to read next", "- [Heron count](https://e.org/h) rises again"]
    clipping = clean_item(
        page_item("c.md", markdown_clipping(paragraphs=body).encode()), DEFAULT_OPTIONS
    )
    assert STORY[-1] in clipping.text
    assert "#" not in clipping.text and "](" not in clipping.text


@pytest.mark.parametrize(
    ("front", "words"),
    [
        ("---\ntitle: [unclosed\n---\n", "front matter is not YAML"),
        ("---\n- a list\n- not keys\n---\n", "not a mapping"),
    ],
)
def test_bad_front_matter_is_an_error_naming_the_file(front: str, words: str) -> None:
    item = page_item("clip.md", markdown_clipping(front=front).encode())
    assert isinstance(item.error, CorruptInputError)
    assert "clip.md" in str(item.error) and words in str(item.error)


def test_markdownload_and_joplin_dates() -> None:
    front = "---\ncreated: 2024-01-02T10:20:30 (UTC +01:00)\nsource: https://e.org/a\n---\n"
    assert read_markdown(front + "x", "a.md").fetched == "2024-01-02T10:20:30+01:00"
    joplin = "---\ntitle: T\ncreated: 2024-01-02 10:20:30Z\nauthor: Ann Lee\n---\n"
    clip = read_markdown(joplin + "x", "b.md")
    assert clip.fetched == "2024-01-02T10:20:30Z" and clip.authors == ("Ann Lee",)
