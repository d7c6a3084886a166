"""A small news site served from 127.0.0.1 for the scraper tests: articles, an index, odd pages."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCHEDSTAT = Path("/proc/thread-self/schedstat")

WORDS = (
    "the council said on monday that a new plan for the city would cost more than expected and "
    "residents were asked to comment before march while officials met with builders to discuss "
    "roads schools housing and the budget for next year"
).split()


def article(i: int, paragraphs: int = 300) -> bytes:
    """One article page: a headline, an author, a date, body paragraphs and a long menu."""
    rng = random.Random(i)
    body = "".join(
        f"<p>{' '.join(rng.choice(WORDS) for _ in range(60)).capitalize()}.</p>"
        for _ in range(paragraphs)
    )
    menu = "".join(f"<li><a href='/section/{j}'>Section {j}</a></li>" for j in range(150))
    return (
        f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>Story number {i} | Example News</title>"
        f"<meta name='author' content='Jane Doe'>"
        f"<meta property='article:published_time' content='2024-03-{i % 28 + 1:02d}'>"
        f"</head><body><nav><ul>{menu}</ul></nav><article><h1>Story number {i}</h1>"
        f"<p class='byline'>By Jane Doe</p>{body}</article>"
        f"<footer>Copyright Example News</footer></body></html>"
    ).encode()


def site(articles: int = 18) -> dict[str, tuple[str, bytes]]:
    """Path -> (content type, body): an index linking to every page, `articles` stories, one
    page without an article and one that is not a page at all (PDF bytes)."""
    pages: dict[str, tuple[str, bytes]] = {
        f"/story/{i}.html": ("text/html; charset=utf-8", article(i)) for i in range(articles)
    }
    pages["/empty.html"] = (
        "text/html",
        b"<html><head><title>Nothing</title></head><body></body></html>",
    )
    pages["/report.pdf"] = ("application/pdf", b"%PDF-1.4\n" + bytes(range(256)) * 8)
    links = "".join(f"<a href='{path}'>{path}</a>" for path in pages)
    pages["/"] = ("text/html", f"<html><body>{links}</body></html>".encode())
    return pages


@contextmanager
def serve(pages: dict[str, tuple[str, bytes]], delay: float = 0.0) -> Iterator[str]:
    """Serve `pages` on 127.0.0.1 (each response after `delay` s); yields the base URL."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            time.sleep(delay)
            found = pages.get(self.path)
            if found is None:
                self.send_error(404)
                return
            kind, body = found
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def waited() -> float:
    """Seconds this thread has spent ready to run while the OS ran other programs (the machine
    is shared); 0 where Linux does not tell."""
    try:
        return int(SCHEDSTAT.read_text().split()[1]) / 1e9
    except (OSError, IndexError, ValueError):
        return 0.0


def crawl(base: str, settings: dict[str, object]) -> subprocess.CompletedProcess[str]:
    """tests/contrib/crawl.py in a fresh interpreter (a Twisted reactor cannot be restarted)."""
    return subprocess.run(
        [sys.executable, str(HERE / "crawl.py"), base, json.dumps(settings)],
        capture_output=True,
        text=True,
        timeout=300,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(HERE), os.environ.get("PYTHONPATH", "")]),
        },
    )
