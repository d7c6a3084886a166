"""The page's language: its own declarations, else detected from its text."""

from __future__ import annotations

from lxml import html

from ..language import detect, normalize_tag
from .common import _first, _text
from .jsonld import _LD


def _language(
    tree: html.HtmlElement, meta: dict[str, list[str]], ld: _LD, title: str | None
) -> str | None:
    """The declared language, checked against the title and description: a script the text is
    written in (Hangul, kana, Han, …) overrules a template's wrong `lang="en"`."""
    raw = tree.get("lang") or tree.get("{http://www.w3.org/XML/1998/namespace}lang")
    if not raw:
        raw = _first(meta, ("content-language", "og:locale", "language", "dc.language"))
    if not raw and ld.article is not None:
        raw = _text(ld.article.get("inLanguage"))
    declared = normalize_tag(raw)
    sample = " ".join(x for x in (title, _first(meta, ("og:description", "description"))) if x)
    if not sample:
        return declared
    found = detect(sample, raw)
    # Function words in a title are too few to overrule a declaration, or to name a language
    # on their own; a script is not.
    if found not in _SCRIPT_LANGUAGES and (declared or len(sample.split()) < 12):
        return declared
    return found


_SCRIPT_LANGUAGES = frozenset({"ko", "ja", "zh", "ru", "ar", "he", "el", "th", "hi"})
