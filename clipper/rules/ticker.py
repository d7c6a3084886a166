"""Tickers and market widgets: "KOSPI 2672.26 +15.93 +0.60%", "View Market Snapshot"."""

from __future__ import annotations

import re

from .base import DIGITS, PatternRule, PhraseRule
from .data.words import TICKER_LINKS

_NUM = r"[+-]?\d{1,3}(?:[,.]\d{3})*(?:[.,]\d+)?"
_CHANGE = (
    r"(?:[+\-−▲▼△▽↑↓]\s?\d{1,3}(?:[,.]\d{3})*(?:[.,]\d+)?%?|\d{1,3}(?:[.,]\d+)?%|unch(?:anged)?)"
)

# Between the price and its change: a space, or an arrow or bracket set tight ("2,672.26▲15.93").
# Never nothing at all, which would read "Weeks 1-2" or "Layout 65%" as a quote.
_GAP = r"(?:\s+|(?=[▲▼△▽↑↓(]))"
# A symbol (KOSPI, USD/KRW, S&P 500, BTC-USD, ^DJI) followed by a price and one or two changes.
_QUOTE = PatternRule(
    "ticker.quote",
    re.compile(
        rf"^[\s•·|*\-–]*[\^A-Za-z\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af][\w&./^ -]{{0,24}}?\s+{_NUM}"
        rf"{_GAP}(?:\(?{_CHANGE}\)?\s*){{1,2}}[\s|]*$"
    ),
    80,
    requires=DIGITS,
)
# Lines that are only numbers and signed changes ("2,672.26 ▲15.93 0.60%").
_BARE = PatternRule(
    "ticker.quote",
    re.compile(rf"^[\s•·|]*{_NUM}{_GAP}(?:\(?{_CHANGE}\)?\s*){{1,2}}$"),
    50,
    requires=DIGITS,
)
_LINKS = PhraseRule.of("ticker.link", TICKER_LINKS, 40)

RULES = (_QUOTE, _BARE, _LINKS)
