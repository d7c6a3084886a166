"""The INPUT arguments of a batch as a stream of items: files, folders, globs, stdin, path lists."""

from __future__ import annotations

import fnmatch
import glob
import os
import stat
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO, Literal

from ..errors import ClipperError, InputNotFoundError, InputTooLargeError
from ..models import Source
from .compress import gunzip_capped

# Item is re-exported: the batch side imports it from here.
from .item import Item as Item
from .item import ItemKind as ItemKind

if TYPE_CHECKING:
    from .formats import Patterns

#: Page files a folder is searched for (each also as .gz).
PAGE_SUFFIXES = (".html", ".htm", ".txt")
WARC_SUFFIXES = (".warc", ".warc.gz")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")

STDIN = "-"
STDIN_NAME = "<stdin>"

InputKind = Literal["page", "warc", "jsonl", "enex", "stdin", "missing", "skipped"]
#: Inputs that are one item each (a page, a missing path, a skipped file); stdin may be an
#: Evernote export of many notes.
SINGLE_KINDS = ("page", "missing", "skipped")
#: Reads go in pieces of this size, so a large limit is never allocated up front.
_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class Input:
    """One input named on the command line, after folders and globs are expanded."""

    path: str
    kind: InputKind
    #: Bytes on disk (None for stdin and missing paths); drives the progress bar's ETA.
    size: int | None = None
    #: Why a "missing" input is missing, or why a "skipped" one is skipped.
    reason: str | None = None
    #: Named as it is (an argument or a line of a list), not found by a folder walk or a glob.
    named: bool = True


def read_capped(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` + 1 bytes of `stream`, read in pieces: `read(limit + 1)` would allocate the
    whole limit at once (a 1 TB limit is a MemoryError), and a file may hold more than its size
    says (/proc files say 0)."""
    pieces = []
    left = limit + 1
    while left > 0:
        piece = stream.read(min(left, _CHUNK))
        if not piece:
            break
        pieces.append(piece)
        left -= len(piece)
    return b"".join(pieces)


def read_file(path: str, *, max_bytes: int) -> bytes:
    """The bytes of one input file, refusing missing, unreadable and oversized files, and
    anything that is not a regular file (a FIFO would block, /dev/zero never ends)."""
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
            data = read_capped(handle, max_bytes)
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
    """What a named file is read as: a WARC, a JSONL dump, an Evernote export or one page."""
    from .formats import file_format

    if _has_suffix(path, WARC_SUFFIXES):
        return "warc"
    if _has_suffix(path, JSONL_SUFFIXES):
        return "jsonl"
    return "enex" if file_format(path) == "enex" else "page"


def _size(path: str) -> int | None:
    try:
        return os.path.getsize(path)
    except OSError:
        return None


def display_path(path: str) -> str:
    """`path` as text that can be written: a file name that is not valid UTF-8 (held by Python
    as lone surrogates) shows its bad bytes as `\\xNN`."""
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(path).decode("utf-8", "backslashreplace")
    return path


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _walk(
    folder: str, *, follow_symlinks: bool = False, patterns: Patterns | None = None
) -> Iterator[Input]:
    """Files under `folder`, recursively, in a stable (sorted) order. A file that is not a
    clipping (a hidden one or one in a hidden folder, an image, a stylesheet, a saved page's
    NAME_files/ asset, or one `patterns` leaves out) is a "skipped" input with its reason.

    Never silent: a subfolder that cannot be read and a file whose name is not valid UTF-8 each
    become a "missing" input (an error line naming it); a symlink that leads out of `folder` is
    a "skipped" input with its reason, unless `follow_symlinks`. Folder symlinks are followed
    only with `follow_symlinks` (each real folder once, so a loop ends).
    """
    from .formats import walk_skip_reason

    top = os.path.realpath(folder)
    failed: list[OSError] = []
    seen_dirs = {top}
    for root, dirs, files in os.walk(folder, onerror=failed.append, followlinks=follow_symlinks):
        while failed:
            exc = failed.pop(0)
            where = display_path(str(exc.filename or root))
            yield Input(where, "missing", reason=f"cannot read this folder: {exc.strerror or exc}")
        keep = []
        for name in sorted(dirs):
            path = os.path.join(root, name)
            if os.path.islink(path):
                real = os.path.realpath(path)
                if not follow_symlinks:
                    if not _inside(real, top):
                        yield Input(
                            path, "skipped", reason="symlink out of the folder", named=False
                        )
                    continue  # a folder symlink inside the tree: its files are reached anyway
                if real in seen_dirs:
                    continue
                seen_dirs.add(real)
            keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            path = os.path.join(root, name)
            shown = display_path(path)
            if shown != path:
                yield Input(shown, "missing", reason="the file name is not valid UTF-8")
                continue
            if not follow_symlinks and os.path.islink(path):
                if not _inside(os.path.realpath(path), top):
                    yield Input(path, "skipped", reason="symlink out of the folder", named=False)
                    continue
            reason = walk_skip_reason(path, folder, patterns)
            if reason:
                yield Input(path, "skipped", _size(path), reason=reason, named=False)
                continue
            yield Input(path, classify(path), _size(path), named=False)
    while failed:  # the top folder itself
        exc = failed.pop(0)
        where = display_path(str(exc.filename or folder))
        yield Input(where, "missing", reason=f"cannot read this folder: {exc.strerror or exc}")


def _looks_like_glob(arg: str) -> bool:
    return any(ch in arg for ch in "*?[")


#: The most a list of inputs, a rules file or a repeats file may hold.
OPTION_FILE_LIMIT = 64 * 1024 * 1024


def check_option_file(path: str, limit: int = OPTION_FILE_LIMIT) -> None:
    """Refuse a file a setting names (site rules, repeats) that is not a regular file of at most
    `limit` bytes: its reader would block on a FIFO and never end on /dev/zero."""
    try:
        info = os.stat(path)
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such file", path) from exc
    except OSError as exc:
        raise InputNotFoundError(f"cannot read: {exc.strerror or exc}", path) from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputNotFoundError("not a regular file (a folder, FIFO, socket or device)", path)
    if info.st_size > limit:
        raise InputTooLargeError(f"{info.st_size} bytes is over the {limit}-byte limit", path)


def _read_list_bytes(path: str, limit: int) -> bytes:
    if path == STDIN:
        return read_capped(sys.stdin.buffer, limit)
    # Not blocking on open: a FIFO nobody writes to reads as empty instead of hanging. A pipe
    # that has a writer (`--from-list <(find ...)`) is read to its end.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputNotFoundError("is a directory, not a list of inputs", path)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise InputNotFoundError("not a regular file or a pipe (a socket or device)", path)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as handle:
            return read_capped(handle, limit)
    finally:
        os.close(fd)


def read_list(path: str, *, limit: int = OPTION_FILE_LIMIT) -> list[str]:
    """Paths (or globs) listed one a line in a file ("-": stdin); blank lines and # comments
    skipped. The file is read up to `limit` bytes: a device or a huge file is refused."""
    try:
        data = _read_list_bytes(path, limit)
        if len(data) > limit:
            raise InputTooLargeError(f"a list of inputs over {limit} bytes", path)
        text = data.decode("utf-8")
    except FileNotFoundError as exc:
        raise InputNotFoundError("no such list of inputs", path) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise InputNotFoundError(f"cannot read this list of inputs: {exc}", path) from exc
    lines = (line.strip() for line in text.splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def expand_inputs(
    args: Iterable[str],
    *,
    exclude: Iterable[str] = (),
    follow_symlinks: bool = False,
    patterns: Patterns | None = None,
) -> list[Input]:
    """Expand INPUT arguments into a list of inputs, in argument order, folders sorted.

    A path that does not exist, a glob that matches nothing and an empty folder each become
    one "missing" input, so that they are counted and reported as errors; see `_walk` for what
    a folder walk reports (`patterns`: --include/--exclude). `exclude` names files never read
    as input.
    """
    skip = {os.path.abspath(p) for p in exclude}
    out: list[Input] = []

    def add(inp: Input) -> None:
        if inp.kind in ("missing", "skipped") or os.path.abspath(inp.path) not in skip:
            out.append(inp)

    def walk(folder: str, *, empty_is_missing: bool = True) -> None:
        before = len(out)
        for inp in _walk(folder, follow_symlinks=follow_symlinks, patterns=patterns):
            add(inp)
        if empty_is_missing and len(out) == before:
            out.append(Input(folder, "missing", reason="no files in this folder"))

    for arg in args:
        shown = display_path(arg)
        if arg == STDIN:
            out.append(Input(STDIN, "stdin"))
        elif shown != arg:
            out.append(Input(shown, "missing", reason="the name is not valid UTF-8"))
        elif os.path.isdir(arg):
            walk(arg)
        elif os.path.exists(arg):
            add(Input(arg, classify(arg), _size(arg)))
        elif _looks_like_glob(arg):
            matches = sorted(glob.glob(arg, recursive=True))
            for path in (m for m in matches if os.path.isfile(m)):
                add(Input(path, classify(path), _size(path), named=False))
            for folder in (m for m in matches if os.path.isdir(m)):
                walk(folder, empty_is_missing=False)
            if not matches:
                out.append(Input(arg, "missing", reason="no file matches this pattern"))
        else:
            out.append(Input(arg, "missing", reason="no such file or folder"))
    return out


def _glob_matches(pattern: str, path: str) -> bool:
    """`path` (which may not exist yet) matches `pattern` as glob.glob would match it: part by
    part, `*` not crossing `/` nor matching a hidden name; `**` may cross folders."""
    want = os.path.normpath(os.path.abspath(pattern)).split(os.sep)
    have = os.path.normpath(os.path.abspath(path)).split(os.sep)
    if "**" in want:
        return fnmatch.fnmatch(os.sep.join(have), os.sep.join(want))
    return len(want) == len(have) and all(
        fnmatch.fnmatchcase(h, w) and (not h.startswith(".") or w.startswith("."))
        for w, h in zip(want, have, strict=True)
    )


def input_reading(args: Iterable[str], path: str) -> str | None:
    """The first INPUT argument that reads `path` (names it, or walks a folder or matches a glob
    that holds it, now or once it is written), compared by resolved path; None if none does."""
    real = os.path.realpath(path)
    for arg in args:
        if arg == STDIN:
            continue
        if os.path.realpath(arg) == real:
            return arg
        if os.path.isdir(arg):
            top = os.path.realpath(arg)
            if _inside(real, top):  # a walk reads (or counts) every file it finds
                rel = os.path.relpath(real, top).split(os.sep)
                if not any(part.startswith(".") for part in rel):
                    return arg
        elif _looks_like_glob(arg) and (
            _glob_matches(arg, path)
            or real in {os.path.realpath(m) for m in glob.glob(arg, recursive=True)}
        ):
            return arg
    return None


def _read_stream(stream: BinaryIO, limit: int, name: str) -> bytes:
    data = read_capped(stream, limit)
    if len(data) > limit:
        raise InputTooLargeError(f"more than the {limit}-byte limit", name)
    return data


def _gunzip_if_needed(path: str, data: bytes, limit: int) -> bytes:
    if path.lower().endswith(".gz") or data[:2] == b"\x1f\x8b":
        return gunzip_capped(data, limit, path)
    return data


def page_item(path: str, data: bytes, *, url: str | None = None) -> Item:
    """An item for one page's bytes: HTML, MHTML, Markdown or copied text, told by content."""
    from .formats import format_item

    return format_item(path, data, url=url)


def read_stdin(limit: int, *, url: str | None = None) -> Iterator[Item]:
    """Stdin's items: one page, or every note of an Evernote export (either may be gzipped)."""
    from .enex import iter_enex
    from .sniff import sniff_format

    try:
        data = _read_stream(sys.stdin.buffer, limit, STDIN_NAME)
        data = _gunzip_if_needed(STDIN_NAME, data, limit)
    except ClipperError as exc:
        yield Item(source=Source(STDIN_NAME, "text", None), error=exc)
        return
    if sniff_format(data) == "enex":
        yield from iter_enex(STDIN_NAME, limit, data=data)
    else:
        yield page_item(STDIN_NAME, data, url=url)


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
    from .enex import iter_enex
    from .jsonl import iter_jsonl
    from .warc import iter_warc

    for inp in inputs:
        if inp.kind == "missing":
            error = InputNotFoundError(inp.reason or "no such file", inp.path)
            yield Item(source=Source(inp.path, "text", None), error=error)
        elif inp.kind == "skipped":
            yield Item(source=Source(inp.path, "text", None), skip=inp.reason or "skipped")
        elif inp.kind == "warc":
            yield from iter_warc(inp.path, limit)
        elif inp.kind == "jsonl":
            yield from iter_jsonl(inp.path, limit)
        elif inp.kind == "enex":
            yield from iter_enex(inp.path, limit)
        elif inp.kind == "stdin":
            yield from read_stdin(limit, url=url)
        else:
            yield read_page(inp.path, limit, url=url)
