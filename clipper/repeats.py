"""Lines that recur across many clippings of one site: count them, write them to a file, load them.

Cleaning stays one call per page and deterministic, so what the other clippings of a site say comes
in as a file the user made first (`clipper repeats`, then `clipper clean --repeats FILE`), the way
site rules do. See docs/repeats.md.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from ._version import __version__
from .errors import ClipperError, EmptyInputError
from .extract.site_repeats import RULE, mark_repeats, normalize
from .readers.decode import decode_bytes
from .readers.files import expand_inputs, iter_items
from .readers.rulefiles import COMMENT, ESCAPE, load_repeats
from .writers.atomic import AtomicFile

#: Longer lines are never counted: boilerplate (menus, footers, share bars) is short, while a
#: long line seen twice is an article sentence quoted or syndicated, not the site's furniture.
MAX_LINE = 200

#: A line must be in at least this many clippings. Two clippings sharing a line can be two
#: stories quoting the same statement or a story and its follow-up; three is the fewest that is
#: not a coincidence of a pair. It also means a batch of one or two clippings removes nothing.
MIN_DOCS = 3

#: ... and in at least this share of the clippings indexed. A site's template is on nearly every
#: page (share close to 1), while a tag, a series name or a related headline that rotates is on
#: a few: half keeps those out, and keeps out the lines of a topic a minority of stories share.
MIN_SHARE = 0.5

# A line with no letter ("1.", "$", "4.5", ")") says nothing about the site and is as often an item
# of a list in the story (numbered steps, prices, scores).
_LETTER = re.compile(r"[^\W\d_]")


class RepeatIndex:
    """Counts, for each short line with a letter, the clippings it occurs in (once a clipping).

    Only line counts are kept, never the clippings' texts; an exact copy of a clipping already
    added (same lines) is not counted again, so a page clipped twice cannot make its own lines
    look like the site's.
    """

    def __init__(self, max_len: int = MAX_LINE) -> None:
        self.max_len = max_len
        self.docs = 0
        self.counts: Counter[str] = Counter()
        # 16-byte digests of the clippings added, to skip exact copies.
        self._seen: set[bytes] = set()

    def add(self, text: str) -> bool:
        """Count the distinct short lines of one clipping; False (not counted) if it has no text
        or is an exact copy of one added before."""
        lines = [n for line in text.splitlines() if (n := normalize(line))]
        if not lines:
            return False
        digest = hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogatepass"), digest_size=16)
        key = digest.digest()
        if key in self._seen:
            return False
        self._seen.add(key)
        self.docs += 1
        self.counts.update({n for n in lines if len(n) <= self.max_len and _LETTER.search(n)})
        return True

    def lines(self, min_docs: int = MIN_DOCS, min_share: float = MIN_SHARE) -> list[str]:
        """The lines in at least `min_docs` clippings and in at least `min_share` of all clippings
        added; the most frequent first, ties in code-point order (the same index, the same list)."""
        if min_docs < 1:
            raise ValueError("min_docs must be at least 1")
        if not 0.0 <= min_share <= 1.0:
            raise ValueError("min_share must be between 0 and 1")
        # A small tolerance so that 0.3 of 10 clippings is 3, not 3.0000000000000004.
        need = max(float(min_docs), min_share * self.docs - 1e-9)
        found = [(n, line) for line, n in self.counts.items() if n >= need]
        found.sort(key=lambda t: (-t[0], t[1]))
        return [line for _, line in found]

    def write(
        self,
        path: str,
        *,
        min_docs: int = MIN_DOCS,
        min_share: float = MIN_SHARE,
        force: bool = False,
    ) -> int:
        """Write the repeated lines to `path` atomically (UTF-8, one a line, a comment line first
        saying what made them); returns how many lines were written. Raises OutputError."""
        lines = [line for line in self.lines(min_docs, min_share) if _encodable(line)]
        head = (
            f"{COMMENT} clipper {__version__} repeats: {len(lines)} lines found in at least "
            f"{min_docs} and at least {min_share:g} of {self.docs} clippings "
            f"(lines up to {self.max_len} characters)"
        )
        body = "".join(f"{_escape(line)}\n" for line in lines)
        out = AtomicFile(path, force=force)
        try:
            out.write(f"{head}\n{body}".encode())
            out.commit()
        finally:
            out.discard()
        return len(lines)


def _encodable(line: str) -> bool:
    # A lone surrogate (from a broken page) cannot be written as UTF-8; such a line is dropped.
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _escape(line: str) -> str:
    return ESCAPE + line if line.startswith((COMMENT, ESCAPE)) else line


@dataclass(slots=True)
class IndexReport:
    """What `index_inputs` read: clippings counted, copies, inputs skipped and inputs that failed."""

    added: int = 0
    copies: int = 0
    #: (name, why) for inputs that are not copied text (HTML pages).
    skipped: list[tuple[str, str]] = field(default_factory=list)
    errors: list[ClipperError] = field(default_factory=list)


def index_inputs(
    args: Iterable[str],
    index: RepeatIndex,
    *,
    max_bytes: int = 20 * 1024 * 1024,
    encoding: str | None = None,
    exclude: Iterable[str] = (),
) -> IndexReport:
    """Add every text clipping named by `args` (files, folders, globs, JSONL dumps, as `clipper
    clean` reads them) to `index`. A bad input is recorded and skipped, never raised."""
    report = IndexReport()
    for item in iter_items(expand_inputs(args, exclude=exclude), max_bytes):
        name = item.source.path or "<input>"
        if item.source.offset is not None:
            name = f"{name}@{item.source.offset}"
        if item.error is not None:
            report.errors.append(item.error)
            continue
        if item.skip is not None or item.content is None:
            report.skipped.append((name, item.skip or "nothing to read"))
            continue
        if item.kind == "html":
            report.skipped.append((name, "HTML: repeats apply to copied text only"))
            continue
        content = item.content
        try:
            text = (
                decode_bytes(content, source=name, declared=encoding).text
                if isinstance(content, bytes)
                else content
            )
        except ClipperError as exc:
            report.errors.append(exc)
            continue
        if not text.strip():
            report.errors.append(EmptyInputError("the input is empty", name))
        elif index.add(text):
            report.added += 1
        else:
            report.copies += 1
    return report


__all__ = [
    "MAX_LINE",
    "MIN_DOCS",
    "MIN_SHARE",
    "RULE",
    "IndexReport",
    "RepeatIndex",
    "index_inputs",
    "load_repeats",
    "mark_repeats",
    "normalize",
]
