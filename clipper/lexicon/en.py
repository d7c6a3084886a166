"""English date words as the patterns spell them (data only): month heads and names, weekdays."""

from __future__ import annotations

#: The months' first three letters; a month name in a date is one of these and more letters.
MONTH_HEADS: tuple[str, ...] = (
    "jan",
    "feb",
    "mar",
    "apr",
    "may",
    "jun",
    "jul",
    "aug",
    "sep",
    "oct",
    "nov",
    "dec",
)
#: MONTH_HEADS as a pattern alternation ("jan|feb|...|dec"), for `(?:...)[a-z]*` in patterns.
MONTH_HEAD = "|".join(MONTH_HEADS)
#: Full month names, in order.
MONTH_FULL: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
#: Month names and abbreviations as printed in English dates, as an alternation: full names
#: first, then abbreviations ("Sept" before "Sep", so the longer one is tried first).
MONTH_NAMES = (
    "|".join(m.capitalize() for m in MONTH_FULL)
    + "|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec"
)
#: The weekdays' first three letters as a pattern alternation.
WEEKDAY_HEAD = "mon|tue|wed|thu|fri|sat|sun"
