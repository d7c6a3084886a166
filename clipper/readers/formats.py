"""One page file as an item by what it holds (HTML, MHTML, Markdown, copied text), and which
files a folder walk hands over (not a saved page's assets, images or stylesheets)."""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass

from ..errors import ClipperError, CorruptInputError
from ..models import Source
from .enex import compression, unpack_head
from .item import Item, ItemKind
from .markdown import read_markdown
from .mhtml import read_mhtml
from .singlefile import read_capture
from .sniff import Format, asset_reason, sniff_format

#: Skip reasons a folder walk counts (the summary's "skipped" lines).
ASSET_FOLDER_SKIP = "asset folder of a saved page (NAME_files/)"
#: Skip reasons of `--include` / `--exclude`: a file no --include matches, one an --exclude does.
NOT_INCLUDED_SKIP = "matched by no --include"
EXCLUDED_SKIP = "matched by --exclude"
HIDDEN_SKIP = "hidden (a dot file, or in a dot folder)"
CONTAINER_SKIP = "WARC or JSONL file in a folder (name it to read it)"

# Folders browsers write beside "Web page, complete" saves, keyed by the page's name.
_ASSET_FOLDER_SUFFIXES = ("_files", "_archivos", "_fichiers", "-Dateien", "_file")
_PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".mhtml", ".mht", ".php", ".asp", ".aspx")
_SNIFF_BYTES = 65536


def _sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def format_item(path: str, data: bytes, *, url: str | None = None) -> Item:
    """The item for one page file's bytes; the format comes from the content (suffix: tie)."""
    fmt = sniff_format(data, path)
    if fmt == "mhtml":
        return _mhtml_item(path, data, url)
    if fmt == "markdown":
        return _markdown_item(path, data, url)
    if fmt == "enex":
        # `clipper clean` streams ENEX files and stdin note by note (readers.enex.iter_enex).
        error = CorruptInputError(
            "an Evernote export (ENEX) holds many notes: clean it with `clipper clean`", path
        )
        return Item(source=Source(path, "enex", None), error=error)
    kind: ItemKind = "html" if fmt == "html" else "text"
    if kind == "html":
        capture = read_capture(data)
        return Item(
            source=Source(path, "html", None),
            content=data,
            kind="html",
            payload=data,
            url=url or capture.url,
            fetched=capture.fetched,
            content_type="text/html",
        )
    return Item(
        source=Source(path, "text", None),
        content=data,
        kind=kind,
        payload=data,
        url=url,
        content_type="text/plain",
    )


def _mhtml_item(path: str, data: bytes, url: str | None) -> Item:
    source = Source(path, "mhtml", None)
    try:
        page = read_mhtml(data, path)
    except ClipperError as exc:
        return Item(source=source, error=exc)
    return Item(
        source=source,
        content=page.html,
        kind="html",
        payload=data,
        url=url or page.url,
        fetched=page.fetched,
        http_charset=page.charset,
        content_type="multipart/related",
        meta={"id": _sha256(data)},
    )


def _markdown_item(path: str, data: bytes, url: str | None) -> Item:
    from .decode import decode_bytes

    source = Source(path, "markdown", None)
    try:
        text = decode_bytes(data, source=path).text
        clip = read_markdown(text, path)
    except ClipperError as exc:
        return Item(source=source, error=exc)
    meta: dict[str, object] = {"id": _sha256(data)}
    if clip.title:
        meta["title"] = clip.title
    if clip.authors:
        meta["authors"] = clip.authors
    if clip.published:
        meta["published"] = clip.published
    return Item(
        source=source,
        content=clip.html,
        kind="html",
        payload=data,
        url=url or clip.url,
        fetched=clip.fetched,
        content_type="text/markdown; charset=utf-8",
        extra={"tags": clip.tags} if clip.tags else None,
        meta=meta,
        clip=True,
    )


# -- the folder walk ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Patterns:
    """`--include` / `--exclude` globs for files found in folders.

    A pattern without "/" is matched against the file name, one with "/" against the path
    below the folder given. With includes, only matching files are read; excludes win.
    """

    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def keeps(self, relpath: str) -> bool:
        return self.reason(relpath) is None

    def reason(self, relpath: str) -> str | None:
        """Why the file at `relpath` (below the folder) is left out, or None if it is read."""
        rel = relpath.replace(os.sep, "/")
        name = rel.rsplit("/", 1)[-1]

        def hit(patterns: Sequence[str]) -> bool:
            return any(fnmatch.fnmatchcase(rel if "/" in p else name, p) for p in patterns)

        if self.exclude and hit(self.exclude):
            return EXCLUDED_SKIP
        if self.include and not hit(self.include):
            return NOT_INCLUDED_SKIP
        return None


@functools.lru_cache(maxsize=4096)
def _is_asset_folder(folder: str) -> bool:
    """Whether `folder` is the NAME_files/ folder a browser saved beside NAME.html."""
    parent, name = os.path.split(folder)
    for suffix in _ASSET_FOLDER_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            stem = name[: -len(suffix)]
            try:
                siblings = os.listdir(parent or ".")
            except OSError:
                return False
            if any(
                s.startswith(stem) and s[len(stem) :].lower() in _PAGE_SUFFIXES for s in siblings
            ):
                return True
    return False


def _head(path: str) -> bytes:
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return b""  # a FIFO would block the open; read_page reports what it is
        with open(path, "rb") as handle:
            return handle.read(_SNIFF_BYTES)
    except OSError:
        return b""  # read_page reports it


def walk_skip_reason(path: str, root: str, patterns: Patterns | None = None) -> str | None:
    """Why a file found under folder `root` is counted as skipped rather than read, or None."""
    rel = os.path.relpath(path, root)
    if any(part.startswith(".") for part in rel.split(os.sep)):
        return HIDDEN_SKIP
    filtered = patterns.reason(rel) if patterns is not None else None
    if filtered:
        return filtered
    lower = path.lower()
    if lower.endswith((".warc", ".warc.gz", ".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")):
        # Folders hold pages; a dump or archive in one is as likely an earlier run's output.
        return CONTAINER_SKIP
    folder = os.path.dirname(path)
    root_abs = os.path.abspath(root)
    while folder and os.path.abspath(folder) != root_abs and len(folder) >= len(root):
        if _is_asset_folder(folder):
            return ASSET_FOLDER_SKIP
        folder = os.path.dirname(folder)
    return asset_reason(_head(path), path)


def file_format(path: str) -> Format:
    """What a named file holds, by its first bytes, unpacked when it is compressed (and its
    suffix, less a compression suffix, for a tie)."""
    head = _head(path)
    if compression(head) is None:
        return sniff_format(head, path)
    lower = path.lower()
    for suffix in (".gz", ".bz2", ".xz"):
        if lower.endswith(suffix):
            path = path[: -len(suffix)]
            break
    return sniff_format(unpack_head(head), path)
