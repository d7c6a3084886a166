"""Writers: Clipping in, bytes out (JSONL, WARC 1.1), files written atomically."""

from __future__ import annotations

import os
from collections.abc import Callable

from ..errors import OutputError
from .atomic import atomic_path, part_name, split_suffix
from .base import Original, Writer
from .errorsfile import ErrorsWriter
from .jsonl import JsonlWriter
from .warc import ConversionRegistry, WarcWriter, read_conversions


def open_writer(
    path: str | os.PathLike[str],
    *,
    force: bool = False,
    max_size: int | None = None,
    no_original: bool = False,
    description: str | None = None,
    clock: Callable[[], str] | None = None,
    new_id: Callable[[], str] | None = None,
    software: str | None = None,
    conversions: ConversionRegistry | None = None,
) -> Writer:
    """A writer for `path`, chosen by its suffix: .jsonl, .jsonl.gz, "-" (stdout), .warc, .warc.gz.

    `no_original`, `description`, `clock`, `new_id` and `software` only matter for WARC;
    `clock` and `new_id` make WARC-Date and WARC-Record-ID reproducible in tests; `conversions`,
    one dict shared by the writers of a run's parts, lets a duplicate in a later part refer to
    the first conversion in an earlier one.
    Raises OutputError for an unknown suffix or an output that exists without `force`.
    """
    path = os.fspath(path)
    if path == "-":
        return JsonlWriter(path)
    suffix = split_suffix(path)[1].lower()
    if suffix in (".jsonl", ".jsonl.gz"):
        return JsonlWriter(path, force=force, max_size=max_size)
    if suffix in (".warc", ".warc.gz"):
        return WarcWriter(
            path,
            force=force,
            max_size=max_size,
            no_original=no_original,
            description=description,
            clock=clock,
            new_id=new_id,
            software=software,
            conversions=conversions,
        )
    raise OutputError(
        "unknown output type: name it .jsonl, .jsonl.gz, .warc or .warc.gz, or - for stdout",
        path,
    )


__all__ = [
    "ConversionRegistry",
    "read_conversions",
    "ErrorsWriter",
    "JsonlWriter",
    "Original",
    "WarcWriter",
    "Writer",
    "atomic_path",
    "open_writer",
    "part_name",
]
