"""No network: cleaning never opens a socket or resolves a name (trafilatura, htmldate and
courlan included), whatever URLs the page links to."""

from __future__ import annotations

import gzip
import socket
from pathlib import Path
from typing import Any, NoReturn

import pytest

# Imported before sockets are blocked: importing trafilatura imports courlan, which imports
# urllib3, whose import-time IPv6 self-check creates (never connects) a loopback socket.
# That is not network access; everything cleaning does after import is checked below.
import trafilatura  # noqa: F401

from clipper import Clipping, clean, clean_html, clean_text

PAGES_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "hostile" / "pages"

TEXT = """How the harbour was rebuilt

By Jane Doe
Published September 5, 2023

BUSAN — The new harbour wall opened on Tuesday after three years of work.
Engineers said the wall would protect the port from typhoons for fifty years.

Share this article
"""

LINKY = """<!doctype html><html><head><title>Remote things</title>
<link rel="canonical" href="https://example.com/story">
<link rel="alternate" hreflang="ko" href="https://example.kr/story">
<meta property="og:image" content="https://cdn.example.com/a.jpg">
<script src="https://cdn.example.com/app.js"></script>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
"headline": "Remote things", "datePublished": "2023-09-05", "image": "https://x.example/i.png"}</script>
</head><body><article><h1>Remote things</h1>
<p>An article that links to <a href="https://example.org/a">other pages</a> and embeds
<img src="https://img.example.net/photo.jpg" alt="a photo"> and an
<iframe src="https://video.example.com/embed/1"></iframe>.</p>
<p>Nothing here should be fetched while the page is cleaned into a record of its text.</p>
</article></body></html>"""


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(name: str) -> Any:
        def blocked(*args: Any, **kwargs: Any) -> NoReturn:
            attempts.append(f"{name}{args[:2]}")
            raise OSError(f"network access attempted during cleaning: {name}")

        return blocked

    class BlockedSocket(socket.socket):
        # A class, not a function: modules imported lazily may subclass socket.socket.
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            attempts.append(f"socket.socket{args[:2]}")
            raise OSError("network access attempted during cleaning: socket.socket")

    monkeypatch.setattr(socket, "socket", BlockedSocket)
    monkeypatch.setattr(socket, "create_connection", refuse("socket.create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("socket.getaddrinfo"))
    monkeypatch.setattr(socket, "gethostbyname", refuse("socket.gethostbyname"))
    return attempts


def test_the_block_works(no_sockets: list[str]) -> None:
    with pytest.raises(OSError, match="network access"):
        socket.create_connection(("example.com", 80))
    assert no_sockets


@pytest.mark.parametrize("page", sorted(PAGES_DIR.glob("*.html.gz")), ids=lambda p: p.name)
def test_real_pages_clean_without_network(no_sockets: list[str], page: Path) -> None:
    data = gzip.decompress(page.read_bytes())
    assert isinstance(clean_html(data, "https://example.com/page"), Clipping)
    assert isinstance(clean(data), Clipping)
    assert no_sockets == []


def test_linky_html_and_copied_text_clean_without_network(no_sockets: list[str]) -> None:
    record = clean_html(LINKY, "https://example.com/story")
    assert "Nothing here should be fetched" in record.text
    assert isinstance(clean_text(TEXT, "https://example.com/harbour"), Clipping)
    assert no_sockets == []
