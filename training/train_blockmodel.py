"""Train the HTML block model (clipper/extract/blockmodel.py) on both dev sets.

Each page of WCXB dev (html + truth `main_content`) and fundus dev (html + truth `body_paragraphs`
joined by blank lines) is cut into its visible DOM blocks; a block is labelled body when most of
its 4-word shingles (or, under four words, its whole run of words) occur in the truth body.
Stage 1 is a small MLP over the block's features and its neighbours'; stage 2 (off: STAGE2) a smaller one over
stage 1's out-of-fold scores around the block; the two thresholds (keep_low,
add_high, see KEEP_LOW) are chosen on the training pages.
Everything learned or tuned is refit inside each fold.

Evaluation (body F1 of the kept blocks, before the pruning rules; the pipeline's own figures come
from benchmarks/quality.py):
  - CV: 5 folds grouped by registrable domain (tldextract's bundled public-suffix snapshot) over
    both sets, figures per set;
  - cross-set: train on WCXB dev, report on fundus dev, and the reverse (`--cross-set`, which also
    writes the two models for benchmarks/quality.py --weights).

    .venv/bin/pip install -e '.[train]' --config-settings editable_mode=compat
    .venv/bin/python training/train_blockmodel.py                # CV + cross-set + final model
    .venv/bin/python training/train_blockmodel.py --no-cv        # final model only
    .venv/bin/python training/train_blockmodel.py --no-final --save-folds /tmp/bm --cross-set /tmp/bm
    .venv/bin/python training/train_blockmodel.py --page-clips --save-folds DIR --no-final
    .venv/bin/python training/train_blockmodel.py --page-clips --no-cv

`--page-clips`: the page-clip model (clipper/extract/pageclip.py, written to
clipper/extract/data/blockmodel_page.npz): every page saved as Evernote's "Full page" clip (ENML:
no class, id, role, aria or HTML5 landmark; benchmarks/formats.py's `make_enml`) and read back
as the ENEX reader hands it over; the block model's features and the page-shape ones.
`--save-folds DIR` (or `--fold-models DIR`) writes each CV fold's model (fold{k}.npz, fold k =
benchmarks/datasets.py's `fold_of` of the registrable domain), for `benchmarks/formats.py
--page-weights DIR`, and the out-of-fold scores (cv-scores.pkl).

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

from benchmarks.datasets import SETS, folds, load_page, page_ids  # noqa: E402
from benchmarks.scoring import score_body, summarize_body  # noqa: E402
from clipper.extract import blockmodel  # noqa: E402

OUT = ROOT / "clipper" / "extract" / "data" / "blockmodel.npz"
OUT_PAGE = ROOT / "clipper" / "extract" / "data" / "blockmodel_page.npz"
SEED = 0
N_FOLDS = 5
HIDDEN1 = 16
HIDDEN2 = 8
EPOCHS = 12
# Blocks of three words or fewer that are not body (menu items, buttons) are most of a page: every
# third one is trained on, at three times the weight (the fit takes a third less time).
THIN = 4
LABEL_SHARE = 0.5
# A block trafilatura keeps stays unless the model scores it under KEEP_LOW; one it leaves out is
# added when the model scores it at ADD_HIGH or more (two thresholds: the model corrects
# trafilatura rather than replacing it, which holds better on a set it was not trained on).
KEEP_LOW = (0.0, 0.05, 0.1, 0.2, 0.3, 0.5)
ADD_HIGH = (0.5, 0.7, 0.8, 0.9, 0.95, 1.01)
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


def _one(args: tuple[str, str, bool]) -> PageData | None:
    dataset, page_id, page_clip = args
    import logging

    from clipper.extract import html as ex
    from clipper.extract import pageclip
    from clipper.readers.decode import decode_bytes

    logging.disable(logging.CRITICAL)
    page = load_page(page_id, SETS[dataset])
    if page_clip:
        # The page as Evernote's "Full page" clip keeps it (benchmarks/formats.py), read back
        # as the ENEX reader hands it to the cleaner.
        from benchmarks.formats import make_enml
        from clipper.readers.enex import enml_page

        text = enml_page(*make_enml(page.html))
    else:
        text = decode_bytes(page.html, source=page_id, html=True).text
    tree = ex.parse_html(text, page_id)
    if tree is None:
        return None
    blocks = blockmodel.dom_blocks(tree)
    if not blocks:
        return None
    theirs = ex._trafilatura_blocks(tree, page.url, text)
    extra = blockmodel.overlap(blocks, blockmodel.shingle_set([b.text for b in theirs]))
    x = (pageclip.features if page_clip else blockmodel.features)(blocks, extra)
    texts = [b.text for b in blocks]
    y = _label(texts, page.body)
    w = np.sqrt(1.0 + np.array([len(blockmodel._WORD.findall(t)) for t in texts]))
    return PageData(
        page_id, dataset, page.group, page.body, texts, [b.tag for b in blocks], x, y, w
    )


def load(cache: Path, jobs: int, page_clips: bool = False) -> list[PageData]:
    if cache.exists():
        with cache.open("rb") as fh:
            data: list[PageData] = pickle.load(fh)
            return data
    jobs_list = [(d, i, page_clips) for d in ("wcxb", "fundus") for i in page_ids(SETS[d])]
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
    domain), the thresholds that give the best mean F1 on `pages`."""
    x, y, w = _stack(pages)
    s1 = _fit_mlp(x, y, w, HIDDEN1)
    model: dict[str, Any] = {f"s1_{k}": v for k, v in s1.items()}
    if STAGE2:
        model.update(_stage2(pages, groups))
    return tune(model, pages)


def tune(model: dict[str, Any], pages: Sequence[PageData]) -> dict[str, Any]:
    """`model` with the (keep_low, add_high) pair that gives the best mean F1 on `pages`."""
    probs = [_predict(model, p) for p in pages]
    grid = [(lo, hi) for lo in KEEP_LOW for hi in ADD_HIGH]
    best = max(grid, key=lambda c: _f1(pages, probs, model | _cuts(c)).f1)
    return model | _cuts(best)


def _cuts(pair: tuple[float, float]) -> dict[str, np.ndarray]:
    return {"keep_low": np.array(pair[0]), "add_high": np.array(pair[1])}


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


_SCORES: dict[tuple[str, str, bytes], Any] = {}


def _f1(pages: Sequence[PageData], probs: Sequence[np.ndarray], model: dict[str, Any]) -> Any:
    """Mean body F1 of the kept blocks; a page's score is remembered by the blocks kept (most
    threshold pairs keep the same blocks of a page)."""

    def one(p: PageData, pr: np.ndarray) -> Any:
        keep = blockmodel.decide(pr, p.x[:, -3], model)
        key = (p.dataset, p.id, np.packbits(keep).tobytes())
        if key not in _SCORES:
            text = "\n\n".join(t for t, k in zip(p.texts, keep, strict=True) if k)
            _SCORES[key] = score_body(p.truth, text)
        return _SCORES[key]

    return summarize_body(one(p, pr) for p, pr in zip(pages, probs, strict=True))


def _report(
    name: str,
    pages: Sequence[PageData],
    probs: Sequence[np.ndarray],
    models: Sequence[dict[str, Any]],
) -> None:
    """Body F1 per dev set: the model (each page with its own fold's model) and trafilatura's
    blocks alone, before the pruning rules."""
    for ds in ("wcxb", "fundus"):
        sel = [i for i, p in enumerate(pages) if p.dataset == ds]
        if not sel:
            continue
        ours = summarize_body(
            score_body(pages[i].truth, _kept_text(pages[i], probs[i], models[i])) for i in sel
        )
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
            f"{name:28s} {ds:7s} pages={len(sel):4d} F1={ours.f1:.4f} P={ours.precision:.4f} "
            f"R={ours.recall:.4f}  (trafilatura's blocks alone F1={traf.f1:.4f})"
        )


def _kept_text(page: PageData, probs: np.ndarray, model: dict[str, Any]) -> str:
    keep = blockmodel.decide(probs, page.x[:, -3], model)
    return "\n\n".join(t for t, k in zip(page.texts, keep, strict=True) if k)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-cv", action="store_true", help="no CV figures")
    parser.add_argument(
        "--no-final", action="store_true", help="do not fit and write the final model"
    )
    parser.add_argument("--cross-set", type=Path, default=None, help="write cross-set models here")
    parser.add_argument(
        "--save-folds",
        "--fold-models",
        dest="save_folds",
        type=Path,
        default=None,
        metavar="DIR",
        help="write each CV fold's model (DIR/fold<k>.npz, as benchmarks/formats.py"
        " --page-weights DIR reads them) and the out-of-fold scores of every page"
        " (DIR/cv-scores.pkl)",
    )
    parser.add_argument("--cache", type=Path, default=None, help="feature cache (a pickle)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument(
        "--page-clips",
        action="store_true",
        help="the page-clip model (clipper/extract/pageclip.py): every page saved as a "
        "full-page ENEX clip, the block model's features and the page-shape ones",
    )
    args = parser.parse_args(argv)
    if args.cache is None:
        name = "clipper-blockmodel-page.pkl" if args.page_clips else "clipper-blockmodel.pkl"
        args.cache = Path("/tmp") / name
    if args.out is None:
        args.out = OUT_PAGE if args.page_clips else OUT
    start = time.time()
    pages = load(args.cache, args.jobs, args.page_clips)
    print(f"{len(pages)} pages, {sum(len(p.y) for p in pages)} blocks ({time.time() - start:.0f}s)")
    groups = [p.site for p in pages]
    with threadpool_limits(1):
        if not args.no_cv:
            probs: list[np.ndarray] = [np.zeros(0)] * len(pages)
            models: list[dict[str, Any]] = [{}] * len(pages)
            # benchmarks/datasets.py's folds: a stable hash of the registrable domain.
            for k, (tr, te) in enumerate(folds(groups, N_FOLDS)):
                model = train([pages[i] for i in tr], [groups[i] for i in tr])
                if args.save_folds is not None:
                    args.save_folds.mkdir(parents=True, exist_ok=True)
                    _save(args.save_folds / f"fold{k}.npz", model)
                for i in te:
                    probs[i] = _predict(model, pages[i])
                    models[i] = model
                print(f"  fold {k}: {_cut_text(model)} ({time.time() - start:.0f}s)", flush=True)
            _report("CV by domain (5 folds)", pages, probs, models)
            if args.save_folds is not None:
                with (args.save_folds / "cv-scores.pkl").open("wb") as fh:
                    scores = {(p.dataset, p.id): (probs[i], models[i]) for i, p in enumerate(pages)}
                    pickle.dump(scores, fh)
        if args.cross_set is not None:
            args.cross_set.mkdir(parents=True, exist_ok=True)
            for train_on, test_on in (("wcxb", "fundus"), ("fundus", "wcxb")):
                tr = [p for p in pages if p.dataset == train_on]
                te = [p for p in pages if p.dataset == test_on]
                model = train(tr, [p.site for p in tr])
                _save(args.cross_set / f"blockmodel-{train_on}.npz", model)
                probs = [_predict(model, p) for p in te]
                _report(f"cross-set: trained on {train_on}", te, probs, [model] * len(te))
                print(f"  {_cut_text(model)} ({time.time() - start:.0f}s)")
        if args.no_final:
            return 0
        model = train(pages, groups)
        probs = [_predict(model, p) for p in pages]
        _report("in-sample (final model)", pages, probs, [model] * len(pages))
    _save(args.out, model)
    print(f"wrote {args.out} ({_cut_text(model)}, {time.time() - start:.0f}s)")
    return 0


def _cut_text(model: dict[str, Any]) -> str:
    return f"keep_low {float(model['keep_low']):.2f}, add_high {float(model['add_high']):.2f}"


def _save(path: Path, model: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **{k: np.asarray(v, dtype=np.float64) for k, v in model.items()})


if __name__ == "__main__":
    raise SystemExit(main())
