"""The line model's two-stage net, its weights file and the scores it gives each line."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from .chars import F64
from .context import (
    N_CONTEXT,
    N_STAGE2,
    _context_rows,
    _stage2_rows,
    context_features,
    stage2_features,
)
from .features import _N_BASE, FEATURE_NAMES, _block_rows, block_features

WEIGHTS = Path(__file__).resolve().parent.parent / "data" / "linemodel.npz"


# ---------------------------------------------------------------------------------------- model


def _sigmoid(x: F64) -> F64:
    # 1 / (1 + exp(-clip(x, -30, 30))) with ufuncs in place (np.clip's wrapper costs more than the
    # arithmetic on a clipping's few hundred lines); the same operations on the same numbers.
    t = np.maximum(x, -30.0)
    np.minimum(t, 30.0, out=t)
    np.negative(t, out=t)
    np.exp(t, out=t)
    t += 1.0
    return np.divide(1.0, t, out=t)


# OpenBLAS runs a product single-threaded when rows x inner x outer stays under this; threads
# cost far more than they save on matrices this small (ten times more on a busy machine).
_BLAS_SINGLE_THREAD = 4 * 65536


def _matmul(x: F64, w: F64) -> F64:
    """x @ w in row blocks small enough for BLAS to stay on one thread."""
    rows = max(1, _BLAS_SINGLE_THREAD // (w.shape[0] * w.shape[1]))
    if len(x) <= rows:
        out: F64 = x @ w
        return out
    out = np.empty((len(x), w.shape[1]), dtype=np.float64)
    for i in range(0, len(x), rows):
        np.matmul(x[i : i + rows], w, out=out[i : i + rows])
    return out


class _Net:
    """An MLP (or logistic regression when there are no hidden layers) on standardised inputs."""

    def __init__(self, arrays: dict[str, Any], prefix: str) -> None:
        mean = np.asarray(arrays[f"{prefix}mean"], dtype=np.float64)
        scale = np.asarray(arrays[f"{prefix}scale"], dtype=np.float64)
        self.layers: list[tuple[F64, F64]] = []
        k = 0
        while f"{prefix}W{k}" in arrays:
            w = np.asarray(arrays[f"{prefix}W{k}"], dtype=np.float64)
            b = np.asarray(arrays[f"{prefix}b{k}"], dtype=np.float64)
            if k == 0:
                # Fold the standardisation into the first layer: (x - m) / s @ W = x @ (W / s) - ...
                w = w / scale[:, None]
                b = b - mean @ w
            self.layers.append((np.ascontiguousarray(w), b))
            k += 1

    def __call__(self, x: F64) -> F64:
        h = x
        for i, (w, b) in enumerate(self.layers):
            h = _matmul(h, w)
            h += b
            if i < len(self.layers) - 1:
                np.maximum(h, 0.0, out=h)
        return _sigmoid(h[:, 0])


class _Model:
    def __init__(self, path: Path) -> None:
        with np.load(path, allow_pickle=False) as z:
            arrays = {k: z[k] for k in z.files}
        names = tuple(str(n) for n in arrays.get("feature_names", ()))
        if names != FEATURE_NAMES:
            # Columns are filled by name (features._IDX): weights trained on another list would
            # read them in the wrong places.
            raise RuntimeError(f"{path.name} was trained on other features; retrain it")
        self.stage1 = _Net(arrays, "s1_")
        self.stage2 = _Net(arrays, "s2_")
        self.title = _Net(arrays, "t_") if "t_mean" in arrays else None
        self.threshold = float(arrays["threshold"])
        self.low = float(arrays["low"]) if "low" in arrays else self.threshold
        self.high = float(arrays["high"]) if "high" in arrays else 1.0


@lru_cache(maxsize=1)
def _model() -> _Model:
    return _Model(WEIGHTS)


def _scores(blocks: Sequence[str]) -> F64:
    return _scores_and_words(blocks)[0]


def _scores_and_words(blocks: Sequence[str]) -> tuple[F64, npt.NDArray[np.bool_]]:
    """Body probabilities, and which blocks have a letter or digit (found on the way).

    The features are built a row per feature and copied once into the models' layout (the first
    N_CONTEXT columns for stage 1, all for stage 2; BLAS reads a column block in place).
    """
    model = _model()
    n = len(blocks)
    rows = np.empty((N_CONTEXT + N_STAGE2, n), dtype=np.float64)
    words = _block_rows(blocks, rows[:_N_BASE])
    _context_rows(rows[:_N_BASE], rows[_N_BASE:N_CONTEXT])
    x = np.empty((n, N_CONTEXT + N_STAGE2), dtype=np.float64)
    x[:, :N_CONTEXT] = rows[:N_CONTEXT].T
    p1 = model.stage1(x[:, :N_CONTEXT])
    _stage2_rows(p1, rows[N_CONTEXT:])
    x[:, N_CONTEXT:] = rows[N_CONTEXT:].T
    return model.stage2(x), words


def score_blocks(blocks: Sequence[str]) -> list[float]:
    """Probability that each block (a line of copied text) is article body."""
    if not blocks:
        return []
    return [float(v) for v in _scores(blocks)]


def score_title(blocks: Sequence[str]) -> list[float]:
    """Probability that each block is the headline (trained on the truth's titles)."""
    if not blocks:
        return []
    model = _model()
    if model.title is None:
        return [0.0] * len(blocks)
    x = context_features(block_features(blocks))
    p1 = model.stage1(x)
    return [float(v) for v in model.title(np.hstack([x, stage2_features(p1)]))]
