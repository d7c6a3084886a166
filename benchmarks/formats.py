"""Every saved-page format against the plain HTML page: the same WCXB dev pages saved as MHTML,
SingleFile, an Evernote export and a Markdown clipping, cleaned by clipper, text F1 side by side.

Example:
    .venv/bin/python benchmarks/formats.py --root /work/shared/datasets/wcxb-dev-articles --jobs 2
    .venv/bin/python benchmarks/formats.py --limit 100 --jobs 2

How each format is made from a page (all by this script, from the saved HTML):
- mhtml: the page as Chrome lays out an MHTML file (quoted-printable HTML part, its URL as
  Snapshot-Content-Location, a Date header, an image part);
- singlefile: SingleFile's comment (url, saved date) after <html>, every <img src> a data URI;
- enex article: one Evernote note as the web clipper's default "Article" clip makes it: the
  article region (here trafilatura's HTML output) as ENML, title and source-url set;
- enex full page: the whole <body> with what ENML forbids taken out (scripts, styles, forms,
  frames; class, id, event and data-* attributes), as a "Full page" clip;
- markdown: what Markdown web clippers do (a readability extractor, then HTML to Markdown):
  trafilatura's Markdown of the page (links, images, formatting, tables kept) under YAML front
  matter with title, source, author, published, created.

Columns: clipper's F1 on the format, on the plain HTML page, their difference, and trafilatura's F1
on the same format's bytes (what a tool without these readers makes of the file). For Markdown the
plain HTML is not the right yardstick alone (its words come from another extractor), so the
extractor's own plain text is scored too ("clip source": the words an article clip holds).
"""

from __future__ import annotations

import argparse
import base64
import logging
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "readers"))

from benchmarks.scoring import DATASET, PageScore, load_page, page_ids, score_body, summarize_body  # noqa: E402

FORMATS = ("html", "mhtml", "singlefile", "enex article", "enex full page", "markdown")
_IMG_SRC = re.compile(rb"(<img\b[^>]*?\ssrc\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_HTML_OPEN = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_PIXEL = b'"data:image/png;base64,' + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(60)) + b'"'
_ENML_DROP = ("script", "style", "noscript", "iframe", "form", "input", "button", "select",
              "textarea", "object", "embed", "applet", "frame", "frameset", "svg", "canvas")  # fmt: skip


def make_singlefile(html: bytes, url: str | None) -> bytes:
    comment = (
        b"<!--\n Page saved with SingleFile \n url: " + (url or "about:blank").encode() + b" \n"
        b" saved date: Mon Dec 07 2026 10:00:00 GMT+0100 (Central European Standard Time)\n-->"
    )
    html = _IMG_SRC.sub(lambda m: m.group(1) + _PIXEL, html)
    match = _HTML_OPEN.search(html)
    at = match.end() if match else 0
    return html[:at] + comment + html[at:]


def make_enml(html: bytes) -> tuple[str, str | None]:
    """The page's body as Evernote keeps it in ENML, and the page title."""
    import lxml.html

    doc = lxml.html.document_fromstring(html)
    title_el = doc.find(".//title")
    title = title_el.text_content().strip() if title_el is not None else None
    body = doc.find("body")
    if body is None:
        return "<en-note></en-note>", title
    for element in list(body.iter(*_ENML_DROP)):
        element.drop_tree()
    for element in body.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in list(element.attrib):
            if attr in ("class", "id") or attr.startswith(("on", "data-")):
                del element.attrib[attr]
    inner = "".join(lxml.html.tostring(child, encoding="unicode") for child in body)
    return f"<en-note>{inner}</en-note>", title


def article_enml(html: bytes, url: str | None) -> tuple[str, str | None]:
    """Evernote's "Article" clip: the article region only (here trafilatura's), as ENML."""
    import lxml.html
    import trafilatura

    region = trafilatura.extract(
        html, url=url, output_format="html", include_links=True, include_images=True,
        include_formatting=True, include_tables=True,
    )  # fmt: skip
    meta: Any = trafilatura.extract_metadata(html, default_url=url)
    if not region:
        return "<en-note></en-note>", getattr(meta, "title", None)
    body = lxml.html.document_fromstring(region).find("body")
    inner = (
        "".join(lxml.html.tostring(c, encoding="unicode") for c in body) if body is not None else ""
    )
    return f"<en-note>{inner}</en-note>", getattr(meta, "title", None)


def make_enex(html: bytes, url: str | None, *, article: bool) -> str:
    from xml.sax.saxutils import escape

    enml, title = article_enml(html, url) if article else make_enml(html)
    enml = enml.replace("]]>", "]]&gt;")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<en-export application="Evernote">'
        f"<note><title>{escape(title or '')}</title><content><![CDATA["
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">'
        f"{enml}]]></content><created>20261207T101500Z</created>"
        f"<note-attributes><source-url>{escape(url or '')}</source-url></note-attributes>"
        "</note></en-export>"
    )


def make_markdown(html: bytes, url: str | None) -> tuple[str, str]:
    """A Markdown clipping of the page and the plain text of the same extraction."""
    import trafilatura
    import yaml

    md = trafilatura.extract(
        html, url=url, output_format="markdown", include_links=True, include_images=True,
        include_formatting=True, include_tables=True, favor_precision=False,
    ) or ""  # fmt: skip
    plain = trafilatura.extract(html, url=url, include_tables=True) or ""
    meta: Any = trafilatura.extract_metadata(html, default_url=url)
    front = {
        "title": getattr(meta, "title", None),
        "source": url,
        "author": [
            a.strip() for a in (getattr(meta, "author", None) or "").split(";") if a.strip()
        ],
        "published": getattr(meta, "date", None),
        "created": "2026-12-07T10:15:00+01:00",
        "tags": ["clippings"],
    }
    head = yaml.safe_dump(
        {k: v for k, v in front.items() if v}, allow_unicode=True, sort_keys=False
    )
    return f"---\n{head}---\n{md}\n", plain


def _clip(path: str, data: bytes, limit: int) -> str:
    from clipper.batch import clean_item
    from clipper.errors import ClipperError
    from clipper.models import DEFAULT_OPTIONS
    from clipper.readers.enex import iter_enex
    from clipper.readers.files import page_item

    try:
        if path.endswith(".enex"):
            with tempfile.NamedTemporaryFile(suffix=".enex") as handle:
                handle.write(data)
                handle.flush()
                items = [i for i in iter_enex(handle.name, limit) if i.skip is None]
            item = items[0]
        else:
            item = page_item(path, data)
        if item.error is not None:
            return ""
        return clean_item(item, DEFAULT_OPTIONS).text
    except ClipperError:
        return ""


def _trafilatura(data: bytes) -> str:
    import trafilatura

    return trafilatura.extract(data) or ""


def run_page(job: tuple[str, Path]) -> dict[str, tuple[PageScore, PageScore]]:
    """(clipper, trafilatura) scores per format for one page; also the Markdown's source text."""
    from saved_pages import mhtml

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    page_id, root = job
    page = load_page(page_id, root)
    truth, html, url = page.body, page.html, page.url
    md, plain = make_markdown(html, url)
    made = {
        "html": ("p.html", html),
        "mhtml": ("p.mhtml", mhtml(html, url=url or "https://example.invalid/")),
        "singlefile": ("p.html", make_singlefile(html, url)),
        "enex article": ("p.enex", make_enex(html, url, article=True).encode("utf-8")),
        "enex full page": ("p.enex", make_enex(html, url, article=False).encode("utf-8")),
        "markdown": ("p.md", md.encode("utf-8")),
    }
    out: dict[str, tuple[PageScore, PageScore]] = {}
    for fmt, (name, data) in made.items():
        out[fmt] = (
            score_body(truth, _clip(name, data, 50_000_000)),
            score_body(truth, _trafilatura(data)),
        )
    source = score_body(truth, plain)
    out["markdown source"] = (source, source)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument("--root", type=Path, default=DATASET, help="dataset folder")
    args = parser.parse_args(argv)
    ids = page_ids(args.root)[: args.limit] if args.limit else page_ids(args.root)
    start = time.monotonic()
    results: list[dict[str, tuple[PageScore, PageScore]]] = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(pool.map(run_page, [(i, args.root) for i in ids], chunksize=4))
    base = summarize_body(r["html"][0] for r in results)
    print(f"{len(results)} WCXB dev pages (in-sample), {time.monotonic() - start:.0f} s\n")
    print(
        "| format | clipper P | clipper R | clipper F1 | F1 - plain HTML | trafilatura F1 on the file |"
    )
    print("|---|---|---|---|---|---|")
    for fmt in (*FORMATS, "markdown source"):
        ours = summarize_body(r[fmt][0] for r in results)
        theirs = summarize_body(r[fmt][1] for r in results)
        if fmt == "markdown source":
            print(f"| clip source (trafilatura txt of the page) | {ours.precision:.3f} | "
                  f"{ours.recall:.3f} | {ours.f1:.3f} | {ours.f1 - base.f1:+.3f} | |")  # fmt: skip
            continue
        print(f"| {fmt} | {ours.precision:.3f} | {ours.recall:.3f} | {ours.f1:.3f} | "
              f"{ours.f1 - base.f1:+.3f} | {theirs.f1:.3f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
