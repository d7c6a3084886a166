"""clipper: clean web clippings (HTML pages, WARC captures, copied text) into article records."""

from ._version import __version__
from .archive import Archive
from .errors import (
    ArchiveError,
    BinaryInputError,
    CleanTimeoutError,
    ClipperError,
    CorruptInputError,
    DecodingError,
    EmptyInputError,
    InputError,
    InputNotFoundError,
    InputTooLargeError,
    NoArticleError,
    OutputError,
)
from .models import Caption, CleanOptions, Clipping, Contact, Removal, Source
from .pipeline import clean, clean_html, clean_text
from .repeats import RepeatIndex

__all__ = [
    "Archive",
    "ArchiveError",
    "BinaryInputError",
    "Caption",
    "CleanOptions",
    "CleanTimeoutError",
    "ClipperError",
    "Clipping",
    "Contact",
    "CorruptInputError",
    "DecodingError",
    "EmptyInputError",
    "InputError",
    "InputNotFoundError",
    "InputTooLargeError",
    "NoArticleError",
    "OutputError",
    "Removal",
    "RepeatIndex",
    "Source",
    "__version__",
    "clean",
    "clean_html",
    "clean_text",
]
