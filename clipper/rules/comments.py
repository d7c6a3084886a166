"""Comment widgets: "Comment 0", "0/300", "Leave a comment", "댓글 3"."""

from __future__ import annotations

import re

from .base import DIGITS, PatternRule, PhraseRule
from .data.words import COMMENTS

_WIDGET = PhraseRule.of("comments.widget", COMMENTS, 60)
# A character counter under a comment box ("0/300", "0 / 1000").
_COUNTER = PatternRule(
    "comments.counter",
    # The limit has three digits or more: "5 / 10" is a rating, not a counter.
    re.compile(r"^\s*\d{1,5}\s*/\s*\d{3,5}\s*(?:자|字|characters?)?\s*$", re.I),
    20,
    requires=("/",),
)
# "12 comments", "Comments (12)", "View 3 replies".
_COUNT = PatternRule(
    "comments.count",
    re.compile(
        r"^\s*(?:view\s+|show\s+|see\s+)?(?:all\s+)?\d{1,6}\s+(?:comments?|replies|responses|kommentare|commentaires|comentarios|commenti)\s*$",
        re.I,
    ),
    40,
    requires=DIGITS,
)

RULES = (_COUNTER, _COUNT, _WIDGET)
