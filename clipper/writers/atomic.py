"""Atomic output files: write to a hidden temp file beside the target, fsync, rename on commit."""

from __future__ import annotations

import os
import re
import secrets
from typing import BinaryIO

from ..errors import OutputError, OutputExistsError

#: Output suffixes clipper knows, longest first so ".warc.gz" wins over ".gz".
KNOWN_SUFFIXES = (".jsonl.gz", ".warc.gz", ".jsonl", ".warc")

#: Digits in a numbered part name: out-00000.warc.gz.
PART_DIGITS = 5


def atomic_path(final: str) -> str:
    """The temp name used while `final` is written: same directory, hidden, unique.

    Same directory so that `os.replace` is a rename on one file system; hidden so
    that globs over the output directory do not pick up half-written files.
    """
    head, tail = os.path.split(final)
    token = f"{os.getpid()}.{secrets.token_hex(6)}"
    return os.path.join(head, f".{tail}.{token}.tmp")


def split_suffix(path: str) -> tuple[str, str]:
    """("dir/out", ".warc.gz") for "dir/out.warc.gz"; the suffix keeps its case."""
    lower = path.lower()
    for suffix in KNOWN_SUFFIXES:
        if lower.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], path[-len(suffix) :]
    stem, ext = os.path.splitext(path)
    return stem, ext


def part_name(path: str, index: int) -> str:
    """The name of part `index` of a rotated output: out.warc.gz -> out-00000.warc.gz."""
    stem, suffix = split_suffix(path)
    return f"{stem}-{index:0{PART_DIGITS}d}{suffix}"


def existing_parts(path: str) -> list[str]:
    """Numbered parts of `path` already on disk, in order."""
    stem, suffix = split_suffix(path)
    directory = os.path.dirname(stem) or "."
    base = os.path.basename(stem)
    pattern = re.compile(rf"{re.escape(base)}-(\d{{{PART_DIGITS}}}){re.escape(suffix)}\Z")
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    found = sorted(name for name in names if pattern.match(name))
    return [os.path.join(os.path.dirname(stem), name) for name in found]


def check_target(final: str, *, force: bool) -> None:
    """Refuse a target that exists (unless forced), is a directory, or has no directory."""
    if os.path.isdir(final):
        raise OutputError("is a directory", final)
    if os.path.lexists(final) and not force:
        raise OutputExistsError("already exists", final)
    directory = os.path.dirname(final) or "."
    if not os.path.isdir(directory):
        raise OutputError(f"directory {directory!r} does not exist", final)


def _fsync_dir(directory: str) -> None:
    # Makes the rename itself durable; not every platform lets a directory be opened.
    try:
        fd = os.open(directory or ".", os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class AtomicFile:
    """One output file: bytes go to a temp file; `commit` renames it, `discard` removes it."""

    def __init__(self, final: str, *, force: bool = False) -> None:
        check_target(final, force=force)
        self.final = final
        self.force = force
        self.temp = atomic_path(final)
        try:
            fd = os.open(self.temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except OSError as exc:
            raise OutputError(f"cannot create a file here: {exc.strerror or exc}", final) from exc
        self.file: BinaryIO = os.fdopen(fd, "wb")
        self.done = False

    def write(self, data: bytes) -> None:
        try:
            self.file.write(data)
        except OSError as exc:
            raise OutputError(f"cannot write: {exc.strerror or exc}", self.final) from exc

    def tell(self) -> int:
        return self.file.tell()

    def commit(self) -> str:
        """Flush, fsync and rename to the final name; returns the final name."""
        if self.done:
            return self.final
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            # Checked again: another process may have created the target meanwhile.
            if not self.force and os.path.lexists(self.final):
                raise OutputExistsError("already exists", self.final)
            os.replace(self.temp, self.final)
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write: {exc.strerror or exc}", self.final) from exc
        except OutputError:
            self.discard()
            raise
        self.done = True
        _fsync_dir(os.path.dirname(self.final))
        return self.final

    def discard(self) -> None:
        """Close and remove the temp file; the final name is left as it was."""
        if self.done:
            return
        self.done = True
        try:
            self.file.close()
        except OSError:
            pass
        try:
            os.unlink(self.temp)
        except FileNotFoundError:
            pass
