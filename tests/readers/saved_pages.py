"""Build saved-page fixtures from our own text: MHTML as Chrome writes it, SingleFile pages,
Evernote exports and Markdown clippings (used by the reader tests and benchmarks/formats.py)."""

from __future__ import annotations

import base64
import html
import quopri

STORY = [
    "Volunteers counted forty-one otter dens along the lower river this winter, the highest "
    "number since the survey began, and the county plans to widen the protected banks.",
    "The survey team walked the banks every Saturday from November to February, marking "
    "tracks, spraints and slides on waterproof maps that are now being digitised.",
    "Biologists credit cleaner water upstream, where two old mills closed a decade ago and the "
    "fish came back first, followed within a few seasons by the otters that feed on them.",
    "Landowners along the valley have agreed to leave a strip of reeds unmown, and the council "
    "will put up signs asking dog walkers to keep to the path between March and June.",
]
TITLE = "Otters return to the lower river"


def article_html(title: str = TITLE, paragraphs: list[str] | None = None, extra: str = "") -> str:
    body = "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs or STORY)
    return (
        '<!DOCTYPE html><html><head><meta charset="utf-8">'
        f"<title>{html.escape(title)} | Valley News</title></head><body>"
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><h1>{html.escape(title)}</h1>{extra}{body}</article>"
        "<footer>Copyright Valley News</footer></body></html>"
    )


def mhtml(
    page: bytes,
    url: str = "https://news.example.org/otters",
    date: str = "Mon, 7 Dec 2026 10:00:00 -0000",
    boundary: str = "----MultipartBoundary--x1y2z3----",
    body_boundary: str | None = None,
    close: bool = True,
    charset: str | None = None,
) -> bytes:
    """An MHTML file laid out as Chrome writes it: headers, the page quoted-printable, an image."""
    mark = body_boundary or boundary
    ctype = "text/html" + (f"; charset={charset}" if charset else "")
    parts = [
        "From: <Saved by Blink>",
        f"Snapshot-Content-Location: {url}",
        f"Subject: {TITLE}",
        f"Date: {date}",
        "MIME-Version: 1.0",
        "Content-Type: multipart/related;",
        '\ttype="text/html";',
        f'\tboundary="{boundary}"',
        "",
        "",
        f"--{mark}",
        f"Content-Type: {ctype}",
        "Content-ID: <frame-1@mhtml.blink>",
        "Content-Transfer-Encoding: quoted-printable",
        f"Content-Location: {url}",
        "",
        quopri.encodestring(page).decode("ascii"),
        f"--{mark}",
        "Content-Type: image/png",
        "Content-Transfer-Encoding: base64",
        "Content-Location: https://news.example.org/otter.png",
        "",
        base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(40)).decode("ascii"),
    ]
    if close:
        parts.append(f"--{mark}--")
    return ("\r\n".join(parts) + "\r\n").encode("ascii")


def singlefile(page: str, url: str = "https://news.example.org/otters") -> str:
    """A page as the SingleFile extension saves it: its comment after <html>, images inlined."""
    comment = (
        "<!--\n Page saved with SingleFile \n"
        f" url: {url} \n"
        " saved date: Mon Dec 07 2026 10:00:00 GMT+0100 (Central European Standard Time)\n-->"
    )
    return page.replace("<html>", "<html>" + comment, 1)


def enex(notes: list[tuple[str, str | None]], *, created: str = "20261207T101500Z") -> str:
    """An Evernote export: one note per (title, ENML body) with a source URL, a tag, an image;
    a body of None leaves the note without content."""
    out = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<!DOCTYPE en-export SYSTEM "http://xml.evernote.com/pub/evernote-export4.dtd">',
        '<en-export export-date="20261207T120000Z" application="Evernote" version="10.0">',
    ]
    for i, (title, body) in enumerate(notes):
        enml = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<!DOCTYPE en-note SYSTEM "http://xml.evernote.com/pub/enml2.dtd">'
            f'<en-note>{body}<en-media type="image/png" hash="0a1b"/></en-note>'
        )
        content = f"<content><![CDATA[{enml}]]></content>" if body is not None else ""
        out.append(
            f"<note><title>{html.escape(title)}</title>{content}"
            f"<created>{created}</created><updated>{created}</updated>"
            "<tag>nature</tag>"
            f"<note-attributes><source-url>https://news.example.org/n{i}</source-url>"
            "</note-attributes>"
            '<resource><data encoding="base64">iVBORw0KGgo=</data><mime>image/png</mime>'
            "</resource></note>"
        )
    out.append("</en-export>")
    return "\n".join(out)


def markdown_clipping(
    title: str = TITLE, paragraphs: list[str] | None = None, front: str | None = None
) -> str:
    """A clipping as Obsidian Web Clipper writes it: front matter, then Markdown."""
    head = (
        front
        if front is not None
        else (
            "---\n"
            f'title: "{title}"\n'
            'source: "https://news.example.org/otters"\n'
            "author:\n"
            '  - "[[Mara Quill]]"\n'
            "published: 2026-12-01\n"
            "created: 2026-12-07T10:15:00+01:00\n"
            "tags:\n"
            '  - "clippings"\n'
            "---\n"
        )
    )
    body = "\n\n".join(paragraphs or STORY)
    return head + body + "\n"
