"""Markdown web clippings (Obsidian Web Clipper, MarkDownload, Joplin): front matter and plain text.

The YAML front matter gives the record's URL, title, authors, published day and capture time;
the body is rendered to HTML (markdown-it-py) for the HTML cleaner, read as a clipping, so
headings, lists, tables and link density are seen: Markdown syntax goes, link words and image
alt text stay.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import OptionsDict

from ..errors import CorruptInputError
from .singlefile import iso

_FRONT = re.compile(
    r"\A\ufeff?---[ \t]*\r?\n(.*?)^(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.DOTALL | re.MULTILINE
)
_WIKILINK = re.compile(r"\[\[(?:[^\]|]*\|)?([^\]]*)\]\]")
_UTC_SUFFIX = re.compile(r"\(UTC[ ]?([+-]\d{2}:\d{2})\)\Z")

# Front matter keys, in order of preference, as the common clippers write them.
_URL_KEYS = ("source", "url", "source_url", "source-url", "original_url", "link")
_AUTHOR_KEYS = ("author", "authors", "byline", "creator")
_PUBLISHED_KEYS = ("published", "date_published", "publish_date", "pubdate", "date")
_CREATED_KEYS = ("created", "clipped", "saved", "date_saved", "captured")

_MD = MarkdownIt("commonmark").enable("table").enable("strikethrough")


@dataclass(slots=True)
class MarkdownClipping:
    """A Markdown clipping split into what its front matter states and its body as HTML."""

    #: The body rendered as an HTML page (see `markdown_page`).
    html: str
    url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    fetched: str | None = None
    tags: list[str] = field(default_factory=list)


def _first(meta: dict[str, Any], keys: tuple[str, ...]) -> Any:
    for key in keys:
        value = meta.get(key)
        if value not in (None, "", []):
            return value
    return None


def _plain(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = _WIKILINK.sub(r"\1", str(value)).strip()
    return text or None


def _names(value: Any) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = _plain(item)
        if name and name not in names:
            names.append(name)
    return tuple(names)


def _when(value: Any) -> str | None:
    """A front matter date as ISO 8601 at the precision it is given; None if it is none."""
    if isinstance(value, dt.datetime):
        return iso(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _plain(value)
    if not text:
        return None
    # MarkDownload writes "2024-01-02T10:20:30 (UTC +01:00)"; Joplin "2024-01-02 10:20:30Z".
    zone = _UTC_SUFFIX.search(text)
    if zone:
        text = text[: zone.start()].rstrip() + zone.group(1)
    try:
        moment = dt.datetime.fromisoformat(text.replace(" ", "T", 1))
    except ValueError:
        try:
            return dt.date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    return iso(moment)


def split_front_matter(source: str, path: str) -> tuple[dict[str, Any], str]:
    """The front matter as a dict (empty when there is none) and the Markdown body."""
    match = _FRONT.match(source)
    if not match:
        return {}, source
    try:
        meta = yaml.safe_load(match.group(1))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 2})" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise CorruptInputError(f"front matter is not YAML{where}: {problem}", path) from exc
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise CorruptInputError(
            f"front matter is YAML but not a mapping of keys (it is a {type(meta).__name__})", path
        )
    return {str(k).strip().lower(): v for k, v in meta.items()}, source[match.end() :]


def _image_as_alt(
    renderer: RendererHTML, tokens: Sequence[Token], idx: int, options: OptionsDict, env: Any
) -> str:
    """An image as its alt text: the words a reader sees in its place."""
    words = renderer.renderInlineAsText(tokens[idx].children or [], options, env)
    return html.escape(words)


_MD.add_render_rule("image", _image_as_alt)


def markdown_page(body: str, title: str | None = None) -> str:
    """Markdown rendered as an HTML page for the HTML cleaner, which then sees its headings,
    lists, tables and links; images become their alt text. `title` goes into <title>."""
    head = f"<title>{html.escape(title)}</title>" if title else ""
    return (
        f'<!DOCTYPE html><html><head><meta charset="utf-8">{head}</head>'
        f"<body>{_MD.render(body)}</body></html>"
    )


def read_markdown(source: str, path: str) -> MarkdownClipping:
    """A Markdown clipping's front matter fields and plain text; raises CorruptInputError."""
    meta, body = split_front_matter(source, path)
    url = _plain(_first(meta, _URL_KEYS))
    if url and not url.startswith(("http://", "https://")):
        url = None
    tags = meta.get("tags")
    title = _plain(meta.get("title"))
    return MarkdownClipping(
        html=markdown_page(body, title),
        url=url,
        title=title,
        authors=_names(_first(meta, _AUTHOR_KEYS)) if _first(meta, _AUTHOR_KEYS) else (),
        published=_when(_first(meta, _PUBLISHED_KEYS)),
        fetched=_when(_first(meta, _CREATED_KEYS)),
        tags=[t for t in (_plain(t) for t in (tags if isinstance(tags, list) else [tags])) if t]
        if tags
        else [],
    )
