"""The header of copied text: title, dek, section, byline and date lines near the body."""

from .title import HeaderLines, byline_authors, find_header, is_byline

__all__ = ["HeaderLines", "byline_authors", "find_header", "is_byline"]
