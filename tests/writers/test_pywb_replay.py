"""Our WARC output replays in pywb: the page's URL gives the page, not the text or the JSON.

pywb runs from its own environment (`.venv-pywb`, made by `make install`: pywb pins brotlipy,
whose module shadows the brotli package clipper needs), in a subprocess: `wb-manager init` and
`add`, then a request to its WSGI app in that process. Nothing leaves the machine.
"""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from clipper import clean_html
from clipper.models import Source
from clipper.writers import Original, open_writer

REPO = Path(__file__).resolve().parents[2]
PYWB_BIN = REPO / ".venv-pywb" / "bin"

PAGE = (
    b"<html><head><title>%s</title></head><body><article><p>"
    + b"The council met on Tuesday and voted to repair the old bridge before winter. " * 4
    + b"</p></article></body></html>"
)

# Runs inside pywb's environment: GET each path from the WSGI app, print status, type, body.
REPLAY = """
import json, sys
from io import BytesIO
from pywb.apps.frontendapp import FrontEndApp
app = FrontEndApp()
out = []
for path in sys.argv[1:]:
    env = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
           "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
           "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
           "wsgi.input": BytesIO(), "wsgi.errors": sys.stderr}
    got = {}
    def start(status, headers, exc_info=None):
        got["status"], got["headers"] = status, dict(headers)
    body = b"".join(app(env, start))
    out.append([got["status"], got["headers"].get("Content-Type"), body.decode("utf-8", "replace")])
print(json.dumps(out))
"""


def _input_warc(url: str, body: bytes) -> bytes:
    """One response record, as a crawler writes it."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders(
        "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
    )
    writer.write_record(
        writer.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=http)
    )
    return out.getvalue()


def test_pywb_replays_the_page_not_the_conversion(tmp_path: Path) -> None:
    assert (PYWB_BIN / "wb-manager").exists(), "pywb is missing: run `make install`"
    crawled = "http://news.example/crawled"
    saved = "http://news.example/saved"
    again = "http://news.example/again"
    record = _input_warc(crawled, PAGE % b"Crawled")
    out = tmp_path / "out.warc.gz"
    with open_writer(str(out)) as writer:
        # A WARC input: its response record is the original.
        clip = clean_html(PAGE % b"Crawled", crawled, source=Source("in.warc", "warc", 0))
        writer.write(clip, Original(PAGE % b"Crawled", warc_record=record, target_uri=crawled))
        # A saved page: a resource record holds it.
        first = clean_html(PAGE % b"Saved", saved, source=Source("a.html", "html", None))
        writer.write(first, Original(PAGE % b"Saved", target_uri=saved, content_type="text/html"))
        # The same text again: a revisit of the first conversion.
        dup = clean_html(PAGE % b"Again", again, source=Source("b.html", "html", None))
        dup = dup.with_changes(duplicate_of=first.id)
        writer.write(dup, Original(PAGE % b"Again", target_uri=again, content_type="text/html"))
    with out.open("rb") as handle:
        types = [r.rec_type for r in ArchiveIterator(handle)]
    assert types.count("conversion") == 2 and types.count("revisit") == 1

    run = {"cwd": tmp_path, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run([PYWB_BIN / "wb-manager", "init", "coll"], check=True, **run)  # type: ignore[call-overload]
    subprocess.run([PYWB_BIN / "wb-manager", "add", "coll", out], check=True, **run)  # type: ignore[call-overload]
    paths = [f"/coll/id_/{url}" for url in (crawled, saved, again)]
    done = subprocess.run(  # type: ignore[call-overload]
        [PYWB_BIN / "python", "-c", REPLAY, *paths], check=True, **run
    )
    replies = json.loads(done.stdout.strip().splitlines()[-1])
    for (status, content_type, body), title in zip(
        replies, ("Crawled", "Saved", "Again"), strict=True
    ):
        assert status.startswith("200"), (status, body[:200])
        assert content_type.startswith("text/html"), (content_type, body[:200])
        assert f"<title>{title}</title>" in body
