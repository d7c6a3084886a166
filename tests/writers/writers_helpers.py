"""Helpers for the writer tests: read WARC records back, run warcio check and index."""

from __future__ import annotations

import argparse
import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator
from warcio.checker import Checker
from warcio.indexer import Indexer


@dataclass
class Rec:
    type: str
    headers: dict[str, str]
    content: bytes
    offset: int


def read_records(path: str | os.PathLike[str]) -> list[Rec]:
    """Every record of a WARC file: type, WARC headers, raw content (block minus HTTP headers)."""
    out: list[Rec] = []
    with open(path, "rb") as handle:
        it = ArchiveIterator(handle, no_record_parse=False)
        for record in it:
            headers = dict(record.rec_headers.headers)
            content = record.raw_stream.read()
            out.append(Rec(record.rec_type, headers, content, it.get_record_offset()))
    return out


def warcio_check(path: str | os.PathLike[str]) -> tuple[int, str]:
    """`warcio check` through its Python API: (exit value, what it printed)."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        code = Checker(argparse.Namespace(inputs=[os.fspath(path)], verbose=False)).process_all()
    return code, printed.getvalue()


def warcio_index(path: str | os.PathLike[str]) -> list[str]:
    """`warcio index` lines (offset, type, target) through its Python API."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        Indexer("offset,warc-type,warc-target-uri", [os.fspath(path)], "-").process_all()
    return out.getvalue().splitlines()


def assert_valid_warc(path: str | os.PathLike[str]) -> None:
    code, printed = warcio_check(path)
    assert code == 0, printed
    assert len(warcio_index(path)) == len(read_records(path))


def files_in(directory: Path) -> list[str]:
    """Names in a directory, hidden ones included (temp files must not survive)."""
    return sorted(p.name for p in directory.iterdir())
