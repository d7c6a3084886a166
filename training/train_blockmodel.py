"""Train the HTML block model (clipper/extract/blockmodel.py) on both dev sets.

Each page of WCXB dev (html + truth `main_content`) and fundus dev (html + truth `body_paragraphs`
joined by blank lines) is cut into its visible DOM blocks; a block is labelled body when most of
its 4-word shingles (or, under four words, its whole run of words) occur in the truth body.
Stage 1 is a small MLP over the block's features and its neighbours'; stage 2 (off: STAGE2) a smaller one over
stage 1's out-of-fold scores around the block; the keep threshold is chosen on the training pages.
Everything learned or tuned is refit inside each fold.

Evaluation (body F1 of the kept blocks, before the pruning rules; the pipeline's own figures come
from benchmarks/quality.py):
  - CV: 5 folds grouped by registrable domain (tldextract's bundled public-suffix snapshot) over
    both sets, figures per set;
  - cross-set: train on WCXB dev, report on fundus dev, and the reverse (`--cross-set`, which also
    writes the two models for benchmarks/quality.py --weights).

    .venv/bin/pip install -e '.[train]'
    .venv/bin/python training/train_blockmodel.py                # CV + cross-set + final model
    .venv/bin/python training/train_blockmodel.py --no-cv        # final model only

Deterministic: fixed seeds, one thread. Features are cached in /tmp (--cache) keyed by nothing
but the path: delete it after changing features.
"""

from __future__ import annotations

import argparse
import pickle
import sys
import time
import warnings
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GroupKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

warnings.filterwarnings("ignore", category=ConvergenceWarning)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scoring import (  # noqa: E402
    DATASETS,
    load_page,
    page_ids,
    score_body,
    summarize_body,
)
from clipper.extract import blockmodel  # noqa: E402

OUT = ROOT / "clipper" / "extract" / "data" / "blockmodel.npz"
SEED = 0
N_FOLDS = 5
HIDDEN1 = 16
HIDDEN2 = 8
EPOCHS = 12
# Blocks of three words or fewer that are not body (menu items, buttons) are most of a page: every
# third one is trained on, at three times the weight (the fit takes a third less time).
THIN = 4
LABEL_SHARE = 0.5
THRESHOLDS = tuple(np.round(np.arange(0.3, 0.71, 0.05), 2))
# Stage 2 (a second MLP over stage 1's out-of-fold scores around each block) triples the cost
# of a fit; on this shared 2-core machine it is off, and stage 1 sees its neighbours directly.
STAGE2 = False


@dataclass
class PageData:
    id: str
    dataset: str
    site: str
    truth: str
    texts: list[str]
    tags: list[str]
    x: np.ndarray
    y: np.ndarray
    w: np.ndarray


def _label(texts: Sequence[str], truth: str) -> np.ndarray:
    known = blockmodel.shingle_set([truth])
    lines = {" ".join(blockmodel._WORD.findall(t.casefold())) for t in truth.split("\n")}
    out = np.zeros(len(texts))
    for i, text in enumerate(texts):
        words = blockmodel._WORD.findall(text.casefold())
        if not words:
            continue
        if len(words) < 4:
            out[i] = float(" ".join(words) in lines or (len(words) >= 2 and tuple(words) in known))
            continue
        sh = [tuple(words[k : k + 4]) for k in range(len(words) - 3)]
        out[i] = float(sum(1 for s in sh if s in known) / len(sh) >= LABEL_SHARE)
    return out


def _one(args: tuple[str, str]) -> PageData | None:
    dataset, page_id = args
    import logging

    from clipper.extract import html as ex
    from clipper.readers.decode import decode_bytes

    logging.disable(logging.CRITICAL)
    page = load_page(page_id, DATASETS[dataset])
    text = decode_bytes(page.html, source=page_id, html=True).text
    tree = ex.parse_html(text, page_id)
    if tree is None:
        return None
    blocks = blockmodel.dom_blocks(tree)
    if not blocks:
        return None
    theirs = ex._trafilatura_blocks(tree, page.url, text)
    extra = blockmodel.overlap(blocks, blockmodel.shingle_set([b.text for b in theirs]))
    x = blockmodel.features(blocks, extra)
    texts = [b.text for b in blocks]
    y = _label(texts, page.body)
    w = np.sqrt(1.0 + np.array([len(blockmodel._WORD.findall(t)) for t in texts]))
    return PageData(page_id, dataset, page.site, page.body, texts, [b.tag for b in blocks], x, y, w)


def load(cache: Path, jobs: int) -> list[PageData]:
    if cache.exists():
        with cache.open("rb") as fh:
            data: list[PageData] = pickle.load(fh)
            return data
    jobs_list = [(d, i) for d in ("wcxb", "fundus") for i in page_ids(DATASETS[d])]
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pages = [p for p in pool.map(_one, jobs_list, chunksize=8) if p is not None]
    with cache.open("wb") as fh:
        pickle.dump(pages, fh)
    return pages


def _fit_mlp(x: np.ndarray, y: np.ndarray, w: np.ndarray, hidden: int) -> dict[str, np.ndarray]:
    scaler = StandardScaler().fit(x)
    scale = np.where(scaler.scale_ > 0, scaler.scale_, 1.0)
    z = (x - scaler.mean_) / scale
    clf = MLPClassifier(
        hidden_layer_sizes=(hidden,),
        alpha=1e-3,
        batch_size=512,
        learning_rate_init=2e-3,
        max_iter=EPOCHS,
        random_state=SEED,
        shuffle=True,
    )
    clf.fit(z, y, sample_weight=w)
    return {
        "mean": scaler.mean_,
        "scale": scale,
        "w0": clf.coefs_[0],
        "b0": clf.intercepts_[0],
        "w1": clf.coefs_[1],
        "b1": clf.intercepts_[1],
    }


def _stage1(params: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    return blockmodel.mlp({f"s1_{k}": v for k, v in params.items()}, "s1", x)


def _stack(pages: Sequence[PageData]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.vstack([p.x for p in pages])
    y = np.concatenate([p.y for p in pages])
    w = np.concatenate([p.w for p in pages])
    # words <= 3 is w <= 2 (w = sqrt(1 + words)).
    thin = (y == 0) & (w <= 2.0)
    keep = ~thin | (np.arange(len(y)) % THIN == 0)
    w = np.where(thin, w * THIN, w)
    return x[keep], y[keep], w[keep]


def train(pages: Sequence[PageData], groups: Sequence[str]) -> dict[str, Any]:
    """Stage 1 on all `pages`, stage 2 on stage 1's out-of-fold scores (inner folds grouped by
    domain), the threshold that gives the best mean F1 on `pages`."""
    x, y, w = _stack(pages)
    s1 = _fit_mlp(x, y, w, HIDDEN1)
    model: dict[str, Any] = {f"s1_{k}": v for k, v in s1.items()}
    if STAGE2:
        model.update(_stage2(pages, groups))
    model["threshold"] = np.array(0.5)
    probs = [_predict(model, p) for p in pages]
    best = max(THRESHOLDS, key=lambda t: _f1(pages, probs, t).f1)
    model["threshold"] = np.array(best)
    return model


def _stage2(pages: Sequence[PageData], groups: Sequence[str]) -> dict[str, Any]:
    # Out-of-fold stage-1 scores for stage 2 (2 inner folds by domain).
    oof: list[np.ndarray] = [np.zeros(0)] * len(pages)
    inner = GroupKFold(n_splits=2)
    for tr, te in inner.split(np.zeros(len(pages)), groups=list(groups)):
        xi, yi, wi = _stack([pages[i] for i in tr])
        params = _fit_mlp(xi, yi, wi, HIDDEN1)
        for i in te:
            oof[i] = _stage1(params, pages[i].x)
    x2 = np.vstack([blockmodel.stage2_features(oof[i], p.x) for i, p in enumerate(pages)])
    y2 = np.concatenate([p.y for p in pages])
    w2 = np.concatenate([p.w for p in pages])
    s2 = _fit_mlp(x2, y2, w2, HIDDEN2)
    return {f"s2_{k}": v for k, v in s2.items()}


def _predict(model: dict[str, Any], page: PageData) -> np.ndarray:
    return blockmodel.predict(model, page.x)


def _f1(pages: Sequence[PageData], probs: Sequence[np.ndarray], cut: float) -> Any:
    return summarize_body(
        score_body(p.truth, "\n\n".join(t for t, q in zip(p.texts, pr, strict=True) if q >= cut))
        for p, pr in zip(pages, probs, strict=True)
    )


def _report(name: str, pages: Sequence[PageData], probs: Sequence[np.ndarray], cut: float) -> None:
    for ds in ("wcxb", "fundus"):
        sel = [i for i, p in enumerate(pages) if p.dataset == ds]
        if not sel:
            continue
        s = _f1([pages[i] for i in sel], [probs[i] for i in sel], cut)
        traf = summarize_body(
            score_body(
                pages[i].truth,
                "\n\n".join(
                    t for t, e in zip(pages[i].texts, pages[i].x[:, -3], strict=True) if e >= 0.5
                ),
            )
            for i in sel
        )
        print(
            f"{name:28s} {ds:7s} pages={len(sel):4d} F1={s.f1:.4f} P={s.precision:.4f} "
            f"R={s.recall:.4f}  (trafilatura's blocks alone F1={traf.f1:.4f})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-cv", action="store_true", help="no CV figures")
    parser.add_argument("--no-final", action="store_true", help="do not fit and write the final model")
    parser.add_argument("--cross-set", type=Path, default=None, help="write cross-set models here")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/clipper-blockmodel.pkl"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    start = time.time()
    pages = load(args.cache, args.jobs)
    print(f"{len(pages)} pages, {sum(len(p.y) for p in pages)} blocks ({time.time() - start:.0f}s)")
    groups = [p.site for p in pages]
    with threadpool_limits(1):
        if not args.no_cv:
            probs: list[np.ndarray] = [np.zeros(0)] * len(pages)
            cuts = []
            folds = GroupKFold(n_splits=N_FOLDS)
            for tr, te in folds.split(np.zeros(len(pages)), groups=groups):
                model = _fit_fold([pages[i] for i in tr], [groups[i] for i in tr])
                cuts.append(float(model["threshold"]))
                for i in te:
                    probs[i] = _predict(model, pages[i])
            # Each page is scored at its own fold's threshold.
            fold_cut = {}
            for k, (_, te) in enumerate(folds.split(np.zeros(len(pages)), groups=groups)):
                for i in te:
                    fold_cut[i] = cuts[k]
            adj = [probs[i] - fold_cut[i] + 0.5 for i in range(len(pages))]
            _report("CV by domain (5 folds)", pages, adj, 0.5)
            print(f"  fold thresholds {cuts} ({time.time() - start:.0f}s)")
        if args.cross_set is not None:
            args.cross_set.mkdir(parents=True, exist_ok=True)
            for train_on, test_on in (("wcxb", "fundus"), ("fundus", "wcxb")):
                tr = [p for p in pages if p.dataset == train_on]
                te = [p for p in pages if p.dataset == test_on]
                model = _fit_fold(tr, [p.site for p in tr])
                np.savez(args.cross_set / f"blockmodel-{train_on}.npz", **model)
                _report(
                    f"cross-set: trained on {train_on}",
                    te,
                    [_predict(model, p) for p in te],
                    float(model["threshold"]),
                )
        if args.no_final:
            return 0
        model = train(pages, groups)
        _report("in-sample (final model)", pages, [_predict(model, p) for p in pages],
                float(model["threshold"]))  # fmt: skip
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez(args.out, **{k: np.asarray(v, dtype=np.float64) for k, v in model.items()})
    print(
        f"wrote {args.out} (threshold {float(model['threshold']):.2f}, {time.time() - start:.0f}s)"
    )
    return 0


def _fit_fold(pages: Sequence[PageData], groups: Sequence[str]) -> dict[str, Any]:
    return train(pages, groups)


if __name__ == "__main__":
    raise SystemExit(main())
