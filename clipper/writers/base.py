"""What every writer shares: the Original of a clipping, the Writer protocol, rotating parts."""

from __future__ import annotations

import os
from dataclasses import dataclass
from types import TracebackType
from typing import Protocol, runtime_checkable

from ..errors import OutputExistsError
from ..models import Clipping
from .atomic import AtomicFile, existing_parts, part_name


@dataclass(frozen=True, slots=True)
class Original:
    """What the WARC "original" record of a clipping is made from."""

    #: The input bytes (stored in a `resource` record when there is no `warc_record`).
    payload: bytes
    #: Raw bytes of the input's own WARC record, exactly as in its file (gzip member or not).
    warc_record: bytes | None = None
    #: The URL the input was captured from, if known.
    target_uri: str | None = None
    #: WARC-Date of the capture, if known.
    date: str | None = None
    #: Media type of `payload`, e.g. "text/html; charset=utf-8".
    content_type: str = "application/octet-stream"


@runtime_checkable
class Writer(Protocol):
    """Writes clippings to one output; a context manager that commits or aborts."""

    #: Clippings written so far.
    count: int

    def write(self, clipping: Clipping, original: Original | None = None) -> None: ...

    def close(self) -> list[str]: ...

    def abort(self) -> None: ...

    @property
    def paths(self) -> list[str]: ...

    def __enter__(self) -> Writer: ...

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...


class ContextMixin:
    """close() on a clean exit, abort() when the block raised."""

    def close(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def abort(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def __enter__(self) -> ContextMixin:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


class Parts:
    """The files of one output: a single file, or numbered parts when a size limit is set.

    Each file is written atomically. A finished part is renamed as soon as the next one
    starts, so a crash in a long run keeps every whole part; `abort` removes only the
    part being written. With `force`, numbered parts of an earlier run beyond the ones
    written now are removed on close, so the output is never a mix of two runs.
    """

    def __init__(self, path: str, *, force: bool, numbered: bool) -> None:
        self.path = path
        self.force = force
        self.numbered = numbered
        self.current: AtomicFile | None = None
        self.finished: list[str] = []
        self.closed = False
        if numbered:
            found = existing_parts(path)
            if found and not force:
                raise OutputExistsError("already exists", found[0])
        self.open_next()

    @property
    def index(self) -> int:
        """Number of the part being written."""
        return len(self.finished)

    def open_next(self) -> AtomicFile:
        name = part_name(self.path, self.index) if self.numbered else self.path
        self.current = AtomicFile(name, force=self.force)
        return self.current

    def rotate(self) -> AtomicFile:
        """Finish the current part and start the next one."""
        self.finish_current()
        return self.open_next()

    def finish_current(self) -> None:
        if self.current is not None:
            self.finished.append(self.current.commit())
            self.current = None

    def close(self) -> list[str]:
        if not self.closed:
            self.closed = True
            self.finish_current()
            if self.numbered and self.force:
                keep = set(self.finished)
                for stale in existing_parts(self.path):
                    if stale not in keep:
                        os.unlink(stale)
        return list(self.finished)

    def abort(self) -> None:
        self.closed = True
        if self.current is not None:
            self.current.discard()
            self.current = None
