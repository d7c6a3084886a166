"""Where a sentence ends: the punctuation the prose and block detectors share.

Each set is the body of a regex character class (escaped where a class needs it), so that the
detectors build their patterns from one spelling; what differs between them has a name here.
"""

from __future__ import annotations

#: Full stops of Latin-script text.
FULL_STOPS = ".!?"
#: Full-width full stops of Chinese and Japanese text.
CJK_FULL_STOPS = "。！？"
ELLIPSIS = "…"
#: Marks that end a clause a line may end on (a lead-in before a list, a quote's attribution).
CLAUSE_STOPS = ":;"
#: Hangul syllables that end a Korean declarative or polite sentence (…다, …요).
HANGUL_ENDINGS = "다요"
#: What may close after the stop: quotes and a bracket (`." ` / `.”` / `.)`).
CLOSERS = "'\\\"”’)"
#: The closers in the order the prose test spells them, with a closing square bracket.
PROSE_CLOSERS = "\\\"”’')\\]"

#: Every mark a sentence of any script ends with (the line model's sentence-end class).
SENTENCE_STOPS = FULL_STOPS + CJK_FULL_STOPS + ELLIPSIS


def sentence_end(stops: str, closers: str = CLOSERS, *, endings: str = "") -> str:
    """A pattern for a line ending in one of `stops` (or of the syllables `endings`), then any
    run of `closers`, then the end of the line."""
    mark = f"(?:[{stops}]|[{endings}])" if endings else f"[{stops}]"
    return f"{mark}[{closers}]*$"


__all__ = [
    "CJK_FULL_STOPS",
    "CLAUSE_STOPS",
    "CLOSERS",
    "ELLIPSIS",
    "FULL_STOPS",
    "HANGUL_ENDINGS",
    "PROSE_CLOSERS",
    "SENTENCE_STOPS",
    "sentence_end",
]
