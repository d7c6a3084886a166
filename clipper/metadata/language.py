"""The language of a text as a BCP 47 primary tag: script first, then function words."""

from __future__ import annotations

import re
from collections import Counter

from ..lexicon.words import FREQUENT_WORDS

_HANGUL = re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_ARABIC = re.compile(r"[\u0600-\u06ff]")
_HEBREW = re.compile(r"[\u0590-\u05ff]")
_GREEK = re.compile(r"[\u0370-\u03ff]")
_THAI = re.compile(r"[\u0e00-\u0e7f]")
_DEVANAGARI = re.compile(r"[\u0900-\u097f]")
_WORD = re.compile(r"[^\W\d_]+")
_NON_LETTER = re.compile(r"[\W\d_]+")
_SCRIPTS = (
    ("ko", _HANGUL),
    ("ja", _KANA),
    ("zh", _HAN),
    ("ru", _CYRILLIC),
    ("ar", _ARABIC),
    ("he", _HEBREW),
    ("el", _GREEK),
    ("th", _THAI),
    ("hi", _DEVANAGARI),
)
_ANY_SCRIPT = re.compile("|".join(pattern.pattern for _, pattern in _SCRIPTS))
#: How much of a text `detect` reads.
SAMPLE = 3000
_FUNCTION_WORDS = frozenset().union(*FREQUENT_WORDS.values())
_LANG_TAG = re.compile(r"^\s*([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?")


def normalize_tag(tag: str | None) -> str | None:
    """`en-US` → `en`, `zh_TW` → `zh-TW` kept for Chinese (the script matters), junk → None."""
    if not tag:
        return None
    m = _LANG_TAG.match(tag)
    if not m:
        return None
    primary = m.group(1).lower()
    if primary in ("zh",) and m.group(2) and m.group(2).upper() in ("TW", "HK", "HANT"):
        return "zh-Hant"
    return primary


def detect(text: str, hint: str | None = None) -> str | None:
    """The language of `text`, or `hint` (normalised) when the text is too short to tell."""
    sample = text[:SAMPLE]
    found = _WORD.findall(sample)
    letters = len(found)
    if not sample.strip():
        return normalize_tag(hint)
    # One look for any of the scripts first: most samples hold none of them.
    scripts = _ANY_SCRIPT.search(sample) is not None
    counts = {lang: len(pattern.findall(sample)) if scripts else 0 for lang, pattern in _SCRIPTS}
    # The letters are the word runs' characters (what is left once non-letters are removed).
    total = sum(map(len, found))
    if total == 0:
        return normalize_tag(hint)
    if counts["ko"] > 0.2 * total:
        return "ko"
    if counts["ja"] > 0.05 * total:
        return "ja"
    if counts["zh"] > 0.3 * total:
        return "zh"
    for lang in ("ru", "ar", "he", "el", "th", "hi"):
        if counts[lang] > 0.3 * total:
            return lang
    if letters < 5:
        return normalize_tag(hint)
    # Only function words are counted: the rest of the sample's words never score.
    words = Counter(filter(_FUNCTION_WORDS.__contains__, map(str.lower, found)))
    scores = {
        lang: sum([words[w] for w in stop.intersection(words)])
        for lang, stop in FREQUENT_WORDS.items()
    }
    best = max(scores, key=lambda k: scores[k])
    if scores[best] < 2 or scores[best] < 0.05 * letters:
        return normalize_tag(hint)
    return best
