"""Learned line classifier for copied text: which lines of a select-all copy are the article body."""

from .model import (
    FEATURE_NAMES,
    block_features,
    context_features,
    score_blocks,
    score_title,
    select_body,
)

__all__ = [
    "FEATURE_NAMES",
    "block_features",
    "context_features",
    "score_blocks",
    "score_title",
    "select_body",
]
