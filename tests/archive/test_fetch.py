"""`add URL`: a real HTTP server on 127.0.0.1; redirects kept as WARC records, errors to the file."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from clipper import Archive
from clipper.archive.fetch import USER_AGENT

PAGE = (
    "<html><head><title>Harbour reopens</title></head><body><article><h1>Harbour reopens</h1>"
    + "<p>The harbour reopened on Monday after a week of storms, the port authority said.</p>" * 8
    + "</article></body></html>"
).encode()
SEEN_AGENTS: list[str] = []


class Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        SEEN_AGENTS.append(self.headers.get("User-Agent", ""))
        if self.path == "/old":
            self.send_response(301)
            self.send_header("Location", "/story")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/story":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(PAGE)))
            self.end_headers()
            self.wfile.write(PAGE)
        elif self.path == "/slow":
            time.sleep(3)
            self.send_response(200)
            self.end_headers()
        elif self.path == "/big":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 3_000_000)
        else:
            self.send_response(404)
            self.send_header("Content-Length", "9")
            self.end_headers()
            self.wfile.write(b"not found")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_fetch_follows_and_records_redirects(tmp_path: Path, server: str) -> None:
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([f"{server}/old"], workers=1)
        assert (summary.added, summary.errors) == (1, 0), summary
        cid = summary.ids[0]
        records = archive.records(cid)
        kinds = [(r["type"], r["role"], r["target_uri"]) for r in records]
        assert kinds[:4] == [
            ("request", "exchange", f"{server}/old"),
            ("response", "exchange", f"{server}/old"),
            ("request", "exchange", f"{server}/story"),
            ("response", "original", f"{server}/story"),
        ]
        assert [k[0] for k in kinds[4:]] == ["conversion", "metadata"]
        original = archive.original(cid)
        assert original.data == PAGE
        assert original.http_status == 200 and original.url == f"{server}/story"
        assert archive.get(cid).title == "Harbour reopens"
        assert archive.check().ok
        assert SEEN_AGENTS[-1] == USER_AGENT
        # Fetched again: the same bytes are the same capture, nothing is added.
        assert archive.add([f"{server}/story"], workers=1).present == 1


def test_http_errors_timeouts_and_refused_schemes_go_to_the_errors_file(
    tmp_path: Path, server: str
) -> None:
    errors = tmp_path / "errors.jsonl"
    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add(
            [
                f"{server}/missing",
                f"{server}/slow",
                "file:///etc/passwd",
                "ftp://example.com/x",
                "javascript:alert(1)",
            ],
            errors=str(errors),
            fetch_timeout=0.5,
            options=__import__("clipper").CleanOptions(max_bytes=1_000_000),
        )
        assert (summary.inputs, summary.added, summary.errors) == (5, 0, 5)
        lines = [json.loads(line) for line in errors.read_text().splitlines()]
        by_source = {line["source"]: line for line in lines}
        assert "HTTP status 404" in by_source[f"{server}/missing"]["message"]
        assert "timed out" in by_source[f"{server}/slow"]["message"]
        for refused in ("file:///etc/passwd", "ftp://example.com/x", "javascript:alert(1)"):
            assert by_source[refused]["message"].startswith("refused: only http and https")
        assert archive.stats()["clippings"] == 0 and archive.check().ok


def test_size_cap(tmp_path: Path, server: str) -> None:
    from clipper import CleanOptions

    with Archive(tmp_path / "a", create=True) as archive:
        summary = archive.add([f"{server}/big"], options=CleanOptions(max_bytes=1_000_000))
        assert summary.errors == 1
        assert "byte limit" in summary.first_errors[0][2]


def test_fetch_without_httpx_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    """A base install (no [archive] extra) has no httpx: a URL input is a failed input that
    names the extra, not a ModuleNotFoundError out of the add."""
    from clipper.archive.fetch import FetchError, fetch

    monkeypatch.setitem(sys.modules, "httpx", None)
    with pytest.raises(FetchError, match=r"clipper-news\[archive\]"):
        fetch("https://example.com/story")
