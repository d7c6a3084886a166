"""JSONL output: one clipping per line, in RECORD.md key order; plain, gzipped or stdout."""

from __future__ import annotations

import gzip
import sys
from typing import BinaryIO

from ..errors import OutputError
from ..models import Clipping
from .atomic import split_suffix
from .base import ContextMixin, Original, Parts


class JsonlWriter(ContextMixin):
    """Writes `clipping.to_json()` lines to a file (atomically) or to stdout ("-").

    With `max_size`, the output rotates into numbered parts (out-00000.jsonl, ...) once a
    part would grow past `max_size` bytes; for .jsonl.gz the size counted is the
    uncompressed line length, so gzipped parts stay well under the limit.
    """

    def __init__(self, path: str, *, force: bool = False, max_size: int | None = None) -> None:
        if max_size is not None and max_size <= 0:
            raise OutputError("max size must be a positive number of bytes", path)
        self.path = path
        self.max_size = max_size
        self.count = 0
        self._stdout = path == "-"
        self._gzip = split_suffix(path)[1].lower() == ".jsonl.gz"
        self._parts: Parts | None = None
        self._zip: gzip.GzipFile | None = None
        self._part_size = 0
        self._part_lines = 0
        self._closed = False
        if not self._stdout:
            self._parts = Parts(path, force=force, numbered=max_size is not None)
            self._start_part()

    def _start_part(self) -> None:
        assert self._parts is not None and self._parts.current is not None
        if self._gzip:
            # mtime=0 keeps the bytes reproducible from run to run.
            self._zip = gzip.GzipFile(
                filename="", mode="wb", fileobj=self._parts.current.file, mtime=0
            )
        self._part_size = 0
        self._part_lines = 0

    def _end_part(self) -> None:
        if self._zip is not None:
            self._zip.close()  # writes the gzip trailer; leaves the file open
            self._zip = None

    def write(self, clipping: Clipping, original: Original | None = None) -> None:
        """Append one line; `original` is accepted for the Writer protocol and not stored."""
        if self._closed:
            raise OutputError("writer is already closed", self.path)
        line = (clipping.to_json() + "\n").encode("utf-8")
        if self._stdout:
            _write_stdout(line)
            self.count += 1
            return
        assert self._parts is not None
        if (
            self.max_size is not None
            and self._part_lines
            and self._part_size + len(line) > self.max_size
        ):
            self._end_part()
            self._parts.rotate()
            self._start_part()
        assert self._parts.current is not None
        out: BinaryIO | gzip.GzipFile = (
            self._zip if self._zip is not None else self._parts.current.file
        )
        try:
            out.write(line)
        except OSError as exc:
            # Part of a line may be on disk: the part cannot be finished, so drop it.
            self.abort()
            raise OutputError(f"cannot write: {exc.strerror or exc}", self.path) from exc
        self._part_size += len(line)
        self._part_lines += 1
        self.count += 1

    @property
    def paths(self) -> list[str]:
        """Parts finished so far (stdout: none)."""
        return list(self._parts.finished) if self._parts is not None else []

    def close(self) -> list[str]:
        """Finish the output; returns the final file names ([] for stdout)."""
        if self._closed:
            return self.paths
        self._closed = True
        if self._parts is None:
            sys.stdout.flush()
            return []
        try:
            self._end_part()
        except OSError as exc:
            self._parts.abort()
            raise OutputError(f"cannot write: {exc.strerror or exc}", self.path) from exc
        return self._parts.close()

    def abort(self) -> None:
        """Drop the part being written; no half-written file is left behind."""
        self._closed = True
        if self._parts is not None:
            self._zip = None  # its trailer is not wanted; the temp file goes
            self._parts.abort()

    def __enter__(self) -> JsonlWriter:
        return self


def _write_stdout(line: bytes) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        sys.stdout.flush()  # keep order with anything printed as text before
        buffer.write(line)
        buffer.flush()
    else:
        sys.stdout.write(line.decode("utf-8"))
