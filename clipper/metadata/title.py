"""Headlines: strip " | Site" and " - Outlet" suffixes and pick the title the sources agree on."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Separators sites put between a headline and their name; the spaced hyphen/dash forms only,
# so hyphenated words ("Follow-up") never split.
# "ㅣ" (a Hangul vowel letter, never alone inside a Korean word) is Korean sites' pipe.
_SEPARATORS = re.compile(r"(?<!\s)(?:\s+(?:\||–|—|-|::|·|•|»|«|/|:)\s+|\s*[|｜ㅣ]\s*)")
# "Garnix Blog: Headline": a colon ends a prefix only when the prefix is the site itself.
_COLON_PREFIX = re.compile(r"([^:]{2,40}):\s+(?=\S)")


def _key(text: str) -> str:
    """Comparison key: case, spacing and punctuation folded."""
    return re.sub(r"[\W_]+", "", text.casefold())


def _site_keys(site_name: str | None, url: str | None) -> set[str]:
    keys: set[str] = set()
    if site_name:
        keys.add(_key(site_name))
        if site_name.lower().startswith("the "):
            keys.add(_key(site_name[4:]))
    if url:
        host = urlsplit(url).hostname or ""
        parts = [p for p in host.split(".") if p not in ("www", "m", "amp", "blog", "news")]
        if parts:
            # "nytimes.com" → "nytimes"; the registrable label carries the brand.
            label = parts[-2] if len(parts) >= 2 else parts[0]
            if len(label) >= 3:
                keys.add(_key(label))
    return {k for k in keys if k}


def _is_site(segment: str, keys: set[str]) -> bool:
    k = _key(segment)
    if not k:
        return True
    for s in keys:
        if k == s or (len(s) >= 4 and s.startswith(k) and len(k) >= 4):
            return True
        # "Garnix Blog", "Freightwaves Checkpoint": the name and a word or two; a headline
        # that merely starts with the brand ("Gardenary Planting vs. Ordinary …") is not it.
        if len(s) >= 4 and k.startswith(s) and len(k) <= len(s) + 12:
            return True
        if len(s) >= 5 and s in k and len(k) <= len(s) + 12:
            return True
    return False


def _strip_host(title: str, url: str | None) -> str:
    """Cut the page's own host name written before or after the headline without a separator
    ("davidbau.com Vibe Coding")."""
    host = (urlsplit(url).hostname or "") if url else ""
    host = host.removeprefix("www.")
    if "." not in host:
        return title
    low = title.lower()
    if low.startswith(host + " ") and len(title) > len(host) + 3:
        return title[len(host) :].strip()
    if low.endswith(" " + host) and len(title) > len(host) + 3:
        return title[: -len(host)].strip()
    return title


def strip_site_suffix(title: str, site_name: str | None, url: str | None = None) -> str:
    """`title` without a trailing (or leading) site name: "Headline | Site" → "Headline".

    Only segments that match the site name (or the URL's domain label) are cut, so a
    headline with a colon or dash of its own stays whole.
    """
    title = _strip_host(" ".join(title.split()), url)
    keys = _site_keys(site_name, url)
    if not keys or not title:
        return title
    # Cut matching segments from the end, then from the start, one separator at a time.
    changed = True
    while changed:
        changed = False
        parts = list(_SEPARATORS.finditer(title))
        if not parts:
            break
        last = parts[-1]
        if _is_site(title[last.end() :], keys) and title[: last.start()].strip():
            title = title[: last.start()].strip()
            changed = True
            continue
        first = parts[0]
        if _is_site(title[: first.start()], keys) and title[first.end() :].strip():
            title = title[first.end() :].strip()
            changed = True
    m = _COLON_PREFIX.match(title)
    if m and _key(m.group(1)).removesuffix("blog") in keys:
        title = title[m.end() :].strip()
    return title


def strip_section_suffix(title: str, sections: list[str]) -> str:
    """`title` without a trailing section name the page's metadata gives ("Headline-정치",
    "Headline | Politics"): a title template's section segment, after a separator or, for a
    hyphen, with none ("…커졌다-정치")."""
    for section in sections:
        key = _key(section)
        if not key:
            continue
        parts = list(_SEPARATORS.finditer(title)) + list(re.finditer(r"(?<=\S)-(?=\w)", title))
        for m in sorted(parts, key=lambda m: -m.start()):
            head, tail = title[: m.start()].strip(), title[m.end() :]
            if _key(tail) == key and len(head.split()) >= 2:
                return head
    return title


def strip_generic_suffix(title: str) -> str:
    """Cut a short " | Something" tail when the site name is unknown: the last segment after a
    pipe, if it is short and the headline before it is longer."""
    m = re.search(r"(?<!\s)(?:\s*[|｜ㅣ]\s*|\s+[-–—]\s+)([^|｜ㅣ–—]{1,40})$", title)
    if m and len(title[: m.start()].split()) >= 3:
        return title[: m.start()].strip()
    return title


# UTF-8 read as Latin-1 or cp1252: "â\x80\x99" or "â€™" for "’", "Â®" for "®", "Ã©" for "é".
_MOJIBAKE = re.compile(r"[ÂÃâ][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ ¡-¿]")


def repair_mojibake(text: str) -> str:
    """`text` with UTF-8 that a CMS stored as Latin-1 or cp1252 characters put back
    ("Investorâ\\x80\\x99s" → "Investor’s"); unchanged unless the whole string round-trips."""
    if not _MOJIBAKE.search(text):
        return text
    for codec in ("latin-1", "cp1252"):
        try:
            return text.encode(codec).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
    return text


_PIPE = re.compile(r"(?<!\s)\s+[|｜]\s+")


_LABEL_PREFIX = re.compile(r"(?:blog|blog post)\s*:\s+(?=\S)", re.IGNORECASE)


def strip_label_prefix(headline: str) -> str:
    """A headline without the page-type label a template sets before it ("Blog: …")."""
    m = _LABEL_PREFIX.match(headline)
    return headline[m.end() :] if m and len(headline) - m.end() >= 10 else headline


# The host name inside the closing brackets; matched on that part alone, never searched for
# along the headline (a search from every space of a long blank run would be quadratic).
_SOURCE_CREDIT = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,12}", re.IGNORECASE)


def strip_source_credit(headline: str) -> str:
    """An aggregator's headline without the source it links to ("… Jobs (latimes.com)")."""
    if not headline.endswith(")"):
        return headline
    head, sep, host = headline[:-1].rpartition("(")
    if not sep or not head[-1:].isspace() or not _SOURCE_CREDIT.fullmatch(host):
        return headline
    return head.rstrip() or headline


def cut_pipe_tail(headline: str) -> str:
    """A visible headline up to its first spaced pipe: "Best Movers in NYC 2025 | Top 19
    Companies" → "Best Movers in NYC 2025". Headlines are written with colons and dashes; a
    pipe in one sets off a section, a tagline or the site, which a page's <title> template
    pasted in. Kept whole when the part before the pipe is under three words."""
    m = _PIPE.search(headline)
    if m and len(headline[: m.start()].split()) >= 3:
        return headline[: m.start()].strip()
    return headline


def same_title(a: str | None, b: str | None) -> bool:
    """True if two titles are the same after folding case, spacing and punctuation."""
    return bool(a and b and _key(a) == _key(b))


def title_key(text: str) -> str:
    """The comparison key `same_title` uses (exposed for ranking candidates)."""
    return _key(text)
