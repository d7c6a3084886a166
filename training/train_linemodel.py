"""Train the copied-text line model (clipper/extract/linemodel/) on the WCXB dev copies.

Labels come from aligning each copy with its truth (training/labels.py). The model is two small MLPs:
stage 1 scores a line from its own and its neighbours' features, stage 2 re-scores it from stage 1's
probabilities around it. Evaluation is site-disjoint: GroupKFold by domain, so no site is in both the
training and the test folds; stage 2 is trained on out-of-fold stage-1 scores inside each training
fold, as at the end. Writes clipper/extract/data/linemodel.npz and prints CV and in-sample figures.

    .venv/bin/python training/train_linemodel.py            # CV + final model
    .venv/bin/python training/train_linemodel.py --no-cv    # final model only
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import GroupKFold
from sklearn.neural_network import MLPClassifier
from sklearn.preprocessing import StandardScaler
from threadpoolctl import threadpool_limits

# A fixed epoch budget is the point (deterministic, fast); not converging fully is expected.
warnings.filterwarnings("ignore", category=ConvergenceWarning)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.scoring import score_body, summarize_body  # noqa: E402
from clipper.extract.linemodel.context import context_features, stage2_features  # noqa: E402
from clipper.extract.linemodel.features import FEATURE_NAMES, block_features  # noqa: E402
from clipper.extract.linemodel.selection import select_body  # noqa: E402
from training.labels import Page, load_all  # noqa: E402

OUT = ROOT / "clipper" / "extract" / "data" / "linemodel.npz"
SEED = 0
N_FOLDS = 5
HIDDEN = (32,)
EPOCHS = 30
DEFAULT_SELECTION = (0.35, 0.2, 0.8)  # used with --no-cv (what CV chose last)


@dataclass
class Data:
    pages: list[Page]
    x: list[np.ndarray]  # per page: stage-1 features
    y: list[np.ndarray]  # per page: body labels
    t: list[np.ndarray]  # per page: title labels
    w: list[np.ndarray]  # per page: sample weights
    groups: np.ndarray  # per page: domain
    aug: np.ndarray  # per page: True for a cropped copy made for training


def crop(page: Page, rng: np.random.Generator) -> Page | None:
    """The page as someone who selected just the article would copy it: the body and its header,
    with a few lines either side, so the model also learns clippings without the site's menus."""
    body = [i for i, y in enumerate(page.labels) if y]
    if not body:
        return None
    first = min(body[0], page.title_line if page.title_line is not None else body[0])
    lo = max(0, first - int(rng.integers(0, 7)))
    hi = min(len(page.lines), body[-1] + 1 + int(rng.integers(0, 7)))
    if lo == 0 and hi == len(page.lines):
        return None
    title = page.title_line - lo if page.title_line is not None else None
    return Page(
        page.id + "~crop",
        page.domain,
        page.lines[lo:hi],
        page.truth,
        page.body,
        page.labels[lo:hi],
        page.matched[lo:hi],
        title if title is not None and 0 <= title < hi - lo else None,
    )


def build(pages: list[Page], augment: bool = True) -> Data:
    rng = np.random.default_rng(SEED)
    entries = [(p, False) for p in pages]
    if augment:
        entries += [(c, True) for p in pages if (c := crop(p, rng)) is not None]
    xs, ys, ts, ws = [], [], [], []
    for p, _ in entries:
        x = context_features(block_features(p.lines))
        y = np.array(p.labels, dtype=np.int64)
        t = np.zeros(len(p.lines), dtype=np.int64)
        if p.title_line is not None:
            t[p.title_line] = 1
        # Each page weighs the same in total; within it a line weighs by its words, as in the
        # shingle score, with a floor so short boilerplate lines still count.
        tokens = np.array([max(len(s.split()), 1) for s in p.lines], dtype=np.float64)
        w = np.sqrt(tokens)
        w = w / w.sum() * len(p.lines) if len(p.lines) else w
        xs.append(x)
        ys.append(y)
        ts.append(t)
        ws.append(w)
    groups = np.array([p.domain for p, _ in entries])
    aug = np.array([a for _, a in entries], dtype=bool)
    return Data([p for p, _ in entries], xs, ys, ts, ws, groups, aug)


def _mlp(seed: int = SEED) -> MLPClassifier:
    return MLPClassifier(
        hidden_layer_sizes=HIDDEN,
        alpha=1e-3,
        batch_size=1024,
        learning_rate_init=3e-3,
        max_iter=EPOCHS,
        early_stopping=False,
        random_state=seed,
    )


@dataclass
class Net:
    scaler: StandardScaler
    mlp: MLPClassifier
    constant: np.ndarray  # per input column: True when it never varied in training

    def __call__(self, x: np.ndarray) -> np.ndarray:
        if len(x) == 0:
            return np.zeros(0)
        return self.mlp.predict_proba(self.scaler.transform(x))[:, 1]

    def arrays(self, prefix: str) -> dict[str, np.ndarray]:
        scale = np.where(self.scaler.scale_ > 0, self.scaler.scale_, 1.0)
        out = {f"{prefix}mean": self.scaler.mean_, f"{prefix}scale": scale}
        for k, (w, b) in enumerate(zip(self.mlp.coefs_, self.mlp.intercepts_, strict=True)):
            if k == 0:
                # A feature that never varied in training kept its random initial weights:
                # zero them, or an unseen value would add noise.
                w = np.where((self.constant[:, None]), 0.0, w)
            out[f"{prefix}W{k}"] = w
            out[f"{prefix}b{k}"] = b
        return {k: np.asarray(v, dtype=np.float32) for k, v in out.items()}


def fit_net(x: np.ndarray, y: np.ndarray, w: np.ndarray) -> Net:
    scaler = StandardScaler().fit(x)
    constant = scaler.scale_ == 0
    scaler.scale_ = np.where(constant, 1.0, scaler.scale_)
    mlp = _mlp()
    # MLPClassifier takes sample weights from scikit-learn 1.7 on.
    mlp.fit(scaler.transform(x), y, sample_weight=w)
    return Net(scaler, mlp, constant)


def _cat(parts: list[np.ndarray], idx: np.ndarray) -> np.ndarray:
    return np.concatenate([parts[i] for i in idx])


def stage2_inputs(data: Data, idx: np.ndarray, p1: list[np.ndarray]) -> list[np.ndarray]:
    return [np.hstack([data.x[i], stage2_features(p1[k])]) for k, i in enumerate(idx)]


@dataclass
class Model:
    s1: Net
    s2: Net
    title: Net

    def predict(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p1 = self.s1(x)
        x2 = np.hstack([x, stage2_features(p1)])
        return self.s2(x2), self.title(x2)


def fit_model(data: Data, idx: np.ndarray) -> Model:
    """Stage 1 on idx; stage 2 on stage-1 scores that are out-of-fold inside idx (by domain)."""
    x = _cat(data.x, idx)
    y = _cat(data.y, idx)
    w = _cat(data.w, idx)
    s1 = fit_net(x, y, w)
    oof: list[np.ndarray] = [np.zeros(0)] * len(idx)
    inner = GroupKFold(n_splits=2)
    for tr, te in inner.split(idx, groups=data.groups[idx]):
        net = fit_net(_cat(data.x, idx[tr]), _cat(data.y, idx[tr]), _cat(data.w, idx[tr]))
        for k in te:
            oof[k] = net(data.x[idx[k]])
    x2 = np.vstack(stage2_inputs(data, idx, oof))
    s2 = fit_net(x2, y, w)
    title = fit_net(x2, _cat(data.t, idx), np.ones(len(y)))
    return Model(s1, s2, title)


def page_text(lines: list[str], keep: list[int]) -> str:
    return "\n\n".join(lines[i] for i in keep)


Selection = tuple[float, float, float]  # threshold, low, high (see select_body)


def evaluate(
    data: Data, idx: np.ndarray, probs: dict[int, tuple[np.ndarray, np.ndarray]], sel: Selection
) -> dict[str, float]:
    scores = []
    titles = []
    for i in idx:
        page = data.pages[i]
        p_body, p_title = probs[int(i)]
        keep = select_body(page.lines, list(p_body), threshold=sel[0], low=sel[1], high=sel[2])
        scores.append(score_body(page.body, page_text(page.lines, keep)))
        if page.title_line is not None and len(p_title):
            titles.append(int(np.argmax(p_title)) == page.title_line)
    s = summarize_body(scores)
    y = np.concatenate([data.y[i] for i in idx])
    pred = np.concatenate([probs[int(i)][0] for i in idx]) >= sel[0]
    return {
        "f1": s.f1,
        "precision": s.precision,
        "recall": s.recall,
        "line_acc": float((pred == y).mean()),
        "title_line_acc": float(np.mean(titles)) if titles else 0.0,
        "pages": float(len(idx)),
    }


def _fmt(m: dict[str, float]) -> str:
    return (
        f"body F1 {m['f1']:.3f}  P {m['precision']:.3f}  R {m['recall']:.3f}  "
        f"line acc {m['line_acc']:.3f}  title line {m['title_line_acc']:.3f}  pages {int(m['pages'])}"
    )


def cross_validate(
    data: Data, save: Path | None = None
) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Out-of-fold scores; with `save`, each fold's model and the page ids it was tested on."""
    probs: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    all_idx = np.arange(len(data.pages))
    tested: dict[str, int] = {}
    for fold, (tr, te) in enumerate(
        GroupKFold(n_splits=N_FOLDS).split(all_idx, groups=data.groups)
    ):
        t0 = time.time()
        model = fit_model(data, tr)
        for i in te:
            probs[int(i)] = model.predict(data.x[i])
            if not data.aug[i]:
                tested[data.pages[i].id] = fold
        if save is not None:
            write_model(model, DEFAULT_SELECTION, save / f"fold{fold}.npz")
        print(f"fold {fold}: {len(tr)} train / {len(te)} test pages ({time.time() - t0:.0f}s)")
    if save is not None:
        (save / "folds.json").write_text(json.dumps(tested, sort_keys=True), "utf-8")
    return probs


def write_model(model: Model, sel: Selection, path: Path) -> None:
    arrays: dict[str, np.ndarray] = {}
    arrays.update(model.s1.arrays("s1_"))
    arrays.update(model.s2.arrays("s2_"))
    arrays.update(model.title.arrays("t_"))
    arrays["threshold"] = np.array(sel[0], dtype=np.float32)
    arrays["low"] = np.array(sel[1], dtype=np.float32)
    arrays["high"] = np.array(sel[2], dtype=np.float32)
    arrays["feature_names"] = np.array(FEATURE_NAMES)
    tmp = path.with_suffix(".tmp.npz")
    np.savez_compressed(tmp, **arrays)
    tmp.replace(path)


def tune_selection(data: Data, probs: dict[int, tuple[np.ndarray, np.ndarray]]) -> Selection:
    """The region threshold and the inside/outside cut-offs with the best cross-validated F1."""
    idx = np.flatnonzero(~data.aug)
    grid = [
        (t, lo, hi)
        for t in (0.3, 0.35, 0.4, 0.45, 0.5)
        for lo in (0.2, 0.3)
        for hi in (0.6, 0.8)
        if lo <= t < hi
    ]
    return max(grid, key=lambda sel: evaluate(data, idx, probs, sel)["f1"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--no-cv", action="store_true", help="skip cross-validation")
    ap.add_argument(
        "--save-folds",
        type=Path,
        default=None,
        help="write each CV fold's model here (for benchmarks/text_mode.py --cv-models)",
    )
    ap.add_argument(
        "--no-augment",
        action="store_true",
        help="train on whole copies only, without the cropped copies (article area only)",
    )
    args = ap.parse_args()

    t0 = time.time()
    pages = load_all()
    data = build(pages, augment=not args.no_augment)
    print(
        f"{len(pages)} pages, {sum(len(p.lines) for p in pages)} lines, "
        f"{len(set(data.groups))} domains, {int(data.aug.sum())} cropped copies, "
        f"features {data.x[0].shape[1]} ({time.time() - t0:.0f}s)"
    )
    all_idx = np.arange(len(data.pages))
    orig_idx = np.flatnonzero(~data.aug)
    aug_idx = np.flatnonzero(data.aug)
    sel: Selection = DEFAULT_SELECTION
    if not args.no_cv:
        if args.save_folds is not None:
            args.save_folds.mkdir(parents=True, exist_ok=True)
        probs = cross_validate(data, args.save_folds)
        sel = tune_selection(data, probs)
        print(
            f"site-disjoint {N_FOLDS}-fold CV (selection {sel}): "
            f"{_fmt(evaluate(data, orig_idx, probs, sel))}"
        )
        if len(aug_idx):
            print(f"  cropped copies, CV: {_fmt(evaluate(data, aug_idx, probs, sel))}")
    model = fit_model(data, all_idx)
    probs_in = {int(i): model.predict(data.x[i]) for i in all_idx}
    print(f"in-sample (selection {sel}): {_fmt(evaluate(data, orig_idx, probs_in, sel))}")

    write_model(model, sel, OUT)
    print(f"wrote {OUT.relative_to(ROOT)} ({OUT.stat().st_size / 1024:.0f} KiB)")


if __name__ == "__main__":
    # One BLAS thread: small MLPs train several times faster without thread contention, and the
    # results do not depend on the machine's core count.
    with threadpool_limits(limits=1):
        main()
