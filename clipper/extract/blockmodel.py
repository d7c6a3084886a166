"""Learned block scorer for HTML: which visible DOM blocks of a page are the article body.

The page is cut into blocks once (`dom_blocks`: each block element's own text, nested blocks apart,
in page order, with the landmarks above it: nav, header, footer, aside, article, main, ...). Each
block gets language-agnostic features (text and link density, tag, landmarks, depth, position,
punctuation, share of function words, class and id words from a small vocabulary of layout words
seen on many sites, the share of the page's prose its containers hold, the share of it that
trafilatura keeps) and a small MLP scores it from its own features and its neighbours' (a second
stage over the first stage's scores around it runs when the weights hold one). Weights are numpy arrays trained by `training/train_blockmodel.py` on
both dev sets with folds grouped by registrable domain.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from lxml.html import HtmlElement

from ..lexicon.words import CJK_FUNCTION_CHARS, KOREAN_ENDINGS, STOPWORDS

__all__ = ["DomBlock", "FEATURE_NAMES", "dom_blocks", "features", "landmark", "score"]

F64 = npt.NDArray[np.float64]

WEIGHTS = Path(__file__).resolve().parent / "data" / "blockmodel.npz"

# Never visible text.
_SKIP = frozenset(
    {"script", "style", "noscript", "template", "svg", "iframe", "head", "title", "meta", "link",
     "object", "embed", "canvas", "video", "audio", "picture", "source", "textarea", "input",
     "map"}
)  # fmt: skip
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
# Elements whose text is a block of its own; everything else (span, a, em, ...) is inline.
_BLOCK_TAGS = _HEADINGS | {
    "p", "div", "section", "article", "main", "aside", "header", "footer", "nav", "ul", "ol",
    "li", "dl", "dt", "dd", "table", "tr", "td", "th", "tbody", "thead", "tfoot", "caption",
    "blockquote", "pre", "figure", "figcaption", "form", "fieldset", "details", "summary",
    "address", "center", "body", "hr", "menu", "dialog", "legend", "label",
    # A drop-down's choices: a browser's copy of the page holds every one of them.
    "select", "option", "optgroup",
}  # fmt: skip

# Landmarks: an element of this tag, or with this ARIA role, above a block.
(
    L_ARTICLE,
    L_MAIN,
    L_NAV,
    L_HEADER,
    L_FOOTER,
    L_ASIDE,
    L_FORM,
    L_FIGURE,
    L_LIST,
    L_TABLE,
    L_QUOTE,
    L_LINK,
) = (1 << i for i in range(12))
N_LANDMARKS = 12
_TAG_LANDMARK = {
    "article": L_ARTICLE, "main": L_MAIN, "nav": L_NAV, "header": L_HEADER, "footer": L_FOOTER,
    "aside": L_ASIDE, "form": L_FORM, "select": L_FORM, "figure": L_FIGURE, "ul": L_LIST, "ol": L_LIST,
    "menu": L_LIST, "dl": L_LIST, "table": L_TABLE, "blockquote": L_QUOTE, "a": L_LINK,
}  # fmt: skip
_ROLE_LANDMARK = {
    "article": L_ARTICLE, "main": L_MAIN, "navigation": L_NAV, "banner": L_HEADER,
    "contentinfo": L_FOOTER, "complementary": L_ASIDE, "search": L_FORM, "form": L_FORM,
    "menu": L_NAV, "menubar": L_NAV, "dialog": L_ASIDE, "alertdialog": L_ASIDE,
}  # fmt: skip

# Class and id words that name a part of a page layout on many sites, in any language of the
# web's markup (which is English). Matched as a part of a class or id token ("post-content",
# "article__body"), on the block's element and its four nearest ancestors, and on any ancestor.
VOCAB = (
    "article", "content", "body", "text", "story", "post", "entry", "main", "prose", "rich",
    "paragraph", "detail", "nav", "menu", "header", "footer", "sidebar", "side", "widget",
    "related", "recommend", "more", "share", "social", "comment", "author", "byline", "meta",
    "date", "time", "tag", "breadcrumb", "caption", "credit", "ad", "ads", "advert", "promo",
    "sponsor", "newsletter", "subscribe", "signup", "cookie", "consent", "modal", "popup",
    "banner", "teaser", "card", "list", "item", "link", "title", "headline", "lead", "intro",
    "summary", "copyright", "legal", "hidden", "footnote", "toc", "bio", "embed", "media",
    "image", "photo", "video", "gallery", "quote", "box", "btn", "button", "icon", "logo",
    "search", "login", "skip", "top", "bottom", "col", "grid", "row", "wrapper", "container",
)  # fmt: skip
_VOCAB_INDEX = {w: i for i, w in enumerate(VOCAB)}
_TOKEN_SPLIT = re.compile(r"[^a-z]+")
_NEAR = 5  # the element and its four nearest ancestors


@dataclass(slots=True)
class DomBlock:
    """One visible block of a page: its text, the element holding it and where it sits."""

    text: str
    el: HtmlElement
    tag: str
    depth: int
    link_chars: int
    landmarks: int
    near_words: frozenset[int]
    far_words: frozenset[int]

    @property
    def path(self) -> tuple[HtmlElement, ...]:
        """The block's element and its ancestors, outermost first (made when asked: most
        pages need it for few blocks, and building it for each element was a cost)."""
        return (*reversed(list(self.el.iterancestors())), self.el)


@dataclass(slots=True)
class _Frame:
    landmarks: int
    near: tuple[frozenset[int], ...]
    far: frozenset[int]
    depth: int
    # The union of `near`, made when a block of this frame is first flushed.
    near_all: frozenset[int] | None = None

    def near_words(self) -> frozenset[int]:
        if self.near_all is None:
            near: set[int] = set()
            for words in self.near:
                near |= words
            self.near_all = frozenset(near)
        return self.near_all


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


@lru_cache(maxsize=4096)
def _class_words(value: str) -> frozenset[int]:
    out: set[int] = set()
    for token in _TOKEN_SPLIT.split(value.lower()):
        i = _VOCAB_INDEX.get(token)
        if i is not None:
            out.add(i)
    return frozenset(out)


def dom_blocks(tree: HtmlElement) -> list[DomBlock]:
    """The page's visible blocks in order (hidden elements, scripts and form fields left out).

    A block element's own text (its inline children's text included, its nested blocks apart)
    is one block; a `<br>` does not split a block.
    """
    body = tree.find("body")
    root = body if body is not None else tree
    out: list[DomBlock] = []
    empty: frozenset[int] = frozenset()
    _walk(root, _Frame(0, (empty,) * _NEAR, empty, 0), out, _holders(root))
    return out


def _holders(root: HtmlElement) -> set[HtmlElement]:
    """Elements with a block or skipped element below them (an inline element among them is
    walked into, not read whole). One pass up from each such element, stopping where an
    earlier pass went: linear in the page."""
    holders: set[HtmlElement] = set()
    # lxml filters the tags in C: the inline elements (most of a page) never reach Python.
    for el in root.iter(*_HOLDER_TAGS):
        for up in el.iterancestors():
            if up in holders:
                break
            holders.add(up)
    return holders


_HOLDER_TAGS = tuple(sorted(_BLOCK_TAGS | _SKIP))


def _frame_for(el: HtmlElement, tag: str, up: _Frame) -> _Frame:
    marks = up.landmarks | _TAG_LANDMARK.get(tag, 0)
    role = el.get("role")
    if role:
        marks |= _ROLE_LANDMARK.get(role.strip().lower(), 0)
    cls, ident = el.get("class"), el.get("id")
    words = _class_words(f"{cls} {ident}") if cls or ident else _NO_WORDS
    far = up.far | words if words else up.far
    return _Frame(marks, (words, *up.near[:-1]), far, up.depth + 1)


_NO_WORDS: frozenset[int] = frozenset()


def _walk(el: HtmlElement, frame: _Frame, out: list[DomBlock], holders: set[HtmlElement]) -> None:
    # The hot loop of dom_blocks (every element of the page): no closure, no helper calls for
    # the common cases.
    tag = el.tag if isinstance(el.tag, str) else ""
    here = _frame_for(el, tag, frame)
    parts: list[str] = [el.text or ""]
    links = 0
    in_link = here.landmarks & L_LINK
    glued = False
    for child in el:
        ctag = child.tag
        tail = child.tail or ""
        if (
            not isinstance(ctag, str)
            or not ctag
            or ctag in _SKIP
            # _hidden, inline. aria-hidden hides from screen readers only: its text is shown.
            or child.get("hidden") is not None
            or ((style := child.get("style")) and _HIDDEN_STYLE.search(style))
        ):
            parts.append(tail)
            continue
        if ctag == "br":
            parts.append(" ")
        elif ctag in _BLOCK_TAGS or child in holders:
            _flush(parts, links, el, tag, here, out)
            links = 0
            _walk(child, here, out, holders)
        else:
            text = child.text_content()
            if ctag == "a" and glued:
                # Links side by side with nothing between them are items of a menu (the page's
                # CSS sets them apart): "Home" and "World", not "HomeWorld".
                parts.append(" ")
            parts.append(text)
            if ctag == "a" or in_link:
                links += len(text.strip())
            else:
                links += sum(len(a.text_content().strip()) for a in child.iter("a"))
        parts.append(tail)
        glued = ctag == "a" and not tail.strip()
    _flush(parts, links, el, tag, here, out)


def _flush(
    parts: list[str], links: int, el: HtmlElement, tag: str, here: _Frame, out: list[DomBlock]
) -> None:
    """The text gathered so far as a block (none when it is only white space); `parts` emptied."""
    # str.split splits where `\s` matches; cheaper than a regex substitution, and most
    # flushes (a container between its child blocks) hold only white space.
    text = " ".join("".join(parts).split())
    if text:
        out.append(
            DomBlock(
                text,
                el,
                tag,
                here.depth,
                min(links, len(text)),
                here.landmarks,
                here.near_words(),
                here.far,
            )
        )
    parts.clear()


def landmark(block: DomBlock) -> str:
    """The reason a block that is not kept was left out, from where it sits on the page."""
    marks, near, far = block.landmarks, block.near_words, block.far_words
    if marks & L_NAV or _VOCAB_INDEX["nav"] in far or _VOCAB_INDEX["menu"] in near:
        return "html.navigation"
    if marks & L_FOOTER or _VOCAB_INDEX["footer"] in far:
        return "html.footer"
    if marks & L_HEADER or _VOCAB_INDEX["header"] in near:
        return "html.page_header"
    if marks & L_ASIDE or _VOCAB_INDEX["sidebar"] in far:
        return "html.sidebar"
    if marks & L_FORM:
        return "html.form"
    if _VOCAB_INDEX["comment"] in near:
        return "html.comments"
    if any(_VOCAB_INDEX[w] in near for w in ("related", "recommend", "teaser", "more")):
        return "html.related"
    if any(_VOCAB_INDEX[w] in near for w in ("ad", "ads", "advert", "promo", "sponsor")):
        return "html.ad"
    if any(_VOCAB_INDEX[w] in near for w in ("share", "social")):
        return "html.share"
    return "html.outside_content"


# ------------------------------------------------------------------------------------ features

_TAG_GROUPS = (
    ("p",),
    ("h1",),
    ("h2", "h3", "h4", "h5", "h6"),
    ("li", "dt", "dd"),
    ("td", "th", "tr", "caption"),
    ("div", "section", "article", "main", "body", "center"),
    ("blockquote", "pre"),
    ("figcaption", "figure"),
    ("header", "footer", "nav", "aside", "form", "ul", "ol", "menu", "dl", "address"),
)
_TAG_GROUP = {tag: i for i, group in enumerate(_TAG_GROUPS) for tag in group}
_N_TAGS = len(_TAG_GROUPS) + 1

_WORD = re.compile(r"\w+")
_SENT_END = re.compile(r"[.!?。！？…]['\"”’)»」』]*$")
_PUNCT = re.compile(r"[.,;:!?。、，！？；：]")
_DIGIT = re.compile(r"\d")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")

_OWN = (
    "log_chars",
    "log_words",
    "link_density",
    "sentence_end",
    "punct_per_word",
    "function_share",
    "digit_share",
    "cjk_share",
    "starts_upper",
    "position",
    "depth",
    "prose_parent",
    "prose_grandparent",
    "in_main_container",
    "prose_block",
    "same_parent_prose",
)
FEATURE_NAMES: tuple[str, ...] = (
    *_OWN,
    *(f"tag_{g[0]}" for g in _TAG_GROUPS),
    "tag_other",
    *(
        f"mark_{n}"
        for n in (
            "article",
            "main",
            "nav",
            "header",
            "footer",
            "aside",
            "form",
            "figure",
            "list",
            "table",
            "quote",
            "link",
        )
    ),  # fmt: skip
    *(f"near_{w}" for w in VOCAB),
    *(f"far_{w}" for w in VOCAB),
)
N_FEATURES = len(FEATURE_NAMES)
# Stage 1 sees each block with its two neighbours on each side (their own features only).
_CONTEXT = (-2, -1, 1, 2)
_CONTEXT_COLS = len(_OWN) + _N_TAGS


def _function_share(text: str, words: list[str]) -> float:
    cjk = len(_CJK.findall(text))
    if cjk > len(text) // 3:
        fn = sum(1 for ch in text if ch in CJK_FUNCTION_CHARS)
        hangul = sum(1 for w in words if w[-1] in KOREAN_ENDINGS)
        return min(1.0, (fn + hangul) / max(1, cjk) * 3)
    if not words:
        return 0.0
    return sum(1 for w in words if w.lower() in STOPWORDS) / len(words)


def _is_prose(text: str, words: int) -> bool:
    return (words >= 12 or len(text) >= 80) and bool(_SENT_END.search(text))


def features(blocks: Sequence[DomBlock], extra: F64) -> F64:
    """Stage-1 feature matrix: one row per block (own features, its neighbours', then `extra`:
    the share of each block another extractor keeps, for the block and its two neighbours)."""
    n = len(blocks)
    own = np.zeros((n, N_FEATURES), dtype=np.float64)
    if not n:
        return np.zeros((0, N_FEATURES + len(_CONTEXT) * _CONTEXT_COLS + 3))
    # Prose characters held below each element (a paragraph that reads as a sentence counts).
    prose: dict[HtmlElement, int] = {}
    word_lists = [_WORD.findall(b.text) for b in blocks]
    total_chars = sum(len(b.text) for b in blocks) or 1
    total_prose = 0
    prose_flags = []
    paths = [b.path for b in blocks]
    for b, words, path in zip(blocks, word_lists, paths, strict=True):
        is_prose = _is_prose(b.text, len(words))
        prose_flags.append(is_prose)
        if is_prose:
            total_prose += len(b.text)
            for up in path:
                prose[up] = prose.get(up, 0) + len(b.text)
    main = _main_container(prose, total_prose)
    seen = 0
    tp = max(1, total_prose)
    for i, (b, words) in enumerate(zip(blocks, word_lists, strict=True)):
        text = b.text
        chars = len(text)
        row = own[i]
        row[0] = np.log1p(chars) / 8
        row[1] = np.log1p(len(words)) / 6
        row[2] = b.link_chars / max(1, chars)
        row[3] = 1.0 if _SENT_END.search(text) else 0.0
        row[4] = min(2.0, len(_PUNCT.findall(text)) / max(1, len(words)))
        row[5] = _function_share(text, words)
        row[6] = len(_DIGIT.findall(text)) / max(1, chars)
        row[7] = len(_CJK.findall(text)) / max(1, chars)
        row[8] = 1.0 if text[:1].isupper() else 0.0
        row[9] = seen / total_chars
        row[10] = min(b.depth, 40) / 40
        path = paths[i]
        parent = path[-1] if path else None
        grand = path[-2] if len(path) >= 2 else None
        row[11] = prose.get(parent, 0) / tp if parent is not None else 0.0
        row[12] = prose.get(grand, 0) / tp if grand is not None else 0.0
        row[13] = 1.0 if main is not None and main in path else 0.0
        row[14] = 1.0 if prose_flags[i] else 0.0
        row[15] = (
            (prose.get(parent, 0) - (chars if prose_flags[i] else 0)) / tp
            if parent is not None
            else 0.0
        )
        base = len(_OWN)
        row[base + _TAG_GROUP.get(b.tag, _N_TAGS - 1)] = 1.0
        base += _N_TAGS
        for k in range(N_LANDMARKS):
            if b.landmarks & (1 << k):
                row[base + k] = 1.0
        base += N_LANDMARKS
        for w in b.near_words:
            row[base + w] = 1.0
        base += len(VOCAB)
        for w in b.far_words:
            row[base + w] = 1.0
        seen += chars
    ctx = np.zeros((n, len(_CONTEXT) * _CONTEXT_COLS), dtype=np.float64)
    for k, off in enumerate(_CONTEXT):
        lo, hi = max(0, -off), min(n, n - off)
        if lo < hi:
            ctx[lo:hi, k * _CONTEXT_COLS : (k + 1) * _CONTEXT_COLS] = own[
                lo + off : hi + off, :_CONTEXT_COLS
            ]
    prev = np.concatenate([[0.0], extra[:-1]])
    nxt = np.concatenate([extra[1:], [0.0]])
    return np.hstack([own, ctx, np.column_stack([extra, prev, nxt])])


_MAIN_SHARE = 0.6


def _main_container(prose: dict[HtmlElement, int], total: int) -> HtmlElement | None:
    """The deepest element that holds most of the page's prose (the story's container)."""
    if total <= 0:
        return None
    best: HtmlElement | None = None
    best_depth = -1
    for el, chars in prose.items():
        if chars >= _MAIN_SHARE * total:
            depth = sum(1 for _ in el.iterancestors())
            if depth > best_depth:
                best, best_depth = el, depth
    return best


# ---------------------------------------------------------------------------------- inference

_STAGE2_OFFSETS = (-3, -2, -1, 0, 1, 2, 3)


def stage2_features(p1: F64, x: F64) -> F64:
    """Stage-2 rows: stage 1's scores around each block, with its link density and tag."""
    n = len(p1)
    cols = [np.zeros(n) for _ in _STAGE2_OFFSETS]
    for k, off in enumerate(_STAGE2_OFFSETS):
        lo, hi = max(0, -off), min(n, n - off)
        if lo < hi:
            cols[k][lo:hi] = p1[lo + off : hi + off]
    # The mean score of the whole page and of the blocks sharing the parent's prose share.
    mean = np.full(n, float(p1.mean()) if n else 0.0)
    return np.column_stack([*cols, mean, x[:, -3], x[:, : len(_OWN)]])


@lru_cache(maxsize=1)
def _weights() -> dict[str, Any]:
    with np.load(WEIGHTS) as data:
        return {k: data[k] for k in data.files}


def mlp(params: dict[str, Any], prefix: str, x: F64) -> F64:
    """The probability of each row under one stored MLP (scaler, one ReLU layer, logistic out)."""
    z = (x - params[f"{prefix}_mean"]) / params[f"{prefix}_scale"]
    h = np.maximum(z @ params[f"{prefix}_w0"] + params[f"{prefix}_b0"], 0.0)
    out = h @ params[f"{prefix}_w1"] + params[f"{prefix}_b1"]
    return np.asarray(1.0 / (1.0 + np.exp(-out[:, 0])), dtype=np.float64)


def score(blocks: Sequence[DomBlock], extra: F64, params: dict[str, Any] | None = None) -> F64:
    """The body probability of each block (stage 2 over stage 1)."""
    if not blocks:
        return np.zeros(0)
    return predict(_weights() if params is None else params, features(blocks, extra))


def predict(params: dict[str, Any], x: F64) -> F64:
    """Scores of feature rows: stage 1, and stage 2 over it when the weights have one."""
    p1 = mlp(params, "s1", x)
    if "s2_w0" not in params:
        return p1
    return mlp(params, "s2", stage2_features(p1, x))


def decide(probs: F64, extra: F64, params: dict[str, Any] | None = None) -> list[bool]:
    """Which blocks are body: one trafilatura keeps (`extra` >= 0.5) unless the model scores it
    under `keep_low`, one it leaves out when the model scores it at `add_high` or more."""
    p = _weights() if params is None else params
    low, high = float(p["keep_low"]), float(p["add_high"])
    return [
        bool(q >= low) if e >= 0.5 else bool(q >= high)
        for q, e in zip(probs.tolist(), extra.tolist(), strict=True)
    ]


def _shingles(text: str) -> list[tuple[str, ...]]:
    words = _WORD.findall(text.casefold())
    if len(words) < 4:
        return [tuple(words)] if words else []
    return [tuple(words[i : i + 4]) for i in range(len(words) - 3)]


def shingle_set(texts: Sequence[str]) -> set[tuple[str, ...]]:
    """Runs of one to four words of `texts`: the 4-word shingles a block is matched by, and the
    shorter runs a block of fewer words is."""
    out: set[tuple[str, ...]] = set()
    for text in texts:
        words = _WORD.findall(text.casefold())
        for n in (1, 2, 3, 4):
            out.update(tuple(words[i : i + n]) for i in range(len(words) - n + 1))
    return out


def overlap(blocks: Sequence[DomBlock], known: set[tuple[str, ...]]) -> F64:
    """The share of each block's shingles found in `known`."""
    out = np.zeros(len(blocks))
    for i, b in enumerate(blocks):
        sh = _shingles(b.text)
        if sh:
            out[i] = sum(1 for s in sh if s in known) / len(sh)
    return out
