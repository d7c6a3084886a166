"""The body lines of a clipping, chosen from the line model's scores."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from .chars import F64, _has_words
from .model import _model, _scores_and_words


def select_body(
    blocks: Sequence[str],
    scores: Sequence[float] | None = None,
    *,
    threshold: float | None = None,
    low: float | None = None,
    high: float | None = None,
) -> list[int]:
    """Indices of the blocks to keep as the body, in order (the jusText idea, learned scores).

    The main region is the contiguous run of blocks that maximises the sum of (score - threshold);
    inside it a block is kept from `low` up (a subhead or short line between paragraphs), outside
    it only from `high` up. Never empty when some block has words: with nothing selected, the run
    of blocks scoring near the clipping's best is kept. Defaults come from the trained model file.
    """
    if not blocks:
        return []
    if scores is None:
        p, has_words = _scores_and_words(blocks)
    else:
        p = np.asarray(scores, dtype=np.float64)
        has_words = _has_words(blocks)
    if threshold is None or low is None or high is None:
        model = _model()
        threshold = model.threshold if threshold is None else threshold
        low = model.low if low is None else low
        high = model.high if high is None else high
    if not has_words.any():
        return []
    region = _max_run(np.where(has_words, p - threshold, -1.0))
    keep = ((region & (p >= low)) | (p >= high)) & has_words
    if not keep.any():
        keep = _max_run(np.where(has_words, p - 0.5 * p[has_words].max(), -1.0)) & has_words
        if not keep.any():
            keep = np.zeros(len(p), dtype=bool)
            keep[int(np.argmax(np.where(has_words, p, -1.0)))] = True
    kept: list[int] = keep.nonzero()[0].tolist()
    return kept


def _max_run(gain: F64) -> npt.NDArray[np.bool_]:
    """The contiguous run with the largest positive sum of gains (all False if none is positive)."""
    best, best_lo, best_hi = 0.0, 0, -1
    run, lo = 0.0, 0
    positive = (gain > 0.0).nonzero()[0]
    if len(positive) == 0 or np.isnan(gain).any():
        # (NaN: the plain walk over every gain, which NaN stops for good.)
        begin, gains = 0, gain.tolist()
    else:
        # Before the first positive gain the run never gets above 0 (it restarts at each gain),
        # after the last one it only shrinks: the walk from the first to the last positive gain
        # finds the same run.
        begin = int(positive[0])
        gains = gain[begin : int(positive[-1]) + 1].tolist()
    for i, g in enumerate(gains, begin):
        if run <= 0.0:
            run, lo = g, i
        else:
            run += g
        if run > best:
            best, best_lo, best_hi = run, lo, i
    keep = np.zeros(len(gain), dtype=bool)
    keep[best_lo : best_hi + 1] = True
    return keep
