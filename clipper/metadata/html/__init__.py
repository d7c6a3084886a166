"""Metadata read from an HTML page's tree: JSON-LD, meta tags, and what the page shows."""

from .read import PageMeta, read_html_metadata

__all__ = ["PageMeta", "read_html_metadata"]
