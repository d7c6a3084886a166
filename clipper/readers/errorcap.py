"""One container's errors, capped: the first ones listed, the rest counted in one summary line."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Literal

from ..errors import CorruptInputError
from ..models import Source
from .item import Item

#: Errors listed per container file (WARC or JSONL); past this, one line counts the rest.
MAX_ERRORS_PER_FILE = 100


def cap_errors(
    items: Iterable[Item],
    path: str,
    kind: Literal["warc", "jsonl"],
    cap: int = MAX_ERRORS_PER_FILE,
) -> Iterator[Item]:
    """`items` as they come, but at most `cap` error items; then one summary error at the end.

    A file of a million bad lines would otherwise write a million error lines (a 3 KB
    `.jsonl.gz` of `{}` lines made a 154 MB errors file). Records and skips are never held back.
    """
    extra = 0
    first_extra: int | None = None
    errors = 0
    for item in items:
        if item.error is None:
            yield item
            continue
        errors += 1
        if errors <= cap:
            yield item
            continue
        extra += 1
        if first_extra is None:
            first_extra = item.source.offset
    if extra:
        where = f" from offset {first_extra} on" if first_extra is not None else ""
        message = (
            f"{extra} more broken records or lines{where} not listed one by one "
            f"(the first {cap} errors of this file are)"
        )
        yield Item(source=Source(path, kind, first_extra), error=CorruptInputError(message, path))
