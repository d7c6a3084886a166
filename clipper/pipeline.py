"""Run the steps for one input: decode, extract, clean, describe, finish.

No I/O of its own beyond the API boundary's: a path given to `clean`, and the rule and repeats
files `CleanOptions` names (read once per process by `readers.rulefiles`).
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from typing import Any, Literal

from ._version import __version__
from .deadline import run_with_deadline
from .errors import (
    DecodingError,
    EmptyInputError,
    InputTypeError,
    NoArticleError,
)
from .models import (
    DEFAULT_OPTIONS,
    Caption,
    CleanOptions,
    Clipping,
    Contact,
    Draft,
    Removal,
    Source,
)
from .readers.decode import decode_bytes
from .readers.files import read_file
from .readers.htmlguard import guard_html
from .readers.item import Item
from .readers.rulefiles import read_rule_files
from .readers.sniff import sniff_format, sniff_kind
from .writers.urls import safe_url

# C0 controls other than tab and newline, DEL and the C1 block: they carry no text, break
# terminals and some XML consumers, and come from broken captures rather than from writers.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# In the short fields (names, credits, rule texts) the bidi embeddings, overrides and isolates
# go too: a U+202E there makes a reviewer read a different name than the one stored.
_FIELD_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _scrub(value: str | None) -> str | None:
    """A field without control characters; None stays None."""
    if not value or not _FIELD_CONTROL.search(value):
        return value
    return _FIELD_CONTROL.sub("", value)


def _scrub_parts(draft: Draft) -> None:
    """Scrub the list fields (authors, contacts, captions, removed) in place."""
    draft.authors = [a for a in (_scrub(a) for a in draft.authors) if a]
    draft.contributors = [c for c in (_scrub(c) for c in draft.contributors) if c]
    draft.contacts = [
        Contact(_scrub(c.name) or None, _scrub(c.email) or None) for c in draft.contacts
    ]
    draft.captions = [
        Caption(_scrub(c.text) or "", _scrub(c.credit) or None) for c in draft.captions
    ]
    draft.removed = [Removal(r.rule, _scrub(r.text) or "") for r in draft.removed]


def sha256_id(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _as_bytes(data: bytes | str, source: str | None = None) -> bytes:
    if isinstance(data, bytes):
        return data
    try:
        return data.encode("utf-8")
    except UnicodeEncodeError as exc:
        # Lone surrogates (JSON "\ud800", a split emoji) cannot be archived as UTF-8.
        raise DecodingError(
            f"the text holds a lone surrogate (U+{ord(data[exc.start]):04X}) at position "
            f"{exc.start}, which is not valid Unicode text",
            source,
        ) from exc


def finish(
    draft: Draft,
    raw: bytes,
    source: Source,
    options: CleanOptions,
) -> Clipping:
    """Freeze a draft into a record: ids, digests and version are computed here only."""
    paragraphs: Iterable[str] = draft.paragraphs
    if _CONTROL.search("".join(paragraphs)):
        # One look at all paragraphs first: control characters are rare.
        paragraphs = (_scrub(p) or "" for p in draft.paragraphs)
    text = "\n\n".join(p for p in paragraphs if p.strip())
    if options.require_article and not text:
        raise NoArticleError("no article text found", source.path or draft.url)
    _scrub_parts(draft)
    return Clipping(
        id=sha256_id(raw),
        url=safe_url(draft.url),
        source=source,
        title=_scrub(draft.title) or None,
        subtitle=_scrub(draft.subtitle) or None,
        section=_scrub(draft.section) or None,
        text=text,
        byline=_scrub(draft.byline) or None,
        authors=tuple(draft.authors),
        contributors=tuple(draft.contributors),
        contacts=tuple(draft.contacts),
        publisher=_scrub(draft.publisher) or None,
        licensed_from=_scrub(draft.licensed_from) or None,
        credits=tuple(c for c in (_scrub(c) for c in draft.credits) if c),
        published=draft.published,
        published_tz=draft.published_tz,
        modified=draft.modified,
        dateline=_scrub(draft.dateline) or None,
        language=draft.language,
        captions=tuple(draft.captions),
        removed=tuple(draft.removed),
        duplicate_of=None,
        digest=sha256_id(text.encode("utf-8")),
        clipper_version=__version__,
        fetched=draft.fetched,
        extra=draft.extra,
    )


def _name(source: Source | None, url: str | None) -> str | None:
    """What errors call the input: its path, else the URL the caller gave."""
    return (source.path if source else None) or url


def _names_a_file(text: str) -> bool:
    """A short one-line str that is the name of an existing file (not page content)."""
    if not text or len(text) > 4096 or "\n" in text or "<" in text or "\x00" in text:
        return False
    try:
        return os.path.isfile(text)
    except (OSError, ValueError):
        return False


def _check_page(data: object, name: str | None, call: str) -> None:
    """Refuse what is not a page here, rather than deep inside with an AttributeError."""
    if isinstance(data, bytes):
        return
    if isinstance(data, str):
        if _names_a_file(data):
            raise InputTypeError(
                f"{call}() was given a str that names a file ({data!r}), but a str is taken as "
                f"the page itself: pass pathlib.Path({data!r}) to clipper.clean() to read the "
                "file, or pass the page's bytes",
                name,
            )
        return
    hint = ""
    if isinstance(data, os.PathLike) and call != "clean":
        hint = "; to read a file, pass its pathlib.Path to clipper.clean()"
    elif isinstance(data, bytearray | memoryview):
        hint = "; pass bytes(data)"
    raise InputTypeError(
        f"{call}() takes the page as bytes or str, not {type(data).__name__}{hint}", name
    )


def clean_text(
    text: str | bytes,
    url: str | None = None,
    options: CleanOptions | None = None,
    *,
    source: Source | None = None,
) -> Clipping:
    """Clean text copied out of a browser (or any plain-text clipping) into a record.

    Raises a ClipperError subclass naming the input (its path, else `url`); InputTypeError
    when `text` is not bytes or str; CleanTimeoutError past `options.timeout`.
    """
    options = options or DEFAULT_OPTIONS
    name = _name(source, url)
    _check_page(text, name, "clean_text")
    return run_with_deadline(
        lambda: _clean_text(text, url, options, source or Source(None, "text", None)),
        options.timeout,
        name,
    )


def _clean_text(
    text: str | bytes, url: str | None, options: CleanOptions, source: Source
) -> Clipping:
    from .extract.text import extract_text

    options = read_rule_files(options)
    name = _name(source, url)
    raw = _as_bytes(text, name)
    if isinstance(text, bytes):
        text = decode_bytes(text, source=name, declared=options.encoding).text
    if not text.strip():
        raise EmptyInputError("the input is empty", name)
    draft = extract_text(text, options, url)
    draft.url = url or draft.url
    return finish(draft, raw, source, options)


def clean_html(
    html: str | bytes,
    url: str | None = None,
    options: CleanOptions | None = None,
    *,
    source: Source | None = None,
    http_charset: str | None = None,
) -> Clipping:
    """Clean a saved or fetched HTML page into a record.

    Raises a ClipperError subclass naming the input (its path, else `url`); InputTypeError
    when `html` is not bytes or str; CleanTimeoutError past `options.timeout`.
    """
    options = options or DEFAULT_OPTIONS
    name = _name(source, url)
    _check_page(html, name, "clean_html")
    return run_with_deadline(
        lambda: _clean_html(html, url, options, source or Source(None, "html", None), http_charset),
        options.timeout,
        name,
    )


def _clean_html(
    html: str | bytes,
    url: str | None,
    options: CleanOptions,
    source: Source,
    http_charset: str | None,
    picker: str = "rules",
) -> Clipping:
    from .extract.html import extract_html

    options = read_rule_files(options)
    name = _name(source, url)
    raw = _as_bytes(html, name)
    if isinstance(html, bytes):
        html = decode_bytes(
            html,
            source=name,
            declared=options.encoding,
            http_charset=http_charset,
            html=True,
        ).text
    if not html.strip():
        raise EmptyInputError("the input is empty", name)
    # Before any parse: a text node over libxml2's limit would silently empty the article.
    html = guard_html(html)
    draft = extract_html(html, url, options, source=name, picker=picker)
    draft.url = url or draft.url
    return finish(draft, raw, source, options)


def clean_item(item: Item, options: CleanOptions | None = None) -> Clipping:
    """Clean one item a reader made (its content set), with what the input states about itself:
    the capture time, extra fields, and front matter or a file's id (these win)."""
    assert item.content is not None
    if item.kind == "html" and item.clip:
        # A clipping (Evernote note, Markdown clipping): likely the article already cut out.
        options = options or DEFAULT_OPTIONS
        name = _name(item.source, item.url)
        _check_page(item.content, name, "clean_item")
        content, url, source, charset = item.content, item.url, item.source, item.http_charset
        clipping = run_with_deadline(
            lambda: _clean_html(content, url, options, source, charset, picker="clip"),
            options.timeout,
            name,
        )
    elif item.kind == "html":
        clipping = clean_html(
            item.content, item.url, options, source=item.source, http_charset=item.http_charset
        )
    else:
        clipping = clean_text(item.content, item.url, options, source=item.source)
    changes: dict[str, Any] = {}
    if item.fetched and not clipping.fetched:
        changes["fetched"] = item.fetched
    if item.extra:
        changes["extra"] = item.extra
    if item.meta:
        changes.update(item.meta)  # what the input states (front matter, the file's id) wins
    return clipping.with_changes(**changes) if changes else clipping


def _clean_saved(path: str, data: bytes, url: str | None, options: CleanOptions | None) -> Clipping:
    """A saved page, MHTML file or Markdown clipping, with the URL and time the file states."""
    from .readers.files import page_item

    item = page_item(path, data, url=url)
    if item.error is not None:
        raise item.error
    return clean_item(item, options)


def clean(
    data: str | bytes | os.PathLike[str],
    url: str | None = None,
    options: CleanOptions | None = None,
    *,
    source: Source | None = None,
    kind: Literal["html", "text"] | None = None,
) -> Clipping:
    """Clean HTML or copied text, telling which from the content unless `kind` says.

    `data` is a file as a `pathlib.Path` (read here), or the page itself as bytes or str. A
    plain str is always content: one that names an existing file is refused with
    InputTypeError, as is anything that is not a path, bytes or str. A path may also name an
    MHTML file or a Markdown clipping (its URL, capture time and front matter go into the
    record); an Evernote export holds many notes and is read by `clipper clean`
    (`clipper.readers.enex.iter_enex`).
    """
    options = options or DEFAULT_OPTIONS
    if kind not in (None, "html", "text"):
        raise ValueError(f"kind must be 'html', 'text' or None, not {kind!r}")
    if isinstance(data, os.PathLike):
        path = os.fspath(data)
        if not isinstance(path, str):
            raise InputTypeError(
                f"clean() takes a path as str-based os.PathLike, not {type(path).__name__}", url
            )
        data = read_file(path, max_bytes=options.max_bytes)
        if (
            source is None
            and kind != "text"
            and sniff_format(data, path) in ("html", "mhtml", "markdown")
        ):
            return _clean_saved(path, data, url, options)
        source = source or Source(path, kind or ("html" if sniff_kind(data) == "html" else "text"))
    name = _name(source, url)
    _check_page(data, name, "clean")
    raw = _as_bytes(data, name)
    if not raw.strip():
        raise EmptyInputError("the input is empty", name)
    if kind is None:
        kind = "html" if sniff_kind(raw) == "html" else "text"
        if source is not None and source.type in ("html", "text"):
            kind = source.type
    if kind == "html":
        return clean_html(data, url, options, source=source or Source(None, "html", None))
    return clean_text(data, url, options, source=source or Source(None, "text", None))
