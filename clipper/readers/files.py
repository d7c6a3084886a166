"""The INPUT arguments of a batch as a stream of items: files, folders, globs, stdin, path lists."""

from __future__ import annotations

import glob
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import BinaryIO, Literal

from ..errors import ClipperError, InputNotFoundError, InputTooLargeError
from ..models import Source
from .compress import gunzip_capped

# Item is re-exported: the batch side imports it from here.
from .item import Item as Item
from .item import ItemKind as ItemKind
from .sniff import sniff_kind

#: Page files a folder is searched for (each also as .gz).
PAGE_SUFFIXES = (".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")

STDIN = "-"
STDIN_NAME = "<stdin>"

InputKind = Literal["page", "warc", "jsonl", "stdin", "missing"]


@dataclass(frozen=True, slots=True)
class Input:
    """One input named on the command line, after folders and globs are expanded."""

    path: str
    kind: InputKind
    #: Bytes on disk (None for stdin and missing paths); drives the progress bar's ETA.
    size: int | None = None
    #: Why a "missing" input is missing.
    reason: str | None = None


def read_file(path: str, *, max_bytes: int) -> bytes:
    """The bytes of one input file, refusing missing, unreadable and oversized files."""
    try:
        info = os.stat(path)
        if stat.S_ISDIR(info.st_mode):
            raise InputNotFoundError("is a directory, not a file", path)
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO blocks until something writes to it: a batch would hang for good.
            raise InputNotFoundError("not a regular file (a FIFO, socket or device)", path)
        size = info.st_size
        if size > max_bytes:
            raise InputTooLargeError(f"{size} bytes is over the {max_bytes}-byte limit", path)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
        if len(data) > max_bytes:  # it grew since the stat
            raise InputTooLargeError(f"over the {max_bytes}-byte limit", path)
        return data
    except IsADirectoryError as exc:
        raise InputNotFoundError("is a directory, not a file", path) from exc
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such file", path) from exc
    except PermissionError as exc:
        raise InputNotFoundError("permission denied", path) from exc
    except OSError as exc:
        raise InputNotFoundError(f"cannot read: {exc.strerror or exc}", path) from exc


def _has_suffix(path: str, suffixes: Sequence[str]) -> bool:
    lower = path.lower()
    return any(lower.endswith(s) for s in suffixes)


def is_page_file(path: str) -> bool:
    """A file a folder walk picks up: .html, .htm, .txt, each optionally gzipped."""
    return _has_suffix(path, PAGE_SUFFIXES + tuple(s + ".gz" for s in PAGE_SUFFIXES))


def classify(path: str) -> InputKind:
    """What a named file is read as: a WARC, a JSONL dump, or one page."""
    if _has_suffix(path, WARC_SUFFIXES):
        return "warc"
    if _has_suffix(path, JSONL_SUFFIXES):
        return "jsonl"
    return "page"


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def _walk(folder: str) -> Iterator[str]:
    """Page files under `folder`, recursively, in a stable (sorted) order; hidden entries skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and is_page_file(name):
                yield os.path.join(root, name)


def _looks_like_glob(arg: str) -> bool:
    return any(ch in arg for ch in "*?[")


def read_list(path: str) -> list[str]:
    """Paths (or globs) listed one a line in a file ("-": stdin); blank lines and # comments skipped."""
    try:
        if path == STDIN:
            text = sys.stdin.read()
        else:
            with open(path, encoding="utf-8") as handle:
                text = handle.read()
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such file (given to --from-list)", path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputNotFoundError(f"cannot read this list of inputs: {exc}", path) from exc
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def expand_inputs(args: Iterable[str], *, exclude: Iterable[str] = ()) -> list[Input]:
    """Expand INPUT arguments into a list of inputs, in argument order, folders sorted.

    A path that does not exist, a glob that matches nothing and a folder with no page files
    each become one "missing" input, so that they are counted and reported as errors.
    `exclude` names files never read as input (the run's own outputs).
    """
    skip = {os.path.abspath(p) for p in exclude}
    out: list[Input] = []

    def add(path: str) -> None:
        if os.path.abspath(path) not in skip:
            out.append(Input(path, classify(path), _size(path)))

    for arg in args:
        if arg == STDIN:
            out.append(Input(STDIN, "stdin"))
        elif os.path.isdir(arg):
            before = len(out)
            for path in _walk(arg):
                add(path)
            if len(out) == before:
                out.append(
                    Input(arg, "missing", reason="no .html, .htm or .txt files in this folder")
                )
        elif os.path.exists(arg):
            add(arg)
        elif _looks_like_glob(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            files = [m for m in matches if os.path.isfile(m)]
            for path in files:
                add(path)
            for folder in (m for m in matches if os.path.isdir(m)):
                for path in _walk(folder):
                    add(path)
            if not matches:
                out.append(Input(arg, "missing", reason="no file matches this pattern"))
        else:
            out.append(Input(arg, "missing", reason="no such file or folder"))
    return out


def _read_stream(stream: BinaryIO, limit: int, name: str) -> bytes:
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise InputTooLargeError(f"more than the {limit}-byte limit", name)
    return data


def _gunzip_if_needed(path: str, data: bytes, limit: int) -> bytes:
    if path.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        return gunzip_capped(data, limit, path)
    return data


def page_item(path: str, data: bytes, *, url: str | None = None) -> Item:
    """An item for one page's bytes: HTML by suffix or content, else copied text."""
    lower = path.lower().removesuffix(".gz")
    kind: ItemKind = "html" if lower.endswith((".html", ".htm")) else sniff_kind(data)
    content_type = "text/html" if kind == "html" else "text/plain"
    return Item(
        source=Source(path, kind, None),
        content=data,
        kind=kind,
        payload=data,
        url=url,
        content_type=content_type,
    )


def read_page(path: str, limit: int, *, url: str | None = None) -> Item:
    """One page file (gzipped or not) as an item, or an item carrying the error."""
    try:
        if path == STDIN:
            data = _read_stream(sys.stdin.buffer, limit, STDIN_NAME)
            data = _gunzip_if_needed(STDIN_NAME, data, limit)
            return page_item(STDIN_NAME, data, url=url)
        gz = path.lower().endswith(".gz")
        # A gzipped page may be up to `limit` bytes once unpacked, so its file is read in whole.
        data = read_file(path, max_bytes=limit)
        if gz or data[:2] == b"\x1f\x8b":
            data = gunzip_capped(data, limit, path)
        return page_item(path, data, url=url)
    except ClipperError as exc:
        name = STDIN_NAME if path == STDIN else path
        kind: ItemKind = (
            "html" if path.lower().removesuffix(".gz").endswith((".html", ".htm")) else "text"
        )
        return Item(source=Source(name, kind, None), error=exc)


def iter_items(inputs: Iterable[Input], limit: int, *, url: str | None = None) -> Iterator[Item]:
    """Every item of every input, in order, streaming WARC and JSONL inputs record by record."""
    from .jsonl import iter_jsonl
    from .warc import iter_warc

    for inp in inputs:
        if inp.kind == "missing":
            error = InputNotFoundError(inp.reason or "no such file", inp.path)
            yield Item(source=Source(inp.path, "text", None), error=error)
        elif inp.kind == "warc":
            yield from iter_warc(inp.path, limit)
        elif inp.kind == "jsonl":
            yield from iter_jsonl(inp.path, limit)
        else:
            yield read_page(inp.path, limit, url=url)
