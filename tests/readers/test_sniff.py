"""The kind of a file comes from its content; a suffix only breaks a tie."""

from __future__ import annotations

import pytest
from saved_pages import article_html, enex, markdown_clipping, mhtml

from clipper.readers.sniff import asset_reason, sniff_format, sniff_kind

XHTML = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.1//EN" '
    '"http://www.w3.org/TR/xhtml11/DTD/xhtml11.dtd">\n'
    '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
    "<body><p>words</p></body></html>"
)


@pytest.mark.parametrize(
    ("data", "path", "expected"),
    [
        (XHTML.encode(), "page.xhtml", "html"),
        (XHTML.encode(), "page.txt", "html"),  # content wins over the suffix
        (article_html().encode(), "index", "html"),
        (article_html().encode(), "story.php", "html"),
        (mhtml(b"<p>x</p>"), "saved.html", "mhtml"),
        (enex([("a", "<p>b</p>")]).encode(), "notes.xml", "enex"),
        (markdown_clipping().encode(), "clip.txt", "markdown"),
        (b"# A heading\n\nSome words.\n", "clip.md", "markdown"),  # tie: the suffix says
        (b"# A heading\n\nSome words.\n", "clip.txt", "text"),
        (b"---\nnot front matter at all\n", "a.txt", "text"),
        (b"Copied words from a page.\nMore words.\n", "a.shtml", "html"),  # tie
    ],
)
def test_sniff_format(data: bytes, path: str, expected: str) -> None:
    assert sniff_format(data, path) == expected


def test_xhtml_with_xml_declaration_is_html_not_copied_text() -> None:
    assert sniff_kind(XHTML.encode()) == "html"
    assert sniff_kind(XHTML.encode("utf-16")) == "html"


@pytest.mark.parametrize(
    ("data", "path", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n....", "a", "image"),
        (b"\xff\xd8\xff\xe0", "photo.html", "image"),  # magic bytes win
        (b"wOF2....", "f", "font"),
        (b"body { color: red }", "site.css", "stylesheet"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "image"),
        (b"var a = 1;", "app.js", "script"),
        (article_html().encode(), "odd.css", None),  # a page with a wrong suffix is a page
        (b"plain words", "notes.txt", None),
    ],
)
def test_asset_reason(data: bytes, path: str, reason: str | None) -> None:
    assert asset_reason(data, path) == reason
