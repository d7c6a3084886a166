"""Context features of the line model: neighbours' features (stage 1) and stage 1's scores around a line (stage 2)."""

from __future__ import annotations

import numpy as np

from .chars import F64
from .features import _IDX, _N_BASE, _log1p_positions
from .lexicon import _table_size

_CTX_COLS = tuple(
    _IDX[c]
    for c in (
        "log_chars",
        "log_words",
        "stop_ratio",
        "ends_sentence",
        "digit_ratio",
        "title_case",
        "prose",
        "promo",
        "month",
        "log_repeats",
    )
)


_SHIFTS = (1, 2, -1, -2)
_RADII = (3, 8)
N_CONTEXT = _N_BASE + (len(_SHIFTS) + len(_RADII)) * len(_CTX_COLS) + 7
_CTX_INDEX = np.array(_CTX_COLS, dtype=np.intp)


def _window_sums(a: F64, reach: int) -> F64:
    """Running sums along a's rows, padded so windows need no index arrays.

    Column reach + j holds the sum of columns 0 .. j - 1, for every j from -reach to
    n + reach + 1 (before the first 0, after the last the total): a window i-r .. i+r has the sum
    out[:, reach + i + r + 1] - out[:, reach + i - r], exactly as csum[hi] - csum[lo] with the
    clipped indices. A row of ones in `a` yields how many lines each window has.
    """
    n = a.shape[1]
    out = np.empty((a.shape[0], n + 2 * reach + 2), dtype=np.float64)
    out[:, : reach + 1] = 0.0
    a.cumsum(axis=1, out=out[:, reach + 1 : reach + 1 + n])
    out[:, reach + 1 + n :] = out[:, reach + n : reach + n + 1]
    return out


def _window_means_rows(sums: F64, reach: int, radius: int, out: F64) -> None:
    """Means over lines i-radius..i+radius that exist, of all rows of sums but the last (the
    ones), from _window_sums."""
    n = out.shape[1]
    diff = (
        sums[:, reach + radius + 1 : reach + radius + 1 + n]
        - sums[:, reach - radius : reach - radius + n]
    )
    np.divide(diff[:-1], diff[-1], out=out)


def context_features(base: F64) -> F64:
    """A line's features beside its neighbours' and the clipping's prose layout.

    Columns: the line's own, its context columns 1 and 2 lines before and after, their means over
    3 and 8 lines around, then where the line sits relative to the clipping's prose.
    """
    n, n_base = base.shape
    out = np.empty((n, N_CONTEXT), dtype=np.float64)
    if n == 0:
        return out
    rows = np.empty((N_CONTEXT - n_base, n), dtype=np.float64)
    _context_rows(np.ascontiguousarray(base.T), rows)
    out[:, :n_base] = base
    out[:, n_base:] = rows.T
    return out


def _context_rows(base: F64, out: F64) -> None:
    """context_features beyond the base features, a row per feature (base: a row per feature)."""
    n = base.shape[1]
    width = len(_CTX_COLS)
    # The context rows with two zero columns either side and a row of ones (window sizes come out
    # of the window sums).
    pad = np.zeros((width + 1, n + 4), dtype=np.float64)
    ctx = pad[:, 2 : n + 2]
    base.take(_CTX_INDEX, axis=0, out=ctx[:width])
    ctx[width] = 1.0
    for j, k in enumerate(_SHIFTS):
        out[j * width : (j + 1) * width] = pad[:width, 2 - k : 2 - k + n]
    row = len(_SHIFTS) * width
    reach = max(_RADII)
    sums = _window_sums(ctx, reach)
    for radius in _RADII:
        _window_means_rows(sums, reach, radius, out[row : row + width])
        row += width
    extra = out[row : row + 7]
    extra[0:2] = 0.0
    p_idx = (base[_IDX["prose"]] > 0).nonzero()[0]
    if len(p_idx):
        first, last = int(p_idx[0]), int(p_idx[-1])
        idx = np.arange(n)
        extra[0, :first] = 1.0
        extra[1, last + 1 :] = 1.0
        # Distance to the nearest prose line at or after the line and before it (n when there is
        # none), and the smaller: the prose index lists get a dummy entry at the end (the next
        # after the last) and at the start (the one before the first), overwritten with n.
        nxt = p_idx.searchsorted(idx, side="left")
        listed = np.zeros(len(p_idx) + 2, dtype=np.int64)
        listed[1:-1] = p_idx
        d = np.empty((3, n), dtype=np.int64)
        np.subtract(listed[1:][nxt], idx, out=d[1])
        d[1, last + 1 :] = n
        np.subtract(idx, listed[nxt], out=d[2])
        d[2, : first + 1] = n
        np.minimum(d[1], d[2], out=d[0])
        # log1p of the distances (0 .. n): entries of one table (elementwise the same numbers).
        _log1p_positions(_table_size(n + 1)).take(d, out=extra[2:5])
        extra[5] = len(p_idx) / n
        rel = (idx - first) / max(last - first, 1)
        np.maximum(rel, -1.0, out=rel)
        np.minimum(rel, 2.0, out=extra[6])
    else:
        extra[0:2] = 1.0
        extra[2:5] = np.log1p(n)
        extra[5:7] = 0.0


def stage2_features(p: F64) -> F64:
    """Stage 1's probabilities around each line: the learned smoothing's input.

    Columns: p, p 1-3 lines before and after, its means over 2, 5 and 12 lines around, likely
    body before and after, p relative to the best line and that over 5 lines around, inside the
    span of likely body, the clipping's mean and best p.
    """
    n = len(p)
    if n == 0:
        return np.zeros((0, N_STAGE2), dtype=np.float64)
    rows = np.empty((N_STAGE2, n), dtype=np.float64)
    _stage2_rows(p, rows)
    out: F64 = np.ascontiguousarray(rows.T)
    return out


def _stage2_rows(p: F64, out: F64) -> None:
    """stage2_features as a row per feature."""
    n = len(p)
    top = float(p.max())
    # Rows of `work`: p with three zeros either side, rel (p relative to the clipping's best line:
    # a page of odd text, listings or short items, where nothing looks like textbook prose still
    # has its body), ones.
    work = np.zeros((3, n + 6), dtype=np.float64)
    work[0, 3 : n + 3] = p
    np.divide(p, max(top, 1e-6), out=work[1, 3 : n + 3])
    work[2, 3 : n + 3] = 1.0
    padded = work[0]
    for j, k in enumerate((0, 1, 2, 3, -1, -2, -3)):
        out[j] = padded[3 - k : 3 - k + n]
    reach = 12
    sums = _window_sums(work[:, 3 : n + 3], reach)
    for j, radius in enumerate((2, 5, 12)):
        _window_means_rows(sums[0::2], reach, radius, out[7 + j : 8 + j])
    _window_means_rows(sums[1:], reach, 5, out[13:14])
    # Is there likely body before and after (a line inside the article is bracketed by it), and is
    # the line inside the span of likely body lines?
    idx = (p >= 0.5 * top).nonzero()[0]
    first, last = int(idx[0]), int(idx[-1])
    out[10:12] = 0.0
    out[10, first + 1 :] = 1.0
    out[11, :last] = 1.0
    out[12] = work[1, 3 : n + 3]
    out[14] = 0.0
    out[14, first : last + 1] = 1.0
    # The mean as p.mean() computes it: the pairwise sum over the count.
    out[15] = float(np.add.reduce(p)) / n
    out[16] = top


N_STAGE2 = 17
