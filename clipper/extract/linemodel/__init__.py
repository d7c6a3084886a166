"""Learned line classifier for copied text: which lines of a select-all copy are the article body.

Features are cheap on purpose (character classes counted for the whole clipping at once with numpy,
stop-word lookups by token hashes over the code-point array), then a small two-stage model scores
each line: stage 1 sees a line and its neighbours' features, stage 2 sees stage 1's probabilities
around the line (learned context smoothing, the jusText idea). Weights are plain numpy arrays
trained by `training/train_linemodel.py` on the WCXB dev copies with site-disjoint
cross-validation.

Modules: `chars` (character classes and their tables), `lexicon` (word categories and the hashed
token lookup), `features` (a row of FEATURE_NAMES per line), `context` (neighbour and stage-2
features), `model` (the two-stage net and its weights), `selection` (the body lines from the scores).
"""

from __future__ import annotations

from .context import context_features
from .features import FEATURE_NAMES, block_features
from .model import score_blocks, score_title
from .selection import select_body

__all__ = [
    "FEATURE_NAMES",
    "block_features",
    "context_features",
    "score_blocks",
    "score_title",
    "select_body",
]
