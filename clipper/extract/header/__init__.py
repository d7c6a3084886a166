"""The header of copied text: title, dek, section, byline and date lines near the body.

`lines` tells what one line is (a date line, a byline); `page` holds what the finders look up
about one clipping; `title` ranks title candidates with a small linear model; `byline` and
`dates` find those lines; `reader.find_header` puts them together.
"""

from __future__ import annotations

from .byline import byline_authors, byline_text
from .lines import is_byline, parse_date_line
from .reader import HeaderLines, find_header
from .title import rank_titles

__all__ = [
    "HeaderLines",
    "byline_authors",
    "byline_text",
    "find_header",
    "is_byline",
    "parse_date_line",
    "rank_titles",
]
