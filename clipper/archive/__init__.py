"""The archive: clippings kept in WARC files with their originals, found again through SQLite.

`Archive` is the whole API (see its docstring); docs/archive.md documents the folder, the
catalogue's tables and the commands.
"""

from __future__ import annotations

from .api import Archive
from .catalogue import Filters, Hit
from .core import (
    DEFAULT_MAX_WARC_SIZE,
    AddSummary,
    CheckReport,
    OriginalBytes,
    RecleanResult,
    default_path,
)
from .fetch import FetchError
from .reclean import Version
from .schema import SCHEMA_VERSION

__all__ = [
    "DEFAULT_MAX_WARC_SIZE",
    "SCHEMA_VERSION",
    "AddSummary",
    "Archive",
    "CheckReport",
    "FetchError",
    "Filters",
    "Hit",
    "OriginalBytes",
    "RecleanResult",
    "Version",
    "default_path",
]
