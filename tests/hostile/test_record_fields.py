"""No record field carries control or bidi characters, and no URL carries credentials, whatever
the page puts in its author, publisher, captions, contacts or URL (hypothesis)."""

from __future__ import annotations

import html as html_lib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_properties import assert_clean_fields

from clipper import clean_html, clean_text

NASTY = st.lists(
    st.sampled_from(
        ["\x1b[31m", "\x07", "\u202e", "\u2066", "\x85", "\x00", "Ann", " ", "Lee", "é"]
    ),
    min_size=1,
    max_size=6,
).map("".join)
BODY = "The council met on Tuesday and voted to repair the old bridge before winter. " * 4


@settings(max_examples=40, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(
    author=NASTY,
    publisher=NASTY,
    caption=NASTY,
    credit=NASTY,
    user=st.sampled_from(["user:pass", "admin", "a:b%40c", "x@y"]),
)
def test_page_metadata_cannot_smuggle_controls_or_credentials(
    author: str, publisher: str, caption: str, credit: str, user: str
) -> None:
    def e(text: str) -> str:
        return html_lib.escape(text, quote=True)

    page = (
        f'<html><head><title>Bridge</title><meta name="author" content="{e(author)}">'
        f'<meta property="og:site_name" content="{e(publisher)}"></head><body><article>'
        f"<h1>Bridge</h1><p>By {e(author)}</p><figure><img src='a.jpg'>"
        f"<figcaption>{e(caption)} Photo: {e(credit)}</figcaption></figure><p>{BODY}</p>"
        f"<p>Write to {e(author)} at ann@example.com</p><div>Share {e(caption)}</div>"
        "</article></body></html>"
    )
    record = clean_html(page, f"https://{user}@news.example/a\u202e?q=1")
    assert_clean_fields(record)
    assert record.url is not None and record.url.startswith("https://news.example/a%E2%80%AE")
    text = clean_text(f"Bridge\n\nBy {author}\n\n{BODY}\n\nWrite to {author} at ann@example.com\n")
    assert_clean_fields(text)
