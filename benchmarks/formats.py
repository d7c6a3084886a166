"""Every saved-page format against the plain HTML page: the same WCXB dev pages saved as MHTML,
SingleFile, an Evernote export and a Markdown clipping, cleaned by clipper, text F1 side by side.

Example:
    .venv/bin/python benchmarks/formats.py --root /work/shared/datasets/wcxb-dev-articles --jobs 2
    .venv/bin/python benchmarks/formats.py --limit 100 --jobs 2
    .venv/bin/python benchmarks/formats.py --root /work/shared/datasets/fundus-dev --formats html "enex full page"
    .venv/bin/python benchmarks/formats.py --formats html "enex full page" --page-weights DIR

`--page-weights DIR`: the page-clip model (clipper/extract/pageclip.py) of each page's CV fold,
DIR/fold{k}.npz as `training/train_blockmodel.py --page-clips --save-folds DIR` writes them
(fold k by the page's registrable domain, benchmarks/datasets.py), so that the full-page clip's
figure is cross-validated; a file instead of a folder: that model for every page (e.g. the
cross-set one trained on the other dev set).

How each format is made from a page (all by this script, from the saved HTML), and which tool's
output it imitates:
- mhtml: Chrome's and Edge's "Save as... Webpage, Single File" (Blink's MHTML writer): a
  multipart/related message, the HTML part quoted-printable with its URL as
  Snapshot-Content-Location, a Date header, an image part;
- singlefile: the SingleFile extension: its comment (url, saved date) after <html>, every
  <img src> a data URI;
- enex article: Evernote Web Clipper's default "Article" clip, one note of an .enex export: the
  article region the clipper's own readability pass picks (the clipper's code is not public:
  trafilatura's HTML output stands in for that pass), written as ENML (enml2.dtd): no class,
  id, event, data-*, aria-*, role or hidden attributes (ENML forbids the first, its XHTML 1.0
  DTD lacks the others), elements outside the DTD (HTML5's nav, header, section, figure,
  time, ...) as div or span; title, created and source-url set;
- enex full page: the same clipper's "Full page" clip: the whole <body> as ENML: what ENML
  forbids taken out (scripts, styles, frames, objects, form controls; a <form>'s tag goes and
  its content stays), attributes and elements as above. Not imitated: the clipper serialises
  the rendered page, so what the page's CSS or `hidden` hides is not in a real clip and what
  a script moves into view is; these clips hold the former and the latter unmoved (no page is
  rendered here), which makes them harder than real ones;
- markdown: Obsidian Web Clipper's default template (YAML front matter: title, source, author
  as [[wikilinks]], published, created, tags: clippings) over the article as Markdown.
  Obsidian Web Clipper (Defuddle), MarkDownload and Joplin (Mozilla Readability) all run a
  readability pass and then Turndown; trafilatura's Markdown output (links, images,
  formatting, tables kept) stands in for both steps;
- enex article / markdown from the truth: the article as a perfect article-mode clipper would
  save it: the truth's own Markdown (`main_content_markdown`: its headings, lists, emphasis,
  links), as ENML (rendered by markdown-it: h1-h6, p, ul/ol, table) in a note titled with the
  truth's headline, created and source-url set, and as a Markdown clipping under Obsidian Web
  Clipper's front matter (title, source, author, published from the truth; created; tags).
  Both add the one line clippers add to the article itself: the headline, first (an <h1>, a
  `# ` line as MarkDownload writes it). No source-link line is added: these clippers put the
  URL in the note's source-url or the front matter.

Columns: clipper's F1 on the format, on the plain HTML page, their difference, and trafilatura's F1
on the same format's bytes (what a tool without these readers makes of the file). An article
clip holds only the words the clipper's readability pass kept, so the plain HTML is not its
yardstick alone: a second table scores the clip's own words against the truth (the best a
cleaner of that clip can do) and clipper's text against the clip's words (what the cleaner
loses of the clip).
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

FORMATS = (
    "html", "mhtml", "singlefile", "enex article", "enex full page", "markdown",
    "enex article from the truth", "markdown from the truth",
)  # fmt: skip
_IMG_SRC = re.compile(rb"(<img\b[^>]*?\ssrc\s*=\s*)(\"[^\"]*\"|'[^']*')", re.IGNORECASE)
_HTML_OPEN = re.compile(rb"<html\b[^>]*>", re.IGNORECASE)
_PIXEL = b'"data:image/png;base64,' + base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(60)) + b'"'
# ENML forbids <form> but not what it holds: the tag goes (as a div, below), its content stays
# (ASP.NET pages hold their whole body in one form).
_ENML_DROP = ("script", "style", "noscript", "iframe", "input", "button", "select",
              "textarea", "object", "embed", "applet", "frame", "frameset", "svg", "canvas")  # fmt: skip
# The elements ENML's DTD (enml2.dtd, XHTML 1.0 Transitional) allows; any other element the
# clipper keeps (HTML5's nav, header, footer, section, figure, time, ...) is written as a div,
# or a span inside a line of text.
_ENML_TAGS = frozenset(
    "a abbr acronym address area b bdo big blockquote br caption center cite code col colgroup "
    "dd del dfn div dl dt em font h1 h2 h3 h4 h5 h6 hr i img ins kbd li map ol p pre q s samp "
    "small span strike strong sub sup table tbody td tfoot th thead tr tt u ul var xmp".split()
)
# Attributes ENML forbids (class, id, events, data-*) or its DTD (XHTML 1.0) lacks: HTML5's
# role, aria-* and hidden (a page streamed by React keeps its story in a hidden div until a
# script moves it; the rendered page a real clipper serialises shows it).
_NOT_ENML = frozenset({"class", "id", "role", "hidden", "tabindex", "accesskey"})
_INLINE = frozenset("time mark label data output picture source bdi wbr meter progress".split())


def enml_elements(root: Any) -> None:
    """Turn `root`'s tree into what ENML allows: no class, id, event, data-*, aria-*, role or
    hidden attribute, and elements outside ENML's DTD renamed (div, or span for inline ones)."""
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for attr in list(element.attrib):
            if attr in _NOT_ENML or attr.startswith(("on", "data-", "aria-")):
                del element.attrib[attr]
        if element is not root and element.tag not in _ENML_TAGS:
            element.tag = "span" if element.tag in _INLINE else "div"


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
    enml_elements(body)
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
    if body is not None:
        enml_elements(body)
    inner = (
        "".join(lxml.html.tostring(c, encoding="unicode") for c in body) if body is not None else ""
    )
    return f"<en-note>{inner}</en-note>", getattr(meta, "title", None)


def make_enex(html: bytes, url: str | None, note: tuple[str, str | None]) -> str:
    """One Evernote export holding `note` (its ENML and title), as Evernote writes a web clip."""
    from xml.sax.saxutils import escape

    enml, title = note
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


def make_markdown(html: bytes, url: str | None) -> str:
    """A Markdown clipping of the page, as Obsidian Web Clipper lays it out."""
    import trafilatura
    import yaml

    md = trafilatura.extract(
        html, url=url, output_format="markdown", include_links=True, include_images=True,
        include_formatting=True, include_tables=True, favor_precision=False,
    ) or ""  # fmt: skip
    meta: Any = trafilatura.extract_metadata(html, default_url=url)
    front = {
        "title": getattr(meta, "title", None),
        "source": url,
        "author": [
            f"[[{a.strip()}]]"
            for a in (getattr(meta, "author", None) or "").split(";")
            if a.strip()
        ],
        "published": getattr(meta, "date", None),
        "created": "2026-12-07T10:15:00+01:00",
        "tags": ["clippings"],
    }
    head = yaml.safe_dump(
        {k: v for k, v in front.items() if v}, allow_unicode=True, sort_keys=False
    )
    return f"---\n{head}---\n{md}\n"


def truth_markdown(truth: dict[str, Any]) -> str:
    """The article as a perfect article-mode clipper would write it in Markdown: the truth's
    own Markdown (`main_content_markdown`: its headings, lists, emphasis and links), else its
    text's paragraphs."""
    return str(truth.get("main_content_markdown") or truth.get("main_content") or "").strip()


def truth_enml(truth: dict[str, Any]) -> tuple[str, str | None]:
    """The truth as an "Article" clip's ENML (its Markdown rendered: h1-h6, p, ul/ol, table,
    then as `enml_elements` leaves it), with the headline as the note's first line (an <h1>),
    as clipped articles carry it; the note title is the headline too."""
    import lxml.html
    from markdown_it import MarkdownIt

    title = truth.get("title") or None
    md = MarkdownIt("commonmark").enable("table").enable("strikethrough")
    rendered = md.render(truth_markdown(truth))
    body = lxml.html.document_fromstring(f"<html><body>{rendered or '<p></p>'}</body></html>")
    root = body.find("body")
    enml_elements(root)
    inner = "".join(lxml.html.tostring(c, encoding="unicode") for c in root)
    head = f"<h1>{escape_html(title)}</h1>" if title else ""
    return f"<en-note>{head}{inner}</en-note>", title


def truth_clipping(truth: dict[str, Any], url: str | None) -> str:
    """The truth as a Markdown clipping: Obsidian Web Clipper's front matter (title, source,
    author, published from the truth; created; tags) and the headline as a `# ` line (as
    MarkDownload's template writes it) over the truth's Markdown."""
    import yaml

    title = truth.get("title") or None
    front = {
        "title": title,
        "source": url,
        "author": [
            f"[[{a.strip()}]]" for a in str(truth.get("author") or "").split(",") if a.strip()
        ],
        "published": truth.get("publish_date") or None,
        "created": "2026-12-07T10:15:00+01:00",
        "tags": ["clippings"],
    }
    head = yaml.safe_dump(
        {k: v for k, v in front.items() if v}, allow_unicode=True, sort_keys=False
    )
    heading = f"# {title}\n\n" if title else ""
    return f"---\n{head}---\n{heading}{truth_markdown(truth)}\n"


def escape_html(text: str) -> str:
    import html

    return html.escape(text, quote=False)


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


def clip_words(page_html: str) -> str:
    """The words a clip holds: the text of every element of the page made from it."""
    import lxml.html

    body = lxml.html.document_fromstring(page_html).find("body")
    return " ".join(" ".join(body.itertext()).split()) if body is not None else ""


CLIPS = ("enex article", "markdown", "enex article from the truth", "markdown from the truth")


def _use_page_weights(path: Path | None, group: str) -> None:
    """The page-clip model from `path` (a file, or a folder of CV fold models: the one whose
    test fold holds `group`)."""
    if path is None:
        return
    from benchmarks.datasets import fold_of
    from clipper.extract import pageclip

    chosen = path / f"fold{fold_of(group)}.npz" if path.is_dir() else path
    if pageclip.WEIGHTS != chosen:
        pageclip.WEIGHTS = chosen
        pageclip._weights.cache_clear()


def run_page(
    job: tuple[str, Path, tuple[str, ...], Path | None],
) -> dict[str, tuple[PageScore, PageScore]]:
    """(clipper, trafilatura) scores per format for one page; for the article clips also
    (the clip's own words, clipper against the clip's words) under "<format> clip"."""
    from saved_pages import mhtml

    from clipper.readers.enex import enml_page
    from clipper.readers.markdown import markdown_page, split_front_matter

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
    page_id, root, formats, page_weights = job
    page = load_page(page_id, root)
    _use_page_weights(page_weights, page.domain)
    truth, html, url = page.body, page.html, page.url
    md = make_markdown(html, url) if "markdown" in formats else ""
    article = article_enml(html, url) if "enex article" in formats else ("", None)
    from_truth = truth_enml(page.truth) if "enex article from the truth" in formats else ("", None)
    md_truth = truth_clipping(page.truth, url) if "markdown from the truth" in formats else ""
    makers = {
        "html": lambda: ("p.html", html),
        "mhtml": lambda: ("p.mhtml", mhtml(html, url=url or "https://example.invalid/")),
        "singlefile": lambda: ("p.html", make_singlefile(html, url)),
        "enex article": lambda: ("p.enex", make_enex(html, url, article).encode("utf-8")),
        "enex full page": lambda: ("p.enex", make_enex(html, url, make_enml(html)).encode("utf-8")),
        "markdown": lambda: ("p.md", md.encode("utf-8")),
        "enex article from the truth": lambda: (
            "p.enex",
            make_enex(html, url, from_truth).encode("utf-8"),
        ),
        "markdown from the truth": lambda: ("p.md", md_truth.encode("utf-8")),
    }
    made = {fmt: make() for fmt, make in makers.items() if fmt in formats}
    clips = {
        "enex article": lambda: clip_words(enml_page(*article)),
        "markdown": lambda: clip_words(markdown_page(split_front_matter(md, "p.md")[1])),
        "enex article from the truth": lambda: clip_words(enml_page(*from_truth)),
        "markdown from the truth": lambda: clip_words(
            markdown_page(split_front_matter(md_truth, "p.md")[1])
        ),
    }
    held = {fmt: words() for fmt, words in clips.items() if fmt in formats}
    out: dict[str, tuple[PageScore, PageScore]] = {}
    for fmt, (name, data) in made.items():
        ours = _clip(name, data, 50_000_000)
        out[fmt] = (score_body(truth, ours), score_body(truth, _trafilatura(data)))
        if fmt in held:
            out[f"{fmt} clip"] = (score_body(truth, held[fmt]), score_body(held[fmt], ours))
    return out


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="first N pages only")
    parser.add_argument("--step", type=int, default=1, help="every Nth page only")
    parser.add_argument("--jobs", type=int, default=1, help="worker processes")
    parser.add_argument(
        "--root", type=Path, default=DATASET, help="dataset folder (WCXB dev or fundus-dev)"
    )
    parser.add_argument(
        "--formats", nargs="+", choices=FORMATS, default=list(FORMATS), help="these formats only"
    )
    parser.add_argument(
        "--page-weights",
        type=Path,
        default=None,
        help="page-clip model: a .npz file, or a folder of CV fold models (fold0.npz, ...)",
    )
    args = parser.parse_args(argv)
    formats = tuple(f for f in FORMATS if f in args.formats or f == "html")
    ids = page_ids(args.root)[:: max(1, args.step)][: args.limit]
    if not ids:
        parser.error(f"no pages in {args.root} (no html/*.html.gz)")
    start = time.monotonic()
    results: list[dict[str, tuple[PageScore, PageScore]]] = []
    with ProcessPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        results = list(
            pool.map(
                run_page, [(i, args.root, formats, args.page_weights) for i in ids], chunksize=4
            )
        )
    base = summarize_body(r["html"][0] for r in results)
    weights = args.page_weights or "shipped"
    print(
        f"{len(results)} pages of {args.root.name}, page-clip weights {weights}, "
        f"{time.monotonic() - start:.0f} s\n"
    )
    print(_row(["format", "clipper P", "clipper R", "clipper F1", "F1 - plain HTML",
                "trafilatura F1 on the file"]))  # fmt: skip
    print(_row(["---"] * 6))
    for fmt in formats:
        ours = summarize_body(r[fmt][0] for r in results)
        theirs = summarize_body(r[fmt][1] for r in results)
        print(_row([fmt, f"{ours.precision:.3f}", f"{ours.recall:.3f}", f"{ours.f1:.3f}",
                    f"{ours.f1 - base.f1:+.3f}", f"{theirs.f1:.3f}"]))  # fmt: skip
    print("\nArticle clips: the words the clip holds against the truth (the ceiling of a clip),")
    print("and clipper's text against the clip's words (what the cleaner loses of the clip).\n")
    print(_row(["clip", "clip words F1 vs truth", "- plain HTML", "clipper P vs clip words",
                "clipper R vs clip words", "clipper F1 vs clip words"]))  # fmt: skip
    print(_row(["---"] * 6))
    for fmt in (f for f in CLIPS if f in formats):
        held = summarize_body(r[f"{fmt} clip"][0] for r in results)
        kept = summarize_body(r[f"{fmt} clip"][1] for r in results)
        print(_row([fmt, f"{held.f1:.3f}", f"{held.f1 - base.f1:+.3f}", f"{kept.precision:.3f}",
                    f"{kept.recall:.3f}", f"{kept.f1:.3f}"]))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
