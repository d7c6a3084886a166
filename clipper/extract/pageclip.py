"""The block model for a clipped whole page ("Full page" Evernote clips): class-less markup.

A full-page clip keeps the page's elements but none of the words its markup names them by (ENML
allows no class, id, role or HTML5 landmark), so the block model's class-word and landmark
features are blank there. This model is the block model's features (`blockmodel.features`) with
a few more that read the page's shape alone, trained on the dev pages saved as full-page clips
(`training/train_blockmodel.py --page-clips`):

- repeated siblings: how many siblings of the block's container (its parent up to its fourth
  ancestor) have the same shape (tag and child tags): teaser cards, comment threads, link
  lists are runs of one shape; a story's container has none like it;
- the link density and the share of prose of the block's parent, grandparent and third
  ancestor (the text below each, however split into blocks);
- where the block stands against the story's prose: the share of the page's prose before it
  and after it, and whether it stands before the first top-level heading (`<h1>`).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from lxml.html import HtmlElement

from . import blockmodel
from .blockmodel import F64, DomBlock

__all__ = ["STRUCTURE_NAMES", "features", "score", "decide"]

WEIGHTS = Path(__file__).resolve().parent / "data" / "blockmodel_page.npz"

_LEVELS = 4  # the block's parent up to its fourth ancestor
STRUCTURE_NAMES: tuple[str, ...] = (
    *(f"repeat_{k}" for k in range(1, _LEVELS + 1)),
    "repeat_max",
    *(f"up{k}_link_density" for k in (1, 2, 3)),
    *(f"up{k}_prose_share" for k in (1, 2, 3)),
    "prose_before",
    "prose_after",
    "before_h1",
)


def _shape(el: HtmlElement) -> tuple[str, ...]:
    return (str(el.tag), *(str(c.tag) for c in el if isinstance(c.tag, str)))


def _repeats(el: HtmlElement, memo: dict[HtmlElement, int]) -> int:
    """How many of `el`'s siblings (itself included) have its shape, when it holds two or
    more elements (a card, a comment); 1 otherwise."""
    if el in memo:
        return memo[el]
    parent = el.getparent()
    shape = _shape(el)
    if parent is None or len(shape) < 3:
        memo[el] = 1
        return 1
    counts: dict[tuple[str, ...], int] = {}
    kids = [c for c in parent if isinstance(c.tag, str)]
    shapes = [_shape(c) for c in kids]
    for s in shapes:
        counts[s] = counts.get(s, 0) + 1
    for c, s in zip(kids, shapes, strict=True):
        memo[c] = counts[s] if len(s) >= 3 else 1
    return memo[el]


def structure(blocks: Sequence[DomBlock]) -> F64:
    """The page-shape columns (`STRUCTURE_NAMES`) of each block."""
    n = len(blocks)
    out = np.zeros((n, len(STRUCTURE_NAMES)), dtype=np.float64)
    if not n:
        return out
    paths = [b.path for b in blocks]
    chars: dict[HtmlElement, int] = {}
    links: dict[HtmlElement, int] = {}
    prose: dict[HtmlElement, int] = {}
    flags = []
    total_prose = 0
    for b, path in zip(blocks, paths, strict=True):
        size = len(b.text)
        is_prose = blockmodel._is_prose(b.text, len(b.text.split()))
        flags.append(is_prose)
        total_prose += size if is_prose else 0
        for up in path:
            chars[up] = chars.get(up, 0) + size
            links[up] = links.get(up, 0) + b.link_chars
            if is_prose:
                prose[up] = prose.get(up, 0) + size
    tp = max(1, total_prose)
    first_h1 = next((i for i, b in enumerate(blocks) if b.tag == "h1"), -1)
    memo: dict[HtmlElement, int] = {}
    before = 0
    for i, (b, path) in enumerate(zip(blocks, paths, strict=True)):
        row = out[i]
        best = 1
        for k in range(1, _LEVELS + 1):
            if len(path) > k:
                r = _repeats(path[-1 - k], memo)
                row[k - 1] = np.log1p(r - 1) / 3
                best = max(best, r)
        row[_LEVELS] = np.log1p(best - 1) / 3
        base = _LEVELS + 1
        for k in (1, 2, 3):
            if len(path) > k:
                up = path[-1 - k]
                row[base + k - 1] = links.get(up, 0) / max(1, chars.get(up, 0))
                row[base + 2 + k] = prose.get(up, 0) / tp
        row[base + 6] = before / tp
        size = len(b.text) if flags[i] else 0
        row[base + 7] = (total_prose - before - size) / tp
        row[base + 8] = 1.0 if 0 <= i < first_h1 else 0.0
        before += size
    return out


def features(blocks: Sequence[DomBlock], extra: F64) -> F64:
    """The block model's rows with the page-shape columns before its last three (trafilatura's
    share of the block and its neighbours, which `decide` reads as the last three)."""
    x = blockmodel.features(blocks, extra)
    return np.hstack([x[:, :-3], structure(blocks), x[:, -3:]])


@lru_cache(maxsize=1)
def _weights() -> dict[str, Any]:
    with np.load(WEIGHTS) as data:
        return {k: data[k] for k in data.files}


def score(blocks: Sequence[DomBlock], extra: F64, params: dict[str, Any] | None = None) -> F64:
    """The body probability of each block of a page clip."""
    if not blocks:
        return np.zeros(0)
    return blockmodel.predict(_weights() if params is None else params, features(blocks, extra))


def decide(probs: F64, extra: F64, params: dict[str, Any] | None = None) -> list[bool]:
    """Which blocks of a page clip are body (the block model's two thresholds, these weights)."""
    return blockmodel.decide(probs, extra, _weights() if params is None else params)
