"""The words of a page URL's slug ("/2024/05/how-to-make-furniture.html"), to match headlines by.

Sites build the last part of an article's path from its headline, so a line that holds the
slug's words is likely the title. A clipping without a URL, or whose URL ends in an id, has no
slug: the features that use it are then 0 for every line, and the title ranker is trained to do
without them (training/train_header.py).
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import unquote, urlsplit

_TOKEN = re.compile(r"[^\W_]+")
# The marks NFKD splits off Latin, Greek and Cyrillic letters.
_COMBINING = re.compile("[\u0300-\u036f]")
_EXTENSION = re.compile(r"\.(?:s?html?|php\d?|aspx?|jsp|cgi|xml)$", re.IGNORECASE)
# A slug of fewer words is topped up with the path part before it ("/identity-theft/best/").
_MIN_WORDS = 2
_MAX_PARTS = 2


def fold(text: str) -> str:
    """Case-folded, accents removed (slugs drop them: "Café Müller" → "cafe-muller")."""
    if text.isascii():
        return text.lower()
    text = text.casefold()
    if unicodedata.is_normalized("NFKD", text):
        # Curly quotes and dashes: nothing to take apart.
        return text
    return _COMBINING.sub("", unicodedata.normalize("NFKD", text))


def words(text: str) -> frozenset[str]:
    """The folded letter-and-digit runs of a line, as a set."""
    return frozenset(_TOKEN.findall(text.lower() if text.isascii() else fold(text)))


def slug_words(url: str | None) -> frozenset[str]:
    """The words of the URL path's last part with letters in it (two parts when the last has
    one word); empty without a URL, or when the path ends in ids and numbers only."""
    if not url:
        return frozenset()
    try:
        path = urlsplit(url).path
    except ValueError:
        return frozenset()
    found: set[str] = set()
    parts = 0
    for part in reversed([p for p in unquote(path).split("/") if p]):
        tokens = _TOKEN.findall(fold(_EXTENSION.sub("", part)))
        if not any(t.isalpha() for t in tokens):
            # An id ("410242") or a date part ("2024", "05"): no headline words.
            if found:
                break
            continue
        found.update(tokens)
        parts += 1
        if parts >= _MAX_PARTS or sum(t.isalpha() for t in found) >= _MIN_WORDS:
            break
    return frozenset(found)
