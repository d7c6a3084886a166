"""The errors file: one JSON object per input that produced no record, written atomically."""

from __future__ import annotations

import gzip
import json
import os
import sys

from ..errors import ClipperError, OutputError
from .atomic import AtomicFile
from .base import ContextMixin


class ErrorsWriter(ContextMixin):
    """Writes `{"source": ..., "error": kind, "message": ...}` lines (gzipped for a .gz name).

    The file is created even when no input failed: an empty errors file says "no errors",
    which a reader can tell apart from "no errors file was written". "-" writes the lines
    to stderr instead (stdout may be carrying the records).
    """

    def __init__(self, path: str | os.PathLike[str], *, force: bool = False) -> None:
        path = os.fspath(path)
        self.path = path
        self.count = 0
        self._file = None if path == "-" else AtomicFile(path, force=force)
        self._zip: gzip.GzipFile | None = None
        if self._file is not None and path.lower().endswith(".gz"):
            self._zip = gzip.GzipFile(filename="", mode="wb", fileobj=self._file.file, mtime=0)
        self._closed = False
        self._committed: str | None = None

    def write(self, source: str, error: str, message: str) -> None:
        """Record one failed input; `error` is the ClipperError subclass name."""
        if self._closed:
            raise OutputError("errors file is already closed", self.path)
        line = json.dumps(
            {"source": source, "error": error, "message": message}, ensure_ascii=False
        )
        data = (line + "\n").encode("utf-8")
        try:
            if self._file is None:
                sys.stderr.write(line + "\n")
                sys.stderr.flush()
            elif self._zip is not None:
                self._zip.write(data)
            else:
                self._file.write(data)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", self.path) from exc
        self.count += 1

    def write_error(self, source: str, error: ClipperError) -> None:
        """Record a ClipperError: its kind and its message without the source prefix."""
        self.write(source, error.kind, error.detail)

    @property
    def paths(self) -> list[str]:
        """[path] once the file is committed, else []."""
        return [self._committed] if self._committed else []

    def close(self) -> list[str]:
        """Rename the finished file into place; returns [path]."""
        if not self._closed:
            self._closed = True
            if self._zip is not None:
                self._zip.close()
            if self._file is not None:
                self._committed = self._file.commit()
        return self.paths

    def abort(self) -> None:
        """Remove the temp file; the final name is left as it was."""
        self._closed = True
        if self._file is not None:
            self._file.discard()

    def __enter__(self) -> ErrorsWriter:
        return self
