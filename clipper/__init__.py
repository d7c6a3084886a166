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
    InputTypeError,
    NoArticleError,
    OutputError,
)
from .models import Caption, CleanOptions, Clipping, Contact, Removal, Source
from .pipeline import clean, clean_html, clean_text
from .repeats import RepeatIndex
from .workers import CleanPool, aclean, aclean_html, aclean_text, shutdown

__all__ = [
    "Archive",
    "ArchiveError",
    "BinaryInputError",
    "Caption",
    "CleanOptions",
    "CleanPool",
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
    "InputTypeError",
    "NoArticleError",
    "OutputError",
    "Removal",
    "RepeatIndex",
    "Source",
    "__version__",
    "aclean",
    "aclean_html",
    "aclean_text",
    "clean",
    "clean_html",
    "clean_text",
    "shutdown",
]
