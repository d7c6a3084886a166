"""Metadata read from an HTML page's tree: JSON-LD, meta tags, and what the page shows.

One module per source or field; `read.py` weighs them into one `PageMeta`.
"""

from __future__ import annotations

from .read import PageMeta, read_html_metadata

__all__ = ["PageMeta", "read_html_metadata"]
