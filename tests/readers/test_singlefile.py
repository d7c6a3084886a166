"""SingleFile and Chrome "saved from url" comments: URL and capture time; data URIs stay out."""

from __future__ import annotations

from saved_pages import STORY, article_html, singlefile

from clipper.batch import clean_item
from clipper.models import DEFAULT_OPTIONS
from clipper.readers.files import page_item
from clipper.readers.singlefile import parse_js_date, read_capture

PIXEL = (
    "data:image/png;base64," + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk" * 4
)


def test_singlefile_url_saved_date_and_no_data_uri_in_text() -> None:
    figure = f'<figure><img src="{PIXEL}" alt="An otter"><figcaption>An otter</figcaption></figure>'
    page = singlefile(article_html(extra=figure))
    item = page_item("saved.html", page.encode())
    assert item.url == "https://news.example.org/otters"
    assert item.fetched == "2026-12-07T10:00:00+01:00"
    clipping = clean_item(item, DEFAULT_OPTIONS)
    assert clipping.fetched == "2026-12-07T10:00:00+01:00"
    assert STORY[0] in clipping.text
    record = clipping.to_json()
    assert "data:image" not in record and "base64" not in record


def test_given_url_wins_and_chrome_saved_from_url() -> None:
    page = singlefile(article_html()).encode()
    assert page_item("a.html", page, url="https://x.example/given").url == "https://x.example/given"
    chrome = article_html().replace(
        "<html>", "<!-- saved from url=(0032)https://news.example.org/otters -->\n<html>"
    )
    capture = read_capture(chrome.encode())
    assert capture.url == "https://news.example.org/otters" and capture.fetched is None
    ie_mark = "<!-- saved from url=(0014)about:internet -->" + article_html()
    assert read_capture(ie_mark.encode()).url is None


def test_save_page_we_meta_tags() -> None:
    meta = (
        '<meta name="savepage-url" content="https://news.example.org/otters">'
        '<meta name="savepage-date" content="Mon Dec 07 2026 10:00:00 GMT+0100 (CET)">'
    )
    page = article_html().replace("<head>", "<head>" + meta)
    item = page_item("saved.html", page.encode())
    assert item.url == "https://news.example.org/otters"
    assert item.fetched == "2026-12-07T10:00:00+01:00"


def test_javascript_dates() -> None:
    assert parse_js_date("Thu Jan 04 2024 08:05:09 GMT-0500 (EST)") == "2024-01-04T08:05:09-05:00"
    assert parse_js_date("Fri Mar 01 2024 12:00:00 GMT+0000 (UTC)") == "2024-03-01T12:00:00Z"
    assert parse_js_date("yesterday") is None
    assert parse_js_date("Fri Feb 31 2024 12:00:00 GMT+0000") is None
