"""The exceptions clipper raises; every one derives from ClipperError.

The whole tree::

    ClipperError                 root: catch this to catch everything clipper raises
    ├── InputError               the input itself cannot be cleaned
    │   ├── InputNotFoundError   a path that does not exist or cannot be read
    │   ├── EmptyInputError      zero bytes, or nothing but whitespace
    │   ├── BinaryInputError     not text or HTML (a PDF, an image, random bytes)
    │   ├── DecodingError        bytes in an encoding that cannot be told or decoded
    │   ├── InputTooLargeError   larger than the max_bytes limit, or a decompression bomb
    │   ├── CorruptInputError    a broken container: truncated gzip, bad WARC record, bad JSON
    │   └── InputTypeError       the call was handed the wrong kind of object (None, a dict, a str
    │                            naming a file where a Path is meant); also a TypeError
    ├── NoArticleError           the page holds no article text (index or error pages)
    ├── CleanTimeoutError        one input took longer than its time limit (CleanOptions.timeout,
    │                            the batch's per-input limit); see clipper/deadline.py for how the
    │                            limit is kept in the main thread, other threads and pool workers
    ├── ConfigError              a setting, or a mix of settings, that cannot work (`option` names it)
    ├── OutputError              an output cannot be written (bad suffix, no such folder)
    │   └── OutputExistsError    the output exists and neither overwriting nor resuming was asked
    └── ArchiveError             an archive cannot be opened or written (newer schema, corrupt
                                 catalogue, missing WARC file, disk full): names the file

Each error names the input (or output) it is about in ``source`` and in its message: the file's
path, else the URL the caller gave, else nothing.
"""

from __future__ import annotations


class ClipperError(Exception):
    """Root of all errors clipper raises."""

    def __init__(self, message: str, source: str | None = None) -> None:
        self.source = source
        self.detail = message
        super().__init__(f"{source}: {message}" if source else message)

    def __reduce__(self) -> tuple[type[ClipperError], tuple[str, str | None]]:
        # Rebuilt from (message, source), so that an error crossing a process pool keeps both.
        return (type(self), (self.detail, self.source))

    @property
    def kind(self) -> str:
        """The class name, as written to errors files."""
        return type(self).__name__


class InputError(ClipperError):
    """The input itself cannot be cleaned."""


class InputNotFoundError(InputError):
    """A path that does not exist or cannot be read."""


class EmptyInputError(InputError):
    """Zero bytes, or nothing but whitespace."""


class BinaryInputError(InputError):
    """Not text or HTML: a PDF, an image, random bytes."""


class DecodingError(InputError):
    """Bytes in an encoding that cannot be told or decoded."""


class InputTooLargeError(InputError):
    """Larger than the size limit, or a decompression bomb."""


class CorruptInputError(InputError):
    """A broken container: truncated gzip, a bad WARC record, bad JSON."""


class InputTypeError(InputError, TypeError):
    """The input is not a page: not bytes or str (None, a dict, a Path where text is meant), or a
    str that names a file where `clean()` wants a `pathlib.Path`."""


class NoArticleError(ClipperError):
    """The page holds no article text."""


class CleanTimeoutError(ClipperError):
    """One input took longer than the per-input time limit."""


class ConfigError(ClipperError):
    """A setting, or a mix of settings, that cannot work.

    `option` names the setting in API terms (a `BatchConfig` or `CleanOptions` field, e.g.
    "scheduler"), so that a front end can name its own flag for it.
    """

    def __init__(self, message: str, source: str | None = None, *, option: str | None = None):
        super().__init__(message, source)
        self.option = option


class OutputError(ClipperError):
    """An output cannot be written."""


class OutputExistsError(OutputError):
    """The output exists and neither overwriting (force) nor resuming was asked for."""


class ArchiveError(ClipperError):
    """An archive cannot be opened, read or written; `source` names the file at fault."""


__all__ = [
    "ArchiveError",
    "BinaryInputError",
    "ClipperError",
    "CleanTimeoutError",
    "ConfigError",
    "CorruptInputError",
    "DecodingError",
    "EmptyInputError",
    "InputError",
    "InputNotFoundError",
    "InputTooLargeError",
    "InputTypeError",
    "NoArticleError",
    "OutputError",
    "OutputExistsError",
]
